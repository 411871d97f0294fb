// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog/ImageCache.h"

#include "catalog/ImageCacheWorker.h"

#include <QPainter>
#include <QPolygonF>

namespace pinstage {

ImageCache::ImageCache(const QString& catalogPath, const QString& cacheDir, QObject* parent)
    : QObject(parent)
    , m_worker(new ImageCacheWorker(catalogPath, cacheDir))
{
    m_thread.setObjectName(QStringLiteral("ImageCache"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start(QThread::LowPriority);
}

ImageCache::~ImageCache()
{
    if (m_cancel)
        m_cancel->store(true);
    m_thread.quit();
    m_thread.wait();
    // The worker was deleted on its thread; results still queued for this object are discarded
    // with it.
}

void ImageCache::start()
{
    if (m_cancel)
        m_cancel->store(true); // the previous run stops after its current image
    m_cancel = std::make_shared<std::atomic_bool>(false);
    const quint64 generation = ++m_generation;
    m_running = true;

    // `self` is only used as the context of queued calls back to this thread. That is safe: the
    // destructor waits for the worker thread, so no call is posted once this object is gone, and
    // calls still queued are dropped when it is destroyed.
    ImageCache* self = this;
    ImageCacheWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        m_worker,
        [worker, self, generation, cancel = m_cancel, limits = m_limits] {
            worker->run(
                cancel, limits,
                [self, generation](qint64 imageId, const ImageFetcher::Result& result) {
                    QMetaObject::invokeMethod(
                        self,
                        [self, generation, imageId, result] {
                            if (generation == self->m_generation)
                                emit self->imageProcessed(imageId, result.status, result.cachedPath, result.error);
                        },
                        Qt::QueuedConnection);
                },
                [self, generation](const ImportReport& report, int processed, bool cancelled) {
                    QMetaObject::invokeMethod(
                        self,
                        [self, generation, report, processed, cancelled] {
                            if (generation != self->m_generation)
                                return;
                            self->m_running = false;
                            emit self->finished(report, processed, cancelled);
                        },
                        Qt::QueuedConnection);
                });
        },
        Qt::QueuedConnection);
}

void ImageCache::cancel()
{
    if (!m_cancel)
        return;
    m_cancel->store(true); // local files: the run stops after the image being decoded
    // Downloads: aborted as soon as the worker's event loop runs, i.e. at once while it waits for
    // the network. (A later run's downloads are not touched: run() aborts older ones itself and
    // this call only comes before it.)
    QMetaObject::invokeMethod(m_worker, &ImageCacheWorker::abortRun, Qt::QueuedConnection);
}

QImage ImageCache::placeholder(const QSize& size)
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(QColor(0xe6, 0xe6, 0xea));
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0xb8, 0xb8, 0xc2));
    const qreal w = size.width(), h = size.height();
    painter.drawEllipse(QPointF(w * 0.68, h * 0.32), w * 0.08, w * 0.08); // the sun
    painter.drawPolygon(QPolygonF({ QPointF(w * 0.15, h * 0.8), QPointF(w * 0.4, h * 0.45), QPointF(w * 0.58, h * 0.66),
        QPointF(w * 0.7, h * 0.55), QPointF(w * 0.85, h * 0.8) }));
    return image;
}

} // namespace pinstage
