// SPDX-License-Identifier: GPL-2.0-or-later
#include "overlay/CardTemplate.h"

#include "overlay/AnnouncementPainter.h"

#include <algorithm>
#include <cmath>

namespace pinstage {
namespace {

    int px(double v)
    {
        return int(std::lround(v));
    }

    // The card of SIZE at the theme's corner of SAFE, MARGIN pixels in; nullopt: the template's own place.
    std::optional<QPoint> themedPosition(const CardTheme& theme, QSize size, const QRect& safe, int margin)
    {
        const int left = safe.left() + margin;
        const int right = safe.left() + safe.width() - margin - size.width();
        const int top = safe.top() + margin;
        const int bottom = safe.top() + safe.height() - margin - size.height();
        switch (theme.position) {
        case CardTheme::Position::TemplateDefault:
            return std::nullopt;
        case CardTheme::Position::TopLeft:
            return QPoint(left, top);
        case CardTheme::Position::TopRight:
            return QPoint(right, top);
        case CardTheme::Position::BottomLeft:
            return QPoint(left, bottom);
        case CardTheme::Position::BottomRight:
            return QPoint(right, bottom);
        }
        return std::nullopt;
    }

    // The countdown pill over the bottom of PHOTO.
    QRect countdownIn(const QRect& photo, double unit)
    {
        const int height = std::max(8, px(std::min(photo.height() * 0.2, 16 * unit)));
        const int width = std::min(photo.width() - px(2 * unit), px(height * 2.9));
        const int inset = std::max(1, px(std::min(3 * unit, photo.height() * 0.05)));
        return { photo.left() + (photo.width() - width) / 2, photo.bottom() + 1 - inset - height, width, height };
    }

} // namespace

std::optional<CardTemplate> CardTemplate::byName(const QString& name)
{
    const QString n = name.trimmed().toLower();
    for (const Kind kind : { Kind::Corner, Kind::LowerThird, Kind::Spotlight }) {
        if (CardTemplate(kind).name() == n)
            return CardTemplate(kind);
    }
    return std::nullopt;
}

QStringList CardTemplate::names()
{
    return { QStringLiteral("corner"), QStringLiteral("lower-third"), QStringLiteral("spotlight") };
}

CardTemplate CardTemplate::defaultTemplate()
{
    return CardTemplate(Kind::Corner);
}

QString CardTemplate::name() const
{
    switch (m_kind) {
    case Kind::Corner:
        return QStringLiteral("corner");
    case Kind::LowerThird:
        return QStringLiteral("lower-third");
    case Kind::Spotlight:
        return QStringLiteral("spotlight");
    }
    return {};
}

CardTemplateLayout CardTemplate::layout(QSize canvas, QRect safeArea, const CardTheme& theme) const
{
    const QRect whole(QPoint(0, 0), canvas);
    QRect safe = safeArea.isEmpty() ? whole : safeArea.intersected(whole);
    if (safe.isEmpty())
        safe = whole;
    // The announcement bar (at its default place, across the canvas near the top) never covers the
    // card: the card goes below it. Ignored only when that would leave less than half the safe area.
    QRect clear = safe;
    const QRect bar = AnnouncementPainter::barRect(canvas);
    if (safe.top() <= bar.bottom() && safe.bottom() - bar.bottom() >= safe.height() / 2)
        clear.setTop(bar.bottom() + 1);
    const double W = canvas.width();
    const double H = canvas.height();
    const bool portrait = H >= W;
    CardTemplateLayout out;
    QRect card;
    int margin = 0;

    switch (m_kind) {
    case Kind::Corner: {
        if (portrait) {
            // Left-aligned, 74 % of the width, between 48 % and 66 % of the height: above the bottom
            // third, where platforms draw comments and buttons.
            margin = px(W * 0.04);
            const int w = std::min(px(W * 0.74), safe.width() - 2 * margin);
            const int h = std::min(px(H * 0.18), safe.height() - 2 * margin);
            // (Inside the safe area first, should that and clearing the bar ever disagree.)
            const int y
                = std::min(std::max(px(H * 0.48), clear.top() + margin), safe.top() + safe.height() - margin - h);
            card = QRect(safe.left() + margin, y, w, h);
        } else {
            // The bottom-left corner of the safe area.
            margin = px(H * 0.05);
            const int h = std::min(px(H * 0.28), safe.height() - 2 * margin);
            const int w = std::min(px(h * 2.4), safe.width() - 2 * margin);
            card = QRect(safe.left() + margin, safe.top() + safe.height() - margin - h, w, h);
        }
        break;
    }
    case Kind::LowerThird: {
        margin = px(std::min(W, H) * 0.03);
        // Across the safe area in portrait; at 16:9 about 6:1, from the left (a wider bar is empty).
        const int h = std::min(px(portrait ? H * 0.14 : H * 0.19), safe.height() - 2 * margin);
        const int w = portrait ? safe.width() - 2 * margin : std::min(safe.width() - 2 * margin, px(h * 6.0));
        card = QRect(safe.left() + margin, safe.top() + safe.height() - margin - h, w, h);
        break;
    }
    case Kind::Spotlight: {
        margin = px(std::min(W, H) * 0.05);
        int w, h;
        // Sized for the safe area, no taller than the part of it below the announcement bar, centred there.
        if (portrait) {
            w = safe.width() - 2 * margin;
            h = px(w * 1.46);
            if (h > clear.height() - 2 * margin) {
                h = clear.height() - 2 * margin;
                w = px(h / 1.46);
            }
        } else {
            h = std::min(px((safe.height() - 2 * margin) * 0.86), clear.height() - 2 * margin);
            w = px(h * 1.8);
            if (w > safe.width() - 2 * margin) {
                w = safe.width() - 2 * margin;
                h = px(w / 1.8);
            }
        }
        card = QRect(safe.left() + (safe.width() - w) / 2, clear.top() + (clear.height() - h) / 2, w, h);
        break;
    }
    }
    card.setWidth(std::max(card.width(), 16));
    card.setHeight(std::max(card.height(), 8));
    if (const auto at = themedPosition(theme, card.size(), clear, margin))
        card.moveTopLeft(*at);
    out.cardRect = card;

    const double w = card.width();
    const double h = card.height();
    switch (m_kind) {
    case Kind::Corner: {
        out.unit = h / 100.0;
        const int pad = px(7 * out.unit);
        out.accentBarRect = QRect(0, 0, std::max(4, px(w * 0.05)), card.height());
        const int photo = card.height() - 2 * pad;
        out.photoRect = QRect(out.accentBarRect.width() + pad, pad, photo, photo);
        break;
    }
    case Kind::LowerThird: {
        out.unit = h / 100.0;
        const int pad = px(8 * out.unit);
        out.accentBarRect = QRect(0, 0, std::max(4, px(6 * out.unit)), card.height());
        const int photo = card.height() - 2 * pad;
        out.photoRect = QRect(out.accentBarRect.width() + pad, pad, photo, photo);
        break;
    }
    case Kind::Spotlight: {
        out.unit = std::min(w, h) / 100.0;
        const int pad = px(5 * out.unit);
        out.accentBarRect = QRect(0, 0, std::max(4, px(2.2 * out.unit)), card.height());
        const int bar = out.accentBarRect.width();
        if (h >= w) {
            const int photo = card.width() - bar - 2 * pad;
            out.photoRect = QRect(bar + pad, pad, photo, photo);
        } else {
            const int photo = card.height() - 2 * pad;
            out.photoRect = QRect(bar + pad, pad, photo, photo);
        }
        break;
    }
    }
    out.countdownRect = countdownIn(out.photoRect, out.unit);
    return out;
}

} // namespace pinstage
