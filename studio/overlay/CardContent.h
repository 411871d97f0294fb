// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QImage>
#include <QString>

#include <QtGlobal>

#include <optional>

namespace pinstage {

/// Everything a product card shows, already formatted. A plain value, built by the show from a
/// catalog row; the overlay knows nothing of the catalog.
struct CardContent {
    QString title; ///< product title
    QString variantLabel; ///< the variant's option values ("Blue / M"); may be empty
    QString price; ///< what the buyer pays now, formatted ("$19.99")
    QString compareAtPrice; ///< the struck-through original price; empty when not on sale
    /// The same two amounts in the currency's minor units (cents), for the discount badge; when either
    /// is unknown the sale shows without a percentage.
    std::optional<qint64> priceMinor;
    std::optional<qint64> compareAtMinor;
    QString promoCode; ///< a code the buyer types at checkout ("LIVE10"); may be empty
    QString productUrl; ///< the product page, shown as a QR code when set; may be empty
    std::optional<int> soldCount; ///< units sold during the show or its flash sale ("N sold"); nullopt when not shown
    QString banner; ///< a short status line over the card ("Sale ended"); may be empty
    /// The title is written right to left (Arabic, Hebrew): right-aligned on the card. Set from the
    /// title by PinController::cardFor (QString::isRightToLeft); the painter also derives it from the
    /// title, so a card built by hand needs not set it.
    bool rightToLeft = false;
    std::optional<int> stock; ///< units left (may be negative with back-orders); nullopt when not tracked
    bool continueSelling = false; ///< the shop takes orders at zero or negative stock (back-orders)
    QImage photo; ///< product photo; a placeholder is drawn when null

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
    /// Whether the title runs right to left: the field, or the title's first strong character.
    bool titleIsRightToLeft() const { return rightToLeft || title.isRightToLeft(); }
    /// The whole percentage off the compare-at price, rounded down as a shop does so the badge never
    /// promises more than the buyer saves (2499 against 3000 is 16.7 % off: 16). Nullopt when not
    /// on sale, when an amount is unknown, or when the saving is under 1 %.
    std::optional<int> discountPercent() const
    {
        if (!onSale() || !priceMinor || !compareAtMinor || *compareAtMinor <= 0 || *priceMinor < 0
            || *priceMinor >= *compareAtMinor)
            return std::nullopt;
        const qint64 percent = (*compareAtMinor - *priceMinor) * 100 / *compareAtMinor; // floor: both positive
        if (percent < 1)
            return std::nullopt;
        return int(percent);
    }
    /// The discount badge's text, "\u221220 %" (a real minus sign); empty when discountPercent() is nullopt.
    QString discountText() const
    {
        const std::optional<int> percent = discountPercent();
        return percent ? QStringLiteral("\u2212%1 %").arg(*percent) : QString();
    }
    /// "N sold"; empty when soldCount is not set.
    QString soldText() const { return soldCount ? QStringLiteral("%1 sold").arg(*soldCount) : QString(); }
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
