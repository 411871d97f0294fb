// SPDX-License-Identifier: GPL-2.0-or-later
#include "util/Clock.h"

#include <QElapsedTimer>
#include <QTimer>

namespace pinstage {
namespace {

    class SystemTimer final : public ClockTimer {
    public:
        explicit SystemTimer(QObject* parent)
            : ClockTimer(parent)
        {
            m_timer.setTimerType(Qt::PreciseTimer);
            connect(&m_timer, &QTimer::timeout, this, [this] {
                if (m_singleShot)
                    m_timer.stop();
                emit timeout();
            });
        }
        void start(qint64 intervalMs) override
        {
            m_timer.start(std::chrono::milliseconds(std::max<qint64>(0, intervalMs)));
        }
        void stop() override { m_timer.stop(); }
        bool isActive() const override { return m_timer.isActive(); }

    private:
        QTimer m_timer;
    };

    class SystemClock final : public Clock {
    public:
        SystemClock() { m_monotonic.start(); }
        QDateTime now() const override { return QDateTime::currentDateTime(); }
        qint64 monotonicMs() const override { return m_monotonic.elapsed(); }
        ClockTimer* createTimer(QObject* parent) override { return new SystemTimer(parent); }

    private:
        QElapsedTimer m_monotonic;
    };

} // namespace

Clock& Clock::system()
{
    static SystemClock clock;
    return clock;
}

} // namespace pinstage
