// SPDX-License-Identifier: GPL-2.0-or-later
// Platform presets: the rtmp-services list that ships with libobs (Debian's obs-studio) read for
// real, Pinstage's built-ins added and overriding it with docs/product.md's values, safe areas
// exact on both canvases, and broken files reported by file and entry with the built-ins kept.
#include "output/PlatformPreset.h"

#include <QFile>
#include <QSet>
#include <QTest>

using namespace pinstage;

class tst_PlatformPresets : public QObject {
    Q_OBJECT
private slots:
    void realServicesFileParses();
    void knownServicesHaveTheirServers();
    void builtinsAddAndOverride();
    void safeAreaOnVerticalAndLandscapeCanvases();
    void brokenEntriesNamedAndSkipped();
    void brokenFileKeepsBuiltins();
    void missingFileKeepsBuiltins();
    void idsAndLookups();
};

void tst_PlatformPresets::realServicesFileParses()
{
    const QString file = PlatformPresets::defaultServicesFile();
    QVERIFY2(QFile::exists(file), qPrintable(file + QStringLiteral(" is missing: install obs-studio")));
    const PlatformPresets presets = PlatformPresets::load(file);
    QVERIFY2(presets.errors().isEmpty(), qPrintable(presets.errors().join(QLatin1Char('\n'))));
    // Debian 12's services.json (version 217) has 89 services, a few of them not RTMP (HLS, FTL,
    // https ingest): Pinstage takes the RTMP(S) ones.
    QVERIFY2(presets.servicesRead() >= 60, qPrintable(QString::number(presets.servicesRead())));
    QCOMPARE(presets.presets().size(), presets.servicesRead() + 4);
    for (const PlatformPreset& p : presets.presets()) {
        QVERIFY2(!p.id.isEmpty() && !p.displayName.isEmpty(), qPrintable(p.displayName));
        QVERIFY2(p.fps > 0 && p.keyframeSeconds > 0, qPrintable(p.id));
        QVERIFY2(!p.canvas.isEmpty(), qPrintable(p.id));
        for (const PlatformPreset::Server& s : p.servers)
            QVERIFY2(s.url.startsWith(QLatin1String("rtmp://")) || s.url.startsWith(QLatin1String("rtmps://")),
                qPrintable(p.id + QLatin1Char(' ') + s.url));
    }
    QVERIFY(!presets.find(QStringLiteral("youtube-hls"))); // HLS: not RTMP
    // Unique ids: a destination names its preset by id.
    QSet<QString> ids;
    for (const PlatformPreset& p : presets.presets())
        ids.insert(p.id);
    QCOMPARE(ids.size(), presets.presets().size());
}

void tst_PlatformPresets::knownServicesHaveTheirServers()
{
    const PlatformPresets presets = PlatformPresets::load();
    const PlatformPreset* youtube = presets.find(QStringLiteral("youtube-rtmps"));
    QVERIFY(youtube);
    QCOMPARE(youtube->displayName, QStringLiteral("YouTube - RTMPS"));
    QVERIFY(!youtube->servers.isEmpty());
    // product.md: YouTube RTMPS rtmps://a.rtmps.youtube.com:443/live2.
    QCOMPARE(youtube->servers.first().url, QStringLiteral("rtmps://a.rtmps.youtube.com:443/live2"));

    const PlatformPreset* twitch = presets.find(QStringLiteral("twitch"));
    QVERIFY(twitch);
    QVERIFY2(twitch->servers.size() > 10, qPrintable(QString::number(twitch->servers.size())));
    QVERIFY(std::any_of(twitch->servers.cbegin(), twitch->servers.cend(),
        [](const PlatformPreset::Server& s) { return s.url == QLatin1String("rtmp://live-hkg.twitch.tv/app"); }));
    QCOMPARE(twitch->maxVideoKbps, 6000); // services.json's value, not overridden
    QCOMPARE(twitch->keyframeSeconds, 2);
    QCOMPARE(twitch->origin, QStringLiteral("services.json"));

    const PlatformPreset* facebook = presets.find(QStringLiteral("facebook-live"));
    QVERIFY(facebook);
    QCOMPARE(facebook->servers.size(), 1);
    QCOMPARE(facebook->servers.first().url, QStringLiteral("rtmps://rtmp-api.facebook.com:443/rtmp/"));
    QCOMPARE(facebook->supportedResolutions.first(), QStringLiteral("1920x1080"));

    // The common services come right after the built-ins.
    QCOMPARE(presets.presets().at(4).id, QStringLiteral("twitch"));
}

void tst_PlatformPresets::builtinsAddAndOverride()
{
    const PlatformPresets presets = PlatformPresets::load();
    QCOMPARE(presets.presets().at(0).id, PlatformPresets::customId());
    QCOMPARE(presets.presets().at(1).id, PlatformPresets::tikTokLiveId());
    QCOMPARE(presets.presets().at(2).id, PlatformPresets::whatnotId());
    QCOMPARE(presets.presets().at(3).id, PlatformPresets::amazonLiveId());

    // product.md: TikTok LIVE, RTMP URL + key per show, 1080x1920 at 30, 2.5–6 Mbps, keyframe 2 s.
    const PlatformPreset* tiktok = presets.find(PlatformPresets::tikTokLiveId());
    QVERIFY(tiktok);
    QCOMPARE(tiktok->displayName, QStringLiteral("TikTok LIVE"));
    QCOMPARE(tiktok->canvas, QSize(1080, 1920));
    QVERIFY(tiktok->isVertical());
    QCOMPARE(tiktok->fps, 30);
    QCOMPARE(tiktok->keyframeSeconds, 2);
    QCOMPARE(tiktok->maxVideoKbps, 6000);
    QVERIFY(tiktok->serverPerShow);
    QVERIFY(tiktok->servers.isEmpty());
    QCOMPARE(tiktok->safeMargins, SafeMargins::verticalApp());

    // product.md: Whatnot 1080x1920 at 30, ≤ 3.5 Mbps CBR, keyframe 2 s; the live-selling profile.
    const PlatformPreset* whatnot = presets.find(PlatformPresets::whatnotId());
    QVERIFY(whatnot);
    QCOMPARE(whatnot->canvas, QSize(1080, 1920));
    QCOMPARE(whatnot->fps, 30);
    QCOMPARE(whatnot->keyframeSeconds, 2);
    QCOMPARE(whatnot->maxVideoKbps, 3500);
    QVERIFY(whatnot->cbr);
    QCOMPARE(whatnot->encoderProfile, EncoderSettings::Profile::LiveSelling);

    const PlatformPreset* amazon = presets.find(PlatformPresets::amazonLiveId());
    QVERIFY(amazon);
    QCOMPARE(amazon->displayName, QStringLiteral("Amazon Live"));

    const PlatformPreset* custom = presets.find(PlatformPresets::customId());
    QVERIFY(custom);
    QVERIFY(custom->servers.isEmpty());
    QCOMPARE(custom->maxVideoKbps, 0);

    // Overrides: services.json says 51000 kbps for YouTube and 9000 for Facebook; product.md
    // gives 3–8 Mbps and 3–6 Mbps at 1080p30, keyframe 2 s, 16:9.
    const PlatformPreset* youtube = presets.find(QStringLiteral("youtube-rtmps"));
    QCOMPARE(youtube->maxVideoKbps, 8000);
    QCOMPARE(youtube->keyframeSeconds, 2);
    QCOMPARE(youtube->canvas, QSize(1920, 1080));
    QCOMPARE(youtube->origin, QStringLiteral("services.json + Pinstage"));
    const PlatformPreset* facebook = presets.find(QStringLiteral("facebook-live"));
    QCOMPARE(facebook->maxVideoKbps, 6000);
    QCOMPARE(facebook->keyframeSeconds, 2);
    QCOMPARE(facebook->canvas, QSize(1920, 1080));
    for (const PlatformPreset::Server& s : facebook->servers)
        QVERIFY2(s.url.startsWith(QLatin1String("rtmps://")), qPrintable(s.url)); // RTMPS only

    // Every preset defaults to the live-selling encoder profile.
    for (const PlatformPreset& p : presets.presets())
        QCOMPARE(p.encoderProfile, EncoderSettings::Profile::LiveSelling);
}

void tst_PlatformPresets::safeAreaOnVerticalAndLandscapeCanvases()
{
    const PlatformPresets presets = PlatformPresets::builtinsOnly();
    const PlatformPreset& tiktok = *presets.find(PlatformPresets::tikTokLiveId());
    // left 5 % = 54, top 10 % = 192, right 15 % = 162, bottom third = 640.
    QCOMPARE(tiktok.safeArea(QSize(1080, 1920)), QRect(54, 192, 864, 1088));
    // The same fractions on a landscape canvas: 96, 108, 288, 360.
    QCOMPARE(tiktok.safeArea(QSize(1920, 1080)), QRect(96, 108, 1536, 612));
    // Half size: exactly half.
    QCOMPARE(tiktok.safeArea(QSize(540, 960)), QRect(27, 96, 432, 544));

    PlatformPreset landscape;
    landscape.safeMargins = SafeMargins::graphicsSafe(); // EBU R 95: 5 % from each edge
    QCOMPARE(landscape.safeArea(QSize(1920, 1080)), QRect(96, 54, 1728, 972));
    QCOMPARE(landscape.safeArea(QSize(1080, 1920)), QRect(54, 96, 972, 1728));
    const PlatformPreset youtube = *PlatformPresets::load().find(QStringLiteral("youtube-rtmps"));
    QCOMPARE(youtube.safeArea(QSize(1920, 1080)), QRect(96, 54, 1728, 972));

    QCOMPARE(tiktok.safeArea(QSize()), QRect());
    PlatformPreset none;
    none.safeMargins = SafeMargins {};
    QCOMPARE(none.safeArea(QSize(1080, 1920)), QRect(0, 0, 1080, 1920));
}

void tst_PlatformPresets::brokenEntriesNamedAndSkipped()
{
    const QString file = QFINDTESTDATA("data/services/services-broken-entries.json");
    QVERIFY(!file.isEmpty());
    const PlatformPresets presets = PlatformPresets::load(file);
    const QStringList errors = presets.errors();
    const QString all = errors.join(QLatin1Char('\n'));
    // Each problem names the file and the entry (index and, where it has one, name).
    for (const QString& e : errors)
        QVERIFY2(e.startsWith(file + QStringLiteral(": services[")), qPrintable(e));
    QVERIFY2(all.contains(QStringLiteral("services[1]: not an object")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("services[2]: no \"name\"")), qPrintable(all));
    QVERIFY2(
        all.contains(QStringLiteral("services[3] (\"No Server List\"): \"servers\" is not a list")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("services[4] (\"Bad Bitrate\"): recommended \"max video bitrate\"")),
        qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("services[6] (\"Server Without Url\"): servers[0] has no \"url\"")),
        qPrintable(all));
    QCOMPARE(errors.size(), 5); // the HLS-only service is left out without an error

    // The good entry and the one with a bad field (ignored) are in; the built-ins too.
    const PlatformPreset* good = presets.find(QStringLiteral("good-service"));
    QVERIFY(good);
    QCOMPARE(good->maxVideoKbps, 4000);
    QCOMPARE(good->servers.first().url, QStringLiteral("rtmp://ingest.good.example/live"));
    const PlatformPreset* bad = presets.find(QStringLiteral("bad-bitrate"));
    QVERIFY(bad);
    QCOMPARE(bad->maxVideoKbps, 0);
    QVERIFY(!presets.find(QStringLiteral("hls-only")));
    QVERIFY(presets.find(PlatformPresets::tikTokLiveId()));
    QVERIFY(presets.find(PlatformPresets::customId()));
    QCOMPARE(presets.servicesRead(), 2);
}

void tst_PlatformPresets::brokenFileKeepsBuiltins()
{
    const QString file = QFINDTESTDATA("data/services/services-truncated.json");
    QVERIFY(!file.isEmpty());
    const PlatformPresets presets = PlatformPresets::load(file);
    QCOMPARE(presets.errors().size(), 1);
    const QString error = presets.errors().first();
    QVERIFY2(error.startsWith(file + QStringLiteral(" line ")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("not valid JSON")), qPrintable(error));
    QCOMPARE(presets.presets().size(), 4);
    QVERIFY(presets.find(PlatformPresets::whatnotId()));
    QVERIFY(presets.find(PlatformPresets::amazonLiveId()));
}

void tst_PlatformPresets::missingFileKeepsBuiltins()
{
    const PlatformPresets presets = PlatformPresets::load(QStringLiteral("/nonexistent/services.json"));
    QCOMPARE(presets.errors().size(), 1);
    QVERIFY2(presets.errors().first().startsWith(QStringLiteral("/nonexistent/services.json: cannot be read")),
        qPrintable(presets.errors().first()));
    QCOMPARE(presets.presets().size(), 4);
}

void tst_PlatformPresets::idsAndLookups()
{
    QCOMPARE(PlatformPresets::idForServiceName(QStringLiteral("YouTube - RTMPS")), QStringLiteral("youtube-rtmps"));
    QCOMPARE(PlatformPresets::idForServiceName(QStringLiteral("Facebook Live")), QStringLiteral("facebook-live"));
    QCOMPARE(PlatformPresets::idForServiceName(QStringLiteral("  api.video ")), QStringLiteral("api-video"));
    const PlatformPresets presets = PlatformPresets::load();
    QCOMPARE(presets.findOrCustom(QStringLiteral("gone-from-services")).id, PlatformPresets::customId());
    QCOMPARE(presets.findOrCustom(QString()).id, PlatformPresets::customId());
    const PlatformPreset* byServer = presets.findByServer(QStringLiteral("rtmp://live-hkg.twitch.tv/app/"));
    QVERIFY(byServer);
    QCOMPARE(byServer->id, QStringLiteral("twitch"));
    QVERIFY(!presets.findByServer(QStringLiteral("rtmp://127.0.0.1/live")));
}

QTEST_GUILESS_MAIN(tst_PlatformPresets)
#include "tst_platformpresets.moc"
