// SPDX-License-Identifier: GPL-2.0-or-later
// The run of show (issue 10): queue, On air / Next up, take, unpin, sale, skip, auto-advance and
// resume, under a manual clock, with a real catalog database, the real show controller and show
// log, and fake outputs and card stage (the real ones are exercised by the integration tests).
#include "ManualClock.h"
#include "ShowFakes.h"
#include "ShowLogEvents.h"

#include "catalog/Catalog.h"
#include "catalog/CatalogImporter.h"
#include "output/ShowOutputs.h"
#include "show/CardStage.h"
#include "show/RunOfShow.h"
#include "show/ShowBook.h"
#include "show/ShowController.h"
#include "show/ShowLog.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace pinstage;
using namespace pinstage::test;

namespace {

class FakeOutputs final : public ShowOutputs {
public:
    bool streaming = false;
    bool startStream(const StreamTarget&, QString*) override
    {
        streaming = true;
        return true;
    }
    void stopStream() override { }
    bool isStreaming() const override { return streaming; }
    bool startRecording(const QString&, QString*) override { return true; }
    void stopRecording() override { }
    bool isRecording() const override { return false; }
    OutputStats snapshot() const override { return {}; }
    void setReconnectPolicy(int, int) override { }
    void connected() { emit streamStarted(); }
};

/// Answers every request at once with a card of the code's product.
class FakeCards final : public CardStage {
public:
    QStringList stagedCodes; // codes, in order
    int clears = 0;
    QList<std::optional<CountdownPainter::Face>> countdowns;
    void stage(quint64 request, const QString& code, const QDateTime&) override
    {
        stagedCodes.append(code);
        emit staged(request, test::echoVariant(code), QStringLiteral("$25.00"));
    }
    void clear() override { ++clears; }
    void setCountdown(const std::optional<CountdownPainter::Face>& face) override { countdowns.append(face); }
};

const QByteArray shop = "Handle,Title,Variant SKU,Variant Price\n"
                        "a,Product A,A,10.00\n"
                        "b,Product B,B,11.00\n"
                        "c,Product C,C,12.00\n"
                        "d,Product D,D,13.00\n";

QueueItem card(const char* code, std::optional<int> saleSeconds = std::nullopt)
{
    QueueItem item;
    item.code = QString::fromLatin1(code);
    item.saleSeconds = saleSeconds;
    return item;
}

} // namespace

class TestRunOfShow : public QObject {
    Q_OBJECT

    /// One process's worth of engine over a catalog file: what a crash throws away.
    struct Session {
        test::ManualClock clock;
        FakeOutputs outputs;
        FakeCards cards;
        std::unique_ptr<Catalog> catalog;
        std::unique_ptr<ShowLog> log;
        std::unique_ptr<ShowController> show;
        std::unique_ptr<RunOfShow> run;

        explicit Session(const QTemporaryDir& dir)
        {
            QString error;
            catalog = Catalog::open(Catalog::pathInDataDir(dir.path()), &error);
            QVERIFY2(catalog, qPrintable(error));
            ShowController** self = &showPtr;
            log = std::make_unique<ShowLog>(
                dir.filePath(QStringLiteral("shows")), [self] { return *self ? (*self)->logTimeMs() : 0; }, clock);
            show = std::make_unique<ShowController>(outputs, cards, clock, log.get());
            showPtr = show.get();
            run = std::make_unique<RunOfShow>(*catalog, *show, clock);
            run->setShowLog(log.get());
        }
        /// The code of the queue item ID (empty for none).
        QString code(std::optional<qint64> id) const
        {
            const auto item = id ? run->item(*id) : std::nullopt;
            return item ? item->code : QString();
        }
        QStringList queueCodes() const
        {
            QStringList codes;
            for (const QueueItem& item : run->queue())
                codes.append(item.code);
            return codes;
        }
        QString cardUp() const { return show->card() ? show->card()->sku : QString(); }

    private:
        ShowController* showPtr = nullptr;
    };

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Session> m_session;

    /// A fresh catalog with products A-D and the show "Friday" queued as ITEMS; opened.
    Session& openShow(const QList<QueueItem>& items, bool rehearsal = false)
    {
        m_session.reset();
        m_dir = std::make_unique<QTemporaryDir>();
        m_session = std::make_unique<Session>(*m_dir);
        Session& s = *m_session;
        if (!s.catalog)
            return s;
        if (!CatalogImporter(*s.catalog).importData(shop, QStringLiteral("shop.csv"), {}).succeeded())
            qFatal("cannot import the test shop");
        ShowBook book(*s.catalog);
        if (!book.create(QStringLiteral("Friday"), items))
            qFatal("%s", qPrintable(book.error()));
        QString error;
        if (!s.run->open(QStringLiteral("Friday"), rehearsal, &error))
            qFatal("%s", qPrintable(error));
        return s;
    }

    /// The run as another connection sees it: what is on disk.
    ShowRun storedRun()
    {
        QString error;
        const auto other = Catalog::open(Catalog::pathInDataDir(m_dir->path()), &error);
        if (!other)
            return {};
        const auto show = ShowBook(*other).byName(QStringLiteral("Friday"));
        return show ? ShowBook(*other).latestRun(show->id).value_or(ShowRun {}) : ShowRun {};
    }

private slots:
    void runEndedIsStampedAtTheShowsEnd()
    {
        // Events written after the show's end (closing the run) sit at the end of the show's
        // timeline, not at 0: the post-show review sorts by t_ms.
        Session& s = openShow({ card("A"), card("B") });
        QString error;
        QVERIFY2(s.show->startRehearsal(&error), qPrintable(error));
        s.clock.advance(2500);
        QVERIFY2(s.run->take(&error), qPrintable(error));
        s.clock.advance(4000);
        s.show->endShow();
        s.clock.advance(9000); // the producer closes the run later
        s.run->close();
        const auto events = readShowLog(s.log->filePath());
        QCOMPARE(events.last().value(QStringLiteral("event")).toString(), QStringLiteral("run_ended"));
        QCOMPARE(events.last().value(QStringLiteral("t_ms")).toInteger(), 6500);
        for (const QJsonObject& e : events)
            QVERIFY(e.value(QStringLiteral("t_ms")).toInteger() <= 6500);
    }

    void openPutsTheFirstCardNextUp()
    {
        Session& s = openShow({ card("A"), card("B"), card("C") });
        QVERIFY(s.run->isOpen());
        QVERIFY(!s.run->isRehearsal());
        QCOMPARE(s.run->onAirItem(), std::nullopt);
        QCOMPARE(s.code(s.run->nextUpItem()), QStringLiteral("A"));
        const ShowRun stored = storedRun();
        QVERIFY(stored.id > 0);
        QVERIFY(stored.endedAt.isEmpty());
        QCOMPARE(stored.nextUpItem, s.run->nextUpItem());
        QCOMPARE(stored.logFile, s.log->filePath());
        const auto events = readShowLog(s.log->filePath());
        QCOMPARE(eventNames(events), QStringList { QStringLiteral("run_started") });
        QCOMPARE(events.first().value(QStringLiteral("show")).toString(), QStringLiteral("Friday"));
        QCOMPARE(events.first().value(QStringLiteral("rehearsal")).toBool(), false);
        QString error;
        QVERIFY(!s.run->open(QStringLiteral("Friday"), false, &error));
        QVERIFY2(error.contains(QLatin1String("'Friday' is open already")), qPrintable(error));
        RunOfShow other(*s.catalog, *s.show, s.clock);
        QVERIFY(!other.open(QStringLiteral("Saturday"), false, &error));
        QVERIFY2(error.contains(QLatin1String("no show named 'Saturday'")), qPrintable(error));
    }

    void takeWhileSomethingIsOnAir()
    {
        Session& s = openShow({ card("A"), card("B"), card("C") });
        QSignalSpy cues(s.run.get(), &RunOfShow::cueChanged);
        QString error;
        QVERIFY2(s.run->take(&error), qPrintable(error));
        QCOMPARE(s.code(s.run->onAirItem()), QStringLiteral("A"));
        QCOMPARE(s.code(s.run->nextUpItem()), QStringLiteral("B"));
        QCOMPARE(s.cardUp(), QStringLiteral("A"));
        QCOMPARE(storedRun().onAirItem, s.run->onAirItem()); // on disk before take() returned
        s.clock.advance(4000);
        QVERIFY(s.run->take(&error));
        QCOMPARE(s.code(s.run->onAirItem()), QStringLiteral("B"));
        QCOMPARE(s.code(s.run->nextUpItem()), QStringLiteral("C"));
        QCOMPARE(s.cardUp(), QStringLiteral("B"));
        QCOMPARE(s.cards.stagedCodes, QStringList({ "A", "B" }));
        QCOMPARE(s.cards.clears, 0); // replaced, never taken down in between
        QCOMPARE(cues.count(), 2);
        const ShowRun stored = storedRun();
        QCOMPARE(stored.onAirItem, s.run->onAirItem());
        QCOMPARE(stored.nextUpItem, s.run->nextUpItem());
        QCOMPARE(stored.onAirMs, 0);
        QStringList takes;
        for (const QJsonObject& e : readShowLog(s.log->filePath())) {
            if (e.value(QStringLiteral("event")).toString() == QLatin1String("take"))
                takes.append(e.value(QStringLiteral("code")).toString());
        }
        QCOMPARE(takes, QStringList({ "A", "B" }));
    }

    void beforePinSeesTheItemBeforeItsCardIsStaged()
    {
        QueueItem b = card("B");
        b.templateName = QStringLiteral("spotlight");
        Session& s = openShow({ card("A"), b });
        QStringList seen; // "code:template:cards staged so far" at each call
        s.run->setBeforePin([&](const QueueItem& item) {
            seen.append(QStringLiteral("%1:%2:%3").arg(item.code, item.templateName).arg(s.cards.stagedCodes.size()));
        });
        QString error;
        QVERIFY2(s.run->take(&error), qPrintable(error));
        QVERIFY2(s.run->take(&error), qPrintable(error));
        QCOMPARE(seen, QStringList({ "A::0", "B:spotlight:1" }));
        QCOMPARE(s.cards.stagedCodes, QStringList({ "A", "B" }));
    }

    void takeAtTheEndOfTheQueue()
    {
        Session& s = openShow({ card("A"), card("B") });
        QString error;
        QVERIFY(s.run->take(&error));
        QVERIFY(s.run->take(&error));
        QCOMPARE(s.run->nextUpItem(), std::nullopt);
        const auto onAir = s.run->onAirItem();
        QSignalSpy cues(s.run.get(), &RunOfShow::cueChanged);
        QVERIFY(!s.run->take(&error));
        QCOMPARE(error, QStringLiteral("show 'Friday': the end of the queue is reached; nothing is up next"));
        QCOMPARE(s.run->onAirItem(), onAir);
        QCOMPARE(s.cardUp(), QStringLiteral("B"));
        QCOMPARE(cues.count(), 0);
        QVERIFY(!s.run->skip(&error));
        QVERIFY2(error.contains(QLatin1String("nothing to skip")), qPrintable(error));
        // A card added at the end becomes Next up.
        QVERIFY2(s.run->add(card("C"), 0, &error), qPrintable(error));
        QCOMPARE(s.code(s.run->nextUpItem()), QStringLiteral("C"));
        QCOMPARE(storedRun().nextUpItem, s.run->nextUpItem());
        QVERIFY(s.run->take(&error));
        QCOMPARE(s.cardUp(), QStringLiteral("C"));
        // A bad code is refused with its place named, and nothing changes.
        QVERIFY(!s.run->add(card("NOPE"), 2, &error));
        QCOMPARE(error,
            QStringLiteral("show 'Friday': queue position 2: 'NOPE' is not a SKU, barcode or pin code in the catalog"));
        QCOMPARE(s.queueCodes(), QStringList({ "A", "B", "C" }));
    }

    void saleStartsWithItsCardAndEndsWhileUnpinned()
    {
        Session& s = openShow({ card("A", 10), card("B") });
        QString error;
        QVERIFY(s.run->take(&error));
        QVERIFY(s.show->flashSale());
        QCOMPARE(s.show->flashSale()->remainingSeconds, 10);
        s.clock.advance(3000);
        QCOMPARE(s.show->flashSale()->remainingSeconds, 7);
        ShowRun stored = storedRun();
        QCOMPARE(stored.saleItem, s.run->onAirItem());
        QCOMPARE(stored.saleSeconds, 10);
        QCOMPARE(stored.saleLeftMs, 7000); // stored every half second
        QCOMPARE(stored.onAirMs, 3000);
        s.clock.advance(500);
        QCOMPARE(storedRun().saleLeftMs, 6500);
        s.run->unpin();
        QCOMPARE(s.run->onAirItem(), std::nullopt);
        QCOMPARE(s.code(s.run->nextUpItem()), QStringLiteral("B")); // Next up stays
        QCOMPARE(s.cardUp(), QString());
        QVERIFY(!s.show->flashSale());
        s.clock.advance(20'000); // past the sale's end: it ended with its card, nothing more happens
        QVERIFY(!s.show->flashSale());
        stored = storedRun();
        QCOMPARE(stored.onAirItem, std::nullopt);
        QCOMPARE(stored.saleItem, std::nullopt);
        QCOMPARE(stored.saleLeftMs, 0);
        QStringList ends;
        for (const QJsonObject& e : readShowLog(s.log->filePath())) {
            if (e.value(QStringLiteral("event")).toString() == QLatin1String("flash_sale_ended"))
                ends.append(e.value(QStringLiteral("reason")).toString());
        }
        QCOMPARE(ends, QStringList { QStringLiteral("unpinned") });
        // Start sale needs a card on air.
        QVERIFY(!s.run->startSale(30, &error));
        QVERIFY2(error.contains(QLatin1String("no card is on air")), qPrintable(error));
        QVERIFY(s.run->take(&error));
        QVERIFY2(s.run->startSale(30, &error), qPrintable(error));
        QCOMPARE(s.show->flashSale()->durationSeconds, 30);
        QCOMPARE(storedRun().saleSeconds, 30);
        s.clock.advance(31'000);
        QVERIFY(s.show->flashSale()->ended);
        QVERIFY(storedRun().saleEnded);
    }

    void saleOfASoldOutCardIsRefusedWithItsReason()
    {
        // The queue's stock figure for B is 0, C's stock drops to 0 while it is on air: a sale of
        // either sells nothing, so Start sale says why (naming the card) unless asked to anyway.
        QueueItem soldOut = card("B");
        soldOut.stock = 0;
        Session& s = openShow({ card("A"), soldOut, card("C") });
        QString error;
        QVERIFY(s.run->take(&error)); // A: stock not tracked, a sale can sell
        QVERIFY(s.run->soldOutReason().isEmpty());
        QVERIFY(s.run->take(&error)); // B
        QCOMPARE(s.cardUp(), QStringLiteral("B"));
        const QString reason = s.run->soldOutReason();
        QVERIFY2(reason.contains(QLatin1String("sold out")) && reason.contains(QLatin1String("position 2 ('B')")),
            qPrintable(reason));
        error.clear();
        QVERIFY(!s.run->startSale(30, &error));
        QCOMPARE(error, reason);
        QVERIFY(!s.show->flashSale());
        QCOMPARE(storedRun().saleItem, std::nullopt);
        QVERIFY2(s.run->startSale(30, &error, true), qPrintable(error));
        QVERIFY(s.show->flashSale());
        QCOMPARE(s.show->flashSale()->code, QStringLiteral("B"));
        // C sells out while on air (a live stock change).
        QVERIFY(s.run->take(&error));
        QVERIFY(s.run->soldOutReason().isEmpty());
        QVERIFY(s.show->setStock(QStringLiteral("C"), 0, &error));
        QVERIFY2(s.run->soldOutReason().contains(QLatin1String("('C')")), qPrintable(s.run->soldOutReason()));
        QVERIFY(!s.run->startSale(30, &error));
        QVERIFY(s.show->setStock(QStringLiteral("C"), 3, &error)); // restocked: it sells again
        QVERIFY(s.run->soldOutReason().isEmpty());
        QVERIFY2(s.run->startSale(30, &error), qPrintable(error));
    }

    void aPinFromElsewhereTakesTheQueuesCardOffAir()
    {
        // The trial: Take put A on air, then the catalog's "Pin instead" put C up; the run of show
        // still said A was on air while viewers saw C.
        Session& s = openShow({ card("A"), card("B"), card("C") });
        QSignalSpy cues(s.run.get(), &RunOfShow::cueChanged);
        QString error;
        QVERIFY2(s.run->take(&error), qPrintable(error));
        QCOMPARE(s.code(s.run->onAirItem()), QStringLiteral("A"));
        // The same card pinned again (a refresh, a new price): still the queue's card on air.
        s.show->pin(QStringLiteral("A"));
        QCOMPARE(s.cardUp(), QStringLiteral("A"));
        QCOMPARE(s.code(s.run->onAirItem()), QStringLiteral("A"));
        // Another card from the catalog: the queue has nothing on air; Next up stays.
        const int before = cues.count();
        s.show->pin(QStringLiteral("C"));
        QCOMPARE(s.cardUp(), QStringLiteral("C"));
        QCOMPARE(s.run->onAirItem(), std::nullopt);
        QCOMPARE(s.code(s.run->nextUpItem()), QStringLiteral("B"));
        QCOMPARE(cues.count(), before + 1);
        QCOMPARE(storedRun().onAirItem, std::nullopt);
        // Take goes on from the queue as before.
        QVERIFY(s.run->take(&error));
        QCOMPARE(s.code(s.run->onAirItem()), QStringLiteral("B"));
        QCOMPARE(s.cardUp(), QStringLiteral("B"));
    }

    void removingTheCardOnAir()
    {
        Session& s = openShow({ card("A", 60), card("B"), card("C"), card("D") });
        QString error;
        QVERIFY(s.run->take(&error));
        QCOMPARE(s.cardUp(), QStringLiteral("A"));
        QVERIFY2(s.run->remove(1, &error), qPrintable(error));
        QCOMPARE(s.queueCodes(), QStringList({ "B", "C", "D" }));
        QCOMPARE(s.run->onAirItem(), std::nullopt); // taken down with its sale
        QCOMPARE(s.cardUp(), QString());
        QVERIFY(!s.show->flashSale());
        QCOMPARE(s.code(s.run->nextUpItem()), QStringLiteral("B"));
        ShowRun stored = storedRun();
        QCOMPARE(stored.onAirItem, std::nullopt);
        QCOMPARE(stored.saleItem, std::nullopt);
        // Removing Next up: the card that took its place is Next up.
        QVERIFY(s.run->remove(1, &error));
        QCOMPARE(s.code(s.run->nextUpItem()), QStringLiteral("C"));
        QCOMPARE(storedRun().nextUpItem, s.run->nextUpItem());
        // Removing the last card while it is Next up: none.
        QVERIFY(s.run->setNextUp(2, &error));
        QVERIFY(s.run->remove(2, &error));
        QCOMPARE(s.run->nextUpItem(), std::nullopt);
        QVERIFY(!s.run->remove(5, &error));
        QCOMPARE(error, QStringLiteral("show 'Friday': queue position 5 does not exist (the queue has 1 card)"));
    }

    void reorderingWhileOnAir()
    {
        Session& s = openShow({ card("A"), card("B"), card("C"), card("D") });
        QString error;
        QVERIFY(s.run->take(&error));
        const auto onAir = s.run->onAirItem();
        const auto nextUp = s.run->nextUpItem();
        QVERIFY2(s.run->move(4, 1, &error), qPrintable(error));
        QCOMPARE(s.queueCodes(), QStringList({ "D", "A", "B", "C" }));
        QCOMPARE(s.run->onAirItem(), onAir); // the same cards, by id
        QCOMPARE(s.run->nextUpItem(), nextUp);
        QCOMPARE(s.run->positionOf(*onAir), 2);
        QCOMPARE(s.cardUp(), QStringLiteral("A"));
        QVERIFY(s.run->move(3, 2, &error)); // B before A: the card after A is now C
        QCOMPARE(s.queueCodes(), QStringList({ "D", "B", "A", "C" }));
        QCOMPARE(s.code(s.run->nextUpItem()), QStringLiteral("B")); // Next up stays B
        QVERIFY(s.run->take(&error));
        QCOMPARE(s.cardUp(), QStringLiteral("B"));
        QCOMPARE(s.code(s.run->nextUpItem()), QStringLiteral("A")); // the card after B now
        QVERIFY(!s.run->move(0, 2, &error));
        QVERIFY2(error.contains(QLatin1String("the queue has positions 1 to 4")), qPrintable(error));
    }

    void skipAndDuplicate()
    {
        Session& s = openShow({ card("A"), card("B"), card("C") });
        QString error;
        QVERIFY(s.run->take(&error));
        QVERIFY(s.run->skip(&error)); // B skipped: C is up next, B stays in the queue
        QCOMPARE(s.code(s.run->nextUpItem()), QStringLiteral("C"));
        QCOMPARE(s.queueCodes(), QStringList({ "A", "B", "C" }));
        QCOMPARE(storedRun().nextUpItem, s.run->nextUpItem());
        QVERIFY(s.run->take(&error));
        QCOMPARE(s.cardUp(), QStringLiteral("C"));
        QVERIFY2(s.run->duplicate(1, &error), qPrintable(error));
        QCOMPARE(s.queueCodes(), QStringList({ "A", "A", "B", "C" }));
        QVERIFY(s.run->queue().at(0).id != s.run->queue().at(1).id);
        QVERIFY2(s.run->takeAt(2, &error), qPrintable(error));
        QCOMPARE(s.run->positionOf(*s.run->onAirItem()), 2);
        QCOMPARE(s.code(s.run->nextUpItem()), QStringLiteral("B"));
        QueueItem edited = card("D", 45);
        edited.talkingPoints = QStringLiteral("last one");
        QVERIFY2(s.run->update(3, edited, &error), qPrintable(error));
        QCOMPARE(s.run->item(*s.run->nextUpItem())->code, QStringLiteral("D"));
        QCOMPARE(s.run->item(*s.run->nextUpItem())->talkingPoints, QStringLiteral("last one"));
    }

    void autoAdvanceToTheEnd()
    {
        Session& s = openShow({ card("A"), card("B"), card("C") });
        QSignalSpy finished(s.run.get(), &RunOfShow::finished);
        QString error;
        QVERIFY(s.run->take(&error));
        s.run->setAutoAdvance(5);
        QCOMPARE(storedRun().autoAdvanceSeconds, 5);
        s.clock.advance(4999);
        QCOMPARE(s.cardUp(), QStringLiteral("A"));
        s.clock.advance(1);
        QCOMPARE(s.cardUp(), QStringLiteral("B"));
        s.clock.advance(5000);
        QCOMPARE(s.cardUp(), QStringLiteral("C"));
        QCOMPARE(finished.count(), 0);
        s.clock.advance(5000);
        QCOMPARE(finished.count(), 1); // the last card had its 5 s
        QCOMPARE(s.cardUp(), QStringLiteral("C")); // and stays up
        s.clock.advance(20'000);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(s.cards.stagedCodes, QStringList({ "A", "B", "C" }));
    }

    void resumeRestoresQueueCueSaleAndLog()
    {
        Session& first = openShow({ card("A"), card("B", 30), card("C"), card("D") });
        QString error;
        QVERIFY(first.run->take(&error));
        first.run->setAutoAdvance(20);
        QVERIFY(first.run->take(&error)); // B with its 30 s sale
        QVERIFY(first.run->move(4, 1, &error)); // D, A, B, C
        first.clock.advance(7400); // 7 ticks of the sale
        QCOMPARE(first.show->flashSale()->remainingSeconds, 23);
        const QString logFile = first.log->filePath();
        QFile::copy(logFile, m_dir->filePath(QStringLiteral("before.jsonl")));
        const auto onAir = first.run->onAirItem();
        const auto nextUp = first.run->nextUpItem();
        const QStringList queue = first.queueCodes();
        // A crash: no close(), nothing flushed on the way out. A half-written line is left behind.
        m_session.reset();
        {
            QFile log(logFile);
            QVERIFY(log.open(QIODevice::Append));
            log.write("{\"t_ms\": 7400, \"event\": \"pi");
        }

        m_session = std::make_unique<Session>(*m_dir);
        Session& again = *m_session;
        QCOMPARE(again.run->interruptedShow(), std::optional<QString>(QStringLiteral("Friday")));
        QVERIFY2(again.run->resume(QStringLiteral("Friday"), &error), qPrintable(error));
        QCOMPARE(again.queueCodes(), queue);
        QCOMPARE(again.run->onAirItem(), onAir);
        QCOMPARE(again.run->nextUpItem(), nextUp);
        QCOMPARE(again.cardUp(), QStringLiteral("B"));
        QCOMPARE(again.run->autoAdvanceSeconds(), 20);
        QCOMPARE(again.run->onAirSeconds(), 7);
        QVERIFY(again.show->flashSale());
        QCOMPARE(again.show->flashSale()->remainingSeconds, 23); // to the tick
        QCOMPARE(again.show->flashSale()->durationSeconds, 30);
        QCOMPARE(again.log->filePath(), logFile); // the same log, continued
        QVERIFY(!again.run->interruptedShow()); // the open run is this one
        // The log: every whole line from before, then "resumed".
        const QList<QJsonObject> before = readShowLog(m_dir->filePath(QStringLiteral("before.jsonl")));
        const QList<QJsonObject> after = readShowLog(logFile);
        QVERIFY(after.size() > before.size());
        for (int i = 0; i < before.size(); ++i)
            QCOMPARE(after.at(i), before.at(i));
        QCOMPARE(after.at(before.size()).value(QStringLiteral("event")).toString(), QStringLiteral("resumed"));
        QCOMPARE(after.at(before.size()).value(QStringLiteral("sale_left_ms")).toInt(), 23000);
        QCOMPARE(after.at(before.size()).value(QStringLiteral("code")).toString(), QStringLiteral("B"));
        QVERIFY(eventNames(after).contains(QStringLiteral("flash_sale_resumed")));
        // The countdown goes on from there; auto-advance counts the seconds already on air.
        again.clock.advance(12'000);
        QCOMPARE(again.show->flashSale()->remainingSeconds, 11);
        QCOMPARE(again.cardUp(), QStringLiteral("B"));
        again.clock.advance(1000); // 20 s on air in all
        QCOMPARE(again.cardUp(), QStringLiteral("C"));
        // Closed: nothing to resume any more.
        again.run->close();
        QVERIFY(!again.run->interruptedShow());
        QVERIFY(!storedRun().endedAt.isEmpty());
        QVERIFY(!again.run->resume(QStringLiteral("Friday"), &error));
        QVERIFY2(error.contains(QLatin1String("no interrupted run")), qPrintable(error));
    }

    void rehearsalIsMarkedInTheLog()
    {
        Session& s = openShow({ card("A") }, true);
        QVERIFY(s.run->isRehearsal());
        QString error;
        QVERIFY(s.run->take(&error));
        const auto events = readShowLog(s.log->filePath());
        QVERIFY(events.size() >= 3); // run_started, take, pin
        for (const QJsonObject& e : events)
            QVERIFY2(e.value(QStringLiteral("rehearsal")).toBool(), qPrintable(QJsonDocument(e).toJson()));
        QVERIFY(storedRun().rehearsal);
    }
};

QTEST_GUILESS_MAIN(TestRunOfShow)
#include "tst_runofshow.moc"
