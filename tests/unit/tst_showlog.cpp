// SPDX-License-Identifier: GPL-2.0-or-later
#include "show/ShowLog.h"
#include "show/ShowLogExport.h"

#include <QDir>
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
        // The T-shirt came down at 04:08 and the mug went up 12 s later: that time is a chapter.
        QCOMPARE(ShowLogExport::chaptersText(ShowLogExport::chapters(*entries)),
            QStringLiteral("00:00 Intro\n03:12 Example T-Shirt – Blue / M\n04:08 Between products\n"
                           "04:20 Speckled Mug\n06:38 Soy Candle\n"));
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

        // Killed 45 s after Beta's pin, its last line: "resumed" says Beta had been up 45 s, so
        // the part before ended at 85 s, not at its last line (40 s): Beta keeps its 45 s + 8 s.
        const QByteArray quiet = logEvent(0, "live") + pin(50, "A", "Alpha") + pin(40000, "B", "Beta")
            + R"({"t_ms":0,"at":"2026-11-29T20:00:00.000","event":"resumed","code":"B","on_air_ms":45020})"
              "\n"
            + pin(0, "B", "Beta") + logEvent(0, "connecting") + logEvent(400, "live") + pin(8000, "C", "Gamma")
            + logEvent(60000, "stream_stopped");
        const auto quietEntries = ShowLogExport::read(writeLog(dir, quiet, "quiet.jsonl"), &error);
        QVERIFY2(quietEntries, qPrintable(error));
        QCOMPARE(quietEntries->at(3).tMs, 85020); // "resumed"
        QCOMPARE(ShowLogExport::chaptersText(ShowLogExport::chapters(*quietEntries)),
            QStringLiteral("00:00 Alpha\n00:40 Beta\n01:33 Gamma\n"));
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

    void aProductOnAirFromTheStartOpensTheVideo()
    {
        // Taken to air as the stream went live (4 ms after it, as a show's first card is), then a
        // quick run of 5 s cards: the video opens on the first product, not on an "Intro" of 4 ms.
        QTemporaryDir dir;
        const QByteArray quick = logEvent(0, "run_started") + logEvent(0, "live") + pin(4, "A", "Alpha")
            + pin(5004, "B", "Bravo") + pin(10004, "C", "Charlie") + logEvent(15004, "stream_stopped");
        QString error;
        const auto entries = ShowLogExport::read(writeLog(dir, quick), &error);
        QVERIFY2(entries, qPrintable(error));
        QCOMPARE(ShowLogExport::chaptersText(ShowLogExport::chapters(*entries)), QStringLiteral("00:00 Alpha\n"));
        // Staged before going live (pinned while connecting, 1.5 s before the video starts): it is
        // on air from the video's first frame.
        const QByteArray staged = logEvent(0, "connecting") + pin(0, "A", "Alpha") + logEvent(1500, "live")
            + pin(31500, "B", "Bravo") + logEvent(61500, "stream_stopped");
        const auto stagedEntries = ShowLogExport::read(writeLog(dir, staged, "staged.jsonl"), &error);
        QVERIFY2(stagedEntries, qPrintable(error));
        QCOMPARE(ShowLogExport::chaptersText(ShowLogExport::chapters(*stagedEntries)),
            QStringLiteral("00:00 Alpha\n00:30 Bravo\n"));
        // Pinned 3 s after going live: a short intro gives way to it.
        const QByteArray late = logEvent(0, "live") + pin(3000, "A", "Alpha") + pin(8000, "B", "Bravo")
            + pin(13000, "C", "Charlie") + logEvent(60000, "stream_stopped");
        const auto lateEntries = ShowLogExport::read(writeLog(dir, late, "late.jsonl"), &error);
        QVERIFY2(lateEntries, qPrintable(error));
        QCOMPARE(ShowLogExport::chaptersText(ShowLogExport::chapters(*lateEntries)),
            QStringLiteral("00:00 Alpha\n00:13 Charlie\n"));
    }

    void aProductsChapterEndsAtItsUnpin()
    {
        // Alpha up for a minute, 30 s without a card, Bravo for a minute, then 5 s more of stream
        // (the show's end): each product's chapter ends when its card came down.
        QTemporaryDir dir;
        const QByteArray log = logEvent(0, "live") + pin(0, "A", "Alpha") + logEvent(60000, "unpin")
            + pin(90000, "B", "Bravo") + logEvent(150000, "unpin") + logEvent(155000, "stream_stopped");
        QString error;
        const auto entries = ShowLogExport::read(writeLog(dir, log), &error);
        QVERIFY2(entries, qPrintable(error));
        const QList<pinstage::ShowChapter> list = ShowLogExport::chapters(*entries);
        // YouTube's 10 s minimum: the 5 s after Bravo stay in its chapter.
        QCOMPARE(
            ShowLogExport::chaptersText(list), QStringLiteral("00:00 Alpha\n01:00 Between products\n01:30 Bravo\n"));
        QCOMPARE(list.at(0).endMs, 60000);
        QCOMPARE(list.at(1).endMs, 90000);
        QCOMPARE(list.at(2).endMs, 155000);
        QVERIFY(list.at(1).code.isEmpty());
        // A recording (1 s minimum): the 5 s after the last unpin are the outro.
        const QByteArray recorded = logEvent(0, "live")
            + R"({"t_ms":0,"rec_ms":0,"event":"recording_started","file":"/v/show.mkv"})"
              "\n"
            + log.mid(log.indexOf('\n') + 1);
        const auto recordedEntries = ShowLogExport::read(writeLog(dir, recorded, "rec.jsonl"), &error);
        QVERIFY2(recordedEntries, qPrintable(error));
        const QList<pinstage::ShowChapter> inFile = ShowLogExport::recordingChapters(
            *recordedEntries, QStringLiteral("/v/show.mkv"), 1000, QStringLiteral("Intro"), &error, 156200);
        QCOMPARE(inFile.size(), 4);
        QCOMPARE(inFile.at(1).title, QStringLiteral("Between products"));
        QCOMPARE(inFile.at(2).endMs, 150000);
        QCOMPARE(inFile.at(3).title, QStringLiteral("Outro"));
        QCOMPARE(inFile.at(3).startMs, 150000);
        QCOMPARE(inFile.at(3).endMs, 156200); // the recording's length
        // An unpin and a pin at the same moment (a card replaced): no time without a product.
        const QByteArray swap = logEvent(0, "live") + pin(0, "A", "Alpha") + logEvent(30000, "unpin")
            + pin(30000, "B", "Bravo") + logEvent(60000, "stream_stopped");
        const auto swapEntries = ShowLogExport::read(writeLog(dir, swap, "swap.jsonl"), &error);
        QVERIFY2(swapEntries, qPrintable(error));
        QCOMPARE(ShowLogExport::chaptersText(ShowLogExport::chapters(*swapEntries)),
            QStringLiteral("00:00 Alpha\n00:30 Bravo\n"));
    }

    void oneRuleMatchesARecordingWithItsLog_data()
    {
        QTest::addColumn<QString>("logged");
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("match");
        const int none = int(pinstage::RecordingMatch::None);
        const int name = int(pinstage::RecordingMatch::SameName);
        const int same = int(pinstage::RecordingMatch::SameFile);
        QTest::newRow("the recording") << "/v/show.mkv"
                                       << "/v/show.mkv" << same;
        QTest::newRow("its MP4") << "/v/show.mkv"
                                 << "/v/show.mp4" << name;
        QTest::newRow("moved") << "/v/show.mkv"
                               << "/elsewhere/show.mkv" << name;
        QTest::newRow("the MP4 of an MP4 recording") << "/v/show.mp4"
                                                     << "/v/show-chapters.mp4" << name;
        QTest::newRow("a resumed show's second part") << "/v/show.mkv"
                                                      << "/v/show-2.mkv" << none;
        QTest::newRow("the first part, for the second") << "/v/show-2.mkv"
                                                        << "/v/show.mp4" << none;
        QTest::newRow("a longer name") << "/v/show.mkv"
                                       << "/v/show-extra.mp4" << none;
        QTest::newRow("nothing logged") << ""
                                        << "/v/show.mkv" << none;
    }

    void oneRuleMatchesARecordingWithItsLog()
    {
        QFETCH(QString, logged);
        QFETCH(QString, file);
        QFETCH(int, match);
        QCOMPARE(int(ShowLogExport::matchRecording(logged, file)), match);
        // A relative path is the same file as its absolute one.
        QCOMPARE(int(ShowLogExport::matchRecording(QStringLiteral("show.mkv"), QDir::current().filePath("show.mkv"))),
            int(pinstage::RecordingMatch::SameFile));
    }

    void theRecordingItselfWinsOverOneOfTheSameName()
    {
        QTemporaryDir dir;
        // Two recordings of the same name in different folders: the path decides; a name alone
        // finds the first.
        const QByteArray log = logEvent(0, "live")
            + R"({"t_ms":0,"event":"recording_started","file":"/a/show.mkv"})"
              "\n"
            + R"({"t_ms":9000,"event":"recording_started","file":"/b/show.mkv"})"
              "\n";
        QString error;
        const auto entries = ShowLogExport::read(writeLog(dir, log), &error);
        QVERIFY2(entries, qPrintable(error));
        pinstage::RecordingMatch match = pinstage::RecordingMatch::None;
        QCOMPARE(ShowLogExport::recordingStart(*entries, QStringLiteral("/b/show.mkv"), &match), 2);
        QCOMPARE(int(match), int(pinstage::RecordingMatch::SameFile));
        QCOMPARE(ShowLogExport::recordingStart(*entries, QStringLiteral("/c/show.mp4"), &match), 1);
        QCOMPARE(int(match), int(pinstage::RecordingMatch::SameName));
        QCOMPARE(ShowLogExport::recordingStart(*entries, QStringLiteral("/c/other.mp4"), &match), -1);
        QCOMPARE(int(match), int(pinstage::RecordingMatch::None));
        QCOMPARE(ShowLogExport::recordingStart(*entries, QString()), 1);
    }

    void theJsonHasEveryRecordingsChapters()
    {
        // A show killed and resumed: the stream's chapters cover both parts, one after the other;
        // each part's recording has its own, on its own clock.
        QTemporaryDir dir;
        const QByteArray log = logEvent(0, "run_started") + logEvent(0, "live")
            + R"({"t_ms":0,"rec_ms":0,"event":"recording_started","file":"/v/show.mkv"})"
              "\n"
            + pin(10, "A", "Alpha") + pin(40000, "B", "Bravo") + logEvent(70000, "stock") + logEvent(0, "resumed")
            + pin(0, "B", "Bravo") + logEvent(0, "connecting") + logEvent(900, "live")
            + R"({"t_ms":900,"rec_ms":0,"event":"recording_started","file":"/v/show-2.mkv"})"
              "\n"
            + R"({"t_ms":30000,"rec_ms":29100,"event":"pin","code":"C","sku":"C","title":"Charlie"})"
              "\n"
            + R"({"t_ms":60000,"rec_ms":59100,"event":"recording_stopped","file":"/v/show-2.mkv"})"
              "\n";
        QString error;
        const auto entries = ShowLogExport::read(writeLog(dir, log), &error);
        QVERIFY2(entries, qPrintable(error));
        QCOMPARE(ShowLogExport::chaptersText(ShowLogExport::chapters(*entries)),
            QStringLiteral("00:00 Alpha\n00:40 Bravo\n01:40 Charlie\n"));
        const QJsonObject json = QJsonDocument::fromJson(ShowLogExport::toJson(*entries)).object();
        const QJsonArray recordings = json.value(QLatin1String("recordings")).toArray();
        QCOMPARE(recordings.size(), 2);
        QCOMPARE(recordings.at(0).toObject().value(QLatin1String("file")).toString(), QStringLiteral("/v/show.mkv"));
        const QJsonArray first = recordings.at(0).toObject().value(QLatin1String("chapters")).toArray();
        QCOMPARE(first.size(), 2);
        QCOMPARE(first.at(1).toObject().value(QLatin1String("title")).toString(), QStringLiteral("Bravo"));
        QCOMPARE(first.at(1).toObject().value(QLatin1String("start_ms")).toInt(), 40000);
        const QJsonArray second = recordings.at(1).toObject().value(QLatin1String("chapters")).toArray();
        QCOMPARE(second.size(), 2); // Bravo, on air again from the start, then Charlie
        QCOMPARE(second.at(0).toObject().value(QLatin1String("title")).toString(), QStringLiteral("Bravo"));
        QCOMPARE(second.at(1).toObject().value(QLatin1String("start_ms")).toInt(), 29100);
        QCOMPARE(second.at(1).toObject().value(QLatin1String("end_ms")).toInt(), 59100);
        QCOMPARE(
            json.value(QLatin1String("chapters")).toArray().at(2).toObject().value(QLatin1String("sku")).toString(),
            QStringLiteral("C"));
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
