// SPDX-License-Identifier: GPL-2.0-or-later
#include "show/PinController.h"

#include "overlay/ProductCardLayer.h"
#include "util/Clock.h"

#include <QImageReader>

namespace pinstage {

PinController::PinController(Catalog& catalog, ProductCardLayer& layer, Clock streamClock, QObject* parent)
    : QObject(parent)
    , m_catalog(catalog)
    , m_layer(layer)
    , m_clock(std::move(streamClock))
{
}

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

bool PinController::pin(const QString& sku, QString* error)
{
    const std::optional<VariantRow> variant = m_catalog.variantByPinCode(sku);
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
    const QDateTime now = pinstage::Clock::system().now();
    const CardContent card = cardFor(variant, now);
    m_layer.show(card);
    m_pinned = variant;
    m_events.append({m_clock ? m_clock() : 0, true, variant.pinCode, card.price, variant.priceCentsAt(now), variant.compareAtCentsAt(now)});
    emit pinnedChanged(m_pinned);
}

void PinController::unpin()
{
    if (!m_pinned)
        return;
    m_layer.hide();
    m_events.append({m_clock ? m_clock() : 0, false, m_pinned->pinCode, QString(), 0, std::nullopt});
    m_pinned.reset();
    emit pinnedChanged(m_pinned);
}

} // namespace pinstage
