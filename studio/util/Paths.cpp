// SPDX-License-Identifier: GPL-2.0-or-later
#include "util/Paths.h"

#include <QDir>
#include <QStandardPaths>

namespace pinstage {

QString defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

bool ensureDir(const QString& dir, QString* error)
{
    if (QDir().mkpath(dir))
        return true;
    if (error)
        *error = QStringLiteral("cannot create folder %1").arg(QDir::toNativeSeparators(dir));
    return false;
}

} // namespace pinstage
