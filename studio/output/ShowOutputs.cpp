// SPDX-License-Identifier: GPL-2.0-or-later
#include "output/ShowOutputs.h"

#include "obs/ObsLog.h"
#include "output/EncoderSet.h"

#include <QStringList>
#include <QUrl>

#include <algorithm>
#include <cmath>

namespace pinstage {
namespace {

    QString nameOf(const DestinationSpec& spec)
    {
        if (!spec.name.trimmed().isEmpty())
            return spec.name.trimmed();
        const QString host = QUrl(spec.target.url).host();
        return host.isEmpty() ? QStringLiteral("destination") : host;
    }

    int videoKbps(const DestinationSpec& spec, const EncoderSettings& settings, int horizontalKbps)
    {
        if (spec.videoBitrateKbps > 0)
            return spec.videoBitrateKbps;
        if (spec.canvas == DestinationCanvas::Horizontal && horizontalKbps > 0)
            return horizontalKbps;
        return settings.videoBitrateKbps;
    }

} // namespace

QString DestinationStatus::stateName(State state)
{
    switch (state) {
    case State::Connecting:
        return QStringLiteral("connecting");
    case State::Live:
        return QStringLiteral("live");
    case State::Reconnecting:
        return QStringLiteral("reconnecting");
    case State::Stopped:
        return QStringLiteral("stopped");
    case State::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

bool ShowOutputs::startStreams(const QList<DestinationSpec>& destinations, QString* error)
{
    if (destinations.size() != 1 || destinations.front().videoBitrateKbps > 0) {
        *error = QStringLiteral("these outputs carry one destination at the show's bitrate");
        return false;
    }
    return startStream(destinations.front().target, error);
}

bool ShowOutputs::stopDestination(int index, QString* error)
{
    Q_UNUSED(index);
    *error = QStringLiteral("these outputs carry one destination: end the show instead");
    return false;
}

bool ShowOutputs::restartDestination(int index, QString* error)
{
    Q_UNUSED(index);
    *error = QStringLiteral("these outputs carry one destination: go live again instead");
    return false;
}

void ShowOutputs::beginDestinations(
    const QList<DestinationSpec>& destinations, const QList<int>& encoders, const QList<int>& bitrates)
{
    m_destinations.clear();
    for (int i = 0; i < destinations.size(); ++i) {
        DestinationStatus s;
        s.name = nameOf(destinations.at(i));
        s.url = ObsLog::redact(destinations.at(i).target.url);
        s.state = DestinationStatus::State::Connecting;
        s.encoder = encoders.value(i);
        s.videoBitrateKbps = bitrates.value(i);
        s.canvas = destinations.at(i).canvas;
        m_destinations.append(s);
    }
    m_running = true;
    m_aggregateStarted = false;
    m_aggregateReconnecting = false;
}

void ShowOutputs::abandonDestinations()
{
    m_destinations.clear();
    m_running = false;
    m_aggregateStarted = false;
    m_aggregateReconnecting = false;
}

void ShowOutputs::reportConnecting(int index)
{
    if (index < 0 || index >= m_destinations.size())
        return;
    DestinationStatus& s = m_destinations[index];
    s.state = DestinationStatus::State::Connecting;
    s.code = 0;
    s.message.clear();
    emit destinationChanged(index);
    updateAggregate(index);
}

void ShowOutputs::reportStarted(int index)
{
    if (index < 0 || index >= m_destinations.size() || !m_destinations.at(index).active())
        return;
    m_destinations[index].state = DestinationStatus::State::Live;
    emit destinationChanged(index);
    updateAggregate(index);
}

void ShowOutputs::reportReconnecting(int index)
{
    if (index < 0 || index >= m_destinations.size() || !m_destinations.at(index).active())
        return;
    m_destinations[index].state = DestinationStatus::State::Reconnecting;
    emit destinationChanged(index);
    updateAggregate(index);
}

void ShowOutputs::reportReconnected(int index)
{
    reportStarted(index);
}

void ShowOutputs::reportStopped(int index, int code, const QString& message)
{
    if (index < 0 || index >= m_destinations.size() || !m_destinations.at(index).active())
        return;
    DestinationStatus& s = m_destinations[index];
    s.state = code == 0 ? DestinationStatus::State::Stopped : DestinationStatus::State::Failed;
    s.code = code;
    s.message = ObsLog::redact(message);
    emit destinationChanged(index);
    updateAggregate(index);
}

void ShowOutputs::updateAggregate(int lastIndex)
{
    if (!m_running)
        return;
    bool anyActive = false;
    bool anyLive = false;
    for (const DestinationStatus& s : std::as_const(m_destinations)) {
        anyActive = anyActive || s.active();
        anyLive = anyLive || s.state == DestinationStatus::State::Live;
    }
    if (!anyActive) {
        m_running = false;
        // The code is that of the first destination that failed (a show with a failure never ends
        // as "stopped on request"), else the one that stopped last; the message names every
        // destination that failed.
        QStringList failures;
        int code = m_destinations.value(lastIndex).code;
        for (const DestinationStatus& s : std::as_const(m_destinations)) {
            if (s.state != DestinationStatus::State::Failed)
                continue;
            if (failures.isEmpty() && s.code != 0)
                code = s.code;
            failures.append(m_destinations.size() > 1 ? QStringLiteral("%1: %2").arg(s.name, s.message) : s.message);
        }
        const QString message = failures.isEmpty() ? describeOutputCode(0) : failures.join(QStringLiteral("; "));
        emit streamStopped(code, message);
        return;
    }
    if (anyLive) {
        if (!m_aggregateStarted) {
            m_aggregateStarted = true;
            emit streamStarted();
        } else if (m_aggregateReconnecting) {
            m_aggregateReconnecting = false;
            emit streamReconnected();
        }
        return;
    }
    if (m_aggregateStarted && !m_aggregateReconnecting) {
        // On air before, and no destination carries the show now, but one is still trying.
        m_aggregateReconnecting = true;
        emit streamReconnecting();
    }
}

EncoderSharing encoderSharing(
    const QList<DestinationSpec>& destinations, const EncoderSettings& settings, int horizontalKbps)
{
    EncoderSharing sharing;
    QList<std::pair<DestinationCanvas, EncoderSettings>> distinct;
    for (const DestinationSpec& d : destinations) {
        EncoderSettings own = settings;
        own.videoBitrateKbps = videoKbps(d, settings, horizontalKbps);
        const auto same = std::find_if(
            distinct.cbegin(), distinct.cend(), [&](const std::pair<DestinationCanvas, EncoderSettings>& e) {
                return e.first == d.canvas && EncoderSet::sameVideo(e.second, own);
            });
        if (same == distinct.cend()) {
            sharing.encoders.append(static_cast<int>(distinct.size()));
            distinct.append({ d.canvas, own });
        } else {
            sharing.encoders.append(static_cast<int>(same - distinct.cbegin()));
        }
        sharing.bitrates.append(own.videoBitrateKbps);
    }
    return sharing;
}

int requiredUploadKbps(const QList<DestinationSpec>& destinations, const EncoderSettings& settings, int horizontalKbps)
{
    double total = 0;
    for (const DestinationSpec& d : destinations)
        total += videoKbps(d, settings, horizontalKbps) + settings.audioBitrateKbps;
    return static_cast<int>(std::ceil(total * 1.1));
}

QString uploadWarning(
    const QList<DestinationSpec>& destinations, const EncoderSettings& settings, int uploadKbps, int horizontalKbps)
{
    if (uploadKbps <= 0 || destinations.isEmpty())
        return {};
    const int needed = requiredUploadKbps(destinations, settings, horizontalKbps);
    if (needed <= uploadKbps)
        return {};
    QStringList shares;
    for (const DestinationSpec& d : destinations)
        shares.append(QStringLiteral("%1 %2").arg(nameOf(d)).arg(
            videoKbps(d, settings, horizontalKbps) + settings.audioBitrateKbps));
    return QStringLiteral("the destinations need about %1 kbps of upload together (%2 kbps, plus 10 % for RTMP) but "
                          "the upload is %3 kbps: viewers may see dropped frames; lower a bitrate or drop a "
                          "destination")
        .arg(needed)
        .arg(shares.join(QStringLiteral(" + ")))
        .arg(uploadKbps);
}

} // namespace pinstage
