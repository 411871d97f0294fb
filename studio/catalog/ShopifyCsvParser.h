// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "catalog/ProductCsvParser.h"

#include <array>

namespace pinstage {

/// Shopify product CSV, both header sets in circulation (the long-standing "Handle, Variant SKU,
/// Variant Price, Image Src" and the newer "URL handle, SKU, Price, Product image URL").
///
/// A product spans several rows sharing a handle: the first carries the product fields and the
/// first variant; later rows carry more variants (any option value, SKU or price) and/or more
/// images. When a product's first row is unusable, its later rows are rejected with a reason
/// that points at it.
///
/// HTML character references in titles, option names and values, vendor, tags and SKUs are
/// decoded: Shopify themes print those fields as HTML, so a title imported from WordPress as
/// "Salt &amp; Pepper" reads "Salt & Pepper" to buyers, and so it must on the card.
class ShopifyCsvParser : public ProductCsvParser {
public:
    ShopifyCsvParser(ImportReport& report, const ImportOptions& options, bool newHeaders);

    /// True for the long-standing header set, by its telltale columns.
    static bool looksClassic(const QStringList& header);
    static bool looksNew(const QStringList& header);

    bool readHeader(const QStringList& header) override;
    void readRecord(const CsvReader& row) override;
    QList<ImportedProduct> finish() override;
    QString skuColumnName() const override;

private:
    enum Column {
        Handle,
        Title,
        Body,
        Vendor,
        Type,
        Tags,
        Status,
        Option1Name,
        Option1Value,
        Option2Name,
        Option2Value,
        Option3Name,
        Option3Value,
        Sku,
        Price,
        CompareAt,
        Quantity,
        Barcode,
        ImageSrc,
        ImageAlt,
        VariantImage,
        Currency,
        Policy,
        SaleStarts,
        SaleEnds,
        ColumnCount
    };
    void addImage(ImportedProduct& product, const QString& source, const QString& alt);

    bool m_newHeaders;
    std::array<int, ColumnCount> m_columns {};
    QList<ImportedProduct> m_products;
    QHash<QString, int> m_productIndex; // handle -> index in m_products
    QHash<QString, int> m_rejectedHandles; // handle -> line of its rejected first row
    QString m_currentHandle;
};

} // namespace pinstage
