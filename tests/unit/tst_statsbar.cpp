// SPDX-License-Identifier: GPL-2.0-or-later
// The status bar's show time and frame counts (issue 8's new-user trial): "On air" says the same
// second as the header's LIVE counter at every moment (one tick, one rounding: ShowClock), goes
// back to "Off air" with the show's final length when the show ends, and the lagged frames count
// from the moment the show went live, not from Pinstage's start, and stop with the show. A show controller on a
// ManualClock over fake outputs whose statistics the test sets.
#include "ManualClock.h"
#include "ShowFakes.h"

#include "components/CardPlace.h"
#include "widgets/LiveControls.h"
#include "widgets/ShowClock.h"
#include "widgets/StatsBar.h"

#include <QLabel>
#include <QRegularExpression>
#include <QTest>

using namespace pinstage;

namespace {

// The HH:MM:SS in TEXT ("● LIVE 00:00:26", "On air 00:00:26"); empty when there is none.
QString timeIn(const QString& text)
{
    static const QRegularExpression time(QStringLiteral("\\d\\d:\\d\\d:\\d\\d"));
    return time.match(text).captured();
}

struct Rig {
    test::ManualClock clock;
    test::FakeDestinationOutputs outputs;
    test::NoCards cards;
    ShowController show { outputs, cards, clock, nullptr };
    LiveControls header { show };
    StatsBar bar { show };
    QLabel* onAir = bar.findChild<QLabel*>(QStringLiteral("stat_onAir"));
    QLabel* lagged = bar.findChild<QLabel*>(QStringLiteral("stat_lagged"));

    Rig() { bar.setInterval(3'600'000); } // the test refreshes by hand
    /// The outputs' counters now: INTERVALS frame intervals since libobs started, LAGGED of them lagged.
    void counters(quint64 intervals, quint64 lagged)
    {
        outputs.stats.takenAtMs = clock.monotonicMs();
        outputs.stats.framesRendered = intervals;
        outputs.stats.framesLagged = lagged;
        outputs.stats.streaming = outputs.isStreaming();
    }
    bool goLive(QString* error)
    {
        if (!show.goLive(StreamTarget { QStringLiteral("rtmp://127.0.0.1/live"), QStringLiteral("key") }, error))
            return false;
        outputs.connected(0);
        return show.state() == ShowController::State::Live;
    }
};

} // namespace

class tst_StatsBar : public QObject {
    Q_OBJECT

private slots:
    void onAirSaysTheHeadersSecond()
    {
        Rig rig;
        QVERIFY(rig.onAir && rig.lagged);
        QCOMPARE(rig.onAir->text(), QStringLiteral("Off air"));
        rig.clock.advance(3'700); // Pinstage ran a while before the show
        QString error;
        QVERIFY2(rig.goLive(&error), qPrintable(error));
        QCOMPARE(rig.header.stateLabel()->text(), QStringLiteral("● LIVE 00:00:00"));
        QCOMPARE(rig.onAir->text(), QStringLiteral("On air 00:00:00"));
        // Every phase of the second, and the bar's own refresh at any moment between ticks (it
        // came 1 s late when each display read the clock on its own timer).
        qint64 shown = 0;
        for (const qint64 step : { 400, 599, 1, 999, 250, 26'400, 350, 650, 1'000, 59'123 }) {
            rig.clock.advance(step);
            rig.counters(1'000, 0);
            rig.bar.refresh();
            const QString header = timeIn(rig.header.stateLabel()->text());
            const QString bar = timeIn(rig.onAir->text());
            const qint64 showMs = rig.show.showTimeMs();
            QVERIFY2(!header.isEmpty() && header == bar,
                qPrintable(QStringLiteral("at %1 ms: header %2, status bar %3").arg(showMs).arg(header, bar)));
            QCOMPARE(bar, ShowClock::text(showMs)); // whole seconds elapsed
            QVERIFY(showMs >= shown);
            shown = showMs;
        }
        QCOMPARE(rig.onAir->text(), QStringLiteral("On air 00:01:29"));
        QCOMPARE(rig.onAir->property("level").toInt(), 3); // live

        // The show ends: both go back to their offline state, and stay there; the status bar
        // keeps the show's final length (the trial found no final length anywhere).
        rig.clock.advance(200); // End show at 89.972 s
        rig.show.endShow();
        rig.clock.advance(1'500); // the server confirms later: the length is the producer's
        rig.outputs.stopped(0);
        QCOMPARE(rig.show.state(), ShowController::State::Idle);
        QCOMPARE(rig.header.stateLabel()->text(), QStringLiteral("OFFLINE"));
        QCOMPARE(rig.onAir->text(), QStringLiteral("Off air (last show 00:01:29)"));
        QCOMPARE(rig.onAir->property("level").toInt(), 0);
        rig.clock.advance(5'000);
        rig.bar.refresh();
        QCOMPARE(rig.onAir->text(), QStringLiteral("Off air (last show 00:01:29)"));
        QVERIFY2(!rig.bar.text().contains(QStringLiteral("On air")), qPrintable(rig.bar.text()));

        // A rehearsal: its own clock, the same second in both places; nothing said to be on air.
        QVERIFY2(rig.show.startRehearsal(&error), qPrintable(error));
        rig.clock.advance(12'345);
        rig.bar.refresh();
        QCOMPARE(rig.header.stateLabel()->text(), QStringLiteral("REHEARSAL 00:00:12"));
        QCOMPARE(rig.onAir->text(), QStringLiteral("Rehearsal 00:00:12"));
        rig.show.endShow();
        QCOMPARE(rig.onAir->text(), QStringLiteral("Off air (last rehearsal 00:00:12)"));
    }

    void theCardStaysOnAirWhileTheStreamReconnects()
    {
        // One wording for the card up (CardPlace): STAGED before the stream is on air; ON AIR while
        // live, and still while reconnecting (viewers keep the frozen picture with it; the trial
        // found it relabelled STAGED as if taken down).
        test::ManualClock clock;
        test::FakeDestinationOutputs outputs;
        test::EchoCards cards;
        ShowController show { outputs, cards, clock, nullptr };
        show.pin(QStringLiteral("A"));
        QVERIFY(show.card());
        QCOMPARE(cardPlace(show).word, QStringLiteral("STAGED"));
        QVERIFY(!cardPlace(show).onAir);
        QString error;
        QVERIFY2(show.goLive(StreamTarget { QStringLiteral("rtmp://127.0.0.1/live"), QStringLiteral("key") }, &error),
            qPrintable(error));
        QCOMPARE(cardPlace(show).word, QStringLiteral("STAGED")); // connecting: nobody sees it yet
        outputs.connected(0);
        QCOMPARE(cardPlace(show).word, QStringLiteral("ON AIR"));
        outputs.waiting(0, 2, QStringLiteral("the connection dropped"));
        QCOMPARE(show.state(), ShowController::State::Reconnecting);
        QCOMPARE(cardPlace(show).word, QStringLiteral("ON AIR"));
        QVERIFY(cardPlace(show).onAir);
        QVERIFY2(cardPlace(show).toolTip.contains(QStringLiteral("reconnecting")), qPrintable(cardPlace(show).toolTip));
        outputs.connected(0);
        QCOMPARE(cardPlace(show).word, QStringLiteral("ON AIR"));
    }

    void aShowThatNeverWentLiveHasNoLength()
    {
        Rig rig;
        QString error;
        QVERIFY2(
            rig.show.goLive(StreamTarget { QStringLiteral("rtmp://127.0.0.1/live"), QStringLiteral("key") }, &error),
            qPrintable(error));
        rig.clock.advance(3'000);
        rig.show.endShow(); // given up while connecting
        rig.outputs.stopped(0);
        QCOMPARE(rig.show.state(), ShowController::State::Idle);
        QCOMPARE(rig.onAir->text(), QStringLiteral("Off air"));
    }

    void laggedCountsFromGoingLive()
    {
        Rig rig;
        // Before any show: since Pinstage started (the preview lagged 120 frames while loading).
        rig.counters(1'000, 120);
        rig.bar.refresh();
        QVERIFY2(rig.lagged->text().startsWith(QStringLiteral("Lagged 120 ")), qPrintable(rig.lagged->text()));
        QCOMPARE(rig.lagged->property("level").toInt(), 0); // 12 %, but no show yet: no warning colour
        // Connecting: 5 more lagged; going live takes the baseline.
        QString error;
        QVERIFY2(
            rig.show.goLive(StreamTarget { QStringLiteral("rtmp://127.0.0.1/live"), QStringLiteral("key") }, &error),
            qPrintable(error));
        rig.counters(1'100, 125);
        rig.outputs.connected(0);
        rig.bar.refresh();
        QVERIFY2(rig.lagged->text().startsWith(QStringLiteral("Lagged 0 ")), qPrintable(rig.lagged->text()));
        QCOMPARE(rig.lagged->property("level").toInt(), 0);
        // On air: 3 of the next 30 frame intervals lagged (10 %).
        rig.clock.advance(1'000);
        rig.counters(1'130, 128);
        rig.bar.refresh();
        const QLocale locale;
        QCOMPARE(rig.lagged->text(), QStringLiteral("Lagged 3 (%1 %)").arg(locale.toString(10.0, 'f', 1)));
        QCOMPARE(rig.lagged->property("level").toInt(), 2);
        // A reconnect is the same show: no new baseline.
        rig.outputs.waiting(0, 2, QStringLiteral("the connection dropped"));
        QCOMPARE(rig.show.state(), ShowController::State::Reconnecting);
        rig.counters(1'160, 130);
        rig.outputs.connected(0);
        QCOMPARE(rig.show.state(), ShowController::State::Live);
        rig.bar.refresh();
        QVERIFY2(rig.lagged->text().startsWith(QStringLiteral("Lagged 5 ")), qPrintable(rig.lagged->text()));
        rig.show.endShow();
        rig.outputs.stopped(0);
        // After End show the count stops: the preview lags on (400), the entry keeps the show's 5
        // (the trial found it counting on).
        rig.counters(2'000, 400);
        rig.bar.refresh();
        QVERIFY2(rig.lagged->text().startsWith(QStringLiteral("Lagged 5 ")), qPrintable(rig.lagged->text()));
        QVERIFY2(rig.lagged->toolTip().contains(QStringLiteral("last show")), qPrintable(rig.lagged->toolTip()));
        // The next show counts from its own start.
        QVERIFY2(rig.goLive(&error), qPrintable(error));
        rig.counters(2'030, 401);
        rig.bar.refresh();
        QVERIFY2(rig.lagged->text().startsWith(QStringLiteral("Lagged 1 ")), qPrintable(rig.lagged->text()));
        QVERIFY2(rig.lagged->toolTip().contains(QStringLiteral("went live")), qPrintable(rig.lagged->toolTip()));
    }
};

QTEST_MAIN(tst_StatsBar)
#include "tst_statsbar.moc"
