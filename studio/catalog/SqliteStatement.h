// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

#include <optional>

struct sqlite3;
struct sqlite3_stmt;

namespace pinstage {

/// Owns one prepared statement (sqlite3_finalize on destruction). Move-only.
///
/// Usage: prepare once, then bind/step/reset in a loop; reset() also clears the bindings so a
/// value from the previous row can never leak into the next one. Text is bound as UTF-8.
/// Thread contract: same as the connection it was prepared on.
class SqliteStatement {
public:
    SqliteStatement() = default;
    SqliteStatement(sqlite3* db, const char* sql);
    ~SqliteStatement();
    SqliteStatement(SqliteStatement&& other) noexcept;
    SqliteStatement& operator=(SqliteStatement&& other) noexcept;
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    /// False when preparing failed; error() says why.
    bool isValid() const { return m_stmt != nullptr; }
    /// The connection's last error message, for reports.
    QString error() const;

    // Parameters are 1-based, as in the SQLite C API.
    void bind(int index, const QString& value);
    void bind(int index, qint64 value);
    void bind(int index, int value) { bind(index, qint64(value)); }
    void bind(int index, std::optional<qint64> value);
    void bind(int index, std::optional<int> value);
    void bindNull(int index);

    /// Advances; true while a row is available. False at the end or on error (then
    /// failed() is true and error() has the message).
    bool step();
    /// Runs a statement that returns no rows; false on error.
    bool exec();
    bool failed() const { return m_failed; }
    /// Ready for the next run with fresh bindings.
    void reset();

    // Columns are 0-based.
    qint64 int64(int column) const;
    int integer(int column) const { return int(int64(column)); }
    QString text(int column) const;
    bool isNull(int column) const;
    std::optional<qint64> optionalInt64(int column) const;

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    bool m_failed = false;
};

/// Runs SQL that returns no rows (may hold several statements). On failure returns false and
/// sets *error to SQLite's message.
bool sqliteExec(sqlite3* db, const char* sql, QString* error = nullptr);

} // namespace pinstage
