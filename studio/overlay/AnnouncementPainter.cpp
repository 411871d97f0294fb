// SPDX-License-Identifier: GPL-2.0-or-later
#include "overlay/AnnouncementPainter.h"

#include "overlay/CardLayout.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace pinstage {
namespace {

    const QColor kBar(0x16, 0x18, 0x1D, 230);

    QFont barFont(QSize canvas)
    {
        return CardLayout::font(AnnouncementPainter::barRect(canvas).height() * 0.5, QFont::Bold);
    }

    qreal padding(QSize canvas)
    {
        return AnnouncementPainter::barRect(canvas).height() * 0.6;
    }

    QImage blank(QSize size)
    {
        QImage image(size.expandedTo(QSize(1, 1)), QImage::Format_RGBA8888_Premultiplied);
        image.fill(kBar);
        return image;
    }

    void drawAccent(QPainter& p, int height)
    {
        // A thin accent line along the top: the bar belongs to the same show as the card.
        p.fillRect(QRectF(0, 0, p.device()->width(), std::max(1.0, height * 0.06)), CardLayout::accentColor());
    }

} // namespace

QRect AnnouncementPainter::barRect(QSize canvas)
{
    const int h = std::max(12, static_cast<int>(std::lround(canvas.height() * 0.045)));
    const int y = static_cast<int>(std::lround(canvas.height() * 0.10));
    return { 0, y, canvas.width(), h };
}

bool AnnouncementPainter::fits(const QString& text, QSize canvas)
{
    return QFontMetricsF(barFont(canvas)).horizontalAdvance(text) <= barRect(canvas).width() - 2 * padding(canvas);
}

QImage AnnouncementPainter::paintStatic(const QString& text, QSize canvas)
{
    const QRect bar = barRect(canvas);
    QImage image = blank(bar.size());
    QPainter p(&image);
    p.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    drawAccent(p, bar.height());
    const QFont font = barFont(canvas);
    const qreal pad = padding(canvas);
    const QString shown = QFontMetricsF(font).elidedText(text, Qt::ElideRight, bar.width() - 2 * pad);
    p.setFont(font);
    p.setPen(Qt::white);
    p.drawText(QRectF(pad, 0, bar.width() - 2 * pad, bar.height()), Qt::AlignCenter, shown);
    return image;
}

QImage AnnouncementPainter::paintTile(const QString& text, QSize canvas)
{
    const QRect bar = barRect(canvas);
    const QFont font = barFont(canvas);
    const qreal pad = padding(canvas);
    const qreal advance = QFontMetricsF(font).horizontalAdvance(text);
    // The text and a gap of a few bar heights, so the start of the next pass is not glued to the end.
    const int width = std::max(bar.width(), static_cast<int>(std::ceil(advance + 4 * pad)));
    QImage image = blank(QSize(width, bar.height()));
    QPainter p(&image);
    p.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    drawAccent(p, bar.height());
    p.setFont(font);
    p.setPen(Qt::white);
    p.drawText(QRectF(pad, 0, advance + pad, bar.height()), Qt::AlignVCenter | Qt::AlignLeft, text);
    return image;
}

double AnnouncementPainter::scrollSpeed(QSize canvas)
{
    return std::max(20.0, canvas.width() * 0.10);
}

} // namespace pinstage
