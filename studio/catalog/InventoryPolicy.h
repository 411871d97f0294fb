// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace pinstage {

/// What the shop does when a variant's stock reaches zero: Shopify's "Variant Inventory Policy"
/// (newer header set: "Continue selling when out of stock"), WooCommerce's "Backorders allowed?".
enum class InventoryPolicy {
    Deny, ///< stop selling: at 0 or below the variant is sold out (Shopify "deny", WooCommerce "0")
    Continue, ///< keep taking orders: back-orders, stock may go negative (Shopify "continue",
              ///< WooCommerce "1" and "notify", which only adds a note to the buyer)
};

/// "deny" / "continue": the stored text (variants.inventory_policy) and Shopify's CSV values.
QString inventoryPolicyId(InventoryPolicy policy);
/// Reads a cell of any of the exporters' spellings: "deny", "continue" (Shopify classic), "TRUE",
/// "FALSE", "yes", "no" (Shopify's newer "Continue selling when out of stock"), "1", "0", "notify"
/// (WooCommerce); case-insensitive. Empty -> Deny. nullopt for anything else.
std::optional<InventoryPolicy> inventoryPolicyFromText(const QString& text);

} // namespace pinstage
