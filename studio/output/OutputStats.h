// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QJsonObject>
#include <QtGlobal>

namespace pinstage {

/// A snapshot of the program's health. A plain value.
struct OutputStats {
    quint64 framesRendered = 0;   ///< frames the compositor produced since libobs started
    quint64 framesLagged = 0;     ///< frames the compositor missed (the machine was too slow)
    // The stream's counters are totals for the whole show: they keep counting across reconnects
    // (libobs restarts its own at 0 after each one).
    quint64 framesSent = 0;       ///< video frames the stream output has sent
    quint64 framesDropped = 0;    ///< frames the stream output dropped (network congestion)
    quint64 bytesSent = 0;
    double bitrateKbps = 0;       ///< over the last interval while live; the average once stopped
    double streamSeconds = 0;     ///< time on air
    bool streaming = false;
    bool recording = false;
    bool reconnecting = false;    ///< the connection dropped and has not come back yet
    int reconnects = 0;           ///< connection drops (one per drop, however many attempts it took)
    int reconnectAttempts = 0;    ///< connection attempts made after drops
    double reconnectingSeconds = 0; ///< time spent reconnecting (off air while still live)

    /// The keys of the headless statistics line (a documented contract, see README).
    QJsonObject toJson() const;
};

} // namespace pinstage
