// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QImage>
#include <QSize>

namespace pinstage::test {

/// One frame of the program as the encoders receive it: libobs converts it to RGBA (full range,
/// BT.709) at CANVAS (pixels, the program canvas's size) and hands it to a raw-video callback on its
/// video thread; this copies the first frame after SKIP_FRAMES (frames already in flight when the
/// callback was added show the picture from before the caller's last change).
///
/// Call on the main thread with libobs started and its video running; the event loop runs while
/// waiting (up to TIMEOUT_MS). Returns a null image when no frame arrived in that time.
QImage grabProgramFrame(const QSize& canvas, int skipFrames = 0, int timeoutMs = 5000);

} // namespace pinstage::test
