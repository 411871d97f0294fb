// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QColor>
#include <QFont>
#include <QRect>
#include <QSize>
#include <QStringList>

namespace pinstage {

/// Where the product card sits on the canvas, in canvas pixels. The card keeps to the left of the
/// vertical frame, above the bottom third, where platforms draw comments and buttons (the safe area).
/// Tests use the same numbers to find the card in a decoded frame.
namespace CardLayout {

    /// The whole card of the default template (CardTemplate::defaultTemplate(), corner) on the whole
    /// canvas: CardTemplate::layout(canvas, {}).cardRect.
    QRect cardRect(QSize canvas);
    /// The solid accent bar along that card's left edge, painted in accentColor() (canvas pixels).
    QRect accentBarRect(QSize canvas);
    /// The default theme's accent colour (the bar and the sale price): CardTheme().accent.
    QColor accentColor();

    /// The font families the card (and the catalog list) draws text with, in the order Qt tries them
    /// for each character: Noto Sans (Latin, Cyrillic, Greek), Noto Sans Arabic, Noto Sans Hebrew,
    /// Noto Sans CJK JP (Chinese, Japanese, Korean), Noto Color Emoji, then DejaVu Sans for symbols.
    /// Named so that every machine draws the same card, instead of whatever fallback fontconfig finds;
    /// the Debian packages that ship them (fonts-noto-core, fonts-noto-cjk, fonts-noto-color-emoji,
    /// fonts-dejavu-core) are in packaging/debian-packages.txt.
    QStringList fontFamilies();
    /// A card font: fontFamilies(), PIXELSIZE pixels (at least 6), WEIGHT (a QFont::Weight), no hinting
    /// (the card is scaled with the canvas). Any thread.
    QFont font(qreal pixelSize, int weight);

} // namespace CardLayout
} // namespace pinstage
