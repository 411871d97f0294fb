// SPDX-License-Identifier: GPL-2.0-or-later
#include "overlay/CardLayout.h"

#include "overlay/CardTemplate.h"
#include "overlay/CardTheme.h"

#include <algorithm>
#include <cmath>

namespace pinstage::CardLayout {

QRect cardRect(QSize canvas)
{
    return CardTemplate::defaultTemplate().layout(canvas, QRect()).cardRect;
}

QRect accentBarRect(QSize canvas)
{
    const CardTemplateLayout layout = CardTemplate::defaultTemplate().layout(canvas, QRect());
    return layout.accentBarRect.translated(layout.cardRect.topLeft());
}

QColor accentColor()
{
    return CardTheme().accent;
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
