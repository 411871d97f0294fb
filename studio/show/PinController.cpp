// SPDX-License-Identifier: GPL-2.0-or-later
#include "show/PinController.h"

#include <QImageReader>

namespace pinstage {

CardContent PinController::cardFor(const VariantRow& variant)
{
    CardContent card;
    card.title = variant.productTitle;
    card.subtitle = variant.variantTitle;
    card.price = formatMoney(variant.priceCents, variant.currency);
    if (variant.onSale())
        card.compareAtPrice = formatMoney(*variant.compareAtCents, variant.currency);
    card.stock = variant.stock;
    if (!variant.imagePath.isEmpty()) {
        QImageReader reader(variant.imagePath);
        reader.setAutoTransform(true);
        card.photo = reader.read(); // a broken file gives a null image: the card draws its placeholder
    }
    return card;
}

} // namespace pinstage
