// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "catalog/ImageFetcher.h"
#include "catalog/ImportReport.h"
#include "catalog/NetworkImageFetcher.h"

#include <QImage>
#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

namespace pinstage {

class ImageCacheWorker;

/// Turns the catalog's pending images into cached thumbnails in the background.
///
/// Owns one worker on its own low-priority QThread; the worker opens its own Catalog on the same
/// file (a Catalog belongs to the thread that opened it), thumbnails local files there and then
/// downloads http(s) photos with NetworkImageFetcher (its limits: parallel requests, timeout, size
/// cap, redirects), so neither the UI nor the stream ever waits for an image.
///
/// Thread contract: create, call and destroy on one thread (the owner's, normally the UI
/// thread); the signals are emitted on that thread. Each start() begins a new run (a
/// generation): the run before it is cancelled and its late results are dropped, so a signal
/// always belongs to the latest run. cancel() stops the current run after the image being
/// decoded and aborts downloads in flight at once; finished() still follows, with cancelled =
/// true. The destructor cancels, then quit()s and wait()s for the thread: it blocks for at most
/// one local image (downloads are aborted, not awaited), and the worker never reports to a
/// destroyed ImageCache (its queued calls die with the object).
class ImageCache : public QObject {
    Q_OBJECT

public:
    /// catalogPath: the catalog file; cacheDir: where thumbnails go (ImageFetcher::cacheDirIn).
    ImageCache(const QString& catalogPath, const QString& cacheDir, QObject* parent = nullptr);
    ~ImageCache() override;

    /// Processes every image still pending, in the background. Cancels a run in progress.
    void start();
    /// Stops the current run early; images already cached stay cached.
    void cancel();
    /// True from start() until finished() of that run.
    bool isRunning() const { return m_running; }
    /// Limits for the downloads of the runs started after this call (tests shorten the timeout).
    void setNetworkLimits(const NetworkImageFetcher::Limits& limits) { m_limits = limits; }
    const NetworkImageFetcher::Limits& networkLimits() const { return m_limits; }

    /// What a list row shows while a photo is missing or not cached yet: a neutral tile with a
    /// simple landscape glyph. (The overlay card draws its own placeholder.)
    static QImage placeholder(const QSize& size);

signals:
    /// One image was handled: Cached (cachedPath is set), Broken, Missing, or Deferred (a URL
    /// that could not be fetched now, e.g. no network; it stays pending). error says why for people.
    void imageProcessed(
        qint64 imageId, pinstage::ImageFetcher::Status status, const QString& cachedPath, const QString& error);
    /// The run ended: processed images counted, broken and missing files as warnings in report.
    void finished(const pinstage::ImportReport& report, int processed, bool cancelled);

private:
    QThread m_thread;
    ImageCacheWorker* m_worker = nullptr; ///< lives on m_thread; deleted there when it finishes
    std::shared_ptr<std::atomic_bool> m_cancel;
    quint64 m_generation = 0;
    NetworkImageFetcher::Limits m_limits;
    bool m_running = false;
};

} // namespace pinstage
