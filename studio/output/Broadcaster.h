// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "output/EncoderSettings.h"
#include "output/OutputStats.h"
#include "output/StreamTarget.h"

#include <obs.hpp>

#include <QElapsedTimer>
#include <QObject>
#include <QString>

namespace pinstage {

/// The program's encoders (x264 + AAC, shared) and its outputs: the RTMP stream and the local
/// recording. Results of start/stop arrive as signals, because libobs connects asynchronously.
///
/// Thread contract: main thread. libobs output callbacks arrive on libobs threads; they are copied
/// and forwarded to this object's thread with queued calls, so signals are always emitted on the
/// main thread, and none arrive after destruction.
class Broadcaster : public QObject {
    Q_OBJECT
public:
    explicit Broadcaster(const EncoderSettings& settings, QObject* parent = nullptr);
    ~Broadcaster() override;

    /// Starts connecting. Returns false (and sets *error) only for problems known at once;
    /// a refused connection arrives later as streamStopped(code, message).
    bool startStream(const StreamTarget& target, QString* error);
    /// Ends the stream; streamStopped() follows. While still connecting, the stop is carried out
    /// as soon as the connection is made (libobs cannot interrupt a connect), and streamStarted()
    /// is then not emitted.
    void stopStream();
    bool isStreaming() const;

    /// Records the program into FILE (.mkv, .mp4, .flv; mkv survives a crash). Starting it
    /// after the stream joins at the stream's next keyframe. A missing or read-only folder is
    /// refused at once; a write failure later (disk full) arrives as recordingStopped(code, message).
    bool startRecording(const QString& file, QString* error);
    /// The checks startRecording() makes at once (the folder exists and is writable, FILE is not a
    /// folder), for a pre-flight check before going live. The error names the folder or file.
    static bool checkRecordingFile(const QString& file, QString* error);
    void stopRecording();
    bool isRecording() const;

    /// The show clock: milliseconds since the stream went live; for a show that only records,
    /// since the recording started; 0 before either.
    qint64 streamTimeMs() const;
    /// Current statistics; the bitrate is measured since the previous call. The stream's frame and
    /// byte counts are totals for the show, across reconnects.
    OutputStats stats();

    /// How a dropped stream is retried: up to MAX_RETRIES attempts, the first FIRST_DELAY_SECONDS
    /// after the drop (libobs waits 1.5 times longer before each further attempt). MAX_RETRIES 0
    /// turns reconnecting off (a drop then ends the stream). Takes effect at the next
    /// startStream(); the default is 20 retries, 2 s.
    void setReconnectPolicy(int maxRetries, int firstDelaySeconds);
    /// Connection drops in the current (or last) stream, attempts made to heal them, and whether
    /// one is in progress. (stats() has them too; these do not disturb its bitrate interval.)
    int reconnects() const { return m_drops; }
    int reconnectAttempts() const { return m_reconnectAttempts; }
    bool isReconnecting() const { return m_reconnecting; }
    int reconnectMaxRetries() const { return m_reconnectRetries; }
    int reconnectFirstDelaySeconds() const { return m_reconnectDelaySeconds; }

signals:
    void streamStarted();
    /// CODE is an OBS_OUTPUT_* code (0: stopped on request); MESSAGE says what happened.
    void streamStopped(int code, const QString& message);
    /// The connection dropped and libobs is reconnecting: emitted once per drop (at its first
    /// attempt), not for every attempt. The stream stays "streaming" meanwhile.
    void streamReconnecting();
    /// The stream is back after a drop. If it never comes back, streamStopped() follows with
    /// OBS_OUTPUT_DISCONNECTED instead.
    void streamReconnected();
    void recordingStarted();
    void recordingStopped(int code, const QString& message);

private:
    /// The stream output's own counters, which libobs restarts at 0 for each connection.
    struct StreamCounters {
        quint64 frames = 0;
        quint64 dropped = 0;
        quint64 bytes = 0;
    };
    static StreamCounters readCounters(obs_output_t* output);

    void onStreamStart();
    void onReconnecting(const StreamCounters& lastConnection);
    void onReconnected();
    void onStreamStop(int code, const QString& lastError);
    void onRecordingStart();
    void onRecordingStop(int code, const QString& lastError);
    bool ensureEncoders(QString* error);

    EncoderSettings m_settings;
    OBSEncoderAutoRelease m_video;
    OBSEncoderAutoRelease m_audio;
    OBSServiceAutoRelease m_service;
    OBSOutputAutoRelease m_stream;
    OBSOutputAutoRelease m_recording;
    OBSSignal m_streamStartSignal, m_streamStopSignal, m_reconnectSignal, m_reconnectedSignal;
    OBSSignal m_recordStartSignal, m_recordStopSignal;

    QElapsedTimer m_streamClock;
    QElapsedTimer m_recordingClock;
    double m_lastRecordingSeconds = 0;
    QElapsedTimer m_statsClock;
    quint64 m_lastBytes = 0;
    double m_lastBitrate = 0;
    OutputStats m_final;
    int m_reconnectRetries = 20;
    int m_reconnectDelaySeconds = 2;
    // Across reconnects: what the connections before the current one sent, the drops, the attempts.
    StreamCounters m_earlierConnections;
    int m_drops = 0;
    int m_reconnectAttempts = 0;
    bool m_reconnecting = false; // between a drop's first "reconnect" and "reconnect_success"
    QElapsedTimer m_reconnectClock;
    qint64 m_reconnectingMs = 0; // finished reconnects
    // Driven by our calls and libobs's start/stop signals, not by obs_output_active(): the stop
    // signal arrives before libobs clears its active flag.
    bool m_streamActive = false;
    bool m_stopRequested = false; // stopStream() was called for the current stream
    bool m_recordingActive = false;
};

/// A human sentence for an OBS_OUTPUT_* code.
QString describeOutputCode(int code);

} // namespace pinstage
