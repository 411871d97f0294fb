// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Shared by the catalog tests: fixture paths and throwaway catalogs in temporary folders.

#include "catalog/Catalog.h"

#include <QDateTime>
#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace pinstage::test {

/// tests/data/catalog/NAME in the source tree.
inline QString fixture(const QString& name)
{
    const QString root = qEnvironmentVariable("PINSTAGE_SOURCE_DIR", QStringLiteral(PINSTAGE_TEST_SOURCE_DIR));
    return QDir(root).filePath(QStringLiteral("tests/data/catalog/") + name);
}

/// The moment the catalog tests ask prices at (ManualClock's default start): 2026-11-29 20:00
/// local time. Sale windows in the fixtures are placed around it.
inline QDateTime testNow()
{
    return QDateTime(QDate(2026, 11, 29), QTime(20, 0), Qt::LocalTime);
}

/// A catalog in a fresh temporary data folder; the folder is kept when the test failed.
struct TempCatalog {
    QTemporaryDir dir;
    std::unique_ptr<Catalog> catalog;

    TempCatalog()
    {
        QString error;
        catalog = Catalog::open(Catalog::pathInDataDir(dir.path()), &error);
        if (!catalog)
            qWarning("%s", qPrintable(error));
    }
    ~TempCatalog() { dir.setAutoRemove(!QTest::currentTestFailed()); }
    Catalog* operator->() const { return catalog.get(); }
    Catalog& operator*() const { return *catalog; }
};

} // namespace pinstage::test
