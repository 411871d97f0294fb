// SPDX-License-Identifier: GPL-2.0-or-later
#include "output/ObsOutputs.h"

#include "obs/ObsLog.h"
#include "util/Clock.h"

#include <obs.h>

#include <QJsonObject>

#include <algorithm>

namespace pinstage {

ObsOutputs::ObsOutputs(const EncoderSettings& settings, Clock& clock, QObject* parent)
    : ShowOutputs(parent)
    , m_clock(clock)
    , m_encoders(settings)
    , m_recording(m_encoders)
{
    connect(&m_recording, &RecordingOutput::started, this, &ShowOutputs::recordingStarted);
    connect(&m_recording, &RecordingOutput::stopped, this, &ShowOutputs::recordingStopped);
    connect(this, &ShowOutputs::destinationChanged, this, &ObsOutputs::trackLiveTime);
}

ObsOutputs::~ObsOutputs()
{
    for (Destination& d : m_show) {
        for (const QMetaObject::Connection& c : std::as_const(d.connections))
            disconnect(c);
    }
}

bool ObsOutputs::startStream(const StreamTarget& target, QString* error)
{
    return startStreams({ DestinationSpec { {}, target, 0 } }, error);
}

EncoderSet* ObsOutputs::encodersFor(const EncoderSettings& settings)
{
    if (EncoderSet::sameVideo(settings, m_encoders.settings()))
        return &m_encoders;
    for (const auto& set : m_otherEncoders) {
        if (EncoderSet::sameVideo(settings, set->settings()))
            return set.get();
    }
    m_otherEncoders.push_back(std::make_unique<EncoderSet>(settings));
    m_otherEncoders.back()->shareAudioWith(&m_encoders);
    return m_otherEncoders.back().get();
}

EncoderSet* ObsOutputs::horizontalEncodersFor(const EncoderSettings& settings, video_t* video)
{
    for (const auto& set : m_horizontalEncoders) {
        if (EncoderSet::sameVideo(settings, set->settings())) {
            set->setVideoOutput(video);
            return set.get();
        }
    }
    m_horizontalEncoders.push_back(std::make_unique<EncoderSet>(settings));
    m_horizontalEncoders.back()->shareAudioWith(&m_encoders);
    m_horizontalEncoders.back()->setVideoOutput(video);
    return m_horizontalEncoders.back().get();
}

void ObsOutputs::setHorizontalCanvas(CanvasVideo video, int bitrateKbps)
{
    m_horizontalVideo = std::move(video);
    m_horizontalBitrateKbps = bitrateKbps;
}

bool ObsOutputs::horizontalEncodersActive() const
{
    return std::any_of(m_horizontalEncoders.cbegin(), m_horizontalEncoders.cend(),
        [](const std::unique_ptr<EncoderSet>& set) { return set->video() && obs_encoder_active(set->video()); });
}

StreamOutput* ObsOutputs::streamFor(EncoderSet* encoders, const QList<StreamOutput*>& taken)
{
    for (const auto& [stream, set] : m_streams) {
        if (set == encoders && !stream->isActive() && !taken.contains(stream.get()))
            return stream.get();
    }
    m_streams.emplace_back(std::make_unique<StreamOutput>(*encoders, m_clock), encoders);
    return m_streams.back().first.get();
}

bool ObsOutputs::startStreams(const QList<DestinationSpec>& destinations, QString* error)
{
    if (isStreaming()) {
        *error = QStringLiteral("already live");
        return false;
    }
    if (destinations.isEmpty()) {
        *error = QStringLiteral("no destination to stream to");
        return false;
    }
    const auto label = [&](int i) {
        const QString name = destinations.at(i).name.trimmed();
        return destinations.size() == 1
            ? QString()
            : (name.isEmpty() ? QStringLiteral("destination #%1: ").arg(i + 1)
                              : QStringLiteral("destination #%1 (%2): ").arg(i + 1).arg(name));
    };
    // Everything known at once is checked for every destination before any starts.
    for (int i = 0; i < destinations.size(); ++i) {
        ObsLog::addSecret(destinations.at(i).target.key);
        QString why;
        if (!destinations.at(i).target.validate(&why)) {
            *error = label(i) + why;
            return false;
        }
        if (destinations.at(i).videoBitrateKbps < 0 || destinations.at(i).videoBitrateKbps > 100000) {
            *error = label(i)
                + QStringLiteral("the video bitrate must be 1 to 100000 kbps, got %1")
                      .arg(destinations.at(i).videoBitrateKbps);
            return false;
        }
    }
    // The second canvas, made (or found) before anything starts: a horizontal destination that cannot
    // have it refuses the show at once.
    video_t* horizontal = nullptr;
    for (int i = 0; i < destinations.size() && !horizontal; ++i) {
        if (destinations.at(i).canvas != DestinationCanvas::Horizontal)
            continue;
        QString why = QStringLiteral("this studio has no horizontal canvas");
        horizontal = m_horizontalVideo ? m_horizontalVideo(&why) : nullptr;
        if (!horizontal) {
            *error = label(i) + why;
            return false;
        }
    }
    for (Destination& d : m_show) {
        for (const QMetaObject::Connection& c : std::as_const(d.connections))
            disconnect(c);
    }
    m_show.clear();
    releaseIdleEncoders(destinations);
    // Which encoder each destination uses and at what bitrate: the rule the fakes share (encoderSharing).
    const EncoderSharing sharing = encoderSharing(destinations, m_encoders.settings(), m_horizontalBitrateKbps);
    QList<StreamOutput*> taken;
    QList<EncoderSet*> sets;
    QList<int> encoderNumbers;
    QList<int> bitrates;
    for (int i = 0; i < destinations.size(); ++i) {
        const DestinationSpec& spec = destinations.at(i);
        EncoderSettings settings = m_encoders.settings();
        const bool isHorizontal = spec.canvas == DestinationCanvas::Horizontal;
        settings.videoBitrateKbps = sharing.bitrates.at(i);
        Destination d;
        d.spec = spec;
        d.encoders = isHorizontal ? horizontalEncodersFor(settings, horizontal) : encodersFor(settings);
        d.stream = streamFor(d.encoders, taken);
        taken.append(d.stream);
        if (!sets.contains(d.encoders))
            sets.append(d.encoders);
        encoderNumbers.append(static_cast<int>(sets.indexOf(d.encoders)));
        bitrates.append(settings.videoBitrateKbps);
        m_show.append(d);
    }
    beginDestinations(destinations, encoderNumbers, bitrates);
    for (int i = 0; i < m_show.size(); ++i) {
        Destination& d = m_show[i];
        StreamOutput* stream = d.stream;
        d.connections = {
            connect(stream, &StreamOutput::started, this, [this, i] { reportStarted(i); }),
            connect(stream, &StreamOutput::stopped, this,
                [this, i](int code, const QString& message) { reportStopped(i, code, message); }),
            connect(stream, &StreamOutput::reconnected, this, [this, i] { reportReconnected(i); }),
            // A drop and a refused connect both go Reconnecting while a retry waits (issue 11): the
            // destination says so from its first retry, not only after it was once live.
            connect(stream, &StreamOutput::connectionStateChanged, this,
                [this, i](StreamOutput::ConnectionState state) {
                    if (state == StreamOutput::ConnectionState::Reconnecting)
                        reportReconnecting(i);
                }),
            // The countdown to the next try, once a second: destinations() has it.
            connect(stream, &StreamOutput::reconnectIn, this, [this, i] { emit destinationChanged(i); }),
            connect(stream, &StreamOutput::connectionEvent, this,
                [this, i](const QString& event, const QJsonObject& fields) {
                    QJsonObject line = fields;
                    if (m_show.size() > 1) {
                        line.insert(QStringLiteral("destination"), i + 1);
                        line.insert(QStringLiteral("name"), m_destinations.value(i).name);
                    }
                    emit streamConnectionEvent(event, line);
                }),
        };
    }
    // All at once: each joins the shared encoders when it connects (a later one at the next keyframe).
    for (int i = 0; i < m_show.size(); ++i) {
        QString why;
        if (!startDestination(i, &why)) {
            // Refused at once (e.g. an encoder is missing): none of the show runs, and nothing is
            // heard of it but this error (ShowOutputs.h). The ones already asked to connect are
            // stopped unheard: their signals are cut first.
            for (Destination& d : m_show) {
                for (const QMetaObject::Connection& c : std::as_const(d.connections))
                    disconnect(c);
                d.connections.clear();
            }
            for (int j = 0; j < i; ++j)
                m_show.at(j).stream->stop();
            m_show.clear();
            abandonDestinations();
            *error = label(i) + why;
            return false;
        }
    }
    return true;
}

bool ObsOutputs::startDestination(int index, QString* error)
{
    Destination& d = m_show[index];
    StreamOutput::ReconnectPolicy policy = d.stream->reconnectPolicy();
    policy.libobsBaseline = m_libobsReconnectBaseline;
    d.stream->setReconnectPolicy(policy);
    return d.stream->start(d.spec.target, m_maxRetries, m_firstDelaySeconds, error);
}

bool ObsOutputs::stopDestination(int index, QString* error)
{
    if (index < 0 || index >= m_show.size()) {
        *error = QStringLiteral("there is no destination #%1 (the show has %2)").arg(index + 1).arg(m_show.size());
        return false;
    }
    if (!m_show.at(index).stream->isActive()) {
        *error = QStringLiteral("destination #%1 (%2) is not streaming")
                     .arg(index + 1)
                     .arg(m_destinations.value(index).name);
        return false;
    }
    m_show.at(index).stream->stop();
    return true;
}

bool ObsOutputs::restartDestination(int index, QString* error)
{
    if (index < 0 || index >= m_show.size()) {
        *error = QStringLiteral("there is no destination #%1 (the show has %2)").arg(index + 1).arg(m_show.size());
        return false;
    }
    const QString name = m_destinations.value(index).name;
    if (!destinationsRunning()) {
        *error = QStringLiteral("destination #%1 (%2) starts again only while the show is live: go live instead")
                     .arg(index + 1)
                     .arg(name);
        return false;
    }
    if (m_show.at(index).stream->isActive()) {
        *error = QStringLiteral("destination #%1 (%2) is already streaming").arg(index + 1).arg(name);
        return false;
    }
    // The stream output counts again from 0: what it sent so far stays the destination's.
    const StreamOutput::Counters before = m_show.at(index).stream->counters();
    const bool started = startDestination(index, error);
    const StreamOutput::Counters after = m_show.at(index).stream->counters();
    if (after.bytes != before.bytes || after.frames != before.frames || after.drops != before.drops
        || after.attempts != before.attempts || after.reconnectingMs != before.reconnectingMs) {
        StreamOutput::Counters& carried = m_show[index].carried;
        carried.frames += before.frames;
        carried.dropped += before.dropped;
        carried.bytes += before.bytes;
        carried.drops += before.drops;
        carried.attempts += before.attempts;
        carried.reconnectingMs += before.reconnectingMs;
        carried.stalls += before.stalls;
    }
    if (!started)
        return false;
    reportConnecting(index);
    return true;
}

StreamOutput::Counters ObsOutputs::wholeShow(const Destination& d)
{
    StreamOutput::Counters c = d.stream->counters();
    c.frames += d.carried.frames;
    c.dropped += d.carried.dropped;
    c.bytes += d.carried.bytes;
    c.drops += d.carried.drops;
    c.attempts += d.carried.attempts;
    c.reconnectingMs += d.carried.reconnectingMs;
    c.stalls += d.carried.stalls;
    return c;
}

void ObsOutputs::trackLiveTime(int index)
{
    if (index < 0 || index >= m_show.size() || index >= m_destinations.size())
        return;
    Destination& d = m_show[index];
    const bool live = m_destinations.at(index).state == DestinationStatus::State::Live;
    const qint64 now = m_clock.monotonicMs();
    if (live && d.liveSinceMs < 0) {
        d.liveSinceMs = now;
    } else if (!live && d.liveSinceMs >= 0) {
        d.liveMs += now - d.liveSinceMs;
        d.liveSinceMs = -1;
    }
}

void ObsOutputs::releaseIdleEncoders(const QList<DestinationSpec>& destinations)
{
    // What the coming show wants (the program's set is never released: the recording uses it too).
    const EncoderSharing sharing = encoderSharing(destinations, m_encoders.settings(), m_horizontalBitrateKbps);
    const auto wanted = [&](const EncoderSet& set, bool horizontal) {
        for (int i = 0; i < destinations.size(); ++i) {
            if ((destinations.at(i).canvas == DestinationCanvas::Horizontal) != horizontal)
                continue;
            EncoderSettings settings = m_encoders.settings();
            settings.videoBitrateKbps = sharing.bitrates.at(i);
            if (EncoderSet::sameVideo(settings, set.settings()))
                return true;
        }
        return false;
    };
    const auto inUse = [this](const EncoderSet* set) {
        if ((set->video() && obs_encoder_active(set->video())))
            return true;
        return std::any_of(m_streams.cbegin(), m_streams.cend(),
            [set](const auto& entry) { return entry.second == set && entry.first->isActive(); });
    };
    const auto release = [&](std::vector<std::unique_ptr<EncoderSet>>& sets, bool horizontal) {
        for (auto it = sets.begin(); it != sets.end();) {
            EncoderSet* set = it->get();
            if (wanted(*set, horizontal) || inUse(set)) {
                ++it;
                continue;
            }
            // Its stream outputs first (each releases its libobs output on its own terms; none is active).
            m_streams.erase(std::remove_if(m_streams.begin(), m_streams.end(),
                                [set](const auto& entry) { return entry.second == set; }),
                m_streams.end());
            it = sets.erase(it);
        }
    };
    release(m_otherEncoders, false);
    release(m_horizontalEncoders, true);
}

int ObsOutputs::encoderSetCount() const
{
    return 1 + static_cast<int>(m_otherEncoders.size() + m_horizontalEncoders.size());
}

QList<DestinationStatus> ObsOutputs::destinations() const
{
    QList<DestinationStatus> list = m_destinations;
    const qint64 now = m_clock.monotonicMs();
    for (int i = 0; i < list.size() && i < m_show.size(); ++i) {
        const StreamOutput::Counters c = wholeShow(m_show.at(i));
        DestinationStatus& s = list[i];
        s.takenAtMs = now;
        s.liveMs = m_show.at(i).liveMs + (m_show.at(i).liveSinceMs >= 0 ? now - m_show.at(i).liveSinceMs : 0);
        s.frames = c.frames;
        s.dropped = c.dropped;
        s.bytes = c.bytes;
        s.reconnects = c.drops;
        const StreamOutput& stream = *m_show.at(i).stream;
        s.retryInSeconds = s.state == DestinationStatus::State::Reconnecting ? stream.reconnectInSeconds() : -1;
        s.reason
            = s.state == DestinationStatus::State::Reconnecting ? ObsLog::redact(stream.failureReason()) : QString();
        s.tries = stream.failedTries();
        s.maxTries = stream.reconnectPolicy().maxTries;
    }
    return list;
}

int ObsOutputs::videoEncoderCount() const
{
    QList<EncoderSet*> sets;
    for (const Destination& d : m_show) {
        if (!sets.contains(d.encoders))
            sets.append(d.encoders);
    }
    return static_cast<int>(sets.size());
}

void ObsOutputs::stopStream()
{
    for (const Destination& d : std::as_const(m_show))
        d.stream->stop();
}

bool ObsOutputs::isStreaming() const
{
    return std::any_of(m_show.cbegin(), m_show.cend(), [](const Destination& d) { return d.stream->isActive(); });
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
    for (const Destination& d : m_show) {
        const StreamOutput::Counters c = wholeShow(d);
        s.streaming = s.streaming || d.stream->isActive();
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

bool ObsOutputs::reconnectNow(int index)
{
    if (index >= m_show.size())
        return false;
    if (index >= 0)
        return m_show.at(index).stream->reconnectNow();
    bool any = false;
    for (const Destination& d : std::as_const(m_show))
        any = d.stream->reconnectNow() || any;
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
