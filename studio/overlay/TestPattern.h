// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QDateTime>
#include <QImage>
#include <QSize>

namespace pinstage {

/// The built-in picture shown where no camera exists: 75 % colour bars, a moving sweep so a frozen
/// stream is visible at a glance, and a clock. Pure; call from any thread but the graphics thread.
class TestPattern {
public:
    static QImage paint(QSize canvas, const QDateTime& now);
};

} // namespace pinstage
