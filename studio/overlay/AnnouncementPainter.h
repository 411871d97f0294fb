// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QImage>
#include <QRect>
#include <QSize>
#include <QString>

namespace pinstage {

/// The announcement bar: one line of text (free shipping, a promo code, "next product in 2
/// minutes") across the canvas, independent of the card. Static, or a tile that the
/// `pinstage_announcement` source scrolls (SharedImageSource), never repainted while it moves.
///
/// Thread contract: pure and re-entrant; any thread but the libobs graphics thread.
class AnnouncementPainter {
public:
    /// Where the bar sits on CANVAS (canvas pixels): the full width, under the show title.
    static QRect barRect(QSize canvas);
    /// Whether TEXT fits the bar of CANVAS without scrolling.
    static bool fits(const QString& text, QSize canvas);
    /// The bar with TEXT centred (elided if too long), barRect(canvas).size().
    static QImage paintStatic(const QString& text, QSize canvas);
    /// The scrolling tile: TEXT and a gap, at least the bar's width wide, barRect's height.
    static QImage paintTile(const QString& text, QSize canvas);
    /// How fast the tile moves for CANVAS: pixels per second (a tenth of the width a second).
    static double scrollSpeed(QSize canvas);
};

} // namespace pinstage
