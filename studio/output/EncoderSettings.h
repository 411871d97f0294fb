// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QSize>
#include <QString>

#include <optional>

namespace pinstage {

/// x264 + AAC settings shared by the stream and the recording. Platforms want CBR and a keyframe
/// every 2 s (TikTok, Whatnot, YouTube, Facebook all do).
///
/// Plain value; any thread.
struct EncoderSettings {
    /// How x264 trades latency for compression.
    enum class Profile {
        /// Live selling (the default): a pinned card reaches viewers as soon as possible. No
        /// B-frames, no lookahead (rc-lookahead=0, sync-lookahead=0, no macroblock tree), sliced
        /// threads instead of frame threads, CBR: each frame leaves the encoder as soon as it
        /// is encoded. Costs some compression at the same bitrate.
        LiveSelling,
        /// x264's `veryfast` as OBS Studio ships it: 3 B-frames, a 10-frame lookahead and frame
        /// threads. Better pictures at the same bitrate; the encoder holds about half a second of
        /// frames (see README, "Tests and benchmarks").
        Quality,
    };

    Profile profile = Profile::LiveSelling;
    int videoBitrateKbps = 4500;
    int audioBitrateKbps = 128;
    int keyframeSeconds = 2;
    QString x264Preset = QStringLiteral("veryfast");
    /// obs_x264's "tune" (x264's --tune), empty for none.
    QString x264Tune;
    /// obs_x264's "x264opts": x264 options as space-separated NAME=VALUE pairs, applied after the
    /// preset and the tune. Filled from the profile by forCanvas() / withProfile().
    QString x264Options = x264OptionsFor(Profile::LiveSelling);

    /// A bitrate that suits the canvas: 4500 kbps at 1080x1920@30, scaled by pixels per second,
    /// kept between 600 and 6000 kbps; x264 options from PROFILE.
    static EncoderSettings forCanvas(QSize canvas, int fps, Profile profile = Profile::LiveSelling);
    /// These settings with PROFILE's x264 options (bitrate and keyframe interval kept).
    EncoderSettings withProfile(Profile profile) const;

    /// The x264 options of PROFILE (see x264Options).
    static QString x264OptionsFor(Profile profile);
    /// "live-selling" or "quality": the name on the command line and in settings.
    static QString profileName(Profile profile);
    /// The profile named NAME (as profileName() writes it), nullopt for anything else.
    static std::optional<Profile> parseProfile(const QString& name);
    /// "live-selling|quality", for usage lines and errors.
    static QString profileNames();
};

} // namespace pinstage
