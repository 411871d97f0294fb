// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

namespace pinstage {

/// The data folder (catalog, image cache, show logs) used when no --data-dir is given:
/// QStandardPaths::AppDataLocation, e.g. ~/.local/share/Pinstage.
QString defaultDataDir();

/// Makes sure DIR exists. Returns false and sets *error (naming DIR) when it cannot be created.
bool ensureDir(const QString& dir, QString* error);

} // namespace pinstage
