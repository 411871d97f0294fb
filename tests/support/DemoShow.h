// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "show/ShowBook.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace pinstage::test {

/// One queue card per code, in order, with no card settings of its own.
QList<QueueItem> queueOf(const QStringList& codes);

/// Seeds the data folder DATADIR (as `--data-dir` takes it) with the demo catalog and stores the
/// show NAME with ITEMS and SETTINGS (ShowBook::create), as a producer would before the show.
/// TITLES (may be null) gets, per item, the title the card and the recording's chapters show:
/// "Product – Variant", or the product's alone. False with ERROR (a code not in the catalog names
/// the code). Thread: the caller's; opens and closes the catalog's SQLite file.
bool seedDemoShow(const QString& dataDir, const QString& name, const QList<QueueItem>& items,
    const QJsonObject& settings, QStringList* titles, QString* error);

} // namespace pinstage::test
