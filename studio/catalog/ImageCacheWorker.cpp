// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog/ImageCacheWorker.h"

#include "catalog/Catalog.h"

namespace pinstage {

/// What one run carries from its local part into its download part.
struct ImageCacheWorker::Run {
    ImportReport report;
    int processed = 0;
    QHash<qint64, ImageFetcher::PendingImage> remote;
};

ImageCacheWorker::ImageCacheWorker(QString catalogPath, QString cacheDir)
    : m_catalogPath(std::move(catalogPath))
    , m_cacheDir(std::move(cacheDir))
{
}

ImageCacheWorker::~ImageCacheWorker()
{
    delete m_network; // aborts downloads in flight, without callbacks, before the catalog goes
    m_network = nullptr;
}

void ImageCacheWorker::abortRun()
{
    if (m_network)
        m_network->abort();
}

void ImageCacheWorker::run(const CancelFlag& cancel, const NetworkImageFetcher::Limits& limits,
    const ResultCallback& onResult, const FinishedCallback& onFinished)
{
    abortRun(); // a run still downloading belongs to an older generation
    auto state = std::make_shared<Run>();
    state->report.fileName = m_catalogPath;
    if (cancel->load()) {
        state->report.cancelled = true;
        onFinished(state->report, 0, true);
        return;
    }
    if (!m_catalog) {
        QString error;
        m_catalog = Catalog::open(m_catalogPath, &error);
        if (!m_catalog) {
            state->report.refuse(error);
            onFinished(state->report, 0, false);
            return;
        }
    }

    // Local files: decoded right here, one after the other.
    const ImageFetcher fetcher(m_cacheDir);
    QList<NetworkImageFetcher::Job> jobs;
    for (const ImageFetcher::PendingImage& image : ImageFetcher::pendingImages(*m_catalog)) {
        if (cancel->load())
            break;
        if (ImageFetcher::isNetworkSource(image.source)) {
            jobs.append({ image.id, image.source });
            state->remote.insert(image.id, image);
            continue;
        }
        const ImageFetcher::Result result = fetcher.fetch(image.source);
        ImageFetcher::storeResult(*m_catalog, image, result, &state->report);
        onResult(image.id, result);
        ++state->processed;
    }
    if (cancel->load() || jobs.isEmpty()) {
        state->report.cancelled = cancel->load();
        onFinished(state->report, state->processed, state->report.cancelled);
        return;
    }

    // URLs: downloaded while this thread's event loop runs; abortRun() stops them at once.
    if (!m_network)
        m_network = new NetworkImageFetcher(m_cacheDir, this);
    m_network->setLimits(limits);
    Catalog* catalog = m_catalog.get();
    m_network->fetch(
        jobs,
        [catalog, state, cancel, onResult](qint64 imageId, const ImageFetcher::Result& result) {
            ImageFetcher::storeResult(*catalog, state->remote.value(imageId), result, &state->report);
            onResult(imageId, result);
            if (result.status != ImageFetcher::Status::Deferred)
                ++state->processed;
        },
        [state, cancel, onFinished](bool aborted) {
            state->report.cancelled = aborted || cancel->load();
            onFinished(state->report, state->processed, state->report.cancelled);
        });
}

} // namespace pinstage
