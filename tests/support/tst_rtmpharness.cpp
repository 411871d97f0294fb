// SPDX-License-Identifier: GPL-2.0-or-later
// Self-test of NginxRtmpServer: it starts, records what ffmpeg publishes, and stops cleanly.
#include "MediaProbe.h"
#include "NginxRtmpServer.h"

#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

#include <cmath>

using namespace pinstage::test;

class tst_RtmpHarness : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void startsOnRandomPortAndStops();
    void twoServersDoNotCollide();
    void recordsPublishedStream();
    void restartsAfterOutage();
    void pickFreePortIsInRange();
};

void tst_RtmpHarness::initTestCase()
{
    if (QStandardPaths::findExecutable(
            QStringLiteral("nginx"), { QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin") })
            .isEmpty()) {
        QFAIL("nginx is not installed (Debian packages nginx and libnginx-mod-rtmp; packaging/install-deps.sh installs "
              "them)");
    }
    if (QStandardPaths::findExecutable(QStringLiteral("ffmpeg")).isEmpty())
        QFAIL("ffmpeg is not installed (Debian package ffmpeg; packaging/install-deps.sh installs it)");
}

void tst_RtmpHarness::startsOnRandomPortAndStops()
{
    NginxRtmpServer server;
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    QVERIFY(server.isRunning());
    QVERIFY(server.pid() > 0);
    QVERIFY(server.port() >= 20000 && server.port() <= 60000);
    QCOMPARE(server.url(), QStringLiteral("rtmp://127.0.0.1:%1/live").arg(server.port()));
    QCOMPARE(server.recordingPath(QStringLiteral("abc")), server.directory() + QStringLiteral("/rec/abc.flv"));
    QVERIFY(QFileInfo::exists(server.directory() + QStringLiteral("/nginx.pid")));
    server.stop();
    QVERIFY(!server.isRunning());
    QCOMPARE(server.pid(), 0);
}

void tst_RtmpHarness::twoServersDoNotCollide()
{
    NginxRtmpServer a;
    NginxRtmpServer b;
    QString error;
    QVERIFY2(a.start(&error), qPrintable(error));
    QVERIFY2(b.start(&error), qPrintable(error));
    QVERIFY(a.port() != b.port());
    QVERIFY(a.directory() != b.directory());
}

void tst_RtmpHarness::recordsPublishedStream()
{
    NginxRtmpServer server;
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));

    QProcess ffmpeg;
    ffmpeg.setProcessChannelMode(QProcess::MergedChannels);
    ffmpeg.start(QStringLiteral("ffmpeg"),
        { QStringLiteral("-hide_banner"), QStringLiteral("-nostdin"), QStringLiteral("-loglevel"),
            QStringLiteral("error"), QStringLiteral("-re"), QStringLiteral("-f"), QStringLiteral("lavfi"),
            QStringLiteral("-i"), QStringLiteral("testsrc2=size=320x240:rate=25"), QStringLiteral("-f"),
            QStringLiteral("lavfi"), QStringLiteral("-i"), QStringLiteral("sine"), QStringLiteral("-t"),
            QStringLiteral("4"), QStringLiteral("-c:v"), QStringLiteral("libx264"), QStringLiteral("-preset"),
            QStringLiteral("veryfast"), QStringLiteral("-g"), QStringLiteral("50"), QStringLiteral("-pix_fmt"),
            QStringLiteral("yuv420p"), QStringLiteral("-c:a"), QStringLiteral("aac"), QStringLiteral("-f"),
            QStringLiteral("flv"), server.url() + QStringLiteral("/smoke") });
    QVERIFY2(ffmpeg.waitForFinished(60000), "ffmpeg did not finish within 60 s");
    QVERIFY2(ffmpeg.exitStatus() == QProcess::NormalExit && ffmpeg.exitCode() == 0,
        qPrintable(QString::fromLocal8Bit(ffmpeg.readAll()) + server.errorLog()));

    const QString recording = server.recordingPath(QStringLiteral("smoke"));
    QVERIFY2(NginxRtmpServer::waitForRecordingClosed(recording, 15000, &error),
        qPrintable(error + QLatin1Char('\n') + server.errorLog()));
    server.stop();

    const std::optional<MediaInfo> info = MediaProbe::probe(recording, &error);
    QVERIFY2(info, qPrintable(error));
    qDebug() << *info;
    QCOMPARE(info->videoCodec, QStringLiteral("h264"));
    QCOMPARE(info->audioCodec, QStringLiteral("aac"));
    QCOMPARE(info->width, 320);
    QCOMPARE(info->height, 240);
    QVERIFY2(std::abs(info->duration - 4.0) < 0.5, qPrintable(QString::number(info->duration)));
    QVERIFY2(std::abs(info->frameRate - 25.0) < 0.5, qPrintable(QString::number(info->frameRate)));
    QVERIFY2(info->videoFrames >= 95 && info->videoFrames <= 101, qPrintable(QString::number(info->videoFrames)));
    QVERIFY(std::abs(info->videoStart) < 0.5);

    QVERIFY2(!MediaProbe::frameAt(recording, 2.0, &error).isNull(), qPrintable(error));
}

void tst_RtmpHarness::restartsAfterOutage()
{
    NginxRtmpServer server;
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    const int port = server.port();
    const qint64 firstPid = server.pid();
    server.stopForOutage();
    QVERIFY(!server.isRunning());
    QVERIFY2(server.restart(&error), qPrintable(error));
    QVERIFY(server.isRunning());
    QCOMPARE(server.port(), port);
    QVERIFY(server.pid() != firstPid);
}

void tst_RtmpHarness::pickFreePortIsInRange()
{
    const int port = NginxRtmpServer::pickFreePort();
    QVERIFY(port >= 20000 && port <= 60000);
}

QTEST_GUILESS_MAIN(tst_RtmpHarness)
#include "tst_rtmpharness.moc"
