// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "output/EncoderSet.h"
#include "output/RecordingOutput.h"
#include "output/ShowOutputs.h"
#include "output/StreamOutput.h"

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

    const EncoderSet& encoders() const { return m_encoders; }
    /// Encodes the next stream and recording with SETTINGS (e.g. another EncoderSettings::Profile).
    /// Between shows only: refused, with *error saying why, while streaming or recording.
    bool setEncoderSettings(const EncoderSettings& settings, QString* error);
    int reconnectMaxRetries() const { return m_maxRetries; }
    int reconnectFirstDelaySeconds() const { return m_firstDelaySeconds; }
    bool reconnectNow() override;

private:
    Clock& m_clock;
    EncoderSet m_encoders;
    // Destroyed before the encoders they use (reverse declaration order).
    RecordingOutput m_recording;
    std::vector<std::unique_ptr<StreamOutput>> m_streams;
    int m_maxRetries = 0; // no limit: retried until the seller ends the show
    int m_firstDelaySeconds = 2;
};

} // namespace pinstage
