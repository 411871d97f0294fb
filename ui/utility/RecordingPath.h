// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

namespace pinstage {

/// Where a recording started at NOW goes: <Movies>/Pinstage/pinstage-YYYYMMDD-HHMMSS.mkv
/// (mkv survives a crash). Creates the folder; returns an empty string and sets *error when it
/// cannot. A name already taken gets a -2, -3... suffix.
QString newRecordingPath(const QDateTime& now, QString* error);
/// The same in FOLDER (e.g. Settings::recordingFolder()); an empty FOLDER means the default one.
QString newRecordingPath(const QString& folder, const QDateTime& now, QString* error);

} // namespace pinstage
