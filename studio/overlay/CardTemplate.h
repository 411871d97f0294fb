// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "overlay/CardTheme.h"

#include <QRect>
#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

namespace pinstage {

/// Where a card template puts the card on the canvas and what it reserves inside it.
/// cardRect is in canvas pixels; every other rect is in the painted card image's coordinates
/// (0,0 is the card's top-left corner; the image is cardRect.size()).
struct CardTemplateLayout {
    QRect cardRect; ///< where the card image goes on the canvas; inside the safe area
    QRect accentBarRect; ///< the solid accent block along the card's leading edge (card coordinates)
    QRect photoRect; ///< the product photo (card coordinates)
    /// Reserved for the flash-sale countdown (mm:ss), drawn by its own patch over the card image: a
    /// pill over the bottom of the photo (card coordinates). The card paints nothing there but the photo.
    QRect countdownRect;
    double unit = 1; ///< the template's measure (card pixels per 1 % of its reference side)
};

/// A product card template: `corner` (the default: a card at the left of the safe area above the
/// bottom third; a corner card at 16:9), `lower-third` (a bar across the lower part of the safe area)
/// and `spotlight` (a big card with a large photo). Each is laid out for portrait (9:16) and landscape
/// (16:9) canvases, scales with the canvas size and stays inside the safe area it is given.
///
/// Thread contract: a value type; any thread.
class CardTemplate {
public:
    enum class Kind { Corner, LowerThird, Spotlight };

    /// The template named NAME ("corner", "lower-third", "spotlight"; case-insensitive); nullopt for
    /// any other name (the caller reports it with names()).
    static std::optional<CardTemplate> byName(const QString& name);
    /// Every template's name, the default first: corner, lower-third, spotlight.
    static QStringList names();
    /// The default template (corner): CardLayout::cardRect() and CardPainter::paint(content, canvas) use it.
    static CardTemplate defaultTemplate();

    explicit CardTemplate(Kind kind = Kind::Corner)
        : m_kind(kind)
    {
    }
    Kind kind() const { return m_kind; }
    QString name() const;

    /// The layout on CANVAS (pixels) inside SAFEAREA (canvas pixels; an empty rect means the whole
    /// canvas; it is clipped to the canvas). THEME's position moves the card to a corner of the safe area.
    CardTemplateLayout layout(QSize canvas, QRect safeArea, const CardTheme& theme = {}) const;

    bool operator==(const CardTemplate& other) const = default;

private:
    Kind m_kind;
};

} // namespace pinstage
