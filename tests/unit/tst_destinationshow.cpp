// SPDX-License-Identifier: GPL-2.0-or-later
// Several destinations at once (issue 11 items 1 and 8): the show controller with fake outputs
// that report per destination through ShowOutputs' own aggregation (the rule the real outputs
// use), under a manual clock. The real outputs are exercised by tst_multidestination.
#include "ManualClock.h"
#include "ShowFakes.h"
#include "ShowLogEvents.h"

#include "obs/ObsLog.h"
#include "output/ShowOutputs.h"
#include "show/CardStage.h"
#include "show/ShowController.h"
#include "show/ShowLog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace pinstage;
using namespace pinstage::test;
using State = ShowController::State;
using DState = DestinationStatus::State;

namespace {

/// Outputs with several destinations whose results the test emits, like libobs's signals.
class FakeOutputs final : public ShowOutputs {
public:
    QList<DestinationSpec> started;
    QList<int> stops; // stopDestination() calls
    int stopAll = 0;
    bool startStream(const StreamTarget& target, QString* error) override
    {
        return startStreams({ DestinationSpec { {}, target, 0 } }, error);
    }
    bool startStreams(const QList<DestinationSpec>& destinations, QString*) override
    {
        started = destinations;
        // The real outputs' sharing rule: the same settings on the same canvas share one encoder.
        const EncoderSharing sharing = encoderSharing(destinations, encoderSettings(), horizontalVideoBitrateKbps());
        beginDestinations(destinations, sharing.encoders, sharing.bitrates);
        return true;
    }
    void stopStream() override { ++stopAll; }
    bool isStreaming() const override { return destinationsRunning(); }
    bool stopDestination(int index, QString*) override
    {
        stops.append(index);
        return true;
    }
    bool restartDestination(int index, QString*) override
    {
        reportConnecting(index);
        return true;
    }
    bool startRecording(const QString&, QString*) override { return true; }
    void stopRecording() override { }
    bool isRecording() const override { return false; }
    OutputStats snapshot() const override { return {}; }
    void setReconnectPolicy(int, int) override { }
    QList<DestinationStatus> destinations() const override
    {
        QList<DestinationStatus> list = m_destinations;
        for (int i = 0; i < list.size(); ++i) {
            list[i].bytes = bytes.value(i);
            list[i].frames = frames.value(i);
            list[i].dropped = dropped.value(i);
            list[i].takenAtMs = now ? now() : 0;
        }
        return list;
    }
    EncoderSettings encoderSettings() const override
    {
        EncoderSettings s;
        s.videoBitrateKbps = 2500;
        s.audioBitrateKbps = 128;
        return s;
    }
    int horizontalVideoBitrateKbps() const override { return 4000; }

    // What libobs would say, per destination.
    void connected(int i) { reportStarted(i); }
    void dropped_(int i) { reportReconnecting(i); }
    void back(int i) { reportReconnected(i); }
    void stopped(int i, int code, const QString& message = {}) { reportStopped(i, code, message); }

    QList<quint64> bytes, frames, dropped;
    std::function<qint64()> now;
};

const DestinationSpec kTikTok { QStringLiteral("TikTok"),
    { QStringLiteral("rtmp://push.tiktok.example/live"), QStringLiteral("tt_secret_key_111") }, 0 };
const DestinationSpec kYouTube { QStringLiteral("YouTube"),
    { QStringLiteral("rtmp://a.rtmp.youtube.example/live2"), QStringLiteral("yt_secret_key_222") }, 0 };
const DestinationSpec kBackup { QStringLiteral("Backup"),
    { QStringLiteral("rtmp://backup.example/ingest"), QStringLiteral("bk_secret_key_333") }, 1200 };

struct Rig {
    QTemporaryDir dir;
    test::ManualClock clock;
    FakeOutputs outputs;
    NoCards cards;
    std::unique_ptr<ShowLog> log;
    std::unique_ptr<ShowController> show;
    ShowController* showPtr = nullptr;

    Rig()
    {
        ShowController* const* self = &showPtr;
        log = std::make_unique<ShowLog>(
            dir.filePath(QStringLiteral("shows")), [self] { return *self ? (*self)->showTimeMs() : 0; }, clock);
        show = std::make_unique<ShowController>(outputs, cards, clock, log.get());
        showPtr = show.get();
        outputs.now = [this] { return clock.monotonicMs(); };
    }
    QString logText() const
    {
        QFile file(log->filePath());
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }
};

} // namespace

class TestDestinationShow : public QObject {
    Q_OBJECT

private slots:
    void liveWhileAtLeastOneDestinationIs()
    {
        Rig rig;
        QSignalSpy changes(rig.show.get(), &ShowController::destinationChanged);
        QString error;
        QVERIFY2(rig.show->goLive({ kTikTok, kYouTube, kBackup }, &error), qPrintable(error));
        QCOMPARE(rig.show->state(), State::Connecting);
        QCOMPARE(rig.outputs.started.size(), 3);
        // The backup refuses the connect: the others still connect, the show waits for them.
        rig.outputs.stopped(2, -2, QStringLiteral("could not connect to the server"));
        QCOMPARE(rig.show->state(), State::Connecting);
        rig.outputs.connected(1);
        QCOMPARE(rig.show->state(), State::Live);
        rig.clock.advance(3000);
        rig.outputs.connected(0);
        QCOMPARE(rig.show->showTimeMs(), 3000); // the show clock started with the first destination
        // YouTube drops: TikTok still carries the show.
        rig.outputs.dropped_(1);
        QCOMPARE(rig.show->state(), State::Live);
        // TikTok drops too: nothing carries the show, it is reconnecting.
        rig.outputs.dropped_(0);
        QCOMPARE(rig.show->state(), State::Reconnecting);
        rig.outputs.back(1);
        QCOMPARE(rig.show->state(), State::Live);
        rig.outputs.back(0);
        QCOMPARE(rig.show->state(), State::Live);

        const QList<DestinationStatus> d = rig.show->destinations();
        QCOMPARE(d.size(), 3);
        QCOMPARE(d.at(0).state, DState::Live);
        QCOMPARE(d.at(1).state, DState::Live);
        QCOMPARE(d.at(2).state, DState::Failed);
        QCOMPARE(d.at(2).code, -2);
        // Same settings share one encoder; the backup's own bitrate has its own.
        QCOMPARE(d.at(0).encoder, 0);
        QCOMPARE(d.at(1).encoder, 0);
        QCOMPARE(d.at(2).encoder, 1);
        QCOMPARE(d.at(2).videoBitrateKbps, 1200);
        QVERIFY(changes.size() >= 7);

        rig.show->endShow();
        QCOMPARE(rig.show->state(), State::Ending);
        QCOMPARE(rig.outputs.stopAll, 1);
        rig.outputs.stopped(0, 0);
        QCOMPARE(rig.show->state(), State::Ending);
        rig.outputs.stopped(1, 0);
        QCOMPARE(rig.show->state(), State::Idle);

        const QStringList names = eventNames(readShowLog(rig.log->filePath()));
        QCOMPARE(names,
            (QStringList { "connecting", "destination_failed", "destination_live", "live", "destination_live",
                "destination_reconnecting", "destination_reconnecting", "reconnecting", "destination_reconnected",
                "reconnected", "destination_reconnected", "destination_stopped", "destination_stopped",
                "stream_stopped" }));
        // No key anywhere in the log.
        const QString text = rig.logText();
        for (const DestinationSpec& spec : { kTikTok, kYouTube, kBackup })
            QVERIFY2(!text.contains(spec.target.key), qPrintable(text));
        QVERIFY(text.contains(QLatin1String("push.tiktok.example")));
    }

    void stoppingOneKeepsTheOthersGoing()
    {
        Rig rig;
        QString error;
        QVERIFY(rig.show->goLive({ kTikTok, kYouTube }, &error));
        rig.outputs.connected(0);
        rig.outputs.connected(1);
        QVERIFY(rig.show->stopDestination(1, &error));
        QCOMPARE(rig.outputs.stops, QList<int> { 1 });
        rig.outputs.stopped(1, 0);
        QCOMPARE(rig.show->state(), State::Live);
        QCOMPARE(rig.show->destinations().at(1).state, DState::Stopped);
        // Started again while the show runs.
        QVERIFY(rig.show->restartDestination(1, &error));
        QCOMPARE(rig.show->destinations().at(1).state, DState::Connecting);
        rig.outputs.connected(1);
        QCOMPARE(rig.show->destinations().at(1).state, DState::Live);
        // The last one to stop ends the show (not as a failure: each was stopped on request).
        rig.outputs.stopped(0, 0);
        QCOMPARE(rig.show->state(), State::Live);
        rig.outputs.stopped(1, 0);
        QCOMPARE(rig.show->state(), State::Idle);
        QVERIFY(!rig.show->stopDestination(0, &error));
        QCOMPARE(error, QStringLiteral("no show is streaming"));
    }

    void everyDestinationRefusedIsAConnectFailure()
    {
        Rig rig;
        QString error;
        QVERIFY(rig.show->goLive({ kTikTok, kYouTube }, &error));
        QSignalSpy states(rig.show.get(), &ShowController::stateChanged);
        rig.outputs.stopped(0, -2, QStringLiteral("could not connect to the server"));
        rig.outputs.stopped(1, -3, QStringLiteral("the server refused the stream key"));
        QCOMPARE(rig.show->state(), State::Idle);
        const QString reason = states.last().at(1).toString();
        QVERIFY2(reason.contains(QLatin1String("TikTok: could not connect")), qPrintable(reason));
        QVERIFY2(reason.contains(QLatin1String("YouTube: the server refused")), qPrintable(reason));
        QCOMPARE(eventNames(readShowLog(rig.log->filePath())).last(), QStringLiteral("connect_failed"));
    }

    void aDestinationThatFailsLiveLeavesTheShowLive()
    {
        Rig rig;
        QString error;
        QVERIFY(rig.show->goLive({ kTikTok, kYouTube }, &error));
        rig.outputs.connected(0);
        rig.outputs.connected(1);
        rig.outputs.stopped(0, -5, QStringLiteral("the connection was lost and did not come back"));
        QCOMPARE(rig.show->state(), State::Live);
        // Then the other is lost for good too: the stream stopped, with both reasons.
        QSignalSpy states(rig.show.get(), &ShowController::stateChanged);
        rig.outputs.stopped(1, -5, QStringLiteral("the connection was lost and did not come back"));
        QCOMPARE(rig.show->state(), State::Idle);
        QVERIFY(states.last().at(1).toString().contains(QLatin1String("TikTok:")));
    }

    void healthGoesToTheShowLogPerDestination()
    {
        Rig rig;
        QString error;
        QVERIFY(rig.show->goLive({ kTikTok, kYouTube }, &error));
        rig.outputs.bytes = { 0, 0 };
        rig.outputs.frames = { 0, 0 };
        rig.outputs.dropped = { 0, 0 };
        rig.outputs.connected(0);
        rig.outputs.connected(1);
        // 10 s: TikTok sent 3 MB (2400 kbps), YouTube 1.5 MB and dropped 60 of 300 frames.
        rig.outputs.bytes = { 3'000'000, 1'500'000 };
        rig.outputs.frames = { 300, 240 };
        rig.outputs.dropped = { 0, 60 };
        rig.clock.advance(ShowController::healthIntervalMs());
        QJsonObject health;
        for (const QJsonObject& e : readShowLog(rig.log->filePath())) {
            if (e.value(QStringLiteral("event")).toString() == QLatin1String("stream_health"))
                health = e;
        }
        const QJsonArray list = health.value(QStringLiteral("destinations")).toArray();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("TikTok"));
        QCOMPARE(list.at(0).toObject().value(QStringLiteral("bitrate_kbps")).toDouble(), 2400.0);
        QCOMPARE(list.at(0).toObject().value(QStringLiteral("congestion")).toDouble(), 0.0);
        QCOMPARE(list.at(1).toObject().value(QStringLiteral("bitrate_kbps")).toDouble(), 1200.0);
        QCOMPARE(list.at(1).toObject().value(QStringLiteral("dropped")).toInt(), 60);
        QCOMPARE(list.at(1).toObject().value(QStringLiteral("congestion")).toDouble(), 0.2);
        QCOMPARE(list.at(1).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("live"));
    }

    void uploadWarningBeforeGoingLive()
    {
        Rig rig;
        // 2 × (2500 + 128) + (1200 + 128) = 6584 kbps, + 10 % = 7243.
        QCOMPARE(requiredUploadKbps({ kTikTok, kYouTube, kBackup }, rig.outputs.encoderSettings()), 7243);
        QVERIFY(rig.show->uploadWarning({ kTikTok, kYouTube, kBackup }).isEmpty()); // upload unknown
        rig.show->setUploadKbps(8000);
        QVERIFY(rig.show->uploadWarning({ kTikTok, kYouTube, kBackup }).isEmpty());
        rig.show->setUploadKbps(6000);
        const QString warning = rig.show->uploadWarning({ kTikTok, kYouTube, kBackup });
        QVERIFY(warning.contains(QLatin1String("7243")));
        QVERIFY(warning.contains(QLatin1String("6000")));
        QVERIFY(warning.contains(QLatin1String("TikTok 2628")));
        QVERIFY(warning.contains(QLatin1String("Backup 1328")));
        QString error;
        QVERIFY(rig.show->goLive({ kTikTok, kYouTube, kBackup }, &error));
        const QList<QJsonObject> events = readShowLog(rig.log->filePath());
        QCOMPARE(eventNames(events).mid(0, 2), (QStringList { "connecting", "upload_warning" }));
        QCOMPARE(events.at(1).value(QStringLiteral("needed_kbps")).toInt(), 7243);
    }

    // Issue 11 item 2: a horizontal destination without a bitrate of its own is encoded at its canvas's
    // bitrate, and the upload check counts that one.
    void uploadCountsTheHorizontalCanvasBitrate()
    {
        Rig rig;
        DestinationSpec youTube = kYouTube;
        youTube.canvas = DestinationCanvas::Horizontal;
        // (2500 + 128) + (4000 + 128) = 6756 kbps, + 10 % = 7431.6 -> 7432.
        QCOMPARE(requiredUploadKbps(
                     { kTikTok, youTube }, rig.outputs.encoderSettings(), rig.outputs.horizontalVideoBitrateKbps()),
            7432);
        rig.show->setUploadKbps(7000); // enough for two vertical destinations (5786), not for these
        const QString warning = rig.show->uploadWarning({ kTikTok, youTube });
        QVERIFY2(warning.contains(QLatin1String("7432")) && warning.contains(QLatin1String("YouTube 4128"))
                && warning.contains(QLatin1String("TikTok 2628")),
            qPrintable(warning));
        QVERIFY(rig.show->uploadWarning({ kTikTok, kYouTube }).isEmpty());
        QString error;
        QVERIFY(rig.show->goLive({ kTikTok, youTube }, &error));
        const QList<QJsonObject> events = readShowLog(rig.log->filePath());
        QCOMPARE(events.at(1).value(QStringLiteral("needed_kbps")).toInt(), 7432);
        QCOMPARE(rig.outputs.destinations().at(1).videoBitrateKbps, 4000);
    }

    // The sharing rule (review finding: the fake numbered encoders by bitrate only): the same settings
    // on the same canvas share an encoder; the same bitrate on the other canvas does not.
    void encodersAreSharedBySettingsAndCanvas()
    {
        Rig rig;
        DestinationSpec youTube = kYouTube;
        youTube.canvas = DestinationCanvas::Horizontal;
        DestinationSpec facebook { QStringLiteral("Facebook"),
            { QStringLiteral("rtmps://live-api-s.facebook.example:443/rtmp"), QStringLiteral("fb_secret_key_444") },
            2500, DestinationCanvas::Horizontal };
        DestinationSpec backup = kBackup;
        backup.videoBitrateKbps = 2500; // the show's own bitrate: shares TikTok's encoder
        DestinationSpec youTube2 = youTube;
        youTube2.name = QStringLiteral("YouTube 2");
        QString error;
        QVERIFY(rig.show->goLive({ kTikTok, youTube, facebook, backup, youTube2 }, &error));
        QList<int> encoders;
        QList<int> bitrates;
        for (const DestinationStatus& d : rig.outputs.destinations()) {
            encoders.append(d.encoder);
            bitrates.append(d.videoBitrateKbps);
        }
        QCOMPARE(encoders, (QList<int> { 0, 1, 2, 0, 1 }));
        QCOMPARE(bitrates, (QList<int> { 2500, 4000, 2500, 2500, 4000 }));
        // Pure, and the rule ObsOutputs follows (tst_obsoutputs checks the real one).
        const EncoderSharing sharing = encoderSharing({ kTikTok, youTube, facebook, backup, youTube2 },
            rig.outputs.encoderSettings(), rig.outputs.horizontalVideoBitrateKbps());
        QCOMPARE(sharing.encoders, encoders);
        QCOMPARE(sharing.bitrates, bitrates);
    }

    void aBadDestinationIsNamed()
    {
        Rig rig;
        DestinationSpec bad = kYouTube;
        bad.target.url = QStringLiteral("http://example.com/live");
        QString error;
        QVERIFY(!rig.show->goLive({ kTikTok, bad }, &error));
        // Named as the outputs name it: number and name, never the key.
        QVERIFY2(error.startsWith(QLatin1String("destination #2 (YouTube): ")), qPrintable(error));
        QCOMPARE(rig.show->state(), State::Idle);
        QVERIFY(rig.outputs.started.isEmpty());
    }

    void oneDestinationLogsAsBefore()
    {
        Rig rig;
        QString error;
        QVERIFY(rig.show->goLive(kTikTok.target, &error));
        rig.outputs.connected(0);
        rig.clock.advance(ShowController::healthIntervalMs() * 2);
        rig.outputs.dropped_(0);
        QCOMPARE(rig.show->state(), State::Reconnecting);
        rig.outputs.back(0);
        rig.show->endShow();
        rig.outputs.stopped(0, 0);
        QCOMPARE(rig.show->state(), State::Idle);
        QCOMPARE(eventNames(readShowLog(rig.log->filePath())),
            (QStringList { "connecting", "live", "reconnecting", "reconnected", "stream_stopped" }));
    }
};

QTEST_GUILESS_MAIN(TestDestinationShow)
#include "tst_destinationshow.moc"
