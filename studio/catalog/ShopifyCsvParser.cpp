// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog/ShopifyCsvParser.h"

#include "catalog/CsvReader.h"

namespace pinstage {

ShopifyCsvParser::ShopifyCsvParser(ImportReport& report, const ImportOptions& options, bool newHeaders)
    : ProductCsvParser(report, options)
    , m_newHeaders(newHeaders)
{
    m_decodeHtml = true;
}

namespace {
    bool hasColumn(const QStringList& header, const char* name)
    {
        return header.contains(QLatin1String(name), Qt::CaseInsensitive);
    }
} // namespace

bool ShopifyCsvParser::looksClassic(const QStringList& header)
{
    return hasColumn(header, "Handle")
        && (hasColumn(header, "Variant Price") || hasColumn(header, "Variant SKU") || hasColumn(header, "Option1 Value")
            || hasColumn(header, "Image Src") || hasColumn(header, "Body (HTML)"));
}

bool ShopifyCsvParser::looksNew(const QStringList& header)
{
    return hasColumn(header, "URL handle");
}

bool ShopifyCsvParser::readHeader(const QStringList& header)
{
    m_header = header;
    auto& c = m_columns;
    if (m_newHeaders) {
        c[Handle] = findColumn({ "URL handle" });
        c[Body] = findColumn({ "Description", "Body (HTML)" });
        c[Sku] = findColumn({ "SKU" });
        c[Price] = findColumn({ "Price" });
        c[CompareAt] = findColumn({ "Compare-at price", "Compare at price" });
        c[Quantity] = findColumn({ "Inventory quantity" });
        c[Barcode] = findColumn({ "Barcode" });
        c[ImageSrc] = findColumn({ "Product image URL" });
        c[ImageAlt] = findColumn({ "Image alt text" });
        c[VariantImage] = findColumn({ "Variant image URL" });
        c[Currency] = findColumn({ "Currency" });
        c[Policy] = findColumn({ "Continue selling when out of stock", "Inventory policy" });
    } else {
        c[Handle] = findColumn({ "Handle" });
        c[Body] = findColumn({ "Body (HTML)", "Body HTML" });
        c[Sku] = findColumn({ "Variant SKU" });
        c[Price] = findColumn({ "Variant Price" });
        c[CompareAt] = findColumn({ "Variant Compare At Price" });
        c[Quantity] = findColumn({ "Variant Inventory Qty" });
        c[Barcode] = findColumn({ "Variant Barcode" });
        c[ImageSrc] = findColumn({ "Image Src" });
        c[ImageAlt] = findColumn({ "Image Alt Text" });
        c[VariantImage] = findColumn({ "Variant Image" });
        c[Currency] = findColumn({ "Variant Currency" }); // Pinstage's own export adds it
        c[Policy] = findColumn({ "Variant Inventory Policy" });
    }
    // Pinstage's own export writes a variant's sale schedule (from WooCommerce) back.
    c[SaleStarts] = findColumn({ "Variant Sale Starts", "Date sale price starts" });
    c[SaleEnds] = findColumn({ "Variant Sale Ends", "Date sale price ends" });
    c[Title] = findColumn({ "Title" });
    c[Vendor] = findColumn({ "Vendor" });
    c[Type] = findColumn({ "Type" });
    c[Tags] = findColumn({ "Tags" });
    c[Status] = findColumn({ "Status" });
    c[Option1Name] = findColumn({ "Option1 Name" });
    c[Option1Value] = findColumn({ "Option1 Value" });
    c[Option2Name] = findColumn({ "Option2 Name" });
    c[Option2Value] = findColumn({ "Option2 Value" });
    c[Option3Name] = findColumn({ "Option3 Name" });
    c[Option3Value] = findColumn({ "Option3 Value" });
    return requireColumns({ { c[Handle], m_newHeaders ? "URL handle" : "Handle" }, { c[Title], "Title" },
        { c[Price], m_newHeaders ? "Price" : "Variant Price" } });
}

QString ShopifyCsvParser::skuColumnName() const
{
    return m_newHeaders ? QStringLiteral("SKU") : QStringLiteral("Variant SKU");
}

void ShopifyCsvParser::addImage(ImportedProduct& product, const QString& source, const QString& alt)
{
    if (source.isEmpty())
        return;
    for (ImportedProduct::Image& image : product.images) {
        if (image.source == source) {
            if (image.alt.isEmpty())
                image.alt = alt;
            return;
        }
    }
    product.images.append({ source, alt });
}

void ShopifyCsvParser::readRecord(const CsvReader& row)
{
    const auto& c = m_columns;
    const int line = row.line();
    QString handle = cell(row, c[Handle]);
    const QString title = textCell(row, c[Title]);
    if (handle.isEmpty()) {
        if (!title.isEmpty())
            handle = slugify(title); // the newer format lets Shopify derive the handle
        else if (!m_currentHandle.isEmpty())
            handle = m_currentHandle;
        else {
            m_report.reject(line, headerName(c[Handle]), QStringLiteral("the row has neither a handle nor a title"));
            return;
        }
    }
    m_currentHandle = handle;
    if (const auto rejected = m_rejectedHandles.constFind(handle); rejected != m_rejectedHandles.constEnd()) {
        m_report.reject(line, QString(),
            QStringLiteral("belongs to product '%1', whose first row (line %2) was rejected")
                .arg(handle)
                .arg(*rejected));
        return;
    }

    auto found = m_productIndex.constFind(handle);
    if (found == m_productIndex.constEnd()) {
        if (title.isEmpty()) {
            m_report.reject(
                line, headerName(c[Title]), QStringLiteral("the first row of product '%1' has no title").arg(handle));
            m_rejectedHandles.insert(handle, line);
            return;
        }
        ImportedProduct product;
        product.line = line;
        product.handle = handle;
        product.title = title.simplified();
        product.description = htmlToText(row.field(c[Body]));
        product.vendor = textCell(row, c[Vendor]);
        product.productType = textCell(row, c[Type]);
        product.tags = normalizeTags(textCell(row, c[Tags]));
        product.status = readStatus(row, c[Status]);
        product.optionNames
            = { textCell(row, c[Option1Name]), textCell(row, c[Option2Name]), textCell(row, c[Option3Name]) };
        found = m_productIndex.insert(handle, int(m_products.size()));
        m_products.append(std::move(product));
    }
    ImportedProduct& product = m_products[*found];

    const std::array<QString, 3> options
        = { textCell(row, c[Option1Value]), textCell(row, c[Option2Value]), textCell(row, c[Option3Value]) };
    const QString sku = textCell(row, c[Sku]);
    const QString priceText = cell(row, c[Price]);
    const bool variantRow = !options[0].isEmpty() || !sku.isEmpty() || !priceText.isEmpty() || product.line == line;

    if (variantRow) {
        ImportedProduct::Variant variant;
        variant.line = line;
        variant.currency = cell(row, c[Currency]).toUpper();
        if (variant.currency.isEmpty())
            variant.currency = m_options.currency;
        bool ok = true;
        if (const auto price = readPrice(row, c[Price], variant.currency, true, &ok))
            variant.priceCents = *price;
        if (ok)
            variant.compareAtCents = readPrice(row, c[CompareAt], variant.currency, false, &ok);
        if (ok)
            variant.stock = readStock(row, c[Quantity], &ok);
        if (ok)
            variant.inventoryPolicy = readInventoryPolicy(row, c[Policy], &ok);
        if (ok)
            variant.sale = readSaleSchedule(row, c[SaleStarts], c[SaleEnds], &ok);
        if (!ok || !claimSku(sku, line, c[Sku]))
            return; // the whole row goes, its image included: the report lists it
        variant.sku = sku;
        variant.options = options;
        variant.barcode = readBarcode(row, c[Barcode]);
        variant.imageSource = resolveImage(cell(row, c[VariantImage]));
        product.variants.append(std::move(variant));
    }
    addImage(product, resolveImage(cell(row, c[ImageSrc])), cell(row, c[ImageAlt]));
}

QList<ImportedProduct> ShopifyCsvParser::finish()
{
    QList<ImportedProduct> products;
    products.reserve(m_products.size());
    for (ImportedProduct& product : m_products) {
        // Variant images not listed as product images go last, after the Image Src ones, so the
        // image order does not depend on which row first named them (an export round trips).
        for (const ImportedProduct::Variant& variant : std::as_const(product.variants))
            addImage(product, variant.imageSource, QString());
        if (!product.variants.isEmpty())
            products.append(std::move(product));
    }
    m_products.clear();
    return products;
}

} // namespace pinstage
