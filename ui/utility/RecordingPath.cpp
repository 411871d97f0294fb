// SPDX-License-Identifier: GPL-2.0-or-later
#include "utility/RecordingPath.h"

#include <QDir>
#include <QFileInfo>
#include <QObject>
#include <QStandardPaths>

namespace pinstage {

QString newRecordingPath(const QDateTime& now, QString* error)
{
    return newRecordingPath(QString(), now, error);
}

QString newRecordingPath(const QString& folder, const QDateTime& now, QString* error)
{
    QString movies = QStandardPaths::writableLocation(QStandardPaths::MoviesLocation);
    if (movies.isEmpty())
        movies = QDir::homePath();
    const QDir dir(folder.isEmpty() ? QDir(movies).filePath(QStringLiteral("Pinstage")) : folder);
    if (!dir.mkpath(QStringLiteral("."))) {
        if (error)
            *error = QObject::tr("Cannot create the recordings folder %1").arg(QDir::toNativeSeparators(dir.path()));
        return {};
    }
    const QString stem = QStringLiteral("pinstage-") + now.toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString file = dir.filePath(stem + QStringLiteral(".mkv"));
    for (int n = 2; QFileInfo::exists(file); ++n)
        file = dir.filePath(QStringLiteral("%1-%2.mkv").arg(stem).arg(n));
    return file;
}

} // namespace pinstage
