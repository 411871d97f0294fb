// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace pinstage::test {

/// Reading the show log (ShowLog: one JSON object a line, `DATA_DIR/shows/show-*.jsonl`) in tests.
/// Thread: any. Errors: a file that cannot be read gives no events (the test's checks on them fail).

/// The events of the show log file PATH, in order (blank lines skipped).
QList<QJsonObject> readShowLog(const QString& path);

/// The show log files of the data folder DATADIR (`DATADIR/shows/show-*.jsonl`), full paths, by name.
QStringList showLogFiles(const QString& dataDir);

/// The events of every show log of DATADIR, file after file (showLogFiles()), each in order.
QList<QJsonObject> showLogEvents(const QString& dataDir);

/// The `event` name of each of EVENTS, in order.
QStringList eventNames(const QList<QJsonObject>& events);

} // namespace pinstage::test
