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
/// thread. Scaled photos, QR codes and logos are cached (keyed by the image, not by the card), so a
/// repaint of the same product costs a few milliseconds at 1080x1920 (bench_card measures it).
class CardPainter {
public:
    /// The card of TEMPLATE for CANVAS inside SAFEAREA (canvas pixels; empty: the whole canvas) in THEME:
    /// premultiplied RGBA of CardTemplate::layout(canvas, safeArea, theme).cardRect.size(), transparent
    /// outside the card's rounded corners. The area at layout().countdownRect shows only the photo, for
    /// the flash-sale countdown patch drawn over it.
    static QImage paint(const CardContent& content, QSize canvas, const CardTemplate& cardTemplate,
        const CardTheme& theme, QRect safeArea = {});
    /// The default template (corner) in the default theme on the whole canvas: sized
    /// CardLayout::cardRect(canvas).size().
    static QImage paint(const CardContent& content, QSize canvas);
};

} // namespace pinstage
