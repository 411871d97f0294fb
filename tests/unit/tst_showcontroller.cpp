// SPDX-License-Identifier: GPL-2.0-or-later
// The show controller's state machine, show clock and show log under a manual clock, with fake
// outputs and a fake card stage (the real ones are exercised by the integration and GUI tests).
#include "ManualClock.h"

#include "output/ShowOutputs.h"
#include "show/CardStage.h"
#include "show/ShowController.h"
#include "show/ShowLog.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace pinstage;
using State = ShowController::State;
using CardState = ShowController::CardState;

namespace {

/// Outputs that do what the test says: results are emitted by the test, like libobs's signals.
class FakeOutputs final : public ShowOutputs {
public:
    bool refuseStart = false;
    int streamStarts = 0;
    int streamStops = 0;
    int recordingStarts = 0;
    int recordingStops = 0;
    bool streaming = false;
    bool recording = false;
    quint64 bytes = 0;

    bool startStream(const StreamTarget&, QString* error) override
    {
        if (refuseStart) {
            *error = QStringLiteral("the RTMP output is missing");
            return false;
        }
        ++streamStarts;
        streaming = true;
        return true;
    }
    void stopStream() override { ++streamStops; }
    bool isStreaming() const override { return streaming; }
    bool startRecording(const QString&, QString*) override
    {
        ++recordingStarts;
        recording = true;
        return true;
    }
    void stopRecording() override { ++recordingStops; }
    bool isRecording() const override { return recording; }
    OutputStats snapshot() const override
    {
        OutputStats s;
        s.bytesSent = bytes;
        s.streaming = streaming;
        s.recording = recording;
        return s;
    }
    void setReconnectPolicy(int, int) override { }

    // What libobs would say.
    void connected() { emit streamStarted(); }
    void stopped(int code, const QString& message = {})
    {
        streaming = false;
        emit streamStopped(code, message);
    }
    void recordingBegan() { emit recordingStarted(); }
    void recordingEnded(int code = 0, const QString& message = {})
    {
        recording = false;
        emit recordingStopped(code, message);
    }
};

/// A card stage that answers at once (or, with deferred, when the test says).
class FakeCards final : public CardStage {
public:
    bool deferred = false;
    QList<std::pair<quint64, QString>> pending;
    int clears = 0;
    QDateTime lastNow;

    void stage(quint64 request, const QString& code, const QDateTime& now) override
    {
        lastNow = now;
        pending.append({ request, code });
        if (!deferred)
            answerAll();
    }
    void clear() override { ++clears; }
    void answerAll()
    {
        const QDateTime now = lastNow;
        const auto requests = std::exchange(pending, {});
        for (const auto& [request, code] : requests) {
            if (code == QLatin1String("NOPE")) {
                emit failed(request, code, QStringLiteral("unknown code 'NOPE'"));
                continue;
            }
            VariantRow v;
            v.sku = code;
            v.pinCode = code;
            if (code == QLatin1String("SALE")) {
                // $15 instead of $20 until the end of 29 November 2026 (local time).
                v.storedCompareAtCents = 2000;
                v.sale = SaleSchedule(QString(), QStringLiteral("2026-11-29"));
            }
            v.productTitle = QStringLiteral("Product ") + code;
            v.storedPriceCents = 2500;
            v.currency = QStringLiteral("USD");
            if (code == QLatin1String("SALE")) {
                v.storedPriceCents = 1500;
                emit staged(request, v, v.onSaleAt(now) ? QStringLiteral("$15.00") : QStringLiteral("$20.00"));
                continue;
            }
            emit staged(request, v, QStringLiteral("$25.00"));
        }
    }
};

const StreamTarget kTarget { QStringLiteral("rtmp://ingest.example.com/live"), QStringLiteral("sk_live_abc") };

QList<QJsonObject> readLog(const ShowLog& log)
{
    QFile file(log.filePath());
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QJsonObject> events;
    for (const QByteArray& line : file.readAll().split('\n')) {
        if (!line.isEmpty())
            events.append(QJsonDocument::fromJson(line).object());
    }
    return events;
}

} // namespace

class TestShowController : public QObject {
    Q_OBJECT

private:
    struct Rig {
        QTemporaryDir dir;
        test::ManualClock clock;
        FakeOutputs outputs;
        FakeCards cards;
        std::unique_ptr<ShowLog> log;
        std::unique_ptr<ShowController> show;
        std::unique_ptr<QSignalSpy> states;

        Rig()
        {
            ShowController* const* self = &showPtr;
            log = std::make_unique<ShowLog>(
                dir.filePath(QStringLiteral("shows")), [self] { return *self ? (*self)->showTimeMs() : 0; }, clock);
            show = std::make_unique<ShowController>(outputs, cards, clock, log.get());
            showPtr = show.get();
            states = std::make_unique<QSignalSpy>(show.get(), &ShowController::stateChanged);
        }
        QList<State> stateHistory() const
        {
            QList<State> out;
            for (const QList<QVariant>& args : *states)
                out.append(args.at(0).value<State>());
            return out;
        }
        void goLive()
        {
            QString error;
            QVERIFY2(show->goLive(kTarget, &error), qPrintable(error));
            outputs.connected();
            QCOMPARE(show->state(), State::Live);
        }

    private:
        ShowController* showPtr = nullptr;
    };

private slots:
    void goLiveConnectsThenLive()
    {
        Rig rig;
        QString error;
        QVERIFY(rig.show->goLive(kTarget, &error));
        QCOMPARE(rig.show->state(), State::Connecting);
        QCOMPARE(rig.show->showTimeMs(), 0);
        rig.clock.advance(1500); // the connect takes 1.5 s: not on the show clock
        rig.outputs.connected();
        QCOMPARE(rig.show->state(), State::Live);
        QCOMPARE(rig.show->showTimeMs(), 0);
        rig.clock.advance(12'345);
        QCOMPARE(rig.show->showTimeMs(), 12'345);
        QCOMPARE(rig.stateHistory(), (QList<State> { State::Connecting, State::Live }));
        QVERIFY(rig.states->last().at(1).toString().contains(QLatin1String("ingest.example.com")));
    }

    void refusedAtOnceStaysIdle()
    {
        Rig rig;
        rig.outputs.refuseStart = true;
        QString error;
        QVERIFY(!rig.show->goLive(kTarget, &error));
        QCOMPARE(error, QStringLiteral("the RTMP output is missing"));
        QCOMPARE(rig.show->state(), State::Idle);
        QCOMPARE(rig.states->count(), 0);
    }

    void badTargetIsRefusedWithTheFieldNamed()
    {
        Rig rig;
        QString error;
        QVERIFY(!rig.show->goLive({ QStringLiteral("http://example.com/live"), QStringLiteral("k") }, &error));
        QVERIFY2(error.startsWith(QLatin1String("--stream-url")), qPrintable(error));
        QCOMPARE(rig.outputs.streamStarts, 0);
    }

    void connectRefusedGoesBackWithAReasonAndNoStaleTime()
    {
        Rig rig;
        // A recording ran (and ended) before: its time must not leak into the failed show.
        QString error;
        QVERIFY(rig.show->startRecording(QStringLiteral("/tmp/x.mkv"), &error));
        rig.outputs.recordingBegan();
        rig.clock.advance(60'000);
        rig.show->stopRecording();
        rig.outputs.recordingEnded();

        QVERIFY(rig.show->goLive(kTarget, &error));
        rig.clock.advance(2000);
        rig.outputs.stopped(-2, QStringLiteral("could not connect to the server"));
        QCOMPARE(rig.show->state(), State::Idle);
        QVERIFY(
            rig.states->last().at(1).toString().startsWith(QLatin1String("could not connect to ingest.example.com")));
        QCOMPARE(rig.show->showTimeMs(), 0);
        QCOMPARE(rig.show->statistics().streamSeconds, 0.0);
        const QList<QJsonObject> log = readLog(*rig.log);
        QCOMPARE(log.last().value(QStringLiteral("event")).toString(), QStringLiteral("connect_failed"));
        QCOMPARE(log.last().value(QStringLiteral("t_ms")).toInteger(), 0);
        QCOMPARE(log.last().value(QStringLiteral("code")).toInt(), -2);
    }

    void dropAndHeal()
    {
        Rig rig;
        rig.goLive();
        rig.clock.advance(10'000);
        emit rig.outputs.streamReconnecting();
        QCOMPARE(rig.show->state(), State::Reconnecting);
        rig.clock.advance(5'200);
        emit rig.outputs.streamReconnected();
        QCOMPARE(rig.show->state(), State::Live);
        QCOMPARE(rig.show->showTimeMs(), 15'200); // the show clock does not stop for a drop
        const QList<QJsonObject> log = readLog(*rig.log);
        QCOMPARE(log.at(log.size() - 2).value(QStringLiteral("event")).toString(), QStringLiteral("reconnecting"));
        QCOMPARE(log.at(log.size() - 2).value(QStringLiteral("t_ms")).toInteger(), 10'000);
        QCOMPARE(log.last().value(QStringLiteral("event")).toString(), QStringLiteral("reconnected"));
        QCOMPARE(log.last().value(QStringLiteral("t_ms")).toInteger(), 15'200);
    }

    void droppedForGoodEndsWithTheReason()
    {
        Rig rig;
        rig.goLive();
        rig.clock.advance(3000);
        emit rig.outputs.streamReconnecting();
        rig.clock.advance(1000);
        rig.outputs.stopped(-5, QStringLiteral("disconnected"));
        QCOMPARE(rig.show->state(), State::Idle);
        QVERIFY(rig.states->last().at(1).toString().contains(QLatin1String("disconnected")));
        QCOMPARE(rig.show->statistics().streamSeconds, 4.0);
    }

    void endWhileLive()
    {
        Rig rig;
        rig.goLive();
        rig.clock.advance(30'000);
        rig.show->endShow();
        QCOMPARE(rig.show->state(), State::Ending);
        QCOMPARE(rig.outputs.streamStops, 1);
        rig.clock.advance(800); // the server confirms later: the time on air ended at the request
        rig.outputs.stopped(0);
        QCOMPARE(rig.show->state(), State::Idle);
        QCOMPARE(rig.show->statistics().streamSeconds, 30.0);
        const QJsonObject last = readLog(*rig.log).last();
        QCOMPARE(last.value(QStringLiteral("event")).toString(), QStringLiteral("stream_stopped"));
        QCOMPARE(last.value(QStringLiteral("t_ms")).toInteger(), 30'000);
        QCOMPARE(rig.stateHistory(), (QList<State> { State::Connecting, State::Live, State::Ending, State::Idle }));
    }

    void endWhileConnecting()
    {
        Rig rig;
        QString error;
        QVERIFY(rig.show->goLive(kTarget, &error));
        rig.show->endShow();
        QCOMPARE(rig.show->state(), State::Ending);
        // The outputs carry the stop out when the connect ends; a late "connected" is ignored.
        rig.outputs.connected();
        QCOMPARE(rig.show->state(), State::Ending);
        rig.outputs.stopped(0);
        QCOMPARE(rig.show->state(), State::Idle);
        QVERIFY(!rig.stateHistory().contains(State::Live));
        QCOMPARE(rig.show->statistics().streamSeconds, 0.0);
    }

    void endWhileReconnecting()
    {
        Rig rig;
        rig.goLive();
        rig.clock.advance(5000);
        emit rig.outputs.streamReconnecting();
        rig.show->endShow();
        QCOMPARE(rig.show->state(), State::Ending);
        emit rig.outputs.streamReconnected(); // a late success does not bring the show back
        QCOMPARE(rig.show->state(), State::Ending);
        rig.outputs.stopped(0);
        QCOMPARE(rig.show->state(), State::Idle);
    }

    void recordingStartedBeforeGoingLiveKeepsRunning()
    {
        Rig rig;
        QString error;
        QVERIFY(rig.show->startRecording(QStringLiteral("/tmp/a.mkv"), &error));
        rig.outputs.recordingBegan();
        QVERIFY(rig.show->isRecording());
        rig.clock.advance(4000);
        QCOMPARE(rig.show->showTimeMs(), 4000); // recording only: the recording is the clock
        rig.goLive();
        QCOMPARE(rig.outputs.recordingStarts, 1);
        QCOMPARE(rig.show->showTimeMs(), 0); // live restarts the show clock
        rig.show->endShow();
        rig.outputs.stopped(0);
        QVERIFY(rig.show->isRecording()); // the window's End show leaves the recording running
        QCOMPARE(rig.outputs.recordingStops, 0);
    }

    void recordingAfterGoingLiveStartsOnceLive()
    {
        Rig rig;
        QString error;
        QVERIFY(rig.show->goLive(kTarget, &error, QDir::temp().filePath(QStringLiteral("show.mkv"))));
        QCOMPARE(rig.outputs.recordingStarts, 0); // not before the stream has its first keyframe
        rig.outputs.connected();
        QCOMPARE(rig.outputs.recordingStarts, 1);
        rig.outputs.recordingBegan();
        QSignalSpy recording(rig.show.get(), &ShowController::recordingChanged);
        rig.show->endShow(true);
        QCOMPARE(rig.outputs.recordingStops, 1);
        rig.outputs.recordingEnded();
        QCOMPARE(recording.count(), 1);
        QCOMPARE(recording.first().at(1).toBool(), false); // asked for, not a failure
        QVERIFY(recording.first().at(2).toString().startsWith(QLatin1String("recording saved")));
    }

    void recordFolderIsCheckedBeforeGoingLive()
    {
        Rig rig;
        QString error;
        QVERIFY(!rig.show->goLive(kTarget, &error, QStringLiteral("/no/such/folder/show.mkv")));
        QVERIFY2(error.contains(QLatin1String("/no/such/folder")), qPrintable(error));
        QCOMPARE(rig.outputs.streamStarts, 0);
    }

    void rehearsalStreamsNothing()
    {
        Rig rig;
        QString error;
        QVERIFY(rig.show->startRehearsal(&error, QDir::temp().filePath(QStringLiteral("rehearsal.mkv"))));
        QCOMPARE(rig.show->state(), State::Rehearsal);
        QCOMPARE(rig.outputs.streamStarts, 0);
        QCOMPARE(rig.outputs.recordingStarts, 1);
        rig.outputs.recordingBegan();
        rig.show->pin(QStringLiteral("MUG-1"));
        QCOMPARE(rig.show->cardState(), CardState::Staged);
        rig.clock.advance(7000);
        rig.show->endShow();
        QCOMPARE(rig.show->state(), State::Idle);
        QCOMPARE(rig.outputs.recordingStops, 1); // the rehearsal's recording ends with it
        QStringList events;
        for (const QJsonObject& e : readLog(*rig.log))
            events << e.value(QStringLiteral("event")).toString();
        QCOMPARE(events,
            (QStringList { QStringLiteral("rehearsal_started"), QStringLiteral("recording_started"),
                QStringLiteral("pin"), QStringLiteral("rehearsal_ended") }));
        QCOMPARE(readLog(*rig.log).last().value(QStringLiteral("t_ms")).toInteger(), 7000);
    }

    void pinWhileIdleIsStagedNotOnAir()
    {
        Rig rig;
        QSignalSpy cards(rig.show.get(), &ShowController::cardChanged);
        rig.show->pin(QStringLiteral("MUG-1"));
        QCOMPARE(rig.show->cardState(), CardState::Staged);
        QCOMPARE(cards.count(), 1);
        QCOMPARE(cards.first().at(1).value<CardState>(), CardState::Staged);
        // Going live puts the staged card on air, and says so.
        rig.goLive();
        QCOMPARE(rig.show->cardState(), CardState::OnAir);
        QCOMPARE(cards.last().at(1).value<CardState>(), CardState::OnAir);
        const QJsonObject pin = readLog(*rig.log).first();
        QCOMPARE(pin.value(QStringLiteral("event")).toString(), QStringLiteral("pin"));
        QCOMPARE(pin.value(QStringLiteral("on_air")).toBool(), false);
    }

    void pinWhileLiveIsOnAirAndLoggedToTheMillisecond()
    {
        Rig rig;
        rig.goLive();
        rig.clock.advance(4012);
        rig.show->pin(QStringLiteral("MUG-1"));
        QCOMPARE(rig.cards.lastNow, rig.clock.now()); // prices valid now
        QCOMPARE(rig.show->cardState(), CardState::OnAir);
        rig.clock.advance(9000 - 4012);
        rig.show->unpin();
        QCOMPARE(rig.show->cardState(), CardState::None);
        QCOMPARE(rig.cards.clears, 1);
        const QList<QJsonObject> log = readLog(*rig.log);
        const QJsonObject pin = log.at(log.size() - 2);
        QCOMPARE(pin.value(QStringLiteral("event")).toString(), QStringLiteral("pin"));
        QCOMPARE(pin.value(QStringLiteral("t_ms")).toInteger(), 4012);
        QCOMPARE(pin.value(QStringLiteral("sku")).toString(), QStringLiteral("MUG-1"));
        QCOMPARE(pin.value(QStringLiteral("price")).toString(), QStringLiteral("$25.00"));
        QCOMPARE(pin.value(QStringLiteral("on_air")).toBool(), true);
        QCOMPARE(pin.value(QStringLiteral("at")).toString(),
            rig.clock.now().addMSecs(-(9000 - 4012)).toString(Qt::ISODateWithMs));
        QCOMPARE(log.last().value(QStringLiteral("event")).toString(), QStringLiteral("unpin"));
        QCOMPARE(log.last().value(QStringLiteral("t_ms")).toInteger(), 9000);
        QCOMPARE(rig.show->pinEvents().size(), 2);
        QCOMPARE(rig.show->pinEvents().at(0).showMs, 4012);
        QCOMPARE(rig.show->pinEvents().at(1).showMs, 9000);
    }

    void pinWhileReconnectingIsStaged()
    {
        Rig rig;
        rig.goLive();
        emit rig.outputs.streamReconnecting();
        rig.show->pin(QStringLiteral("MUG-1"));
        QCOMPARE(rig.show->cardState(), CardState::Staged);
        QSignalSpy cards(rig.show.get(), &ShowController::cardChanged);
        emit rig.outputs.streamReconnected();
        QCOMPARE(rig.show->cardState(), CardState::OnAir);
        QCOMPARE(cards.count(), 1);
    }

    void unknownCodeLeavesTheCardAlone()
    {
        Rig rig;
        rig.show->pin(QStringLiteral("MUG-1"));
        QSignalSpy failed(rig.show.get(), &ShowController::pinFailed);
        rig.show->pin(QStringLiteral("NOPE"));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.first().at(0).toString(), QStringLiteral("NOPE"));
        QCOMPARE(rig.show->card()->sku, QStringLiteral("MUG-1"));
    }

    void aLaterRequestWinsOverOneStillBeingPainted()
    {
        Rig rig;
        rig.cards.deferred = true;
        rig.show->pin(QStringLiteral("A"));
        rig.show->pin(QStringLiteral("B"));
        rig.cards.answerAll();
        QCOMPARE(rig.show->card()->sku, QStringLiteral("B"));
        rig.show->pin(QStringLiteral("C"));
        rig.show->unpin(); // unpinned before C was painted: C never shows as pinned
        rig.cards.answerAll();
        QVERIFY(!rig.show->card().has_value());
    }

    void saleEndingWhileOnAirRepaintsTheCard()
    {
        Rig rig;
        rig.goLive(); // the manual clock starts at 20:00 on 29 November 2026
        rig.show->pin(QStringLiteral("SALE"));
        QCOMPARE(rig.show->pinEvents().constLast().price, QStringLiteral("$15.00"));
        QSignalSpy cards(rig.show.get(), &ShowController::cardChanged);
        rig.clock.advance(4 * 3600 * 1000 - 1); // 23:59:59.999: still on sale
        QCOMPARE(cards.count(), 0);
        rig.clock.advance(1); // midnight: the sale is over, the card is painted again at once
        QCOMPARE(cards.count(), 1);
        QCOMPARE(rig.cards.lastNow, QDateTime(QDate(2026, 11, 30), QTime(0, 0)));
        const QJsonObject last = readLog(*rig.log).last();
        QCOMPARE(last.value(QStringLiteral("event")).toString(), QStringLiteral("price_changed"));
        QCOMPARE(last.value(QStringLiteral("price")).toString(), QStringLiteral("$20.00"));
        QCOMPARE(last.value(QStringLiteral("price_cents")).toInteger(), 2000);
        QVERIFY(!last.contains(QStringLiteral("compare_at_cents")));
        QCOMPARE(last.value(QStringLiteral("t_ms")).toInteger(), 4 * 3600 * 1000);
        QCOMPARE(rig.show->pinEvents().size(), 1); // a repaint, not a new pin
        rig.clock.advance(24 * 3600 * 1000);
        QCOMPARE(cards.count(), 1); // nothing more changes by itself
    }

    void sceneSwitchIsLoggedOnTheShowClock()
    {
        Rig rig;
        QString error;
        QVERIFY(!rig.show->switchScene(QStringLiteral("Main"), &error)); // no scenes yet
        QStringList switched;
        rig.show->setSceneSwitcher([&switched](const QString& scene, QString* error) {
            if (scene != QLatin1String("Main") && scene != QLatin1String("Be right back")) {
                *error = QStringLiteral("no scene is named '%1'").arg(scene);
                return false;
            }
            switched << scene;
            return true;
        });
        rig.goLive();
        rig.clock.advance(5000);
        QSignalSpy changed(rig.show.get(), &ShowController::programSceneChanged);
        QVERIFY(rig.show->switchScene(QStringLiteral("Be right back"), &error));
        QVERIFY(!rig.show->switchScene(QStringLiteral("Nope"), &error));
        QCOMPARE(error, QStringLiteral("no scene is named 'Nope'"));
        QCOMPARE(switched, QStringList { QStringLiteral("Be right back") });
        QCOMPARE(changed.count(), 1);
        const QJsonObject last = readLog(*rig.log).last();
        QCOMPARE(last.value(QStringLiteral("event")).toString(), QStringLiteral("scene"));
        QCOMPARE(last.value(QStringLiteral("scene")).toString(), QStringLiteral("Be right back"));
        QCOMPARE(last.value(QStringLiteral("t_ms")).toInteger(), 5000);
    }

    void goLiveTwiceIsRefused()
    {
        Rig rig;
        rig.goLive();
        QString error;
        QVERIFY(!rig.show->goLive(kTarget, &error));
        QCOMPARE(error, QStringLiteral("the show is already live"));
        QCOMPARE(rig.outputs.streamStarts, 1);
    }
};

QTEST_GUILESS_MAIN(TestShowController)
#include "tst_showcontroller.moc"
