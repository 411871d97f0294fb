// SPDX-License-Identifier: GPL-2.0-or-later
// The pre-flight check's rules (pure: facts in, problems out) and the studio settings it and the
// settings dialog use ([video], [encoder], [audio], [show], first_run_done): round trip, defaults,
// and bad values reported with the file, line and key while the defaults are used.
#include "dialogs/PreflightDialog.h"
#include "settings/Settings.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace pinstage;

namespace {

PreflightFacts goodFacts()
{
    PreflightFacts f;
    f.target = StreamTarget { QStringLiteral("rtmp://push.example.com/live"), QStringLiteral("abc123") };
    f.video.canvas = QSize(1080, 1920);
    f.video.fps = 30;
    f.encoder = EncoderSettings::forCanvas(f.video.canvas, f.video.fps);
    f.microphones = { QStringLiteral("Microphone") };
    f.recordingFolder = QStringLiteral("/home/seller/Videos/Pinstage");
    f.freeBytes = qint64(50) * 1024 * 1024 * 1024;
    return f;
}

QStringList ids(const QList<PreflightItem>& items)
{
    QStringList out;
    for (const PreflightItem& i : items)
        out << i.id + (i.severity == PreflightItem::Severity::Blocking ? QStringLiteral("!") : QStringLiteral("?"));
    return out;
}

} // namespace

class tst_Preflight : public QObject {
    Q_OBJECT
private slots:
    void readyShowHasNothing();
    void findings_data();
    void findings();
    void blockingComeFirst();
    void lowDiskNamesMinutes();
    void settingsRoundTrip();
    void settingsBadValuesReported();
};

void tst_Preflight::readyShowHasNothing()
{
    QVERIFY(preflightCheck(goodFacts()).isEmpty());
}

void tst_Preflight::findings_data()
{
    QTest::addColumn<int>("which");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("no destination") << 0 << QStringList { "destination!" };
    QTest::newRow("no key") << 1 << QStringList { "key!" };
    QTest::newRow("key with a space") << 2 << QStringList { "key!" };
    QTest::newRow("not rtmp") << 3 << QStringList { "destination!" };
    QTest::newRow("odd canvas") << 4 << QStringList { "canvas!" };
    QTest::newRow("landscape") << 5 << QStringList { "canvas?" };
    QTest::newRow("bitrate") << 6 << QStringList { "encoder!" };
    QTest::newRow("keyframe") << 7 << QStringList { "encoder?" };
    QTest::newRow("no microphone") << 8 << QStringList { "microphone?" };
    QTest::newRow("no sound server") << 9 << QStringList { "sound-system?" };
    QTest::newRow("muted") << 10 << QStringList { "microphone-muted?" };
    QTest::newRow("no microphone wanted") << 11 << QStringList {};
    QTest::newRow("folder not writable") << 12 << QStringList { "recording-folder?" };
}

void tst_Preflight::findings()
{
    QFETCH(int, which);
    QFETCH(QStringList, expected);
    PreflightFacts f = goodFacts();
    switch (which) {
    case 0:
        f.target = {};
        break;
    case 1:
        f.target.key.clear();
        break;
    case 2:
        f.target.key = QStringLiteral("abc 123");
        break;
    case 3:
        f.target.url = QStringLiteral("http://push.example.com/live");
        break;
    case 4:
        f.video.canvas = QSize(1081, 1920);
        break;
    case 5:
        f.video.canvas = QSize(1920, 1080);
        break;
    case 6:
        f.encoder.videoBitrateKbps = 50000;
        break;
    case 7:
        f.encoder.keyframeSeconds = 8;
        break;
    case 8:
        f.microphones.clear();
        break;
    case 9:
        f.microphones.clear();
        f.audioServer = false;
        break;
    case 10:
        f.mutedMicrophones = { QStringLiteral("Microphone") };
        break;
    case 11:
        f.microphones.clear();
        f.microphoneWanted = false;
        break;
    case 12:
        f.folderUsable = false;
        break;
    }
    const QList<PreflightItem> items = preflightCheck(f);
    QCOMPARE(ids(items), expected);
    for (const PreflightItem& i : items) {
        QVERIFY(!i.text.isEmpty());
        QVERIFY2(!i.text.contains(QStringLiteral("abc")), qPrintable(i.text)); // never the key
    }
    if (which == 10)
        QCOMPARE(items.first().subject, QStringLiteral("Microphone"));
}

void tst_Preflight::blockingComeFirst()
{
    PreflightFacts f = goodFacts();
    f.mutedMicrophones = { QStringLiteral("Microphone") };
    f.target.key.clear();
    QCOMPARE(ids(preflightCheck(f)), (QStringList { "key!", "microphone-muted?" }));
}

void tst_Preflight::lowDiskNamesMinutes()
{
    PreflightFacts f = goodFacts();
    f.encoder.videoBitrateKbps = 4500;
    f.encoder.audioBitrateKbps = 128;
    // 4628 kbit/s = 34.7 MB a minute: 1 GB is about 30 minutes.
    f.freeBytes = qint64(1024) * 1024 * 1024;
    const QList<PreflightItem> items = preflightCheck(f);
    QCOMPARE(ids(items), QStringList { "disk-space?" });
    QVERIFY2(items.first().text.contains(QStringLiteral("about 30 min of recording")), qPrintable(items.first().text));
}

void tst_Preflight::settingsRoundTrip()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("pinstage.ini"));
    {
        Settings s(path);
        QVERIFY(s.load());
        QCOMPARE(s.video().canvas, QSize(1080, 1920));
        QCOMPARE(s.video().fps, 30);
        QVERIFY(!s.hasEncoder());
        QCOMPARE(s.encoder(QSize(1080, 1920), 30).videoBitrateKbps, 4500);
        QVERIFY(!s.firstRunDone());
        VideoSettings v;
        v.canvas = QSize(720, 1280);
        v.fps = 25;
        s.setVideo(v);
        EncoderSettings e = EncoderSettings::forCanvas(v.canvas, v.fps, EncoderSettings::Profile::Quality);
        e.x264Preset = QStringLiteral("superfast");
        e.videoBitrateKbps = 2500;
        e.keyframeSeconds = 2;
        s.setEncoder(e);
        s.setMicrophoneDevice(QStringLiteral("alsa_input.usb-Rode_NT-USB-00.analog-stereo"));
        s.setDesktopAudioDevice(QStringLiteral("alsa_output.pci-0000_00_1f.3.analog-stereo.monitor"));
        s.setShowTitle(QStringLiteral("Friday Candle Drop"));
        s.setLogoFile(QStringLiteral("/home/seller/logo.png"));
        s.setFirstRunDone(true);
        QVERIFY(s.save());
    }
    Settings s(path);
    QVERIFY(s.load());
    QVERIFY2(s.warnings().isEmpty(), qPrintable(s.warnings().join(QLatin1Char('\n'))));
    QCOMPARE(s.video().canvas, QSize(720, 1280));
    QCOMPARE(s.video().fps, 25);
    QVERIFY(s.hasEncoder());
    const EncoderSettings e = s.encoder(QSize(720, 1280), 25);
    QCOMPARE(e.x264Preset, QStringLiteral("superfast"));
    QCOMPARE(e.videoBitrateKbps, 2500);
    QCOMPARE(e.keyframeSeconds, 2);
    QCOMPARE(e.profile, EncoderSettings::Profile::Quality);
    QCOMPARE(s.microphoneDevice(), QStringLiteral("alsa_input.usb-Rode_NT-USB-00.analog-stereo"));
    QCOMPARE(s.desktopAudioDevice(), QStringLiteral("alsa_output.pci-0000_00_1f.3.analog-stereo.monitor"));
    QCOMPARE(s.showTitle(), QStringLiteral("Friday Candle Drop"));
    QCOMPARE(s.logoFile(), QStringLiteral("/home/seller/logo.png"));
    QVERIFY(s.firstRunDone());
    QCOMPARE(s.fileVersion(), Settings::CurrentVersion);
}

void tst_Preflight::settingsBadValuesReported()
{
    const QString file = QFINDTESTDATA("data/settings/studio-bad-values.ini");
    QVERIFY(!file.isEmpty());
    Settings s(file);
    QVERIFY(s.load());
    const QString warnings = s.warnings().join(QLatin1Char('\n'));
    QVERIFY2(warnings.contains(QStringLiteral("line 5, [video] canvas")), qPrintable(warnings));
    QVERIFY2(warnings.contains(QStringLiteral("line 6, [video] fps")), qPrintable(warnings));
    QVERIFY2(warnings.contains(QStringLiteral("line 9, [encoder] preset")), qPrintable(warnings));
    QVERIFY2(warnings.contains(QStringLiteral("line 10, [encoder] bitrate_kbps")), qPrintable(warnings));
    QVERIFY2(warnings.contains(QStringLiteral("line 11, [encoder] keyframe_s")), qPrintable(warnings));
    QVERIFY2(warnings.contains(QStringLiteral("line 12, [encoder] profile")), qPrintable(warnings));
    // The defaults are used for every bad value.
    QCOMPARE(s.video().canvas, QSize(1080, 1920));
    QCOMPARE(s.video().fps, 30);
    const EncoderSettings e = s.encoder(QSize(1080, 1920), 30);
    QCOMPARE(e.x264Preset, QStringLiteral("veryfast"));
    QCOMPARE(e.videoBitrateKbps, 4500);
    QCOMPARE(e.keyframeSeconds, 2);
    QCOMPARE(e.profile, EncoderSettings::Profile::LiveSelling);
}

QTEST_MAIN(tst_Preflight)
#include "tst_preflight.moc"
