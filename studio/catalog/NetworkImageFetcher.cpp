// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog/NetworkImageFetcher.h"

#include <QDeadlineTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>

#include <optional>

#if QT_CONFIG(ssl)
#include <QSslSocket>
#endif

namespace pinstage {

namespace {

    QString describeBytes(qint64 bytes)
    {
        constexpr qint64 mb = 1024 * 1024;
        if (bytes >= mb && bytes % mb == 0)
            return QStringLiteral("%1 MB").arg(bytes / mb);
        if (bytes >= 1024 && bytes % 1024 == 0)
            return QStringLiteral("%1 KB").arg(bytes / 1024);
        return QStringLiteral("%1 bytes").arg(bytes);
    }

    QString describeDuration(std::chrono::milliseconds ms)
    {
        if (ms.count() % 1000 == 0)
            return QStringLiteral("%1 s").arg(ms.count() / 1000);
        return QStringLiteral("%1 ms").arg(ms.count());
    }

    bool isFetchableScheme(const QUrl& url)
    {
        return url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https");
    }

    ImageFetcher::Result failure(ImageFetcher::Status status, const QString& url, const QString& why)
    {
        ImageFetcher::Result result;
        result.status = status;
        result.error = url + QStringLiteral(": ") + why;
        if (status == ImageFetcher::Status::Deferred)
            result.error += QStringLiteral("; tried again on the next run");
        return result;
    }

} // namespace

struct NetworkImageFetcher::Transfer {
    Job job;
    QDeadlineTimer deadline; ///< the whole transfer, redirects included
    int redirects = 0;
    bool stopped = false; ///< stopped by us: stopStatus and stopReason say why
    ImageFetcher::Status stopStatus = ImageFetcher::Status::Broken;
    QString stopReason;
};

struct NetworkImageFetcher::Batch {
    quint64 serial = 0;
    QList<Job> queue;
    qsizetype next = 0;
    ResultCallback onResult;
    DoneCallback onDone;
};

NetworkImageFetcher::NetworkImageFetcher(QString cacheDir, QObject* parent)
    : QObject(parent)
    , m_cacheDir(std::move(cacheDir))
{
}

NetworkImageFetcher::~NetworkImageFetcher()
{
    stopAll(); // no callback: whoever owns us is going away
}

void NetworkImageFetcher::fetch(const QList<Job>& jobs, ResultCallback onResult, DoneCallback onDone)
{
    abort();
    if (!m_manager) {
        m_manager = new QNetworkAccessManager(this);
        m_manager->setAutoDeleteReplies(false);
    }
    m_batch = std::make_unique<Batch>();
    m_batch->serial = ++m_batchSerial;
    m_batch->queue = jobs;
    m_batch->onResult = std::move(onResult);
    m_batch->onDone = std::move(onDone);
    // Started from the event loop: callbacks never run inside fetch().
    QMetaObject::invokeMethod(
        this,
        [this, serial = m_batch->serial] {
            if (m_batch && m_batch->serial == serial)
                startNext();
        },
        Qt::QueuedConnection);
}

void NetworkImageFetcher::abort()
{
    if (!m_batch)
        return;
    stopAll();
    const std::unique_ptr<Batch> batch = std::move(m_batch);
    if (batch->onDone)
        batch->onDone(true);
}

void NetworkImageFetcher::stopAll()
{
    const auto transfers = std::exchange(m_transfers, {});
    for (auto it = transfers.cbegin(); it != transfers.cend(); ++it) {
        QNetworkReply* reply = it.key();
        disconnect(reply, nullptr, this, nullptr); // its finished() must not report anything
        reply->abort();
        reply->deleteLater();
    }
}

bool NetworkImageFetcher::report(const Job& job, const ImageFetcher::Result& result)
{
    const quint64 serial = m_batch->serial;
    const ResultCallback onResult = m_batch->onResult; // a copy: the callback may end the batch
    if (onResult)
        onResult(job.imageId, result);
    return m_batch && m_batch->serial == serial;
}

void NetworkImageFetcher::startNext()
{
    while (m_batch && m_transfers.size() < std::max(1, m_limits.parallel) && m_batch->next < m_batch->queue.size()) {
        const Job job = m_batch->queue.at(m_batch->next++);
        startTransfer(job);
    }
    finishBatchIfDone();
}

void NetworkImageFetcher::startTransfer(const Job& job)
{
    const QUrl url(job.url);
    if (!url.isValid() || url.host().isEmpty()) {
        report(job, failure(ImageFetcher::Status::Broken, job.url, QStringLiteral("not a valid image URL")));
        return;
    }
    if (!isFetchableScheme(url)) {
        report(job,
            failure(ImageFetcher::Status::Broken, job.url,
                QStringLiteral("only http and https images are downloaded, not '%1'").arg(url.scheme())));
        return;
    }
    if (url.scheme() == QLatin1String("https")) {
#if QT_CONFIG(ssl)
        const bool tls = QSslSocket::supportsSsl();
#else
        const bool tls = false;
#endif
        if (!tls) {
            report(job,
                failure(ImageFetcher::Status::Deferred, job.url,
                    QStringLiteral("cannot download from %1: https is not available (no TLS backend; install OpenSSL)")
                        .arg(url.host())));
            return;
        }
    }

    auto transfer = std::make_shared<Transfer>();
    transfer->job = job;
    transfer->deadline = QDeadlineTimer(m_limits.timeout);
    request(transfer, url);
}

void NetworkImageFetcher::request(const std::shared_ptr<Transfer>& transfer, const QUrl& url)
{
    QNetworkRequest request(url);
    // Redirects are followed here, hop by hop (followRedirect): each target is checked before it
    // is asked for, and the hops count against one deadline.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("Pinstage image cache"));
    request.setRawHeader("Accept", "image/*");
    QNetworkReply* reply = m_manager->get(request);
    m_transfers.insert(reply, transfer);

    // Stops the transfer for a reason of ours; abort() then finishes it through finished().
    const auto stop = [reply, transfer](ImageFetcher::Status status, const QString& reason) {
        if (transfer->stopped)
            return;
        transfer->stopped = true;
        transfer->stopStatus = status;
        transfer->stopReason = reason;
        reply->abort();
    };
    const qint64 maxBytes = m_limits.maxBytes;
    const auto tooLarge = [maxBytes, stop, reply](qint64 bytes) {
        stop(ImageFetcher::Status::Broken,
            QStringLiteral("larger than %1 (%2 bytes), download from %3 stopped")
                .arg(describeBytes(maxBytes))
                .arg(bytes)
                .arg(reply->url().host()));
    };
    connect(reply, &QNetworkReply::metaDataChanged, this, [reply, maxBytes, tooLarge] {
        bool ok = false;
        const qint64 announced = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&ok);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (ok && announced > maxBytes && (status < 300 || status >= 400))
            tooLarge(announced);
    });
    connect(reply, &QNetworkReply::downloadProgress, this, [maxBytes, tooLarge](qint64 received, qint64 total) {
        if (received > maxBytes || total > maxBytes)
            tooLarge(std::max(received, total));
    });
    auto* timer = new QTimer(reply);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [stop, reply, timeout = m_limits.timeout] {
        stop(ImageFetcher::Status::Deferred,
            QStringLiteral("no complete answer from %1 within %2").arg(reply->url().host(), describeDuration(timeout)));
    });
    timer->start(std::max<qint64>(0, transfer->deadline.remainingTime()));
    connect(reply, &QNetworkReply::finished, this, [this, reply] { finishTransfer(reply); });
}

bool NetworkImageFetcher::followRedirect(QNetworkReply* reply, const std::shared_ptr<Transfer>& transfer)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QUrl location = reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl();
    if (transfer->stopped || status < 300 || status >= 400 || !location.isValid())
        return false;
    const QUrl target = reply->url().resolved(location);
    const QString host = reply->url().host();
    std::optional<ImageFetcher::Result> refused;
    if (!isFetchableScheme(target))
        refused = failure(ImageFetcher::Status::Broken, transfer->job.url,
            QStringLiteral("%1 redirects to '%2', only http and https are followed")
                .arg(host, target.toDisplayString()));
    else if (transfer->redirects >= m_limits.maxRedirects)
        refused = failure(ImageFetcher::Status::Broken, transfer->job.url,
            QStringLiteral("more than %1 redirects (last from %2)").arg(m_limits.maxRedirects).arg(host));
    if (refused) {
        if (report(transfer->job, *refused))
            startNext();
        return true;
    }
    ++transfer->redirects;
    request(transfer, target);
    return true;
}

void NetworkImageFetcher::finishTransfer(QNetworkReply* reply)
{
    const std::shared_ptr<Transfer> transfer = m_transfers.take(reply);
    reply->deleteLater();
    if (!transfer || !m_batch)
        return;
    if (followRedirect(reply, transfer))
        return;
    const ImageFetcher::Result result = outcome(reply, *transfer);
    if (report(transfer->job, result))
        startNext();
}

ImageFetcher::Result NetworkImageFetcher::outcome(QNetworkReply* reply, const Transfer& transfer) const
{
    const QString& url = transfer.job.url;
    if (transfer.stopped)
        return failure(transfer.stopStatus, url, transfer.stopReason);

    const QString host = reply->url().host(); // the host that answered, after any redirect
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int status = statusAttribute.toInt();
    if (reply->error() == QNetworkReply::NoError && status >= 200 && status < 300) {
        const QByteArray data = reply->readAll();
        if (data.size() > m_limits.maxBytes)
            return failure(ImageFetcher::Status::Broken, url,
                QStringLiteral("larger than %1, from %2").arg(describeBytes(m_limits.maxBytes), host));
        if (data.isEmpty())
            return failure(ImageFetcher::Status::Broken, url,
                QStringLiteral("%1 answered with an empty body, not an image").arg(host));
        return ImageFetcher(m_cacheDir)
            .fromData(data, url, QStringLiteral("%1: what %2 sent is not an image: ").arg(url, host));
    }
    if (reply->error() == QNetworkReply::TooManyRedirectsError)
        return failure(ImageFetcher::Status::Broken, url,
            QStringLiteral("more than %1 redirects (last from %2)").arg(m_limits.maxRedirects).arg(host));
    if (statusAttribute.isValid() && (status < 200 || status >= 300)) {
        // Busy or failing servers are asked again later; anything else is the image's own problem.
        const bool transient = status == 408 || status == 429 || status >= 500;
        const QString why = QStringLiteral("HTTP %1 from %2").arg(status).arg(host);
        return failure(transient ? ImageFetcher::Status::Deferred : ImageFetcher::Status::Broken, url, why);
    }
    switch (reply->error()) {
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
    case QNetworkReply::InsecureRedirectError:
        return failure(ImageFetcher::Status::Broken, url,
            QStringLiteral("cannot download from %1: %2").arg(host, reply->errorString()));
    case QNetworkReply::SslHandshakeFailedError:
        return failure(ImageFetcher::Status::Deferred, url,
            QStringLiteral("secure connection to %1 failed: %2").arg(host, reply->errorString()));
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::UnknownContentError:
    case QNetworkReply::ContentReSendError:
        return failure(ImageFetcher::Status::Broken, url,
            QStringLiteral("%1 sent a broken answer: %2").arg(host, reply->errorString()));
    default:
        // No network, DNS failure, refused or dropped connection, proxy trouble: not the image's fault.
        return failure(
            ImageFetcher::Status::Deferred, url, QStringLiteral("cannot reach %1: %2").arg(host, reply->errorString()));
    }
}

void NetworkImageFetcher::finishBatchIfDone()
{
    if (!m_batch || m_batch->next < m_batch->queue.size() || !m_transfers.isEmpty())
        return;
    const std::unique_ptr<Batch> batch = std::move(m_batch);
    if (batch->onDone)
        batch->onDone(false);
}

} // namespace pinstage
