// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "overlay/CardContent.h"
#include "overlay/CardTemplate.h"
#include "overlay/CardTheme.h"

#include <QImage>
#include <QRect>
#include <QSize>

namespace pinstage {

/// Paints a product card with QPainter. Re-entrant: call it from any thread but the libobs graphics
/// thread.
///
/// Caches (shared by every thread, bounded in bytes): the photo scaled to the template's photo rect
/// and the card's base (body, accent bar, photo, badge) per product, template, size and theme; the
/// QR codes and logos; and the finished cards themselves (keyed by every field of the content, the
/// template, canvas, safe area and theme). So the first paint of a product (scaling its photo,
/// shaping its text for the first time: ~10-20 ms at 1080x1920) is paid once: a card painted before
/// it is pinned (CardStage::prepare, "Next up") or pinned again costs a lookup, and a card whose
/// stock or banner changed only draws its text over the cached base (well under a millisecond).
/// bench_card_latency prints all three.
class CardPainter {
public:
    /// The card of TEMPLATE for CANVAS inside SAFEAREA (canvas pixels; empty: the whole canvas) in THEME:
    /// premultiplied RGBA of CardTemplate::layout(canvas, safeArea, theme).cardRect.size(), transparent
    /// outside the card's rounded corners. The area at layout().countdownRect shows only the photo, for
    /// the flash-sale countdown patch drawn over it. When QRRECT is given it receives where the QR code
    /// of content.productUrl was drawn (card image pixels; empty when none was).
    static QImage paint(const CardContent& content, QSize canvas, const CardTemplate& cardTemplate,
        const CardTheme& theme, QRect safeArea = {}, QRect* qrRect = nullptr);
    /// The default template (corner) in the default theme on the whole canvas: sized
    /// CardLayout::cardRect(canvas).size().
    static QImage paint(const CardContent& content, QSize canvas);

    /// Whether paint() of these arguments would return a finished card from the cache (a lookup).
    static bool isCached(const CardContent& content, QSize canvas, const CardTemplate& cardTemplate,
        const CardTheme& theme, QRect safeArea = {});
    /// Empties every cache above (benches measure the first paint of a product with it). Any thread.
    static void clearCaches();

private:
    static QImage paintCard(const CardContent& content, QSize canvas, const CardTemplate& cardTemplate,
        const CardTheme& theme, QRect safeArea, QRect* qrRect);
};

} // namespace pinstage
