// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "catalog/ImageFetcher.h"

#include <QHash>
#include <QList>
#include <QObject>

#include <chrono>
#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QUrl;

namespace pinstage {

/// Downloads http(s) product photos and caches them through ImageFetcher::fromData (the same
/// decode and thumbnail path as local files).
///
/// At most Limits::parallel requests at a time; each one is stopped after Limits::timeout in total,
/// after more than Limits::maxBytes (announced or received), or after more than
/// Limits::maxRedirects redirects; redirects only go to http(s).
///
/// Outcomes: Cached; Broken when the image itself is the problem (HTTP 4xx, not an image, too
/// large, too many redirects, a scheme other than http/https); Deferred, so the image stays
/// pending and is tried on the next run, when the way to it is (no network, DNS failure,
/// connection refused, timeout, TLS unavailable or failing, HTTP 408/429/5xx). Every error names
/// the URL, the host and the reason.
///
/// Thread contract: create, call and destroy on one thread with an event loop (ImageCacheWorker's
/// thread, or the command line's); the network manager is created there on the first fetch().
/// Callbacks are called on that thread from the event loop, never from inside fetch(). abort() and
/// the destructor stop every request at once; the destructor calls no callback.
class NetworkImageFetcher : public QObject {
    Q_OBJECT

public:
    struct Limits {
        int parallel = 4;
        std::chrono::milliseconds timeout { 15000 };
        qint64 maxBytes = 15 * 1024 * 1024;
        int maxRedirects = 5;
    };
    struct Job {
        qint64 imageId = 0;
        QString url;
    };
    using ResultCallback = std::function<void(qint64 imageId, const ImageFetcher::Result& result)>;
    /// cancelled: abort() ended the batch; the jobs not reported stay pending.
    using DoneCallback = std::function<void(bool cancelled)>;

    explicit NetworkImageFetcher(QString cacheDir, QObject* parent = nullptr);
    ~NetworkImageFetcher() override;

    void setLimits(const Limits& limits) { m_limits = limits; }
    const Limits& limits() const { return m_limits; }

    /// Starts a batch; onResult after each job, onDone once when all are reported (also for an
    /// empty batch, from the event loop). A batch still running is aborted first (its onDone(true)).
    void fetch(const QList<Job>& jobs, ResultCallback onResult, DoneCallback onDone);
    /// Stops the running batch now: requests in flight are aborted, nothing more is reported but
    /// onDone(true).
    void abort();
    bool isBusy() const { return m_batch != nullptr; }

private:
    struct Transfer;
    struct Batch;

    void startNext();
    void startTransfer(const Job& job);
    /// Sends one request of TRANSFER (the first, or a redirect hop) within its overall deadline.
    void request(const std::shared_ptr<Transfer>& transfer, const QUrl& url);
    /// Follows a 3xx answer of TRANSFER; false when REPLY is not a redirect.
    bool followRedirect(QNetworkReply* reply, const std::shared_ptr<Transfer>& transfer);
    void finishTransfer(QNetworkReply* reply);
    ImageFetcher::Result outcome(QNetworkReply* reply, const Transfer& transfer) const;
    void finishBatchIfDone();
    void stopAll();
    /// Calls the batch's onResult; false when the callback ended the batch (abort() or a new fetch()).
    bool report(const Job& job, const ImageFetcher::Result& result);

    QString m_cacheDir;
    Limits m_limits;
    QNetworkAccessManager* m_manager = nullptr; ///< child, created on the first fetch()
    std::unique_ptr<Batch> m_batch;
    quint64 m_batchSerial = 0;
    QHash<QNetworkReply*, std::shared_ptr<Transfer>> m_transfers;
};

} // namespace pinstage
