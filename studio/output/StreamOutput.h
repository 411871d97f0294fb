// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "output/StreamTarget.h"

#include <obs.hpp>

#include <QObject>
#include <QString>

namespace pinstage {

class Clock;
class EncoderSet;

/// One destination: an RTMP(S) service and its stream output, fed by the shared encoders. Keeps
/// the destination's counters across reconnects (libobs restarts its own at 0 for each
/// connection) and announces a drop once, not once per attempt.
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
        int attempts = 0; ///< reconnect attempts after drops
        qint64 reconnectingMs = 0;
        bool reconnecting = false;
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
};

} // namespace pinstage
