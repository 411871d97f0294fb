// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QDateTime>
#include <QObject>

#include <memory>

namespace pinstage {

/// A one-shot or repeating timer made by a Clock. It emits timeout() on the thread that owns it.
/// With the system clock it is a QTimer; with a manual clock (tests) it fires when the test
/// advances that clock past its deadline.
///
/// Thread contract: the thread that created it (a Qt event loop runs there for the system clock).
class ClockTimer : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    /// Starts (or restarts) the timer: timeout() after INTERVAL_MS milliseconds of monotonic time,
    /// then every INTERVAL_MS again unless single-shot. A negative interval counts as 0.
    virtual void start(qint64 intervalMs) = 0;
    virtual void stop() = 0;
    virtual bool isActive() const = 0;
    void setSingleShot(bool singleShot) { m_singleShot = singleShot; }
    bool isSingleShot() const { return m_singleShot; }

signals:
    void timeout();

protected:
    bool m_singleShot = false;
};

/// The one source of time in the engine: wall time (for the show log and sale schedules, which
/// people read in their own time zone), monotonic time (for the show clock, cue times and
/// countdowns, which must never jump) and timers. Nothing in studio/ reads QDateTime::current*,
/// QElapsedTimer or starts a QTimer for show logic directly; tests pass a ManualClock
/// (tests/support/ManualClock.h) and advance it by hand, so times are exact to the millisecond.
///
/// Thread contract: now() and monotonicMs() may be called from any thread; createTimer() from a
/// thread with an event loop, the timer then belongs to that thread.
class Clock {
public:
    virtual ~Clock() = default;
    /// Wall-clock time (local time zone), to the millisecond.
    virtual QDateTime now() const = 0;
    /// Milliseconds of monotonic time since an arbitrary fixed point (never goes back).
    virtual qint64 monotonicMs() const = 0;
    /// A new stopped timer, owned by PARENT (or by the caller when PARENT is null).
    virtual ClockTimer* createTimer(QObject* parent) = 0;

    /// The process-wide system clock (QDateTime, QElapsedTimer, QTimer with PreciseTimer).
    static Clock& system();
};

} // namespace pinstage
