// SPDX-License-Identifier: GPL-2.0-or-later
#include "widgets/StatsBar.h"

#include "show/ShowController.h"
#include "widgets/ElidingLabel.h"
#include "widgets/ShowClock.h"

#include <QBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QStringList>
#include <QStyle>
#include <QToolButton>

#include <util/platform.h>

#include <algorithm>

namespace pinstage {
namespace {

    double percent(quint64 part, quint64 whole)
    {
        return whole == 0 ? 0.0 : 100.0 * double(part) / double(whole);
    }

    // The latest of RECENT (oldest first) taken at least StatsBar::RateSpanMs before NOW_MS, after
    // dropping what is older than it; nullptr when none is that old yet.
    template <typename T, typename TakenAt> const T* windowStart(QList<T>& recent, qint64 nowMs, TakenAt takenAt)
    {
        int start = -1;
        for (int i = 0; i < recent.size(); ++i)
            if (nowMs - takenAt(recent.at(i)) >= StatsBar::RateSpanMs)
                start = i;
        if (start > 0)
            recent.erase(recent.begin(), recent.begin() + start);
        return start >= 0 ? &recent.front() : nullptr;
    }

} // namespace

// libobs's per-process CPU meter (os_cpu_usage_info_*): percent of all cores since the last query.
struct StatsBar::CpuUsage {
    os_cpu_usage_info_t* info = os_cpu_usage_info_start();
    ~CpuUsage() { os_cpu_usage_info_destroy(info); }
};

StatsBar::StatsBar(ShowController& show, QWidget* parent)
    : QWidget(parent)
    , m_show(show)
    , m_cpuUsage(std::make_shared<CpuUsage>())
{
    // Before the state connections below: a new state's tick comes first.
    m_showClock = ShowClock::of(show);
    m_runState = show.state();
    setObjectName(QStringLiteral("statsBar"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 0, 8, 0);
    layout->setSpacing(28);
    m_connectionLabel = addValue(QStringLiteral("connection"), tr("The connection to the platform"));
    m_cpuLabel = addValue(QStringLiteral("cpu"), tr("How much of the computer's processor Pinstage uses"));
    m_fpsLabel = addValue(QStringLiteral("fps"), tr("Frames the program renders per second"));
    m_laggedLabel = addValue(QStringLiteral("lagged"),
        tr("Frames the computer was too slow to render, since the show went live (before the first show: since "
           "Pinstage started)"));
    m_droppedLabel = addValue(QStringLiteral("dropped"), tr("Frames dropped because the network was too slow"));
    m_bitrateLabel = addValue(QStringLiteral("bitrate"), tr("Bits per second sent to the platform"));
    m_onAirLabel = addValue(QStringLiteral("onAir"), tr("Time on air (the same clock as the LIVE counter)"));
    m_reconnectsLabel = addValue(
        QStringLiteral("reconnects"), tr("How often the connection dropped and the stream reconnected by itself"));
    m_reconnectsLabel->hide();
    // The destinations' entry takes the room that is left, ending in "…" (its tooltip has each
    // destination on a line): the trial found two destinations' texts cutting the show time.
    auto* destinations = new ElidingLabel(this);
    destinations->setObjectName(QStringLiteral("stat_destinations"));
    destinations->setProperty("stat", true);
    destinations->setTextFormat(Qt::PlainText);
    destinations->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    layout->addWidget(destinations, 1);
    m_destinationsLabel = destinations;
    m_destinationsLabel->hide();
    layout->addStretch(1);

    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &StatsBar::refresh);
    connect(&m_show, &ShowController::stateChanged, this, [this](ShowController::State state) {
        using State = ShowController::State;
        // Gone live (not back from a reconnect), or a rehearsal started: a new run's lagged frames.
        if ((state == State::Live && m_runState == State::Connecting) || state == State::Rehearsal) {
            takeLaggedBaseline();
            m_showEnded = false;
            m_runWentLive = true;
        }
        // The run ended (End show, a failure, the rehearsal's end): its counts stop there.
        const bool wasOn
            = m_runState == State::Live || m_runState == State::Reconnecting || m_runState == State::Rehearsal;
        const bool isOn = state == State::Live || state == State::Reconnecting || state == State::Rehearsal;
        if (wasOn && !isOn && m_runWentLive)
            freezeFinalValues(m_runState == State::Rehearsal);
        m_runState = state;
        updateConnection();
    });
    connect(m_showClock, &ShowClock::ticked, this, &StatsBar::updateOnAir);
    // A destination's state and its retry countdown (each second while a retry waits).
    connect(&m_show, &ShowController::destinationChanged, this, &StatsBar::updateConnection);
    m_connectionTip = m_connectionLabel->toolTip();
    // When the bar is too narrow for everything (a long host, several entries), the connection
    // entry and its Reconnect now button keep their width (the countdown stays readable); the
    // other values give way first and are cut at their end.
    m_connectionLabel->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);
    // The show time and the reconnect count are never cut either; the destinations' entry gives
    // way first (it elides), then the machine's values.
    m_onAirLabel->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);
    m_reconnectsLabel->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);
    for (QLabel* l : { m_cpuLabel, m_fpsLabel, m_laggedLabel, m_droppedLabel, m_bitrateLabel })
        l->setMinimumWidth(1);
    m_timer.start();
    refresh();
}

QLabel* StatsBar::addValue(const QString& name, const QString& toolTip)
{
    auto* label = new QLabel(this);
    label->setObjectName(QStringLiteral("stat_") + name);
    label->setProperty("stat", true);
    label->setToolTip(toolTip);
    label->setTextFormat(Qt::PlainText);
    layout()->addWidget(label);
    return label;
}

void StatsBar::refresh()
{
    const OutputStats s = m_show.statistics();
    if (m_cpuUsage->info)
        m_cpu = os_cpu_usage_info_query(m_cpuUsage->info);
    showStats(s);
    showDestinations(m_show.destinations());
}

QString StatsBar::destinationText(const DestinationStatus& now, const DestinationStatus& before)
{
    const QLocale locale;
    using DS = DestinationStatus::State;
    const qint64 ms = before.takenAtMs > 0 ? now.takenAtMs - before.takenAtMs : 0;
    const double kbps = ms > 0 && now.bytes >= before.bytes ? double(now.bytes - before.bytes) * 8.0 / double(ms) : 0.0;
    const quint64 sent = now.frames >= before.frames ? now.frames - before.frames : 0;
    const quint64 dropped = now.dropped >= before.dropped ? now.dropped - before.dropped : 0;
    const double congestion = percent(dropped, sent + dropped);
    QString state;
    switch (now.state) {
    case DS::Connecting:
        state = tr("connecting");
        break;
    case DS::Live:
        state = tr("%1 kb/s").arg(locale.toString(qRound(kbps)));
        break;
    case DS::Reconnecting:
        state = now.retryInSeconds >= 0 ? tr("reconnecting in %1 s").arg(now.retryInSeconds) : tr("reconnecting…");
        break;
    case DS::Stopped:
        state = tr("stopped");
        break;
    case DS::Failed:
        state = now.message.isEmpty() ? tr("failed") : tr("failed: %1").arg(now.message);
        break;
    }
    QString text = QStringLiteral("%1: %2").arg(now.name, state);
    if (now.dropped > 0)
        text += tr(", dropped %1").arg(locale.toString(now.dropped));
    if (congestion > 0)
        text += tr(", congestion %1 %").arg(locale.toString(congestion, 'f', 0));
    if (now.reconnects > 0)
        text += tr(", reconnects %1").arg(now.reconnects);
    return text;
}

void StatsBar::showDestinations(const QList<DestinationStatus>& now)
{
    // Not once every destination stopped: the next show's may differ (the trial found the last
    // show's "stopped" entries beside a newly chosen destination). A failed one stays, with why.
    const bool allStopped = std::all_of(now.begin(), now.end(),
        [](const DestinationStatus& d) { return d.state == DestinationStatus::State::Stopped; });
    const bool several = now.size() > 1 && !allStopped;
    m_destinationsLabel->setVisible(several);
    if (!several) {
        m_recentDestinations.clear();
        return;
    }
    // Each destination's rates over the same window as the bar's (RateSpanMs or more): a sample
    // that came early, or a burst after a reconnect, is not a rate.
    const auto takenAt = [](const QList<DestinationStatus>& sample) {
        return sample.isEmpty() ? qint64(0) : sample.front().takenAtMs;
    };
    const qint64 nowMs = now.front().takenAtMs;
    if (!m_recentDestinations.isEmpty() && takenAt(m_recentDestinations.back()) > nowMs)
        m_recentDestinations.clear(); // the clock went back: a new show's outputs
    const QList<DestinationStatus>* start = windowStart(m_recentDestinations, nowMs, takenAt);
    QStringList entries;
    int level = 0;
    for (int i = 0; i < now.size(); ++i) {
        const DestinationStatus before
            = start && i < start->size() && start->at(i).name == now.at(i).name ? start->at(i) : DestinationStatus {};
        entries.append(destinationText(now.at(i), before));
        const bool trouble = now.at(i).state == DestinationStatus::State::Reconnecting
            || now.at(i).state == DestinationStatus::State::Failed;
        level = std::max(level, trouble ? 2 : now.at(i).dropped > before.dropped ? 1 : 0);
    }
    m_destinationsLabel->setText(entries.join(QStringLiteral(" | ")));
    m_destinationsLabel->setToolTip(
        tr("Each destination: its state, bitrate, dropped frames, congestion and reconnects") + QLatin1Char('\n')
        + entries.join(QLatin1Char('\n')));
    setLevel(m_destinationsLabel, level);
    m_recentDestinations.append(now);
}

void StatsBar::setDestinationHost(const QString& host)
{
    m_host = host;
    updateConnection();
}

void StatsBar::updateConnection()
{
    using State = ShowController::State;
    QString text;
    int level = 0;
    const QString host = m_host.isEmpty() ? tr("the platform") : m_host;
    switch (m_show.state()) {
    case State::Idle:
        text = tr("Offline");
        break;
    case State::Rehearsal:
        text = tr("Rehearsal (not streaming)");
        break;
    case State::Connecting:
        text = tr("Connecting to %1").arg(host);
        level = 1;
        break;
    case State::Live:
        text = tr("Connected to %1").arg(host);
        level = 3;
        break;
    case State::Reconnecting:
        text = tr("Reconnecting to %1").arg(host);
        level = 2;
        break;
    case State::Ending:
        text = tr("Disconnecting");
        level = 1;
        break;
    }
    // Issue 11: the single destination's retry countdown, or why it failed.
    const QList<DestinationStatus> destinations = m_show.destinations();
    QString tip = m_connectionTip;
    m_connectionCountsDown = false;
    if (destinations.size() > 1 && (m_show.state() == State::Live || m_show.state() == State::Reconnecting)) {
        // Several destinations: how many are on air; each one's state is in the destinations'
        // entry (the trial found "Reconnecting to TikTok LIVE" while both were reconnecting).
        int live = 0;
        for (const DestinationStatus& d : destinations)
            live += d.state == DestinationStatus::State::Live ? 1 : 0;
        text = live == destinations.size() ? tr("Connected to %1 destinations").arg(destinations.size())
                                           : tr("%1 of %2 destinations on air").arg(live).arg(destinations.size());
        level = live == destinations.size() ? 3 : 2;
    } else if (destinations.size() == 1) {
        const DestinationStatus& d = destinations.front();
        const bool onAir = m_show.state() == State::Connecting || m_show.state() == State::Live
            || m_show.state() == State::Reconnecting;
        if (onAir && d.state == DestinationStatus::State::Reconnecting) {
            text = reconnectText(d, host);
            level = 2;
            m_connectionCountsDown = true;
            if (!d.reason.isEmpty())
                tip = tr("%1: %2").arg(m_connectionTip, d.reason);
        } else if (m_show.state() == State::Idle && d.state == DestinationStatus::State::Failed) {
            text = tr("Offline — %1").arg(reconnectText(d, host));
            level = 2;
        }
    }
    m_connectionLabel->setText(text);
    m_connectionLabel->setToolTip(tip);
    setLevel(m_connectionLabel, level);
    updateReconnectButtons(destinations);
    updateOnAir();
}

void StatsBar::updateOnAir()
{
    using State = ShowController::State;
    const State state = m_show.state();
    const QString time = ShowClock::text(m_showClock->shownMs());
    if (state == State::Live || state == State::Reconnecting) {
        m_onAirLabel->setText(tr("On air %1").arg(time));
        setLevel(m_onAirLabel, 3); // the show is on (reconnecting: the connection entry says so in red)
    } else if (state == State::Rehearsal) {
        m_onAirLabel->setText(tr("Rehearsal %1").arg(time));
        setLevel(m_onAirLabel, 0);
    } else if (m_showEnded && state == State::Idle) {
        // Ending: the show's final length, as the end-of-show report has it.
        const QString length = ShowClock::text(m_show.lastShowMs());
        m_onAirLabel->setText(m_endedRehearsal ? tr("Off air (last rehearsal %1)").arg(length)
                                               : tr("Off air (last show %1)").arg(length));
        setLevel(m_onAirLabel, 0);
    } else {
        m_onAirLabel->setText(tr("Off air"));
        setLevel(m_onAirLabel, 0);
    }
}

void StatsBar::freezeFinalValues(bool rehearsal)
{
    const OutputStats now = m_show.statistics();
    m_endIntervals = now.framesRendered;
    m_endLagged = now.framesLagged;
    m_showEnded = true;
    m_endedRehearsal = rehearsal;
    m_runWentLive = false;
    m_laggedLabel->setToolTip(rehearsal ? tr("Frames the computer was too slow to render during the last rehearsal")
                                        : tr("Frames the computer was too slow to render during the last show"));
}

void StatsBar::takeLaggedBaseline()
{
    const OutputStats now = m_show.statistics();
    m_baseIntervals = now.framesRendered;
    m_baseLagged = now.framesLagged;
    m_laggedLabel->setToolTip(tr("Frames the computer was too slow to render, since the show went live"));
}

QString StatsBar::reconnectText(const DestinationStatus& d, const QString& host)
{
    using DS = DestinationStatus::State;
    switch (d.state) {
    case DS::Connecting:
        return tr("Connecting to %1").arg(host);
    case DS::Live:
        return tr("Connected to %1").arg(host);
    case DS::Reconnecting:
        if (d.retryInSeconds < 0)
            return tr("Reconnecting to %1: trying now").arg(host);
        return d.maxTries > 0 ? tr("Reconnecting to %1 in %2 s (try %3 of %4)")
                                    .arg(host)
                                    .arg(d.retryInSeconds)
                                    .arg(d.tries + 1)
                                    .arg(d.maxTries)
                              : tr("Reconnecting to %1 in %2 s").arg(host).arg(d.retryInSeconds);
    case DS::Stopped:
        return tr("Offline");
    case DS::Failed:
        return d.message.isEmpty() ? tr("failed") : tr("failed: %1").arg(d.message);
    }
    return {};
}

QToolButton* StatsBar::reconnectButton(int index) const
{
    return index >= 0 && index < m_reconnectButtons.size() ? m_reconnectButtons.at(index) : nullptr;
}

void StatsBar::updateReconnectButtons(const QList<DestinationStatus>& now)
{
    auto* box = static_cast<QBoxLayout*>(layout());
    const bool single = now.size() == 1;
    while (m_reconnectButtons.size() < now.size()) {
        const int index = static_cast<int>(m_reconnectButtons.size());
        auto* button = new QToolButton(this);
        button->setObjectName(QStringLiteral("reconnectNowButton_%1").arg(index));
        button->setProperty("reconnectNow", true);
        button->setFocusPolicy(Qt::NoFocus); // the seller's keys stay with the show
        button->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
        button->hide();
        connect(button, &QToolButton::clicked, this, [this, index] {
            m_show.reconnectNow(index);
            updateConnection();
        });
        m_reconnectButtons.append(button);
    }
    const bool onAir = m_show.state() == ShowController::State::Connecting
        || m_show.state() == ShowController::State::Live || m_show.state() == ShowController::State::Reconnecting;
    // Each button right after the entry that says its destination is reconnecting.
    QWidget* after = single ? static_cast<QWidget*>(m_connectionLabel) : m_destinationsLabel;
    for (int i = 0; i < m_reconnectButtons.size(); ++i) {
        QToolButton* button = m_reconnectButtons.at(i);
        const bool reconnecting = onAir && i < now.size() && now.at(i).state == DestinationStatus::State::Reconnecting;
        if (reconnecting) {
            const DestinationStatus& d = now.at(i);
            const int want = box->indexOf(after) + 1;
            if (box->indexOf(button) != want) {
                box->removeWidget(button);
                box->insertWidget(box->indexOf(after) + 1, button);
            }
            after = button;
            button->setText(single ? tr("Reconnect now") : tr("Reconnect %1 now").arg(d.name));
            button->setToolTip(d.retryInSeconds >= 0
                    ? tr("Try %1 again now instead of in %2 s").arg(d.name).arg(d.retryInSeconds)
                    : tr("Trying %1 now").arg(d.name));
            button->setEnabled(d.retryInSeconds >= 0);
        }
        button->setVisible(reconnecting);
    }
}

void StatsBar::showStats(const OutputStats& s)
{
    const QLocale locale;
    updateConnection();
    m_cpuLabel->setText(tr("CPU %1 %").arg(locale.toString(m_cpu, 'f', 1)));
    setLevel(m_cpuLabel, m_cpu >= 90 ? 2 : m_cpu >= 75 ? 1 : 0);

    // Rates over a real time window of the snapshots' own clock (see the class comment).
    if (!m_recent.isEmpty()) {
        const OutputStats& latest = m_recent.back();
        if (s.takenAtMs < latest.takenAtMs || s.framesRendered < latest.framesRendered
            || s.framesLagged < latest.framesLagged)
            m_recent.clear(); // counters or clock went back: a new start, nothing to compare with
        else if (s.bytesSent < latest.bytesSent)
            for (OutputStats& earlier : m_recent)
                earlier.bytesSent = 0; // a new show's stream: its bytes count from 0
    }
    const auto takenAt = [](const OutputStats& o) { return o.takenAtMs; };
    if (const OutputStats* start = windowStart(m_recent, s.takenAtMs, takenAt)) {
        const double seconds = double(s.takenAtMs - start->takenAtMs) / 1000.0;
        // Frames libobs rendered: its frame intervals minus those it lagged. After a stall the
        // interval counter jumps by every interval missed, all but one of them lagged.
        const quint64 intervals = s.framesRendered - start->framesRendered;
        const quint64 lagged = s.framesLagged - start->framesLagged;
        m_fps = double(intervals > lagged ? intervals - lagged : 0) / seconds;
        m_bitrate = s.streaming ? double(s.bytesSent - start->bytesSent) * 8.0 / 1000.0 / seconds : 0.0;
        m_haveRate = true;
    }
    if (!s.streaming)
        m_bitrate = 0;
    m_recent.append(s);
    m_fpsLabel->setText(tr("%1 fps").arg(m_haveRate ? locale.toString(m_fps, 'f', 1) : QStringLiteral("–")));

    // Since the show went live (the baseline); counters that went back are a new libobs: from 0.
    if (s.framesRendered < m_baseIntervals || s.framesLagged < m_baseLagged)
        m_baseIntervals = m_baseLagged = 0;
    // After a show: its final count, until the next one goes live.
    const quint64 lastLagged = m_showEnded ? std::min(m_endLagged, s.framesLagged) : s.framesLagged;
    const quint64 lastIntervals = m_showEnded ? std::min(m_endIntervals, s.framesRendered) : s.framesRendered;
    const quint64 laggedFrames = lastLagged - std::min(m_baseLagged, lastLagged);
    // Frame intervals, lagged ones included (see OutputStats::framesRendered).
    const double lagged = percent(laggedFrames, lastIntervals - std::min(m_baseIntervals, lastIntervals));
    m_laggedLabel->setText(
        tr("Lagged %1 (%2 %)").arg(locale.toString(laggedFrames)).arg(locale.toString(lagged, 'f', 1)));
    // Coloured for a show (running, or the last one's final count); before any show the preview's
    // start-up lag is no warning (the trial found an orange count while offline).
    const bool ofAShow = m_showEnded || m_runState != ShowController::State::Idle;
    setLevel(m_laggedLabel, !ofAShow ? 0 : lagged >= 10 ? 2 : lagged >= 2 ? 1 : 0);

    const double dropped = percent(s.framesDropped, s.framesSent + s.framesDropped);
    m_droppedLabel->setText(
        tr("Dropped %1 (%2 %)").arg(locale.toString(s.framesDropped)).arg(locale.toString(dropped, 'f', 1)));
    setLevel(m_droppedLabel, dropped >= 5 ? 2 : dropped >= 1 ? 1 : 0);

    m_bitrateLabel->setText(
        s.streaming && m_haveRate ? tr("%1 kb/s").arg(locale.toString(qRound(m_bitrate))) : tr("– kb/s"));
    // The On air entry follows the shared show clock (updateOnAir), not this snapshot: the
    // header's LIVE counter and this entry always say the same second.

    m_reconnectsLabel->setVisible(s.reconnects > 0);
    // Drops, not attempts; red while the stream is away.
    // While the connection entry counts down to the next try, it says "reconnecting" already, and
    // the bitrate (nothing is sent) gives its room to the countdown.
    m_reconnectsLabel->setText(s.reconnecting && !m_connectionCountsDown
            ? tr("Reconnects %1 (reconnecting…)").arg(s.reconnects)
            : tr("Reconnects %1").arg(s.reconnects));
    m_bitrateLabel->setHidden(m_connectionCountsDown);
    setLevel(m_reconnectsLabel, s.reconnecting ? 2 : s.reconnects > 0 ? 1 : 0);
}

QString StatsBar::text() const
{
    QStringList parts;
    for (QLabel* l : { m_connectionLabel, m_cpuLabel, m_fpsLabel, m_laggedLabel, m_droppedLabel, m_bitrateLabel,
             m_onAirLabel, m_reconnectsLabel, m_destinationsLabel })
        if (!l->isHidden())
            parts << l->text();
    return parts.join(QStringLiteral(" · "));
}

void StatsBar::setLevel(QLabel* label, int level)
{
    // 0 normal, 1 warning, 2 bad, 3 live (QSS picks the colour)
    if (label->property("level").toInt() == level && label->property("level").isValid())
        return;
    label->setProperty("level", level);
    label->style()->unpolish(label);
    label->style()->polish(label);
}

} // namespace pinstage
