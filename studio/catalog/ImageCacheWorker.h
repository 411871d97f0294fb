// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "catalog/ImageFetcher.h"
#include "catalog/ImportReport.h"
#include "catalog/NetworkImageFetcher.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>

namespace pinstage {

class Catalog;

/// The background half of ImageCache: lives on ImageCache's QThread, thumbnails local files there
/// (ImageFetcher) and then downloads the URLs (NetworkImageFetcher), on a Catalog connection of
/// its own.
///
/// Thread contract: created on the owner's thread and moved to the worker thread before first
/// use; run() and abortRun() are only ever called on the worker thread (ImageCache posts them as
/// queued calls). The Catalog and the network fetcher are created on the first run and destroyed
/// in the destructor, both on the worker thread (ImageCache deletes the worker through
/// QThread::finished -> deleteLater); the destructor aborts downloads in flight and reports
/// nothing. The callbacks are called on the worker thread; they must not touch the owner's
/// objects directly.
class ImageCacheWorker : public QObject {
    Q_OBJECT

public:
    using ResultCallback = std::function<void(qint64 imageId, const ImageFetcher::Result& result)>;
    using FinishedCallback = std::function<void(const ImportReport& report, int processed, bool cancelled)>;
    using CancelFlag = std::shared_ptr<const std::atomic_bool>;

    ImageCacheWorker(QString catalogPath, QString cacheDir);
    ~ImageCacheWorker() override;

    /// Thumbnails every pending image, local files first (synchronously, checking *cancel between
    /// them), then downloads the URLs while the thread's event loop runs. Returns before the
    /// downloads end: onResult after each image; onFinished once at the end (a report with the
    /// broken and missing images as warnings, or a refusal when the catalog cannot be opened).
    /// A run still downloading is aborted first (its onFinished says cancelled).
    void run(const CancelFlag& cancel, const NetworkImageFetcher::Limits& limits, const ResultCallback& onResult,
        const FinishedCallback& onFinished);
    /// Aborts the downloads of the current run at once; its onFinished follows with cancelled.
    void abortRun();

private:
    struct Run;

    QString m_catalogPath;
    QString m_cacheDir;
    std::unique_ptr<Catalog> m_catalog;
    NetworkImageFetcher* m_network = nullptr; ///< child, created on the first run
};

} // namespace pinstage
