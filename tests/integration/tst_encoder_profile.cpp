// SPDX-License-Identifier: GPL-2.0-or-later
// The encoder profile reaches the stream: `pinstage --headless --encoder-profile live-selling|quality`
// streams a few seconds into a private nginx-rtmp, and the recording nginx made of what it received
// is read back with libavformat/libavcodec (MediaProbe). Live selling (the default) must carry no
// B-frames: every packet is shown in the order it is decoded (pts == dts) and the decoder holds
// no frame back (has_b_frames == 0). Quality keeps x264's veryfast B-frames (reordered packets, a
// reorder delay), so the check would notice a profile that did not reach the encoder.
#include "HeadlessProcess.h"
#include "HeadlessTestCase.h"
#include "MediaProbe.h"
#include "NginxRtmpServer.h"
#include "TestTempDir.h"
#include "XvfbServer.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <memory>

#ifndef PINSTAGE_BINARY
#error "PINSTAGE_BINARY must name the pinstage executable (see tests/integration/CMakeLists.txt)"
#endif

using namespace pinstage::test;

class tst_EncoderProfile : public HeadlessTestCase {
    Q_OBJECT
public:
    tst_EncoderProfile()
        : HeadlessTestCase(QStringLiteral(PINSTAGE_BINARY))
    {
    }

private slots:

    void streamCarriesTheProfile_data();
    void streamCarriesTheProfile();
    void badProfileIsBadUsage();

private:
    using Run = ProgramRun;
    Run runPinstage(const QStringList& args, const TestTempDir& dir, int timeoutMs) const;
};

tst_EncoderProfile::Run tst_EncoderProfile::runPinstage(
    const QStringList& args, const TestTempDir& dir, int timeoutMs) const
{
    Run run = runProgram(binary(), args, environment(dir), dir.path(), timeoutMs);
    keepOutput(run, dir.path());
    return run;
}

void tst_EncoderProfile::streamCarriesTheProfile_data()
{
    QTest::addColumn<QStringList>("flag"); // empty: the default
    QTest::addColumn<QString>("profile"); // as the statistics line names it
    QTest::addColumn<bool>("bFrames");
    QTest::newRow("default") << QStringList() << QStringLiteral("live-selling") << false;
    QTest::newRow("live-selling") << QStringList { QStringLiteral("--encoder-profile"), QStringLiteral("live-selling") }
                                  << QStringLiteral("live-selling") << false;
    QTest::newRow("quality") << QStringList { QStringLiteral("--encoder-profile=quality") } << QStringLiteral("quality")
                             << true;
}

void tst_EncoderProfile::streamCarriesTheProfile()
{
    QFETCH(QStringList, flag);
    QFETCH(QString, profile);
    QFETCH(bool, bFrames);

    TestTempDir dir(QStringLiteral("encoder-profile"));
    QVERIFY(dir.isValid());
    NginxRtmpServer server;
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    const QString key = randomStreamKey();
    const Run run = runPinstage(headlessShowArgs(server.url(), key, 5, dir.mkpath(QStringLiteral("data")),
                                    QStringList { QStringLiteral("--mic"), QStringLiteral("none"),
                                        QStringLiteral("--camera"), QStringLiteral("none") }
                                        + flag),
        dir, 90000);
    QVERIFY2(run.finished && run.exitCode == 0, qPrintable(run.describe()));
    const QJsonObject stats = QJsonDocument::fromJson(lastNonEmptyLine(run.out)).object();
    QCOMPARE(stats.value(QStringLiteral("encoder_profile")).toString(), profile);

    const QString recording = server.recordingPath(key);
    QVERIFY2(NginxRtmpServer::waitForRecordingClosed(recording, 20000, &error),
        qPrintable(error + QStringLiteral("\n--- nginx ---\n") + server.errorLog()));
    server.stop();
    const std::optional<MediaInfo> info = MediaProbe::probe(recording, &error);
    QVERIFY2(info, qPrintable(error));
    qInfo() << *info;
    QCOMPARE(info->videoCodec, QStringLiteral("h264"));
    QVERIFY2(info->videoFrames >= 60, qPrintable(QString::number(info->videoFrames)));
    QCOMPARE(info->videoProfile, QStringLiteral("High"));
    const QString order = QStringLiteral("%1 of %2 video packets reordered (pts != dts), decoder delay %3 frames")
                              .arg(info->reorderedVideoPackets)
                              .arg(info->videoFrames)
                              .arg(info->videoReorderDelay);
    if (bFrames) {
        QVERIFY2(info->reorderedVideoPackets > 0, qPrintable(order));
        QVERIFY2(info->videoReorderDelay > 0, qPrintable(order));
    } else {
        QVERIFY2(info->reorderedVideoPackets == 0, qPrintable(order));
        QVERIFY2(info->videoReorderDelay == 0, qPrintable(order));
    }
}

void tst_EncoderProfile::badProfileIsBadUsage()
{
    TestTempDir dir(QStringLiteral("encoder-profile-bad"));
    QVERIFY(dir.isValid());
    const Run run = runPinstage(
        { QStringLiteral("--headless"), QStringLiteral("--stream-url"), QStringLiteral("rtmp://127.0.0.1:1/live"),
            QStringLiteral("--stream-key"), randomStreamKey(), QStringLiteral("--encoder-profile"),
            QStringLiteral("ultrafast"), QStringLiteral("--data-dir"), dir.mkpath(QStringLiteral("data")) },
        dir, 30000);
    QVERIFY2(run.finished && run.exitCode == 2, qPrintable(run.describe()));
    QVERIFY2(lastNonEmptyLine(run.err).contains("--encoder-profile: expected live-selling|quality, got 'ultrafast'"),
        qPrintable(run.describe()));
}

QTEST_GUILESS_MAIN(tst_EncoderProfile)
#include "tst_encoder_profile.moc"
