// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QColor>
#include <QFont>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace pinstage {

/// The show's brand theme for the product card: colours, font, logo, corner radius and where the card
/// sits. A plain value; the default is Pinstage's own look (white card, pink accent).
///
/// Stored as JSON (toJson/fromJson) and in the settings file's `[card]` section (Settings::cardTheme),
/// both with the field names below; every bad value is reported with its field name.
///
/// Thread contract: a value type; any thread.
struct CardTheme {
    /// Where the card sits in the safe area: the template's own place, or a corner of the safe area.
    enum class Position { TemplateDefault, TopLeft, TopRight, BottomLeft, BottomRight };

    QColor background { 255, 255, 255 }; ///< `background`: the card's body (alpha allowed; opaque by default: whatever
                                         ///< is behind must not show through the text)
    QColor text { 0x16, 0x18, 0x1D }; ///< `text`: title and regular price
    QColor accent { 0xFF, 0x2D, 0x55 }; ///< `accent`: the accent bar, the banner, the stock warnings
    QColor sale { 0xFF, 0x2D, 0x55 }; ///< `sale`: the sale price and the discount badge
    QString fontFamily; ///< `font_family`: tried first, before CardLayout::fontFamilies(); empty: those only
    QString logoPath; ///< `logo`: an image file drawn small on the card; empty: no logo
    /// `corner_radius`: pixels on a canvas whose short side is 1080, scaled with the canvas; 0 to 200.
    double cornerRadius = 20;
    Position position = Position::TemplateDefault; ///< `position`: template, top-left, top-right, …

    /// The field names, in the order toJson() writes them.
    static QStringList fieldNames();
    /// Sets FIELD from its text form (a colour "#RRGGBB" / "#AARRGGBB" / an SVG name, a number, a
    /// position name). Returns false and sets *error ("'accent': \"#12\" is not a colour …") on a
    /// bad value or an unknown field, leaving the theme unchanged.
    bool setField(const QString& field, const QString& value, QString* error);
    /// FIELD's text form, as setField() reads it.
    QString field(const QString& field) const;

    QJsonObject toJson() const;
    /// Reads a theme; fields that are absent keep their defaults. Nullopt on an unknown field or a bad
    /// value, with *error naming the field (`card theme field 'corner_radius': -3 is not between 0 and 200`).
    static std::optional<CardTheme> fromJson(const QJsonObject& json, QString* error);

    static QString positionName(Position position); ///< "template", "top-left", "top-right", …
    static std::optional<Position> positionFromName(const QString& name);

    /// The text colour for secondary lines (variant, compare-at price): text at 62 % over background.
    QColor mutedText() const;
    /// A card font: fontFamily (when set) then CardLayout::fontFamilies(); see CardLayout::font().
    QFont font(qreal pixelSize, int weight) const;

    bool operator==(const CardTheme& other) const = default;
};

} // namespace pinstage
