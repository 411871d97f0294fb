// SPDX-License-Identifier: GPL-2.0-or-later
#include "widgets/ShowClock.h"

#include "util/Clock.h"

#include <QLatin1Char>

#include <algorithm>

namespace pinstage {

ShowClock* ShowClock::of(ShowController& show)
{
    if (auto* clock = show.findChild<ShowClock*>(QString(), Qt::FindDirectChildrenOnly))
        return clock;
    return new ShowClock(show);
}

ShowClock::ShowClock(ShowController& show)
    : QObject(&show)
    , m_show(show)
    , m_timer(show.clock().createTimer(this))
{
    setObjectName(QStringLiteral("showClock"));
    m_timer->setSingleShot(true);
    connect(m_timer, &ClockTimer::timeout, this, &ShowClock::tick);
    connect(&show, &ShowController::stateChanged, this, &ShowClock::tick);
    tick();
}

QString ShowClock::text(qint64 ms)
{
    const qint64 s = std::max<qint64>(0, ms) / 1000;
    return QStringLiteral("%1:%2:%3")
        .arg(s / 3600, 2, 10, QLatin1Char('0'))
        .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

bool ShowClock::isRunning() const
{
    using State = ShowController::State;
    const State state = m_show.state();
    return state == State::Live || state == State::Reconnecting || state == State::Rehearsal;
}

void ShowClock::tick()
{
    if (!isRunning()) {
        m_timer->stop();
        m_shownMs = 0;
        emit ticked(0);
        return;
    }
    m_shownMs = std::max<qint64>(0, m_show.showTimeMs());
    // The next whole second of show time (a timer that fired a little early ticks again at once).
    m_timer->start(1000 - m_shownMs % 1000);
    emit ticked(m_shownMs);
}

} // namespace pinstage
