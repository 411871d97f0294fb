// SPDX-License-Identifier: GPL-2.0-or-later
// The show controller's state machine, show clock and show log under a manual clock, with fake
// outputs and a fake card stage (the real ones are exercised by the integration and GUI tests).
#include "ManualClock.h"
#include "ShowLogEvents.h"

#include "output/ShowOutputs.h"
#include "show/CardStage.h"
#include "show/ShowController.h"
#include "show/ShowLog.h"
#include "show/ShowLogExport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace pinstage;
using namespace pinstage::test;
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
    int stagings = 0;
    QDateTime lastNow;
    CardOverrides lastOverrides; // of the latest staging ({} for a plain stage())
    QList<std::optional<CountdownPainter::Face>> countdowns;
    QList<std::pair<QString, bool>> announcements;

    void stageWith(quint64 request, const QString& code, const QDateTime& now, const CardOverrides& overrides) override
    {
        stageOne(request, code, now);
        lastOverrides = overrides;
    }
    void setCountdown(const std::optional<CountdownPainter::Face>& face) override { countdowns.append(face); }
    void setAnnouncement(const QString& text, bool scrolling) override { announcements.append({ text, scrolling }); }

    void stage(quint64 request, const QString& code, const QDateTime& now) override
    {
        stageOne(request, code, now);
        lastOverrides = {};
    }
    void stageOne(quint64 request, const QString& code, const QDateTime& now)
    {
        ++stagings;
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

using Face = CountdownPainter::Face;

QJsonObject lastEvent(const QList<QJsonObject>& events, const QString& name)
{
    for (auto it = events.crbegin(); it != events.crend(); ++it) {
        if (it->value(QStringLiteral("event")).toString() == name)
            return *it;
    }
    return {};
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
        const QList<QJsonObject> log = readShowLog(rig.log->filePath());
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
        const QList<QJsonObject> log = readShowLog(rig.log->filePath());
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
        const QJsonObject last = readShowLog(rig.log->filePath()).last();
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
        for (const QJsonObject& e : readShowLog(rig.log->filePath()))
            events << e.value(QStringLiteral("event")).toString();
        QCOMPARE(events,
            (QStringList { QStringLiteral("rehearsal_started"), QStringLiteral("recording_started"),
                QStringLiteral("pin"), QStringLiteral("rehearsal_ended") }));
        QCOMPARE(readShowLog(rig.log->filePath()).last().value(QStringLiteral("t_ms")).toInteger(), 7000);
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
        const QJsonObject pin = readShowLog(rig.log->filePath()).first();
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
        const QList<QJsonObject> log = readShowLog(rig.log->filePath());
        const QJsonObject& pin = log.at(log.size() - 2);
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
        const QJsonObject last = readShowLog(rig.log->filePath()).last();
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
        const QJsonObject last = readShowLog(rig.log->filePath()).last();
        QCOMPARE(last.value(QStringLiteral("event")).toString(), QStringLiteral("scene"));
        QCOMPARE(last.value(QStringLiteral("scene")).toString(), QStringLiteral("Be right back"));
        QCOMPARE(last.value(QStringLiteral("t_ms")).toInteger(), 5000);
    }

    void flashSaleCountsDownEverySecondThenEnds()
    {
        Rig rig;
        rig.goLive();
        rig.clock.advance(2000);
        QSignalSpy sale(rig.show.get(), &ShowController::flashSaleChanged);
        QString error;
        QVERIFY2(rig.show->startFlashSale(QStringLiteral("SALE"), 3, &error), qPrintable(error));
        // Pinned (it was not up) with the countdown over it at once.
        QCOMPARE(rig.show->card()->sku, QStringLiteral("SALE"));
        QCOMPARE(rig.cards.countdowns, (QList<std::optional<Face>> { Face { 3, false } }));
        rig.clock.advance(999);
        QCOMPARE(rig.cards.countdowns.size(), 1); // not a second yet
        rig.clock.advance(1);
        QCOMPARE(rig.cards.countdowns.constLast(), std::optional<Face>(Face { 2, false }));
        const int stagingsBefore = rig.cards.stagings;
        rig.clock.advance(1000);
        QCOMPARE(rig.cards.countdowns.constLast(), std::optional<Face>(Face { 1, false }));
        QCOMPARE(rig.cards.stagings, stagingsBefore); // a tick never repaints the card
        rig.clock.advance(1000);
        // Zero: "Sale ended", and the card painted again with the regular price.
        QCOMPARE(rig.cards.countdowns,
            (QList<std::optional<Face>> { Face { 3, false }, Face { 2, false }, Face { 1, false }, Face { 0, true } }));
        QCOMPARE(rig.cards.stagings, stagingsBefore + 1);
        QVERIFY(rig.cards.lastOverrides.saleEnded);
        QVERIFY(rig.show->flashSale() && rig.show->flashSale()->ended);
        QCOMPARE(sale.count(), 4); // 3 (start), 2, 1, ended
        QCOMPARE(sale.constLast().at(2).toBool(), true);

        const QList<QJsonObject> events = readShowLog(rig.log->filePath());
        QCOMPARE(eventNames(events),
            (QStringList { QStringLiteral("connecting"), QStringLiteral("live"), QStringLiteral("pin"),
                QStringLiteral("flash_sale_started"), QStringLiteral("flash_sale_ended"),
                QStringLiteral("price_changed") }));
        const QJsonObject started = lastEvent(events, QStringLiteral("flash_sale_started"));
        QCOMPARE(started.value(QStringLiteral("t_ms")).toInteger(), 2000);
        QCOMPARE(started.value(QStringLiteral("duration_s")).toInt(), 3);
        QCOMPARE(started.value(QStringLiteral("code")).toString(), QStringLiteral("SALE"));
        const QJsonObject ended = lastEvent(events, QStringLiteral("flash_sale_ended"));
        QCOMPARE(ended.value(QStringLiteral("t_ms")).toInteger(), 5000);
        QCOMPARE(ended.value(QStringLiteral("reason")).toString(), QStringLiteral("time"));
        QCOMPARE(ended.value(QStringLiteral("sku")).toString(), QStringLiteral("SALE"));
        // The price the shop charges now ($15.00: its own compare-at sale goes on), without the
        // struck-through $20.00: the card never shows a price checkout does not charge.
        const QJsonObject repaint = lastEvent(events, QStringLiteral("price_changed"));
        QCOMPARE(repaint.value(QStringLiteral("price_cents")).toInteger(), 1500);
        QVERIFY(!repaint.contains(QStringLiteral("compare_at_cents")));

        // "Sale ended" stays until the unpin; nothing moves by itself.
        rig.clock.advance(10'000);
        QCOMPARE(rig.cards.countdowns.size(), 4);
        rig.show->unpin();
        QCOMPARE(rig.cards.countdowns.constLast(), std::optional<Face>());
        QVERIFY(!rig.show->flashSale());
        QCOMPARE(rig.show->saleEvents().size(), 2);
        QCOMPARE(rig.show->saleEvents().at(1).reason, QStringLiteral("time"));
        QCOMPARE(rig.show->saleEvents().at(1).showMs, 5000);
        QCOMPARE(eventNames(readShowLog(rig.log->filePath())).constLast(), QStringLiteral("unpin"));
    }

    void flashSaleOnTheCardUpKeepsTheCard()
    {
        Rig rig;
        rig.goLive();
        QString error;
        QVERIFY(!rig.show->startFlashSale(QString(), 60, &error));
        QCOMPARE(error, QStringLiteral("no card is up: name the product to put on sale"));
        rig.show->pin(QStringLiteral("PS-1"));
        QVERIFY(!rig.show->startFlashSale(QString(), 0, &error));
        QCOMPARE(error, QStringLiteral("the flash sale's duration must be 1 s to 24 h, got 0 s"));
        const int stagings = rig.cards.stagings;
        QVERIFY(rig.show->startFlashSale(QString(), 90, &error));
        QCOMPARE(rig.cards.stagings, stagings); // the card up is not painted again
        QCOMPARE(rig.cards.countdowns.constLast(), std::optional<Face>(Face { 90, false }));
        QCOMPARE(rig.show->pinEvents().size(), 1);
        // Another product replaces the card, and its sale goes with it.
        rig.show->pin(QStringLiteral("OTHER"));
        QCOMPARE(rig.cards.countdowns.constLast(), std::optional<Face>());
        QVERIFY(!rig.show->flashSale());
        const QJsonObject ended = lastEvent(readShowLog(rig.log->filePath()), QStringLiteral("flash_sale_ended"));
        QCOMPARE(ended.value(QStringLiteral("reason")).toString(), QStringLiteral("replaced"));
        rig.clock.advance(200'000);
        QCOMPARE(rig.cards.countdowns.size(), 2); // no tick after the sale went
    }

    void stockChangesShowLiveAndCountSoldDuringASale()
    {
        Rig rig;
        rig.goLive();
        QString error;
        // A product not up: remembered for its pin.
        QVERIFY(rig.show->setStock(QStringLiteral("PS-1"), 10, &error));
        QCOMPARE(rig.cards.stagings, 0);
        rig.show->pin(QStringLiteral("PS-1"));
        QCOMPARE(rig.cards.lastOverrides.stock, std::optional<int>(10));
        QVERIFY(rig.show->startFlashSale(QStringLiteral("PS-1"), 30, &error));
        rig.clock.advance(4000);
        QVERIFY(rig.show->setStock(QStringLiteral("PS-1"), 7, &error));
        QCOMPARE(rig.cards.lastOverrides.stock, std::optional<int>(7));
        QCOMPARE(rig.cards.lastOverrides.soldCount, std::optional<int>(3));
        QVERIFY(rig.show->setStock(QStringLiteral("PS-1"), 9, &error)); // a restock sells nothing
        QVERIFY(rig.show->setStock(QStringLiteral("PS-1"), 4, &error));
        QCOMPARE(rig.cards.lastOverrides.soldCount, std::optional<int>(8));
        QCOMPARE(rig.show->flashSale()->sold, 8);
        QCOMPARE(rig.show->pinEvents().size(), 1); // stock repaints are not pins
        const QList<QJsonObject> events = readShowLog(rig.log->filePath());
        QCOMPARE(eventNames(events).count(QStringLiteral("stock")), 4);
        QCOMPARE(eventNames(events).count(QStringLiteral("price_changed")), 0);
        const QJsonObject last = lastEvent(events, QStringLiteral("stock"));
        QCOMPARE(last.value(QStringLiteral("t_ms")).toInteger(), 4000);
        QCOMPARE(last.value(QStringLiteral("stock")).toInt(), 4);
        QCOMPARE(last.value(QStringLiteral("previous")).toInt(), 9);
        QCOMPARE(last.value(QStringLiteral("sold")).toInt(), 8);
        // The sale ends with the count of what sold in it; later sales of stock count no more.
        rig.clock.advance(26'000);
        QVERIFY(rig.show->flashSale()->ended);
        QCOMPARE(lastEvent(readShowLog(rig.log->filePath()), QStringLiteral("flash_sale_ended"))
                     .value(QStringLiteral("sold"))
                     .toInt(),
            8);
        QVERIFY(rig.show->setStock(QStringLiteral("PS-1"), 1, &error));
        QCOMPARE(rig.show->flashSale()->sold, 8);
        QVERIFY(rig.cards.lastOverrides.saleEnded); // the repaint keeps "Sale ended"
        QCOMPARE(rig.cards.lastOverrides.stock, std::optional<int>(1));
        QVERIFY(!rig.show->setStock(QStringLiteral(" "), 1, &error));
        QCOMPARE(error, QStringLiteral("the product code is empty"));
        QCOMPARE(rig.show->stockEvents().size(), 5);
    }

    void announcementIsSetAndClearedOnCue()
    {
        Rig rig;
        rig.goLive();
        rig.clock.advance(1500);
        QSignalSpy changed(rig.show.get(), &ShowController::announcementChanged);
        QString error;
        QVERIFY(!rig.show->announce(QStringLiteral("  "), false, &error));
        QCOMPARE(error, QStringLiteral("the announcement text is empty"));
        QVERIFY(!rig.show->announce(QString(501, QLatin1Char('x')), false, &error));
        QVERIFY(rig.show->announce(QStringLiteral("Free shipping  today"), false, &error));
        QVERIFY(rig.show->announce(QStringLiteral("Next product in 2 minutes"), true, &error));
        QCOMPARE(rig.show->announcement(), QStringLiteral("Next product in 2 minutes"));
        rig.clock.advance(2000);
        rig.show->clearAnnouncement();
        rig.show->clearAnnouncement(); // nothing up: nothing to log
        QCOMPARE(rig.cards.announcements,
            (QList<std::pair<QString, bool>> { { QStringLiteral("Free shipping today"), false },
                { QStringLiteral("Next product in 2 minutes"), true }, { QString(), false } }));
        QCOMPARE(changed.count(), 3);
        const QList<QJsonObject> events = readShowLog(rig.log->filePath());
        QCOMPARE(eventNames(events),
            (QStringList { QStringLiteral("connecting"), QStringLiteral("live"), QStringLiteral("announcement"),
                QStringLiteral("announcement"), QStringLiteral("announcement_cleared") }));
        QCOMPARE(events.at(2).value(QStringLiteral("text")).toString(), QStringLiteral("Free shipping today"));
        QCOMPARE(events.at(2).value(QStringLiteral("t_ms")).toInteger(), 1500);
        QCOMPARE(events.at(3).value(QStringLiteral("scrolling")).toBool(), true);
        QCOMPARE(events.at(4).value(QStringLiteral("t_ms")).toInteger(), 3500);
        QCOMPARE(rig.show->announcementEvents().size(), 3);
        QVERIFY(rig.show->announcementEvents().constLast().text.isEmpty());
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

    // The window's show log spans the session: End show, then Go Live again, is a second stream
    // (its own video, its show clock from 0 again). Its chapters are its own products (issue 11:
    // only the first stream's products were listed), a card staged before it went live at 00:00.
    void secondStreamHasItsOwnChapters()
    {
        Rig rig;
        rig.goLive();
        rig.show->pin(QStringLiteral("MUG-1"));
        rig.cards.answerAll();
        rig.clock.advance(30'000);
        rig.show->pin(QStringLiteral("CANDLE-2"));
        rig.cards.answerAll();
        rig.clock.advance(30'000);
        rig.show->endShow(false);
        rig.outputs.stopped(0);
        QCOMPARE(rig.show->state(), State::Idle);

        rig.clock.advance(120'000); // between the streams
        rig.show->pin(QStringLiteral("ROLLER-3")); // staged for the second stream
        rig.cards.answerAll();
        rig.goLive();
        rig.clock.advance(40'000);
        rig.show->pin(QStringLiteral("SCARF-4"));
        rig.cards.answerAll();
        rig.clock.advance(25'000);
        rig.show->endShow(false);
        rig.outputs.stopped(0);

        QString error;
        const auto entries = ShowLogExport::read(rig.log->filePath(), &error);
        QVERIFY2(entries, qPrintable(error));
        const QList<QList<ShowLogEntry>> streams = ShowLogExport::streams(*entries);
        QCOMPARE(streams.size(), 2);
        const QList<QList<ShowChapter>> lists = ShowLogExport::streamChapters(*entries);
        QCOMPARE(lists.size(), 2);
        const auto titles = [](const QList<ShowChapter>& list) {
            QStringList out;
            for (const ShowChapter& c : list)
                out << QStringLiteral("%1 %2-%3").arg(c.title).arg(c.startMs).arg(c.endMs);
            return out;
        };
        QCOMPARE(titles(lists.at(0)),
            (QStringList { QStringLiteral("Product MUG-1 0-30000"), QStringLiteral("Product CANDLE-2 30000-60000") }));
        QCOMPARE(titles(lists.at(1)),
            (QStringList {
                QStringLiteral("Product ROLLER-3 0-40000"), QStringLiteral("Product SCARF-4 40000-65000") }));
        // chapters() is the first stream's; the text and the JSON carry both.
        QCOMPARE(titles(ShowLogExport::chapters(*entries)), titles(lists.at(0)));
        const QString text = ShowLogExport::streamChaptersText(*entries);
        QVERIFY2(text.startsWith(QStringLiteral("00:00 Product MUG-1\n00:30 Product CANDLE-2\n\nStream 2 (live at ")),
            qPrintable(text));
        QVERIFY2(
            text.endsWith(QStringLiteral("):\n00:00 Product ROLLER-3\n00:40 Product SCARF-4\n")), qPrintable(text));
        const QJsonObject json = QJsonDocument::fromJson(ShowLogExport::toJson(*entries)).object();
        const QJsonArray jsonStreams = json.value(QStringLiteral("streams")).toArray();
        QCOMPARE(jsonStreams.size(), 2);
        QCOMPARE(jsonStreams.at(1).toObject().value(QStringLiteral("chapters")).toArray().size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestShowController)
#include "tst_showcontroller.moc"
