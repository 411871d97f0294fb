// SPDX-License-Identifier: GPL-2.0-or-later
// Vertical and horizontal from one PC (issue 11 item 2), end to end: the real `pinstage --headless`
// streams the vertical program (360x640) to one destination and the horizontal second canvas (640x360,
// a libobs view of the collection's landscape scene, encoded by its own x264 encoder) to another, both
// into a private nginx-rtmp on loopback. The run of show takes a card; each recording nginx made is
// probed (size, codecs) and decoded, and the card's accent bar is found in both pictures where the
// default template puts it for that canvas. The announcement bar is in both pictures too, each painted
// for its canvas, and a switch to "Be right back" reaches both (the horizontal canvas shows its
// landscape twin). Bad values of the new flags are refused naming the flag.
#include "HeadlessProcess.h"
#include "HeadlessTestCase.h"
#include "MediaProbe.h"
#include "NginxRtmpServer.h"
#include "TestTempDir.h"
#include "XvfbServer.h"

#include "catalog/Catalog.h"
#include "overlay/AnnouncementPainter.h"
#include "overlay/CardLayout.h"
#include "scene/DefaultCollection.h"

#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <cmath>
#include <memory>

#ifndef PINSTAGE_BINARY
#error "PINSTAGE_BINARY must name the pinstage executable (see tests/integration/CMakeLists.txt)"
#endif

using namespace pinstage::test;

namespace {

const QSize kVertical(360, 640);
const QSize kHorizontal(640, 360);
constexpr int kColourTolerance = 40; // per channel; H.264 + 4:2:0 chroma smear the bar's colour

bool coloursClose(const QColor& a, const QColor& b, int tolerance)
{
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance
        && std::abs(a.blue() - b.blue()) <= tolerance;
}

} // namespace

class tst_Canvases : public HeadlessTestCase {
    Q_OBJECT
public:
    tst_Canvases()
        : HeadlessTestCase(QStringLiteral(PINSTAGE_BINARY))
    {
    }

private slots:
    void verticalAndHorizontalDestinations();
    void badValuesNameTheFlag();

private:
    using Run = ProgramRun;
    Run runPinstage(const QStringList& args, const TestTempDir& dir, int timeoutMs) const;
};

tst_Canvases::Run tst_Canvases::runPinstage(const QStringList& args, const TestTempDir& dir, int timeoutMs) const
{
    QProcessEnvironment env = confinedEnvironment(xvfb(), dir);
    env.remove(QStringLiteral("PINSTAGE_STREAM_KEY"));
    const Run run = runProgram(binary(), args, env, dir.path(), timeoutMs);
    keepOutput(run, dir.path());
    return run;
}

void tst_Canvases::verticalAndHorizontalDestinations()
{
    TestTempDir dir(QStringLiteral("canvases"));
    QVERIFY(dir.isValid());
    if (qEnvironmentVariableIsSet("PINSTAGE_KEEP_TEST_DIRS"))
        dir.keep(); // the decoded frames, to look at
    NginxRtmpServer server;
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    const QString dataDir = dir.mkpath(QStringLiteral("data"));

    // The run of show: one card, taken when the stream is live.
    {
        std::unique_ptr<pinstage::Catalog> catalog
            = pinstage::Catalog::open(pinstage::Catalog::pathInDataDir(dataDir), &error);
        QVERIFY2(catalog, qPrintable(error));
        QVERIFY2(pinstage::seedDemoCatalog(*catalog, dataDir, &error), qPrintable(error));
    }
    const Run created
        = runPinstage({ QStringLiteral("show"), QStringLiteral("create"), QStringLiteral("canvases"),
                          QStringLiteral("--add"), QStringLiteral("PS-1001"), QStringLiteral("--data-dir"), dataDir },
            dir, 60000);
    QVERIFY2(created.finished && created.exitCode == 0, qPrintable(created.describe()));

    const QString verticalKey = randomStreamKey();
    const QString horizontalKey = randomStreamKey();
    // The card from the start; the announcement from 3.5 s; "Be right back" from 7 s to the end at 10 s.
    constexpr int kSeconds = 10;
    constexpr double kAnnounceAt = 3.5;
    constexpr double kSwitchAt = 7;
    const QString announcement = QStringLiteral("Free shipping today");
    const Run run = runPinstage(
        { QStringLiteral("--headless"), QStringLiteral("--stream-url"), server.url(), QStringLiteral("--stream-key"),
            verticalKey, QStringLiteral("--stream-canvas"), QStringLiteral("vertical"), QStringLiteral("--stream-url"),
            server.url(), QStringLiteral("--stream-key"), horizontalKey, QStringLiteral("--stream-canvas"),
            QStringLiteral("horizontal"), QStringLiteral("--canvas"), QStringLiteral("360x640"),
            QStringLiteral("--horizontal-canvas"), QStringLiteral("640x360"), QStringLiteral("--show"),
            QStringLiteral("canvases"), QStringLiteral("--duration"), QString::number(kSeconds),
            QStringLiteral("--announce"), announcement + QStringLiteral("@%1").arg(kAnnounceAt),
            QStringLiteral("--switch"), QStringLiteral("Be right back@%1").arg(kSwitchAt), QStringLiteral("--camera"),
            QStringLiteral("none"), QStringLiteral("--mic"), QStringLiteral("none"), QStringLiteral("--data-dir"),
            dataDir },
        dir, 120000);
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(run.describe()));
    for (const QString& key : { verticalKey, horizontalKey }) {
        QVERIFY2(!run.out.contains(key.toUtf8()) && !run.err.contains(key.toUtf8()), "a stream key was printed");
        QVERIFY2(filesContaining(dataDir, key.toUtf8()).isEmpty(), "a stream key was written to the data folder");
    }

    // The final JSON line: each destination's canvas, and a video encoder of its own for the horizontal one.
    const QJsonObject stats = QJsonDocument::fromJson(lastNonEmptyLine(run.out)).object();
    qInfo().noquote() << "statistics:" << lastNonEmptyLine(run.out);
    const QJsonArray destinations = stats.value(QStringLiteral("destinations")).toArray();
    QCOMPARE(destinations.size(), 2);
    const QJsonObject vertical = destinations.at(0).toObject();
    const QJsonObject horizontal = destinations.at(1).toObject();
    QCOMPARE(vertical.value(QStringLiteral("canvas")).toString(), QStringLiteral("vertical"));
    QCOMPARE(horizontal.value(QStringLiteral("canvas")).toString(), QStringLiteral("horizontal"));
    QCOMPARE(vertical.value(QStringLiteral("state")).toString(), QStringLiteral("stopped"));
    QCOMPARE(horizontal.value(QStringLiteral("state")).toString(), QStringLiteral("stopped"));
    QVERIFY(vertical.value(QStringLiteral("encoder")).toInt() != horizontal.value(QStringLiteral("encoder")).toInt());

    // The collection got its landscape scene, saved with the canvas it was laid out for.
    QFile collection(dataDir + QStringLiteral("/scenes.json"));
    QVERIFY(collection.open(QIODevice::ReadOnly));
    const QByteArray scenes = collection.readAll();
    QVERIFY2(scenes.contains("\"Landscape\"") && scenes.contains("Product card 16:9")
            && scenes.contains("Announcement 16:9") && scenes.contains("\"Be right back Landscape\""),
        scenes.constData());

    // What nginx received: each destination its own canvas.
    const QString verticalRecording = server.recordingPath(verticalKey);
    const QString horizontalRecording = server.recordingPath(horizontalKey);
    QVERIFY2(NginxRtmpServer::waitForRecordingClosed(verticalRecording, 20000, &error),
        qPrintable(error + server.errorLog()));
    QVERIFY2(NginxRtmpServer::waitForRecordingClosed(horizontalRecording, 20000, &error),
        qPrintable(error + server.errorLog()));
    server.stop();
    const std::optional<MediaInfo> verticalInfo = MediaProbe::probe(verticalRecording, &error);
    QVERIFY2(verticalInfo, qPrintable(error));
    const std::optional<MediaInfo> horizontalInfo = MediaProbe::probe(horizontalRecording, &error);
    QVERIFY2(horizontalInfo, qPrintable(error));
    qInfo() << "vertical" << *verticalInfo;
    qInfo() << "horizontal" << *horizontalInfo;
    QCOMPARE(QSize(verticalInfo->width, verticalInfo->height), kVertical);
    QCOMPARE(QSize(horizontalInfo->width, horizontalInfo->height), kHorizontal);
    for (const MediaInfo* info : { &*verticalInfo, &*horizontalInfo }) {
        QCOMPARE(info->videoCodec, QStringLiteral("h264"));
        QCOMPARE(info->audioCodec, QStringLiteral("aac"));
        QVERIFY2(std::abs(info->frameRate - 30.0) <= 0.5, qPrintable(QString::number(info->frameRate)));
        QVERIFY2(std::abs(info->duration - kSeconds) <= 1.5, qPrintable(QString::number(info->duration)));
    }

    // The card the run of show took, in both pictures, where the template puts it for each canvas.
    // Show times, in each recording: a destination that connected later (the horizontal canvas's view
    // and encoder start with the show) has a shorter recording that ends with the show.
    const QColor accent = pinstage::CardLayout::accentColor();
    const double showSeconds = stats.value(QStringLiteral("duration_s")).toDouble();
    for (const auto& [recording, canvas, name, info] :
        { std::tuple { verticalRecording, kVertical, QStringLiteral("vertical"), &*verticalInfo },
            std::tuple { horizontalRecording, kHorizontal, QStringLiteral("horizontal"), &*horizontalInfo } }) {
        const double late = std::max(0.0, showSeconds - info->duration);
        qInfo().noquote() << QStringLiteral("%1: the recording starts %2 s into the show").arg(name).arg(late);
        QVERIFY2(late < kAnnounceAt - 1.5, qPrintable(QString::number(late)));
        const QImage frame = MediaProbe::frameAt(recording, kSwitchAt - 1.5 - late, &error);
        QVERIFY2(!frame.isNull(), qPrintable(error));
        QCOMPARE(frame.size(), canvas);
        const QString png = dir.filePath(QStringLiteral("frame-%1.png").arg(name));
        frame.save(png);
        const QRect bar = pinstage::CardLayout::accentBarRect(canvas).adjusted(2, 2, -2, -2);
        QVERIFY(!bar.isEmpty());
        const QColor mean = MediaProbe::meanColor(frame, bar);
        qInfo().noquote() << QStringLiteral("%1: accent bar at %2,%3 %4x%5 is %6 (accent %7); frame in %8")
                                 .arg(name)
                                 .arg(bar.x())
                                 .arg(bar.y())
                                 .arg(bar.width())
                                 .arg(bar.height())
                                 .arg(mean.name(), accent.name(), png);
        QVERIFY2(coloursClose(mean, accent, kColourTolerance),
            qPrintable(QStringLiteral("no card on the %1 canvas: %2 at the bar").arg(name, mean.name())));

        // The announcement bar, painted for this canvas (its size, its font), where it belongs on it:
        // not there before the announcement, there after it (the 16-pixel bar of a 640x360 canvas is
        // mostly text edges, which H.264 smears most).
        const QRect barArea = pinstage::AnnouncementPainter::barRect(canvas);
        const QImage expectedBar = pinstage::AnnouncementPainter::paintStatic(announcement, canvas);
        const QImage before = MediaProbe::frameAt(recording, kAnnounceAt - 1 - late, &error);
        QVERIFY2(!before.isNull(), qPrintable(error));
        before.save(dir.filePath(QStringLiteral("frame-%1-before-announcement.png").arg(name)));
        const double barOn = MediaProbe::differenceOver(frame, barArea, expectedBar);
        const double barOff = MediaProbe::differenceOver(before, barArea, expectedBar);
        qInfo().noquote() << QStringLiteral("%1: announcement bar at %2,%3 %4x%5 differs by %6 while up, %7 before")
                                 .arg(name)
                                 .arg(barArea.x())
                                 .arg(barArea.y())
                                 .arg(barArea.width())
                                 .arg(barArea.height())
                                 .arg(barOn, 0, 'f', 1)
                                 .arg(barOff, 0, 'f', 1);
        QVERIFY2(
            barOn < 18, qPrintable(QStringLiteral("no announcement bar on the %1 canvas: %2").arg(name).arg(barOn)));
        QVERIFY2(
            barOff > 25, qPrintable(QStringLiteral("%1: a bar before the announcement: %2").arg(name).arg(barOff)));

        // "Be right back" on the program: both pictures show it (the horizontal one its landscape twin,
        // filling the 16:9 frame), and no card or bar.
        const QImage away = MediaProbe::frameAt(recording, kSwitchAt + 2 - late, &error);
        QVERIFY2(!away.isNull(), qPrintable(error));
        away.save(dir.filePath(QStringLiteral("frame-%1-be-right-back.png").arg(name)));
        const QColor brb = pinstage::DefaultCollection::beRightBackColor();
        for (const QRect& corner : { QRect(4, 4, 24, 24), QRect(canvas.width() - 28, canvas.height() - 28, 24, 24),
                 QRect(canvas.width() - 28, 4, 24, 24), QRect(4, canvas.height() - 28, 24, 24) }) {
            const QColor seen = MediaProbe::meanColor(away, corner);
            QVERIFY2(coloursClose(seen, brb, 12),
                qPrintable(QStringLiteral("%1 at %2 s: %3 at %4,%5, not the 'Be right back' colour %6")
                               .arg(name)
                               .arg(kSwitchAt + 2)
                               .arg(seen.name())
                               .arg(corner.x())
                               .arg(corner.y())
                               .arg(brb.name())));
        }
    }
    const QJsonArray switches = stats.value(QStringLiteral("switches")).toArray();
    QCOMPARE(switches.size(), 1);
    QCOMPARE(switches.at(0).toObject().value(QStringLiteral("scene")).toString(), QStringLiteral("Be right back"));
}

void tst_Canvases::badValuesNameTheFlag()
{
    TestTempDir dir(QStringLiteral("canvases-usage"));
    const QString key = randomStreamKey();
    const QStringList base { QStringLiteral("--headless"), QStringLiteral("--stream-url"),
        QStringLiteral("rtmp://127.0.0.1:1/live"), QStringLiteral("--stream-key"), key };

    Run run
        = runPinstage(base + QStringList { QStringLiteral("--stream-canvas"), QStringLiteral("diagonal") }, dir, 30000);
    QVERIFY2(run.finished && run.exitCode == 2, qPrintable(run.describe()));
    QVERIFY2(run.err.contains("--stream-canvas: expected vertical or horizontal, got 'diagonal'"),
        qPrintable(run.describe()));

    run = runPinstage(
        base + QStringList { QStringLiteral("--horizontal-canvas"), QStringLiteral("641x360") }, dir, 30000);
    QVERIFY2(run.finished && run.exitCode == 2, qPrintable(run.describe()));
    QVERIFY2(run.err.contains("--horizontal-canvas: "), qPrintable(run.describe()));

    run = runPinstage(base
            + QStringList { QStringLiteral("--stream-canvas"), QStringLiteral("horizontal"),
                QStringLiteral("--stream-canvas"), QStringLiteral("vertical") },
        dir, 30000);
    QVERIFY2(run.finished && run.exitCode == 2, qPrintable(run.describe()));
    QVERIFY2(run.err.contains("--stream-canvas is given 2 times for 1 --stream-url"), qPrintable(run.describe()));

    // A scene the collection does not have: refused before going live, naming the flag.
    run = runPinstage(base
            + QStringList { QStringLiteral("--stream-canvas"), QStringLiteral("horizontal"),
                QStringLiteral("--horizontal-scene"), QStringLiteral("Nowhere"), QStringLiteral("--canvas"),
                QStringLiteral("360x640"), QStringLiteral("--camera"), QStringLiteral("none"), QStringLiteral("--mic"),
                QStringLiteral("none"), QStringLiteral("--data-dir"), dir.mkpath(QStringLiteral("data")) },
        dir, 60000);
    QVERIFY2(run.finished && run.exitCode == 1, qPrintable(run.describe()));
    QVERIFY2(run.err.contains("--horizontal-scene: no scene is named 'Nowhere'"), qPrintable(run.describe()));
    QVERIFY(!run.err.contains(key.toUtf8()));
}

int main(int argc, char** argv)
{
    // The test paints the expected announcement bar with QPainter (fonts need a QGuiApplication); it
    // draws nothing on screen. The pinstage it starts gets the private Xvfb instead.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    tst_Canvases test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_canvases.moc"
