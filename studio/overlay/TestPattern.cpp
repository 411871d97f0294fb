// SPDX-License-Identifier: GPL-2.0-or-later
#include "overlay/TestPattern.h"

#include <QFont>
#include <QLinearGradient>
#include <QPainter>

#include <array>

namespace pinstage {

QImage TestPattern::paint(QSize canvas, const QDateTime& now)
{
    QImage image(canvas, QImage::Format_RGBA8888_Premultiplied);
    const qreal w = canvas.width();
    const qreal h = canvas.height();
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);

    // 75 % bars over the upper 70 %, as on every studio monitor.
    static const std::array<QColor, 7> bars = {
        QColor(191, 191, 191),
        QColor(191, 191, 0),
        QColor(0, 191, 191),
        QColor(0, 191, 0),
        QColor(191, 0, 191),
        QColor(191, 0, 0),
        QColor(0, 0, 191),
    };
    const qreal barsHeight = h * 0.70;
    for (size_t i = 0; i < bars.size(); ++i) {
        const qreal x0 = w * static_cast<qreal>(i) / bars.size();
        const qreal x1 = w * static_cast<qreal>(i + 1) / bars.size();
        p.fillRect(QRectF(x0, 0, x1 - x0 + 1, barsHeight), bars[i]);
    }
    // A grey ramp, then a dark band with the label and the clock.
    QLinearGradient ramp(0, 0, w, 0);
    ramp.setColorAt(0, Qt::black);
    ramp.setColorAt(1, Qt::white);
    p.fillRect(QRectF(0, barsHeight, w, h * 0.06), ramp);
    const QRectF band(0, h * 0.76, w, h * 0.24);
    p.fillRect(band, QColor(0x14, 0x16, 0x1C));

    // The sweep moves one step a second: a frozen picture shows at once.
    const int second = now.time().second();
    const qreal sweepX = w * (second % 20) / 20.0;
    p.fillRect(QRectF(sweepX, band.top(), w / 20.0, h * 0.012), QColor(0xFF, 0xFF, 0xFF, 200));

    QFont title(QStringLiteral("DejaVu Sans"));
    title.setPixelSize(std::max(8, static_cast<int>(h * 0.032)));
    title.setBold(true);
    p.setFont(title);
    p.setPen(Qt::white);
    p.drawText(QRectF(0, band.top() + h * 0.03, w, h * 0.05), Qt::AlignCenter, QStringLiteral("PINSTAGE · NO CAMERA"));

    QFont clock(QStringLiteral("DejaVu Sans Mono"));
    clock.setPixelSize(std::max(8, static_cast<int>(h * 0.045)));
    p.setFont(clock);
    p.setPen(QColor(0xC8, 0xCC, 0xD4));
    p.drawText(
        QRectF(0, band.top() + h * 0.09, w, h * 0.07), Qt::AlignCenter, now.toString(QStringLiteral("HH:mm:ss")));
    return image;
}

} // namespace pinstage
