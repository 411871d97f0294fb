// SPDX-License-Identifier: GPL-2.0-or-later
// Self-test of RtmpReceiver: the ffmpeg command-line tool publishes a synthetic clip whose left half
// is the card's accent colour and whose right half is grey; the receiver must take the publisher,
// stamp every video packet in arrival order, decode every picture, report the probe rectangle's
// colour, tell B-frames (reordered packets) from none, and end when the publisher leaves.
#include "RtmpReceiver.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace pinstage::test;

class tst_RtmpReceiver : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("ffmpeg")).isEmpty())
            QFAIL("ffmpeg is not installed (Debian package ffmpeg; packaging/install-deps.sh installs it)");
    }

    void receivesDecodesAndStamps_data()
    {
        QTest::addColumn<int>("bFrames");
        QTest::newRow("no B-frames") << 0;
        QTest::newRow("B-frames") << 3;
    }

    void receivesDecodesAndStamps()
    {
        QFETCH(int, bFrames);
        const QColor accent(0xFF, 0x2D, 0x55);
        RtmpReceiver::Options options;
        options.probeRect = QRect(8, 40, 24, 60); // inside the accent half
        options.cardColour = accent;
        RtmpReceiver receiver(options);
        QString error;
        QVERIFY2(receiver.start(&error), qPrintable(error));
        QVERIFY(receiver.url().startsWith(QLatin1String("rtmp://127.0.0.1:")));

        // 3 s at 30 fps: 160x240, accent on the left half, grey on the right.
        QProcess ffmpeg;
        ffmpeg.setProcessChannelMode(QProcess::MergedChannels);
        const qint64 startedNs = RtmpReceiver::steadyNs();
        ffmpeg.start(QStringLiteral("ffmpeg"),
            { QStringLiteral("-hide_banner"), QStringLiteral("-loglevel"), QStringLiteral("error"),
                QStringLiteral("-re"), QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                QStringLiteral("color=c=0xFF2D55:s=80x240:r=30:d=3[a];color=c=0xBFBFBF:s=80x240:r=30:d=3[b];"
                               "[a][b]hstack,noise=alls=20:allf=t"),
                QStringLiteral("-c:v"), QStringLiteral("libx264"), QStringLiteral("-preset"),
                QStringLiteral("veryfast"), QStringLiteral("-bf"), QString::number(bFrames), QStringLiteral("-g"),
                QStringLiteral("60"), QStringLiteral("-pix_fmt"), QStringLiteral("yuv420p"), QStringLiteral("-f"),
                QStringLiteral("flv"), receiver.url() + QLatin1Char('/') + receiver.streamKey() });
        QVERIFY(ffmpeg.waitForStarted());
        QVERIFY2(ffmpeg.waitForFinished(60000), ffmpeg.readAll().constData());
        QVERIFY2(ffmpeg.exitCode() == 0, ffmpeg.readAll().constData());

        // The stream ends when the publisher leaves; every picture was decoded by then.
        QTRY_VERIFY_WITH_TIMEOUT(receiver.stats().ended, 20000);
        const RtmpReceiver::Stats stats = receiver.stats();
        QVERIFY2(stats.error.isEmpty(), qPrintable(stats.error));
        QVERIFY(stats.publisherConnected);
        QCOMPARE(stats.videoPackets, quint64(90));
        QCOMPARE(stats.decodedFrames, quint64(90));
        QCOMPARE(stats.pictureSize, QSize(160, 240));
        if (bFrames > 0) {
            QVERIFY2(stats.reorderedPackets > 0, qPrintable(QString::number(stats.reorderedPackets)));
            QVERIFY(stats.decoderDelay > 0);
        } else {
            QCOMPARE(stats.reorderedPackets, quint64(0));
            QCOMPARE(stats.decoderDelay, 0);
        }

        const std::vector<RtmpReceiver::Frame> frames = receiver.frames();
        QCOMPARE(frames.size(), size_t(90));
        qint64 lastPts = -1;
        for (const RtmpReceiver::Frame& f : frames) {
            QVERIFY(f.arrivalNs >= startedNs);
            QVERIFY(f.decodedNs >= f.arrivalNs);
            QVERIFY2(f.ptsMs > lastPts, "pictures come out in presentation order");
            lastPts = f.ptsMs;
            QVERIFY2(receiver.carriesCard(f), qPrintable(f.probeMean.name()));
        }
        // -re paces the clip in real time: the arrivals span about its length.
        const double spanS = (frames.back().arrivalNs - frames.front().arrivalNs) / 1e9;
        QVERIFY2(spanS > 2.0 && spanS < 4.5, qPrintable(QString::number(spanS)));
        QVERIFY(receiver.findFrame(frames.front().arrivalNs, [](const auto& f) { return f.index == 5; }));

        // Grey is not the card; half-way between grey and the accent is, with a background.
        RtmpReceiver::Frame grey = frames.front();
        grey.probeMean = QColor(0xBF, 0xBF, 0xBF);
        QVERIFY(!receiver.carriesCard(grey));
        receiver.setBackground(QColor(0xBF, 0xBF, 0xBF));
        grey.probeMean = QColor((0xBF + 0xFF) / 2, (0xBF + 0x2D) / 2, (0xBF + 0x55) / 2);
        QVERIFY(receiver.carriesCard(grey));
        QCOMPARE(qRound(RtmpReceiver::cardShare(accent, QColor(0xBF, 0xBF, 0xBF), accent) * 100), 100);
    }

    void stopsWithoutPublisher()
    {
        RtmpReceiver receiver({});
        QString error;
        QVERIFY2(receiver.start(&error), qPrintable(error));
        receiver.stop(); // must not hang in accept()
        QVERIFY(!receiver.stats().publisherConnected);
    }
};

QTEST_GUILESS_MAIN(tst_RtmpReceiver)
#include "tst_rtmpreceiver.moc"
