// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog/ImageCacheWorker.h"

#include "catalog/Catalog.h"

namespace pinstage {

ImageCacheWorker::ImageCacheWorker(QString catalogPath, QString cacheDir)
    : m_catalogPath(std::move(catalogPath))
    , m_cacheDir(std::move(cacheDir))
{
}

ImageCacheWorker::~ImageCacheWorker() = default;

void ImageCacheWorker::run(const std::atomic_bool& cancel, const ResultCallback& onResult, const FinishedCallback& onFinished)
{
    ImportReport report;
    report.fileName = m_catalogPath;
    if (cancel.load()) {
        report.cancelled = true;
        onFinished(report, 0, true);
        return;
    }
    if (!m_catalog) {
        QString error;
        m_catalog = Catalog::open(m_catalogPath, &error);
        if (!m_catalog) {
            report.refuse(error);
            onFinished(report, 0, false);
            return;
        }
    }
    const int processed = ImageFetcher::processPending(*m_catalog, m_cacheDir, &report, &cancel, onResult);
    report.cancelled = cancel.load();
    onFinished(report, processed, report.cancelled);
}

} // namespace pinstage
