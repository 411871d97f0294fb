// SPDX-License-Identifier: GPL-2.0-or-later
#include "overlay/CardLayout.h"

#include <cmath>

namespace pinstage::CardLayout {

QRect cardRect(QSize canvas)
{
    const int w = canvas.width();
    const int h = canvas.height();
    // Left-aligned, 74 % of the width, between 48 % and 66 % of the height.
    const int x = static_cast<int>(std::lround(w * 0.04));
    const int y = static_cast<int>(std::lround(h * 0.48));
    const int cw = static_cast<int>(std::lround(w * 0.74));
    const int ch = static_cast<int>(std::lround(h * 0.18));
    return {x, y, cw, ch};
}

QRect accentBarRect(QSize canvas)
{
    const QRect card = cardRect(canvas);
    const int barWidth = std::max(4, static_cast<int>(std::lround(card.width() * 0.05)));
    return {card.x(), card.y(), barWidth, card.height()};
}

QColor accentColor()
{
    return QColor(0xFF, 0x2D, 0x55);
}

} // namespace pinstage::CardLayout
