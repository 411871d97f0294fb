// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

namespace pinstage {

/// The video bitrates Pinstage accepts, in kbit/s, wherever one is given: the Settings dialog and
/// `[encoder] bitrate_kbps` of the settings file (Settings::EncoderBitrateMinKbps/MaxKbps), the
/// pre-flight check, and headless `--stream-bitrate` (where 0 also means "the show's bitrate").
/// One range, so that a bitrate a script streams with is one the window accepts, and back.
///
/// Where the numbers come from:
/// - MinKbps 300: the lowest the window has offered since issue 8; below it even Pinstage's
///   smallest canvases (360x640 at 30 fps) turn to blocks in x264's CBR mode, and
///   EncoderSettings::forCanvas itself never suggests less than 600.
/// - MaxKbps 20000: above every ceiling of the platforms Pinstage streams a 1080p show to
///   (docs/product.md: TikTok LIVE about 6 Mbps, Whatnot 3.5, YouTube 8 at 1080p30, Facebook 6;
///   libobs's rtmp-services list caps most 1080p services at 20000 kbps). Only 4K ingests
///   (YouTube's 51000 in rtmp-services) go higher, and a seller's upload rarely carries even 20000.
///
/// A platform's own, lower ceiling (PlatformPreset::maxVideoKbps) is checked on top of this.
struct VideoBitrate {
    static constexpr int MinKbps = 300;
    static constexpr int MaxKbps = 20000;

    /// True for KBPS inside [MinKbps, MaxKbps].
    static constexpr bool accepts(int kbps) { return kbps >= MinKbps && kbps <= MaxKbps; }
};

} // namespace pinstage
