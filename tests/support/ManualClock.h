// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "util/Clock.h"

#include <QList>
#include <QPointer>

namespace pinstage::test {

/// A clock that moves only when the test says so. advance() moves wall and monotonic time
/// together and fires every timer whose deadline falls inside the step, in deadline order, each
/// with the clock set to its own deadline (so a handler that reads the clock sees the exact time).
///
/// Thread contract: the test's thread only.
class ManualClock final : public Clock {
public:
    /// Starts at WALL (local time) with monotonic time 0.
    explicit ManualClock(QDateTime wall = QDateTime(QDate(2026, 11, 29), QTime(20, 0)));
    ~ManualClock() override;

    QDateTime now() const override;
    qint64 monotonicMs() const override { return m_monotonicMs; }
    ClockTimer* createTimer(QObject* parent) override;

    /// Moves time forward by MS milliseconds (>= 0), firing due timers on the way.
    void advance(qint64 ms);
    /// Sets the wall clock without moving monotonic time (a user changing the system clock).
    void setWall(const QDateTime& wall);
    /// Timers currently running.
    int activeTimers() const;

private:
    friend class ManualTimer;
    QDateTime m_wallAtZero;
    qint64 m_monotonicMs = 0;
    QList<QPointer<ClockTimer>> m_timers;
};

} // namespace pinstage::test
