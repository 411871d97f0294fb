// SPDX-License-Identifier: GPL-2.0-or-later
#include "show/PinController.h"

#include <QImageReader>

namespace pinstage {

CardContent PinController::cardFor(const VariantRow& variant, const QDateTime& now)
{
    CardContent card;
    card.title = variant.productTitle;
    card.rightToLeft = card.title.isRightToLeft();
    card.variantLabel = variant.variantTitle;
    card.priceMinor = variant.priceCentsAt(now);
    card.price = formatMoney(*card.priceMinor, variant.currency);
    if (const auto compareAt = variant.compareAtCentsAt(now)) {
        card.compareAtMinor = *compareAt;
        card.compareAtPrice = formatMoney(*compareAt, variant.currency);
    }
    card.stock = variant.stock;
    card.continueSelling = variant.continuesSelling();
    if (!variant.imagePath.isEmpty()) {
        QImageReader reader(variant.imagePath);
        reader.setAutoTransform(true);
        card.photo = reader.read(); // a broken file gives a null image: the card draws its placeholder
    }
    return card;
}

} // namespace pinstage
