// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace pinstage {

/// The product CSV dialects the importer reads.
enum class CatalogFormat {
    Auto, ///< detect from the header row
    ShopifyClassic, ///< Shopify's long-standing header set: Handle, Variant SKU, Variant Price, Image Src, ...
    ShopifyNew, ///< Shopify's newer header set: URL handle, SKU, Price, Compare-at price, Product image URL, ...
    WooCommerce, ///< WooCommerce's built-in exporter: ID, Type, SKU, Name, Regular price, Parent, Attribute N ...
    Generic, ///< any spreadsheet, with a user-given column mapping
};

/// "auto", "shopify", "shopify-new", "woocommerce", "generic".
QString catalogFormatId(CatalogFormat format);
/// Human name for reports: "Shopify product CSV (long-standing columns)".
QString catalogFormatName(CatalogFormat format);
/// Parses a --format value. "shopify" covers both Shopify header sets (the header decides).
std::optional<CatalogFormat> catalogFormatFromId(const QString& id);

} // namespace pinstage
