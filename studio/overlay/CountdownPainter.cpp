// SPDX-License-Identifier: GPL-2.0-or-later
#include "overlay/CountdownPainter.h"

#include "overlay/CardLayout.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace pinstage {

QString CountdownPainter::text(int seconds)
{
    const int s = std::max(0, seconds);
    return QStringLiteral("%1:%2").arg(s / 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QImage CountdownPainter::paint(const Face& face, QSize size)
{
    QImage image(size.expandedTo(QSize(1, 1)), QImage::Format_RGBA8888_Premultiplied);
    image.fill(Qt::transparent);
    QPainter p(&image);
    p.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    const QRectF box(0, 0, size.width(), size.height());
    const qreal radius = box.height() / 2;
    p.setPen(Qt::NoPen);
    // Running: the accent colour, white digits (urgency). Ended: dark, white words.
    p.setBrush(face.ended ? QColor(0x16, 0x18, 0x1D) : CardLayout::accentColor());
    p.drawRoundedRect(box, radius, radius);

    const QString label = face.ended ? QStringLiteral("SALE ENDED") : text(face.remainingSeconds);
    // Digits in the font's tabular figures; the size fits the pill's height and width.
    qreal pixelSize = box.height() * (face.ended ? 0.42 : 0.62);
    QFont font = CardLayout::font(pixelSize, QFont::Black);
    const qreal room = box.width() - box.height() * 0.5;
    while (pixelSize > 6 && QFontMetricsF(font).horizontalAdvance(label) > room) {
        pixelSize *= 0.92;
        font = CardLayout::font(pixelSize, QFont::Black);
    }
    p.setFont(font);
    p.setPen(Qt::white);
    p.drawText(box, Qt::AlignCenter, label);
    return image;
}

QRect CountdownPainter::defaultRect(QSize cardSize)
{
    const int w = cardSize.width();
    const int h = cardSize.height();
    const int cw = std::max(24, static_cast<int>(std::lround(w * 0.30)));
    const int ch = std::max(10, static_cast<int>(std::lround(h * 0.22)));
    const int margin = std::max(2, static_cast<int>(std::lround(h * 0.06)));
    return { std::max(0, w - cw - margin), margin, std::min(cw, w), std::min(ch, h) };
}

} // namespace pinstage
