// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

namespace pinstage {

class Catalog;

/// Writes the catalog as a Shopify product CSV (long-standing columns, plus "Variant Currency")
/// that CatalogImporter reads back to the same catalog: re-importing it changes nothing.
///
/// Local images are written as absolute paths, URLs as they are. The file is written atomically
/// (QSaveFile): a failed export never leaves half a file in place of an older one.
class CatalogExporter {
public:
    explicit CatalogExporter(const Catalog& catalog);

    struct Result {
        bool ok = false;
        QString error; ///< names the file and the reason
        int products = 0;
        int variants = 0;
    };
    Result exportCsv(const QString& path) const;

    /// RFC 4180 quoting when needed (delimiter, quote, line break, edge spaces).
    static QByteArray csvField(const QString& value);

private:
    const Catalog& m_catalog;
};

} // namespace pinstage
