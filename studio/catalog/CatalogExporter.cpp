// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog/CatalogExporter.h"

#include "catalog/Catalog.h"
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
    const bool quote = utf8.contains(',') || utf8.contains('"') || utf8.contains('\n') || utf8.contains('\r') || utf8.contains(';')
        || (!utf8.isEmpty() && (utf8.front() == ' ' || utf8.back() == ' '));
    if (!quote)
        return utf8;
    utf8.replace("\"", "\"\"");
    return '"' + utf8 + '"';
}

CatalogExporter::Result CatalogExporter::exportCsv(const QString& path) const
{
    Result result;
    const QString name = QDir::toNativeSeparators(path);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        result.error = QStringLiteral("cannot write %1: %2").arg(name, file.errorString());
        return result;
    }
    static const char* const columns[] = {
        "Handle", "Title", "Body (HTML)", "Vendor", "Type", "Tags", "Status", "Option1 Name", "Option1 Value", "Option2 Name",
        "Option2 Value", "Option3 Name", "Option3 Value", "Variant SKU", "Variant Price", "Variant Compare At Price",
        "Variant Inventory Qty", "Variant Barcode", "Variant Currency", "Image Src", "Image Position", "Image Alt Text", "Variant Image",
    };
    constexpr int columnCount = int(std::size(columns));
    QByteArray out;
    for (int i = 0; i < columnCount; ++i)
        out += (i ? "," : "") + QByteArray(columns[i]);
    out += "\r\n";

    sqlite3* db = m_catalog.handle();
    SqliteStatement products(db, "SELECT id, handle, title, description, vendor, product_type, tags, status, option1_name, option2_name,"
                                 " option3_name FROM products ORDER BY id");
    SqliteStatement variants(db, "SELECT COALESCE(sku, ''), option1, option2, option3, price_cents, compare_at_cents, stock, barcode,"
                                 " currency, image_source FROM variants WHERE product_id = ? ORDER BY position, id");
    SqliteStatement images(db, "SELECT source, alt_text FROM images WHERE product_id = ? ORDER BY position, id");
    while (products.step()) {
        const qint64 productId = products.int64(0);
        QList<QStringList> variantRows;
        variants.reset();
        variants.bind(1, productId);
        while (variants.step()) {
            const QString currency = variants.text(8);
            variantRows.append({variants.text(1), variants.text(2), variants.text(3), variants.text(0),
                                moneyToCsv(variants.int64(4), currency),
                                variants.isNull(5) ? QString() : moneyToCsv(variants.int64(5), currency),
                                variants.isNull(6) ? QString() : QString::number(variants.int64(6)), variants.text(7), currency,
                                variants.text(9)});
        }
        QList<QStringList> imageRows;
        images.reset();
        images.bind(1, productId);
        while (images.step())
            imageRows.append({images.text(0), images.text(1)});
        if (variantRows.isEmpty())
            continue; // nothing sellable; the importer would drop it too
        ++result.products;
        result.variants += int(variantRows.size());

        const int rows = int(std::max(variantRows.size(), imageRows.size()));
        for (int r = 0; r < rows; ++r) {
            QStringList f(columnCount);
            f[0] = products.text(1);
            if (r == 0) {
                f[1] = products.text(2);
                f[2] = ProductCsvParser::textToHtml(products.text(3));
                f[3] = products.text(4);
                f[4] = products.text(5);
                f[5] = products.text(6);
                f[6] = products.text(7);
                f[7] = products.text(8);
                f[9] = products.text(9);
                f[11] = products.text(10);
            }
            if (r < variantRows.size()) {
                const QStringList& v = variantRows.at(r);
                f[8] = v[0];
                f[10] = v[1];
                f[12] = v[2];
                f[13] = v[3];
                f[14] = v[4];
                f[15] = v[5];
                f[16] = v[6];
                f[17] = v[7];
                f[18] = v[8];
                f[22] = v[9];
            }
            if (r < imageRows.size()) {
                f[19] = imageRows.at(r).at(0);
                f[20] = QString::number(r + 1);
                f[21] = imageRows.at(r).at(1);
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
