// SPDX-License-Identifier: GPL-2.0-or-later
#include "output/EncoderSettings.h"

#include <algorithm>
#include <cmath>

namespace pinstage {

EncoderSettings EncoderSettings::forCanvas(QSize canvas, int fps)
{
    EncoderSettings s;
    const double reference = 1080.0 * 1920.0 * 30.0;
    const double pixelsPerSecond = static_cast<double>(canvas.width()) * canvas.height() * fps;
    s.videoBitrateKbps
        = std::clamp(static_cast<int>(std::lround(4500.0 * std::sqrt(pixelsPerSecond / reference))), 600, 6000);
    return s;
}

} // namespace pinstage
