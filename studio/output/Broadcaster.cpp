// SPDX-License-Identifier: GPL-2.0-or-later
#include "output/Broadcaster.h"

#include "obs/ObsLog.h"

#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QUrl>

#include <algorithm>

namespace pinstage {
namespace {

int stopCode(calldata_t* data)
{
    return static_cast<int>(calldata_int(data, "code"));
}

QString outputError(obs_output_t* output)
{
    const char* error = output ? obs_output_get_last_error(output) : nullptr;
    return error ? ObsLog::redact(QString::fromUtf8(error)) : QString();
}

QString stopMessage(int code, const QString& lastError)
{
    QString message = describeOutputCode(code);
    if (code != OBS_OUTPUT_SUCCESS && !lastError.isEmpty())
        message += QStringLiteral(": ") + lastError;
    return message;
}

} // namespace

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

Broadcaster::Broadcaster(const EncoderSettings& settings, QObject* parent)
    : QObject(parent)
    , m_settings(settings)
{
}

Broadcaster::~Broadcaster()
{
    // Disconnect first: no callback may reach a half-destroyed object.
    m_streamStartSignal.Disconnect();
    m_streamStopSignal.Disconnect();
    m_reconnectSignal.Disconnect();
    m_reconnectedSignal.Disconnect();
    m_recordStartSignal.Disconnect();
    m_recordStopSignal.Disconnect();
    if (m_recording && obs_output_active(m_recording))
        obs_output_force_stop(m_recording);
    if (m_stream && obs_output_active(m_stream))
        obs_output_force_stop(m_stream);
}

bool Broadcaster::ensureEncoders(QString* error)
{
    if (m_video && m_audio)
        return true;
    OBSDataAutoRelease video = obs_data_create();
    obs_data_set_string(video, "rate_control", "CBR");
    obs_data_set_int(video, "bitrate", m_settings.videoBitrateKbps);
    obs_data_set_int(video, "keyint_sec", m_settings.keyframeSeconds);
    obs_data_set_string(video, "preset", m_settings.x264Preset.toUtf8().constData());
    obs_data_set_string(video, "profile", "high");
    m_video = obs_video_encoder_create("obs_x264", "Program video", video, nullptr);
    OBSDataAutoRelease audio = obs_data_create();
    obs_data_set_int(audio, "bitrate", m_settings.audioBitrateKbps);
    m_audio = obs_audio_encoder_create("ffmpeg_aac", "Program audio", audio, 0, nullptr);
    if (!m_video || !m_audio) {
        *error = QStringLiteral("the x264 or AAC encoder is missing (install the obs-studio package)");
        m_video = nullptr;
        m_audio = nullptr;
        return false;
    }
    obs_encoder_set_video(m_video, obs_get_video());
    obs_encoder_set_audio(m_audio, obs_get_audio());
    return true;
}

bool Broadcaster::startStream(const StreamTarget& target, QString* error)
{
    if (isStreaming()) {
        *error = QStringLiteral("already live");
        return false;
    }
    ObsLog::addSecret(target.key);
    if (!target.validate(error))
        return false;
    if (!ensureEncoders(error))
        return false;

    OBSDataAutoRelease service = obs_data_create();
    obs_data_set_string(service, "server", target.url.toUtf8().constData());
    obs_data_set_string(service, "key", target.key.toUtf8().constData());
    obs_data_set_bool(service, "use_auth", false);
    m_service = obs_service_create_private("rtmp_custom", "Destination", service);

    if (!m_stream) {
        m_stream = obs_output_create("rtmp_output", "Stream", nullptr, nullptr);
        if (!m_stream) {
            *error = QStringLiteral("the RTMP output is missing (install the obs-studio package)");
            return false;
        }
        signal_handler_t* handler = obs_output_get_signal_handler(m_stream);
        // Callbacks run on libobs threads: copy the values, then continue on our thread. Qt drops
        // queued calls to a destroyed context, and the destructor disconnects before anything else.
        m_streamStartSignal.Connect(handler, "start", [](void* self, calldata_t*) {
            QMetaObject::invokeMethod(static_cast<Broadcaster*>(self), &Broadcaster::onStreamStart, Qt::QueuedConnection);
        }, this);
        m_streamStopSignal.Connect(handler, "stop", [](void* self, calldata_t* data) {
            auto* b = static_cast<Broadcaster*>(self);
            const int code = stopCode(data);
            const QString lastError = outputError(b->m_stream);
            QMetaObject::invokeMethod(b, [b, code, lastError] { b->onStreamStop(code, lastError); }, Qt::QueuedConnection);
        }, this);
        // libobs emits "reconnect" for every attempt after a drop, and restarts the output's
        // counters for each new connection (bytes and drops when an attempt starts, frames when it
        // succeeds). At the first attempt they still hold what the lost connection sent: copy them
        // here, on the libobs thread, before the next attempt can reset them.
        m_reconnectSignal.Connect(handler, "reconnect", [](void* self, calldata_t*) {
            auto* b = static_cast<Broadcaster*>(self);
            const StreamCounters lastConnection = readCounters(b->m_stream);
            QMetaObject::invokeMethod(b, [b, lastConnection] { b->onReconnecting(lastConnection); }, Qt::QueuedConnection);
        }, this);
        m_reconnectedSignal.Connect(handler, "reconnect_success", [](void* self, calldata_t*) {
            QMetaObject::invokeMethod(static_cast<Broadcaster*>(self), &Broadcaster::onReconnected, Qt::QueuedConnection);
        }, this);
        obs_output_set_video_encoder(m_stream, m_video);
        obs_output_set_audio_encoder(m_stream, m_audio, 0);
    }
    obs_output_set_service(m_stream, m_service);
    obs_output_set_reconnect_settings(m_stream, m_reconnectRetries, m_reconnectDelaySeconds);

    m_final = {};
    m_lastBytes = 0;
    m_lastBitrate = 0;
    m_earlierConnections = {};
    m_drops = 0;
    m_reconnectAttempts = 0;
    m_reconnecting = false;
    m_reconnectClock.invalidate();
    m_reconnectingMs = 0;
    m_stopRequested = false;
    if (!obs_output_start(m_stream)) {
        const QString why = outputError(m_stream);
        *error = why.isEmpty() ? QStringLiteral("the stream could not start") : why;
        return false;
    }
    m_streamActive = true;
    return true;
}

void Broadcaster::onStreamStart()
{
    if (m_stopRequested) {
        // Connected after the show was asked to end (see stopStream): end it now, unannounced.
        obs_output_stop(m_stream);
        return;
    }
    m_streamClock.start();
    m_statsClock.start();
    m_lastBytes = 0;
    emit streamStarted();
}

void Broadcaster::setReconnectPolicy(int maxRetries, int firstDelaySeconds)
{
    m_reconnectRetries = std::max(0, maxRetries);
    m_reconnectDelaySeconds = std::max(1, firstDelaySeconds);
}

Broadcaster::StreamCounters Broadcaster::readCounters(obs_output_t* output)
{
    StreamCounters c;
    if (!output)
        return c;
    c.frames = static_cast<quint64>(std::max(0, obs_output_get_total_frames(output)));
    c.dropped = static_cast<quint64>(std::max(0, obs_output_get_frames_dropped(output)));
    c.bytes = obs_output_get_total_bytes(output);
    return c;
}

void Broadcaster::onReconnecting(const StreamCounters& lastConnection)
{
    if (!m_streamActive)
        return; // a late signal from a stream that has ended
    ++m_reconnectAttempts;
    if (m_reconnecting)
        return; // a further attempt for the same drop: its counters are the failed attempt's, not ours
    m_reconnecting = true;
    ++m_drops;
    m_earlierConnections.frames += lastConnection.frames;
    m_earlierConnections.dropped += lastConnection.dropped;
    m_earlierConnections.bytes += lastConnection.bytes;
    m_reconnectClock.start();
    emit streamReconnecting();
}

void Broadcaster::onReconnected()
{
    if (!m_streamActive || !m_reconnecting)
        return;
    m_reconnecting = false;
    if (m_reconnectClock.isValid())
        m_reconnectingMs += m_reconnectClock.elapsed();
    m_reconnectClock.invalidate();
    emit streamReconnected();
}

void Broadcaster::stopStream()
{
    if (!m_streamActive || m_stopRequested)
        return;
    m_stopRequested = true;
    m_final = stats();
    // libobs ignores obs_output_stop() until the output has connected and begun sending (and
    // obs_output_force_stop() would block this thread until the connect gives up): a stop asked
    // for while connecting is carried out in onStreamStart(), or ends with the failed connect.
    if (obs_output_active(m_stream))
        obs_output_stop(m_stream);
}

void Broadcaster::onStreamStop(int code, const QString& lastError)
{
    // Frames still in flight when the stop was asked for are sent before this signal: count them,
    // but keep the time on air measured when the show was asked to end.
    const OutputStats last = stats();
    if (last.framesSent > m_final.framesSent) {
        const double onAir = m_final.streamSeconds > 0 ? m_final.streamSeconds : last.streamSeconds;
        m_final = last;
        m_final.streamSeconds = onAir;
    }
    if (m_streamClock.isValid() && m_final.streamSeconds > 0 && m_final.bytesSent > 0)
        m_final.bitrateKbps = m_final.bytesSent * 8.0 / 1000.0 / m_final.streamSeconds;
    // Drops and reconnect time as they are now (a stop while reconnecting ends that reconnect).
    m_final.reconnects = last.reconnects;
    m_final.reconnectAttempts = last.reconnectAttempts;
    m_final.reconnectingSeconds = last.reconnectingSeconds;
    if (m_reconnectClock.isValid())
        m_reconnectingMs += m_reconnectClock.elapsed();
    m_reconnectClock.invalidate();
    m_reconnecting = false;
    m_final.streaming = false;
    m_streamClock.invalidate();
    m_streamActive = false;
    m_stopRequested = false;
    emit streamStopped(code, stopMessage(code, lastError));
}

bool Broadcaster::isStreaming() const
{
    return m_streamActive;
}

bool Broadcaster::startRecording(const QString& file, QString* error)
{
    if (isRecording()) {
        *error = QStringLiteral("already recording");
        return false;
    }
    if (!checkRecordingFile(file, error))
        return false;
    const QFileInfo info(file);
    if (!ensureEncoders(error))
        return false;
    OBSDataAutoRelease settings = obs_data_create();
    obs_data_set_string(settings, "path", info.absoluteFilePath().toUtf8().constData());
    if (!m_recording) {
        m_recording = obs_output_create("ffmpeg_muxer", "Recording", settings, nullptr);
        if (!m_recording) {
            *error = QStringLiteral("the recording output is missing (install the obs-studio package)");
            return false;
        }
        signal_handler_t* handler = obs_output_get_signal_handler(m_recording);
        m_recordStartSignal.Connect(handler, "start", [](void* self, calldata_t*) {
            QMetaObject::invokeMethod(static_cast<Broadcaster*>(self), &Broadcaster::onRecordingStart, Qt::QueuedConnection);
        }, this);
        m_recordStopSignal.Connect(handler, "stop", [](void* self, calldata_t* data) {
            auto* b = static_cast<Broadcaster*>(self);
            const int code = stopCode(data);
            const QString lastError = outputError(b->m_recording);
            QMetaObject::invokeMethod(b, [b, code, lastError] { b->onRecordingStop(code, lastError); }, Qt::QueuedConnection);
        }, this);
        obs_output_set_video_encoder(m_recording, m_video);
        obs_output_set_audio_encoder(m_recording, m_audio, 0);
    } else {
        obs_output_update(m_recording, settings);
    }
    if (!obs_output_start(m_recording)) {
        const QString why = outputError(m_recording);
        *error = QStringLiteral("the recording could not start") + (why.isEmpty() ? QString() : QStringLiteral(": ") + why);
        return false;
    }
    m_recordingActive = true;
    return true;
}

bool Broadcaster::checkRecordingFile(const QString& file, QString* error)
{
    const QFileInfo info(file);
    const QFileInfo folder(info.absolutePath());
    if (!folder.isDir()) {
        *error = QStringLiteral("the folder %1 does not exist").arg(info.absolutePath());
        return false;
    }
    if (!folder.isWritable()) {
        *error = QStringLiteral("the folder %1 is not writable").arg(info.absolutePath());
        return false;
    }
    if (info.isDir()) {
        *error = QStringLiteral("%1 is a folder, not a file name").arg(info.absoluteFilePath());
        return false;
    }
    return true;
}

void Broadcaster::stopRecording()
{
    if (m_recordingActive)
        obs_output_stop(m_recording);
}

void Broadcaster::onRecordingStart()
{
    m_recordingClock.start();
    emit recordingStarted();
}

void Broadcaster::onRecordingStop(int code, const QString& lastError)
{
    m_recordingActive = false;
    if (m_recordingClock.isValid())
        m_lastRecordingSeconds = m_recordingClock.elapsed() / 1000.0;
    m_recordingClock.invalidate();
    emit recordingStopped(code, stopMessage(code, lastError));
}

bool Broadcaster::isRecording() const
{
    return m_recordingActive;
}

qint64 Broadcaster::streamTimeMs() const
{
    if (m_streamClock.isValid())
        return m_streamClock.elapsed();
    return m_recordingClock.isValid() ? m_recordingClock.elapsed() : 0;
}

OutputStats Broadcaster::stats()
{
    OutputStats s;
    s.framesRendered = obs_get_total_frames();
    s.framesLagged = obs_get_lagged_frames();
    s.streaming = isStreaming();
    s.recording = isRecording();
    s.reconnecting = m_reconnecting;
    s.reconnects = m_drops;
    s.reconnectAttempts = m_reconnectAttempts;
    s.reconnectingSeconds = (m_reconnectingMs + (m_reconnectClock.isValid() ? m_reconnectClock.elapsed() : 0)) / 1000.0;
    if (!s.streaming && !m_streamClock.isValid()) {
        // Not live: report what the last stream ended with.
        s.framesSent = m_final.framesSent;
        s.framesDropped = m_final.framesDropped;
        s.bytesSent = m_final.bytesSent;
        s.bitrateKbps = m_final.bitrateKbps;
        // A show that only recorded has its time on air from the recording.
        s.streamSeconds = m_final.streamSeconds > 0 ? m_final.streamSeconds
            : m_recordingClock.isValid()             ? m_recordingClock.elapsed() / 1000.0
                                                     : m_lastRecordingSeconds;
        return s;
    }
    // The connections before this one, plus this one's own counters. While reconnecting there is
    // no current connection: libobs's counters then hold either the lost connection's values
    // (already added) or a failed attempt's (nothing sent).
    StreamCounters total = m_earlierConnections;
    if (m_stream && !m_reconnecting) {
        const StreamCounters current = readCounters(m_stream);
        total.frames += current.frames;
        total.dropped += current.dropped;
        total.bytes += current.bytes;
    }
    s.framesSent = total.frames;
    s.framesDropped = total.dropped;
    s.bytesSent = total.bytes;
    s.streamSeconds = streamTimeMs() / 1000.0;
    if (m_statsClock.isValid()) {
        // The total only grows, so the rate is never negative; while reconnecting it is 0.
        const qint64 ms = m_statsClock.restart();
        if (ms > 0)
            m_lastBitrate = (s.bytesSent >= m_lastBytes ? s.bytesSent - m_lastBytes : 0) * 8.0 / ms; // bits per ms = kbit/s
        m_lastBytes = s.bytesSent;
    }
    s.bitrateKbps = m_lastBitrate;
    return s;
}

} // namespace pinstage
