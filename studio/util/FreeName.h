// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

namespace pinstage {

/// BASE when IS_TAKEN(BASE) is false, else the first of "BASE 2", "BASE 3", … that is not taken:
/// how a new scene, source or saved destination is named beside existing ones (OBS Studio names
/// duplicates the same way). IS_TAKEN: bool(const QString&). Pure; any thread.
template <typename IsTaken> QString freeName(const QString& base, IsTaken isTaken)
{
    if (!isTaken(base))
        return base;
    for (int n = 2;; ++n) {
        QString candidate = QStringLiteral("%1 %2").arg(base).arg(n);
        if (!isTaken(candidate))
            return candidate;
    }
}

} // namespace pinstage
