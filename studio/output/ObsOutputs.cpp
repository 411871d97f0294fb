// SPDX-License-Identifier: GPL-2.0-or-later
#include "output/ObsOutputs.h"

#include "util/Clock.h"

#include <obs.h>

#include <algorithm>

namespace pinstage {

ObsOutputs::ObsOutputs(const EncoderSettings& settings, Clock& clock, QObject* parent)
    : ShowOutputs(parent)
    , m_clock(clock)
    , m_encoders(settings)
    , m_recording(m_encoders)
{
    // One destination today; the list takes several (one StreamOutput each, shared encoders).
    m_streams.push_back(std::make_unique<StreamOutput>(m_encoders, m_clock));
    StreamOutput* stream = m_streams.front().get();
    connect(stream, &StreamOutput::started, this, &ShowOutputs::streamStarted);
    connect(stream, &StreamOutput::stopped, this, &ShowOutputs::streamStopped);
    connect(stream, &StreamOutput::reconnecting, this, &ShowOutputs::streamReconnecting);
    connect(stream, &StreamOutput::reconnected, this, &ShowOutputs::streamReconnected);
    connect(stream, &StreamOutput::connectionEvent, this, &ShowOutputs::streamConnectionEvent);
    connect(&m_recording, &RecordingOutput::started, this, &ShowOutputs::recordingStarted);
    connect(&m_recording, &RecordingOutput::stopped, this, &ShowOutputs::recordingStopped);
}

ObsOutputs::~ObsOutputs() = default;

bool ObsOutputs::startStream(const StreamTarget& target, QString* error)
{
    return m_streams.front()->start(target, m_maxRetries, m_firstDelaySeconds, error);
}

void ObsOutputs::stopStream()
{
    for (const auto& stream : m_streams)
        stream->stop();
}

bool ObsOutputs::isStreaming() const
{
    return std::any_of(m_streams.cbegin(), m_streams.cend(), [](const auto& s) { return s->isActive(); });
}

bool ObsOutputs::startRecording(const QString& file, QString* error)
{
    return m_recording.start(file, error);
}

void ObsOutputs::stopRecording()
{
    m_recording.stop();
}

bool ObsOutputs::isRecording() const
{
    return m_recording.isActive();
}

OutputStats ObsOutputs::snapshot() const
{
    OutputStats s;
    s.takenAtMs = m_clock.monotonicMs();
    s.framesRendered = obs_get_total_frames();
    s.framesLagged = obs_get_lagged_frames();
    s.recording = m_recording.isActive();
    for (const auto& stream : m_streams) {
        const StreamOutput::Counters c = stream->counters();
        s.streaming = s.streaming || stream->isActive();
        s.framesSent += c.frames;
        s.framesDropped += c.dropped;
        s.bytesSent += c.bytes;
        s.reconnecting = s.reconnecting || c.reconnecting;
        s.reconnects += c.drops;
        s.reconnectAttempts += c.attempts;
        s.reconnectingSeconds += c.reconnectingMs / 1000.0;
    }
    return s;
}

bool ObsOutputs::setEncoderSettings(const EncoderSettings& settings, QString* error)
{
    if (isStreaming() || isRecording()) {
        *error = QStringLiteral("the encoder settings change only between shows (a stream or a recording runs)");
        return false;
    }
    return m_encoders.setSettings(settings, error);
}

void ObsOutputs::setReconnectPolicy(int maxRetries, int firstDelaySeconds)
{
    m_maxRetries = std::max(0, maxRetries);
    m_firstDelaySeconds = std::max(1, firstDelaySeconds);
}

bool ObsOutputs::reconnectNow()
{
    bool any = false;
    for (const auto& stream : m_streams)
        any = stream->reconnectNow() || any;
    return any;
}

QString describeOutputCode(int code)
{
    switch (code) {
    case OBS_OUTPUT_SUCCESS:
        return QStringLiteral("stopped");
    case OBS_OUTPUT_BAD_PATH:
        return QStringLiteral("the server address is wrong");
    case OBS_OUTPUT_CONNECT_FAILED:
        return QStringLiteral("could not connect to the server");
    case OBS_OUTPUT_INVALID_STREAM:
        return QStringLiteral("the server refused the stream key");
    case OBS_OUTPUT_DISCONNECTED:
        return QStringLiteral("the connection was lost and did not come back");
    case OBS_OUTPUT_UNSUPPORTED:
        return QStringLiteral("the server does not support this format");
    case OBS_OUTPUT_NO_SPACE:
        return QStringLiteral("the disk is full");
    case OBS_OUTPUT_ENCODE_ERROR:
        return QStringLiteral("the encoder failed");
    default:
        return QStringLiteral("the output failed (code %1)").arg(code);
    }
}

} // namespace pinstage
