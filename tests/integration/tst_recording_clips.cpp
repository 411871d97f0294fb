// SPDX-License-Identifier: GPL-2.0-or-later
// Issue 11 item 7 end to end: the recording as a finished asset.
//   pinstage --headless --show Clips --auto-advance 5 --stream-url rtmp://127.0.0.1:PORT/live ...
//            --record show.mkv --clips --keyframe-seconds 1
// streamed into a private nginx-rtmp while recording. When it ends the recording is remuxed to
// show.mp4 with one chapter per product (ffprobe -show_chapters: titles, times within 1 s of the
// show log's and of the card changes seen in the frames), show.mkv is kept, and one clip per
// product is cut at keyframes (ffprobe opens each; lengths within one keyframe interval).
// `pinstage show clips` does the same after the fact; bad input is refused naming the file.
#include "DemoShow.h"
#include "HeadlessProcess.h"
#include "HeadlessTestCase.h"
#include "MediaProbe.h"
#include "NginxRtmpServer.h"
#include "TestTempDir.h"
#include "XvfbServer.h"

#include "catalog/Catalog.h"
#include "show/ShowBook.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <memory>

#ifndef PINSTAGE_BINARY
#error "PINSTAGE_BINARY must name the pinstage executable (see tests/integration/CMakeLists.txt)"
#endif

using namespace pinstage;
using namespace pinstage::test;

namespace {

constexpr int kAdvanceSeconds = 5;
/// The show goes on this long after the last card came down (--duration): the trial's "last
/// chapter and clip run about 2 s past the unpin".
constexpr int kAfterLastCardSeconds = 3;
constexpr double kKeyframeSeconds = 1.0;
const QStringList kCodes = { QStringLiteral("PS-1001"), QStringLiteral("PS-1002"), QStringLiteral("PS-1003") };

using Run = ProgramRun;

Run runProgram(const QString& program, const QProcessEnvironment& env, const QString& workDir, const QStringList& args,
    int timeoutMs)
{
    return test::runProgram(program, args, env, workDir, timeoutMs);
}

/// ffprobe's view of FILE: {"format": {"duration"}, "chapters": [...], "streams": [...]}.
QJsonObject ffprobe(const QString& file)
{
    const Run run = runProgram(QStringLiteral("ffprobe"), QProcessEnvironment::systemEnvironment(), QDir::tempPath(),
        { QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-show_chapters"),
            QStringLiteral("-show_format"), QStringLiteral("-show_streams"), QStringLiteral("-of"),
            QStringLiteral("json"), file },
        30000);
    if (run.exitCode != 0)
        return { { QStringLiteral("error"), QString::fromUtf8(run.err) } };
    return QJsonDocument::fromJson(run.out).object();
}

double seconds(const QJsonValue& value)
{
    return value.toString().toDouble();
}

} // namespace

class tst_RecordingClips : public HeadlessTestCase {
    Q_OBJECT
public:
    tst_RecordingClips()
        : HeadlessTestCase(QStringLiteral(PINSTAGE_BINARY))
    {
    }

private slots:
    void recordingBecomesMp4WithChaptersAndClips();

private:
};

void tst_RecordingClips::recordingBecomesMp4WithChaptersAndClips()
{
    TestTempDir dir(QStringLiteral("recordingclips"));
    QVERIFY(dir.isValid());
    const QString dataDir = dir.mkpath(QStringLiteral("data"));
    QString error;
    QStringList titles;
    QVERIFY2(seedDemoShow(dataDir, QStringLiteral("Clips"), queueOf(kCodes), {}, &titles, &error), qPrintable(error));

    QProcessEnvironment env = environment(dir);
    const QString pinstage = QStringLiteral(PINSTAGE_BINARY);

    NginxRtmpServer server;
    QVERIFY2(server.start(&error), qPrintable(error));
    const QString key = randomStreamKey();
    const QString recording = dir.filePath(QStringLiteral("show.mkv"));
    const Run show = runProgram(pinstage, env, dir.path(),
        { QStringLiteral("--headless"), QStringLiteral("--show"), QStringLiteral("Clips"),
            QStringLiteral("--auto-advance"), QString::number(kAdvanceSeconds), QStringLiteral("--duration"),
            QString::number(kCodes.size() * kAdvanceSeconds + kAfterLastCardSeconds), QStringLiteral("--stream-url"),
            server.url(), QStringLiteral("--stream-key"), key, QStringLiteral("--record"), recording,
            QStringLiteral("--clips"), QStringLiteral("--keyframe-seconds"), QString::number(int(kKeyframeSeconds)),
            QStringLiteral("--canvas"), QStringLiteral("360x640"), QStringLiteral("--fps"), QStringLiteral("30"),
            QStringLiteral("--camera"), QStringLiteral("none"), QStringLiteral("--mic"), QStringLiteral("none"),
            QStringLiteral("--data-dir"), dataDir },
        120000);
    server.stop();
    const QString describe = QStringLiteral("--- stdout ---\n%1\n--- stderr ---\n%2")
                                 .arg(QString::fromUtf8(show.out.right(3000)), QString::fromUtf8(show.err.right(3000)));
    QVERIFY2(show.exitCode == 0, qPrintable(describe));
    QVERIFY2(!show.out.contains(key.toUtf8()) && !show.err.contains(key.toUtf8()), "the stream key was printed");
    const QJsonObject stats = QJsonDocument::fromJson(lastNonEmptyLine(show.out)).object();
    qInfo().noquote() << "statistics:" << lastNonEmptyLine(show.out);
    const QString mp4 = dir.filePath(QStringLiteral("show.mp4"));
    QCOMPARE(stats.value(QStringLiteral("recording_mp4")).toString(), mp4);
    QVERIFY2(!stats.contains(QStringLiteral("remux_error")), qPrintable(describe));
    QCOMPARE(stats.value(QStringLiteral("chapters")).toInt(), kCodes.size() + 1); // the products, then the outro
    QVERIFY2(show.err.contains("with 4 chapters"), show.err.constData());
    // The safe default: the recording libobs made is kept next to its MP4.
    QVERIFY(QFileInfo(recording).isFile());
    QCOMPARE(stats.value(QStringLiteral("original_removed")).toBool(), false);
    QVERIFY2(show.err.contains("remuxing the recording to " + mp4.toUtf8()), show.err.constData());
    qInfo("remux of the %.1f s recording (%lld bytes) into %lld bytes: %d ms",
        stats.value(QStringLiteral("duration_s")).toDouble(), QFileInfo(recording).size(), QFileInfo(mp4).size(),
        stats.value(QStringLiteral("remux_ms")).toInt());

    // The show log's pins and the last card's unpin, in recording time.
    const QString logFile = stats.value(QStringLiteral("show_log")).toString();
    QFile log(logFile);
    QVERIFY2(log.open(QIODevice::ReadOnly), qPrintable(logFile));
    QList<qint64> pinRecMs;
    qint64 unpinRecMs = -1;
    for (const QByteArray& line : log.readAll().split('\n')) {
        const QJsonObject e = QJsonDocument::fromJson(line).object();
        const qint64 recMs = e.contains(QStringLiteral("rec_ms")) ? e.value(QStringLiteral("rec_ms")).toInteger() : 0;
        if (e.value(QStringLiteral("event")).toString() == QLatin1String("pin"))
            pinRecMs.append(recMs);
        else if (e.value(QStringLiteral("event")).toString() == QLatin1String("unpin"))
            unpinRecMs = recMs;
    }
    QCOMPARE(pinRecMs.size(), kCodes.size());
    QVERIFY2(unpinRecMs > pinRecMs.constLast(), "the last card did not come down before the end");

    // ffprobe: one chapter per product, titled with it, at the log's times within 1 s.
    const QJsonObject probe = ffprobe(mp4);
    QVERIFY2(!probe.contains(QStringLiteral("error")), qPrintable(probe.value(QStringLiteral("error")).toString()));
    const QJsonArray chapters = probe.value(QStringLiteral("chapters")).toArray();
    qInfo().noquote() << "chapters:" << QJsonDocument(chapters).toJson(QJsonDocument::Compact);
    QCOMPARE(chapters.size(), kCodes.size() + 1);
    const double durationS
        = seconds(probe.value(QStringLiteral("format")).toObject().value(QStringLiteral("duration")));
    QVERIFY2(std::abs(durationS - (kCodes.size() * kAdvanceSeconds + kAfterLastCardSeconds)) < 2.5,
        qPrintable(QString::number(durationS)));
    QList<double> starts, ends;
    for (int i = 0; i < chapters.size(); ++i) {
        const QJsonObject c = chapters.at(i).toObject();
        QCOMPARE(c.value(QStringLiteral("tags")).toObject().value(QStringLiteral("title")).toString(),
            i < titles.size() ? titles.at(i) : QStringLiteral("Outro"));
        starts.append(seconds(c.value(QStringLiteral("start_time"))));
        ends.append(seconds(c.value(QStringLiteral("end_time"))));
        // Each product's chapter from its pin, the outro from the last card's unpin.
        const double expected = (i < pinRecMs.size() ? pinRecMs.at(i) : unpinRecMs) / 1000.0;
        if (i == 0)
            QCOMPARE(starts.at(0), 0.0);
        else
            QVERIFY2(std::abs(starts.at(i) - expected) < 1.0,
                qPrintable(QStringLiteral("chapter %1 at %2 s, the log says %3 s of the recording")
                               .arg(i)
                               .arg(starts.at(i))
                               .arg(expected)));
    }
    // The last product's chapter ends when its card came down (within 1 s), not at the end of the
    // file; the seconds after it are the outro, to the end.
    const int last = kCodes.size() - 1;
    qInfo("last product: chapter ends at %.3f s, unpinned at %.3f s of the recording; the file ends at %.3f s",
        ends.at(last), unpinRecMs / 1000.0, durationS);
    QVERIFY2(std::abs(ends.at(last) - unpinRecMs / 1000.0) < 1.0, qPrintable(QString::number(ends.at(last))));
    QVERIFY(std::abs(ends.constLast() - durationS) < 0.1);

    // The frames agree: at each chapter's start the card changes (0.6 s before differs from 0.6 s
    // after), and within a chapter it stays (0.6 s after its start looks like 0.6 s before its end).
    const QRect cardArea(0, 280, 360, 170); // the corner card at 360x640
    for (int i = 1; i < chapters.size(); ++i) {
        const QImage before = MediaProbe::frameAt(mp4, starts.at(i) - 0.6, &error);
        QVERIFY2(!before.isNull(), qPrintable(error));
        const QImage after = MediaProbe::frameAt(mp4, starts.at(i) + 0.6, &error);
        QVERIFY2(!after.isNull(), qPrintable(error));
        const QImage late = MediaProbe::frameAt(mp4, ends.at(i) - 0.6, &error);
        QVERIFY2(!late.isNull(), qPrintable(error));
        const double change = MediaProbe::difference(before, after, cardArea);
        const double steady = MediaProbe::difference(after, late, cardArea);
        qInfo("chapter %d at %.2f s: the card changes by %.1f across it, %.1f within it", i, starts.at(i), change,
            steady);
        QVERIFY2(
            change > 8 && steady < 3, qPrintable(QStringLiteral("chapter %1: %2 / %3").arg(i).arg(change).arg(steady)));
    }

    // One clip per product, named after it, each opening in ffprobe with its chapter's length
    // within one keyframe interval.
    const QJsonArray clips = stats.value(QStringLiteral("clips")).toArray();
    QCOMPARE(clips.size(), kCodes.size());
    for (int i = 0; i < clips.size(); ++i) {
        const QString clip = clips.at(i).toString();
        QVERIFY2(QFileInfo(clip).isFile(), qPrintable(clip));
        QCOMPARE(QFileInfo(clip).dir().dirName(), QStringLiteral("show-clips"));
        QVERIFY2(
            QFileInfo(clip).fileName().endsWith(kCodes.at(i).toLower() + QStringLiteral(".mp4")), qPrintable(clip));
        const QJsonObject p = ffprobe(clip);
        QVERIFY2(!p.contains(QStringLiteral("error")), qPrintable(clip + p.value(QStringLiteral("error")).toString()));
        QCOMPARE(p.value(QStringLiteral("streams")).toArray().size(), 2); // video and (silent) audio
        const double length = seconds(p.value(QStringLiteral("format")).toObject().value(QStringLiteral("duration")));
        const double expected = ends.at(i) - starts.at(i);
        qInfo("clip %s: %.2f s (chapter %.2f s), %lld bytes", qPrintable(QFileInfo(clip).fileName()), length, expected,
            QFileInfo(clip).size());
        QVERIFY2(std::abs(length - expected) <= kKeyframeSeconds + 0.05,
            qPrintable(QStringLiteral("%1: %2 s, its chapter %3 s").arg(clip).arg(length).arg(expected)));
    }
    // A frame of the second clip shows the second product's card, as the MP4 does mid-chapter.
    const QString framePng = dir.filePath(QStringLiteral("clip2-frame.png"));
    const Run frame = runProgram(QStringLiteral("ffmpeg"), QProcessEnvironment::systemEnvironment(), dir.path(),
        { QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-y"), QStringLiteral("-ss"),
            QStringLiteral("2"), QStringLiteral("-i"), clips.at(1).toString(), QStringLiteral("-frames:v"),
            QStringLiteral("1"), framePng },
        30000);
    QVERIFY2(frame.exitCode == 0, frame.err.constData());
    const QImage clipFrame(framePng);
    QCOMPARE(clipFrame.size(), QSize(360, 640));
    const QImage middle = MediaProbe::frameAt(mp4, (starts.at(1) + ends.at(1)) / 2, &error);
    QVERIFY2(
        MediaProbe::difference(clipFrame, middle, cardArea) < 3, "the second clip does not show the second product");

    // After the fact: `pinstage show clips` from the kept recording, into a folder of one's choice.
    const QString again = dir.filePath(QStringLiteral("again"));
    const Run clipsRun = runProgram(pinstage, env, dir.path(),
        { QStringLiteral("show"), QStringLiteral("clips"), QStringLiteral("Clips"), QStringLiteral("--recording"),
            recording, QStringLiteral("--output"), again, QStringLiteral("--data-dir"), dataDir },
        60000);
    QVERIFY2(clipsRun.exitCode == 0, clipsRun.err.constData());
    // FFmpeg's own lines ("[mp4 @ 0x…] Starting second pass") stay off the terminal.
    QVERIFY2(!clipsRun.err.contains("[mp4 @") && !clipsRun.err.contains(" @ 0x"), clipsRun.err.constData());
    QCOMPARE(QDir(again).entryList({ QStringLiteral("*.mp4") }, QDir::Files).size(), kCodes.size());
    QVERIFY(clipsRun.out.contains("cut 3 clips into"));

    // Bad input: named.
    const Run missing = runProgram(pinstage, env, dir.path(),
        { QStringLiteral("show"), QStringLiteral("clips"), logFile, QStringLiteral("--recording"),
            dir.filePath(QStringLiteral("nowhere.mkv")) },
        30000);
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains("nowhere.mkv"), missing.err.constData());
    const Run noLog = runProgram(pinstage, env, dir.path(),
        { QStringLiteral("show"), QStringLiteral("clips"), dir.filePath(QStringLiteral("nolog.jsonl")),
            QStringLiteral("--recording"), recording },
        30000);
    QCOMPARE(noLog.exitCode, 1);
    QVERIFY2(noLog.err.contains("nolog.jsonl"), noLog.err.constData());
    const Run noRecording = runProgram(pinstage, env, dir.path(),
        { QStringLiteral("show"), QStringLiteral("clips"), QStringLiteral("Clips"), QStringLiteral("--data-dir"),
            dataDir },
        30000);
    QCOMPARE(noRecording.exitCode, 2);
    QVERIFY2(noRecording.err.contains("--recording"), noRecording.err.constData());
}

QTEST_GUILESS_MAIN(tst_RecordingClips)
#include "tst_recording_clips.moc"
