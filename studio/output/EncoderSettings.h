// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QSize>
#include <QString>

namespace pinstage {

/// x264 + AAC settings shared by the stream and the recording. Platforms want CBR and a keyframe
/// every 2 s (TikTok, Whatnot, YouTube, Facebook all do).
struct EncoderSettings {
    int videoBitrateKbps = 4500;
    int audioBitrateKbps = 128;
    int keyframeSeconds = 2;
    QString x264Preset = QStringLiteral("veryfast");

    /// A bitrate that suits the canvas: 4500 kbps at 1080x1920@30, scaled by pixels per second,
    /// kept between 600 and 6000 kbps.
    static EncoderSettings forCanvas(QSize canvas, int fps);
};

} // namespace pinstage
