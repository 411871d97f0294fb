// SPDX-License-Identifier: GPL-2.0-or-later
#include "ManualClock.h"

#include <algorithm>
#include <limits>

namespace pinstage::test {

class ManualTimer final : public ClockTimer {
public:
    ManualTimer(ManualClock& clock, QObject* parent)
        : ClockTimer(parent)
        , m_clock(clock)
    {
    }
    void start(qint64 intervalMs) override
    {
        m_interval = std::max<qint64>(0, intervalMs);
        m_deadline = m_clock.monotonicMs() + m_interval;
        m_active = true;
    }
    void stop() override { m_active = false; }
    bool isActive() const override { return m_active; }

    qint64 deadline() const { return m_deadline; }
    void fire()
    {
        if (m_singleShot)
            m_active = false;
        else
            m_deadline += std::max<qint64>(1, m_interval);
        emit timeout();
    }

private:
    ManualClock& m_clock;
    qint64 m_interval = 0;
    qint64 m_deadline = 0;
    bool m_active = false;
};

ManualClock::ManualClock(QDateTime wall)
    : m_wallAtZero(std::move(wall))
{
}

ManualClock::~ManualClock()
{
    // Timers still alive must not call back into a clock that is gone: they simply stop.
    for (const QPointer<ClockTimer>& timer : std::as_const(m_timers)) {
        if (timer)
            timer->stop();
    }
}

QDateTime ManualClock::now() const
{
    return m_wallAtZero.addMSecs(m_monotonicMs);
}

ClockTimer* ManualClock::createTimer(QObject* parent)
{
    auto* timer = new ManualTimer(*this, parent);
    m_timers.append(timer);
    return timer;
}

void ManualClock::advance(qint64 ms)
{
    const qint64 target = m_monotonicMs + std::max<qint64>(0, ms);
    for (;;) {
        ManualTimer* next = nullptr;
        qint64 due = std::numeric_limits<qint64>::max();
        m_timers.removeIf([](const QPointer<ClockTimer>& t) { return t.isNull(); });
        for (const QPointer<ClockTimer>& t : std::as_const(m_timers)) {
            auto* timer = static_cast<ManualTimer*>(t.data());
            if (timer->isActive() && timer->deadline() <= target && timer->deadline() < due) {
                due = timer->deadline();
                next = timer;
            }
        }
        if (!next)
            break;
        m_monotonicMs = std::max(m_monotonicMs, due);
        next->fire();
    }
    m_monotonicMs = target;
}

void ManualClock::setWall(const QDateTime& wall)
{
    m_wallAtZero = wall.addMSecs(-m_monotonicMs);
}

int ManualClock::activeTimers() const
{
    return static_cast<int>(std::count_if(
        m_timers.cbegin(), m_timers.cend(), [](const QPointer<ClockTimer>& t) { return t && t->isActive(); }));
}

} // namespace pinstage::test
