// SPDX-License-Identifier: GPL-2.0-or-later
// Self-test of MediaProbe against clips made by the ffmpeg command-line tool.
#include "MediaProbe.h"
#include "TestTempDir.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <cmath>
#include <memory>

using namespace pinstage::test;

class tst_MediaProbe : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void probeReportsStreams();
    void probeFailsOnMissingFile();
    void probeFailsOnGarbage();
    void frameAtReturnsRgbFrame();
    void frameAtPicksFrameByTime_data();
    void frameAtPicksFrameByTime();
    void frameAtFailsPastTheEnd();
    void meanColorClipsToImage();

private:
    bool runFfmpeg(const QStringList& args, QString* error);

    std::unique_ptr<TestTempDir> m_dir;
    QString m_clip; // 3 s testsrc2 + sine, H.264/AAC in FLV
    QString m_colorClip; // 1.5 s red then 1.5 s blue, H.264 in MP4
};

bool tst_MediaProbe::runFfmpeg(const QStringList& args, QString* error)
{
    QProcess ffmpeg;
    ffmpeg.start(QStringLiteral("ffmpeg"),
        QStringList { QStringLiteral("-hide_banner"), QStringLiteral("-nostdin"), QStringLiteral("-y"),
            QStringLiteral("-loglevel"), QStringLiteral("error") }
            + args);
    if (!ffmpeg.waitForFinished(120000) || ffmpeg.exitStatus() != QProcess::NormalExit || ffmpeg.exitCode() != 0) {
        *error = QStringLiteral("ffmpeg %1 failed: %2")
                     .arg(args.join(QLatin1Char(' ')), QString::fromLocal8Bit(ffmpeg.readAllStandardError()));
        return false;
    }
    return true;
}

void tst_MediaProbe::initTestCase()
{
    if (QStandardPaths::findExecutable(QStringLiteral("ffmpeg")).isEmpty())
        QFAIL("ffmpeg is not installed (Debian package ffmpeg; packaging/install-deps.sh installs it)");
    m_dir = std::make_unique<TestTempDir>(QStringLiteral("mediaprobe"));
    QVERIFY(m_dir->isValid());

    m_clip = m_dir->filePath(QStringLiteral("out.flv"));
    QString error;
    QVERIFY2(runFfmpeg({ QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                           QStringLiteral("testsrc2=size=320x240:rate=25"), QStringLiteral("-f"),
                           QStringLiteral("lavfi"), QStringLiteral("-i"), QStringLiteral("sine"), QStringLiteral("-t"),
                           QStringLiteral("3"), QStringLiteral("-c:v"), QStringLiteral("libx264"), QStringLiteral("-g"),
                           QStringLiteral("25"), QStringLiteral("-pix_fmt"), QStringLiteral("yuv420p"),
                           QStringLiteral("-c:a"), QStringLiteral("aac"), m_clip },
                 &error),
        qPrintable(error));

    m_colorClip = m_dir->filePath(QStringLiteral("colors.mp4"));
    QVERIFY2(runFfmpeg({ QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                           QStringLiteral("color=c=red:s=320x240:r=25:d=1.5[a];"
                                          "color=c=blue:s=320x240:r=25:d=1.5[b];"
                                          "[a][b]concat=n=2:v=1:a=0[out0]"),
                           QStringLiteral("-c:v"), QStringLiteral("libx264"), QStringLiteral("-pix_fmt"),
                           QStringLiteral("yuv420p"), m_colorClip },
                 &error),
        qPrintable(error));
}

void tst_MediaProbe::cleanupTestCase()
{
    m_dir.reset();
}

void tst_MediaProbe::probeReportsStreams()
{
    QString error;
    const std::optional<MediaInfo> info = MediaProbe::probe(m_clip, &error);
    QVERIFY2(info, qPrintable(error));
    qDebug() << *info;

    QCOMPARE(info->formatName, QStringLiteral("flv"));
    QCOMPARE(info->videoCodec, QStringLiteral("h264"));
    QCOMPARE(info->width, 320);
    QCOMPARE(info->height, 240);
    QVERIFY2(std::abs(info->frameRate - 25.0) < 0.01, qPrintable(QString::number(info->frameRate)));
    QVERIFY2(std::abs(info->measuredFrameRate - 25.0) < 0.5, qPrintable(QString::number(info->measuredFrameRate)));
    QCOMPARE(info->videoFrames, 75);

    QCOMPARE(info->audioCodec, QStringLiteral("aac"));
    QCOMPARE(info->sampleRate, 44100);
    QCOMPARE(info->channels, 1);
    QVERIFY(info->audioPackets > 0);

    QVERIFY2(std::abs(info->duration - 3.0) < 0.15, qPrintable(QString::number(info->duration)));
    QVERIFY2(std::abs(info->packetDuration - 3.0) < 0.15, qPrintable(QString::number(info->packetDuration)));

    // -g 25: a keyframe every second, the first one at the start.
    QVERIFY(info->keyframeTimes.size() >= 3);
    QVERIFY(std::abs(info->keyframeTimes.first() - info->videoStart) < 0.001);
    QVERIFY2(info->maxKeyframeInterval > 0.9 && info->maxKeyframeInterval < 1.1,
        qPrintable(QString::number(info->maxKeyframeInterval)));
}

void tst_MediaProbe::probeFailsOnMissingFile()
{
    QString error;
    QVERIFY(!MediaProbe::probe(m_dir->filePath(QStringLiteral("missing.flv")), &error));
    QVERIFY(error.contains(QStringLiteral("missing.flv")));
}

void tst_MediaProbe::probeFailsOnGarbage()
{
    const QString path = m_dir->filePath(QStringLiteral("garbage.flv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, '\x5a'));
    file.close();
    QString error;
    QVERIFY(!MediaProbe::probe(path, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(MediaProbe::frameAt(path, 0, &error).isNull());
}

void tst_MediaProbe::frameAtReturnsRgbFrame()
{
    QString error;
    const QImage first = MediaProbe::frameAt(m_clip, 0.0, &error);
    QVERIFY2(!first.isNull(), qPrintable(error));
    QCOMPARE(first.format(), QImage::Format_RGB888);
    QCOMPARE(first.size(), QSize(320, 240));
    const QImage later = MediaProbe::frameAt(m_clip, 2.0, &error);
    QVERIFY2(!later.isNull(), qPrintable(error));
    QVERIFY(first != later); // testsrc2 moves
}

void tst_MediaProbe::frameAtPicksFrameByTime_data()
{
    QTest::addColumn<double>("seconds");
    QTest::addColumn<QColor>("expected");
    QTest::newRow("start") << 0.0 << QColor(Qt::red);
    QTest::newRow("before switch") << 1.4 << QColor(Qt::red);
    QTest::newRow("after switch") << 1.6 << QColor(Qt::blue);
    QTest::newRow("last frame") << 2.96 << QColor(Qt::blue);
}

void tst_MediaProbe::frameAtPicksFrameByTime()
{
    QFETCH(double, seconds);
    QFETCH(QColor, expected);
    QString error;
    const QImage frame = MediaProbe::frameAt(m_colorClip, seconds, &error);
    QVERIFY2(!frame.isNull(), qPrintable(error));
    const QColor mean = MediaProbe::meanColor(frame, frame.rect());
    const auto close = [](int a, int b) { return std::abs(a - b) <= 12; };
    QVERIFY2(close(mean.red(), expected.red()) && close(mean.green(), expected.green())
            && close(mean.blue(), expected.blue()),
        qPrintable(QStringLiteral("mean %1, expected %2").arg(mean.name(), expected.name())));
}

void tst_MediaProbe::frameAtFailsPastTheEnd()
{
    QString error;
    QVERIFY(MediaProbe::frameAt(m_clip, 30.0, &error).isNull());
    QVERIFY(error.contains(QStringLiteral("no video frame")));
}

void tst_MediaProbe::meanColorClipsToImage()
{
    QImage image(10, 10, QImage::Format_RGB888);
    image.fill(QColor(10, 20, 30));
    for (int x = 0; x < 5; ++x)
        image.setPixelColor(x, 0, QColor(250, 20, 30));
    QCOMPARE(MediaProbe::meanColor(image, QRect(0, 1, 100, 100)), QColor(10, 20, 30));
    QCOMPARE(MediaProbe::meanColor(image, QRect(0, 0, 5, 1)), QColor(250, 20, 30));
    QVERIFY(!MediaProbe::meanColor(image, QRect(20, 20, 5, 5)).isValid());
}

QTEST_GUILESS_MAIN(tst_MediaProbe)
#include "tst_mediaprobe.moc"
