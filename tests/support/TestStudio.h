// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "show/Studio.h"

#include <QSize>
#include <QString>

namespace pinstage::test {

/// The options of a real Studio for a test: data (catalog, logs, libobs config) in DATADIR, a
/// CANVAS (pixels) at FPS frames a second, and the test pattern as the camera (`none`: no device,
/// colourful and moving). Everything else as Studio::Options has it. Thread: any.
Studio::Options studioOptionsForTests(const QString& dataDir, QSize canvas = QSize(360, 640), int fps = 30);

} // namespace pinstage::test
