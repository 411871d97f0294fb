// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "output/EncoderSet.h"
#include "output/RecordingOutput.h"
#include "output/ShowOutputs.h"
#include "output/StreamOutput.h"

#include <functional>
#include <memory>
#include <vector>

namespace pinstage {

class Clock;

/// The real outputs: one shared encoder set (x264 + AAC), one StreamOutput per destination, and
/// the recording. See ShowOutputs for the contract.
///
/// Thread contract: main thread; needs a running ObsContext for its whole life.
class ObsOutputs final : public ShowOutputs {
    Q_OBJECT
public:
    ObsOutputs(const EncoderSettings& settings, Clock& clock, QObject* parent = nullptr);
    ~ObsOutputs() override;

    bool startStream(const StreamTarget& target, QString* error) override;
    void stopStream() override;
    bool isStreaming() const override;
    bool startRecording(const QString& file, QString* error) override;
    void stopRecording() override;
    bool isRecording() const override;
    OutputStats snapshot() const override;
    void setReconnectPolicy(int maxRetries, int firstDelaySeconds) override;
    bool startStreams(const QList<DestinationSpec>& destinations, QString* error) override;
    bool stopDestination(int index, QString* error) override;
    bool restartDestination(int index, QString* error) override;
    QList<DestinationStatus> destinations() const override;
    EncoderSettings encoderSettings() const override { return m_encoders.settings(); }
    int horizontalVideoBitrateKbps() const override { return m_horizontalBitrateKbps; }
    /// How many video encoders the current (or last) show's destinations use (1: all share one).
    int videoEncoderCount() const;
    /// How many encoder sets (the program's included) and stream outputs this object holds now. A new
    /// show releases the sets no destination of it uses and their idle outputs (they do not pile up
    /// when bitrates or settings change between shows). For tests and diagnostics.
    int encoderSetCount() const;
    int streamOutputCount() const { return static_cast<int>(m_streams.size()); }

    const EncoderSet& encoders() const { return m_encoders; }
    /// Encodes the next stream and recording with SETTINGS (e.g. another EncoderSettings::Profile).
    /// Between shows only: refused, with *error saying why, while streaming or recording.
    bool setEncoderSettings(const EncoderSettings& settings, QString* error);
    /// The second canvas (issue 11): VIDEO is asked, when a show has a horizontal destination, for the
    /// frames of the horizontal canvas (it makes the view on first use; nullptr with *error naming why
    /// refuses the show at once), and BITRATE_KBPS is the video bitrate of a horizontal destination
    /// without one of its own. Until set, a horizontal destination is refused.
    using CanvasVideo = std::function<video_t*(QString* error)>;
    void setHorizontalCanvas(CanvasVideo video, int bitrateKbps);
    /// True while an encoder of the horizontal canvas is still in use (an output runs or is stopping):
    /// the canvas's view must outlive that.
    bool horizontalEncodersActive() const;
    int reconnectMaxRetries() const { return m_maxRetries; }
    int reconnectFirstDelaySeconds() const { return m_firstDelaySeconds; }
    bool reconnectNow(int index = -1) override;
    /// The reconnect benchmark's baseline (StreamOutput::ReconnectPolicy::libobsBaseline): libobs's own
    /// reconnect for the destinations started from now on. Off by default; only the headless flag
    /// --bench-libobs-reconnect sets it. Main thread.
    void setLibobsReconnectBaseline(bool on) { m_libobsReconnectBaseline = on; }

private:
    /// A destination of the current (or last) show: its target (the key in memory only), its
    /// stream output and encoder set.
    struct Destination {
        DestinationSpec spec;
        StreamOutput* stream = nullptr;
        EncoderSet* encoders = nullptr;
        QList<QMetaObject::Connection> connections;
        /// Its counters before the last restartDestination() (StreamOutput's start again at 0), so the
        /// destination reports the whole show.
        StreamOutput::Counters carried;
        qint64 liveMs = 0; ///< time connected (Live) in this show, before liveSinceMs
        qint64 liveSinceMs = -1; ///< Clock::monotonicMs() it went Live; -1: not Live
    };
    /// COUNTERS of D plus what it carried from before its restarts.
    static StreamOutput::Counters wholeShow(const Destination& d);
    /// Keeps destination INDEX's time connected as its state changes.
    void trackLiveTime(int index);
    /// Drops the encoder sets (other than the program's) that no destination of a show with SHARING
    /// uses and that no output uses any more, with their idle stream outputs.
    void releaseIdleEncoders(const QList<DestinationSpec>& destinations);
    EncoderSet* encodersFor(const EncoderSettings& settings);
    EncoderSet* horizontalEncodersFor(const EncoderSettings& settings, video_t* video);
    StreamOutput* streamFor(EncoderSet* encoders, const QList<StreamOutput*>& taken);
    bool startDestination(int index, QString* error);

    Clock& m_clock;
    EncoderSet m_encoders;
    // Encoders for destinations with their own bitrate (their audio is m_encoders').
    std::vector<std::unique_ptr<EncoderSet>> m_otherEncoders;
    // Video encoders of the horizontal canvas (their audio is m_encoders'), one per bitrate.
    std::vector<std::unique_ptr<EncoderSet>> m_horizontalEncoders;
    // Destroyed before the encoders they use (reverse declaration order).
    RecordingOutput m_recording;
    // Every stream output made so far, with the encoder set it is bound to; reused by later shows
    // (a StreamOutput is never destroyed while libobs may still be finishing it).
    std::vector<std::pair<std::unique_ptr<StreamOutput>, EncoderSet*>> m_streams;
    QList<Destination> m_show;
    CanvasVideo m_horizontalVideo;
    int m_horizontalBitrateKbps = 0;
    int m_maxRetries = 0; // no limit: retried until the seller ends the show
    int m_firstDelaySeconds = 2;
    bool m_libobsReconnectBaseline = false; // setLibobsReconnectBaseline()
};

} // namespace pinstage
