// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QJsonObject>
#include <QtGlobal>

namespace pinstage {

/// A snapshot of the program's health, taken at one moment: a plain immutable value. Counters are
/// cumulative, so any number of readers can derive rates from two snapshots (as StatsBar does) without
/// disturbing each other.
struct OutputStats {
    qint64 takenAtMs = 0; ///< Clock::monotonicMs() when the snapshot was taken
    quint64 framesRendered = 0; ///< frame intervals since libobs started (libobs counts lagged ones too)
    quint64 framesLagged = 0; ///< frames the compositor missed (the machine was too slow)
    // The stream's counters are totals for the whole show: they keep counting across reconnects
    // (libobs restarts its own at 0 after each one).
    quint64 framesSent = 0; ///< video frames the stream output has sent
    quint64 framesDropped = 0; ///< frames the stream output dropped (network congestion)
    quint64 bytesSent = 0;
    double streamSeconds = 0; ///< time on air of the current (or last) show, from the show clock
    bool streaming = false;
    bool recording = false;
    bool reconnecting = false; ///< the connection dropped and has not come back yet
    int reconnects = 0; ///< connection drops (one per drop, however many attempts it took)
    int reconnectAttempts = 0; ///< connection attempts made after drops, plus failed first-connect tries
    double reconnectingSeconds = 0; ///< time spent reconnecting (off air while still live)

    /// Average bitrate over the time on air, in kbit/s (0 before anything was sent).
    double averageBitrateKbps() const;

    /// The keys of the headless statistics line (a documented contract, see README), with
    /// BITRATE_KBPS as "bitrate_kbps".
    QJsonObject toJson(double bitrateKbps) const;
};

} // namespace pinstage
