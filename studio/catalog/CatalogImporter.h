// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "catalog/ImportOptions.h"
#include "catalog/ImportReport.h"

#include <QByteArray>
#include <QStringList>

namespace pinstage {

class Catalog;

/// Imports a product CSV into a catalog: detects the format from the header row, reads every
/// row, rejects what cannot be used (line, column, reason) and writes the good products in one
/// transaction. Cancelling, a --strict error or a failure leaves the catalog exactly as it was.
///
/// Thread contract: runs on the thread that owns the Catalog and blocks it (about a second per
/// 100,000 variants). The UI runs it on a worker thread with that thread's own Catalog.
class CatalogImporter {
public:
    explicit CatalogImporter(Catalog& catalog);

    ImportReport importFile(const QString& path, const ImportOptions& options);
    /// data is the file's bytes; fileName is only used in messages.
    ImportReport importData(QByteArray data, const QString& fileName, const ImportOptions& options);
    /// The import dialog's preview: the detected format and the full report, nothing written.
    ImportReport preview(const QString& path, ImportOptions options);

    /// The format a header row belongs to, or Auto when it is none of them.
    static CatalogFormat detectFormat(const QStringList& header);
    /// What a product CSV must look like, for the refusal of a file that is none.
    static QString expectedFormatsText();

private:
    Catalog& m_catalog;
};

} // namespace pinstage
