// SPDX-License-Identifier: GPL-2.0-or-later
// End-to-end test of the headless contract:
//   pinstage --headless --stream-url URL --stream-key KEY [--duration S] [--canvas WxH] [--fps N]
//            [--pin SKU@S]... [--unpin-at S]... [--data-dir DIR]
// streams the show scene to a private nginx-rtmp (which records it), prints one JSON line of
// statistics and exits 0; errors give one clear line on stderr and a non-zero exit; the stream key
// never appears in any output. The recording is then checked for codecs, geometry, rate, length,
// and for the product card appearing only after its pin time.
#include "HeadlessProcess.h"
#include "HeadlessTestCase.h"
#include "MediaProbe.h"
#include "NginxRtmpServer.h"
#include "ShowLogEvents.h"
#include "TestTempDir.h"
#include "XvfbServer.h"

#include "overlay/CardLayout.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

#include <cmath>
#include <memory>

#ifndef PINSTAGE_BINARY
#error "PINSTAGE_BINARY must name the pinstage executable (see tests/integration/CMakeLists.txt)"
#endif

using namespace pinstage::test;

namespace {

constexpr int kStreamSeconds = 10;
constexpr int kPinSecond = 4;
constexpr double kBeforePin = 2.0; // sample times, counted from the recording's first frame
constexpr double kAfterPin = 7.0;
constexpr int kColourTolerance = 40; // per channel; H.264 + 4:2:0 chroma smear the bar's colour
const QSize kCanvas(360, 640);

/// What one pinstage run produced.
using Run = ProgramRun;

} // namespace

class tst_HeadlessStream : public HeadlessTestCase {
    Q_OBJECT
public:
    tst_HeadlessStream()
        : HeadlessTestCase(QStringLiteral(PINSTAGE_BINARY))
    {
    }

private slots:

    void streamsShowWithPinnedCard();
    void recordsLocallyAndUnpinsOnCue();
    void failsWithClearError_data();
    void failsWithClearError();
    void keyInsideUrlNeverLeaks_data();
    void keyInsideUrlNeverLeaks();
    void badKeyIsBadUsage_data();
    void badKeyIsBadUsage();

private:
    /// Runs pinstage with args in an environment confined to dir (HOME, XDG_*), on our display,
    /// plus the variables in EXTRA (PINSTAGE_STREAM_KEY is never inherited).
    Run runPinstage(
        const QStringList& args, const TestTempDir& dir, int timeoutMs, const QProcessEnvironment& extra = {}) const;
};

Run tst_HeadlessStream::runPinstage(
    const QStringList& args, const TestTempDir& dir, int timeoutMs, const QProcessEnvironment& extra) const
{
    QProcessEnvironment env = environment(dir);
    for (const QString& name : extra.keys())
        env.insert(name, extra.value(name));
    Run run = runProgram(binary(), args, env, dir.path(), timeoutMs);
    keepOutput(run, dir.path()); // evidence for a kept folder
    return run;
}

void tst_HeadlessStream::streamsShowWithPinnedCard()
{
    TestTempDir dir(QStringLiteral("headless"));
    QVERIFY(dir.isValid());
    NginxRtmpServer server;
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));

    const QString key = randomStreamKey();
    const QString dataDir = dir.mkpath(QStringLiteral("data"));
    const Run run = runPinstage(headlessShowArgs(server.url(), key, kStreamSeconds, dataDir,
                                    { QStringLiteral("--pin"), QStringLiteral("PS-1001@%1").arg(kPinSecond) }),
        dir, 90000);

    // The process and its contract.
    QVERIFY2(run.finished, qPrintable(QStringLiteral("did not finish within 90 s\n") + run.describe()));
    QVERIFY2(run.exitStatus == QProcess::NormalExit && run.exitCode == 0, qPrintable(run.describe()));
    QVERIFY2(!run.out.contains(key.toUtf8()), "the stream key appears on stdout");
    QVERIFY2(!run.err.contains(key.toUtf8()), "the stream key appears on stderr");

    const QByteArray statsLine = lastNonEmptyLine(run.out);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(statsLine, &parseError);
    QVERIFY2(doc.isObject(),
        qPrintable(QStringLiteral("last stdout line is not a JSON object (%1): %2")
                       .arg(parseError.errorString(), QString::fromUtf8(statsLine))));
    const QJsonObject stats = doc.object();
    for (const auto* name :
        { "frames_rendered", "frames_lagged", "frames_sent", "frames_dropped", "bitrate_kbps", "duration_s" }) {
        const QString k = QString::fromLatin1(name);
        QVERIFY2(stats.value(k).isDouble(),
            qPrintable(QStringLiteral("statistics lack a numeric \"%1\": %2").arg(k, QString::fromUtf8(statsLine))));
    }
    QVERIFY2(stats.value(QStringLiteral("frames_sent")).toDouble() > 0, statsLine.constData());
    qInfo().noquote() << "statistics:" << statsLine;

    // The recording nginx made of what it received.
    const QString recording = server.recordingPath(key);
    QVERIFY2(NginxRtmpServer::waitForRecordingClosed(recording, 20000, &error),
        qPrintable(error + QStringLiteral("\n--- nginx ---\n") + server.errorLog()));
    server.stop();

    const std::optional<MediaInfo> info = MediaProbe::probe(recording, &error);
    QVERIFY2(info, qPrintable(error));
    qInfo() << *info;
    QCOMPARE(info->videoCodec, QStringLiteral("h264"));
    QCOMPARE(info->audioCodec, QStringLiteral("aac"));
    QCOMPARE(QSize(info->width, info->height), kCanvas);
    QVERIFY2(std::abs(info->frameRate - 30.0) <= 0.5,
        qPrintable(QStringLiteral("frame rate %1 (measured %2)").arg(info->frameRate).arg(info->measuredFrameRate)));
    QVERIFY2(std::abs(info->duration - kStreamSeconds) <= kStreamSeconds * 0.1,
        qPrintable(QStringLiteral("recorded %1 s, asked for %2 s").arg(info->duration).arg(kStreamSeconds)));

    // The card: its accent bar is painted where CardLayout says, only once the pin time passed.
    const QImage before = MediaProbe::frameAt(recording, kBeforePin, &error);
    QVERIFY2(!before.isNull(), qPrintable(error));
    const QImage after = MediaProbe::frameAt(recording, kAfterPin, &error);
    QVERIFY2(!after.isNull(), qPrintable(error));
    before.save(dir.filePath(QStringLiteral("frame-before-pin.png")));
    after.save(dir.filePath(QStringLiteral("frame-after-pin.png")));

    const QRect bar = pinstage::CardLayout::accentBarRect(kCanvas).adjusted(2, 2, -2, -2);
    QVERIFY(!bar.isEmpty());
    const QColor accent = pinstage::CardLayout::accentColor();
    const QColor beforeMean = MediaProbe::meanColor(before, bar);
    const QColor afterMean = MediaProbe::meanColor(after, bar);
    const QString colours = QStringLiteral("accent %1, bar area %2,%3 %4x%5: before pin %6, after pin %7 "
                                           "(frames saved in %8)")
                                .arg(accent.name())
                                .arg(bar.x())
                                .arg(bar.y())
                                .arg(bar.width())
                                .arg(bar.height())
                                .arg(beforeMean.name(), afterMean.name(), dir.path());
    qInfo().noquote() << colours;
    QVERIFY2(MediaProbe::coloursClose(afterMean, accent, kColourTolerance),
        qPrintable(QStringLiteral("no card after the pin: ") + colours));
    QVERIFY2(!MediaProbe::coloursClose(beforeMean, accent, kColourTolerance),
        qPrintable(QStringLiteral("card already shown before the pin: ") + colours));

    // Nothing the app wrote (log, catalog, libobs config) holds the key.
    const QStringList leaks = filesContaining(dataDir, key.toUtf8());
    QVERIFY2(leaks.isEmpty(),
        qPrintable(QStringLiteral("the stream key was written to: ") + leaks.join(QLatin1String(", "))));
    QVERIFY2(!QDir(dataDir + QStringLiteral("/logs")).isEmpty(), "the engine log was not written");

    // The show log has what went on air, on the stream clock.
    const QStringList shows = showLogFiles(dataDir);
    QCOMPARE(shows.size(), 1);
    const QList<QJsonObject> events = readShowLog(shows.first());
    qint64 pinAt = -1;
    for (const QJsonObject& e : events) {
        if (e.value(QStringLiteral("event")).toString() == QLatin1String("pin")) {
            QCOMPARE(e.value(QStringLiteral("sku")).toString(), QStringLiteral("PS-1001"));
            pinAt = e.value(QStringLiteral("t_ms")).toInteger();
        }
    }
    QCOMPARE(eventNames(events),
        (QStringList { QStringLiteral("connecting"), QStringLiteral("live"), QStringLiteral("pin"),
            QStringLiteral("stream_stopped") }));
    QVERIFY2(std::abs(pinAt - kPinSecond * 1000) < 300, qPrintable(QString::number(pinAt)));
}

void tst_HeadlessStream::recordsLocallyAndUnpinsOnCue()
{
    // Stream and local recording together; the card goes on at 2 s and off at 5 s. The recording
    // joins the shared encoders at their next keyframe, so its first frame is 0-2 s of stream time:
    // sample where the answer is the same whatever that offset.
    TestTempDir dir(QStringLiteral("headless-record"));
    QVERIFY(dir.isValid());
    NginxRtmpServer server;
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    const QSize canvas(288, 512);
    const QString recording = dir.filePath(QStringLiteral("show.mkv"));
    const QString key = randomStreamKey();
    const QString dataDir = dir.mkpath(QStringLiteral("data"));
    const Run run
        = runPinstage(headlessShowArgs(server.url(), key, 9, dataDir,
                          { QStringLiteral("--pin"), QStringLiteral("PS-1002@2"), QStringLiteral("--unpin-at"),
                              QStringLiteral("5"), QStringLiteral("--record"), recording },
                          canvas, 25),
            dir, 90000);
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(run.describe()));

    const QJsonObject stats = QJsonDocument::fromJson(lastNonEmptyLine(run.out)).object();
    QCOMPARE(stats.value(QStringLiteral("recording")).toString(), recording);
    const QJsonArray cues = stats.value(QStringLiteral("pins")).toArray();
    QCOMPARE(cues.size(), 2);
    QCOMPARE(cues.at(0).toObject().value(QStringLiteral("action")).toString(), QStringLiteral("pin"));
    QCOMPARE(cues.at(0).toObject().value(QStringLiteral("sku")).toString(), QStringLiteral("PS-1002"));
    QVERIFY(std::abs(cues.at(0).toObject().value(QStringLiteral("t")).toDouble() - 2.0) < 0.3);
    QCOMPARE(cues.at(1).toObject().value(QStringLiteral("action")).toString(), QStringLiteral("unpin"));
    QVERIFY(std::abs(cues.at(1).toObject().value(QStringLiteral("t")).toDouble() - 5.0) < 0.3);

    const std::optional<MediaInfo> info = MediaProbe::probe(recording, &error);
    QVERIFY2(info, qPrintable(error));
    qInfo() << *info;
    QCOMPARE(info->videoCodec, QStringLiteral("h264"));
    QCOMPARE(info->audioCodec, QStringLiteral("aac"));
    QCOMPARE(QSize(info->width, info->height), canvas);
    QVERIFY2(std::abs(info->frameRate - 25.0) <= 0.5, qPrintable(QString::number(info->frameRate)));
    QVERIFY2(info->duration >= 6.5 && info->duration <= 9.5, qPrintable(QString::number(info->duration)));

    const QRect bar = pinstage::CardLayout::accentBarRect(canvas).adjusted(2, 2, -2, -2);
    const QImage on = MediaProbe::frameAt(recording, 2.6, &error);
    const QImage off = MediaProbe::frameAt(recording, 5.9, &error);
    QVERIFY2(!on.isNull() && !off.isNull(), qPrintable(error));
    on.save(dir.filePath(QStringLiteral("recording-card-on.png")));
    off.save(dir.filePath(QStringLiteral("recording-card-off.png")));
    const QColor accent = pinstage::CardLayout::accentColor();
    QVERIFY2(MediaProbe::coloursClose(MediaProbe::meanColor(on, bar), accent, kColourTolerance),
        qPrintable(QStringLiteral("no card while pinned: ") + MediaProbe::meanColor(on, bar).name()));
    QVERIFY2(!MediaProbe::coloursClose(MediaProbe::meanColor(off, bar), accent, kColourTolerance),
        qPrintable(QStringLiteral("card still there after the unpin: ") + MediaProbe::meanColor(off, bar).name()));
}

void tst_HeadlessStream::failsWithClearError_data()
{
    QTest::addColumn<QStringList>("args"); // besides --headless, --stream-url/-key, --data-dir
    QTest::addColumn<bool>("reachableServer"); // false: point at a port nothing listens on
    QTest::addColumn<QString>("expected"); // regular expression the error line must match
    QTest::addColumn<int>("withinMs"); // the error must come this soon (libobs start-up included)
    QTest::addColumn<int>("exitCode"); // 1: the show failed; 2: bad usage (README contract)

    // A refused connect is retried (issue 11) until --reconnect-tries failed tries in a row (never
    // without it: tst_reconnect's firstConnectSucceedsByRetry); two quick tries, 0.5 s apart.
    QTest::newRow("connection refused, 2 tries")
        << QStringList { QStringLiteral("--duration"), QStringLiteral("5"), QStringLiteral("--reconnect-tries"),
               QStringLiteral("2") }
        << false << QStringLiteral("could not connect to 127\\.0\\.0\\.1.*gave up after 2 tries") << 15000 << 1;
    QTest::newRow("bad --reconnect-tries") << QStringList { QStringLiteral("--duration"), QStringLiteral("5"),
        QStringLiteral("--reconnect-tries"), QStringLiteral("-1") }
                                           << true << QStringLiteral("--reconnect-tries: .*got '-1'") << 15000 << 2;
    QTest::newRow("unknown SKU") << QStringList { QStringLiteral("--duration"), QStringLiteral("5"),
        QStringLiteral("--pin"), QStringLiteral("NOPE-999@1") }
                                 << true << QStringLiteral("NOPE-999") << 15000 << 1;
    QTest::newRow("unknown --flash-sale SKU")
        << QStringList { QStringLiteral("--duration"), QStringLiteral("5"), QStringLiteral("--flash-sale"),
               QStringLiteral("NOPE-9@1+5") }
        << true << QStringLiteral("--flash-sale NOPE-9@1\\+5: unknown code 'NOPE-9'") << 15000 << 1;
    QTest::newRow("bad --card-template") << QStringList { QStringLiteral("--duration"), QStringLiteral("5"),
        QStringLiteral("--card-template"), QStringLiteral("huge") }
                                         << true << QStringLiteral("--card-template: unknown template 'huge'") << 15000
                                         << 2;
    QTest::newRow("bad --canvas") << QStringList { QStringLiteral("--duration"), QStringLiteral("5"),
        QStringLiteral("--canvas"), QStringLiteral("12xq") }
                                  << true << QStringLiteral("(?i)canvas") << 15000 << 2;
    QTest::newRow("bad --fps") << QStringList { QStringLiteral("--duration"), QStringLiteral("5"),
        QStringLiteral("--fps"), QStringLiteral("abc") }
                               << true << QStringLiteral("(?i)fps") << 15000 << 2;
    QTest::newRow("--pin without time") << QStringList { QStringLiteral("--duration"), QStringLiteral("5"),
        QStringLiteral("--pin"), QStringLiteral("PS-1001") }
                                        << true << QStringLiteral("(?i)pin") << 15000 << 2;
    QTest::newRow("unknown option") << QStringList { QStringLiteral("--duration"), QStringLiteral("5"),
        QStringLiteral("--bogus-flag") }
                                    << true << QStringLiteral("bogus-flag") << 15000 << 2;
    // {tmp} stands for the test's temporary folder.
    QTest::newRow("--record into a missing folder")
        << QStringList { QStringLiteral("--duration"), QStringLiteral("5"), QStringLiteral("--record"),
               QStringLiteral("{tmp}/no-such-folder/show.mkv") }
        << true << QStringLiteral("--record .*no-such-folder.* does not exist") << 15000 << 1;
    // A container libobs's muxer cannot write: refused before going live, with the ones it can.
    QTest::newRow("--record with a text extension")
        << QStringList { QStringLiteral("--duration"), QStringLiteral("5"), QStringLiteral("--record"),
               QStringLiteral("{tmp}/show.txt") }
        << true << QStringLiteral("--record .*show\\.txt: '\\.txt' is not a video container; use \\.mkv") << 15000 << 1;
    QTest::newRow("--record without an extension")
        << QStringList { QStringLiteral("--duration"), QStringLiteral("5"), QStringLiteral("--record"),
               QStringLiteral("{tmp}/show") }
        << true << QStringLiteral("--record .*show: no file extension") << 15000 << 1;
}

void tst_HeadlessStream::failsWithClearError()
{
    QFETCH(QStringList, args);
    QFETCH(bool, reachableServer);
    QFETCH(QString, expected);
    QFETCH(int, withinMs);
    QFETCH(int, exitCode);

    TestTempDir dir(QStringLiteral("headless-error"));
    QVERIFY(dir.isValid());
    args.replaceInStrings(QStringLiteral("{tmp}"), dir.path());
    NginxRtmpServer server;
    QString url;
    if (reachableServer) {
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        url = server.url();
    } else {
        const int closedPort = NginxRtmpServer::pickFreePort();
        QVERIFY(closedPort > 0);
        url = QStringLiteral("rtmp://127.0.0.1:%1/live").arg(closedPort);
    }

    const QString key = randomStreamKey();
    const QStringList fullArgs = QStringList { QStringLiteral("--headless"), QStringLiteral("--stream-url"), url,
        QStringLiteral("--stream-key"), key, QStringLiteral("--data-dir"), dir.mkpath(QStringLiteral("data")) }
        + args;
    // Wait a little longer than required, so a slow failure still shows its output.
    const Run run = runPinstage(fullArgs, dir, withinMs + 10000);

    QVERIFY2(
        run.finished, qPrintable(QStringLiteral("still running after %1 ms\n").arg(withinMs + 10000) + run.describe()));
    QVERIFY2(run.elapsedMs <= withinMs,
        qPrintable(QStringLiteral("took %1 ms, more than %2 ms\n").arg(run.elapsedMs).arg(withinMs) + run.describe()));
    QVERIFY2(run.exitStatus == QProcess::NormalExit, qPrintable(QStringLiteral("crashed\n") + run.describe()));
    QVERIFY2(run.exitCode == exitCode,
        qPrintable(QStringLiteral("exit code %1, expected %2\n").arg(run.exitCode).arg(exitCode) + run.describe()));
    QVERIFY2(!run.out.contains(key.toUtf8()), "the stream key appears on stdout");
    QVERIFY2(!run.err.contains(key.toUtf8()), "the stream key appears on stderr");

    // The last thing on stderr is the one-line explanation.
    const QString errorLine = QString::fromUtf8(lastNonEmptyLine(run.err));
    QVERIFY2(!errorLine.isEmpty(), qPrintable(QStringLiteral("nothing on stderr\n") + run.describe()));
    QVERIFY2(QRegularExpression(expected).match(errorLine).hasMatch(),
        qPrintable(
            QStringLiteral("error line \"%1\" does not match /%2/\n").arg(errorLine, expected) + run.describe()));
    qInfo().noquote() << "error line:" << errorLine;
}

void tst_HeadlessStream::keyInsideUrlNeverLeaks_data()
{
    QTest::addColumn<bool>("withQuery"); // TikTok-like: rtmp://host/app/stream-123?expire=…&sign=…
    QTest::newRow("rtmp://host/live/KEY") << false;
    QTest::newRow("rtmp://host/live/KEY?expire=…&sign=…") << true;
}

// Issue 6, fault 7: the whole ingest address, key included, given as --stream-url with --verbose.
// The key reaches the ingest (nginx names its recording after it) and nothing else: not stdout,
// not stderr (the engine log included), not a file under DATA_DIR.
void tst_HeadlessStream::keyInsideUrlNeverLeaks()
{
    QFETCH(bool, withQuery);
    TestTempDir dir(QStringLiteral("headless-key-in-url"));
    QVERIFY(dir.isValid());
    NginxRtmpServer server;
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));

    const QString key = randomStreamKey();
    const QString signature = randomStreamKey();
    const QString query = QStringLiteral("?expire=1767225600&sign=") + signature;
    const QString url = server.url() + QLatin1Char('/') + key + (withQuery ? query : QString());
    const QString dataDir = dir.mkpath(QStringLiteral("data"));
    const Run run = runPinstage(
        { QStringLiteral("--headless"), QStringLiteral("--stream-url"), url, QStringLiteral("--verbose"),
            QStringLiteral("--duration"), QStringLiteral("4"), QStringLiteral("--canvas"), QStringLiteral("288x512"),
            QStringLiteral("--pin"), QStringLiteral("PS-1001@1"), QStringLiteral("--data-dir"), dataDir },
        dir, 90000);
    QVERIFY2(run.finished && run.exitStatus == QProcess::NormalExit && run.exitCode == 0, qPrintable(run.describe()));

    // It said what it did, without the key.
    const QString note = QStringLiteral("pinstage: --stream-url held the stream key after the application path "
                                        "('%1/••••'): using %1 as the server and the rest as the stream key (enter "
                                        "the key on its own to keep it out of the URL)")
                             .arg(server.url());
    QVERIFY2(run.err.startsWith(note.toUtf8() + '\n'), qPrintable(run.describe()));
    // --verbose printed the engine log, libobs's connect line among it.
    QVERIFY2(run.err.contains(QStringLiteral("Connecting to RTMP URL %1").arg(server.url()).toUtf8()),
        qPrintable(run.describe()));

    for (const QString& secret : { key, signature }) {
        QVERIFY2(!run.out.contains(secret.toUtf8()), "a secret appears on stdout");
        QVERIFY2(!run.err.contains(secret.toUtf8()), "a secret appears on stderr");
        const QStringList leaks = filesContaining(dataDir, secret.toUtf8());
        QVERIFY2(
            leaks.isEmpty(), qPrintable(QStringLiteral("a secret was written to: ") + leaks.join(QLatin1String(", "))));
    }
    QVERIFY2(!QDir(dataDir + QStringLiteral("/logs")).isEmpty(), "the engine log was not written");
    QVERIFY2(!QDir(dataDir + QStringLiteral("/shows")).isEmpty(), "the show log was not written");

    // The key reached the ingest as the stream name (nginx records <name>.flv, outside DATA_DIR).
    QVERIFY2(NginxRtmpServer::waitForRecordingClosed(server.recordingPath(key), 20000, &error),
        qPrintable(error + QStringLiteral("\n--- nginx ---\n") + server.errorLog()));
}

void tst_HeadlessStream::badKeyIsBadUsage_data()
{
    QTest::addColumn<QStringList>("args"); // besides --headless --data-dir
    QTest::addColumn<QByteArray>("environment"); // PINSTAGE_STREAM_KEY; empty: unset
    QTest::addColumn<QString>("expected"); // the whole last line of stderr

    const QString tail = QStringLiteral("; only whitespace around the key is removed: copy the key again, on its own");
    const QStringList url = { QStringLiteral("--stream-url"), QStringLiteral("rtmp://127.0.0.1:1/live") };
    QTest::newRow("environment")
        << url << QByteArray("live key_1234")
        << "pinstage: PINSTAGE_STREAM_KEY: the stream key contains a space inside it (character 5 of 13)" + tail;
    QTest::newRow("flag") << url + QStringList { QStringLiteral("--stream-key"), QStringLiteral("live\tkey_1234") }
                          << QByteArray()
                          << "pinstage: --stream-key: the stream key contains a tab inside it (character 5 of 13)"
            + tail;
    QTest::newRow("key in url and in environment")
        << QStringList { QStringLiteral("--stream-url"), QStringLiteral("rtmp://127.0.0.1:1/live/key_in_url_1234") }
        << QByteArray("other_key_5678")
        << QStringLiteral("pinstage: --stream-url: 'rtmp://127.0.0.1:1/live/••••' goes on after its application path "
                          "and a stream key is entered too (PINSTAGE_STREAM_KEY): enter the server alone "
                          "(rtmp://127.0.0.1:1/live) and the stream key in PINSTAGE_STREAM_KEY");
}

// Issue 6, fault 6: a bad key is bad usage (exit 2, as the README says), named by its source.
void tst_HeadlessStream::badKeyIsBadUsage()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, environment);
    QFETCH(QString, expected);
    TestTempDir dir(QStringLiteral("headless-bad-key"));
    QVERIFY(dir.isValid());
    QProcessEnvironment extra;
    if (!environment.isEmpty())
        extra.insert(QStringLiteral("PINSTAGE_STREAM_KEY"), QString::fromUtf8(environment));
    const Run run = runPinstage(
        QStringList { QStringLiteral("--headless"), QStringLiteral("--data-dir"), dir.mkpath(QStringLiteral("data")) }
            + args,
        dir, 30000, extra);
    QVERIFY2(run.finished && run.exitStatus == QProcess::NormalExit, qPrintable(run.describe()));
    QVERIFY2(run.exitCode == 2, qPrintable(run.describe()));
    QCOMPARE(QString::fromUtf8(lastNonEmptyLine(run.err)), expected);
    QVERIFY(run.out.isEmpty());
}

QTEST_GUILESS_MAIN(tst_HeadlessStream)
#include "tst_headless_stream.moc"
