// SPDX-License-Identifier: GPL-2.0-or-later
#include "show/ShowLog.h"
#include "show/ShowLogExport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using pinstage::ShowLog;
namespace ShowLogExport = pinstage::ShowLogExport;

namespace {

/// Writes LINES (one JSON object each) into a file in DIR and returns its path.
QString writeLog(const QTemporaryDir& dir, const QByteArray& lines, const char* name = "show.jsonl")
{
    const QString path = dir.filePath(QString::fromLatin1(name));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write(lines);
    return path;
}

QByteArray pin(qint64 t, const char* code, const char* title, const char* variant = "")
{
    return QByteArray(R"({"t_ms":)") + QByteArray::number(t)
        + R"(,"at":"2026-11-29T20:00:00.000","event":"pin","code":")" + code + R"(","sku":")" + code + R"(","title":")"
        + title + R"(","variant":")" + variant + "\"}\n";
}

QByteArray logEvent(qint64 t, const char* name)
{
    return QByteArray(R"({"t_ms":)") + QByteArray::number(t) + R"(,"at":"2026-11-29T20:00:00.000","event":")" + name
        + "\"}\n";
}

} // namespace

class TestShowLog : public QObject {
    Q_OBJECT

private slots:
    void nothingIsWrittenBeforeTheFirstEvent()
    {
        QTemporaryDir dir;
        ShowLog log(dir.filePath(QStringLiteral("shows")), [] { return 0; });
        QVERIFY(log.filePath().isEmpty());
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("shows"))));
    }

    void eventsAreLinesStampedWithTheStreamClock()
    {
        QTemporaryDir dir;
        qint64 now = 0;
        ShowLog log(dir.filePath(QStringLiteral("shows")), [&now] { return now; });
        QVERIFY(log.append(QStringLiteral("live")));
        now = 4012;
        QVERIFY(log.append(QStringLiteral("pin"), { { QStringLiteral("sku"), QStringLiteral("PS-1001") } }));
        now = 9000;
        QVERIFY(log.append(QStringLiteral("unpin"), { { QStringLiteral("sku"), QStringLiteral("PS-1001") } }));

        // Read while the log is still open: every event is on disk as it happens.
        QFile file(log.filePath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.size(), 4); // three events and the final newline
        QVERIFY(lines.last().isEmpty());
        const QJsonObject pin = QJsonDocument::fromJson(lines.at(1)).object();
        QCOMPARE(pin.value(QStringLiteral("event")).toString(), QStringLiteral("pin"));
        QCOMPARE(pin.value(QStringLiteral("t_ms")).toInteger(), 4012);
        QCOMPARE(pin.value(QStringLiteral("sku")).toString(), QStringLiteral("PS-1001"));
        QVERIFY(QDateTime::fromString(pin.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs).isValid());
        QCOMPARE(QJsonDocument::fromJson(lines.at(2)).object().value(QStringLiteral("t_ms")).toInteger(), 9000);
    }

    void anEventMayCarryItsOwnTime()
    {
        QTemporaryDir dir;
        ShowLog log(dir.filePath(QStringLiteral("shows")), [] { return 0; }); // the clock already stopped
        QVERIFY(log.append(QStringLiteral("stream_stopped"), { { QStringLiteral("t_ms"), 30000 } }));
        QFile file(log.filePath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(file.readLine()).object().value(QStringLiteral("t_ms")).toInteger(), 30000);
    }

    void anUnwritableFolderIsReportedOnceAndTheShowGoesOn()
    {
        QTemporaryDir dir;
        const QString blocker = dir.filePath(QStringLiteral("not-a-folder"));
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly)); // a file where the folder should be
        file.close();
        ShowLog log(blocker + QStringLiteral("/shows"), [] { return 0; });
        QVERIFY(!log.append(QStringLiteral("live")));
        QVERIFY2(log.error().contains(QLatin1String("not-a-folder")), qPrintable(log.error()));
        QVERIFY(!log.append(QStringLiteral("pin")));
    }

    void chaptersFollowTheProductsTakenToAir()
    {
        QTemporaryDir dir;
        // Connecting for 2 s before the stream: the video (and 00:00) starts at "live".
        const QByteArray log = logEvent(0, "connecting") + logEvent(2000, "live")
            + pin(194000, "TS-1", "Example T-Shirt", "Blue / M") + logEvent(250000, "unpin")
            + pin(262000, "MUG-1", "Speckled Mug") + pin(265000, "MUG-1", "Speckled Mug")
            + logEvent(300000, "price_changed") + pin(400000, "CAN-1", "Soy Candle")
            + logEvent(3903000, "stream_stopped");
        QString error;
        const auto entries = ShowLogExport::read(writeLog(dir, log), &error);
        QVERIFY2(entries, qPrintable(error));
        QCOMPARE(entries->size(), 9);
        QCOMPARE(ShowLogExport::videoStartMs(*entries), 2000);
        QCOMPARE(ShowLogExport::chaptersText(ShowLogExport::chapters(*entries)),
            QStringLiteral("00:00 Intro\n03:12 Example T-Shirt – Blue / M\n04:20 Speckled Mug\n"
                           "6:38 Soy Candle\n")
                .replace(QStringLiteral("6:38"), QStringLiteral("06:38")));
    }

    void aResumedRunContinuesTheTimeline()
    {
        QTemporaryDir dir;
        // Killed 70 s into the show; resumed: the stream clock starts again at 0.
        const QByteArray log = logEvent(0, "run_started") + logEvent(0, "live") + pin(50, "A", "Alpha")
            + pin(40000, "B", "Beta") + logEvent(70000, "stock") + logEvent(0, "resumed") + pin(0, "B", "Beta")
            + logEvent(0, "connecting") + logEvent(900, "live") + pin(30000, "C", "Gamma")
            + logEvent(60000, "stream_stopped");
        QString error;
        const auto entries = ShowLogExport::read(writeLog(dir, log), &error);
        QVERIFY2(entries, qPrintable(error));
        QList<qint64> times;
        for (const pinstage::ShowLogEntry& e : *entries)
            times.append(e.tMs);
        QCOMPARE(times, (QList<qint64> { 0, 0, 50, 40000, 70000, 70000, 70000, 70000, 70900, 100000, 130000 }));
        QCOMPARE(entries->at(8).fields.value(QStringLiteral("t_ms")).toInt(), 900); // as written
        QCOMPARE(ShowLogExport::chaptersText(ShowLogExport::chapters(*entries)),
            QStringLiteral("00:00 Alpha\n00:40 Beta\n01:40 Gamma\n"));
    }

    void chaptersAreAtLeastTenSecondsLong()
    {
        QTemporaryDir dir;
        // The first product after 4 s (the intro is too short: the product starts at 00:00), a
        // mistaken pin for 3 s (merged into the next), the same product again around a short
        // one (one chapter), an hour-long show and a last product shown for 5 s (merged back).
        const QByteArray log = logEvent(0, "live") + pin(4000, "A", "Alpha") + pin(60000, "X", "Mistake")
            + pin(63000, "B", "Bravo") + pin(120000, "C", "Charlie") + pin(125000, "B", "Bravo")
            + pin(3700000, "D", "Delta") + pin(3760000, "E", "Echo") + logEvent(3765000, "stream_stopped");
        QString error;
        const auto entries = ShowLogExport::read(writeLog(dir, log), &error);
        QVERIFY2(entries, qPrintable(error));
        QCOMPARE(ShowLogExport::chaptersText(ShowLogExport::chapters(*entries)),
            QStringLiteral("00:00 Alpha\n01:00 Bravo\n1:01:40 Delta\n"));
        // A quick run of products, 3 s each: one chapter, titled with what opened it at 00:00.
        const QByteArray quick = logEvent(0, "live") + pin(0, "A", "Alpha") + pin(3000, "B", "Bravo")
            + pin(6000, "C", "Charlie") + pin(9000, "D", "Delta") + logEvent(12000, "stream_stopped");
        QTemporaryDir quickDir;
        const auto quickEntries = ShowLogExport::read(writeLog(quickDir, quick), &error);
        QVERIFY2(quickEntries, qPrintable(error));
        QCOMPARE(ShowLogExport::chaptersText(ShowLogExport::chapters(*quickEntries)), QStringLiteral("00:00 Alpha\n"));
        // A show that never pinned: one chapter.
        const auto bare = ShowLogExport::read(
            writeLog(dir, logEvent(0, "live") + logEvent(50000, "stream_stopped"), "b.jsonl"), &error);
        QVERIFY(bare);
        QCOMPARE(ShowLogExport::chaptersText(ShowLogExport::chapters(*bare)), QStringLiteral("00:00 Intro\n"));
    }

    void csvAndJsonCarryEveryEvent()
    {
        QTemporaryDir dir;
        const QByteArray log = logEvent(1000, "connecting") + logEvent(3000, "live")
            + pin(65500, "S,1", R"(Salt \"&\" Pepper)") + logEvent(80000, "unpin");
        QString error;
        const auto entries = ShowLogExport::read(writeLog(dir, log), &error);
        QVERIFY2(entries, qPrintable(error));
        const QList<QByteArray> rows = ShowLogExport::toCsv(*entries).split('\n');
        QCOMPARE(rows.at(0), QByteArray("stream_time,t_ms,at,event,title,sku,details\r"));
        QCOMPARE(rows.at(1), QByteArray("-0:00:02.000,1000,2026-11-29T20:00:00.000,connecting,,,\r"));
        QCOMPARE(rows.at(3),
            QByteArray(
                R"(0:01:02.500,65500,2026-11-29T20:00:00.000,pin,"Salt ""&"" Pepper","S,1","{""code"":""S,1"",""variant"":""""}")"
                "\r"));
        QCOMPARE(rows.size(), 6); // header, 4 events, the empty rest after the last CRLF
        const QJsonObject json = QJsonDocument::fromJson(ShowLogExport::toJson(*entries)).object();
        QCOMPARE(json.value(QLatin1String("video_start_ms")).toInt(), 3000);
        QCOMPARE(json.value(QLatin1String("events")).toArray().size(), 4);
        QCOMPARE(
            json.value(QLatin1String("chapters")).toArray().at(1).toObject().value(QLatin1String("time")).toString(),
            QStringLiteral("01:02"));
    }

    void badLogsNameTheLine()
    {
        QTemporaryDir dir;
        QString error;
        QVERIFY(!ShowLogExport::read(
            writeLog(dir, logEvent(0, "live") + "{\"t_ms\":\"soon\",\"event\":\"pin\"}\n" + logEvent(9, "unpin")),
            &error));
        QVERIFY2(
            error.endsWith(QLatin1String("show.jsonl:2: field 't_ms' is missing or not a number")), qPrintable(error));
        QVERIFY(!ShowLogExport::read(writeLog(dir, logEvent(0, "live") + "not json\n" + logEvent(9, "unpin")), &error));
        QVERIFY2(error.contains(QLatin1String("show.jsonl:2: not a JSON object")), qPrintable(error));
        QVERIFY(!ShowLogExport::read(dir.filePath(QStringLiteral("missing.jsonl")), &error));
        QVERIFY2(error.contains(QLatin1String("missing.jsonl: cannot read the show log")), qPrintable(error));
        // Cut short by a crash while writing the last line: everything before it is kept.
        QString warning;
        const auto cut = ShowLogExport::read(
            writeLog(dir, logEvent(0, "live") + pin(5000, "A", "Alpha") + "{\"t_ms\":90", "cut.jsonl"), &error,
            &warning);
        QVERIFY2(cut, qPrintable(error));
        QCOMPARE(cut->size(), 2);
        QVERIFY2(warning.contains(QLatin1String("cut.jsonl:3: the last line is incomplete")), qPrintable(warning));
    }
};

QTEST_GUILESS_MAIN(TestShowLog)
#include "tst_showlog.moc"
