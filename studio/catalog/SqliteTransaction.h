// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

struct sqlite3;

namespace pinstage {

/// RAII write transaction: BEGIN IMMEDIATE on construction, ROLLBACK on destruction unless
/// commit() succeeded. An early return or an exception therefore leaves the file as it was.
///
/// IMMEDIATE takes the write lock up front, so a second writer (another thread's import) waits
/// for the busy timeout at the start instead of failing halfway through.
class SqliteTransaction {
public:
    explicit SqliteTransaction(sqlite3* db);
    ~SqliteTransaction();
    SqliteTransaction(const SqliteTransaction&) = delete;
    SqliteTransaction& operator=(const SqliteTransaction&) = delete;

    /// False when BEGIN failed (error() says why); then commit() fails too.
    bool isActive() const { return m_active; }
    bool commit();
    void rollback();
    QString error() const { return m_error; }

private:
    sqlite3* m_db;
    bool m_active = false;
    QString m_error;
};

} // namespace pinstage
