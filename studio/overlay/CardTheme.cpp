// SPDX-License-Identifier: GPL-2.0-or-later
#include "overlay/CardTheme.h"

#include "overlay/CardLayout.h"

#include <QJsonValue>

#include <cmath>

namespace pinstage {
namespace {

    const QString Background = QStringLiteral("background");
    const QString Text = QStringLiteral("text");
    const QString Accent = QStringLiteral("accent");
    const QString Sale = QStringLiteral("sale");
    const QString FontFamily = QStringLiteral("font_family");
    const QString Logo = QStringLiteral("logo");
    const QString CornerRadius = QStringLiteral("corner_radius");
    const QString PositionField = QStringLiteral("position");

    QString colourText(const QColor& colour)
    {
        return colour.alpha() == 255 ? colour.name(QColor::HexRgb) : colour.name(QColor::HexArgb);
    }

    QString quoted(const QString& value)
    {
        return QLatin1Char('"') + value.left(60) + QLatin1Char('"');
    }

} // namespace

QStringList CardTheme::fieldNames()
{
    return { Background, Text, Accent, Sale, FontFamily, Logo, CornerRadius, PositionField };
}

QString CardTheme::positionName(Position position)
{
    switch (position) {
    case Position::TemplateDefault:
        return QStringLiteral("template");
    case Position::TopLeft:
        return QStringLiteral("top-left");
    case Position::TopRight:
        return QStringLiteral("top-right");
    case Position::BottomLeft:
        return QStringLiteral("bottom-left");
    case Position::BottomRight:
        return QStringLiteral("bottom-right");
    }
    return {};
}

std::optional<CardTheme::Position> CardTheme::positionFromName(const QString& name)
{
    for (const Position p : { Position::TemplateDefault, Position::TopLeft, Position::TopRight, Position::BottomLeft,
             Position::BottomRight }) {
        if (positionName(p) == name.trimmed().toLower())
            return p;
    }
    return std::nullopt;
}

bool CardTheme::setField(const QString& name, const QString& value, QString* error)
{
    const auto fail = [&](const QString& why) {
        if (error)
            *error = QStringLiteral("'%1': %2").arg(name, why);
        return false;
    };
    if (name == Background || name == Text || name == Accent || name == Sale) {
        const QString v = value.trimmed();
        if (!QColor::isValidColorName(v))
            return fail(QStringLiteral("%1 is not a colour (#RRGGBB, #AARRGGBB or a colour name such as \"white\")")
                            .arg(quoted(value)));
        const QColor colour = QColor::fromString(v);
        (name == Background ? background : name == Text ? text : name == Accent ? accent : sale) = colour;
        return true;
    }
    if (name == FontFamily) {
        fontFamily = value.trimmed();
        return true;
    }
    if (name == Logo) {
        logoPath = value.trimmed();
        return true;
    }
    if (name == CornerRadius) {
        bool ok = false;
        const double radius = value.trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(radius))
            return fail(QStringLiteral("%1 is not a number").arg(quoted(value)));
        if (radius < 0 || radius > 200)
            return fail(QStringLiteral("%1 is not between 0 and 200 (pixels on a 1080-pixel-wide canvas)").arg(value));
        cornerRadius = radius;
        return true;
    }
    if (name == PositionField) {
        const std::optional<Position> p = positionFromName(value);
        if (!p)
            return fail(QStringLiteral("%1 is not a card position (template, top-left, top-right, bottom-left, "
                                       "bottom-right)")
                            .arg(quoted(value)));
        position = *p;
        return true;
    }
    return fail(QStringLiteral("not a card theme field (%1)").arg(fieldNames().join(QStringLiteral(", "))));
}

QString CardTheme::field(const QString& name) const
{
    if (name == Background)
        return colourText(background);
    if (name == Text)
        return colourText(text);
    if (name == Accent)
        return colourText(accent);
    if (name == Sale)
        return colourText(sale);
    if (name == FontFamily)
        return fontFamily;
    if (name == Logo)
        return logoPath;
    if (name == CornerRadius)
        return QString::number(cornerRadius);
    if (name == PositionField)
        return positionName(position);
    return {};
}

QJsonObject CardTheme::toJson() const
{
    QJsonObject json;
    for (const QString& name : fieldNames()) {
        if (name == CornerRadius)
            json.insert(name, cornerRadius);
        else
            json.insert(name, field(name));
    }
    return json;
}

std::optional<CardTheme> CardTheme::fromJson(const QJsonObject& json, QString* error)
{
    CardTheme theme;
    for (auto it = json.begin(); it != json.end(); ++it) {
        QString text;
        if (it.value().isString())
            text = it.value().toString();
        else if (it.value().isDouble() && it.key() == CornerRadius)
            text = QString::number(it.value().toDouble());
        else if (fieldNames().contains(it.key())) {
            if (error)
                *error = QStringLiteral("card theme field '%1': expected %2")
                             .arg(it.key(),
                                 it.key() == CornerRadius ? QStringLiteral("a number") : QStringLiteral("a string"));
            return std::nullopt;
        }
        QString why;
        if (!theme.setField(it.key(), text, &why)) {
            if (error)
                *error = QStringLiteral("card theme field ") + why;
            return std::nullopt;
        }
    }
    return theme;
}

QColor CardTheme::mutedText() const
{
    const auto mix = [](int a, int b) { return int(std::lround(a * 0.62 + b * 0.38)); };
    return QColor(
        mix(text.red(), background.red()), mix(text.green(), background.green()), mix(text.blue(), background.blue()));
}

QFont CardTheme::font(qreal pixelSize, int weight) const
{
    QFont f = CardLayout::font(pixelSize, weight);
    if (!fontFamily.isEmpty()) {
        QStringList families = CardLayout::fontFamilies();
        families.prepend(fontFamily);
        f.setFamilies(families);
    }
    return f;
}

} // namespace pinstage
