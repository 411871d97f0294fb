// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "catalog/ProductCsvParser.h"

namespace pinstage {

/// Any spreadsheet, read through a column mapping (ImportOptions::columnMap, `--map COLUMN=FIELD`).
///
/// Each row is one variant. Rows with the same handle (mapped, or derived from the title) are
/// variants of one product whose fields come from its first row. sale_price, when set, is the
/// price and price becomes the compare-at price. Required fields: title and price.
class GenericCsvParser : public ProductCsvParser {
public:
    GenericCsvParser(ImportReport& report, const ImportOptions& options);

    /// The field names a mapping may use.
    static QStringList fieldNames();
    /// A header whose own column names are field names ("title", "price", ...) maps itself.
    static QHash<QString, QString> identityMapping(const QStringList& header);

    bool readHeader(const QStringList& header) override;
    void readRecord(const CsvReader& row) override;
    QList<ImportedProduct> finish() override;
    QString skuColumnName() const override;

private:
    int column(const char* field) const { return m_fields.value(QLatin1String(field), -1); }

    QHash<QString, int> m_fields; // field -> column index
    QList<ImportedProduct> m_products;
    QHash<QString, int> m_productIndex;
};

} // namespace pinstage
