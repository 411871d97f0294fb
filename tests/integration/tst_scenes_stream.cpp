// SPDX-License-Identifier: GPL-2.0-or-later
// The scene collection and the show's sound, end to end through the real `pinstage` binary,
// a private nginx-rtmp, a private Xvfb and a private PulseAudio server:
// - the seller's microphone (the default source: a 440 Hz sine) is in the stream's AAC track;
//   with --mic none the track is silent;
// - --switch "Be right back@5" puts the "Be right back" still frame on the program at 5 s;
// - a collection whose "Main" holds a looping media file streams that file's pixels;
// - no audio server: the show streams silence and says so once;
// - `pinstage scenes list` prints the collection; a newer collection file is refused untouched.
#include "HeadlessProcess.h"
#include "HeadlessTestCase.h"
#include "MediaProbe.h"
#include "NginxRtmpServer.h"
#include "PulseAudioServer.h"
#include "ShowLogEvents.h"
#include "TestTempDir.h"
#include "XvfbServer.h"

#include "scene/DefaultCollection.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <cmath>
#include <memory>

#ifndef PINSTAGE_BINARY
#error "PINSTAGE_BINARY must name the pinstage executable (see tests/integration/CMakeLists.txt)"
#endif

using namespace pinstage::test;

namespace {

constexpr int kStreamSeconds = 10;
constexpr int kColourTolerance = 40;
const QSize kCanvas(360, 640);

using Run = ProgramRun;

Run runPinstage(const QStringList& args, const QProcessEnvironment& env, const TestTempDir& dir, int timeoutMs)
{
    Run run = runProgram(QStringLiteral(PINSTAGE_BINARY), args, env, dir.path(), timeoutMs);
    keepOutput(run, dir.path());
    return run;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class tst_ScenesStream : public HeadlessTestCase {
    Q_OBJECT
public:
    tst_ScenesStream()
        : HeadlessTestCase(QStringLiteral(PINSTAGE_BINARY))
    {
    }

private slots:

    void microphoneToneAndSceneSwitch();
    void noMicrophoneIsSilent();
    void mediaFileAsCameraWithoutAudioServer();
    void scenesListAndRefusedCollection();

private:
    /// Streams with ARGS and the data folder DIR/data, waits for nginx's recording, returns its path
    /// (empty on failure).
    QString streamAndRecord(
        const QStringList& extraArgs, const QProcessEnvironment& env, const TestTempDir& dir, Run* run);
};

QString tst_ScenesStream::streamAndRecord(
    const QStringList& extraArgs, const QProcessEnvironment& env, const TestTempDir& dir, Run* run)
{
    NginxRtmpServer server;
    QString error;
    if (!server.start(&error)) {
        qWarning().noquote() << "nginx:" << error;
        return {};
    }
    const QString key = randomStreamKey();
    *run = runPinstage(
        headlessShowArgs(server.url(), key, kStreamSeconds, dir.mkpath(QStringLiteral("data")), extraArgs, kCanvas),
        env, dir, 90000);
    if (!run->ok())
        return {};
    const QString recording = server.recordingPath(key);
    if (!NginxRtmpServer::waitForRecordingClosed(recording, 20000, &error)) {
        qWarning().noquote() << error << server.errorLog();
        return {};
    }
    server.stop();
    QString kept = dir.filePath(QFileInfo(recording).fileName());
    QFile::copy(recording, kept); // the evidence stays with the test's folder
    return kept;
}

void tst_ScenesStream::microphoneToneAndSceneSwitch()
{
    TestTempDir dir(QStringLiteral("scenes-mic"));
    PulseAudioServer pulse;
    QString error;
    QVERIFY2(pulse.start(&error), qPrintable(error));
    QProcessEnvironment env = confinedEnvironment(xvfb(), dir);
    pulse.addTo(env);

    Run run;
    const QString recording
        = streamAndRecord({ QStringLiteral("--switch"), QStringLiteral("Be right back@5") }, env, dir, &run);
    QVERIFY2(!recording.isEmpty(), qPrintable(run.describe()));
    QVERIFY2(!run.err.contains("no audio server"), qPrintable(run.describe()));
    // The statistics line lists the switch at its show time.
    const QJsonArray switches
        = QJsonDocument::fromJson(lastNonEmptyLine(run.out)).object().value(QStringLiteral("switches")).toArray();
    QCOMPARE(switches.size(), 1);
    QCOMPARE(switches.at(0).toObject().value(QStringLiteral("scene")).toString(), QStringLiteral("Be right back"));
    QVERIFY2(std::abs(switches.at(0).toObject().value(QStringLiteral("t")).toDouble() - 5.0) < 0.3,
        qPrintable(QString::number(switches.at(0).toObject().value(QStringLiteral("t")).toDouble())));

    // The sound: the microphone's 440 Hz tone, loud and clear, in the middle of the show.
    const auto audio = MediaProbe::decodeAudio(recording, 2.0, 4.0, &error);
    QVERIFY2(audio, qPrintable(error));
    const double level = MediaProbe::rmsDbfs(audio->samples);
    const double dominant = MediaProbe::dominantFrequency(audio->samples, audio->sampleRate);
    const double share = MediaProbe::energyShareAt(audio->samples, audio->sampleRate, PulseAudioServer::sineFrequency);
    qInfo().noquote() << QStringLiteral(
        "audio: %1 Hz, %2 samples, level %3 dBFS, loudest at %4 Hz, %5 % of the energy at 440 Hz")
                             .arg(audio->sampleRate)
                             .arg(audio->samples.size())
                             .arg(level, 0, 'f', 1)
                             .arg(dominant)
                             .arg(share * 100, 0, 'f', 1);
    QVERIFY2(level > -40, qPrintable(QStringLiteral("the tone is too quiet: %1 dBFS").arg(level)));
    QVERIFY2(std::abs(dominant - PulseAudioServer::sineFrequency) <= 5, qPrintable(QString::number(dominant)));
    QVERIFY2(share > 0.5, qPrintable(QString::number(share)));

    // The picture: "Main" (the test pattern) before 5 s, the "Be right back" still frame after.
    const QImage before = MediaProbe::frameAt(recording, 2.0, &error);
    QVERIFY2(!before.isNull(), qPrintable(error));
    const QImage after = MediaProbe::frameAt(recording, 8.0, &error);
    QVERIFY2(!after.isNull(), qPrintable(error));
    before.save(dir.filePath(QStringLiteral("frame-before-switch.png")));
    after.save(dir.filePath(QStringLiteral("frame-after-switch.png")));
    const QColor brb = pinstage::DefaultCollection::beRightBackColor();
    // A band above the words "Be right back": the colour bars in "Main", plain purple after.
    const QRect band(20, 120, 320, 150);
    const QColor beforeMean = MediaProbe::meanColor(before, band);
    const QColor afterMean = MediaProbe::meanColor(after, band);
    const QString colours = QStringLiteral("be-right-back %1; band before %2, after %3 (frames in %4)")
                                .arg(brb.name(), beforeMean.name(), afterMean.name(), dir.path());
    qInfo().noquote() << colours;
    QVERIFY2(MediaProbe::coloursClose(afterMean, brb, kColourTolerance),
        qPrintable(QStringLiteral("no 'Be right back' after 5 s: ") + colours));
    QVERIFY2(!MediaProbe::coloursClose(beforeMean, brb, kColourTolerance),
        qPrintable(QStringLiteral("'Be right back' before 5 s: ") + colours));
    // The show log has the switch, on the stream clock.
    const QStringList logs = showLogFiles(dir.filePath(QStringLiteral("data")));
    QCOMPARE(logs.size(), 1);
    qint64 switchedAt = -1;
    for (const QJsonObject& e : readShowLog(logs.first())) {
        if (e.value(QStringLiteral("event")).toString() == QLatin1String("scene")) {
            QCOMPARE(e.value(QStringLiteral("scene")).toString(), QStringLiteral("Be right back"));
            switchedAt = e.value(QStringLiteral("t_ms")).toInteger();
        }
    }
    QVERIFY2(std::abs(switchedAt - 5000) < 300, qPrintable(QString::number(switchedAt)));

    // The words are on it: the middle of the frame has white text pixels.
    int white = 0;
    for (int y = 270; y < 370; ++y)
        for (int x = 40; x < 320; ++x)
            white += QColor(after.pixel(x, y)).lightness() > 200 ? 1 : 0;
    QVERIFY2(white > 200, qPrintable(QStringLiteral("no text on the still frame (%1 light pixels)").arg(white)));
}

void tst_ScenesStream::noMicrophoneIsSilent()
{
    TestTempDir dir(QStringLiteral("scenes-nomic"));
    PulseAudioServer pulse;
    QString error;
    QVERIFY2(pulse.start(&error), qPrintable(error));
    QProcessEnvironment env = confinedEnvironment(xvfb(), dir);
    pulse.addTo(env);

    Run run;
    const QString recording = streamAndRecord({ QStringLiteral("--mic"), QStringLiteral("none") }, env, dir, &run);
    QVERIFY2(!recording.isEmpty(), qPrintable(run.describe()));
    const auto audio = MediaProbe::decodeAudio(recording, 2.0, 4.0, &error);
    QVERIFY2(audio, qPrintable(error));
    const double level = MediaProbe::rmsDbfs(audio->samples);
    qInfo().noquote() << QStringLiteral("audio with --mic none: level %1 dBFS").arg(level);
    QVERIFY2(level < -60, qPrintable(QStringLiteral("not silent: %1 dBFS").arg(level)));
}

void tst_ScenesStream::mediaFileAsCameraWithoutAudioServer()
{
    TestTempDir dir(QStringLiteral("scenes-media"));
    const QString ffmpeg = QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
    QVERIFY2(!ffmpeg.isEmpty(), "ffmpeg is not installed (see packaging/debian-packages.txt)");
    // A 2 s clip at half the canvas: the scene scales it 2x to fill the frame, and loops it.
    const QString clip = dir.filePath(QStringLiteral("clip.mp4"));
    QProcess make;
    make.start(ffmpeg,
        { QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-f"), QStringLiteral("lavfi"),
            QStringLiteral("-i"), QStringLiteral("testsrc2=size=180x320:rate=30"), QStringLiteral("-t"),
            QStringLiteral("2"), QStringLiteral("-c:v"), QStringLiteral("libx264"), QStringLiteral("-pix_fmt"),
            QStringLiteral("yuv420p"), clip });
    QVERIFY(make.waitForFinished(60000));
    QVERIFY2(make.exitCode() == 0, make.readAllStandardError().constData());

    const QJsonObject fill { { QStringLiteral("pos"),
                                 QJsonObject { { QStringLiteral("x"), 0 }, { QStringLiteral("y"), 0 } } },
        { QStringLiteral("bounds"),
            QJsonObject { { QStringLiteral("type"), QStringLiteral("scale_outer") },
                { QStringLiteral("width"), kCanvas.width() }, { QStringLiteral("height"), kCanvas.height() } } } };
    QJsonObject clipItem = fill;
    clipItem.insert(QStringLiteral("source"), QStringLiteral("Clip"));
    const QJsonObject collection {
        { QStringLiteral("format"), QStringLiteral("pinstage-scene-collection") },
        { QStringLiteral("version"), 2 },
        { QStringLiteral("canvas"),
            QJsonObject {
                { QStringLiteral("width"), kCanvas.width() }, { QStringLiteral("height"), kCanvas.height() } } },
        { QStringLiteral("current_scene"), QStringLiteral("Main") },
        { QStringLiteral("sources"),
            QJsonArray { QJsonObject { { QStringLiteral("name"), QStringLiteral("Clip") },
                             { QStringLiteral("type"), QStringLiteral("ffmpeg_source") },
                             { QStringLiteral("settings"),
                                 QJsonObject { { QStringLiteral("is_local_file"), true },
                                     { QStringLiteral("local_file"), clip }, { QStringLiteral("looping"), true } } } },
                QJsonObject { { QStringLiteral("name"), QStringLiteral("Microphone") },
                    { QStringLiteral("type"), QStringLiteral("pulse_input_capture") },
                    { QStringLiteral("settings"),
                        QJsonObject { { QStringLiteral("device_id"), QStringLiteral("default") } } },
                    { QStringLiteral("output_channel"), 3 } } } },
        { QStringLiteral("scenes"),
            QJsonArray { QJsonObject { { QStringLiteral("name"), QStringLiteral("Main") },
                { QStringLiteral("items"), QJsonArray { clipItem } } } } },
    };
    const QString file = dir.filePath(QStringLiteral("media-show.json"));
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(QJsonDocument(collection).toJson());
    out.close();

    // No PulseAudio here: the private runtime folder has no server in it.
    Run run;
    const QString recording
        = streamAndRecord({ QStringLiteral("--scene-collection"), file }, confinedEnvironment(xvfb(), dir), dir, &run);
    QVERIFY2(!recording.isEmpty(), qPrintable(run.describe()));
    QCOMPARE(run.err.count("no audio server"), 1); // said once, not in a loop
    QString error;
    const auto audio = MediaProbe::decodeAudio(recording, 2.0, 4.0, &error);
    QVERIFY2(audio, qPrintable(error));
    QVERIFY2(MediaProbe::rmsDbfs(audio->samples) < -60, "the stream is not silent without an audio server");

    // The clip's pixels: blocks that stay still in the clip (testsrc2's colour areas) appear,
    // scaled 2x, in the streamed frames.
    QList<QImage> clipFrames;
    for (double t : { 0.1, 0.35, 0.6, 0.9, 1.15, 1.4, 1.7, 1.95 }) {
        const QImage f = MediaProbe::frameAt(clip, t, &error);
        QVERIFY2(!f.isNull(), qPrintable(error));
        clipFrames.append(f);
    }
    const QImage streamed = MediaProbe::frameAt(recording, 5.0, &error);
    QVERIFY2(!streamed.isNull(), qPrintable(error));
    streamed.save(dir.filePath(QStringLiteral("frame-media.png")));
    clipFrames.first().save(dir.filePath(QStringLiteral("frame-clip.png")));
    int still = 0;
    int matching = 0;
    QStringList report;
    for (int by = 0; by < 8; ++by) {
        for (int bx = 0; bx < 4; ++bx) {
            const QRect block(bx * 45 + 6, by * 40 + 6, 33, 28);
            const QColor first = MediaProbe::meanColor(clipFrames.first(), block);
            bool isStill = true;
            for (const QImage& f : std::as_const(clipFrames))
                isStill = isStill && MediaProbe::coloursClose(MediaProbe::meanColor(f, block), first, 8);
            if (!isStill)
                continue;
            ++still;
            const QColor seen = MediaProbe::meanColor(streamed, QRect(block.topLeft() * 2, block.size() * 2));
            const bool match = MediaProbe::coloursClose(seen, first, kColourTolerance);
            matching += match ? 1 : 0;
            report.append(QStringLiteral("%1,%2 clip %3 stream %4%5")
                              .arg(bx)
                              .arg(by)
                              .arg(first.name(), seen.name(), match ? "" : " ✗"));
        }
    }
    qInfo().noquote() << "still blocks:" << report.join(QLatin1String("; "));
    QVERIFY2(still >= 4, qPrintable(QStringLiteral("only %1 still blocks in the clip").arg(still)));
    QVERIFY2(matching >= still * 8 / 10,
        qPrintable(QStringLiteral("%1 of %2 blocks match: %3").arg(matching).arg(still).arg(report.join("; "))));
}

void tst_ScenesStream::scenesListAndRefusedCollection()
{
    TestTempDir dir(QStringLiteral("scenes-list"));
    const QProcessEnvironment env = confinedEnvironment(xvfb(), dir);
    const QString data = dir.mkpath(QStringLiteral("data"));

    Run help = runPinstage({ QStringLiteral("scenes"), QStringLiteral("--help") }, env, dir, 30000);
    QVERIFY2(help.ok() && help.out.contains("pinstage scenes list"), qPrintable(help.describe()));
    Run bad
        = runPinstage({ QStringLiteral("scenes"), QStringLiteral("list"), QStringLiteral("--bogus") }, env, dir, 30000);
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains("'--bogus'"), qPrintable(bad.describe()));

    // Before the first start: the default collection, and nothing is written.
    Run list = runPinstage(
        { QStringLiteral("scenes"), QStringLiteral("list"), QStringLiteral("--data-dir"), data }, env, dir, 30000);
    QVERIFY2(list.ok(), qPrintable(list.describe()));
    QVERIFY2(list.out.contains("\nMain  (on the program at start)\n") && list.out.contains("\nBe right back\n")
            && list.out.contains("Microphone [pulse_input_capture] channel 3")
            && list.out.contains("Product card [pinstage_product_card]"),
        list.out.constData());
    QVERIFY(!QFile::exists(data + QStringLiteral("/scenes.json")));
    Run json = runPinstage({ QStringLiteral("scenes"), QStringLiteral("list"), QStringLiteral("--json"),
                               QStringLiteral("--data-dir"), data },
        env, dir, 30000);
    QVERIFY2(json.ok(), qPrintable(json.describe()));
    const QJsonObject o = QJsonDocument::fromJson(json.out).object();
    QCOMPARE(o.value(QStringLiteral("exists")).toBool(true), false);
    QCOMPARE(o.value(QStringLiteral("scenes")).toArray().size(), 2);

    // A collection from a newer Pinstage: the show refuses to start and the file stays as it was.
    const QString newer = dir.filePath(QStringLiteral("newer.json"));
    QVERIFY(QFile::copy(QFINDTESTDATA("../data/scenes/newer.json"), newer));
    QFile::setPermissions(newer, QFile::ReadOwner | QFile::WriteOwner);
    const QByteArray before = readAll(newer);
    Run refused = runPinstage(
        { QStringLiteral("--headless"), QStringLiteral("--record"), dir.filePath(QStringLiteral("x.mkv")),
            QStringLiteral("--duration"), QStringLiteral("2"), QStringLiteral("--canvas"), QStringLiteral("360x640"),
            QStringLiteral("--data-dir"), data, QStringLiteral("--scene-collection"), newer },
        env, dir, 60000);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(newer.toUtf8() + ": written by a newer Pinstage"), qPrintable(refused.describe()));
    QCOMPARE(readAll(newer), before);
    Run listNewer
        = runPinstage({ QStringLiteral("scenes"), QStringLiteral("list"), QStringLiteral("--scene-collection"), newer },
            env, dir, 30000);
    QCOMPARE(listNewer.exitCode, 1);
    QCOMPARE(readAll(newer), before);

    // An unknown --scene is named with the scenes there are.
    Run unknown = runPinstage(
        { QStringLiteral("--headless"), QStringLiteral("--record"), dir.filePath(QStringLiteral("y.mkv")),
            QStringLiteral("--duration"), QStringLiteral("2"), QStringLiteral("--canvas"), QStringLiteral("360x640"),
            QStringLiteral("--data-dir"), data, QStringLiteral("--scene"), QStringLiteral("Backstage") },
        env, dir, 60000);
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY2(unknown.err.contains("no scene is named 'Backstage'") && unknown.err.contains("Main, Be right back"),
        qPrintable(unknown.describe()));

    // So is an unknown --switch scene, before anything goes live.
    Run badSwitch = runPinstage(
        { QStringLiteral("--headless"), QStringLiteral("--record"), dir.filePath(QStringLiteral("z.mkv")),
            QStringLiteral("--duration"), QStringLiteral("5"), QStringLiteral("--canvas"), QStringLiteral("360x640"),
            QStringLiteral("--data-dir"), data, QStringLiteral("--switch"), QStringLiteral("Backstage@2") },
        env, dir, 60000);
    QCOMPARE(badSwitch.exitCode, 1);
    QVERIFY2(badSwitch.err.contains("--switch Backstage@2: no scene is named 'Backstage'"),
        qPrintable(badSwitch.describe()));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("z.mkv"))));
}

QTEST_GUILESS_MAIN(tst_ScenesStream)
#include "tst_scenes_stream.moc"
