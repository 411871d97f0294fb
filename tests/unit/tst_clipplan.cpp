// SPDX-License-Identifier: GPL-2.0-or-later
// Issue 11 item 7, the pure parts: the chapters of a recording from the show log (recording
// time), the cut points of one clip per product (keyframes), and the clips' file names.
#include "output/ClipPlan.h"
#include "output/RemuxJob.h"
#include "show/ShowLogExport.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace pinstage;

namespace {

ShowLogEntry entry(qint64 t, const QString& event, QJsonObject fields = {}, int line = 0)
{
    fields.insert(QStringLiteral("t_ms"), t);
    fields.insert(QStringLiteral("event"), event);
    ShowLogEntry e;
    e.line = line;
    e.tMs = t;
    e.event = event;
    e.fields = fields;
    return e;
}

ShowLogEntry pinAt(qint64 t, const QString& code, const QString& title, qint64 recMs = -1)
{
    QJsonObject f { { "code", code }, { "sku", code }, { "title", title } };
    if (recMs >= 0)
        f.insert(QStringLiteral("rec_ms"), recMs);
    return entry(t, QStringLiteral("pin"), f);
}

ShowChapter chapter(qint64 start, const QString& title, const QString& code = {})
{
    return { start, title, code, code };
}

} // namespace

class tst_ClipPlan : public QObject {
    Q_OBJECT

private slots:
    void recordingChaptersUseTheRecordingClock();
    void recordingChaptersStartWithWhatWasOnAir();
    void recordingChaptersOfTheRightRecording();
    void recordingChaptersWithoutARecording();
    void cutsSnapToTheNearestKeyframe();
    void cutsSkipTheIntroAndEmptyClips();
    void cutsNameDuplicatesUniquely();
    void fileNames_data();
    void fileNames();
    void fileNamesAreUniqueWithoutCase();
    void badInputNamesTheFile();
};

void tst_ClipPlan::recordingChaptersUseTheRecordingClock()
{
    // Live at 0, the recording started 2.5 s later: rec_ms is what counts.
    const QList<ShowLogEntry> entries { entry(0, QStringLiteral("live")),
        entry(2500, QStringLiteral("recording_started"), { { "file", "/v/show.mkv" }, { "rec_ms", 0 } }),
        pinAt(5000, QStringLiteral("A-1"), QStringLiteral("Mug"), 2480),
        pinAt(20000, QStringLiteral("B-2"), QStringLiteral("Candle"), 17490),
        // No rec_ms (an old log): the show time since recording_started.
        pinAt(40000, QStringLiteral("C-3"), QStringLiteral("Roller")),
        entry(60000, QStringLiteral("recording_stopped"), { { "file", "/v/show.mkv" } }) };
    QString error;
    const QList<ShowChapter> list = ShowLogExport::recordingChapters(
        entries, QStringLiteral("/v/show.mkv"), 1000, QStringLiteral("Intro"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(list.size(), 4);
    QCOMPARE(list.at(0).title, QStringLiteral("Intro"));
    QCOMPARE(list.at(0).startMs, 0);
    QVERIFY(list.at(0).code.isEmpty());
    QCOMPARE(list.at(1).startMs, 2480);
    QCOMPARE(list.at(1).title, QStringLiteral("Mug"));
    QCOMPARE(list.at(1).sku, QStringLiteral("A-1"));
    QCOMPARE(list.at(2).startMs, 17490);
    QCOMPARE(list.at(3).startMs, 37500);
    QCOMPARE(list.at(3).title, QStringLiteral("Roller"));
}

void tst_ClipPlan::recordingChaptersStartWithWhatWasOnAir()
{
    // The mug was pinned before the recording started: the recording opens on it, no intro.
    const QList<ShowLogEntry> entries { entry(0, QStringLiteral("live")),
        pinAt(100, QStringLiteral("A-1"), QStringLiteral("Mug")),
        entry(900, QStringLiteral("recording_started"), { { "file", "show.mkv" } }),
        pinAt(10900, QStringLiteral("B-2"), QStringLiteral("Candle"), 10000),
        // A pin corrected at once (300 ms on air) gives way to the next one.
        pinAt(20900, QStringLiteral("C-3"), QStringLiteral("Wrong"), 20000),
        pinAt(21200, QStringLiteral("D-4"), QStringLiteral("Right"), 20300), entry(40900, QStringLiteral("unpin")) };
    const QList<ShowChapter> list = ShowLogExport::recordingChapters(entries, QStringLiteral("show.mkv"));
    QCOMPARE(list.size(), 3);
    QCOMPARE(list.at(0).title, QStringLiteral("Mug"));
    QCOMPARE(list.at(0).code, QStringLiteral("A-1"));
    QCOMPARE(list.at(1).title, QStringLiteral("Candle"));
    QCOMPARE(list.at(2).title, QStringLiteral("Right"));
    QCOMPARE(list.at(2).code, QStringLiteral("D-4"));
    QCOMPARE(list.at(2).startMs, 20000);
}

void tst_ClipPlan::recordingChaptersOfTheRightRecording()
{
    // A resumed run records into show-2.mkv: its chapters are its own, on its own clock.
    const QList<ShowLogEntry> entries { entry(0, QStringLiteral("recording_started"), { { "file", "/v/show.mkv" } }),
        pinAt(0, QStringLiteral("A-1"), QStringLiteral("Mug"), 0),
        pinAt(15000, QStringLiteral("B-2"), QStringLiteral("Candle"), 15000),
        entry(29000, QStringLiteral("stock"), { { "rec_ms", 29000 } }), // then the app crashed
        entry(30000, QStringLiteral("resumed")),
        entry(30000, QStringLiteral("recording_started"), { { "file", "/v/show-2.mkv" }, { "rec_ms", 0 } }),
        pinAt(31000, QStringLiteral("C-3"), QStringLiteral("Roller"), 1000),
        entry(50000, QStringLiteral("recording_stopped"), { { "file", "/v/show-2.mkv" } }) };
    const QList<ShowChapter> first = ShowLogExport::recordingChapters(entries, QStringLiteral("/v/show.mkv"));
    QCOMPARE(first.size(), 2);
    QCOMPARE(first.at(1).title, QStringLiteral("Candle"));
    const QList<ShowChapter> second = ShowLogExport::recordingChapters(entries, QStringLiteral("/v/show-2.mkv"));
    QCOMPARE(second.size(), 2);
    QCOMPARE(second.at(0).title, QStringLiteral("Intro"));
    QCOMPARE(second.at(1).title, QStringLiteral("Roller"));
    QCOMPARE(second.at(1).startMs, 1000);
}

void tst_ClipPlan::recordingChaptersWithoutARecording()
{
    QString error;
    const QList<ShowLogEntry> entries { entry(0, QStringLiteral("live")),
        pinAt(100, QStringLiteral("A-1"), QStringLiteral("Mug")) };
    QVERIFY(ShowLogExport::recordingChapters(entries, QStringLiteral("/v/x.mkv"), 1000, QStringLiteral("Intro"), &error)
                .isEmpty());
    QVERIFY2(error.contains(QStringLiteral("x.mkv")), qPrintable(error));
}

void tst_ClipPlan::cutsSnapToTheNearestKeyframe()
{
    const QList<ShowChapter> chapters { chapter(0, QStringLiteral("Mug"), QStringLiteral("A-1")),
        chapter(5009, QStringLiteral("Candle"), QStringLiteral("B-2")),
        chapter(9600, QStringLiteral("Roller"), QStringLiteral("C-3")) };
    QList<qint64> keyframes;
    for (qint64 t = 0; t < 14000; t += 1000)
        keyframes.append(t);
    const QList<ClipCut> cuts = ClipPlan::cuts(chapters, keyframes, 14166);
    QCOMPARE(cuts.size(), 3);
    QCOMPARE(cuts.at(0).startMs, 0);
    QCOMPARE(cuts.at(0).endMs, 5000);
    QCOMPARE(cuts.at(1).startMs, 5000);
    QCOMPARE(cuts.at(1).endMs, 10000); // 9600 is nearer 10000
    QCOMPARE(cuts.at(2).startMs, 10000);
    QCOMPARE(cuts.at(2).endMs, 14166); // the end of the recording
    QCOMPARE(cuts.at(2).fileName, QStringLiteral("roller-c-3.mp4"));
    // Every clip within one keyframe interval (1 s) of its chapter's length.
    const QList<qint64> lengths { 5009, 9600 - 5009, 14166 - 9600 };
    for (int i = 0; i < cuts.size(); ++i)
        QVERIFY(std::abs((cuts.at(i).endMs - cuts.at(i).startMs) - lengths.at(i)) <= 1000);
}

void tst_ClipPlan::cutsSkipTheIntroAndEmptyClips()
{
    const QList<ShowChapter> chapters { chapter(0, QStringLiteral("Intro")),
        chapter(3000, QStringLiteral("Mug"), QStringLiteral("A-1")),
        chapter(6100, QStringLiteral("Blink"), QStringLiteral("B-2")), // 300 ms between two keyframes' midpoints
        chapter(6400, QStringLiteral("Candle"), QStringLiteral("C-3")) };
    const QList<ClipCut> cuts = ClipPlan::cuts(chapters, { 0, 2000, 4000, 6000, 8000 }, 9000);
    QCOMPARE(cuts.size(), 2);
    QCOMPARE(cuts.at(0).title, QStringLiteral("Mug"));
    QCOMPARE(cuts.at(0).startMs, 2000); // 3000 is as near 2000 as 4000: the earlier one
    QCOMPARE(cuts.at(0).endMs, 6000);
    QCOMPARE(cuts.at(1).title, QStringLiteral("Candle"));
    QCOMPARE(cuts.at(1).startMs, 6000);
    QCOMPARE(cuts.at(1).endMs, 9000);
    // No keyframes known: the recording's start and end are the only cut points.
    QCOMPARE(ClipPlan::cuts(chapters, {}, 9000).size(), 1);
    QVERIFY(ClipPlan::cuts({ chapter(0, QStringLiteral("Intro")) }, { 0, 1000 }, 2000).isEmpty());
}

void tst_ClipPlan::cutsNameDuplicatesUniquely()
{
    // The same product taken to air twice, and two products with the same title and SKU slug.
    const QList<ShowChapter> chapters { chapter(0, QStringLiteral("Mug"), QStringLiteral("A-1")),
        chapter(10000, QStringLiteral("Candle"), QStringLiteral("B-2")),
        chapter(20000, QStringLiteral("Mug"), QStringLiteral("A-1")),
        chapter(30000, QStringLiteral("Mug!"), QStringLiteral("A 1")) };
    const QList<ClipCut> cuts = ClipPlan::cuts(chapters, { 0, 10000, 20000, 30000 }, 40000);
    QCOMPARE(cuts.size(), 4);
    QCOMPARE(cuts.at(0).fileName, QStringLiteral("mug-a-1.mp4"));
    QCOMPARE(cuts.at(1).fileName, QStringLiteral("candle-b-2.mp4"));
    QCOMPARE(cuts.at(2).fileName, QStringLiteral("mug-a-1-2.mp4"));
    QCOMPARE(cuts.at(3).fileName, QStringLiteral("mug-a-1-3.mp4"));
}

void tst_ClipPlan::fileNames_data()
{
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("sku");
    QTest::addColumn<QString>("expected");
    QTest::newRow("latin") << QStringLiteral("Speckled Stoneware Mug") << QStringLiteral("PS-1001")
                           << QStringLiteral("speckled-stoneware-mug-ps-1001.mp4");
    QTest::newRow("punctuation") << QStringLiteral("Lavender & Cedar – Soy Candle (8 oz)") << QStringLiteral("PS/1002")
                                 << QStringLiteral("lavender-cedar-soy-candle-8-oz-ps-1002.mp4");
    QTest::newRow("path characters") << QStringLiteral("../../etc/passwd\\C:*?\"<>|") << QStringLiteral("X")
                                     << QStringLiteral("etc-passwd-c-x.mp4");
    QTest::newRow("emoji") << QStringLiteral("🔥 Hot deal 🔥 Mug") << QStringLiteral("M1")
                           << QStringLiteral("hot-deal-mug-m1.mp4");
    QTest::newRow("only emoji") << QStringLiteral("🔥🔥") << QString() << QStringLiteral("clip.mp4");
    // Arabic (right to left) with its vowel marks, a bidi mark around it.
    QTest::newRow("arabic") << QStringLiteral("\u200Fكُوب خزفي\u200F") << QStringLiteral("AR-1")
                            << QStringLiteral("كُوب-خزفي-ar-1.mp4");
    QTest::newRow("hebrew") << QStringLiteral("ספל קרמיקה") << QStringLiteral("HE-2")
                            << QStringLiteral("ספל-קרמיקה-he-2.mp4");
    QTest::newRow("cjk full width") << QStringLiteral("陶器マグカップ ＡＢＣ") << QStringLiteral("JP-3")
                                    << QStringLiteral("陶器マグカップ-abc-jp-3.mp4");
    QTest::newRow("sku already in the title")
        << QStringLiteral("Mug PS-1") << QStringLiteral("PS-1") << QStringLiteral("mug-ps-1.mp4");
}

void tst_ClipPlan::fileNames()
{
    QFETCH(QString, title);
    QFETCH(QString, sku);
    QFETCH(QString, expected);
    QSet<QString> taken;
    const QString name = ClipPlan::fileName(title, sku, &taken);
    QCOMPARE(name, expected);
    for (const QChar c : { QLatin1Char('/'), QLatin1Char('\\'), QLatin1Char(':'), QLatin1Char('*'), QLatin1Char('?'),
             QLatin1Char('"'), QLatin1Char('<'), QLatin1Char('>'), QLatin1Char('|') })
        QVERIFY(!name.contains(c));
    QVERIFY(!name.startsWith(QLatin1Char('.')) && !name.startsWith(QLatin1Char('-')));
}

void tst_ClipPlan::fileNamesAreUniqueWithoutCase()
{
    QSet<QString> taken;
    // A very long title: cut to 60 characters, the SKU kept whole, well under 255 bytes.
    const QString longTitle = QString(QStringLiteral("Extra long handmade ceramic coffee mug ")).repeated(20);
    const QString a = ClipPlan::fileName(longTitle, QStringLiteral("LONG-1"), &taken);
    QVERIFY2(a.endsWith(QStringLiteral("-long-1.mp4")), qPrintable(a));
    QVERIFY(a.size() <= 60 + 1 + 6 + 4);
    QVERIFY(a.toUtf8().size() < 255);
    const QString cjk = ClipPlan::fileName(QString(QStringLiteral("陶")).repeated(300), QStringLiteral("J"), &taken);
    QVERIFY(cjk.toUtf8().size() < 255);
    QCOMPARE(ClipPlan::fileName(QStringLiteral("MUG"), QStringLiteral("A"), &taken), QStringLiteral("mug-a.mp4"));
    QCOMPARE(ClipPlan::fileName(QStringLiteral("mug"), QStringLiteral("a"), &taken), QStringLiteral("mug-a-2.mp4"));
    QCOMPARE(ClipPlan::fileName(QStringLiteral("Mug"), QStringLiteral("A"), &taken), QStringLiteral("mug-a-3.mp4"));
}

void tst_ClipPlan::badInputNamesTheFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // A missing recording.
    RemuxRequest request;
    request.recording = dir.filePath(QStringLiteral("missing.mkv"));
    RemuxResult result = RemuxJob::run(request);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(QStringLiteral("missing.mkv")), qPrintable(result.error));

    // A recording that is not a video.
    const QString notVideo = dir.filePath(QStringLiteral("notes.mkv"));
    {
        QFile f(notVideo);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a video at all\n");
    }
    // A show log with a broken line: the error names the file and the line.
    const QString log = dir.filePath(QStringLiteral("show.jsonl"));
    {
        QFile f(log);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"t_ms":0,"event":"recording_started","file":"notes.mkv"})"
                "\n{broken\n"
                R"({"t_ms":10,"event":"pin","code":"A"})"
                "\n");
    }
    request.recording = notVideo;
    request.showLog = log;
    request.remux = false;
    request.clips = true;
    result = RemuxJob::run(request);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(QStringLiteral("show.jsonl:2")), qPrintable(result.error));

    // A log without products: no chapters, said naming the log.
    {
        QFile f(log);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(R"({"t_ms":0,"event":"live"})"
                "\n");
    }
    result = RemuxJob::run(request);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(QStringLiteral("show.jsonl")) && result.error.contains(QStringLiteral("recording")),
        qPrintable(result.error));

    // The log is fine, the recording is not a video: named.
    {
        QFile f(log);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(R"({"t_ms":0,"event":"recording_started","file":"notes.mkv"})"
                "\n"
                R"({"t_ms":10,"event":"pin","code":"A","title":"Mug"})"
                "\n"
                R"({"t_ms":5000,"event":"unpin","code":"A"})"
                "\n");
    }
    result = RemuxJob::run(request);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(QStringLiteral("notes.mkv")), qPrintable(result.error));
}

QTEST_GUILESS_MAIN(tst_ClipPlan)
#include "tst_clipplan.moc"
