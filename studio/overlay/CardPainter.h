// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "overlay/CardContent.h"

#include <QImage>
#include <QSize>

namespace pinstage {

/// Paints a product card with QPainter. Pure and re-entrant: call it from any thread but the
/// libobs graphics thread (it takes a few milliseconds at 1080x1920).
class CardPainter {
public:
    /// The card for CANVAS, sized CardLayout::cardRect(canvas).size(), premultiplied RGBA with a
    /// transparent outside.
    static QImage paint(const CardContent& content, QSize canvas);
};

} // namespace pinstage
