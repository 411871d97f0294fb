// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "catalog/ImportOptions.h"
#include "catalog/ImportReport.h"
#include "catalog/ImportedProduct.h"

#include <QHash>
#include <QStringList>

#include <optional>

namespace pinstage {

class CsvReader;

/// Base of the per-format readers: turns CSV records into ImportedProduct values and reports
/// every unusable row (line, column, reason) to the ImportReport. Parsers never touch the
/// database; CatalogWriter does.
///
/// Call order: readHeader() once, readRecord() for every data record, finish() once.
class ProductCsvParser {
public:
    ProductCsvParser(ImportReport& report, const ImportOptions& options);
    virtual ~ProductCsvParser();
    ProductCsvParser(const ProductCsvParser&) = delete;
    ProductCsvParser& operator=(const ProductCsvParser&) = delete;

    /// False when the header lacks a required column; the report is then refused.
    virtual bool readHeader(const QStringList& header) = 0;
    virtual void readRecord(const CsvReader& row) = 0;
    /// The complete products; products left without any usable variant are dropped.
    virtual QList<ImportedProduct> finish() = 0;
    /// The header name of the SKU column, for rejections found while writing.
    virtual QString skuColumnName() const = 0;

    /// Shopify bodies are HTML; the catalog keeps plain text. Block ends and <br> become line
    /// breaks, tags go, entities are decoded, spaces collapse. The result is normalized
    /// (see normalizeText), so textToHtml() followed by htmlToText() gives it back unchanged.
    static QString htmlToText(const QString& html);
    static QString textToHtml(const QString& text);
    /// Collapses runs of spaces inside lines, trims lines, keeps at most one empty line.
    static QString normalizeText(const QString& text);
    /// "Blue Ceramic Mug!" -> "blue-ceramic-mug".
    static QString slugify(const QString& text);
    /// "b,  a ,b" -> "b, a": trimmed, duplicates dropped, order kept.
    static QString normalizeTags(const QString& tags);

protected:
    /// Index of the first header that equals one of names (case-insensitive); -1 if none.
    int findColumn(std::initializer_list<const char*> names) const;
    QString headerName(int column) const;
    /// Trimmed cell; empty for a missing column.
    static QString cell(const CsvReader& row, int column);
    /// A plain-text field (title, option name or value, vendor, tags, SKU): the trimmed cell, with
    /// HTML character references decoded when the format writes them (m_decodeHtml).
    QString textCell(const CsvReader& row, int column) const;
    /// Refuses the file naming the missing columns, or returns true when none is missing.
    bool requireColumns(const QList<QPair<int, const char*>>& columns);

    /// A price cell. Empty -> nullopt when !required; a bad or missing required value rejects the
    /// row and sets *ok to false.
    std::optional<qint64> readPrice(const CsvReader& row, int column, const QString& currency, bool required, bool* ok);
    /// A stock cell: empty -> not tracked; "12", "12.0" -> 12; anything else rejects the row.
    std::optional<int> readStock(const CsvReader& row, int column, bool* ok);
    /// A barcode cell. A spreadsheet's 3.65275E+11 is expanded to digits with a warning, since
    /// the lost digits cannot be recovered.
    QString readBarcode(const CsvReader& row, int column);
    /// http(s) URLs as they are, file:// and local paths resolved to an absolute path.
    QString resolveImage(const QString& source) const;
    /// Rejects the row when sku was already used earlier in the file.
    bool claimSku(const QString& sku, int line, int column);
    /// "active", "draft", "archived"; empty means active; anything else warns and means active.
    QString readStatus(const CsvReader& row, int column);
    /// A sale start or end date (SaleSchedule::normalize): empty -> open; a bad value rejects the
    /// row and sets *ok to false.
    QString readSaleDate(const CsvReader& row, int column, bool* ok);
    /// Both bounds of a sale; a sale that ends before it starts is kept with a warning (its sale
    /// price is then never used).
    SaleSchedule readSaleSchedule(const CsvReader& row, int startColumn, int endColumn, bool* ok);
    /// Shopify's "Variant Inventory Policy" / "Continue selling when out of stock" or WooCommerce's
    /// "Backorders allowed?" (see inventoryPolicyFromText); anything else rejects the row.
    InventoryPolicy readInventoryPolicy(const CsvReader& row, int column, bool* ok);

    ImportReport& m_report;
    const ImportOptions& m_options;
    QStringList m_header;
    QString m_baseDir;
    QHash<QString, int> m_skuLines;
    /// The exporter writes HTML character references into plain-text fields (WooCommerce: WordPress
    /// stores "&" as "&amp;"; Shopify: themes print titles as HTML, so "&amp;" shows as "&").
    bool m_decodeHtml = false;
};

} // namespace pinstage
