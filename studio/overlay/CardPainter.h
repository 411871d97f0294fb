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
/// per product, template, size and theme; the QR codes and logos; the finished cards themselves
/// (keyed by every field of the content, the template, canvas, safe area and theme); and for each
/// card the pixels under its stock and promo rows. Card images live in CardMemory (warm, reused
/// memory: on the development VM a card painted into fresh memory cost 5-15 ms of page faults).
/// So a card painted before it is pinned (CardStage::prepare, "Next up") or pinned again costs a
/// lookup; a card whose stock or "N sold" changed is the card before with only its stock rows
/// drawn again (when the rows keep their size and the card is not or was not sold out); any other
/// card is painted whole (about 1 ms at 1080x1920 once its photo is scaled). bench_card_latency
/// prints each case.
class CardPainter {
public:
    /// The card of TEMPLATE for CANVAS inside SAFEAREA (canvas pixels; empty: the whole canvas) in THEME:
    /// premultiplied RGBA of CardTemplate::layout(canvas, safeArea, theme).cardRect.size(), transparent
    /// outside the card's rounded corners. The area at layout().countdownRect shows only the photo, for
    /// the flash-sale countdown patch drawn over it. When QRRECT is given it receives where the QR code
    /// of content.productUrl was drawn (card image pixels; empty when none was). When PROMORECT is
    /// given it receives where the promo code's pill was drawn (card image pixels; empty when there is
    /// no promo code). A promo code is never left out: where the pill does not fit its row at full
    /// size it is drawn smaller, then without its "CODE" label, and only at the last elided.
    static QImage paint(const CardContent& content, QSize canvas, const CardTemplate& cardTemplate,
        const CardTheme& theme, QRect safeArea = {}, QRect* qrRect = nullptr, QRect* promoRect = nullptr);
    /// The default template (corner) in the default theme on the whole canvas: sized
    /// CardLayout::cardRect(canvas).size().
    static QImage paint(const CardContent& content, QSize canvas);

    /// Whether paint() of these arguments would return a finished card from the cache (a lookup).
    static bool isCached(const CardContent& content, QSize canvas, const CardTemplate& cardTemplate,
        const CardTheme& theme, QRect safeArea = {});
    /// Empties every cache above (benches measure the first paint of a product with it). Any thread.
    static void clearCaches();

    /// How many paint() calls were answered by redrawing only the stock rows of the card before
    /// (tests and benches check the fast path is taken). Any thread.
    static quint64 stockRowRepaints();

    struct StockRows; ///< what a stock-only repaint of a card needs (CardPainter.cpp)

private:
    static QImage paintCard(const CardContent& content, QSize canvas, const CardTemplate& cardTemplate,
        const CardTheme& theme, QRect safeArea, QRect* qrRect, QRect* promoRect, StockRows* rows);
};

} // namespace pinstage
