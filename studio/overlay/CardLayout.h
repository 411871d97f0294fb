// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QColor>
#include <QRect>
#include <QSize>

namespace pinstage {

/// Where the product card sits on the canvas, in canvas pixels. The card keeps to the left of the
/// vertical frame, above the bottom third, where platforms draw comments and buttons (the safe area).
/// Tests use the same numbers to find the card in a decoded frame.
namespace CardLayout {

/// The whole card.
QRect cardRect(QSize canvas);
/// The solid accent bar along the card's left edge, painted in accentColor().
QRect accentBarRect(QSize canvas);
/// The card's accent colour (the bar and the sale price).
QColor accentColor();

} // namespace CardLayout
} // namespace pinstage
