// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

namespace pinstage {

/// "1 chapter", "2 chapters", "0 chapters": N followed by the noun in the form English uses for
/// that count (ONE for exactly 1, MANY otherwise). The command line and the engine's messages are
/// English only; Qt's tr("%n chapter(s)", nullptr, n) would print "(s)" unless an English
/// translation (.qm) with numerus forms were loaded, which the project does not ship, so the two
/// forms are written out here. Windows' strings use tr() with both forms (see SettingsDialog).
///
/// Thread contract: a pure function; any thread.
inline QString countOf(qint64 n, const QString& one, const QString& many)
{
    return QString::number(n) + QLatin1Char(' ') + (n == 1 ? one : many);
}

} // namespace pinstage
