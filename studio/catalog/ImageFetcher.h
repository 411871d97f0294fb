// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

#include <atomic>
#include <functional>

namespace pinstage {

class Catalog;
class ImportReport;

/// Turns one image source into a cached thumbnail (at most 480x480) in the cache folder.
/// Synchronous and stateless: ImageCache runs it on its worker thread, the command line and the
/// demo seed run it directly. Uses QImage only (no QGuiApplication needed).
///
/// There is no network client in this build (Qt Network is not a dependency): http(s) sources
/// are reported as Deferred and stay queued for a build that has one.
class ImageFetcher {
public:
    enum class Status { Cached, Broken, Missing, Deferred };
    struct Result {
        Status status = Status::Missing;
        QString cachedPath;
        QString error; ///< for people: names the source and the reason
    };

    explicit ImageFetcher(QString cacheDir);

    Result fetch(const QString& source) const;

    /// DATA_DIR/cache/images
    static QString cacheDirIn(const QString& dataDir);
    /// The image status as stored in images.fetch_status.
    static QString statusId(Status status);

    /// Fetches every image of the catalog still waiting ('pending'), stores each outcome (URLs
    /// stay pending and are only reported to onResult as Deferred), and
    /// adds broken or missing files to *report (when given) as warnings. onResult, when set, is
    /// called after each image with its id. Stops early when *cancel becomes true. Returns how
    /// many images were processed.
    static int processPending(Catalog& catalog, const QString& cacheDir, ImportReport* report = nullptr,
                              const std::atomic_bool* cancel = nullptr,
                              const std::function<void(qint64 imageId, const Result&)>& onResult = {});

private:
    QString m_cacheDir;
};

} // namespace pinstage
