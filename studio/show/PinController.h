// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "catalog/Catalog.h"
#include "overlay/CardContent.h"

#include <QList>
#include <QObject>

#include <functional>
#include <optional>

namespace pinstage {

class ProductCardLayer;

/// One change of what is on air, stamped with the stream clock, for the post-show review.
struct PinEvent {
    qint64 streamMs = 0;   ///< stream time; 0 before going live
    bool pinned = false;   ///< true: pinned; false: unpinned
    QString sku;           ///< the variant's pin code (its SKU when it has one)
    QString price;         ///< the price shown on the card at that moment
    qint64 priceCents = 0; ///< the same, in minor units (the price valid at that moment)
    std::optional<qint64> compareAtCents; ///< the struck-through price on the card then; nullopt when not on sale
};

/// Puts product cards on air and takes them off: looks the SKU up in the catalog, builds the card
/// and hands it to the card layer, and logs every change against the stream clock.
///
/// Thread contract: main thread (it reads the catalog owned by that thread).
class PinController : public QObject {
    Q_OBJECT
public:
    using Clock = std::function<qint64()>;

    PinController(Catalog& catalog, ProductCardLayer& layer, Clock streamClock, QObject* parent = nullptr);

    /// Pins the variant with that SKU, barcode or pin code (Catalog::variantByPinCode). An
    /// unknown code leaves what is on air unchanged and sets *error.
    bool pin(const QString& sku, QString* error);
    void pinVariant(const VariantRow& variant);
    void unpin();

    const std::optional<VariantRow>& pinned() const { return m_pinned; }
    const QList<PinEvent>& events() const { return m_events; }

    /// The card a variant makes at NOW (the price valid then; its photo loaded from the catalog's
    /// local image file).
    static CardContent cardFor(const VariantRow& variant, const QDateTime& now);

signals:
    void pinnedChanged(const std::optional<pinstage::VariantRow>& variant);

private:
    Catalog& m_catalog;
    ProductCardLayer& m_layer;
    Clock m_clock;
    std::optional<VariantRow> m_pinned;
    QList<PinEvent> m_events;
};

} // namespace pinstage
