// SPDX-License-Identifier: GPL-2.0-or-later
#include "show/PinController.h"

#include <QCache>
#include <QDateTime>
#include <QFileInfo>
#include <QImageReader>
#include <QMutex>
#include <QMutexLocker>

namespace pinstage {
namespace {

    // The product photos read for cards, by file and modification time: pinning a product again
    // reuses the same image, so the card painter's scaled-photo cache (keyed by the image) hits.
    QImage cardPhoto(const QString& path)
    {
        static QMutex mutex;
        static QCache<QString, QImage> photos(64 * 1024 * 1024); // cost: bytes
        const QFileInfo info(path);
        const QString key = path + QLatin1Char('|') + QString::number(info.lastModified().toMSecsSinceEpoch())
            + QLatin1Char('|') + QString::number(info.size());
        {
            QMutexLocker lock(&mutex);
            if (const QImage* found = photos.object(key))
                return *found;
        }
        QImageReader reader(path);
        reader.setAutoTransform(true);
        const QImage image = reader.read(); // a broken file gives a null image: the card draws its placeholder
        QMutexLocker lock(&mutex);
        photos.insert(key, new QImage(image), std::max<qsizetype>(1, image.sizeInBytes()));
        return image;
    }

} // namespace

CardContent PinController::cardFor(const VariantRow& variant, const QDateTime& now)
{
    CardContent card;
    card.title = variant.productTitle;
    card.rightToLeft = card.title.isRightToLeft();
    card.variantLabel = variant.variantTitle;
    card.priceMinor = variant.priceCentsAt(now);
    card.price = formatMoney(*card.priceMinor, variant.currency);
    if (const auto compareAt = variant.compareAtCentsAt(now)) {
        card.compareAtMinor = *compareAt;
        card.compareAtPrice = formatMoney(*compareAt, variant.currency);
    }
    card.stock = variant.stock;
    card.continueSelling = variant.continuesSelling();
    if (!variant.imagePath.isEmpty())
        card.photo = cardPhoto(variant.imagePath);
    return card;
}

CardContent PinController::cardFor(const VariantRow& variant, const QDateTime& now, const CardOverrides& overrides)
{
    CardContent card = cardFor(variant, now);
    if (overrides.stock)
        card.stock = overrides.stock;
    card.soldCount = overrides.soldCount;
    if (overrides.saleEnded) {
        // The price the shop charges now, never a price it does not: a flash sale has no price of its
        // own (it counts down on the catalog's), so when it ends the card drops the struck-through
        // price and the discount badge and says so. A sale the shop itself still runs (Shopify's
        // compare-at, WooCommerce dates) keeps its price.
        card.priceMinor = variant.priceCentsAt(now);
        card.price = formatMoney(*card.priceMinor, variant.currency);
        card.compareAtPrice.clear();
        card.compareAtMinor.reset();
        card.banner = QStringLiteral("Sale ended");
    }
    return card;
}

} // namespace pinstage
