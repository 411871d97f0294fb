// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "show/ShowController.h"

#include <QObject>
#include <QString>

namespace pinstage {

class ClockTimer;

/// The show clock as the window shows it (issue 8): one tick for every display of the show time
/// — the header's "● LIVE 00:12:34" / "REHEARSAL 00:01:02" (LiveControls) and the status bar's
/// "On air 00:12:34" (StatsBar) — so they never differ by a second. It ticks on the show's own
/// Clock (ShowController::clock(); a ManualClock in tests) at each whole second of show time, and
/// at once on every state change, and reads ShowController::showTimeMs() once per tick.
///
/// It runs while the show clock runs on screen: Live, Reconnecting and Rehearsal. Otherwise
/// shownMs() is 0 and it does not tick.
///
/// Thread contract: main thread (the controller's).
class ShowClock : public QObject {
    Q_OBJECT
public:
    /// The one ShowClock of SHOW: made on first use, a child of SHOW (it goes with it). Readers
    /// that call this before connecting to SHOW's stateChanged() see the tick of a new state first.
    static ShowClock* of(ShowController& show);

    /// Show time as HH:MM:SS, in whole seconds elapsed (rounded down: 26 000 to 26 999 ms are
    /// 00:00:26). Every display of the show time uses this.
    static QString text(qint64 ms);

    /// The show time of the latest tick, in milliseconds; 0 while the clock does not run.
    qint64 shownMs() const { return m_shownMs; }
    /// Whether the show time is shown (Live, Reconnecting, Rehearsal).
    bool isRunning() const;

    /// Reads the show time now, emits ticked() and schedules the next tick at the next whole
    /// second of show time (or stops when the clock does not run).
    void tick();

signals:
    /// A tick: SHOW_MS is the show time every display shows until the next one.
    void ticked(qint64 showMs);

private:
    explicit ShowClock(ShowController& show);

    ShowController& m_show;
    ClockTimer* m_timer;
    qint64 m_shownMs = 0;
};

} // namespace pinstage
