// SPDX-License-Identifier: GPL-2.0-or-later
#include "output/StreamOutput.h"

#include "obs/IngestService.h"
#include "obs/ObsContext.h"
#include "obs/ObsLog.h"
#include "output/EncoderSet.h"
#include "output/IngestUrl.h"
#include "output/ShowOutputs.h"
#include "util/Clock.h"

#include <QHostAddress>
#include <QMetaObject>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <thread>

namespace pinstage {
namespace {

    std::atomic<bool> s_mpegTsOutputUsed { false };

    QString lastErrorOf(obs_output_t* output)
    {
        const char* error = output ? obs_output_get_last_error(output) : nullptr;
        return error ? ObsLog::redact(QString::fromUtf8(error)) : QString();
    }

    constexpr int kWatchdogMs = 500;
    constexpr int kIdentifyMs = 10; // while connecting only: two small /proc reads per connect thread
    // A connect to an ingest port waits while a sibling's connect to that port has not told its
    // socket apart yet (see StreamOutput::siblingConnectPending()): looked at this often, at most this long.
    constexpr int kSiblingPollMs = 5;
    constexpr int kSiblingWaitMaxMs = 1000;

    /// Every StreamOutput of the process (main thread only): siblings see each other's connects.
    QList<const StreamOutput*>& allStreamOutputs()
    {
        static QList<const StreamOutput*> all;
        return all;
    }
    // A refused key after the same key had been accepted in this stream (the server may still hold
    // the lost session): attempts before giving up.
    constexpr int kMaxRefusedKeys = 5;

    // ---- What librtmp says about a failed connect (issue 11) ----
    // libobs's RTMP output sets its last error from librtmp's error code only for a few codes, in
    // the locale's words (the certificate one is "The RTMP server sent an invalid SSL certificate."
    // in English); its log lines are librtmp's own, in English, and name the cause. They are logged
    // on the output's connect thread, and a failed connect signals "stop" on that same thread
    // (obs_output_signal_stop -> signal_stop: no data capture was begun). A log handler chained in
    // front of the application's therefore notes, per thread, what the connect thread said; the
    // "stop" callback reads it there. Nothing else is changed: every line goes on to the handler
    // that was installed before.
    struct ThreadConnectLog {
        bool certificate = false;
        char certificateDetail[200] = {};
        char cause[80] = {};
    };
    thread_local ThreadConnectLog t_connectLog;
    std::atomic<log_handler_t> s_nextLogHandler { nullptr };
    std::atomic<void*> s_nextLogParam { nullptr };

    void connectLogHandler(int level, const char* format, va_list args, void* param)
    {
        if (format) {
            char line[1024];
            va_list copy;
            va_copy(copy, args);
            std::vsnprintf(line, sizeof line, format, copy);
            va_end(copy);
            const QString text = QString::fromUtf8(line);
            QString detail;
            if (StreamOutput::isCertificateVerifyFailure(text, &detail)) {
                t_connectLog.certificate = true;
                std::snprintf(t_connectLog.certificateDetail, sizeof t_connectLog.certificateDetail, "%s",
                    detail.toUtf8().constData());
            } else if (text.contains(QLatin1String("(ECONNREFUSED)"))) {
                std::snprintf(t_connectLog.cause, sizeof t_connectLog.cause, "the connection was refused");
            } else if (text.startsWith(QLatin1String("Could not resolve"))) {
                std::snprintf(t_connectLog.cause, sizeof t_connectLog.cause, "the host name was not found");
            } else if (text.contains(QLatin1String("(ETIMEDOUT)"))) {
                std::snprintf(t_connectLog.cause, sizeof t_connectLog.cause, "the connection timed out");
            }
        }
        (void)param;
        if (const log_handler_t next = s_nextLogHandler.load())
            next(level, format, args, s_nextLogParam.load());
    }

    /// Puts connectLogHandler in front of the current libobs log handler (again, if something
    /// replaced it since). Main thread, before an attempt.
    void watchConnectLog()
    {
        log_handler_t current = nullptr;
        void* param = nullptr;
        base_get_log_handler(&current, &param);
        if (current == connectLogHandler)
            return;
        s_nextLogParam = param;
        s_nextLogHandler = current;
        base_set_log_handler(connectLogHandler, nullptr);
    }

    /// Takes (and clears) what this thread's librtmp said about its connect.
    ThreadConnectLog takeConnectLog()
    {
        ThreadConnectLog log = t_connectLog;
        t_connectLog = {};
        return log;
    }

} // namespace

StreamOutput::StreamOutput(EncoderSet& encoders, Clock& clock, QObject* parent)
    : QObject(parent)
    , m_encoders(encoders)
    , m_clock(clock)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &StreamOutput::onRetryTimer);
    m_tickTimer.setInterval(1000);
    connect(&m_tickTimer, &QTimer::timeout, this, [this] {
        const int s = reconnectInSeconds();
        if (s >= 0)
            emit reconnectIn(s);
    });
    m_watchdog.setInterval(kWatchdogMs);
    connect(&m_watchdog, &QTimer::timeout, this, &StreamOutput::onWatchdog);
    m_stopDeadline.setSingleShot(true);
    connect(&m_stopDeadline, &QTimer::timeout, this, &StreamOutput::onStopDeadline);
    allStreamOutputs().append(this);
    m_siblingWait.setInterval(kSiblingPollMs);
    connect(&m_siblingWait, &QTimer::timeout, this, [this] {
        if (!m_active || !m_connectWaiting) {
            m_siblingWait.stop();
            return;
        }
        const qint64 waited = m_clock.monotonicMs() - m_connectWaitStartedMs;
        if (siblingConnectPending() && waited < kSiblingWaitMaxMs)
            return;
        m_siblingWait.stop();
        blog(LOG_INFO, "[pinstage] connecting after a sibling destination's connect to the same port (%lld ms)",
            static_cast<long long>(waited));
        QString error;
        if (!beginConnect(&error))
            failedTry(error);
    });
    // While an attempt connects, its connect thread is seen blocked on its socket (connect, the
    // handshake): claimed at sight, it is then told apart from a sibling's connecting at once.
    m_identifyTimer.setInterval(kIdentifyMs);
    connect(&m_identifyTimer, &QTimer::timeout, this, [this] {
        if (!m_inFlight || m_socket.fd >= 0) {
            m_identifyTimer.stop();
            return;
        }
        for (const IngestSocket::Connection& c : IngestSocket::blockedOn(m_connectThreads, m_endpoint)) {
            if (!IngestSocket::isClaimed(c.inode)) {
                m_socket = c;
                IngestSocket::claim(c.inode);
                m_identifyTimer.stop();
                return;
            }
        }
    });
}

StreamOutput::~StreamOutput()
{
    allStreamOutputs().removeAll(this);
    // Never wait on the network here: a connection that does not answer is aborted, and the
    // output is released on a background thread (libobs's destroy joins its connect and send
    // threads); ObsContext waits (bounded) for such releases before libobs shuts down.
    if (m_output && m_active && m_connected && m_socket.fd >= 0)
        IngestSocket::abort(m_socket);
    if (m_output && m_active && m_connected)
        obs_output_stop(m_output);
    abandonOutput();
}

void StreamOutput::abandonOutput()
{
    m_startSignal.Disconnect();
    m_stopSignal.Disconnect();
    m_reconnectSignal.Disconnect();
    m_reconnectedSignal.Disconnect();
    if (m_socket.inode)
        IngestSocket::release(m_socket.inode);
    m_socket = {};
    if (m_output || m_service) {
        ObsContext::releaseInBackground(
            [output = OBSOutput(m_output.Get()), service = OBSService(m_service.Get())]() mutable {
                output = nullptr;
                service = nullptr;
            });
    }
    m_output = nullptr;
    m_service = nullptr;
}

int StreamOutput::retryDelayMs(const ReconnectPolicy& policy, qint64 sinceOutageMs, int slowAttempt)
{
    if (sinceOutageMs < policy.quickWindowMs)
        return std::max(0, policy.quickDelayMs);
    const int n = std::clamp(slowAttempt, 0, 30);
    const double delay = policy.backoffFirstMs * std::pow(std::max(1.0, policy.backoffFactor), n);
    return static_cast<int>(std::min<double>(std::max(0, policy.capMs), delay));
}

bool StreamOutput::isCertificateVerifyFailure(const QString& line, QString* detail)
{
    // librtmp (obs-outputs/librtmp/rtmp.c, RTMP_Connect1): "%s, Cert verify failed: %d (%s)" with
    // mbedtls_x509_crt_verify_info()'s first line, else "%s, TLS_Connect failed: -0x%x".
    static const QRegularExpression verify(QStringLiteral("Cert verify failed: -?\\d+ \\((.*)\\)\\s*$"));
    const QRegularExpressionMatch m = verify.match(line);
    if (m.hasMatch()) {
        if (detail)
            *detail = m.captured(1).trimmed();
        return true;
    }
    if (line.contains(QLatin1String("TLS_Connect failed: -0x2700"))) {
        if (detail)
            detail->clear();
        return true;
    }
    return false;
}

QString StreamOutput::hostAndPort() const
{
    const QUrl url(m_target.url);
    const bool tls = url.scheme().compare(QLatin1String("rtmps"), Qt::CaseInsensitive) == 0;
    return QStringLiteral("%1:%2").arg(url.host()).arg(url.port(tls ? 443 : 1935));
}

bool StreamOutput::canHeal(int code, const QString& lastError, bool everConnected)
{
    switch (code) {
    case OBS_OUTPUT_SUCCESS: // stopped without being asked: the server ended it
    case OBS_OUTPUT_DISCONNECTED:
    case OBS_OUTPUT_ERROR:
        return true;
    case OBS_OUTPUT_CONNECT_FAILED:
        // Refused, unreachable, timed out, host not found (the network may be down): all heal. A
        // certificate the system does not trust does not, at the first connect (the address or the
        // trust store is wrong). Once this stream was live with a verified certificate, a failing
        // one is the network's doing (a captive portal, an intercepting proxy) and may pass: it
        // heals like a drop, and the seller sees why it is reconnecting.
        return everConnected
            || (!lastError.contains(QLatin1String("certificate"), Qt::CaseInsensitive)
                && !lastError.contains(QLatin1String("SSL"), Qt::CaseSensitive));
    case OBS_OUTPUT_INVALID_STREAM:
        // The server refused the stream key: wrong at the first connect; after it was accepted in
        // this stream, most likely the server still holds the lost session (retried a few times).
        return everConnected;
    default: // BAD_PATH, UNSUPPORTED, NO_SPACE, ENCODE_ERROR: retrying changes nothing
        return false;
    }
}

void StreamOutput::resolveEndpoint()
{
    m_endpoint = {};
    const QUrl url(m_target.url);
    const bool tls = url.scheme().compare(QLatin1String("rtmps"), Qt::CaseInsensitive) == 0;
    m_endpoint.port = static_cast<quint16>(url.port(tls ? 443 : 1935));
    // A host name is not looked up a second time: a round-robin or geo host may give another
    // address than the one libobs connected to. Any address on the port, then; the attempt's own
    // socket is told by what appeared since it began and by its connect thread (claimOwnSocket(),
    // IngestSocket::blockedOn), never by the address.
    QHostAddress literal;
    if (literal.setAddress(url.host()))
        m_endpoint.addresses = { literal };
}

void StreamOutput::claimOwnSocket()
{
    // The socket this connection uses: the one its connect thread is blocked on (seldom seen: the
    // thread ends once connected), else the only established socket to the ingest that appeared
    // since the attempt began and that no other destination claimed. Two destinations' connects to
    // the same ingest port do not run at once (siblingConnectPending(): the second starts once the
    // first told its socket apart), so there is one such socket. Should there be two (the second
    // waited 1 s and went ahead), none is watched (stalls are then told from libobs's byte counter)
    // until the other destination has claimed its own.
    m_identifyTimer.stop();
    if (m_socket.fd >= 0) {
        // Seen while connecting: still this connection's if it is established now.
        const QList<IngestSocket::Connection> now = IngestSocket::find(m_endpoint);
        const auto it = std::find_if(now.cbegin(), now.cend(),
            [this](const IngestSocket::Connection& c) { return c.inode == m_socket.inode && c.fd == m_socket.fd; });
        if (it != now.cend() && it->tcpState == 1) {
            m_socket = *it;
            blog(LOG_INFO, "[pinstage] stream connected; watching socket %d (inode %llu)", m_socket.fd,
                static_cast<unsigned long long>(m_socket.inode));
            return;
        }
        IngestSocket::release(m_socket.inode);
    }
    m_socket = {};
    QList<IngestSocket::Connection> candidates;
    for (const IngestSocket::Connection& c : IngestSocket::blockedOn(m_connectThreads, m_endpoint))
        if (c.tcpState == 1 && !IngestSocket::isClaimed(c.inode))
            candidates.append(c);
    if (candidates.isEmpty()) {
        for (const IngestSocket::Connection& c : IngestSocket::find(m_endpoint))
            if (c.tcpState == 1 && !m_socketsBefore.contains(c.inode) && !IngestSocket::isClaimed(c.inode))
                candidates.append(c);
    }
    if (candidates.size() != 1)
        return;
    m_socket = candidates.first();
    IngestSocket::claim(m_socket.inode);
    blog(LOG_INFO, "[pinstage] stream connected; watching socket %d (inode %llu)", m_socket.fd,
        static_cast<unsigned long long>(m_socket.inode));
}

bool StreamOutput::start(const StreamTarget& target, int maxRetries, int firstDelaySeconds, QString* error)
{
    if (m_active) {
        *error = QStringLiteral("already live");
        return false;
    }
    ObsLog::addSecret(target.key);
    for (const QString& secret : IngestUrl::secretQueryValues(target.url))
        ObsLog::addSecret(secret); // an srt:// URL's passphrase=, streamid=…
    if (!target.validate(error))
        return false;
    if (!m_encoders.ensure(error))
        return false;

    m_target = target;
    m_policy.maxTries = std::max(0, maxRetries);
    if (firstDelaySeconds > 0)
        m_policy.backoffFirstMs = firstDelaySeconds * 1000;
    resolveEndpoint();

    m_earlier = {};
    m_drops = 0;
    m_attempts = 0;
    m_stalls = 0;
    m_reconnecting = false;
    m_reconnectStartedMs = -1;
    m_reconnectingMs = 0;
    m_stopRequested = false;
    m_connected = false;
    m_everConnected = false;
    m_stalled = false;
    m_forced = false;
    m_try = 0;
    m_refusedKeys = 0;
    m_outageStartedMs = m_clock.monotonicMs(); // a refused first connect: quick tries from now
    m_slowTries = 0;
    m_reason.clear();
    if (!attempt(error))
        return false;
    m_active = true;
    setState(ConnectionState::Connecting, {});
    return true;
}

bool StreamOutput::attempt(QString* error)
{
    // Every attempt gets a fresh output and service: libobs signals "stop" before its end-of-capture
    // thread has deactivated the previous output, and an output (or a service) still active refuses
    // to start ("the stream could not start", no error). The previous one finishes on its own.
    abandonOutput();

    OBSDataAutoRelease service = obs_data_create();
    obs_data_set_string(service, "server", m_target.url.toUtf8().constData());
    obs_data_set_string(service, "key", m_target.key.toUtf8().constData());
    obs_data_set_bool(service, "use_auth", false);
    m_service = obs_service_create_private(IngestService::kId, "Destination", service);
    // RTMP(S) through libobs's RTMP output; srt:// and rist:// through its MPEG-TS output, as OBS
    // Studio does for a custom server whose address is not rtmp.
    const char* outputId = outputIdFor(m_target.url);
    m_output = obs_output_create(outputId, "Stream", nullptr, nullptr);
    if (m_output && std::strcmp(outputId, "rtmp_output") != 0)
        s_mpegTsOutputUsed = true;
    if (!m_output || !m_service) {
        *error = QStringLiteral("libobs's %1 output is missing (install the obs-studio package)")
                     .arg(QLatin1String(outputId));
        return false;
    }
    signal_handler_t* handler = obs_output_get_signal_handler(m_output);
    // Callbacks run on libobs threads: copy the values, then continue on our thread. Qt drops
    // queued calls to a destroyed context, and abandonOutput() disconnects first. Each callback
    // reads the output it came from (calldata "output"), never m_output, which the main thread
    // replaces.
    m_startSignal.Connect(
        handler, "start",
        [](void* self, calldata_t*) {
            QMetaObject::invokeMethod(static_cast<StreamOutput*>(self), &StreamOutput::onStart, Qt::QueuedConnection);
        },
        this);
    m_stopSignal.Connect(
        handler, "stop",
        [](void* self, calldata_t* data) {
            auto* s = static_cast<StreamOutput*>(self);
            auto* output = static_cast<obs_output_t*>(calldata_ptr(data, "output"));
            const int code = static_cast<int>(calldata_int(data, "code"));
            const QString lastError = lastErrorOf(output);
            const Raw last = read(output);
            // A failed connect signals on its connect thread, where librtmp logged why.
            const ThreadConnectLog said = takeConnectLog();
            ConnectLog log;
            log.certificate = said.certificate;
            log.certificateDetail = QString::fromUtf8(said.certificateDetail);
            log.cause = QString::fromUtf8(said.cause);
            QMetaObject::invokeMethod(
                s, [s, output, code, lastError, last, log] { s->onStopSignal(output, code, lastError, last, log); },
                Qt::QueuedConnection);
        },
        this);
    obs_output_set_video_encoder(m_output, m_encoders.video());
    obs_output_set_audio_encoder(m_output, m_encoders.audio(), 0);
    obs_output_set_service(m_output, m_service);
    // libobs's own reconnect is off: this class retries (see ReconnectPolicy). The benchmark's
    // baseline (ReconnectPolicy::libobsBaseline) lets libobs retry with its defaults instead.
    if (m_policy.libobsBaseline) {
        obs_output_set_reconnect_settings(m_output, 20, 2);
        m_reconnectSignal.Connect(
            handler, "reconnect",
            [](void* self, calldata_t* data) {
                auto* s = static_cast<StreamOutput*>(self);
                const Raw last = read(static_cast<obs_output_t*>(calldata_ptr(data, "output")));
                QMetaObject::invokeMethod(
                    s,
                    [s, last] {
                        if (!s->m_active || s->m_stopRequested)
                            return;
                        if (s->m_everConnected)
                            ++s->m_attempts;
                        if (s->m_reconnecting)
                            return;
                        s->m_connected = false;
                        s->onReconnecting(last);
                        s->setState(ConnectionState::Reconnecting, QStringLiteral("libobs reconnects"));
                    },
                    Qt::QueuedConnection);
            },
            this);
        m_reconnectedSignal.Connect(
            handler, "reconnect_success",
            [](void* self, calldata_t*) {
                auto* s = static_cast<StreamOutput*>(self);
                QMetaObject::invokeMethod(
                    s,
                    [s] {
                        if (!s->m_active || !s->m_reconnecting)
                            return;
                        s->m_connected = true;
                        s->setState(ConnectionState::Connected, {});
                        s->onReconnected();
                    },
                    Qt::QueuedConnection);
            },
            this);
    } else {
        obs_output_set_reconnect_settings(m_output, 0, 0);
    }

    m_connected = false;
    m_inFlight = true;
    m_attemptStartedMs = m_clock.monotonicMs();
    m_claimsSocket = m_endpoint.isValid() && std::strcmp(outputId, "rtmp_output") == 0;
    if (m_claimsSocket && siblingConnectPending()) {
        // Two connects to one ingest port at the same instant may both be over before either
        // connect thread is seen blocked on its socket; then neither could tell its socket from the
        // sibling's. This one starts once the sibling's socket is told apart (at most 1 s later).
        m_connectWaiting = true;
        m_connectWaitStartedMs = m_attemptStartedMs;
        m_siblingWait.start();
        m_watchdog.start();
        return true;
    }
    return beginConnect(error);
}

bool StreamOutput::siblingConnectPending() const
{
    const auto overlaps = [](const IngestSocket::Endpoint& a, const IngestSocket::Endpoint& b) {
        if (a.port != b.port)
            return false;
        if (a.addresses.isEmpty() || b.addresses.isEmpty())
            return true; // a host name: any address on the port
        return std::any_of(a.addresses.cbegin(), a.addresses.cend(),
            [&b](const QHostAddress& address) { return b.addresses.contains(address); });
    };
    return std::any_of(allStreamOutputs().cbegin(), allStreamOutputs().cend(), [&](const StreamOutput* other) {
        return other != this && other->m_active && other->m_inFlight && !other->m_connectWaiting
            && other->m_claimsSocket && other->m_socket.fd < 0 && overlaps(other->m_endpoint, m_endpoint);
    });
}

bool StreamOutput::beginConnect(QString* error)
{
    m_connectWaiting = false;
    m_attemptStartedMs = m_clock.monotonicMs();
    const char* outputId = outputIdFor(m_target.url);
    watchConnectLog();
    // What this attempt's socket and connect thread can be told by (claimOwnSocket()).
    m_socketsBefore = IngestSocket::socketInodes();
    const QList<int> threadsBefore = IngestSocket::threads();
    m_connectThreads.clear();
    if (!obs_output_start(m_output)) {
        m_inFlight = false;
        m_watchdog.stop();
        const QString why = lastErrorOf(m_output);
        *error = why.isEmpty() ? QStringLiteral("the stream could not start") : why;
        return false;
    }
    for (const int tid : IngestSocket::threads())
        if (!threadsBefore.contains(tid))
            m_connectThreads.append(tid);
    if (m_endpoint.isValid() && !m_connectThreads.isEmpty() && std::strcmp(outputId, "rtmp_output") == 0)
        m_identifyTimer.start(); // RTMP(S): libobs's MPEG-TS output (SRT, RIST) has no such thread
    m_watchdog.start();
    return true;
}

const char* StreamOutput::outputIdFor(const QString& url)
{
    // As OBS Studio chooses for a custom server: srt:// and rist:// go through obs-ffmpeg's MPEG-TS
    // output (libsrt / librist), everything else through obs-outputs's RTMP(S) output.
    return IngestUrl::isMpegTsUrl(url) ? "ffmpeg_mpegts_muxer" : "rtmp_output";
}

bool StreamOutput::mpegTsOutputUsed()
{
    return s_mpegTsOutputUsed;
}

void StreamOutput::onStart()
{
    if (!m_active || !m_inFlight)
        return;
    m_inFlight = false;
    m_connected = true;
    claimOwnSocket();
    if (m_socket.fd < 0)
        blog(LOG_INFO,
            "[pinstage] stream connected; its socket is not told apart yet: stalls are detected from "
            "libobs's byte counter until it is");
    m_lastProgressMs = m_clock.monotonicMs();
    m_lastAcked = 0;
    m_lastTotalBytes = 0;
    if (m_stopRequested) {
        // Connected after the show was asked to end (see stop()): end it now, unannounced.
        obs_output_stop(m_output);
        return;
    }
    const bool wasReconnecting = m_reconnecting;
    m_try = 0;
    m_outageStartedMs = -1;
    m_slowTries = 0;
    m_stalled = false;
    setState(ConnectionState::Connected, {});
    if (!m_everConnected) {
        m_everConnected = true;
        emit started();
        return;
    }
    m_refusedKeys = 0;
    if (wasReconnecting)
        onReconnected();
}

StreamOutput::Raw StreamOutput::read(obs_output_t* output)
{
    Raw c;
    if (!output)
        return c;
    c.frames = static_cast<quint64>(std::max(0, obs_output_get_total_frames(output)));
    c.dropped = static_cast<quint64>(std::max(0, obs_output_get_frames_dropped(output)));
    c.bytes = obs_output_get_total_bytes(output);
    return c;
}

void StreamOutput::onReconnecting(const Raw& lastConnection)
{
    // The connection dropped (counted once per drop; attempts are counted as they are made).
    m_reconnecting = true;
    ++m_drops;
    m_earlier.frames += lastConnection.frames;
    m_earlier.dropped += lastConnection.dropped;
    m_earlier.bytes += lastConnection.bytes;
    m_reconnectStartedMs = m_clock.monotonicMs();
    emit reconnecting();
}

void StreamOutput::onReconnected()
{
    if (!m_active || !m_reconnecting)
        return;
    m_reconnecting = false;
    qint64 offAir = 0;
    if (m_reconnectStartedMs >= 0) {
        offAir = m_clock.monotonicMs() - m_reconnectStartedMs;
        m_reconnectingMs += offAir;
    }
    m_reconnectStartedMs = -1;
    emit reconnected();
}

void StreamOutput::onStopSignal(
    obs_output_t* output, int code, const QString& lastError, const Raw& last, const ConnectLog& log)
{
    if (!m_active || output != m_output.Get())
        return; // a late signal from an output already given up
    m_watchdog.stop();
    m_stopDeadline.stop();
    const bool wasConnected = m_connected;
    m_inFlight = false;
    m_connected = false;
    if (m_socket.inode)
        IngestSocket::release(m_socket.inode);
    m_socket = {};

    if (m_stopRequested) {
        // Frames in flight when the stop was asked for are sent before this signal: count them.
        if (wasConnected) {
            m_earlier.frames += last.frames;
            m_earlier.dropped += last.dropped;
            m_earlier.bytes += last.bytes;
        }
        QString message = describeOutputCode(code);
        if (code != OBS_OUTPUT_SUCCESS && !lastError.isEmpty())
            message += QStringLiteral(": ") + lastError;
        // A drop that raced the stop the seller asked for is still the stop they asked for: the
        // destination ends, it does not fail (the cause stays in the log and the message).
        const bool networkEnd
            = code == OBS_OUTPUT_DISCONNECTED || code == OBS_OUTPUT_CONNECT_FAILED || code == OBS_OUTPUT_ERROR;
        if (networkEnd)
            blog(LOG_INFO, "pinstage: a drop came with the stop that was asked for (%s); ended as asked",
                message.toUtf8().constData());
        finish(m_forced || networkEnd ? OBS_OUTPUT_SUCCESS : code, message);
        return;
    }

    QString reason = describeOutputCode(code);
    if (code == OBS_OUTPUT_SUCCESS)
        reason = QStringLiteral("the server ended the stream");
    if (!lastError.isEmpty())
        reason += QStringLiteral(": ") + lastError;
    else if (!log.cause.isEmpty())
        reason += QStringLiteral(": ") + log.cause; // libobs gave no text: librtmp's log says why
    if (m_stalled && wasConnected)
        reason = QStringLiteral("the server stopped answering (stall)");

    if (wasConnected) {
        onReconnecting(last);
        m_outageStartedMs = m_clock.monotonicMs();
        m_slowTries = 0;
        emit connectionEvent(QStringLiteral("connection_lost"),
            { { QStringLiteral("reason"), reason }, { QStringLiteral("stall"), m_stalled } });
    }
    // A certificate that fails verification, whatever words libobs gives (its message is localized,
    // and absent for some mbedtls codes): librtmp's log line on the connect thread decides, libobs's
    // English message is the fallback. At the first connect retrying cannot fix it (the address or
    // the trust store is wrong): final. Once this stream was live with a verified certificate, it is
    // the network's doing (a captive portal, an intercepting proxy, a certificate being replaced) and
    // may pass: retried like a drop, with the certificate named as the reason.
    if (code == OBS_OUTPUT_CONNECT_FAILED && !wasConnected && (log.certificate || !canHeal(code, lastError, false))) {
        const QString detail = !log.certificateDetail.isEmpty() ? log.certificateDetail
            : !lastError.isEmpty()                              ? lastError
                                                                : QStringLiteral("TLS certificate verification failed");
        const QString refused
            = QStringLiteral("the server's certificate could not be verified (%1: %2)").arg(hostAndPort(), detail);
        if (!m_everConnected) {
            finish(code,
                refused
                    + QStringLiteral("; not retried: retrying cannot fix this. Check the address; an ingest with its "
                                     "own CA needs that CA in this machine's trust store (update-ca-certificates)"));
            return;
        }
        reason = refused
            + QStringLiteral("; it was verified earlier in this show, so a captive portal, a proxy or a certificate "
                             "being replaced may be in the way: retrying");
    }
    if (code == OBS_OUTPUT_INVALID_STREAM && m_everConnected && ++m_refusedKeys > kMaxRefusedKeys) {
        finish(code,
            QStringLiteral("the server keeps refusing the stream key (%1 times after it had accepted it)")
                .arg(m_refusedKeys));
        return;
    }
    if (!canHeal(code, lastError, m_everConnected)) {
        QString message = describeOutputCode(code);
        if (!lastError.isEmpty())
            message += QStringLiteral(": ") + lastError;
        message += QStringLiteral(" (not retried: retrying cannot fix this)");
        finish(code, message);
        return;
    }
    if (!wasConnected) {
        ++m_try; // a failed attempt (the drop itself is not one)
        if (!m_everConnected)
            ++m_attempts; // a failed first connect (after a drop, the retries are counted as made)
    }
    if (giveUpIfOutOfTries(reason))
        return;
    scheduleRetry(reason);
}

bool StreamOutput::giveUpIfOutOfTries(const QString& reason)
{
    if (m_policy.maxTries <= 0 || m_try < m_policy.maxTries)
        return false;
    // Named by its address (never the key) and the tries, with the last try's reason. Never
    // connected in this stream: a connect that failed, not a connection that was lost.
    const QString tries = m_try == 1 ? QStringLiteral("1 try") : QStringLiteral("%1 tries").arg(m_try);
    const QString url = ObsLog::redact(m_target.url);
    if (!m_everConnected)
        finish(OBS_OUTPUT_CONNECT_FAILED,
            QStringLiteral("could not connect to %1: gave up after %2 (the limit set for this destination); the "
                           "last one: %3")
                .arg(url, tries, reason));
    else
        finish(OBS_OUTPUT_DISCONNECTED,
            QStringLiteral("the connection to %1 was lost and did not come back: gave up after %2 (the limit set "
                           "for this destination); the last one: %3")
                .arg(url, tries, reason));
    return true;
}

void StreamOutput::scheduleRetry(const QString& reason)
{
    const qint64 now = m_clock.monotonicMs();
    if (m_outageStartedMs < 0)
        m_outageStartedMs = now;
    const qint64 sinceOutage = now - m_outageStartedMs;
    int delay = retryDelayMs(m_policy, sinceOutage, m_slowTries);
    if (sinceOutage < m_policy.quickWindowMs) {
        // Quick tries keep their pace: the next starts QUICKDELAYMS after the previous one started
        // (or after the drop), however long that one took to fail.
        const qint64 since = now - std::max(m_attemptStartedMs, m_outageStartedMs);
        delay = static_cast<int>(std::clamp<qint64>(delay - since, 0, delay));
    } else {
        ++m_slowTries;
    }
    m_retryAtMs = now + delay;
    m_retryTimer.start(delay);
    m_tickTimer.start();
    m_reason = reason;
    setState(ConnectionState::Reconnecting, reason);
    emit connectionEvent(QStringLiteral("connect_retry"),
        { { QStringLiteral("attempt"), m_try + 1 }, { QStringLiteral("retry_in_ms"), delay },
            { QStringLiteral("reason"), reason } });
    emit reconnectIn(reconnectInSeconds());
}

int StreamOutput::reconnectInSeconds() const
{
    if (!m_retryTimer.isActive() || m_retryAtMs < 0)
        return -1;
    const qint64 left = std::max<qint64>(0, m_retryAtMs - m_clock.monotonicMs());
    return static_cast<int>((left + 999) / 1000);
}

void StreamOutput::onRetryTimer()
{
    m_tickTimer.stop();
    m_retryAtMs = -1;
    if (!m_active || m_stopRequested)
        return;
    if (m_everConnected)
        ++m_attempts;
    QString error;
    if (!attempt(&error)) {
        // Refused before any network (e.g. the output could not be created): counts as a try, and
        // the seller's limit holds for it as for any other.
        failedTry(error);
    }
}

void StreamOutput::failedTry(const QString& reason)
{
    ++m_try;
    if (!m_everConnected)
        ++m_attempts; // a failed first connect (after a drop, the retries are counted as made)
    if (!giveUpIfOutOfTries(reason))
        scheduleRetry(reason);
}

bool StreamOutput::reconnectNow()
{
    if (!m_active || m_stopRequested || !m_retryTimer.isActive())
        return false;
    m_retryTimer.stop();
    emit connectionEvent(QStringLiteral("reconnect_now"), { { QStringLiteral("attempt"), m_try + 1 } });
    onRetryTimer();
    return true;
}

void StreamOutput::onWatchdog()
{
    if (!m_active || !m_output) {
        m_watchdog.stop();
        return;
    }
    const qint64 now = m_clock.monotonicMs();
    if (m_inFlight && !m_connected) {
        if (m_connectWaiting)
            return; // not started yet (a sibling's connect goes first)
        // A connect that neither succeeds nor fails (a black-holed ingest): abort it; libobs then
        // reports a failed connect and the next attempt is scheduled.
        if (now - m_attemptStartedMs >= m_policy.connectTimeoutMs && !m_stopRequested) {
            for (const IngestSocket::Connection& c : IngestSocket::blockedOn(m_connectThreads, m_endpoint))
                if (c.inode == m_socket.inode || !IngestSocket::isClaimed(c.inode))
                    IngestSocket::abort(c); // its own socket only, never a sibling destination's
            m_attemptStartedMs = now; // once per timeout
        }
        return;
    }
    if (!m_connected || m_stopRequested || m_stalled || m_policy.libobsBaseline)
        return;
    if (m_socket.fd < 0)
        claimOwnSocket(); // told apart once a sibling that connected at the same time claimed its own
    // Stall: the server stopped acknowledging while data waits (the kernel's view), or, when the
    // socket cannot be seen, libobs's byte counter stopped advancing (the encoder always produces).
    if (m_socket.fd >= 0) {
        const std::optional<IngestSocket::Progress> p = IngestSocket::progress(m_socket);
        if (p) {
            if (p->bytesAcked != m_lastAcked || !p->pending()) {
                m_lastAcked = p->bytesAcked;
                m_lastProgressMs = now;
            } else if (now - m_lastProgressMs >= m_policy.stallMs) {
                onStall(now - m_lastProgressMs, p->notSentBytes);
            }
            return;
        }
    }
    const quint64 bytes = obs_output_get_total_bytes(m_output);
    if (bytes != m_lastTotalBytes) {
        m_lastTotalBytes = bytes;
        m_lastProgressMs = now;
    } else if (now - m_lastProgressMs >= m_policy.stallMs) {
        onStall(now - m_lastProgressMs, 0);
    }
}

void StreamOutput::onStall(qint64 noAckMs, quint64 waiting)
{
    m_stalled = true;
    ++m_stalls;
    emit connectionEvent(QStringLiteral("stall_detected"),
        { { QStringLiteral("no_ack_ms"), noAckMs }, { QStringLiteral("bytes_waiting"), double(waiting) },
            { QStringLiteral("congestion"), std::round(obs_output_get_congestion(m_output) * 100) / 100 } });
    // Handled like a drop: aborting the socket makes libobs's blocked send fail, and its "stop"
    // (disconnected) arrives as for any drop.
    if (m_socket.fd >= 0 && IngestSocket::abort(m_socket))
        return;
    // The socket cannot be seen: give the output up (released on a background thread) and go on
    // as after a drop.
    obs_output_t* output = m_output.Get();
    const Raw last = read(output);
    abandonOutput();
    m_output = nullptr;
    onStopSignal(nullptr, OBS_OUTPUT_DISCONNECTED, QStringLiteral("the server stopped answering"), last, ConnectLog());
}

void StreamOutput::stop()
{
    if (!m_active || m_stopRequested)
        return;
    m_stopRequested = true;
    m_stopAskedMs = m_clock.monotonicMs();
    m_retryTimer.stop();
    m_tickTimer.stop();
    m_retryAtMs = -1;
    if (m_policy.libobsBaseline && m_output && (m_connected || m_reconnecting)) {
        // The benchmark's baseline: libobs's stop alone, however long it takes.
        obs_output_stop(m_output);
        return;
    }
    if (m_connected) {
        // Graceful first: libobs sends what it holds; onStopDeadline() forces the end.
        obs_output_stop(m_output);
        m_stopDeadline.start(std::max(0, m_policy.gracefulStopMs));
        return;
    }
    if (m_connectWaiting) {
        // Not started yet: nothing to interrupt.
        m_siblingWait.stop();
        m_connectWaiting = false;
        m_inFlight = false;
    }
    if (m_inFlight) {
        // Connecting: libobs cannot interrupt a connect (its stop joins the connect thread). Abort
        // the connect's socket so it ends quickly, leave the output to a background thread, and
        // report the stop now.
        // The connect thread may not have opened its socket yet (a busy machine): the release
        // thread looks for it for up to 3 s and aborts it before it joins the connect thread.
        m_startSignal.Disconnect();
        m_stopSignal.Disconnect();
        m_reconnectSignal.Disconnect();
        m_reconnectedSignal.Disconnect();
        // Only the socket this attempt's connect thread is blocked on: a sibling destination
        // connecting to the same ingest at the same time keeps its own.
        if (m_socket.inode)
            IngestSocket::release(m_socket.inode); // ours: the release thread may abort it
        m_socket = {};
        ObsContext::releaseInBackground([output = OBSOutput(m_output.Get()), service = OBSService(m_service.Get()),
                                            endpoint = m_endpoint, threads = m_connectThreads]() mutable {
            int aborted = 0;
            for (int i = 0; i < 150 && aborted == 0; ++i) {
                for (const IngestSocket::Connection& c : IngestSocket::blockedOn(threads, endpoint))
                    if (!IngestSocket::isClaimed(c.inode) && IngestSocket::abort(c))
                        ++aborted;
                const QList<int> running = IngestSocket::threads();
                if (std::none_of(threads.cbegin(), threads.cend(), [&](int tid) { return running.contains(tid); }))
                    break; // the connect thread ended by itself
                if (aborted == 0)
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
            blog(LOG_INFO, "[pinstage] stop while connecting: %d sockets to the ingest aborted", aborted);
            output = nullptr;
            service = nullptr;
        });
        m_output = nullptr;
        m_service = nullptr;
    }
    m_inFlight = false; // a start already queued from the abandoned output is ignored
    abandonOutput();
    QMetaObject::invokeMethod(
        this, [this] { finish(OBS_OUTPUT_SUCCESS, describeOutputCode(OBS_OUTPUT_SUCCESS)); }, Qt::QueuedConnection);
}

void StreamOutput::onStopDeadline()
{
    if (!m_active || !m_stopRequested)
        return;
    const qint64 after = m_clock.monotonicMs() - m_stopAskedMs;
    if (!m_forced) {
        // The server does not take what is left: abort the socket (a blocked send returns) and
        // force-stop (libobs drops what it holds). Does not block: the output is connected.
        m_forced = true;
        emit connectionEvent(QStringLiteral("stop_forced"), { { QStringLiteral("after_ms"), after } });
        if (m_socket.fd >= 0)
            IngestSocket::abort(m_socket);
        if (m_output)
            obs_output_force_stop(m_output);
        m_stopDeadline.start(std::max(0, m_policy.forcedStopMs));
        return;
    }
    // Still no "stop" from libobs: give the output up and end anyway.
    const Raw last = m_connected ? read(m_output) : Raw {};
    m_earlier.frames += last.frames;
    m_earlier.dropped += last.dropped;
    m_earlier.bytes += last.bytes;
    emit connectionEvent(QStringLiteral("stop_abandoned"), { { QStringLiteral("after_ms"), after } });
    abandonOutput();
    finish(OBS_OUTPUT_SUCCESS, describeOutputCode(OBS_OUTPUT_SUCCESS));
}

void StreamOutput::finish(int code, const QString& message)
{
    if (!m_active)
        return;
    m_watchdog.stop();
    m_retryTimer.stop();
    m_tickTimer.stop();
    m_stopDeadline.stop();
    m_siblingWait.stop();
    m_connectWaiting = false;
    m_retryAtMs = -1;
    if (m_socket.inode)
        IngestSocket::release(m_socket.inode);
    m_socket = {};
    if (m_reconnectStartedMs >= 0)
        m_reconnectingMs += m_clock.monotonicMs() - m_reconnectStartedMs;
    m_reconnectStartedMs = -1;
    const bool requested = m_stopRequested;
    m_reconnecting = false;
    m_active = false;
    m_connected = false;
    m_inFlight = false;
    m_stopRequested = false;
    m_stalled = false;
    if (requested) {
        setState(ConnectionState::Idle, message);
    } else {
        m_reason = message;
        setState(ConnectionState::Failed, message);
        emit connectionEvent(QStringLiteral("stream_failed"),
            { { QStringLiteral("reason"), message }, { QStringLiteral("code"), code } });
    }
    emit stopped(code, message);
}

void StreamOutput::setState(ConnectionState state, const QString& reason)
{
    if (state == m_state && state != ConnectionState::Reconnecting)
        return;
    const bool changed = state != m_state;
    m_state = state;
    if (changed)
        emit connectionStateChanged(state, reason);
}

void StreamOutput::onStop(int code, const QString& lastError)
{
    onStopSignal(m_output.Get(), code, lastError, read(m_output), ConnectLog());
}

StreamOutput::Counters StreamOutput::counters() const
{
    Counters c;
    c.frames = m_earlier.frames;
    c.dropped = m_earlier.dropped;
    c.bytes = m_earlier.bytes;
    // While connected, add the current connection's own counters. While reconnecting there is no
    // current connection: its counters were added when it dropped.
    if (m_output && m_active && m_connected) {
        const Raw current = read(m_output);
        c.frames += current.frames;
        c.dropped += current.dropped;
        c.bytes += current.bytes;
    }
    c.drops = m_drops;
    c.attempts = m_attempts;
    c.reconnecting = m_reconnecting;
    c.reconnectingMs
        = m_reconnectingMs + (m_reconnectStartedMs >= 0 ? m_clock.monotonicMs() - m_reconnectStartedMs : 0);
    c.stalls = m_stalls;
    return c;
}

} // namespace pinstage
