// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "output/StreamTarget.h"

#include <obs.hpp>

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QTimer>

#include "output/IngestSocket.h"

namespace pinstage {

class Clock;
class EncoderSet;

/// One destination: an RTMP(S) service and its stream output, fed by the shared encoders. Keeps
/// the destination's counters across reconnects (libobs restarts its own at 0 for each
/// connection) and announces a drop once, not once per attempt.
///
/// Reconnecting is its own, not libobs's (libobs's retries are switched off): every connection
/// attempt is a fresh rtmp_output, started on a timer that follows ReconnectPolicy (short fixed
/// delays first, then a back-off to a cap). A refused first connect is retried like a drop; a
/// failure that cannot heal (wrong URL, key or certificate refused at the first connect, encoder
/// failure) stops at once with the reason (connection() == Failed, failureReason()); a certificate
/// refused after this stream was live with a verified one is retried like a drop. A
/// certificate is known refused from librtmp's own log line on the connect thread (see
/// isCertificateVerifyFailure(); libobs's message is localized and not always set), read through a
/// libobs log handler chained in front of the application's (it forwards every line unchanged). It
/// retries until stop() unless the policy sets a limit; giving up names the address (never the
/// key) and the number of tries. While connected, a watchdog reads the
/// kernel's view of the connection (IngestSocket: bytes the server acknowledged, bytes waiting)
/// twice a second and treats a connection whose server stopped acknowledging for
/// ReconnectPolicy::stallMs as a drop (it aborts the socket, libobs reports the drop). To tell its
/// socket from a sibling destination's on the same ingest port, a connect to a port where a
/// sibling's connect has not told its own apart yet waits for it (at most 1 s). stop()
/// always ends within gracefulStopMs + forcedStopMs (5 s by default) whatever the network does.
///
/// Thread contract: main thread. libobs output callbacks arrive on libobs threads; they copy what
/// they need and forward it with queued calls, so signals are emitted on the main thread and none
/// arrive after destruction. Destroying it while a connect is pending never blocks the calling
/// thread: the output is released on a background thread (see ~StreamOutput).
class StreamOutput : public QObject {
    Q_OBJECT
public:
    /// Totals for the current (or last) stream of this destination.
    struct Counters {
        quint64 frames = 0;
        quint64 dropped = 0;
        quint64 bytes = 0;
        int drops = 0; ///< connection drops
        int attempts = 0; ///< reconnect attempts after drops, plus every failed try of a first connect
        qint64 reconnectingMs = 0;
        bool reconnecting = false;
        int stalls = 0; ///< drops detected as stalls (the server stopped acknowledging)
    };

    StreamOutput(EncoderSet& encoders, Clock& clock, QObject* parent = nullptr);
    ~StreamOutput() override;

    bool start(const StreamTarget& target, int maxRetries, int firstDelaySeconds, QString* error);
    void stop();
    bool isActive() const { return m_active; }
    Counters counters() const;

    /// The libobs output that sends to URL: "ffmpeg_mpegts_muxer" (obs-ffmpeg, MPEG-TS over libsrt
    /// or librist) for srt:// and rist:// addresses, "rtmp_output" (obs-outputs) otherwise. Pure.
    static const char* outputIdFor(const QString& url);
    /// Whether this process has made an MPEG-TS (SRT / RIST) output. Debian 12 then holds two
    /// copies of libsrt (obs-ffmpeg links the OpenSSL one, libavformat the GnuTLS one) that both
    /// destroy one static registry at exit, which crashes once SRT was used (Haivision/srt#2770):
    /// main() then ends the process without running library destructors. Any thread.
    static bool mpegTsOutputUsed();

signals:
    void started();
    void stopped(int code, const QString& message);
    void reconnecting();
    void reconnected();

    // ---- Appended for issue 11 (reconnect that never gives up, stalls, bounded stop) ----
public:
    enum class ConnectionState {
        Idle, ///< not live (never started, or stopped on request)
        Connecting, ///< the first connection attempt is under way
        Connected, ///< the server accepts the stream
        Reconnecting, ///< waiting for (reconnectInSeconds()) or making the next attempt
        Failed, ///< stopped on a failure that cannot heal, or the seller's try limit: failureReason()
    };
    Q_ENUM(ConnectionState)

    /// When to try again. The defaults and why:
    /// - quickDelayMs 500 during the first quickWindowMs 10000 after the drop (or after start() while
    ///   the first connect is refused): most drops are short (a restarted ingest, a Wi-Fi hiccup);
    ///   trying twice a second resumes the stream at most 0.5 s after the server is back (libobs 29's
    ///   own schedule, 2 s then ×1.5, lost 5.2–9.5 s for a 5 s outage). The window is time, not a
    ///   number of tries: on a loaded machine each try takes longer, and ten tries stretched to 7–8 s.
    ///   Quick tries start every quickDelayMs (from the previous try's start, not its end), so a slow
    ///   try does not push the next one back. A refused connect costs the server one SYN/RST.
    /// - then backoffFirstMs 2000 (OBS Studio's default retry delay) growing ×1.5 (libobs's factor)
    ///   up to capMs 30000 (2, 3, 4.5, 6.75, 10.1, 15.2, 22.8, 30, 30 ... s):
    ///   a longer outage (the platform, the ISP) is not hammered, and once it ends the stream is
    ///   back within 30 s at most (libobs caps its back-off at 15 min). reconnectNow() skips the
    ///   wait.
    /// - maxTries 0: no limit (until stop()); N > 0 fails after N attempts for one drop.
    /// - stallMs 3000: a server that stops acknowledging while data waits is dropped after 3 s
    ///   (libobs starts dropping frames after 0.7 s of buffer; 3 s rides out a short congestion).
    /// - connectTimeoutMs 10000: a connect that neither succeeds nor fails (a black-holed ingest:
    ///   the kernel would wait ~2 min) is aborted and retried.
    /// - gracefulStopMs 2500 + forcedStopMs 1500: stop() first lets libobs send what it holds,
    ///   then aborts the socket and force-stops; after that the output is abandoned (released on
    ///   a background thread) and stopped() is emitted anyway: < 5 s in all cases.
    struct ReconnectPolicy {
        int quickDelayMs = 500;
        int quickWindowMs = 10000;
        int backoffFirstMs = 2000;
        double backoffFactor = 1.5;
        int capMs = 30000;
        int maxTries = 0;
        int stallMs = 3000;
        int connectTimeoutMs = 10000;
        int gracefulStopMs = 2500;
        int forcedStopMs = 1500;
        /// The benchmark's baseline (tests/bench/bench_reconnect, through the hidden headless flag
        /// --bench-libobs-reconnect): libobs's own reconnect (20 attempts, 2 s then ×1.5, what
        /// Pinstage used before) and libobs's stop alone, instead of everything above. Not for sellers.
        bool libobsBaseline = false;
    };
    /// Used from the next start(); start()'s MAX_RETRIES (0: no limit) and FIRST_DELAY_SECONDS (the
    /// first back-off delay) override maxTries and backoffFirstMs.
    void setReconnectPolicy(const ReconnectPolicy& policy) { m_policy = policy; }
    ReconnectPolicy reconnectPolicy() const { return m_policy; }
    /// The delay before the next attempt, ms: quickDelayMs while SINCE_OUTAGE_MS (ms since the drop,
    /// or since start() while never connected) is under quickWindowMs; after the window,
    /// backoffFirstMs × backoffFactor^SLOW_ATTEMPT up to capMs, SLOW_ATTEMPT counting the attempts
    /// scheduled after the window (0: the first). Pure.
    static int retryDelayMs(const ReconnectPolicy& policy, qint64 sinceOutageMs, int slowAttempt);
    /// Whether libobs's log line LINE (librtmp's, from the thread that connects) says the server's
    /// TLS certificate failed verification (mbedtls MBEDTLS_ERR_X509_CERT_VERIFY_FAILED, -0x2700):
    /// "…, Cert verify failed: 8 (The certificate is not correctly signed by the trusted CA)" or
    /// "…, TLS_Connect failed: -0x2700". *DETAIL gets mbedtls's words, when the line has them. Pure.
    static bool isCertificateVerifyFailure(const QString& line, QString* detail = nullptr);
    /// Whether a stop with libobs code CODE (OBS_OUTPUT_*) and LAST_ERROR can heal by retrying.
    /// EVER_CONNECTED: this destination's key was accepted before in this stream (a refused key
    /// then is taken for a server still holding the old session, and retried a few times; a
    /// certificate that fails verification then is taken for the network's doing, a captive portal
    /// or an intercepting proxy, and retried like a drop; at the first connect it is never retried).
    static bool canHeal(int code, const QString& lastError, bool everConnected);

    /// Skips the wait: tries now when a retry is waiting. False when there is none (connected,
    /// connecting, idle, failed).
    bool reconnectNow();
    ConnectionState connectionState() const { return m_state; }
    /// Seconds (rounded up) until the next attempt while one is waiting; -1 otherwise.
    int reconnectInSeconds() const;
    /// Why the stream failed (connectionState() == Failed) or why the last drop happened.
    QString failureReason() const { return m_reason; }
    /// Failed tries since the drop (or since start() while never connected).
    int failedTries() const { return m_try; }
    /// True while reconnecting after a drop that was detected as a stall.
    bool stalled() const { return m_stalled && m_state == ConnectionState::Reconnecting; }

signals:
    void connectionStateChanged(pinstage::StreamOutput::ConnectionState state, const QString& reason);
    /// The next attempt is SECONDS away (emitted when scheduled and every second of the wait).
    void reconnectIn(int seconds);
    /// A line for the show log: "connection_lost" {reason, stall}, "connect_retry" {attempt,
    /// retry_in_ms, reason}, "stall_detected" {no_ack_ms, bytes_waiting}, "stream_failed"
    /// {reason}, "stop_forced" {after_ms}. Never contains the key.
    void connectionEvent(const QString& event, const QJsonObject& fields);

private:
    struct Raw {
        quint64 frames = 0;
        quint64 dropped = 0;
        quint64 bytes = 0;
    };
    static Raw read(obs_output_t* output);
    void onStart();
    void onReconnecting(const Raw& lastConnection);
    void onReconnected();
    void onStop(int code, const QString& lastError);

    EncoderSet& m_encoders;
    Clock& m_clock;
    OBSServiceAutoRelease m_service;
    OBSOutputAutoRelease m_output;
    OBSSignal m_startSignal, m_stopSignal, m_reconnectSignal, m_reconnectedSignal;
    Raw m_earlier; // what the connections before the current one sent
    int m_drops = 0;
    int m_attempts = 0;
    bool m_reconnecting = false;
    qint64 m_reconnectStartedMs = -1;
    qint64 m_reconnectingMs = 0;
    bool m_active = false; // from start() until the stop signal (not obs_output_active())
    bool m_connected = false; // the "start" signal arrived for the current stream
    bool m_stopRequested = false;

    // Appended for issue 11.
    bool attempt(QString* error);
    void abandonOutput();
    void scheduleRetry(const QString& reason);
    /// Ends the destination as failed, naming its address and the tries, when the seller's limit
    /// (ReconnectPolicy::maxTries, 0 = none) is reached; false otherwise. Main thread.
    bool giveUpIfOutOfTries(const QString& reason);
    /// An attempt failed before reaching the network (REASON): counts as a try, then gives up at
    /// the seller's limit or schedules the next one. Main thread.
    void failedTry(const QString& reason);
    void onRetryTimer();
    void onWatchdog();
    void onStall(qint64 noAckMs, quint64 waiting);
    void onStopDeadline();
    void finish(int code, const QString& message);
    void setState(ConnectionState state, const QString& reason);
    /// What librtmp logged, on the connect thread, about a connect that failed (see
    /// isCertificateVerifyFailure()): read by the "stop" callback on that same thread.
    struct ConnectLog {
        bool certificate = false; ///< the server's certificate failed verification
        QString certificateDetail; ///< mbedtls's words for it ("The certificate is not correctly …")
        QString cause; ///< "the connection was refused", "the host name was not found", "timed out"
    };
    void onStopSignal(obs_output_t* output, int code, const QString& lastError, const Raw& last, const ConnectLog& log);
    QString hostAndPort() const;
    void resolveEndpoint();
    void claimOwnSocket();
    /// The second half of attempt(): starts the output (obs_output_start) and looks for its socket.
    bool beginConnect(QString* error);
    /// Whether another destination's connect to this one's ingest port (any address when either is a
    /// host name) is under way and has not told its socket apart yet. Main thread.
    bool siblingConnectPending() const;
    QTimer m_siblingWait; // while a connect waits for a sibling's (siblingConnectPending())
    qint64 m_connectWaitStartedMs = -1;
    bool m_connectWaiting = false; // attempt() made the output; obs_output_start() waits for a sibling
    bool m_claimsSocket = false; // RTMP(S) to a known port: the attempt claims its socket

    ReconnectPolicy m_policy;
    StreamTarget m_target;
    IngestSocket::Endpoint m_endpoint;
    IngestSocket::Connection m_socket; // the claimed socket of the current connection (fd -1: none)
    QSet<quint64> m_socketsBefore; // the sockets the process held when the current attempt began
    QList<int> m_connectThreads; // threads libobs started in the current attempt's obs_output_start()
    QTimer m_identifyTimer; // while connecting: looks for the socket the connect thread is blocked on
    ConnectionState m_state = ConnectionState::Idle;
    QString m_reason;
    QTimer m_retryTimer;
    QTimer m_tickTimer; // the countdown, once a second while a retry waits
    QTimer m_watchdog;
    QTimer m_stopDeadline;
    qint64 m_retryAtMs = -1;
    qint64 m_attemptStartedMs = -1;
    qint64 m_stopAskedMs = -1;
    qint64 m_lastProgressMs = -1;
    quint64 m_lastAcked = 0;
    quint64 m_lastTotalBytes = 0;
    int m_try = 0; // failed attempts since the drop (or since start() while never connected)
    int m_refusedKeys = 0; // INVALID_STREAM after the key had been accepted
    int m_stalls = 0;
    qint64 m_outageStartedMs = -1; // the drop (or start() while never connected): the quick window's start
    int m_slowTries = 0; // attempts scheduled after the quick window in this outage
    bool m_inFlight = false; // an attempt is under way (started, no start/stop signal yet)
    bool m_everConnected = false;
    bool m_stalled = false;
    bool m_forced = false; // stop(): the graceful stop ran out of time
};

} // namespace pinstage
