// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QImage>
#include <QString>

#include <optional>

namespace pinstage {

/// Everything a product card shows, already formatted. A plain value, built by the show from a
/// catalog row; the overlay knows nothing of the catalog.
struct CardContent {
    QString title;              ///< product title
    QString subtitle;           ///< variant ("Blue / Large"); may be empty
    QString price;              ///< what the buyer pays now, formatted ("$19.99")
    QString compareAtPrice;     ///< the struck-through original price; empty when not on sale
    std::optional<int> stock;   ///< units left; nullopt when not tracked
    QImage photo;               ///< product photo; a placeholder is drawn when null

    bool onSale() const { return !compareAtPrice.isEmpty(); }
};

} // namespace pinstage
