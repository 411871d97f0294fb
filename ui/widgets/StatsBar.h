// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "output/OutputStats.h"

#include "output/ShowOutputs.h"
#include "show/ShowController.h"

#include <QList>
#include <QTimer>
#include <QWidget>

#include <memory>

class QLabel;
class QToolButton;

namespace pinstage {

class ShowClock;
class ShowController;

/// The program's health in the status bar, refreshed every second: the connection's state
/// (Offline, Connecting, Connected, Reconnecting, with the destination's host), CPU use of this
/// process, frame rate, lagged frames (the machine is too slow), dropped frames (the network is too
/// slow), bitrate, time on air.
/// Values turn amber, then red, when they threaten the show.
///
/// Issue 8: the time on air is the header's (ShowClock: one tick, one rounding), "On air
/// HH:MM:SS" while streaming, "Rehearsal HH:MM:SS" in a rehearsal, "Off air" otherwise; once a
/// show ended, "Off air (last show HH:MM:SS)" with its final length. The lagged frames count from
/// the moment the show went live (a baseline of the counters taken then; a rehearsal counts from its
/// start) and stop with it: after the show the entry keeps the show's final count until the next
/// one goes live (the trial found them counting on after End show). Before the first show they
/// count since Pinstage started.
///
/// It reads the show controller's statistics snapshots and keeps its own recent ones, so it
/// disturbs no other reader. Rates (frame rate, bitrate, each destination's bitrate and congestion)
/// are measured over a real time window, by the snapshots' own monotonic times: from the latest
/// snapshot taken at least RateSpanMs before, never over a shorter interval, so that a counter
/// catching up at once (libobs counts the frame intervals a stalled graphics thread missed in one
/// step; a reconnected stream sends its queue in a burst) is never shown as a rate. The frame rate
/// counts frames libobs rendered (its frame intervals minus the lagged ones), so it never exceeds
/// the canvas's frame rate. Thread contract: main thread.
class StatsBar : public QWidget {
    Q_OBJECT
public:
    explicit StatsBar(ShowController& show, QWidget* parent = nullptr);

    /// Refresh period; 1000 ms by default.
    void setInterval(int ms) { m_timer.setInterval(ms); }
    /// Takes a sample now (the timer calls it).
    void refresh();
    /// Shows STATS, a snapshot taken at STATS.takenAtMs (monotonic ms) after the earlier ones
    /// (tests use it directly). A snapshot whose counters went back (a new libobs) starts over.
    void showStats(const OutputStats& stats);

    /// Rates span at least this much of the snapshots' time (a refresh may come a little early).
    static constexpr qint64 RateSpanMs = 900;

    /// Frames rendered per second over the rate window; 0 before a window was measured.
    double fps() const { return m_fps; }
    /// kbit/s sent over the rate window; 0 before a window was measured or while not streaming.
    double bitrateKbps() const { return m_bitrate; }
    /// CPU use of this process over the last interval, percent of the whole machine (all cores).
    double cpuPercent() const { return m_cpu; }
    /// The host the connection label names (e.g. "push.tiktokcdn.com"); empty: none.
    void setDestinationHost(const QString& host);
    QString text() const; ///< all values as one line, for tests and accessibility

    /// Several destinations (issue 11 item 8): one entry each — name, state, bitrate over the
    /// last interval, dropped frames, congestion (share of frames dropped in the last interval),
    /// reconnects — shown when the show has more than one destination. Tests call it directly with
    /// two samples of each destination.
    void showDestinations(const QList<DestinationStatus>& now);
    /// One destination's entry, from its samples BEFORE (the previous refresh) and NOW.
    static QString destinationText(const DestinationStatus& now, const DestinationStatus& before);

    // --- Issue 11 item 4: each destination's reconnect in the status bar ------------------------
    // One destination: the connection entry says "Reconnecting to HOST in N s" while a retry waits
    // (after a drop, or a refused connect before the show was ever live), "… trying now" during
    // the attempt, and after a failure "Offline (failed: REASON)"; several: each destination's
    // entry says "reconnecting in N s" / "failed: REASON". Next to it, while that destination
    // waits for its next try, a "Reconnect now" button asks the show controller to try at once
    // (ShowController::reconnectNow(index)).

    /// The "Reconnect now" button of destination INDEX (0-based; object name
    /// "reconnectNowButton_INDEX"); nullptr when the show has no such destination. Hidden unless
    /// that destination waits for a retry.
    QToolButton* reconnectButton(int index) const;
    /// One destination's connection entry (the single-destination show's), for DESTINATION
    /// (connecting, connected, reconnecting with the countdown, failed with the reason) to HOST.
    static QString reconnectText(const DestinationStatus& destination, const QString& host);

private:
    void updateReconnectButtons(const QList<DestinationStatus>& now);
    /// The On air entry from the shared show clock's latest tick and the show's state.
    void updateOnAir();
    /// The show went live (or a rehearsal started): the lagged frames count from now.
    void takeLaggedBaseline();
    ShowClock* m_showClock = nullptr;
    ShowController::State m_runState = ShowController::State::Idle; // the state seen last
    quint64 m_baseIntervals = 0; // OutputStats::framesRendered when the show went live
    quint64 m_baseLagged = 0; // OutputStats::framesLagged then
    bool m_runWentLive = false; // the current run reached Live or Rehearsal
    bool m_showEnded = false; // a run ended: the lagged entry holds its final count
    bool m_endedRehearsal = false; // ... and it was a rehearsal
    quint64 m_endIntervals = 0; // OutputStats::framesRendered when it ended
    quint64 m_endLagged = 0; // OutputStats::framesLagged then
    /// A run that went live ended: keep its final lagged count and length.
    void freezeFinalValues(bool rehearsal);
    QList<QToolButton*> m_reconnectButtons; // per destination, made on demand
    QString m_connectionTip; // the base tooltip of the connection entry
    bool m_connectionCountsDown = false; // the connection entry shows the single destination's retry

    QLabel* addValue(const QString& name, const QString& toolTip);
    static void setLevel(QLabel* label, int level);

    ShowController& m_show;
    QTimer m_timer;
    QList<OutputStats> m_recent; // oldest first, by takenAtMs; what the rates are measured against
    bool m_haveRate = false; // a window of RateSpanMs or more was measured
    double m_fps = 0;
    double m_bitrate = 0;
    void updateConnection();

    struct CpuUsage;
    std::shared_ptr<CpuUsage> m_cpuUsage;
    double m_cpu = 0;
    QString m_host;
    QLabel* m_connectionLabel;
    QLabel* m_cpuLabel;
    QLabel* m_fpsLabel;
    QLabel* m_laggedLabel;
    QLabel* m_droppedLabel;
    QLabel* m_bitrateLabel;
    QLabel* m_onAirLabel;
    QLabel* m_reconnectsLabel;
    QLabel* m_destinationsLabel = nullptr; // "stat_destinations": one entry per destination
    QList<QList<DestinationStatus>> m_recentDestinations; // oldest first, for per-destination rates
};

} // namespace pinstage
