// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "output/EncoderSettings.h"

#include <QList>
#include <QRect>
#include <QSize>
#include <QString>
#include <QStringList>

namespace pinstage {

/// Where a platform draws its own buttons, names and comments over the video, as fractions of
/// the canvas (0–1) from each edge. Fractions, not pixels, so one preset fits any canvas size.
struct SafeMargins {
    double left = 0;
    double top = 0;
    double right = 0;
    double bottom = 0;

    /// Vertical live-selling apps (TikTok LIVE, Whatnot, Amazon Live on a phone). Where each
    /// number comes from:
    ///   - bottom 1/3: the comments, the shop bar and the caption (issue 8, item 3: "vertical
    ///     platforms cover … the bottom third"); 640 px of 1920.
    ///   - right 0.15: the column of like / gift / share / shop buttons (issue 8, item 3: "the
    ///     right edge"); 162 px of 1080, inside the 120–180 px that published TikTok safe-zone
    ///     guides give for that column.
    ///   - top 0.10: the host's name, Follow button and viewer count; 192 px of 1920, in line
    ///     with the 180–250 px those guides give for the top.
    ///   - left 0.05: phone corners and the left edge of the comment list; 54 px of 1080.
    /// None of the platforms publishes a LIVE safe area: these are Pinstage's working margins, to
    /// be checked on a phone when an app changes its layout.
    static SafeMargins verticalApp() { return { 0.05, 0.10, 0.15, 1.0 / 3.0 }; }
    /// Landscape players (YouTube, Twitch, Facebook on a computer) and Custom: no platform
    /// buttons over the picture, so the broadcast graphics-safe area of EBU R 95 (90 % × 90 %:
    /// 5 % from each edge) keeps text clear of overscan and player corners.
    static SafeMargins graphicsSafe() { return { 0.05, 0.05, 0.05, 0.05 }; }

    friend bool operator==(const SafeMargins&, const SafeMargins&) = default;
};

/// One streaming platform's settings: its ingest servers, the canvas and frame rate it wants, the
/// keyframe interval, the bitrate ceiling, CBR, the encoder profile and its safe area.
///
/// Presets come from the `rtmp-services` plugin data that ships with libobs (services.json:
/// name, servers, recommended max video bitrate, keyint, max fps, supported resolutions) and from
/// Pinstage's built-ins (TikTok LIVE, Whatnot, Amazon Live, Custom RTMP/RTMPS), which also
/// override the services.json values of YouTube and Facebook with the ones in docs/product.md.
/// A plain value: copy freely, any thread.
struct PlatformPreset {
    struct Server {
        QString name; ///< as the platform names it ("Primary YouTube ingest server")
        QString url; ///< rtmp:// or rtmps:// server URL, without a stream key
        friend bool operator==(const Server&, const Server&) = default;
    };

    /// Stable id saved with a destination: "tiktok-live", "whatnot", "amazon-live", "custom", or
    /// for a services.json entry its name in lower case with runs of other characters as "-"
    /// ("YouTube - RTMPS" → "youtube-rtmps", "Facebook Live" → "facebook-live").
    QString id;
    QString displayName;
    /// In the platform's order, RTMP(S) only. Empty when the platform gives the server with
    /// each show's key (TikTok LIVE, Amazon Live) and for Custom.
    QList<Server> servers;
    /// The canvas the platform wants, in pixels; height > width for a vertical platform.
    QSize canvas { 1920, 1080 };
    int fps = 30; ///< frames per second
    int keyframeSeconds = 2; ///< seconds between keyframes
    int maxVideoKbps = 0; ///< video bitrate ceiling in kbit/s; 0: the platform states none
    bool cbr = true; ///< constant bitrate (every platform here wants it)
    /// Resolutions the platform accepts ("1920x1080"), from services.json; empty: any.
    QStringList supportedResolutions;
    SafeMargins safeMargins = SafeMargins::graphicsSafe();
    /// The server URL and key are handed out per show (TikTok LIVE: signed, time-limited keys).
    bool serverPerShow = false;
    /// Where the values come from, for tooltips and the report: "services.json",
    /// "services.json + Pinstage" (overridden) or "Pinstage".
    QString origin;

    bool isVertical() const { return canvas.height() > canvas.width(); }

    /// The area of CANVAS (pixels) that the platform leaves free, in canvas pixels: each edge's
    /// margin is the fraction × that side, rounded to the nearest pixel. Empty for an empty
    /// canvas. E.g. a vertical app on 1080x1920 → QRect(54, 192, 864, 1088).
    QRect safeArea(QSize canvas) const;

    /// The encoder profile the platform wants: LiveSelling (low-latency x264: no B-frames, no
    /// lookahead; the default, and what Whatnot asks for) or Quality.
    EncoderSettings::Profile encoderProfile = EncoderSettings::Profile::LiveSelling;
};

/// The list of platform presets offered to the seller: Custom first, Pinstage's live-selling
/// platforms next, then the services.json entries in the file's order (its "common" ones first).
///
/// Loading never fails as a whole: a services.json that cannot be read or parsed, or an entry in
/// it that is not usable, adds one line to errors() naming the file (and the line, or the entry
/// by index and name, and the field) and the built-ins still load. Services without an RTMP(S)
/// server (HLS, FTL) are left out without an error: Pinstage streams RTMP(S).
///
/// Thread contract: a plain value; load() reads one file, any thread.
class PlatformPresets {
public:
    /// Where Debian's obs-studio package puts the rtmp-services data:
    /// /usr/share/obs/obs-plugins/rtmp-services/services.json.
    static QString defaultServicesFile();

    /// Reads SERVICES_FILE (services.json, format_version 4 or older) and adds the built-ins.
    static PlatformPresets load(const QString& servicesFile = defaultServicesFile());
    /// Only the built-ins (TikTok LIVE, Whatnot, Amazon Live, Custom).
    static PlatformPresets builtinsOnly();

    const QList<PlatformPreset>& presets() const { return m_presets; }
    /// One line per problem, each naming the file and the entry; empty when all was read.
    const QStringList& errors() const { return m_errors; }
    /// How many services.json entries were taken.
    int servicesRead() const { return m_servicesRead; }

    /// The preset with ID, or nullptr.
    const PlatformPreset* find(const QString& id) const;
    /// The preset with ID, else Custom (an old destination without a preset, or one whose
    /// platform left services.json).
    const PlatformPreset& findOrCustom(const QString& id) const;
    /// The first preset one of whose servers is URL (trailing "/" ignored), or nullptr.
    const PlatformPreset* findByServer(const QString& url) const;

    static QString customId() { return QStringLiteral("custom"); }
    static QString tikTokLiveId() { return QStringLiteral("tiktok-live"); }
    static QString whatnotId() { return QStringLiteral("whatnot"); }
    static QString amazonLiveId() { return QStringLiteral("amazon-live"); }
    /// The id of a services.json entry named NAME (see PlatformPreset::id).
    static QString idForServiceName(const QString& name);

private:
    QList<PlatformPreset> m_presets;
    QStringList m_errors;
    int m_servicesRead = 0;
};

} // namespace pinstage
