// SPDX-License-Identifier: GPL-2.0-or-later
#include "utility/ThumbnailCache.h"

#include <QImageReader>
#include <QThreadPool>

namespace pinstage {
namespace {

    // Decodes FILE scaled (and centre-cropped) to a SIZE square, reading no more pixels than needed.
    QImage loadThumbnail(const QString& file, QSize size)
    {
        QImageReader reader(file);
        reader.setAutoTransform(true);
        const QSize full = reader.size();
        if (full.isValid() && !full.isEmpty()) {
            const QSize scaled = full.scaled(size, Qt::KeepAspectRatioByExpanding);
            reader.setScaledSize(scaled);
        }
        QImage image = reader.read();
        if (image.isNull())
            return {};
        if (image.size() != size) {
            image = image.scaled(size, Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation);
            image = image.copy(
                (image.width() - size.width()) / 2, (image.height() - size.height()) / 2, size.width(), size.height());
        }
        return image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    }

} // namespace

ThumbnailCache::ThumbnailCache(QSize size, QObject* parent)
    : QObject(parent)
    , m_size(size)
    , m_pool(new QThreadPool(this))
    , m_cache(16 * 1024) // KiB of pixels
{
    m_pool->setMaxThreadCount(1);
}

ThumbnailCache::~ThumbnailCache()
{
    m_pool->clear();
    m_pool->waitForDone();
}

QPixmap ThumbnailCache::thumbnail(const QString& path)
{
    if (path.isEmpty() || m_broken.contains(path))
        return {};
    if (QPixmap* cached = m_cache.object(path))
        return *cached;
    if (!m_pending.contains(path)) {
        m_pending.insert(path);
        // The destructor waits for the pool, so `this` outlives every load; a result still queued
        // when the cache goes away is dropped with its context object.
        const QSize size = m_size;
        m_pool->start([this, path, size] {
            QImage image = loadThumbnail(path, size);
            QMetaObject::invokeMethod(
                this, [this, path, image = std::move(image)] { store(path, image); }, Qt::QueuedConnection);
        });
    }
    return {};
}

void ThumbnailCache::store(const QString& path, const QImage& image)
{
    m_pending.remove(path);
    if (image.isNull()) {
        m_broken.insert(path);
    } else {
        auto* pixmap = new QPixmap(QPixmap::fromImage(image));
        m_cache.insert(path, pixmap, int(qMax<qint64>(1, image.sizeInBytes() / 1024)));
    }
    emit thumbnailReady(path);
}

} // namespace pinstage
