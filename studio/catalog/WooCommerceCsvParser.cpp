// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog/WooCommerceCsvParser.h"

#include "catalog/CsvReader.h"

namespace pinstage {

WooCommerceCsvParser::WooCommerceCsvParser(ImportReport& report, const ImportOptions& options)
    : ProductCsvParser(report, options)
{
    m_decodeHtml = true;
}

bool WooCommerceCsvParser::looksLikeWooCommerce(const QStringList& header)
{
    auto has = [&](const char* name) { return header.contains(QLatin1String(name), Qt::CaseInsensitive); };
    return has("Type") && (has("Regular price") || has("Sale price") || has("Parent") || has("Attribute 1 name"));
}

bool WooCommerceCsvParser::readHeader(const QStringList& header)
{
    m_header = header;
    m_id = findColumn({ "ID" });
    m_type = findColumn({ "Type" });
    m_sku = findColumn({ "SKU" });
    m_name = findColumn({ "Name" });
    m_published = findColumn({ "Published" });
    m_shortDescription = findColumn({ "Short description" });
    m_description = findColumn({ "Description" });
    m_regular = findColumn({ "Regular price" });
    m_sale = findColumn({ "Sale price" });
    m_stock = findColumn({ "Stock" });
    m_inStock = findColumn({ "In stock?" });
    m_categories = findColumn({ "Categories" });
    m_tags = findColumn({ "Tags" });
    m_images = findColumn({ "Images" });
    m_parent = findColumn({ "Parent" });
    m_gtin = findColumn({ "GTIN, UPC, EAN, or ISBN", "GTIN", "EAN", "Barcode" });
    m_saleStarts = findColumn({ "Date sale price starts" });
    m_saleEnds = findColumn({ "Date sale price ends" });
    m_backorders = findColumn({ "Backorders allowed?", "Backorders allowed" });
    m_brands = findColumn({ "Brands", "Brand" });
    for (int n = 1;; ++n) {
        const QByteArray name = "Attribute " + QByteArray::number(n) + " name";
        const QByteArray value = "Attribute " + QByteArray::number(n) + " value(s)";
        const int nameColumn = findColumn({ name.constData() });
        if (nameColumn < 0)
            break;
        m_attributes.append({ nameColumn, findColumn({ value.constData() }) });
    }
    return requireColumns({ { m_type, "Type" }, { m_sku, "SKU" }, { m_name, "Name" }, { m_regular, "Regular price" } });
}

QStringList WooCommerceCsvParser::splitImages(const QString& text) const
{
    QStringList images;
    for (const QString& part : text.split(QLatin1Char(','))) {
        const QString resolved = resolveImage(part);
        if (!resolved.isEmpty() && !images.contains(resolved))
            images.append(resolved);
    }
    return images;
}

void WooCommerceCsvParser::readRecord(const CsvReader& row)
{
    const int line = row.line();
    QString type;
    for (const QString& word : cell(row, m_type).toLower().split(QLatin1Char(','))) {
        const QString w = word.trimmed();
        if (w == QLatin1String("simple") || w == QLatin1String("variable") || w == QLatin1String("variation")
            || w == QLatin1String("grouped") || w == QLatin1String("external")) {
            type = w;
            break;
        }
    }
    if (type.isEmpty()) {
        m_report.reject(line, headerName(m_type),
            QStringLiteral("unknown product type '%1' (expected simple, variable, variation, grouped or external)")
                .arg(cell(row, m_type)));
        return;
    }
    const QString id = cell(row, m_id);
    const QString sku = textCell(row, m_sku);
    const QString name = textCell(row, m_name).simplified();

    if (type == QLatin1String("grouped")) {
        m_report.warn(line, headerName(m_type),
            QStringLiteral("grouped product '%1' skipped: a group has no price of its own; its members are imported "
                           "from their own rows")
                .arg(name));
        return;
    }

    ImportedProduct::Variant variant;
    variant.line = line;
    variant.currency = m_options.currency;
    bool ok = true;
    const bool needsPrice = type != QLatin1String("variable");
    const auto regular = readPrice(row, m_regular, variant.currency, needsPrice, &ok);
    const auto sale = ok ? readPrice(row, m_sale, variant.currency, false, &ok) : std::nullopt;
    if (ok)
        variant.stock = readStock(row, m_stock, &ok);
    if (ok)
        variant.inventoryPolicy = readInventoryPolicy(row, m_backorders, &ok);
    if (ok)
        variant.sale = readSaleSchedule(row, m_saleStarts, m_saleEnds, &ok);
    if (!ok)
        return;
    const QString inStock = cell(row, m_inStock).toLower();
    if (!variant.stock && inStock == QLatin1String("0"))
        variant.stock = 0; // not managed, but marked out of stock
    if (inStock == QLatin1String("backorder"))
        variant.inventoryPolicy = InventoryPolicy::Continue; // stock status "on backorder": orders are taken
    if (sale) {
        variant.priceCents = *sale;
        variant.compareAtCents = regular;
    } else if (regular) {
        variant.priceCents = *regular;
    }
    variant.barcode = readBarcode(row, m_gtin);
    const QStringList images = splitImages(cell(row, m_images));

    if (type == QLatin1String("variation")) {
        const QString parent = textCell(row, m_parent);
        if (parent.isEmpty()) {
            m_report.reject(line, headerName(m_parent),
                QStringLiteral("a variation needs a Parent (the variable product's SKU or id:N)"));
            return;
        }
        if (!claimSku(sku, line, m_sku))
            return;
        variant.sku = sku;
        Pending pending { variant, parent, {}, images };
        for (const auto& [nameColumn, valueColumn] : m_attributes) {
            const QString attribute = textCell(row, nameColumn);
            const QString value = textCell(row, valueColumn);
            if (!attribute.isEmpty() && !value.isEmpty())
                pending.attributes.append({ attribute, value });
        }
        m_variations.append(std::move(pending));
        return;
    }

    if (name.isEmpty()) {
        m_report.reject(line, headerName(m_name), QStringLiteral("the product has no name"));
        return;
    }
    ImportedProduct product;
    product.line = line;
    product.handle = !sku.isEmpty() ? slugify(sku) : !id.isEmpty() ? QStringLiteral("woo-") + id : slugify(name);
    if (const auto clash = m_handles.constFind(product.handle); clash != m_handles.constEnd()) {
        m_report.reject(line, headerName(m_sku),
            QStringLiteral("the product handle '%1' derived from its SKU is already used on line %2")
                .arg(product.handle)
                .arg(*clash));
        return;
    }
    if (!claimSku(sku, line, m_sku))
        return;
    m_handles.insert(product.handle, line);
    product.title = name;
    const QString description = cell(row, m_description);
    product.description = htmlToText(description.isEmpty() ? row.field(m_shortDescription) : row.field(m_description));
    product.productType
        = textCell(row, m_categories).section(QLatin1Char(','), 0, 0).section(QLatin1Char('>'), -1).trimmed();
    product.tags = normalizeTags(textCell(row, m_tags));
    product.vendor = textCell(row, m_brands).section(QLatin1Char(','), 0, 0).trimmed();
    const QString published = cell(row, m_published);
    product.status = published == QLatin1String("0") || published == QLatin1String("-1") ? QStringLiteral("draft")
                                                                                         : QStringLiteral("active");
    for (const QString& image : images)
        product.images.append({ image, QString() });

    if (type == QLatin1String("variable")) {
        int n = 0;
        for (const auto& [nameColumn, valueColumn] : m_attributes) {
            const QString attribute = textCell(row, nameColumn);
            if (!attribute.isEmpty() && n < 3)
                product.optionNames[n++] = attribute;
        }
        const int index = int(m_products.size());
        if (!sku.isEmpty())
            m_parentKeys.insert(sku, index);
        if (!id.isEmpty())
            m_parentKeys.insert(QStringLiteral("id:") + id, index);
    } else {
        variant.sku = sku;
        product.variants.append(variant);
        if (!sku.isEmpty())
            m_nonVariable.insert(sku, type);
        if (!id.isEmpty())
            m_nonVariable.insert(QStringLiteral("id:") + id, type);
    }
    m_products.append(std::move(product));
}

QList<ImportedProduct> WooCommerceCsvParser::finish()
{
    for (Pending& pending : m_variations) {
        QString key = pending.parentKey;
        if (key.startsWith(QLatin1String("id:"), Qt::CaseInsensitive))
            key = QStringLiteral("id:") + key.mid(3).trimmed();
        const auto parent = m_parentKeys.constFind(key);
        if (parent == m_parentKeys.constEnd()) {
            const QString otherType = m_nonVariable.value(key);
            m_report.reject(pending.variant.line, headerName(m_parent),
                otherType.isEmpty()
                    ? QStringLiteral("unknown parent '%1': no variable product in this file has that SKU or id")
                          .arg(pending.parentKey)
                    : QStringLiteral("parent '%1' is a %2 product, not a variable one")
                          .arg(pending.parentKey, otherType));
            continue;
        }
        ImportedProduct& product = m_products[*parent];
        for (const auto& [attribute, value] : pending.attributes) {
            int slot = -1;
            for (int i = 0; i < 3; ++i) {
                if (product.optionNames[i].compare(attribute, Qt::CaseInsensitive) == 0)
                    slot = i;
            }
            for (int i = 0; slot < 0 && i < 3; ++i) {
                if (product.optionNames[i].isEmpty()) {
                    product.optionNames[i] = attribute;
                    slot = i;
                }
            }
            if (slot >= 0)
                pending.variant.options[slot] = value;
        }
        if (!pending.images.isEmpty()) {
            pending.variant.imageSource = pending.images.first();
            for (const QString& image : pending.images) {
                if (std::none_of(product.images.cbegin(), product.images.cend(),
                        [&](const auto& i) { return i.source == image; }))
                    product.images.append({ image, QString() });
            }
        }
        product.variants.append(std::move(pending.variant));
    }
    m_variations.clear();

    QList<ImportedProduct> products;
    for (ImportedProduct& product : m_products) {
        if (product.variants.isEmpty()) {
            m_report.reject(product.line, QString(),
                QStringLiteral("variable product '%1' has no usable variation in this file").arg(product.title));
            continue;
        }
        products.append(std::move(product));
    }
    m_products.clear();
    return products;
}

} // namespace pinstage
