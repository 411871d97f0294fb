// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QImage>
#include <QList>
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
/// It never touches the network: fetch() reports http(s) sources as Deferred (they stay pending);
/// NetworkImageFetcher downloads them and hands the bytes to fromData(), which decodes and
/// thumbnails them exactly as fetch() does a local file.
class ImageFetcher {
public:
    /// Deferred: not handled now, the image stays 'pending' and is tried again on the next run
    /// (a URL on a path that does not download, or a network that is not there right now).
    enum class Status { Cached, Broken, Missing, Deferred };
    struct Result {
        Status status = Status::Missing;
        QString cachedPath;
        QString error; ///< for people: names the source and the reason
    };
    /// An image of the catalog still waiting to be fetched.
    struct PendingImage {
        qint64 id = 0;
        QString source;
        QString handle; ///< of its product, for the report
    };

    explicit ImageFetcher(QString cacheDir);

    Result fetch(const QString& source) const;
    /// Decodes downloaded bytes and caches the thumbnail, as fetch() does with a file. source (the
    /// URL) names the cache entry together with the content; unreadable data is Broken with
    /// `unreadableWhy` + the decoder's reason as the error.
    Result fromData(const QByteArray& data, const QString& source, const QString& unreadableWhy) const;

    /// True for http:// and https:// sources (which only NetworkImageFetcher fetches).
    static bool isNetworkSource(const QString& source);
    /// Every image of the catalog still 'pending', in id order.
    static QList<PendingImage> pendingImages(Catalog& catalog);
    /// Stores the outcome of one image (a Deferred one stays 'pending', only its error is kept)
    /// and adds a broken or missing one to *report (when given) as a warning.
    static void storeResult(Catalog& catalog, const PendingImage& image, const Result& result, ImportReport* report);

    /// DATA_DIR/cache/images
    static QString cacheDirIn(const QString& dataDir);
    /// The image status as stored in images.fetch_status.
    static QString statusId(Status status);

    /// Fetches every image of the catalog still waiting ('pending'), stores each outcome (URLs
    /// are not downloaded: they stay pending and are reported to onResult as Deferred), and
    /// adds broken or missing files to *report (when given) as warnings. onResult, when set, is
    /// called after each image with its id. Stops early when *cancel becomes true. Returns how
    /// many images were processed.
    static int processPending(Catalog& catalog, const QString& cacheDir, ImportReport* report = nullptr,
        const std::atomic_bool* cancel = nullptr,
        const std::function<void(qint64 imageId, const Result&)>& onResult = {});

private:
    Result store(QImage image, const QByteArray& cacheKey) const;

    QString m_cacheDir;
};

} // namespace pinstage
