// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "output/OutputStats.h"

#include "output/RateSampler.h"
#include "output/ShowOutputs.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <memory>

class QLabel;
class QToolButton;

namespace pinstage {

class ShowController;

/// The program's health in the status bar, refreshed every second: the connection's state
/// (Offline, Connecting, Connected, Reconnecting, with the destination's host), CPU use of this
/// process, frame rate, lagged frames (the machine is too slow), dropped frames (the network is too
/// slow), bitrate, time on air.
/// Values turn amber, then red, when they threaten the show.
///
/// It reads the show controller's statistics snapshots and keeps its own bitrate sampler, so it
/// disturbs no other reader. Thread contract: main thread.
class StatsBar : public QWidget {
    Q_OBJECT
public:
    explicit StatsBar(ShowController& show, QWidget* parent = nullptr);

    /// Refresh period; 1000 ms by default.
    void setInterval(int ms) { m_timer.setInterval(ms); }
    /// Takes a sample now (the timer calls it).
    void refresh();
    /// Shows STATS as if sampled ELAPSED_MS after the previous sample (tests use it directly).
    void showStats(const OutputStats& stats, qint64 elapsedMs, double bitrateKbps);

    double fps() const { return m_fps; }
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
    QList<QToolButton*> m_reconnectButtons; // per destination, made on demand
    QString m_connectionTip; // the base tooltip of the connection entry
    bool m_connectionCountsDown = false; // the connection entry shows the single destination's retry

    QLabel* addValue(const QString& name, const QString& toolTip);
    static void setLevel(QLabel* label, int level);

    ShowController& m_show;
    RateSampler m_rate; // this reader's own bitrate interval
    QTimer m_timer;
    QElapsedTimer m_sinceLast;
    OutputStats m_last;
    bool m_haveLast = false;
    double m_fps = 0;
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
    QList<DestinationStatus> m_lastDestinations; // the previous sample, for per-destination rates
};

} // namespace pinstage
