// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog/ImageFetcher.h"

#include "catalog/Catalog.h"
#include "catalog/ImportReport.h"
#include "catalog/SqliteStatement.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>

namespace pinstage {

namespace {
    constexpr int thumbnailSize = 480;
}

ImageFetcher::ImageFetcher(QString cacheDir)
    : m_cacheDir(std::move(cacheDir))
{
}

QString ImageFetcher::cacheDirIn(const QString& dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("cache/images"));
}

QString ImageFetcher::statusId(Status status)
{
    switch (status) {
    case Status::Cached:
        return QStringLiteral("cached");
    case Status::Broken:
        return QStringLiteral("broken");
    case Status::Missing:
        return QStringLiteral("missing");
    case Status::Deferred:
        return QStringLiteral("deferred");
    }
    return {};
}

bool ImageFetcher::isNetworkSource(const QString& source)
{
    return source.startsWith(QLatin1String("http://"), Qt::CaseInsensitive)
        || source.startsWith(QLatin1String("https://"), Qt::CaseInsensitive);
}

ImageFetcher::Result ImageFetcher::fetch(const QString& source) const
{
    Result result;
    if (isNetworkSource(source)) {
        result.status = Status::Deferred;
        result.error = QStringLiteral(
            "%1: not downloaded here; the app fetches it in the background, or `pinstage catalog images`")
                           .arg(source);
        return result;
    }
    const QFileInfo info(source);
    if (!info.isFile()) {
        result.status = Status::Missing;
        result.error = QStringLiteral("image %1 does not exist").arg(QDir::toNativeSeparators(source));
        return result;
    }
    QImageReader reader(source);
    reader.setAutoTransform(true);
    const QImage image = reader.read();
    if (image.isNull()) {
        result.status = Status::Broken;
        result.error
            = QStringLiteral("image %1 cannot be read: %2").arg(QDir::toNativeSeparators(source), reader.errorString());
        return result;
    }
    // Named after the source and its modification time: a changed file gets a new cache entry.
    return store(image, source.toUtf8() + '\n' + QByteArray::number(info.lastModified().toMSecsSinceEpoch()));
}

ImageFetcher::Result ImageFetcher::fromData(
    const QByteArray& data, const QString& source, const QString& unreadableWhy) const
{
    QBuffer buffer;
    buffer.setData(data);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setAutoTransform(true);
    const QImage image = reader.read();
    if (image.isNull()) {
        Result result;
        result.status = Status::Broken;
        result.error = unreadableWhy + reader.errorString();
        return result;
    }
    // Named after the URL and the content: a changed photo behind the same URL gets a new entry.
    return store(image, source.toUtf8() + '\n' + QCryptographicHash::hash(data, QCryptographicHash::Sha1));
}

ImageFetcher::Result ImageFetcher::store(QImage image, const QByteArray& cacheKey) const
{
    Result result;
    if (image.width() > thumbnailSize || image.height() > thumbnailSize)
        image = image.scaled(thumbnailSize, thumbnailSize, Qt::KeepAspectRatio, Qt::SmoothTransformation);

    const bool alpha = image.hasAlphaChannel();
    const QString fileName = QString::fromLatin1(QCryptographicHash::hash(cacheKey, QCryptographicHash::Sha1).toHex())
        + (alpha ? QStringLiteral(".png") : QStringLiteral(".jpg"));
    if (!QDir().mkpath(m_cacheDir)) {
        result.status = Status::Broken;
        result.error
            = QStringLiteral("cannot create the image cache folder %1").arg(QDir::toNativeSeparators(m_cacheDir));
        return result;
    }
    const QString target = QDir(m_cacheDir).filePath(fileName);
    const QString temporary = target + QStringLiteral(".part");
    if (!image.save(temporary, alpha ? "PNG" : "JPG", alpha ? -1 : 88)
        || !(QFile::remove(target), QFile::rename(temporary, target))) {
        QFile::remove(temporary);
        result.status = Status::Broken;
        result.error = QStringLiteral("cannot write the cached image %1").arg(QDir::toNativeSeparators(target));
        return result;
    }
    result.status = Status::Cached;
    result.cachedPath = target;
    return result;
}

QList<ImageFetcher::PendingImage> ImageFetcher::pendingImages(Catalog& catalog)
{
    QList<PendingImage> pending;
    SqliteStatement q(catalog.handle(),
        "SELECT i.id, i.source, p.handle FROM images i JOIN products p ON p.id = i.product_id"
        " WHERE i.fetch_status = 'pending' ORDER BY i.id");
    while (q.step())
        pending.append({ q.int64(0), q.text(1), q.text(2) });
    return pending;
}

void ImageFetcher::storeResult(Catalog& catalog, const PendingImage& image, const Result& result, ImportReport* report)
{
    if (result.status == Status::Deferred) {
        // Stays 'pending' (picked up by the next run); the reason is kept for people.
        SqliteStatement update(catalog.handle(), "UPDATE images SET fetch_error = ?2 WHERE id = ?1");
        update.bind(1, image.id);
        update.bind(2, result.error);
        update.exec();
        return;
    }
    SqliteStatement update(
        catalog.handle(), "UPDATE images SET fetch_status = ?2, cached_path = ?3, fetch_error = ?4 WHERE id = ?1");
    update.bind(1, image.id);
    update.bind(2, statusId(result.status));
    update.bind(3, result.cachedPath);
    update.bind(4, result.error);
    update.exec();
    if (report && (result.status == Status::Broken || result.status == Status::Missing))
        report->warn(0, QString(), QStringLiteral("product '%1': %2").arg(image.handle, result.error));
}

int ImageFetcher::processPending(Catalog& catalog, const QString& cacheDir, ImportReport* report,
    const std::atomic_bool* cancel, const std::function<void(qint64, const Result&)>& onResult)
{
    const QList<PendingImage> pending = pendingImages(catalog);
    const ImageFetcher fetcher(cacheDir);
    int done = 0;
    for (const PendingImage& image : pending) {
        if (cancel && cancel->load())
            break;
        const Result result = fetcher.fetch(image.source);
        if (result.status == Status::Deferred) {
            // Left 'pending' and untouched: the background cache or `catalog images` downloads it.
            if (onResult)
                onResult(image.id, result);
            continue;
        }
        storeResult(catalog, image, result, report);
        if (onResult)
            onResult(image.id, result);
        ++done;
    }
    return done;
}

} // namespace pinstage
