// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog/SqliteTransaction.h"

#include "catalog/SqliteStatement.h"

namespace pinstage {

SqliteTransaction::SqliteTransaction(sqlite3* db)
    : m_db(db)
{
    m_active = sqliteExec(m_db, "BEGIN IMMEDIATE", &m_error);
}

SqliteTransaction::~SqliteTransaction()
{
    rollback();
}

bool SqliteTransaction::commit()
{
    if (!m_active)
        return false;
    if (!sqliteExec(m_db, "COMMIT", &m_error))
        return false; // still active: the destructor rolls back
    m_active = false;
    return true;
}

void SqliteTransaction::rollback()
{
    if (!m_active)
        return;
    sqliteExec(m_db, "ROLLBACK");
    m_active = false;
}

} // namespace pinstage
