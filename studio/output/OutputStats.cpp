// SPDX-License-Identifier: GPL-2.0-or-later
#include "output/OutputStats.h"

#include <cmath>

namespace pinstage {

double OutputStats::averageBitrateKbps() const
{
    return streamSeconds > 0 ? bytesSent * 8.0 / 1000.0 / streamSeconds : 0.0;
}

QJsonObject OutputStats::toJson(double bitrateKbps) const
{
    QJsonObject o;
    o.insert(QStringLiteral("frames_rendered"), static_cast<qint64>(framesRendered));
    o.insert(QStringLiteral("frames_lagged"), static_cast<qint64>(framesLagged));
    o.insert(QStringLiteral("frames_sent"), static_cast<qint64>(framesSent));
    o.insert(QStringLiteral("frames_dropped"), static_cast<qint64>(framesDropped));
    o.insert(QStringLiteral("bytes_sent"), static_cast<qint64>(bytesSent));
    o.insert(QStringLiteral("bitrate_kbps"), std::round(bitrateKbps * 10) / 10);
    o.insert(QStringLiteral("duration_s"), std::round(streamSeconds * 100) / 100);
    o.insert(QStringLiteral("reconnects"), reconnects);
    o.insert(QStringLiteral("reconnect_attempts"), reconnectAttempts);
    o.insert(QStringLiteral("reconnecting_s"), std::round(reconnectingSeconds * 100) / 100);
    return o;
}

} // namespace pinstage
