// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>
#include <QStringList>

struct sqlite3;

namespace pinstage {

/// Defers the FTS5 search index (variant_search) during a bulk write and brings it up to date in
/// one statement at the end.
///
/// Why: the schema's triggers update the index row by row. FTS5 flushes its pending terms to a
/// new segment at every statement savepoint, so 100,000 single-row inserts write 100,000 tiny
/// segments and merge them again (seconds); one INSERT ... SELECT writes a few large ones.
///
/// How: start() drops the search triggers (after reading their SQL back from sqlite_master, so
/// whatever revision wrote them is put back verbatim) and installs TEMP triggers on this
/// connection that only record the ids of updated and deleted variants, and remembers the highest
/// variant id (new variants get higher ones). finish() deletes and re-inserts the index rows of
/// those ids and of every variant above that mark, then restores the original triggers. Everything happens inside the
/// caller's write transaction: a rollback (dry run, cancel, error) restores the triggers too, and
/// BEGIN IMMEDIATE keeps every other writer out while they are gone.
///
/// Thread contract: same as the connection (the thread that owns the Catalog). Construct after
/// the transaction began and before preparing the statements that write; call finish() before
/// commit. The destructor removes the TEMP objects when finish() was not reached.
class SearchIndexBatch {
public:
    explicit SearchIndexBatch(sqlite3* db);
    ~SearchIndexBatch();
    SearchIndexBatch(const SearchIndexBatch&) = delete;
    SearchIndexBatch& operator=(const SearchIndexBatch&) = delete;

    /// False (error() says why) when the index could not be deferred; nothing was changed then
    /// beyond what the caller's rollback undoes.
    bool start();
    /// Brings the index up to date and restores the triggers. False on a database error.
    bool finish();
    QString error() const { return m_error; }

private:
    void dropTemporaryObjects();

    sqlite3* m_db;
    QStringList m_triggerSql;
    bool m_started = false;
    QString m_error;
};

} // namespace pinstage
