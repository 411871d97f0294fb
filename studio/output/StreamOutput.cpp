// SPDX-License-Identifier: GPL-2.0-or-later
#include "output/StreamOutput.h"

#include "obs/ObsContext.h"
#include "obs/ObsLog.h"
#include "output/EncoderSet.h"
#include "output/IngestUrl.h"
#include "output/ShowOutputs.h"
#include "util/Clock.h"

#include <QMetaObject>

#include <algorithm>
#include <atomic>
#include <cstring>

namespace pinstage {
namespace {

    std::atomic<bool> s_mpegTsOutputUsed { false };

    QString lastErrorOf(obs_output_t* output)
    {
        const char* error = output ? obs_output_get_last_error(output) : nullptr;
        return error ? ObsLog::redact(QString::fromUtf8(error)) : QString();
    }

} // namespace

StreamOutput::StreamOutput(EncoderSet& encoders, Clock& clock, QObject* parent)
    : QObject(parent)
    , m_encoders(encoders)
    , m_clock(clock)
{
}

StreamOutput::~StreamOutput()
{
    m_startSignal.Disconnect();
    m_stopSignal.Disconnect();
    m_reconnectSignal.Disconnect();
    m_reconnectedSignal.Disconnect();
    if (m_output && m_active && !m_connected) {
        // A connect is pending: libobs's destroy would join the connect thread, which can take as
        // long as the network's timeout. Let a background thread wait for it instead; ObsContext
        // waits (bounded) for such releases before libobs shuts down.
        ObsContext::releaseInBackground(
            [output = OBSOutput(m_output.Get()), service = OBSService(m_service.Get())]() mutable {
                output = nullptr;
                service = nullptr;
            });
        m_output = nullptr;
        m_service = nullptr;
        return;
    }
    if (m_output && m_active)
        obs_output_stop(m_output);
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

    OBSDataAutoRelease service = obs_data_create();
    obs_data_set_string(service, "server", target.url.toUtf8().constData());
    obs_data_set_string(service, "key", target.key.toUtf8().constData());
    obs_data_set_bool(service, "use_auth", false);
    m_service = obs_service_create_private("rtmp_custom", "Destination", service);

    const char* outputId = outputIdFor(target.url);
    if (m_output && (obs_output_active(m_output) || std::strcmp(obs_output_get_id(m_output), outputId) != 0)) {
        // libobs signals "stop" before its end-of-capture thread has deactivated the output, and an
        // output still active refuses to start ("the stream could not start", no error): a Go Live
        // right after a show ended met that. Leave the old output to finish on its own and use a
        // fresh one. (Also when the destination's protocol needs another kind of output.)
        m_startSignal.Disconnect();
        m_stopSignal.Disconnect();
        m_reconnectSignal.Disconnect();
        m_reconnectedSignal.Disconnect();
        ObsContext::releaseInBackground([output = OBSOutput(m_output.Get())]() mutable { output = nullptr; });
        m_output = nullptr;
    }
    if (!m_output) {
        m_output = obs_output_create(outputId, "Stream", nullptr, nullptr);
        if (m_output && std::strcmp(outputId, "rtmp_output") != 0)
            s_mpegTsOutputUsed = true;
        if (!m_output) {
            *error = QStringLiteral("libobs's %1 output is missing (install the obs-studio package)")
                         .arg(QLatin1String(outputId));
            return false;
        }
        signal_handler_t* handler = obs_output_get_signal_handler(m_output);
        // Callbacks run on libobs threads: copy the values, then continue on our thread. Qt drops
        // queued calls to a destroyed context, and the destructor disconnects first.
        m_startSignal.Connect(
            handler, "start",
            [](void* self, calldata_t*) {
                QMetaObject::invokeMethod(
                    static_cast<StreamOutput*>(self), &StreamOutput::onStart, Qt::QueuedConnection);
            },
            this);
        m_stopSignal.Connect(
            handler, "stop",
            [](void* self, calldata_t* data) {
                auto* s = static_cast<StreamOutput*>(self);
                const int code = static_cast<int>(calldata_int(data, "code"));
                const QString lastError = lastErrorOf(s->m_output);
                QMetaObject::invokeMethod(
                    s, [s, code, lastError] { s->onStop(code, lastError); }, Qt::QueuedConnection);
            },
            this);
        // libobs emits "reconnect" for every attempt and restarts the output's counters for each
        // new connection. At the first attempt they still hold what the lost connection sent:
        // copy them here, on the libobs thread, before the next attempt resets them.
        m_reconnectSignal.Connect(
            handler, "reconnect",
            [](void* self, calldata_t*) {
                auto* s = static_cast<StreamOutput*>(self);
                const Raw last = read(s->m_output);
                QMetaObject::invokeMethod(
                    s, [s, last] { s->onReconnecting(last); }, Qt::QueuedConnection);
            },
            this);
        m_reconnectedSignal.Connect(
            handler, "reconnect_success",
            [](void* self, calldata_t*) {
                QMetaObject::invokeMethod(
                    static_cast<StreamOutput*>(self), &StreamOutput::onReconnected, Qt::QueuedConnection);
            },
            this);
    }
    // At every start: the encoder set may have been made again with other settings.
    obs_output_set_video_encoder(m_output, m_encoders.video());
    obs_output_set_audio_encoder(m_output, m_encoders.audio(), 0);
    obs_output_set_service(m_output, m_service);
    obs_output_set_reconnect_settings(m_output, std::max(0, maxRetries), std::max(1, firstDelaySeconds));

    m_earlier = {};
    m_drops = 0;
    m_attempts = 0;
    m_reconnecting = false;
    m_reconnectStartedMs = -1;
    m_reconnectingMs = 0;
    m_stopRequested = false;
    m_connected = false;
    if (!obs_output_start(m_output)) {
        const QString why = lastErrorOf(m_output);
        *error = why.isEmpty() ? QStringLiteral("the stream could not start") : why;
        return false;
    }
    m_active = true;
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
    if (!m_active)
        return;
    m_connected = true;
    if (m_stopRequested) {
        // Connected after the show was asked to end (see stop()): end it now, unannounced.
        obs_output_stop(m_output);
        return;
    }
    emit started();
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
    if (!m_active)
        return; // a late signal from a stream that has ended
    ++m_attempts;
    if (m_reconnecting)
        return; // a further attempt for the same drop: its counters are the failed attempt's
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
    if (m_reconnectStartedMs >= 0)
        m_reconnectingMs += m_clock.monotonicMs() - m_reconnectStartedMs;
    m_reconnectStartedMs = -1;
    emit reconnected();
}

void StreamOutput::stop()
{
    if (!m_active || m_stopRequested)
        return;
    m_stopRequested = true;
    // libobs ignores obs_output_stop() until the output has connected (and obs_output_force_stop()
    // would block this thread until the connect gives up): a stop asked for while connecting is
    // carried out in onStart(), or ends with the failed connect.
    if (obs_output_active(m_output))
        obs_output_stop(m_output);
}

void StreamOutput::onStop(int code, const QString& lastError)
{
    if (!m_active)
        return;
    // Frames in flight when the stop was asked for are sent before this signal: count them.
    if (!m_reconnecting) {
        const Raw current = read(m_output);
        m_earlier.frames += current.frames;
        m_earlier.dropped += current.dropped;
        m_earlier.bytes += current.bytes;
    }
    if (m_reconnectStartedMs >= 0)
        m_reconnectingMs += m_clock.monotonicMs() - m_reconnectStartedMs;
    m_reconnectStartedMs = -1;
    m_reconnecting = false;
    m_active = false;
    m_connected = false;
    m_stopRequested = false;
    QString message = describeOutputCode(code);
    if (code != OBS_OUTPUT_SUCCESS && !lastError.isEmpty())
        message += QStringLiteral(": ") + lastError;
    emit stopped(code, message);
}

StreamOutput::Counters StreamOutput::counters() const
{
    Counters c;
    c.frames = m_earlier.frames;
    c.dropped = m_earlier.dropped;
    c.bytes = m_earlier.bytes;
    // While connected, add the current connection's own counters. While reconnecting there is no
    // current connection: libobs's counters then hold the lost connection's values (already
    // added) or a failed attempt's (nothing sent).
    if (m_output && m_active && m_connected && !m_reconnecting) {
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
    return c;
}

} // namespace pinstage
