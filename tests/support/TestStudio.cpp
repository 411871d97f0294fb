// SPDX-License-Identifier: GPL-2.0-or-later
#include "TestStudio.h"

namespace pinstage::test {

Studio::Options studioOptionsForTests(const QString& dataDir, QSize canvas, int fps)
{
    Studio::Options options;
    options.dataDir = dataDir;
    options.video.canvas = canvas;
    options.video.fps = fps;
    options.camera = QStringLiteral("none");
    return options;
}

} // namespace pinstage::test
