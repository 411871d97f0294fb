// SPDX-License-Identifier: GPL-2.0-or-later
#include "show/PinController.h"

#include <QImageReader>

namespace pinstage {

CardContent PinController::cardFor(const VariantRow& variant, const QDateTime& now)
{
    CardContent card;
    card.title = variant.productTitle;
    card.subtitle = variant.variantTitle;
    card.price = formatMoney(variant.priceCentsAt(now), variant.currency);
    if (const auto compareAt = variant.compareAtCentsAt(now))
        card.compareAtPrice = formatMoney(*compareAt, variant.currency);
    card.stock = variant.stock;
    card.continueSelling = variant.continuesSelling();
    if (!variant.imagePath.isEmpty()) {
        QImageReader reader(variant.imagePath);
        reader.setAutoTransform(true);
        card.photo = reader.read(); // a broken file gives a null image: the card draws its placeholder
    }
    return card;
}

CardContent PinController::cardFor(const VariantRow& variant, const QDateTime& now, const CardOverrides& overrides)
{
    CardContent card = cardFor(variant, now);
    if (overrides.stock)
        card.stock = overrides.stock;
    card.soldCount = overrides.soldCount;
    if (overrides.saleEnded) {
        const qint64 regular = variant.hasSalePrice() ? *variant.storedCompareAtCents : variant.storedPriceCents;
        card.price = formatMoney(regular, variant.currency);
        card.compareAtPrice.clear();
        card.banner = QStringLiteral("Sale ended");
    }
    return card;
}

} // namespace pinstage
