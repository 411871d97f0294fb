// SPDX-License-Identifier: GPL-2.0-or-later
#include "overlay/QrCode.h"

#include <QCache>
#include <QMutex>
#include <QMutexLocker>
#include <QPainter>

#include <qrencode.h>

#include <algorithm>

namespace pinstage::QrCode {
namespace {

    QMutex cacheMutex;
    QCache<QString, QImage>& cache()
    {
        static QCache<QString, QImage> images(64);
        return images;
    }

} // namespace

QImage modules(const QString& text)
{
    if (text.isEmpty())
        return {};
    const QString key = QStringLiteral("m:") + text;
    {
        QMutexLocker lock(&cacheMutex);
        if (const QImage* found = cache().object(key))
            return *found;
    }
    const QByteArray utf8 = text.toUtf8();
    QRcode* code = QRcode_encodeData(
        int(utf8.size()), reinterpret_cast<const unsigned char*>(utf8.constData()), 0, QR_ECLEVEL_M);
    if (!code)
        return {};
    QImage image(code->width, code->width, QImage::Format_RGB32);
    for (int y = 0; y < code->width; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = 0; x < code->width; ++x)
            line[x] = (code->data[y * code->width + x] & 1) ? qRgb(0, 0, 0) : qRgb(255, 255, 255);
    }
    QRcode_free(code);
    QMutexLocker lock(&cacheMutex);
    cache().insert(key, new QImage(image));
    return image;
}

QImage render(const QString& text, int side)
{
    const QString key = QStringLiteral("r:%1:").arg(side) + text;
    {
        QMutexLocker lock(&cacheMutex);
        if (const QImage* found = cache().object(key))
            return *found;
    }
    const QImage code = modules(text);
    if (code.isNull() || side <= 0)
        return {};
    const int quiet = 2; // modules of white around the code
    const int scale = std::max(1, side / (code.width() + 2 * quiet));
    QImage image(side, side, QImage::Format_ARGB32_Premultiplied); // the card's format (CardPainter)
    image.fill(Qt::white);
    const QImage scaled
        = code.scaled(code.width() * scale, code.height() * scale, Qt::IgnoreAspectRatio, Qt::FastTransformation);
    QPainter p(&image);
    p.drawImage(QPoint((side - scaled.width()) / 2, (side - scaled.height()) / 2), scaled);
    p.end();
    QMutexLocker lock(&cacheMutex);
    cache().insert(key, new QImage(image));
    return image;
}

} // namespace pinstage::QrCode
