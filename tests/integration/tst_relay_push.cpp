// SPDX-License-Identifier: GPL-2.0-or-later
// Beyond one PC (issue 11 item 9): when the seller's upload cannot carry every destination,
// Pinstage sends one stream to a relay the seller runs, and the relay fans it out. Here the relay is
// nginx-rtmp's own `push` (README: "A relay for more destinations"): the real `pinstage --headless`
// streams to relay A on loopback, A pushes it on to B under another stream key (as to a platform)
// and to C under the same name. What B and C received is probed (codecs, size, duration); the key
// Pinstage used reaches none of its outputs. All servers run in the test's temporary folders and
// are stopped by pid.
#include "HeadlessProcess.h"
#include "HeadlessTestCase.h"
#include "MediaProbe.h"
#include "NginxRtmpServer.h"
#include "TestTempDir.h"
#include "XvfbServer.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QTest>

#include <cmath>
#include <memory>

#ifndef PINSTAGE_BINARY
#error "PINSTAGE_BINARY must name the pinstage executable (see tests/integration/CMakeLists.txt)"
#endif

using namespace pinstage::test;

class tst_RelayPush : public HeadlessTestCase {
    Q_OBJECT
public:
    tst_RelayPush()
        : HeadlessTestCase(QStringLiteral(PINSTAGE_BINARY))
    {
    }

private slots:
    void relayPushesToTwoServers();

private:
};

void tst_RelayPush::relayPushesToTwoServers()
{
    TestTempDir dir(QStringLiteral("relay"));
    QVERIFY(dir.isValid());
    QString error;
    // The destinations first (they stand for the platforms), then the relay that pushes to them.
    NginxRtmpServer platformB;
    NginxRtmpServer platformC;
    QVERIFY2(platformB.start(&error), qPrintable(error));
    QVERIFY2(platformC.start(&error), qPrintable(error));
    const QString relayKey = randomStreamKey(); // what Pinstage sends to the relay
    const QString keyB = randomStreamKey(); // B's own key, known to the relay's configuration only
    NginxRtmpServer relay;
    relay.addPushTarget(platformB.url() + QLatin1Char('/') + keyB);
    relay.addPushTarget(platformC.url()); // the same stream name as received
    QVERIFY2(relay.start(&error), qPrintable(error));

    const QString dataDir = dir.mkpath(QStringLiteral("data"));
    constexpr int kSeconds = 8;
    QProcess process;
    QProcessEnvironment env = confinedEnvironment(xvfb(), dir);
    env.remove(QStringLiteral("PINSTAGE_STREAM_KEY"));
    process.setProcessEnvironment(env);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(QStringLiteral(PINSTAGE_BINARY),
        { QStringLiteral("--headless"), QStringLiteral("--stream-url"), relay.url(), QStringLiteral("--stream-key"),
            relayKey, QStringLiteral("--duration"), QString::number(kSeconds), QStringLiteral("--canvas"),
            QStringLiteral("360x640"), QStringLiteral("--camera"), QStringLiteral("none"), QStringLiteral("--mic"),
            QStringLiteral("none"), QStringLiteral("--data-dir"), dataDir });
    const bool finished = process.waitForFinished(120000);
    if (!finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    const QByteArray out = process.readAllStandardOutput();
    const QByteArray err = process.readAllStandardError();
    const QString describe = QStringLiteral("code %1\n--- stdout ---\n%2\n--- stderr ---\n%3")
                                 .arg(process.exitCode())
                                 .arg(QString::fromUtf8(out.right(3000)), QString::fromUtf8(err.right(4000)));
    QVERIFY2(finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0, qPrintable(describe));
    qInfo().noquote() << "statistics:" << lastNonEmptyLine(out);
    for (const QString& key : { relayKey, keyB }) {
        QVERIFY2(!out.contains(key.toUtf8()) && !err.contains(key.toUtf8()), "a key appears on stdout or stderr");
        QVERIFY2(filesContaining(dataDir, key.toUtf8()).isEmpty(), "a key was written to the data folder");
    }
    // Pinstage sent one stream: to the relay only.
    const QJsonArray destinations
        = QJsonDocument::fromJson(lastNonEmptyLine(out)).object().value(QStringLiteral("destinations")).toArray();
    QCOMPARE(destinations.size(), 1);
    QCOMPARE(destinations.at(0).toObject().value(QStringLiteral("url")).toString(), relay.url());

    // The relay received it, and pushed it on: to B under B's key, to C under the same name.
    const QString atRelay = relay.recordingPath(relayKey);
    const QString atB = platformB.recordingPath(keyB);
    const QString atC = platformC.recordingPath(relayKey);
    QVERIFY2(NginxRtmpServer::waitForRecordingClosed(atRelay, 20000, &error), qPrintable(error + relay.errorLog()));
    QVERIFY2(NginxRtmpServer::waitForRecordingClosed(atB, 20000, &error),
        qPrintable(
            error + QStringLiteral("\nrelay:\n") + relay.errorLog() + QStringLiteral("\nB:\n") + platformB.errorLog()));
    QVERIFY2(NginxRtmpServer::waitForRecordingClosed(atC, 20000, &error),
        qPrintable(
            error + QStringLiteral("\nrelay:\n") + relay.errorLog() + QStringLiteral("\nC:\n") + platformC.errorLog()));
    relay.stop();
    platformB.stop();
    platformC.stop();
    // Each got what Pinstage says it sent (by frames: on a loaded machine the show's first frames can
    // come late, so the stream may be shorter than --duration), whole and unchanged.
    const double sentFrames = destinations.at(0).toObject().value(QStringLiteral("frames")).toDouble();
    QVERIFY2(sentFrames >= kSeconds * 30 / 2, qPrintable(QString::number(sentFrames)));
    const QList<std::pair<QString, QString>> received = { { QStringLiteral("relay A"), atRelay },
        { QStringLiteral("B (pushed, own key)"), atB }, { QStringLiteral("C (pushed, same name)"), atC } };
    for (const auto& [label, path] : received) {
        const std::optional<MediaInfo> info = MediaProbe::probe(path, &error);
        QVERIFY2(info, qPrintable(error));
        qInfo().noquote() << label << QFileInfo(path).size() << "bytes:" << *info;
        QCOMPARE(info->videoCodec, QStringLiteral("h264"));
        QCOMPARE(info->audioCodec, QStringLiteral("aac"));
        QCOMPARE(QSize(info->width, info->height), QSize(360, 640));
        QVERIFY2(std::abs(info->videoFrames - sentFrames) <= 30,
            qPrintable(
                QStringLiteral("%1: %2 frames received, %3 sent").arg(label).arg(info->videoFrames).arg(sentFrames)));
        QVERIFY2(std::abs(info->duration - sentFrames / 30.0) <= 1.0, qPrintable(QString::number(info->duration)));
        QVERIFY2(info->maxVideoGap < 0.5, qPrintable(QString::number(info->maxVideoGap)));
    }
}

QTEST_GUILESS_MAIN(tst_RelayPush)
#include "tst_relay_push.moc"
