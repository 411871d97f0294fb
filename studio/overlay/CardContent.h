// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QImage>
#include <QString>

#include <optional>

namespace pinstage {

/// Everything a product card shows, already formatted. A plain value, built by the show from a
/// catalog row; the overlay knows nothing of the catalog.
struct CardContent {
    QString title; ///< product title
    QString subtitle; ///< variant ("Blue / Large"); may be empty
    QString price; ///< what the buyer pays now, formatted ("$19.99")
    QString compareAtPrice; ///< the struck-through original price; empty when not on sale
    std::optional<int> stock; ///< units left (may be negative with back-orders); nullopt when not tracked
    bool continueSelling = false; ///< the shop takes orders at zero or negative stock (back-orders)
    QImage photo; ///< product photo; a placeholder is drawn when null
    std::optional<int> soldCount; ///< "N sold" during and after a flash sale; nullopt: no counter
    QString banner; ///< a short status line ("Sale ended"); empty: none

    /// What the stock line says, decided here so every card and test agrees.
    enum class StockState {
        Hidden, ///< stock not tracked: no line
        InStock, ///< "12 in stock"
        Low, ///< "Only 3 left!" (1-5, and the shop stops selling at 0)
        SoldOut, ///< "SOLD OUT", the card greyed: at 0 or below and the shop stops selling
        Orderable ///< "Available to order": at 0 or below but the shop keeps selling (never a negative number)
    };
    static constexpr int lowStock = 5;

    bool onSale() const { return !compareAtPrice.isEmpty(); }
    StockState stockState() const
    {
        if (!stock)
            return StockState::Hidden;
        if (*stock <= 0)
            return continueSelling ? StockState::Orderable : StockState::SoldOut;
        // More can be ordered when these are gone: no "only N left" urgency then.
        return *stock <= lowStock && !continueSelling ? StockState::Low : StockState::InStock;
    }
    /// The stock line's text; empty when Hidden.
    QString stockText() const
    {
        switch (stockState()) {
        case StockState::Hidden:
            return {};
        case StockState::InStock:
            return QStringLiteral("%1 in stock").arg(*stock);
        case StockState::Low:
            return QStringLiteral("Only %1 left!").arg(*stock);
        case StockState::SoldOut:
            return QStringLiteral("SOLD OUT");
        case StockState::Orderable:
            return QStringLiteral("Available to order");
        }
        return {};
    }
};

} // namespace pinstage
