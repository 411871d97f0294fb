// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QCache>
#include <QImage>
#include <QObject>
#include <QPixmap>
#include <QSet>
#include <QSize>
#include <QString>

class QThreadPool;

namespace pinstage {

/// Small square product photos for list rows, decoded and scaled off the main thread.
///
/// thumbnail() answers at once from memory, or returns a null pixmap and starts loading; when the
/// image is ready, thumbnailReady(path) is emitted and the next call has it. Loads run on a private
/// pool of one thread, so scrolling through 100,000 rows never decodes a photo on the UI thread.
/// Files that cannot be read are remembered and not retried.
///
/// Thread contract: main thread. Loader results come back by queued calls whose context is the
/// cache, so none arrive after it is destroyed (the destructor also drops queued loads and waits
/// for the running one).
class ThumbnailCache : public QObject {
    Q_OBJECT
public:
    explicit ThumbnailCache(QSize size, QObject* parent = nullptr);
    ~ThumbnailCache() override;

    QSize size() const { return m_size; }
    QPixmap thumbnail(const QString& path);
    bool isBroken(const QString& path) const { return m_broken.contains(path); }

signals:
    void thumbnailReady(const QString& path);

private:
    void store(const QString& path, const QImage& image);

    QSize m_size;
    QThreadPool* m_pool;
    QCache<QString, QPixmap> m_cache;
    QSet<QString> m_pending;
    QSet<QString> m_broken;
};

} // namespace pinstage
