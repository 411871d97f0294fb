// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QJsonObject>
#include <QtGlobal>

namespace pinstage {

/// A snapshot of the program's health. A plain value.
struct OutputStats {
    quint64 framesRendered = 0;   ///< frames the compositor produced since libobs started
    quint64 framesLagged = 0;     ///< frames the compositor missed (the machine was too slow)
    quint64 framesSent = 0;       ///< video frames the stream output has sent
    quint64 framesDropped = 0;    ///< frames the stream output dropped (network congestion)
    quint64 bytesSent = 0;
    double bitrateKbps = 0;       ///< over the last interval while live; the average once stopped
    double streamSeconds = 0;     ///< time on air
    bool streaming = false;
    bool recording = false;
    int reconnects = 0;

    /// The keys of the headless statistics line (a documented contract, see README).
    QJsonObject toJson() const;
};

} // namespace pinstage
