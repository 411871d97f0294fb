// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog/GenericCsvParser.h"

#include "catalog/CsvReader.h"

namespace pinstage {

GenericCsvParser::GenericCsvParser(ImportReport& report, const ImportOptions& options)
    : ProductCsvParser(report, options)
{
}

QStringList GenericCsvParser::fieldNames()
{
    return { "handle", "title", "description", "vendor", "type", "tags", "status", "sku", "barcode", "price",
        "sale_price", "compare_at_price", "currency", "stock", "image", "option1", "option2", "option3", "sale_starts",
        "sale_ends", "inventory_policy" };
}

QHash<QString, QString> GenericCsvParser::identityMapping(const QStringList& header)
{
    QHash<QString, QString> map;
    const QStringList fields = fieldNames();
    for (const QString& name : header) {
        const QString key = name.trimmed().toLower().replace(QLatin1Char(' '), QLatin1Char('_'));
        if (fields.contains(key))
            map.insert(name, key);
    }
    if (!map.values().contains(QStringLiteral("title")) || !map.values().contains(QStringLiteral("price")))
        return {};
    return map;
}

bool GenericCsvParser::readHeader(const QStringList& header)
{
    m_header = header;
    const QStringList fields = fieldNames();
    for (auto it = m_options.columnMap.cbegin(); it != m_options.columnMap.cend(); ++it) {
        const QString field = it.value().trimmed().toLower();
        if (!fields.contains(field)) {
            m_report.refuse(QStringLiteral("unknown field '%1' in the column mapping (fields: %2)")
                                .arg(it.value(), fields.join(QStringLiteral(", "))));
            return false;
        }
        int index = -1;
        for (int i = 0; i < header.size() && index < 0; ++i) {
            if (header.at(i).compare(it.key().trimmed(), Qt::CaseInsensitive) == 0)
                index = i;
        }
        if (index < 0) {
            m_report.refuse(
                QStringLiteral("the column '%1' named in the mapping is not in the header row (columns: %2)")
                    .arg(it.key(), header.join(QStringLiteral(", "))));
            return false;
        }
        m_fields.insert(field, index);
    }
    QStringList missing;
    for (const char* field : { "title", "price" }) {
        if (column(field) < 0)
            missing.append(QLatin1String(field));
    }
    if (!missing.isEmpty()) {
        m_report.refuse(
            QStringLiteral("the column mapping must name a column for %1 (e.g. --map \"Product name=title\")")
                .arg(missing.join(QStringLiteral(" and "))));
        return false;
    }
    return true;
}

QString GenericCsvParser::skuColumnName() const
{
    return headerName(column("sku"));
}

void GenericCsvParser::readRecord(const CsvReader& row)
{
    const int line = row.line();
    const QString title = cell(row, column("title")).simplified();
    if (title.isEmpty()) {
        m_report.reject(line, headerName(column("title")), QStringLiteral("the title is empty"));
        return;
    }
    QString handle = cell(row, column("handle"));
    if (handle.isEmpty())
        handle = slugify(title);

    ImportedProduct::Variant variant;
    variant.line = line;
    variant.currency = cell(row, column("currency")).toUpper();
    if (variant.currency.isEmpty())
        variant.currency = m_options.currency;
    bool ok = true;
    const auto price = readPrice(row, column("price"), variant.currency, true, &ok);
    const auto sale = ok ? readPrice(row, column("sale_price"), variant.currency, false, &ok) : std::nullopt;
    const auto compareAt = ok ? readPrice(row, column("compare_at_price"), variant.currency, false, &ok) : std::nullopt;
    if (ok)
        variant.stock = readStock(row, column("stock"), &ok);
    if (ok)
        variant.inventoryPolicy = readInventoryPolicy(row, column("inventory_policy"), &ok);
    if (ok)
        variant.sale = readSaleSchedule(row, column("sale_starts"), column("sale_ends"), &ok);
    const QString sku = cell(row, column("sku"));
    if (!ok || !claimSku(sku, line, column("sku")))
        return;
    variant.sku = sku;
    if (sale) {
        variant.priceCents = *sale;
        variant.compareAtCents = price;
    } else {
        variant.priceCents = price.value_or(0);
        variant.compareAtCents = compareAt;
    }
    variant.barcode = readBarcode(row, column("barcode"));
    const char* optionFields[] = { "option1", "option2", "option3" };
    for (int i = 0; i < 3; ++i)
        variant.options[i] = cell(row, column(optionFields[i]));
    const QString image = resolveImage(cell(row, column("image")));

    auto found = m_productIndex.constFind(handle);
    if (found == m_productIndex.constEnd()) {
        ImportedProduct product;
        product.line = line;
        product.handle = handle;
        product.title = title;
        product.description = normalizeText(row.field(column("description")));
        product.vendor = cell(row, column("vendor"));
        product.productType = cell(row, column("type"));
        product.tags = normalizeTags(cell(row, column("tags")));
        product.status = readStatus(row, column("status"));
        for (int i = 0; i < 3; ++i) {
            if (column(optionFields[i]) >= 0)
                product.optionNames[i] = headerName(column(optionFields[i]));
        }
        found = m_productIndex.insert(handle, int(m_products.size()));
        m_products.append(std::move(product));
    }
    ImportedProduct& product = m_products[*found];
    if (!image.isEmpty()) {
        if (std::none_of(
                product.images.cbegin(), product.images.cend(), [&](const auto& i) { return i.source == image; }))
            product.images.append({ image, QString() });
        // The first row's image is the product's; another row's image is its variant's own.
        if (!product.variants.isEmpty())
            variant.imageSource = image;
    }
    product.variants.append(std::move(variant));
}

QList<ImportedProduct> GenericCsvParser::finish()
{
    return std::exchange(m_products, {});
}

} // namespace pinstage
