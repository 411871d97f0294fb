// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "output/DestinationCanvas.h"
#include "output/EncoderSettings.h"
#include "output/OutputStats.h"
#include "output/StreamTarget.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

namespace pinstage {

/// One destination of a show (issue 11): where it goes and, when it differs from the show's, its
/// own video bitrate. Destinations with the same encoder settings share one video encoder.
/// Plain value; the key is a secret (see StreamTarget).
struct DestinationSpec {
    QString name; ///< what the seller calls it ("TikTok"); empty: the URL's host
    StreamTarget target;
    int videoBitrateKbps = 0; ///< kbit/s; 0: the show's (EncoderSettings::videoBitrateKbps)
    /// The picture it receives; a horizontal destination has its own video encoder fed by the second
    /// canvas (0 bitrate: the horizontal canvas's, EncoderSettings::forCanvas).
    DestinationCanvas canvas = DestinationCanvas::Vertical;
};

/// A destination's state and counters at one moment (ShowOutputs::destinations()). Plain value;
/// holds no key.
struct DestinationStatus {
    enum class State {
        Connecting, ///< asked to start, not connected yet
        Live, ///< connected and sending
        Reconnecting, ///< dropped (or its connect was refused), being retried
        Stopped, ///< stopped on request (or never started in this show)
        Failed, ///< stopped on an error: CODE and MESSAGE say which
    };
    QString name; ///< DestinationSpec::name, or the URL's host
    QString url; ///< the server URL, redacted (never the key)
    State state = State::Stopped;
    int code = 0; ///< OBS_OUTPUT_* code of the last stop (0: on request)
    QString message; ///< what the last stop was, redacted; empty while running
    int videoBitrateKbps = 0; ///< the video encoder's target, kbit/s
    int encoder = 0; ///< which video encoder it uses: destinations with the same number share one
    qint64 takenAtMs = 0; ///< Clock::monotonicMs() of the counters
    quint64 frames = 0; ///< video frames sent (whole show, across reconnects)
    quint64 dropped = 0; ///< frames dropped for congestion
    quint64 bytes = 0;
    int reconnects = 0; ///< connection drops
    DestinationCanvas canvas = DestinationCanvas::Vertical; ///< the picture it receives
    /// Time it was connected (Live) in this show, ms, over all its connections (reconnects and
    /// restarts included); 0 from outputs that do not keep it.
    qint64 liveMs = 0;
    // Issue 11 (own reconnect): while Reconnecting (after a drop, or a refused connect before it
    // was ever live) the next try's countdown and why; FAILED's reason is MESSAGE.
    int retryInSeconds = -1; ///< seconds (rounded up) until the next try while one waits; -1: none
    QString reason; ///< why it is reconnecting (redacted); empty otherwise
    int tries = 0; ///< failed tries since the drop (or since the start while never connected)
    int maxTries = 0; ///< the try limit (0: none, retried until stopped)
    bool active() const { return state == State::Connecting || state == State::Live || state == State::Reconnecting; }
    /// "connecting", "live", "reconnecting", "stopped", "failed" (the headless JSON's words).
    static QString stateName(State state);
};

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

    // --- Several destinations (issue 11). startStream(T) is startStreams({{ {}, T }}). ---------

    /// Starts every destination of DESTINATIONS at once (none already streaming). Returns false
    /// (and sets *error, naming the destination as "destination #N (NAME)", never a key) when any
    /// is refused at once; then none runs. Each destination's results arrive as
    /// destinationChanged(); the aggregate signals follow the rule below.
    ///
    /// Aggregate (what streamStarted/streamStopped/... mean with several destinations): the show
    /// is live while at least one destination is. streamStarted() when the first destination
    /// connects; streamReconnecting() when, after that, no destination is connected any more but
    /// one is still trying; streamReconnected() when one is connected again; streamStopped() when
    /// the last active destination stopped (the code of the first destination that failed, else the
    /// last one's; the message names each failed destination).
    /// The default implementation takes exactly one destination without its own bitrate.
    virtual bool startStreams(const QList<DestinationSpec>& destinations, QString* error);
    /// Stops destination INDEX (of the running show) alone; the others go on. False with *error
    /// when there is no such destination or it is not running.
    virtual bool stopDestination(int index, QString* error);
    /// Starts destination INDEX again (it stopped or failed) while the show runs, with the same
    /// target. False with *error when there is no such destination, it runs, or no show runs.
    virtual bool restartDestination(int index, QString* error);
    /// The destinations of the current (or last) show, in the order given, with counters now.
    virtual QList<DestinationStatus> destinations() const { return m_destinations; }
    /// The show's encoder settings (a destination without its own bitrate uses them).
    virtual EncoderSettings encoderSettings() const { return {}; }
    /// The video bitrate of a horizontal destination without one of its own, kbit/s (its canvas's,
    /// issue 11); 0: the show's (encoderSettings()).
    virtual int horizontalVideoBitrateKbps() const { return 0; }

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
    /// Destination INDEX changed state (destinations().at(INDEX) has it).
    void destinationChanged(int index);

    // Appended for issue 11 (reconnects, stalls).
public:
    /// Skips the wait before the next reconnect attempt of destination INDEX (-1: of every
    /// destination waiting for one). False when no attempt was waiting.
    virtual bool reconnectNow(int index = -1)
    {
        Q_UNUSED(index);
        return false;
    }
signals:
    /// A line for the show log about the stream's connection (see StreamOutput::connectionEvent:
    /// "connection_lost", "connect_retry", "stall_detected", "stream_failed", "stop_forced", ...),
    /// with "destination" (1-based) and "name" when the show has several destinations.
    void streamConnectionEvent(const QString& event, const QJsonObject& fields);

protected:
    // Implementations report per-destination events here; these keep the table destinations()
    // returns and emit destinationChanged() and the aggregate signals (see startStreams()).
    /// A new show with DESTINATIONS (each Connecting); ENCODERS[i] is destination i's encoder number
    /// and BITRATES[i] its video bitrate.
    void beginDestinations(
        const QList<DestinationSpec>& destinations, const QList<int>& encoders, const QList<int>& bitrates);
    void reportConnecting(int index);
    void reportStarted(int index);
    void reportReconnecting(int index);
    void reportReconnected(int index);
    void reportStopped(int index, int code, const QString& message);
    /// True from beginDestinations() until the aggregate streamStopped().
    bool destinationsRunning() const { return m_running; }
    /// A show refused inside startStreams() after beginDestinations(): forgets its destinations
    /// without a signal (the caller hears only the error).
    void abandonDestinations();

    QList<DestinationStatus> m_destinations;

private:
    void updateAggregate(int lastIndex);
    bool m_running = false;
    bool m_aggregateStarted = false;
    bool m_aggregateReconnecting = false;
};

/// How DESTINATIONS share video encoders, the rule the real outputs follow: destination i's video
/// bitrate (BITRATES[i], kbit/s: its own, else for a horizontal one HORIZONTAL_KBPS when > 0, else
/// SETTINGS'), and its encoder number (ENCODERS[i]): destinations of the same canvas whose encoder
/// settings are the same (SETTINGS with that bitrate; EncoderSet::sameVideo) share one, numbered in the
/// order of first use. Pure.
struct EncoderSharing {
    QList<int> encoders;
    QList<int> bitrates;
};
EncoderSharing encoderSharing(
    const QList<DestinationSpec>& destinations, const EncoderSettings& settings, int horizontalKbps = 0);
/// The upload DESTINATIONS need together, kbit/s: each one's video bitrate (its own, else its canvas's:
/// HORIZONTAL_KBPS for a horizontal one when > 0, else SETTINGS'; see encoderSharing) plus SETTINGS'
/// audio bitrate, plus 10 % for RTMP overhead.
int requiredUploadKbps(
    const QList<DestinationSpec>& destinations, const EncoderSettings& settings, int horizontalKbps = 0);
/// A one-line warning when the destinations need more than UPLOAD_KBPS (the upload the seller
/// measured or entered; 0: unknown, no warning), naming each destination's share; empty when they
/// fit. Never holds a key. HORIZONTAL_KBPS as for requiredUploadKbps.
QString uploadWarning(const QList<DestinationSpec>& destinations, const EncoderSettings& settings, int uploadKbps,
    int horizontalKbps = 0);

/// A human sentence for an OBS_OUTPUT_* code.
QString describeOutputCode(int code);

} // namespace pinstage
