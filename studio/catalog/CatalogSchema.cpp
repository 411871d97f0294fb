// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog/CatalogSchema.h"

#include "catalog/SqliteStatement.h"
#include "catalog/SqliteTransaction.h"

#include <QDateTime>

namespace pinstage {

namespace {

    // Revision 1 is the skeleton's minimal catalog: products with a handle and title, variants with
    // SKU, price, compare-at price and stock. Files from the first builds are exactly this.
    const char* const revision1 = R"SQL(
CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    handle TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL
);
CREATE TABLE variants (
    id INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    sku TEXT,
    price_cents INTEGER NOT NULL DEFAULT 0,
    compare_at_cents INTEGER,
    stock INTEGER
);
CREATE INDEX variants_product ON variants(product_id);
)SQL";

    // Revision 2: everything a product card and a re-import need. Columns are added with defaults so
    // that revision-1 rows stay valid; SKU stays nullable (ALTER cannot tighten it) and the code
    // treats NULL as ''. The SKU and barcode indexes are full, not partial (WHERE sku <> ''):
    // SQLite cannot use a partial index for "sku = ?" with a bound parameter. SKU uniqueness is enforced by the
    // importer, not by an index, so that an old file holding a duplicate still upgrades (the next import reports the
    // duplicate).
    const char* const revision2 = R"SQL(
ALTER TABLE products ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN vendor TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN product_type TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN tags TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'draft', 'archived'));
ALTER TABLE products ADD COLUMN option1_name TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN option2_name TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN option3_name TEXT NOT NULL DEFAULT '';
CREATE INDEX products_title ON products(title COLLATE NOCASE, id);

ALTER TABLE variants ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE variants ADD COLUMN option1 TEXT NOT NULL DEFAULT '';
ALTER TABLE variants ADD COLUMN option2 TEXT NOT NULL DEFAULT '';
ALTER TABLE variants ADD COLUMN option3 TEXT NOT NULL DEFAULT '';
ALTER TABLE variants ADD COLUMN currency TEXT NOT NULL DEFAULT 'USD';
ALTER TABLE variants ADD COLUMN barcode TEXT NOT NULL DEFAULT '';
ALTER TABLE variants ADD COLUMN image_source TEXT NOT NULL DEFAULT '';
UPDATE variants SET position = id;
UPDATE variants SET sku = '' WHERE sku IS NULL;
DROP INDEX variants_product;
CREATE INDEX variants_product ON variants(product_id, position);
CREATE INDEX variants_sku ON variants(sku);
CREATE INDEX variants_barcode ON variants(barcode);

-- source: an http(s) URL as given, or an absolute local path (relative paths are resolved
-- against the CSV's folder at import). fetch_status: pending, cached, broken, missing, deferred.
CREATE TABLE images (
    id INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL,
    alt_text TEXT NOT NULL DEFAULT '',
    cached_path TEXT NOT NULL DEFAULT '',
    fetch_status TEXT NOT NULL DEFAULT 'pending',
    fetch_error TEXT NOT NULL DEFAULT '',
    UNIQUE (product_id, source)
);
CREATE INDEX images_product ON images(product_id, position);
CREATE INDEX images_status ON images(fetch_status) WHERE fetch_status = 'pending';

CREATE TABLE catalog_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE schema_history (
    revision INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TEXT NOT NULL
);
)SQL";

    // Revision 3: full-text search. One FTS5 row per variant (rowid = variants.id) holding its
    // product's text too, kept in step by triggers so no writer can forget it. unicode61 splits
    // "PS-1001" into "ps" + "1001"; Catalog::search() splits the query the same way. detail=column
    // (no token positions: search never asks for phrases) and a single two-letter prefix index keep
    // a 100,000-variant import within its time budget; longer prefixes use the main index.
    const char* const revision3 = R"SQL(
CREATE VIRTUAL TABLE variant_search USING fts5(
    title, sku, handle, vendor, tags, options, barcode,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2', detail = column);

CREATE TRIGGER variants_search_insert AFTER INSERT ON variants BEGIN
    INSERT INTO variant_search(rowid, title, sku, handle, vendor, tags, options, barcode)
    SELECT new.id, p.title, new.sku, p.handle, p.vendor, p.tags,
           new.option1 || ' ' || new.option2 || ' ' || new.option3, new.barcode
    FROM products p WHERE p.id = new.product_id;
END;
CREATE TRIGGER variants_search_delete AFTER DELETE ON variants BEGIN
    DELETE FROM variant_search WHERE rowid = old.id;
END;
CREATE TRIGGER variants_search_update
AFTER UPDATE OF sku, option1, option2, option3, barcode, product_id ON variants BEGIN
    DELETE FROM variant_search WHERE rowid = old.id;
    INSERT INTO variant_search(rowid, title, sku, handle, vendor, tags, options, barcode)
    SELECT new.id, p.title, new.sku, p.handle, p.vendor, p.tags,
           new.option1 || ' ' || new.option2 || ' ' || new.option3, new.barcode
    FROM products p WHERE p.id = new.product_id;
END;
CREATE TRIGGER products_search_update
AFTER UPDATE OF title, handle, vendor, tags ON products BEGIN
    DELETE FROM variant_search WHERE rowid IN (SELECT id FROM variants WHERE product_id = new.id);
    INSERT INTO variant_search(rowid, title, sku, handle, vendor, tags, options, barcode)
    SELECT v.id, new.title, v.sku, new.handle, new.vendor, new.tags,
           v.option1 || ' ' || v.option2 || ' ' || v.option3, v.barcode
    FROM variants v WHERE v.product_id = new.id;
END;

INSERT INTO variant_search(rowid, title, sku, handle, vendor, tags, options, barcode)
SELECT v.id, p.title, v.sku, p.handle, p.vendor, p.tags,
       v.option1 || ' ' || v.option2 || ' ' || v.option3, v.barcode
FROM variants v JOIN products p ON p.id = v.product_id;
)SQL";

    // Revision 4: a search index that answers as fast as a producer types. Prefix indexes for one,
    // two and three characters (the first letters of a word are the slow queries: "b" alone matches
    // thousands of terms), and no per-column sizes (columnsize = 0): ranking is done on the few
    // hundred matches in Catalog::searchIds(), not by bm25, whose document-frequency pass reads the
    // whole doclist of every term. The triggers of revision 3 stay as they are (they name the table,
    // which is recreated here; bulk imports defer them, see SearchIndexBatch). The table is rebuilt
    // from the catalog, so nothing is lost.
    const char* const revision4 = R"SQL(
DROP TABLE variant_search;

CREATE VIRTUAL TABLE variant_search USING fts5(
    title, sku, handle, vendor, tags, options, barcode,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3', detail = column, columnsize = 0);

INSERT INTO variant_search(rowid, title, sku, handle, vendor, tags, options, barcode)
SELECT v.id, p.title, v.sku, p.handle, p.vendor, p.tags,
       v.option1 || ' ' || v.option2 || ' ' || v.option3, v.barcode
FROM variants v JOIN products p ON p.id = v.product_id;
)SQL";

    // Revision 5: what decides a price and a stock line at a given moment. sale_starts / sale_ends
    // hold WooCommerce's sale schedule as SaleSchedule's stored text ('' = open; '2031-06-01' = the
    // whole day in local time; '2031-06-01T18:00:00[+02:00]' = an instant). inventory_policy is
    // Shopify's "Variant Inventory Policy" / WooCommerce's "Backorders allowed?": 'continue' keeps
    // selling at zero or negative stock (never SOLD OUT). Existing rows get an always-running sale
    // and 'deny', which is what revision-4 code showed for them.
    const char* const revision5 = R"SQL(
ALTER TABLE variants ADD COLUMN sale_starts TEXT NOT NULL DEFAULT '';
ALTER TABLE variants ADD COLUMN sale_ends TEXT NOT NULL DEFAULT '';
ALTER TABLE variants ADD COLUMN inventory_policy TEXT NOT NULL DEFAULT 'deny'
    CHECK (inventory_policy IN ('deny', 'continue'));
)SQL";

    // Revision 6: shows and their run of show. A show is named by the seller (unique, case
    // ignored) and carries its settings as a JSON object (theme, template, destination, scene
    // collection: read by the engine, unknown keys kept). Its queue holds cards in order: the
    // code as entered (a SKU, barcode or pin code), the variant it named when it was added (NULL
    // once that variant is deleted; the code is looked up again then), a template name ('' = the
    // show's), an optional flash-sale length and stock figure, and the host's talking points.
    // Revision-5 code never reads these tables, so it may keep using the file.
    const char* const revision6 = R"SQL(
CREATE TABLE shows (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE show_queue (
    id INTEGER PRIMARY KEY,
    show_id INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    code TEXT NOT NULL CHECK (length(code) > 0),
    variant_id INTEGER REFERENCES variants(id) ON DELETE SET NULL,
    template TEXT NOT NULL DEFAULT '',
    sale_seconds INTEGER CHECK (sale_seconds IS NULL OR sale_seconds > 0),
    stock INTEGER,
    talking_points TEXT NOT NULL DEFAULT ''
);
CREATE INDEX show_queue_order ON show_queue(show_id, position);
CREATE INDEX show_queue_variant ON show_queue(variant_id);
)SQL";

    // Revision 7: runs of a show (issue 10, "nothing lost"). One row per run: when it started and
    // ended (ended_at NULL: running, or interrupted by a crash and offered for resume), rehearsal
    // or not, the queue items On air, Next up and last taken (NULL: none; a removed item's id is
    // never reused by SQLite's rowid for a live row, and removing clears it in the same
    // transaction), the seconds the card has been on air (for auto-advance), a running flash
    // sale's item, code, length, seconds left (stored at every one-second tick), ended flag and
    // units sold, and the show log and recording files of the run. Revision-6 code never reads
    // this table, so it may keep using the file.
    const char* const revision7 = R"SQL(
CREATE TABLE show_runs (
    id INTEGER PRIMARY KEY,
    show_id INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    updated_at TEXT NOT NULL,
    rehearsal INTEGER NOT NULL DEFAULT 0 CHECK (rehearsal IN (0, 1)),
    on_air_item INTEGER REFERENCES show_queue(id) ON DELETE SET NULL,
    next_up_item INTEGER REFERENCES show_queue(id) ON DELETE SET NULL,
    last_taken_item INTEGER REFERENCES show_queue(id) ON DELETE SET NULL,
    on_air_seconds INTEGER NOT NULL DEFAULT 0 CHECK (on_air_seconds >= 0),
    auto_advance_seconds INTEGER NOT NULL DEFAULT 0 CHECK (auto_advance_seconds >= 0),
    sale_item INTEGER REFERENCES show_queue(id) ON DELETE SET NULL,
    sale_code TEXT NOT NULL DEFAULT '',
    sale_seconds INTEGER NOT NULL DEFAULT 0 CHECK (sale_seconds >= 0),
    sale_left_seconds INTEGER NOT NULL DEFAULT 0 CHECK (sale_left_seconds >= 0),
    sale_ended INTEGER NOT NULL DEFAULT 0 CHECK (sale_ended IN (0, 1)),
    sale_sold INTEGER NOT NULL DEFAULT 0,
    log_file TEXT NOT NULL DEFAULT '',
    recording_file TEXT NOT NULL DEFAULT ''
);
CREATE INDEX show_runs_show ON show_runs(show_id, id);
CREATE INDEX show_runs_open ON show_runs(ended_at);
)SQL";

} // namespace

const QList<CatalogSchema::Revision>& CatalogSchema::revisions()
{
    static const QList<Revision> list = {
        { 1, 1, "Skeleton catalog: products (handle, title) and variants (SKU, price, stock)", revision1 },
        { 2, 2, "Product details, options, currency, barcode, images, schema history", revision2 },
        { 3, 3, "FTS5 search over title, SKU, handle, vendor, tags, options and barcode", revision3 },
        // Revision-3 code still reads and writes a revision-4 file (same columns and triggers).
        { 4, 3, "Search index with 1-3 character prefix indexes and no column sizes (ranking in code)", revision4 },
        // Revision-4 code would announce a sale that ended as live and a back-orderable variant
        // as SOLD OUT, and a re-import by it would keep stale schedules: it must not write this file.
        { 5, 5, "Sale schedule (sale_starts, sale_ends) and inventory policy (continue selling when out of stock)",
            revision5 },
        { 6, 5, "Shows and their run-of-show queue (product, template, flash sale, stock, talking points)", revision6 },
        { 7, 5, "Runs of a show: On air, Next up, flash sale time left, show log and recording (resume)", revision7 },
    };
    return list;
}

int CatalogSchema::latestVersion()
{
    return revisions().constLast().version;
}

int CatalogSchema::currentVersion(sqlite3* db)
{
    SqliteStatement query(db, "PRAGMA user_version");
    return query.step() ? query.integer(0) : -1;
}

int CatalogSchema::minCompatibleVersion(sqlite3* db)
{
    SqliteStatement query(db, "SELECT value FROM catalog_meta WHERE key = 'min_compatible_revision'");
    if (query.isValid() && query.step())
        return query.text(0).toInt();
    return currentVersion(db);
}

bool CatalogSchema::upgrade(sqlite3* db, QString* error)
{
    const int from = currentVersion(db);
    if (from >= latestVersion())
        return true;

    SqliteTransaction transaction(db);
    if (!transaction.isActive()) {
        *error = QStringLiteral("cannot start the schema upgrade: %1").arg(transaction.error());
        return false;
    }
    for (const Revision& revision : revisions()) {
        if (revision.version <= from)
            continue;
        QString sqlError;
        if (!sqliteExec(db, revision.upgradeSql, &sqlError)) {
            *error = QStringLiteral("upgrade to schema revision %1 (%2) failed: %3")
                         .arg(revision.version)
                         .arg(QString::fromUtf8(revision.description), sqlError);
            return false; // the transaction rolls back every revision applied so far
        }
        if (revision.version >= 2) {
            SqliteStatement history(db, "INSERT OR REPLACE INTO schema_history VALUES (?, ?, ?)");
            history.bind(1, revision.version);
            history.bind(2, QString::fromUtf8(revision.description));
            history.bind(3, QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
            SqliteStatement meta(db, "INSERT OR REPLACE INTO catalog_meta VALUES ('min_compatible_revision', ?)");
            meta.bind(1, QString::number(revision.minCompatible));
            if (!history.exec() || !meta.exec()) {
                *error
                    = QStringLiteral("cannot record schema revision %1: %2").arg(revision.version).arg(history.error());
                return false;
            }
        }
        const QByteArray pragma = "PRAGMA user_version = " + QByteArray::number(revision.version);
        if (!sqliteExec(db, pragma.constData(), error))
            return false;
    }
    const QByteArray appId = "PRAGMA application_id = " + QByteArray::number(applicationId);
    if (!sqliteExec(db, appId.constData(), error))
        return false;
    if (!transaction.commit()) {
        *error = QStringLiteral("cannot commit the schema upgrade: %1").arg(transaction.error());
        return false;
    }
    return true;
}

} // namespace pinstage
