// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "catalog/ProductCsvParser.h"

namespace pinstage {

/// WooCommerce's built-in product CSV.
///
/// simple and external rows are one product with one variant; a variable row is a product whose
/// variants are the variation rows naming it in Parent (by SKU or "id:N"; they may come before or
/// after it). grouped rows have no price of their own and are skipped with a warning: the members
/// are products in their own rows. Sale price, when set, is the price and Regular price becomes
/// the compare-at price; "Date sale price starts" / "Date sale price ends" say when the sale price
/// applies (SaleSchedule). "Backorders allowed?" (1, notify, 0) is the inventory policy. The handle
/// is the product's SKU (lowercase slug), else "woo-ID".
///
/// WordPress stores "&" as "&amp;" and quotes and dashes as numeric references: they are decoded in
/// names, SKUs, Parent, attribute names and values, tags, categories and brands (the vendor).
class WooCommerceCsvParser : public ProductCsvParser {
public:
    WooCommerceCsvParser(ImportReport& report, const ImportOptions& options);

    static bool looksLikeWooCommerce(const QStringList& header);

    bool readHeader(const QStringList& header) override;
    void readRecord(const CsvReader& row) override;
    QList<ImportedProduct> finish() override;
    QString skuColumnName() const override { return QStringLiteral("SKU"); }

private:
    struct Pending {
        ImportedProduct::Variant variant;
        QString parentKey;
        QList<QPair<QString, QString>> attributes; // name, value
        QStringList images;
    };
    QStringList splitImages(const QString& text) const;

    int m_id = -1, m_type = -1, m_sku = -1, m_name = -1, m_published = -1, m_shortDescription = -1, m_description = -1,
        m_regular = -1, m_sale = -1, m_stock = -1, m_inStock = -1, m_categories = -1, m_tags = -1, m_images = -1,
        m_parent = -1, m_gtin = -1, m_saleStarts = -1, m_saleEnds = -1, m_backorders = -1, m_brands = -1;
    QList<QPair<int, int>> m_attributes; // name column, value column
    QList<ImportedProduct> m_products;
    QHash<QString, int> m_parentKeys; // "sku" and "id:N" -> index in m_products (variable only)
    QHash<QString, QString> m_nonVariable; // key -> type, for clearer messages
    QHash<QString, int> m_handles; // handle -> line
    QList<Pending> m_variations;
};

} // namespace pinstage
