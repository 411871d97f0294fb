// SPDX-License-Identifier: GPL-2.0-or-later
#include "output/EncoderSettings.h"

#include <algorithm>
#include <cmath>

namespace pinstage {

EncoderSettings EncoderSettings::forCanvas(QSize canvas, int fps, Profile profile)
{
    EncoderSettings s;
    const double reference = 1080.0 * 1920.0 * 30.0;
    const double pixelsPerSecond = static_cast<double>(canvas.width()) * canvas.height() * fps;
    s.videoBitrateKbps
        = std::clamp(static_cast<int>(std::lround(4500.0 * std::sqrt(pixelsPerSecond / reference))), 600, 6000);
    return s.withProfile(profile);
}

EncoderSettings EncoderSettings::withProfile(Profile p) const
{
    EncoderSettings s = *this;
    s.profile = p;
    s.x264Tune.clear();
    s.x264Options = x264OptionsFor(p);
    return s;
}

QString EncoderSettings::x264OptionsFor(Profile profile)
{
    switch (profile) {
    case Profile::LiveSelling:
        // What x264's "zerolatency" tune does, spelled out so every option is deliberate:
        // bframes=0: no frame waits for a later one; rc-lookahead=0 and sync-lookahead=0: rate
        // control and the lookahead thread hold no frames (so no macroblock tree either);
        // sliced-threads=1: the threads share each frame instead of working on consecutive
        // frames (frame threads hold one frame each). Measured on 2 cores against frame threads
        // and one thread (README, "Tests and benchmarks").
        return QStringLiteral("bframes=0 rc-lookahead=0 sync-lookahead=0 mbtree=0 sliced-threads=1");
    case Profile::Quality:
        return {};
    }
    return {};
}

QString EncoderSettings::profileName(Profile profile)
{
    return profile == Profile::Quality ? QStringLiteral("quality") : QStringLiteral("live-selling");
}

std::optional<EncoderSettings::Profile> EncoderSettings::parseProfile(const QString& name)
{
    if (name == QLatin1String("live-selling"))
        return Profile::LiveSelling;
    if (name == QLatin1String("quality"))
        return Profile::Quality;
    return std::nullopt;
}

QString EncoderSettings::profileNames()
{
    return QStringLiteral("live-selling|quality");
}

} // namespace pinstage
