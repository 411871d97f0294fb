// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "catalog/ImageFetcher.h"
#include "catalog/ImportReport.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>

namespace pinstage {

class Catalog;

/// The background half of ImageCache: lives on ImageCache's QThread and runs
/// ImageFetcher::processPending there, on a Catalog connection of its own.
///
/// Thread contract: created on the owner's thread and moved to the worker thread before first
/// use; run() is only ever called on the worker thread (ImageCache posts it as a queued call).
/// The Catalog is opened on the first run and closed in the destructor, both on the worker
/// thread (ImageCache deletes the worker through QThread::finished -> deleteLater). The
/// callbacks are called on the worker thread; they must not touch the owner's objects directly.
class ImageCacheWorker : public QObject {
    Q_OBJECT

public:
    using ResultCallback = std::function<void(qint64 imageId, const ImageFetcher::Result& result)>;
    using FinishedCallback = std::function<void(const ImportReport& report, int processed, bool cancelled)>;

    ImageCacheWorker(QString catalogPath, QString cacheDir);
    ~ImageCacheWorker() override;

    /// Thumbnails every pending image, stopping early once *cancel is true. onResult after each
    /// image; onFinished once at the end (a report with the broken and missing files as warnings,
    /// or a refusal when the catalog cannot be opened).
    void run(const std::atomic_bool& cancel, const ResultCallback& onResult, const FinishedCallback& onFinished);

private:
    QString m_catalogPath;
    QString m_cacheDir;
    std::unique_ptr<Catalog> m_catalog;
};

} // namespace pinstage
