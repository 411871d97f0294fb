// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog/CatalogExporter.h"

#include "catalog/Catalog.h"
#include "catalog/HtmlEntities.h"
#include "catalog/Money.h"
#include "catalog/ProductCsvParser.h"
#include "catalog/SqliteStatement.h"

#include <QDir>
#include <QSaveFile>

namespace pinstage {

CatalogExporter::CatalogExporter(const Catalog& catalog)
    : m_catalog(catalog)
{
}

QByteArray CatalogExporter::csvField(const QString& value)
{
    QByteArray utf8 = value.toUtf8();
    const bool quote = utf8.contains(',') || utf8.contains('"') || utf8.contains('\n') || utf8.contains('\r')
        || utf8.contains(';') || (!utf8.isEmpty() && (utf8.front() == ' ' || utf8.back() == ' '));
    if (!quote)
        return utf8;
    utf8.replace("\"", "\"\"");
    return '"' + utf8 + '"';
}

namespace {

    /// A plain-text field as the Shopify importer reads it back: it decodes HTML character
    /// references, so text that holds one literally ("&amp;" itself) has its '&' written as "&amp;".
    QString textField(const QString& text)
    {
        if (!text.contains(QLatin1Char('&')) || decodeHtmlEntities(text) == text)
            return text;
        return QString(text).replace(QLatin1Char('&'), QLatin1String("&amp;"));
    }

} // namespace

CatalogExporter::Result CatalogExporter::exportCsv(const QString& path) const
{
    Result result;
    const QString name = QDir::toNativeSeparators(path);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        result.error = QStringLiteral("cannot write %1: %2").arg(name, file.errorString());
        return result;
    }
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
        Policy,
        Barcode,
        Currency,
        SaleStarts,
        SaleEnds,
        ImageSrc,
        ImagePosition,
        ImageAlt,
        VariantImage
    };
    // Shopify's long-standing columns, plus Pinstage's own: Variant Currency and the sale schedule
    // (from WooCommerce), which Shopify ignores and Pinstage reads back.
    static const char* const columns[] = {
        "Handle",
        "Title",
        "Body (HTML)",
        "Vendor",
        "Type",
        "Tags",
        "Status",
        "Option1 Name",
        "Option1 Value",
        "Option2 Name",
        "Option2 Value",
        "Option3 Name",
        "Option3 Value",
        "Variant SKU",
        "Variant Price",
        "Variant Compare At Price",
        "Variant Inventory Qty",
        "Variant Inventory Policy",
        "Variant Barcode",
        "Variant Currency",
        "Variant Sale Starts",
        "Variant Sale Ends",
        "Image Src",
        "Image Position",
        "Image Alt Text",
        "Variant Image",
    };
    constexpr int columnCount = int(std::size(columns));
    QByteArray out;
    for (int i = 0; i < columnCount; ++i)
        out += (i ? "," : "") + QByteArray(columns[i]);
    out += "\r\n";

    sqlite3* db = m_catalog.handle();
    SqliteStatement products(db,
        "SELECT id, handle, title, description, vendor, product_type, tags, status, option1_name, option2_name,"
        " option3_name FROM products ORDER BY id");
    SqliteStatement variants(db,
        "SELECT COALESCE(sku, ''), option1, option2, option3, price_cents, compare_at_cents, stock, barcode,"
        " currency, image_source, inventory_policy, sale_starts, sale_ends FROM variants WHERE product_id = ?"
        " ORDER BY position, id");
    SqliteStatement images(db, "SELECT source, alt_text FROM images WHERE product_id = ? ORDER BY position, id");
    while (products.step()) {
        const qint64 productId = products.int64(0);
        QList<QStringList> variantRows;
        variants.reset();
        variants.bind(1, productId);
        while (variants.step()) {
            const QString currency = variants.text(8);
            QStringList v(columnCount);
            v[Option1Value] = textField(variants.text(1));
            v[Option2Value] = textField(variants.text(2));
            v[Option3Value] = textField(variants.text(3));
            v[Sku] = textField(variants.text(0));
            v[Price] = moneyToCsv(variants.int64(4), currency);
            v[CompareAt] = variants.isNull(5) ? QString() : moneyToCsv(variants.int64(5), currency);
            v[Quantity] = variants.isNull(6) ? QString() : QString::number(variants.int64(6));
            v[Policy] = variants.text(10);
            v[Barcode] = variants.text(7);
            v[Currency] = currency;
            v[SaleStarts] = variants.text(11);
            v[SaleEnds] = variants.text(12);
            v[VariantImage] = variants.text(9);
            variantRows.append(v);
        }
        QList<QStringList> imageRows;
        images.reset();
        images.bind(1, productId);
        while (images.step())
            imageRows.append({ images.text(0), images.text(1) });
        if (variantRows.isEmpty())
            continue; // nothing sellable; the importer would drop it too
        ++result.products;
        result.variants += int(variantRows.size());

        const int rows = int(std::max(variantRows.size(), imageRows.size()));
        for (int r = 0; r < rows; ++r) {
            QStringList f = r < variantRows.size() ? variantRows.at(r) : QStringList(columnCount);
            f[Handle] = products.text(1);
            if (r == 0) {
                f[Title] = textField(products.text(2));
                f[Body] = ProductCsvParser::textToHtml(products.text(3));
                f[Vendor] = textField(products.text(4));
                f[Type] = textField(products.text(5));
                f[Tags] = textField(products.text(6));
                f[Status] = products.text(7);
                f[Option1Name] = textField(products.text(8));
                f[Option2Name] = textField(products.text(9));
                f[Option3Name] = textField(products.text(10));
            }
            if (r < imageRows.size()) {
                f[ImageSrc] = imageRows.at(r).at(0);
                f[ImagePosition] = QString::number(r + 1);
                f[ImageAlt] = imageRows.at(r).at(1);
            }
            for (int i = 0; i < columnCount; ++i) {
                if (i)
                    out += ',';
                out += csvField(f.at(i));
            }
            out += "\r\n";
        }
        if (out.size() > (1 << 20)) {
            file.write(out);
            out.clear();
        }
    }
    if (products.failed()) {
        file.cancelWriting();
        result.error = QStringLiteral("cannot read the catalog: %1").arg(products.error());
        return result;
    }
    file.write(out);
    if (!file.commit()) {
        result.error = QStringLiteral("cannot write %1: %2").arg(name, file.errorString());
        return result;
    }
    result.ok = true;
    return result;
}

} // namespace pinstage
