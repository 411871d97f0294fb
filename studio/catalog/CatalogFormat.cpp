// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog/CatalogFormat.h"

namespace pinstage {

QString catalogFormatId(CatalogFormat format)
{
    switch (format) {
    case CatalogFormat::Auto:
        return QStringLiteral("auto");
    case CatalogFormat::ShopifyClassic:
        return QStringLiteral("shopify");
    case CatalogFormat::ShopifyNew:
        return QStringLiteral("shopify-new");
    case CatalogFormat::WooCommerce:
        return QStringLiteral("woocommerce");
    case CatalogFormat::Generic:
        return QStringLiteral("generic");
    }
    return {};
}

QString catalogFormatName(CatalogFormat format)
{
    switch (format) {
    case CatalogFormat::Auto:
        return QStringLiteral("automatic detection");
    case CatalogFormat::ShopifyClassic:
        return QStringLiteral("Shopify product CSV (long-standing columns)");
    case CatalogFormat::ShopifyNew:
        return QStringLiteral("Shopify product CSV (new columns)");
    case CatalogFormat::WooCommerce:
        return QStringLiteral("WooCommerce product CSV");
    case CatalogFormat::Generic:
        return QStringLiteral("generic CSV with a column mapping");
    }
    return {};
}

std::optional<CatalogFormat> catalogFormatFromId(const QString& id)
{
    const QString key = id.trimmed().toLower();
    if (key == QLatin1String("auto"))
        return CatalogFormat::Auto;
    if (key == QLatin1String("shopify"))
        return CatalogFormat::ShopifyClassic;
    if (key == QLatin1String("shopify-new"))
        return CatalogFormat::ShopifyNew;
    if (key == QLatin1String("woocommerce") || key == QLatin1String("woo"))
        return CatalogFormat::WooCommerce;
    if (key == QLatin1String("generic"))
        return CatalogFormat::Generic;
    return std::nullopt;
}

} // namespace pinstage
