// SPDX-License-Identifier: GPL-2.0-or-later
#include "overlay/CardLayout.h"

#include <algorithm>
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
    return { x, y, cw, ch };
}

QRect accentBarRect(QSize canvas)
{
    const QRect card = cardRect(canvas);
    const int barWidth = std::max(4, static_cast<int>(std::lround(card.width() * 0.05)));
    return { card.x(), card.y(), barWidth, card.height() };
}

QColor accentColor()
{
    return QColor(0xFF, 0x2D, 0x55);
}

QStringList fontFamilies()
{
    return { QStringLiteral("Noto Sans"), QStringLiteral("Noto Sans Arabic"), QStringLiteral("Noto Sans Hebrew"),
        QStringLiteral("Noto Sans CJK JP"), QStringLiteral("Noto Color Emoji"), QStringLiteral("DejaVu Sans") };
}

QFont font(qreal pixelSize, int weight)
{
    QFont font;
    font.setFamilies(fontFamilies());
    font.setPixelSize(std::max(6, static_cast<int>(std::lround(pixelSize))));
    font.setWeight(static_cast<QFont::Weight>(weight));
    font.setHintingPreference(QFont::PreferNoHinting);
    return font;
}

} // namespace pinstage::CardLayout
