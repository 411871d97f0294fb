// SPDX-License-Identifier: GPL-2.0-or-later
#include "show/PinController.h"

#include "overlay/ProductCardLayer.h"

#include <QImageReader>

namespace pinstage {

PinController::PinController(Catalog& catalog, ProductCardLayer& layer, Clock streamClock, QObject* parent)
    : QObject(parent)
    , m_catalog(catalog)
    , m_layer(layer)
    , m_clock(std::move(streamClock))
{
}

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

bool PinController::pin(const QString& sku, QString* error)
{
    const std::optional<VariantRow> variant = m_catalog.variantBySku(sku);
    if (!variant) {
        if (error)
            *error = QStringLiteral("unknown SKU '%1': no such product in the catalog %2").arg(sku, m_catalog.path());
        return false;
    }
    pinVariant(*variant);
    return true;
}

void PinController::pinVariant(const VariantRow& variant)
{
    const CardContent card = cardFor(variant);
    m_layer.show(card);
    m_pinned = variant;
    m_events.append({m_clock ? m_clock() : 0, true, variant.sku, card.price});
    emit pinnedChanged(m_pinned);
}

void PinController::unpin()
{
    if (!m_pinned)
        return;
    m_layer.hide();
    m_events.append({m_clock ? m_clock() : 0, false, m_pinned->sku, QString()});
    m_pinned.reset();
    emit pinnedChanged(m_pinned);
}

} // namespace pinstage
