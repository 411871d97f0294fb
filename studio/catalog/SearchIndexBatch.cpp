// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog/SearchIndexBatch.h"

#include "catalog/SqliteStatement.h"

namespace pinstage {

namespace {

    // Mirrors the search triggers of the schema: the same events, but only the ids are noted.
    // Inserted variants are not noted one by one: a new row of `variants` (an INTEGER PRIMARY KEY
    // without AUTOINCREMENT) gets an id above every id present when the batch started, which is
    // remembered in search_watermark. An id that a deleted row leaves free is noted by the delete
    // trigger, so a row that reuses it is refreshed too.
    const char* const recordTouched = R"SQL(
CREATE TEMP TABLE IF NOT EXISTS search_touched (id INTEGER PRIMARY KEY);
DELETE FROM temp.search_touched;
CREATE TEMP TABLE IF NOT EXISTS search_watermark (id INTEGER NOT NULL);
DELETE FROM temp.search_watermark;
INSERT INTO temp.search_watermark SELECT COALESCE(MAX(id), 0) FROM main.variants;
CREATE TEMP TRIGGER search_touched_delete AFTER DELETE ON main.variants BEGIN
    INSERT OR IGNORE INTO search_touched VALUES (old.id);
END;
CREATE TEMP TRIGGER search_touched_update
AFTER UPDATE OF sku, option1, option2, option3, barcode, product_id ON main.variants BEGIN
    INSERT OR IGNORE INTO search_touched VALUES (old.id);
    INSERT OR IGNORE INTO search_touched VALUES (new.id);
END;
CREATE TEMP TRIGGER search_touched_product
AFTER UPDATE OF title, handle, vendor, tags ON main.products BEGIN
    INSERT OR IGNORE INTO search_touched SELECT id FROM main.variants WHERE product_id = new.id;
END;
)SQL";

    // The index row of a variant, as the schema's triggers write it. Rows above the watermark are
    // new: the index has no row for them to delete.
    const char* const refresh = R"SQL(
DELETE FROM main.variant_search WHERE rowid IN (SELECT id FROM temp.search_touched);
INSERT INTO main.variant_search(rowid, title, sku, handle, vendor, tags, options, barcode)
SELECT v.id, p.title, v.sku, p.handle, p.vendor, p.tags, v.option1 || ' ' || v.option2 || ' ' || v.option3, v.barcode
FROM main.variants v
JOIN main.products p ON p.id = v.product_id
WHERE v.id IN (SELECT id FROM temp.search_touched)
   OR v.id > (SELECT id FROM temp.search_watermark);
)SQL";

} // namespace

SearchIndexBatch::SearchIndexBatch(sqlite3* db)
    : m_db(db)
{
}

SearchIndexBatch::~SearchIndexBatch()
{
    if (m_started)
        dropTemporaryObjects();
}

bool SearchIndexBatch::start()
{
    QStringList names;
    {
        SqliteStatement q(m_db,
            "SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' AND sql LIKE '%variant_search%' ORDER BY "
            "name");
        while (q.step()) {
            names.append(q.text(0));
            m_triggerSql.append(q.text(1));
        }
        if (q.failed() || !q.isValid()) {
            m_error = q.error();
            return false;
        }
    }
    m_started = true;
    for (const QString& name : std::as_const(names)) {
        const QByteArray drop = "DROP TRIGGER main.\"" + name.toUtf8().replace('"', "\"\"") + '"';
        if (!sqliteExec(m_db, drop.constData(), &m_error))
            return false;
    }
    return sqliteExec(m_db, recordTouched, &m_error);
}

bool SearchIndexBatch::finish()
{
    if (!m_started) {
        m_error = QStringLiteral("the search index batch was not started");
        return false;
    }
    dropTemporaryObjects(); // before the refresh: it must not record its own writes
    // FTS5 writes its pending terms to a new segment whenever they fill its hash (1 MiB by default)
    // and merges the segments again: a third of the refresh of 100,000 rows. 32 MiB holds the
    // terms of about 100,000 variants (measured: more than that saved nothing at 50,000 rows, and
    // the import's peak memory grows by about 23 MB). The stored setting is put back afterwards.
    if (!sqliteExec(
            m_db, "INSERT INTO main.variant_search(variant_search, rank) VALUES ('hashsize', 33554432)", &m_error))
        return false;
    if (!sqliteExec(m_db, refresh, &m_error))
        return false;
    if (!sqliteExec(
            m_db, "INSERT INTO main.variant_search(variant_search, rank) VALUES ('hashsize', 1048576)", &m_error))
        return false;
    for (const QString& sql : std::as_const(m_triggerSql)) {
        if (!sqliteExec(m_db, sql.toUtf8().constData(), &m_error))
            return false;
    }
    sqliteExec(m_db, "DELETE FROM temp.search_touched; DELETE FROM temp.search_watermark;");
    m_started = false;
    return true;
}

void SearchIndexBatch::dropTemporaryObjects()
{
    sqliteExec(m_db,
        "DROP TRIGGER IF EXISTS temp.search_touched_delete;"
        " DROP TRIGGER IF EXISTS temp.search_touched_update; DROP TRIGGER IF EXISTS temp.search_touched_product;");
}

} // namespace pinstage
