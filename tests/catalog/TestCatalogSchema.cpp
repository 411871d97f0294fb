// SPDX-License-Identifier: GPL-2.0-or-later
// Schema revisions: a new file, the upgrade from the skeleton's revision 1, and files that must
// be refused untouched (newer incompatible revision, corrupt file, another application's database).

#include "CatalogTestUtil.h"

#include "catalog/CatalogSchema.h"
#include "catalog/SqliteStatement.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTest>

#include <sqlite3.h>

using namespace pinstage;
using namespace pinstage::test;

class TestCatalogSchema : public QObject {
    Q_OBJECT

private slots:
    void newFileIsLatestRevision();
    void upgradesRevision1InPlace();
    void refusesNewerIncompatibleRevision();
    void opensNewerCompatibleRevision();
    void upgradesRevision3SearchIndex();
    void upgradesRevision4SaleAndPolicy();
    void upgradesRevision6KeepsShows();
    void refusesDamagedFiles_data();
    void refusesDamagedFiles();

private:
    static QByteArray hashOf(const QString& path)
    {
        QFile f(path);
        f.open(QIODevice::ReadOnly);
        return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
    }
    /// Writes a file with raw SQL, as an older or newer Pinstage (or another program) would have.
    static void writeDatabase(const QString& path, const char* sql)
    {
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
        QString error;
        const bool ok = sqliteExec(db, sql, &error);
        sqlite3_close(db);
        QVERIFY2(ok, qPrintable(error));
    }
    /// Writes a file as revision-REVISION builds left it: that revision's schema through Pinstage's
    /// own upgrade scripts, then ROWS (its history, meta rows and data, raw SQL).
    static void writeRevision(const QString& path, int revision, const char* rows)
    {
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
        QString error;
        bool ok = true;
        for (const CatalogSchema::Revision& r : CatalogSchema::revisions()) {
            if (r.version <= revision)
                ok = ok && sqliteExec(db, r.upgradeSql, &error);
        }
        ok = ok && sqliteExec(db, rows, &error);
        sqlite3_close(db);
        QVERIFY2(ok, qPrintable(error));
    }
    /// The revisions the catalog's schema_history lists, comma-separated ("2,3,4").
    static QString historyOf(const Catalog& catalog)
    {
        SqliteStatement history(catalog.handle(), "SELECT group_concat(revision) FROM schema_history");
        return history.step() ? history.text(0) : QString();
    }
};

void TestCatalogSchema::newFileIsLatestRevision()
{
    TempCatalog catalog;
    QVERIFY(catalog.catalog);
    QCOMPARE(catalog->schemaVersion(), CatalogSchema::latestVersion());
    QCOMPARE(CatalogSchema::latestVersion(), 7);
    SqliteStatement mode(catalog->handle(), "PRAGMA journal_mode");
    QVERIFY(mode.step());
    QCOMPARE(mode.text(0), QStringLiteral("wal"));
    SqliteStatement fk(catalog->handle(), "PRAGMA foreign_keys");
    QVERIFY(fk.step());
    QCOMPARE(fk.integer(0), 1);
    QCOMPARE(historyOf(*catalog), QStringLiteral("2,3,4,5,6,7"));
}

void TestCatalogSchema::upgradesRevision1InPlace()
{
    QTemporaryDir dir;
    const QString path = Catalog::pathInDataDir(dir.path());
    // The skeleton's revision 1, written the way the first builds wrote it.
    writeDatabase(path, R"SQL(
        CREATE TABLE products (id INTEGER PRIMARY KEY, handle TEXT NOT NULL UNIQUE, title TEXT NOT NULL);
        CREATE TABLE variants (id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
                               sku TEXT, price_cents INTEGER NOT NULL DEFAULT 0, compare_at_cents INTEGER, stock INTEGER);
        CREATE INDEX variants_product ON variants(product_id);
        INSERT INTO products VALUES (1, 'old-mug', 'Old Mug'), (2, 'old-candle', 'Old Candle');
        INSERT INTO variants VALUES (10, 1, 'OLD-1', 1500, 2000, 3), (11, 2, NULL, 900, NULL, NULL);
        PRAGMA user_version = 1;
    )SQL");

    QString error;
    const auto catalog = Catalog::open(path, &error);
    QVERIFY2(catalog, qPrintable(error));
    QCOMPARE(catalog->schemaVersion(), 7);
    QCOMPARE(catalog->productCount(), 2);
    const auto mug = catalog->variantBySku("OLD-1");
    QVERIFY(mug);
    QCOMPARE(mug->productTitle, QStringLiteral("Old Mug"));
    QCOMPARE(mug->storedPriceCents, 1500);
    QCOMPARE(mug->storedCompareAtCents, std::optional<qint64>(2000));
    QCOMPARE(mug->currency, QStringLiteral("USD"));
    QCOMPARE(mug->stock, std::optional<int>(3));
    const auto candle = catalog->variantById(11);
    QVERIFY(candle);
    QCOMPARE(candle->sku, QString()); // NULL SKUs became ''
    // Existing rows are searchable after the FTS revision.
    QCOMPARE(catalog->search("cand", 10).size(), 1);
    QCOMPARE(catalog->search("old", 10).size(), 2);
    // ... and reopening does not upgrade again.
    SqliteStatement history(catalog->handle(), "SELECT count(*) FROM schema_history");
    QVERIFY(history.step());
    QCOMPARE(history.integer(0), 6);
}

void TestCatalogSchema::refusesNewerIncompatibleRevision()
{
    QTemporaryDir dir;
    const QString path = Catalog::pathInDataDir(dir.path());
    writeDatabase(path, R"SQL(
        CREATE TABLE products (id INTEGER PRIMARY KEY, handle TEXT NOT NULL UNIQUE, title TEXT NOT NULL);
        CREATE TABLE catalog_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO catalog_meta VALUES ('min_compatible_revision', '9');
        PRAGMA user_version = 9;
        PRAGMA application_id = 1347638343;
    )SQL");
    const QByteArray before = hashOf(path);
    QString error;
    QVERIFY(!Catalog::open(path, &error));
    QCOMPARE(error,
        QStringLiteral(
            "Cannot open the catalog %1: it was written by a newer Pinstage (catalog schema revision 9; this version "
            "knows up to revision 7). The file was not changed: update Pinstage to open it.")
            .arg(QDir::toNativeSeparators(path)));
    QCOMPARE(hashOf(path), before);
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
}

void TestCatalogSchema::opensNewerCompatibleRevision()
{
    TempCatalog created; // a revision-7 file, then marked as revision 8 that revision-5 code may still use
    const QString path = created->path();
    QVERIFY(sqliteExec(created->handle(), "PRAGMA user_version = 8"));
    created.catalog.reset();
    QString error;
    const auto catalog = Catalog::open(path, &error);
    QVERIFY2(catalog, qPrintable(error));
    QCOMPARE(catalog->schemaVersion(), 8);
}

void TestCatalogSchema::upgradesRevision3SearchIndex()
{
    QTemporaryDir dir;
    const QString path = Catalog::pathInDataDir(dir.path());
    // A file as revision-3 builds left it: revisions 1 to 3 applied, rows indexed by the
    // revision-3 triggers (two-letter prefix index only).
    writeRevision(path, 3, R"SQL(
            INSERT INTO schema_history VALUES (2, 'r2', '2024-01-01T00:00:00Z'), (3, 'r3', '2024-01-01T00:00:00Z');
            INSERT INTO catalog_meta VALUES ('min_compatible_revision', '3');
            INSERT INTO products (id, handle, title, vendor, tags) VALUES
                (1, 'speckled-mug', 'Speckled Stoneware Mug', 'Kiln & Co.', 'gift, live'),
                (2, 'soy-candle', 'Soy Candle', 'Wick Studio', '');
            INSERT INTO variants (id, product_id, position, sku, option1, barcode) VALUES
                (10, 1, 1, 'MUG-1', 'Blue', '4000000000017'), (11, 1, 2, 'MUG-2', 'Sand', ''),
                (20, 2, 1, 'CND-1', 'Large', '');
            PRAGMA user_version = 3;
            PRAGMA application_id = 1347638343;
        )SQL");
    if (QTest::currentTestFailed())
        return;
    // The revision-3 index answers before the upgrade.
    QString error;
    const auto catalog = Catalog::open(path, &error);
    QVERIFY2(catalog, qPrintable(error));
    QCOMPARE(catalog->schemaVersion(), 7);
    SqliteStatement table(catalog->handle(), "SELECT sql FROM sqlite_master WHERE name = 'variant_search'");
    QVERIFY(table.step());
    QVERIFY2(table.text(0).contains(QStringLiteral("prefix = '1 2 3'")), qPrintable(table.text(0)));
    SqliteStatement triggers(
        catalog->handle(), "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%variant_search%'");
    QVERIFY(triggers.step());
    QCOMPARE(triggers.integer(0), 4);
    // The rows are indexed again, one-letter prefixes included.
    QCOMPARE(catalog->search("s", 10).size(), 3); // titles starting with S, in list order
    QCOMPARE(catalog->search("spe m", 10).size(), 2);
    QCOMPARE(catalog->search("sand", 10).size(), 1);
    QCOMPARE(catalog->search("kiln", 10).size(), 2);
    QCOMPARE(catalog->search("stoneware m", 10).first().sku, QStringLiteral("MUG-1"));
    QCOMPARE(catalog->searchIds("4000000000017", 10).first(), 10);
    // ... and the triggers still follow later edits.
    QCOMPARE(catalog->search("wick", 10).size(), 1);
    QVERIFY(
        sqliteExec(catalog->handle(), "UPDATE products SET title = 'Beeswax Candle', vendor = 'Hive' WHERE id = 2"));
    QCOMPARE(catalog->search("beesw", 10).size(), 1);
    QCOMPARE(catalog->search("wick", 10).size(), 0);
    QCOMPARE(historyOf(*catalog), QStringLiteral("2,3,4,5,6,7"));
}

void TestCatalogSchema::upgradesRevision4SaleAndPolicy()
{
    QTemporaryDir dir;
    const QString path = Catalog::pathInDataDir(dir.path());
    // A file as revision-4 builds left it: a sale price (compare-at above the price), stock at
    // -4 and 0, no schedule or inventory policy columns.
    writeRevision(path, 4, R"SQL(
            INSERT INTO schema_history VALUES (2, 'r2', '2024-01-01T00:00:00Z'), (3, 'r3', '2024-01-01T00:00:00Z'),
                                              (4, 'r4', '2024-01-01T00:00:00Z');
            INSERT INTO catalog_meta VALUES ('min_compatible_revision', '3');
            INSERT INTO products (id, handle, title) VALUES (1, 'scarf', 'Linen Scarf'), (2, 'candle', 'Soy Candle');
            INSERT INTO variants (id, product_id, position, sku, price_cents, compare_at_cents, stock) VALUES
                (10, 1, 1, 'SCARF-1', 1500, 2000, 10), (20, 2, 1, 'CANDLE-L', 1800, NULL, -4), (21, 2, 2, 'CANDLE-S', 1200, NULL, 0);
            PRAGMA user_version = 4;
            PRAGMA application_id = 1347638343;
        )SQL");
    if (QTest::currentTestFailed())
        return;
    QString error;
    const auto catalog = Catalog::open(path, &error);
    QVERIFY2(catalog, qPrintable(error));
    QCOMPARE(catalog->schemaVersion(), 7);
    // The rows keep what revision-4 code showed: an always-running sale, and stop selling at 0.
    SqliteStatement rows(catalog->handle(),
        "SELECT group_concat(sku || ':' || sale_starts || ':' || sale_ends || ':' || inventory_policy, ' ')"
        " FROM (SELECT * FROM variants ORDER BY id)");
    QVERIFY(rows.step());
    QCOMPARE(rows.text(0), QStringLiteral("SCARF-1:::deny CANDLE-L:::deny CANDLE-S:::deny"));
    const auto scarf = catalog->variantBySku("SCARF-1");
    QVERIFY(scarf->onSaleAt(testNow()));
    QCOMPARE(scarf->priceCentsAt(testNow()), 1500);
    QVERIFY(catalog->variantBySku("CANDLE-L")->soldOut());
    // Revision-4 code must not write it any more (it would show an ended sale as live).
    SqliteStatement meta(catalog->handle(), "SELECT value FROM catalog_meta WHERE key = 'min_compatible_revision'");
    QVERIFY(meta.step());
    QCOMPARE(meta.text(0), QStringLiteral("5"));
    QCOMPARE(historyOf(*catalog), QStringLiteral("2,3,4,5,6,7"));
    // A bad policy cannot be stored.
    QVERIFY(!sqliteExec(catalog->handle(), "UPDATE variants SET inventory_policy = 'sometimes' WHERE id = 10"));
}

void TestCatalogSchema::upgradesRevision6KeepsShows()
{
    QTemporaryDir dir;
    const QString path = Catalog::pathInDataDir(dir.path());
    // A file as revision-6 builds left it: a show with its queue, no runs table.
    writeRevision(path, 6, R"SQL(
            INSERT INTO schema_history VALUES (2, 'r2', '2024-01-01T00:00:00Z'), (3, 'r3', '2024-01-01T00:00:00Z'),
                (4, 'r4', '2024-01-01T00:00:00Z'), (5, 'r5', '2024-01-01T00:00:00Z'), (6, 'r6', '2024-01-01T00:00:00Z');
            INSERT INTO catalog_meta VALUES ('min_compatible_revision', '5');
            INSERT INTO products (id, handle, title) VALUES (1, 'scarf', 'Linen Scarf');
            INSERT INTO variants (id, product_id, position, sku, price_cents) VALUES (10, 1, 1, 'SCARF-1', 1500);
            INSERT INTO shows (id, name, settings, created_at, updated_at)
                VALUES (1, 'Friday Drop', '{"template":"corner"}', '2026-11-01T10:00:00Z', '2026-11-01T10:00:00Z');
            INSERT INTO show_queue (show_id, position, code, variant_id, sale_seconds) VALUES (1, 1, 'SCARF-1', 10, 60);
            PRAGMA user_version = 6;
            PRAGMA application_id = 1347638343;
        )SQL");
    if (QTest::currentTestFailed())
        return;
    QString error;
    const auto catalog = Catalog::open(path, &error);
    QVERIFY2(catalog, qPrintable(error));
    QCOMPARE(catalog->schemaVersion(), 7);
    SqliteStatement shows(catalog->handle(),
        "SELECT s.name, s.settings, q.code, q.sale_seconds FROM shows s JOIN show_queue q ON q.show_id = s.id");
    QVERIFY(shows.step());
    QCOMPARE(shows.text(0), QStringLiteral("Friday Drop"));
    QCOMPARE(shows.text(1), QStringLiteral("{\"template\":\"corner\"}"));
    QCOMPARE(shows.text(2), QStringLiteral("SCARF-1"));
    QCOMPARE(shows.integer(3), 60);
    // The runs table is there, empty; revision-5 code may still open the file.
    SqliteStatement runs(catalog->handle(), "SELECT count(*) FROM show_runs");
    QVERIFY(runs.step());
    QCOMPARE(runs.integer(0), 0);
    SqliteStatement meta(catalog->handle(), "SELECT value FROM catalog_meta WHERE key = 'min_compatible_revision'");
    QVERIFY(meta.step());
    QCOMPARE(meta.text(0), QStringLiteral("5"));
    // A run refers to its show and queue items; deleting the show deletes its runs.
    QVERIFY(sqliteExec(catalog->handle(),
        "INSERT INTO show_runs (show_id, started_at, updated_at, on_air_item) VALUES (1, 'x', 'x', 1)"));
    QVERIFY(!sqliteExec(catalog->handle(),
        "INSERT INTO show_runs (show_id, started_at, updated_at, rehearsal) VALUES (1, 'x', 'x', 2)"));
    QVERIFY(sqliteExec(catalog->handle(), "DELETE FROM shows WHERE id = 1"));
    SqliteStatement left(catalog->handle(), "SELECT count(*) FROM show_runs");
    QVERIFY(left.step());
    QCOMPARE(left.integer(0), 0);
}

void TestCatalogSchema::refusesDamagedFiles_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("reasonStart");
    QTest::newRow("text file") << QByteArray("Handle,Title\nmug,Mug\n") << "file is not a database";
    QByteArray truncatedHeader("SQLite format 3\0", 16);
    truncatedHeader += QByteArray(84, '\x01');
    QTest::newRow("damaged header") << truncatedHeader << "file is not a database";
}

void TestCatalogSchema::refusesDamagedFiles()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, reasonStart);
    QTemporaryDir dir;
    const QString path = Catalog::pathInDataDir(dir.path());
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    QString error;
    QVERIFY(!Catalog::open(path, &error));
    QVERIFY2(error.startsWith(
                 QStringLiteral("Cannot open the catalog %1: %2").arg(QDir::toNativeSeparators(path), reasonStart)),
        qPrintable(error));
    QVERIFY(error.endsWith(QStringLiteral("the file was not changed)")));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), content);
}

QTEST_GUILESS_MAIN(TestCatalogSchema)
#include "TestCatalogSchema.moc"
