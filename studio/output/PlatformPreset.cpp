// SPDX-License-Identifier: GPL-2.0-or-later
#include "output/PlatformPreset.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <optional>

namespace pinstage {
namespace {

    const QString FromServices = QStringLiteral("services.json");
    const QString FromBoth = QStringLiteral("services.json + Pinstage");
    const QString FromPinstage = QStringLiteral("Pinstage");

    PlatformPreset custom()
    {
        PlatformPreset p;
        p.id = PlatformPresets::customId();
        p.displayName = QObject::tr("Custom RTMP/RTMPS server");
        p.canvas = QSize(1080, 1920); // Pinstage's own default canvas
        p.fps = 30;
        p.keyframeSeconds = 2;
        p.maxVideoKbps = 0;
        p.safeMargins = SafeMargins::graphicsSafe();
        p.origin = FromPinstage;
        return p;
    }

    // The vertical live-selling apps: 1080x1920 at 30, keyframe 2 s, CBR, the vertical app's safe
    // area, the RTMP server and key handed out with each show (docs/product.md, "Platform settings
    // worth knowing"). They differ in their bitrate ceiling only.
    PlatformPreset verticalPerShow(const QString& id, const QString& name, int maxVideoKbps)
    {
        PlatformPreset p;
        p.id = id;
        p.displayName = name;
        p.canvas = QSize(1080, 1920);
        p.fps = 30;
        p.keyframeSeconds = 2;
        p.maxVideoKbps = maxVideoKbps;
        p.cbr = true;
        p.safeMargins = SafeMargins::verticalApp();
        p.serverPerShow = true;
        p.encoderProfile = EncoderSettings::Profile::LiveSelling; // issue 9 item 8; Whatnot asks for it
        p.origin = FromPinstage;
        return p;
    }

    // docs/product.md: about 2.5–6 Mbps (signed, time-limited keys).
    PlatformPreset tikTokLive()
    {
        return verticalPerShow(PlatformPresets::tikTokLiveId(), QStringLiteral("TikTok LIVE"), 6000);
    }

    // docs/product.md: ≤ 3.5 Mbps CBR; the server comes with the show's key in Whatnot's seller hub.
    PlatformPreset whatnot()
    {
        return verticalPerShow(PlatformPresets::whatnotId(), QStringLiteral("Whatnot"), 3500);
    }

    // Amazon Live hands out the server URL and key per broadcast. product.md gives no numbers:
    // these are Pinstage's vertical defaults (the TikTok LIVE values), unverified against Amazon.
    PlatformPreset amazonLive()
    {
        return verticalPerShow(PlatformPresets::amazonLiveId(), QStringLiteral("Amazon Live"), 6000);
    }

    // services.json entries whose values docs/product.md gives differently.
    void applyOverride(PlatformPreset& p)
    {
        if (p.id == QLatin1String("youtube-rtmps")) {
            // product.md: RTMPS rtmps://a.rtmps.youtube.com:443/live2, 16:9 (9:16 allowed),
            // 3–8 Mbps at 1080p30, keyframe 2 s. services.json says 51000 kbps (its 4K ceiling).
            p.canvas = QSize(1920, 1080);
            p.maxVideoKbps = 8000;
            p.keyframeSeconds = 2;
            p.origin = FromBoth;
        } else if (p.id == QLatin1String("facebook-live")) {
            // product.md: RTMPS only, port 443; about 16:9; 3–6 Mbps at 1080p30; keyframe 2 s (≤ 4).
            p.servers.erase(std::remove_if(p.servers.begin(), p.servers.end(),
                                [](const PlatformPreset::Server& s) {
                                    return !s.url.startsWith(QLatin1String("rtmps://"), Qt::CaseInsensitive);
                                }),
                p.servers.end());
            p.canvas = QSize(1920, 1080);
            p.maxVideoKbps = 6000;
            p.keyframeSeconds = 2;
            p.origin = FromBoth;
        }
    }

    bool isRtmpUrl(const QString& url)
    {
        const QUrl u(url);
        const QString scheme = u.scheme().toLower();
        return u.isValid() && (scheme == QLatin1String("rtmp") || scheme == QLatin1String("rtmps"))
            && !u.host().isEmpty();
    }

    std::optional<QSize> parseResolution(const QString& text)
    {
        const QStringList parts = text.split(QLatin1Char('x'));
        if (parts.size() != 2)
            return std::nullopt;
        bool okW = false;
        bool okH = false;
        const int w = parts[0].toInt(&okW);
        const int h = parts[1].toInt(&okH);
        if (!okW || !okH || w <= 0 || h <= 0)
            return std::nullopt;
        return QSize(w, h);
    }

    QString lineColumn(const QByteArray& bytes, int offset)
    {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset && i < bytes.size(); ++i) {
            if (bytes[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        return QObject::tr("line %1, column %2").arg(line).arg(column);
    }

} // namespace

QRect PlatformPreset::safeArea(QSize canvas) const
{
    if (canvas.isEmpty())
        return {};
    const int w = canvas.width();
    const int h = canvas.height();
    const int left = int(std::lround(w * safeMargins.left));
    const int top = int(std::lround(h * safeMargins.top));
    const int right = w - int(std::lround(w * safeMargins.right));
    const int bottom = h - int(std::lround(h * safeMargins.bottom));
    if (right <= left || bottom <= top)
        return {};
    return QRect(left, top, right - left, bottom - top);
}

QString PlatformPresets::defaultServicesFile()
{
    return QStringLiteral("/usr/share/obs/obs-plugins/rtmp-services/services.json");
}

QString PlatformPresets::idForServiceName(const QString& name)
{
    QString id;
    bool dash = false;
    for (const QChar c : name) {
        if (c.isLetterOrNumber()) {
            if (dash && !id.isEmpty())
                id += QLatin1Char('-');
            id += c.toLower();
            dash = false;
        } else {
            dash = true;
        }
    }
    return id;
}

PlatformPresets PlatformPresets::builtinsOnly()
{
    PlatformPresets out;
    out.m_presets = { custom(), tikTokLive(), whatnot(), amazonLive() };
    return out;
}

PlatformPresets PlatformPresets::load(const QString& servicesFile)
{
    PlatformPresets out = builtinsOnly();
    const QString file = QDir::toNativeSeparators(servicesFile);
    const QString fallback = QObject::tr("only Pinstage's built-in platforms are offered");

    QFile f(servicesFile);
    if (!f.open(QIODevice::ReadOnly)) {
        out.m_errors.append(QObject::tr("%1: cannot be read (%2); %3.").arg(file, f.errorString(), fallback));
        return out;
    }
    const QByteArray bytes = f.readAll();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        out.m_errors.append(QObject::tr("%1 %2: not valid JSON (%3); %4.")
                                .arg(file, lineColumn(bytes, parseError.offset), parseError.errorString(), fallback));
        return out;
    }
    const QJsonValue services = doc.object().value(QStringLiteral("services"));
    if (!doc.isObject() || !services.isArray()) {
        out.m_errors.append(QObject::tr("%1: no \"services\" list at the top; %2.").arg(file, fallback));
        return out;
    }

    QList<PlatformPreset> common;
    QList<PlatformPreset> others;
    const QJsonArray entries = services.toArray();
    for (int i = 0; i < entries.size(); ++i) {
        const QString where = QStringLiteral("%1: services[%2]").arg(file).arg(i);
        if (!entries[i].isObject()) {
            out.m_errors.append(QObject::tr("%1: not an object; the entry is skipped.").arg(where));
            continue;
        }
        const QJsonObject entry = entries[i].toObject();
        const QString name = entry.value(QStringLiteral("name")).toString().trimmed();
        if (name.isEmpty()) {
            out.m_errors.append(QObject::tr("%1: no \"name\"; the entry is skipped.").arg(where));
            continue;
        }
        const QString place = QStringLiteral("%1 (\"%2\")").arg(where, name);
        const QJsonObject recommended = entry.value(QStringLiteral("recommended")).toObject();
        const QString output = recommended.value(QStringLiteral("output")).toString();
        if (!output.isEmpty() && output != QLatin1String("rtmp_output"))
            continue; // HLS, FTL…: not RTMP(S)

        const QJsonValue serversValue = entry.value(QStringLiteral("servers"));
        if (!serversValue.isArray()) {
            out.m_errors.append(QObject::tr("%1: \"servers\" is not a list; the entry is skipped.").arg(place));
            continue;
        }
        PlatformPreset p;
        p.id = idForServiceName(name);
        p.displayName = name;
        p.origin = FromServices;
        p.safeMargins = SafeMargins::graphicsSafe();
        bool broken = false;
        const QJsonArray servers = serversValue.toArray();
        for (int j = 0; j < servers.size(); ++j) {
            const QJsonObject server = servers[j].toObject();
            const QJsonValue url = server.value(QStringLiteral("url"));
            if (!servers[j].isObject() || !url.isString()) {
                out.m_errors.append(
                    QObject::tr("%1: servers[%2] has no \"url\" text; the entry is skipped.").arg(place).arg(j));
                broken = true;
                break;
            }
            if (isRtmpUrl(url.toString().trimmed()))
                p.servers.append({ server.value(QStringLiteral("name")).toString(), url.toString().trimmed() });
        }
        if (broken)
            continue;
        if (p.servers.isEmpty())
            continue; // no RTMP(S) server (https ingest and the like): not for Pinstage

        auto number = [&](const char* field, int* to, int low, int high) {
            const QJsonValue v = recommended.value(QLatin1String(field));
            if (v.isUndefined())
                return;
            const double d = v.toDouble(-1);
            if (!v.isDouble() || d < low || d > high || d != std::floor(d)) {
                out.m_errors.append(
                    QObject::tr("%1: recommended \"%2\" is not a whole number from %3 to %4; it is ignored.")
                        .arg(place, QLatin1String(field))
                        .arg(low)
                        .arg(high));
                return;
            }
            *to = int(d);
        };
        number("max video bitrate", &p.maxVideoKbps, 1, 1000000);
        number("keyint", &p.keyframeSeconds, 1, 60);
        int maxFps = 0;
        number("max fps", &maxFps, 1, 240);
        if (maxFps > 0)
            p.fps = std::min(p.fps, maxFps);
        const QJsonValue resolutions = recommended.value(QStringLiteral("supported resolutions"));
        if (resolutions.isArray()) {
            for (const QJsonValue& r : resolutions.toArray()) {
                const auto size = parseResolution(r.toString());
                if (!size) {
                    out.m_errors.append(
                        QObject::tr("%1: recommended \"supported resolutions\" holds \"%2\", not WIDTHxHEIGHT; "
                                    "it is ignored.")
                            .arg(place, r.toString().left(40)));
                    continue;
                }
                if (p.supportedResolutions.isEmpty())
                    p.canvas = *size; // the first one is the platform's largest
                p.supportedResolutions.append(r.toString());
            }
        } else if (!resolutions.isUndefined()) {
            out.m_errors.append(
                QObject::tr("%1: recommended \"supported resolutions\" is not a list; it is ignored.").arg(place));
        }

        applyOverride(p);
        if (out.find(p.id))
            continue; // a built-in (or an earlier entry) of the same id wins
        ++out.m_servicesRead;
        (entry.value(QStringLiteral("common")).toBool() ? common : others).append(p);
    }
    out.m_presets += common;
    out.m_presets += others;
    return out;
}

const PlatformPreset* PlatformPresets::find(const QString& id) const
{
    for (const PlatformPreset& p : m_presets)
        if (p.id == id)
            return &p;
    return nullptr;
}

const PlatformPreset& PlatformPresets::findOrCustom(const QString& id) const
{
    if (const PlatformPreset* p = find(id))
        return *p;
    if (const PlatformPreset* p = find(customId()))
        return *p;
    static const PlatformPreset fallback = custom();
    return fallback;
}

const PlatformPreset* PlatformPresets::findByServer(const QString& url) const
{
    auto norm = [](QString u) {
        u = u.trimmed();
        while (u.endsWith(QLatin1Char('/')))
            u.chop(1);
        return u;
    };
    const QString wanted = norm(url);
    if (wanted.isEmpty())
        return nullptr;
    for (const PlatformPreset& p : m_presets)
        for (const PlatformPreset::Server& s : p.servers)
            if (norm(s.url) == wanted)
                return &p;
    return nullptr;
}

} // namespace pinstage
