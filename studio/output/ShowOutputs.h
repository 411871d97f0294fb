// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "output/OutputStats.h"
#include "output/StreamTarget.h"

#include <QJsonObject>
#include <QObject>
#include <QString>

namespace pinstage {

/// What the show controller needs from the outputs: the stream(s) and the local recording, their
/// results as signals, and statistics snapshots. ObsOutputs is the real one (libobs); unit tests
/// use a fake that emits the signals by hand.
///
/// Thread contract: main thread. Implementations emit every signal on the main thread, never from
/// inside the call that caused it (results are always asynchronous, as libobs's are).
class ShowOutputs : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    /// Starts connecting to TARGET. Returns false (and sets *error, never containing the key) only
    /// for problems known at once; a refused connection arrives as streamStopped(code, message).
    virtual bool startStream(const StreamTarget& target, QString* error) = 0;
    /// Ends the stream; streamStopped() follows, within 5 s whatever the network does (ObsOutputs:
    /// a connect under way is abandoned and streamStopped() follows at once; a server that does not
    /// take the rest is cut off). streamStarted() is not emitted after it.
    virtual void stopStream() = 0;
    /// True from a successful startStream() until streamStopped().
    virtual bool isStreaming() const = 0;

    /// Records the program into FILE (.mkv, .mp4, .flv). The error names the folder or file.
    virtual bool startRecording(const QString& file, QString* error) = 0;
    virtual void stopRecording() = 0;
    /// True from a successful startRecording() until recordingStopped().
    virtual bool isRecording() const = 0;

    /// Counters now (streamSeconds is left 0: the show controller owns the show clock).
    virtual OutputStats snapshot() const = 0;

    /// How a dropped or refused stream is retried: MAX_RETRIES attempts per drop (0: no limit, until
    /// stopStream()); FIRST_DELAY_SECONDS is the first delay of the back-off that follows the quick
    /// tries (see StreamOutput::ReconnectPolicy). Takes effect at the next startStream().
    virtual void setReconnectPolicy(int maxRetries, int firstDelaySeconds) = 0;

signals:
    void streamStarted();
    /// CODE is an OBS_OUTPUT_* code (0: stopped on request); MESSAGE says what happened.
    void streamStopped(int code, const QString& message);
    /// The connection dropped and is being retried: once per drop, not per attempt.
    void streamReconnecting();
    /// The stream is back after a drop.
    void streamReconnected();
    void recordingStarted();
    void recordingStopped(int code, const QString& message);

    // Appended for issue 11 (reconnects, stalls).
public:
    /// Skips the wait before the next reconnect attempt. False when no attempt is waiting.
    virtual bool reconnectNow() { return false; }
signals:
    /// A line for the show log about the stream's connection (see StreamOutput::connectionEvent:
    /// "connection_lost", "connect_retry", "stall_detected", "stream_failed", "stop_forced", ...).
    void streamConnectionEvent(const QString& event, const QJsonObject& fields);
};

/// A human sentence for an OBS_OUTPUT_* code.
QString describeOutputCode(int code);

} // namespace pinstage
