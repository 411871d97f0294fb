// SPDX-License-Identifier: GPL-2.0-or-later
#include "show/ShowBook.h"

#include "catalog/Catalog.h"
#include "catalog/SqliteStatement.h"
#include "catalog/SqliteTransaction.h"

#include <QDateTime>
#include <QJsonDocument>

#include <sqlite3.h>

#include <algorithm>

namespace pinstage {

namespace {

    QString nowUtc()
    {
        return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    }

    QJsonObject settingsFrom(const QString& text)
    {
        return QJsonDocument::fromJson(text.toUtf8()).object();
    }

} // namespace

ShowBook::DurableWrite::DurableWrite(Catalog& catalog)
    : m_catalog(catalog)
{
    sqlite3* db = m_catalog.handle();
    if (sqlite3_get_autocommit(db) == 0) {
        m_active = true; // joins the transaction of an outer DurableWrite
        return;
    }
    // Set before BEGIN: the level counts when the transaction commits.
    sqliteExec(db, "PRAGMA synchronous = FULL");
    char* message = nullptr;
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, &message) != SQLITE_OK) {
        m_error = QString::fromUtf8(message ? message : sqlite3_errmsg(db));
        sqlite3_free(message);
        sqliteExec(db, "PRAGMA synchronous = NORMAL");
        return;
    }
    m_active = true;
    m_ownsTransaction = true;
}

ShowBook::DurableWrite::~DurableWrite()
{
    if (!m_ownsTransaction)
        return;
    sqlite3* db = m_catalog.handle();
    if (sqlite3_get_autocommit(db) == 0)
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    sqliteExec(db, "PRAGMA synchronous = NORMAL");
}

bool ShowBook::DurableWrite::commit()
{
    if (!m_active)
        return false;
    if (!m_ownsTransaction)
        return true; // the outer write commits
    sqlite3* db = m_catalog.handle();
    char* message = nullptr;
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, &message) != SQLITE_OK) {
        m_error = QString::fromUtf8(message ? message : sqlite3_errmsg(db));
        sqlite3_free(message);
        return false;
    }
    return true;
}

ShowBook::ShowBook(Catalog& catalog)
    : m_catalog(catalog)
{
}

bool ShowBook::checkItem(const QueueItem& item, int position)
{
    const QString where = QStringLiteral("queue position %1").arg(position);
    if (item.code.trimmed().isEmpty()) {
        m_error = QStringLiteral("%1: the product code is empty").arg(where);
        return false;
    }
    if (item.saleSeconds && (*item.saleSeconds <= 0 || *item.saleSeconds > maxSaleSeconds)) {
        m_error = QStringLiteral("%1 ('%2'): a flash sale lasts 1 to %3 seconds, not %4")
                      .arg(where, item.code)
                      .arg(maxSaleSeconds)
                      .arg(*item.saleSeconds);
        return false;
    }
    if (!m_catalog.variantByPinCode(item.code.trimmed())) {
        m_error = QStringLiteral("%1: '%2' is not a SKU, barcode or pin code in the catalog").arg(where, item.code);
        return false;
    }
    return true;
}

bool ShowBook::insertItem(qint64 showId, const QueueItem& item, int position)
{
    const QString code = item.code.trimmed();
    const auto variant = m_catalog.variantByPinCode(code);
    SqliteStatement insert(m_catalog.handle(),
        "INSERT INTO show_queue (show_id, position, code, variant_id, template, sale_seconds, stock, talking_points)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, showId);
    insert.bind(2, position);
    insert.bind(3, code);
    insert.bind(4, variant ? std::optional<qint64>(variant->variantId) : std::nullopt);
    insert.bind(5, item.templateName);
    insert.bind(6, item.saleSeconds);
    insert.bind(7, item.stock);
    insert.bind(8, item.talkingPoints);
    if (!insert.exec()) {
        m_error = QStringLiteral("cannot store queue position %1: %2").arg(position).arg(insert.error());
        return false;
    }
    return true;
}

bool ShowBook::touch(qint64 showId)
{
    SqliteStatement update(m_catalog.handle(), "UPDATE shows SET updated_at = ? WHERE id = ?");
    update.bind(1, nowUtc());
    update.bind(2, showId);
    if (!update.exec()) {
        m_error = QStringLiteral("cannot update the show: %1").arg(update.error());
        return false;
    }
    return true;
}

std::optional<qint64> ShowBook::create(const QString& name, const QJsonObject& settings)
{
    return create(name, QList<QueueItem> {}, settings);
}

std::optional<qint64> ShowBook::create(const QString& name, const QList<QueueItem>& items, const QJsonObject& settings)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty()) {
        m_error = QStringLiteral("a show needs a name");
        return std::nullopt;
    }
    if (trimmed.size() > maxNameLength) {
        m_error = QStringLiteral("the show name is %1 characters long; at most %2 are allowed")
                      .arg(trimmed.size())
                      .arg(maxNameLength);
        return std::nullopt;
    }
    if (const auto existing = byName(trimmed)) {
        m_error = QStringLiteral("a show named '%1' exists already").arg(existing->name);
        return std::nullopt;
    }
    for (int i = 0; i < items.size(); ++i) {
        if (!checkItem(items.at(i), i + 1))
            return std::nullopt;
    }
    DurableWrite transaction(m_catalog);
    if (!transaction.isActive()) {
        m_error = QStringLiteral("cannot write to the catalog: %1").arg(transaction.error());
        return std::nullopt;
    }
    SqliteStatement insert(
        m_catalog.handle(), "INSERT INTO shows (name, settings, created_at, updated_at) VALUES (?, ?, ?, ?)");
    const QString now = nowUtc();
    insert.bind(1, trimmed);
    insert.bind(2, QString::fromUtf8(QJsonDocument(settings).toJson(QJsonDocument::Compact)));
    insert.bind(3, now);
    insert.bind(4, now);
    if (!insert.exec()) {
        m_error = QStringLiteral("cannot store the show '%1': %2").arg(trimmed, insert.error());
        return std::nullopt;
    }
    const qint64 id = sqlite3_last_insert_rowid(m_catalog.handle());
    for (int i = 0; i < items.size(); ++i) {
        if (!insertItem(id, items.at(i), i + 1))
            return std::nullopt;
    }
    if (!transaction.commit()) {
        m_error = QStringLiteral("cannot save the show '%1': %2").arg(trimmed, transaction.error());
        return std::nullopt;
    }
    return id;
}

QList<QueueItem> ShowBook::queueOf(qint64 showId) const
{
    QList<QueueItem> queue;
    SqliteStatement q(m_catalog.handle(),
        "SELECT id, position, code, variant_id, template, sale_seconds, stock, talking_points FROM show_queue"
        " WHERE show_id = ? ORDER BY position, id");
    q.bind(1, showId);
    while (q.step()) {
        QueueItem item;
        item.id = q.int64(0);
        item.position = q.integer(1);
        item.code = q.text(2);
        item.variantId = q.optionalInt64(3);
        item.templateName = q.text(4);
        if (!q.isNull(5))
            item.saleSeconds = q.integer(5);
        if (!q.isNull(6))
            item.stock = q.integer(6);
        item.talkingPoints = q.text(7);
        queue.append(item);
    }
    return queue;
}

int ShowBook::queueLength(qint64 showId) const
{
    SqliteStatement q(m_catalog.handle(), "SELECT count(*) FROM show_queue WHERE show_id = ?");
    q.bind(1, showId);
    return q.step() ? q.integer(0) : 0;
}

QList<Show> ShowBook::list() const
{
    QList<Show> shows;
    SqliteStatement q(
        m_catalog.handle(), "SELECT id, name, settings, created_at, updated_at FROM shows ORDER BY name, id");
    while (q.step()) {
        Show show;
        show.id = q.int64(0);
        show.name = q.text(1);
        show.settings = settingsFrom(q.text(2));
        show.createdAt = q.text(3);
        show.updatedAt = q.text(4);
        shows.append(show);
    }
    for (Show& show : shows)
        show.queue = queueOf(show.id);
    return shows;
}

std::optional<Show> ShowBook::byName(const QString& name) const
{
    SqliteStatement q(
        m_catalog.handle(), "SELECT id, name, settings, created_at, updated_at FROM shows WHERE name = ? LIMIT 1");
    q.bind(1, name.trimmed());
    if (!q.step())
        return std::nullopt;
    Show show;
    show.id = q.int64(0);
    show.name = q.text(1);
    show.settings = settingsFrom(q.text(2));
    show.createdAt = q.text(3);
    show.updatedAt = q.text(4);
    show.queue = queueOf(show.id);
    return show;
}

bool ShowBook::append(qint64 showId, const QueueItem& item)
{
    const int position = queueLength(showId) + 1;
    if (!checkItem(item, position))
        return false;
    DurableWrite transaction(m_catalog);
    if (!transaction.isActive()) {
        m_error = QStringLiteral("cannot write to the catalog: %1").arg(transaction.error());
        return false;
    }
    if (!insertItem(showId, item, position) || !touch(showId))
        return false;
    if (!transaction.commit()) {
        m_error = QStringLiteral("cannot save the queue: %1").arg(transaction.error());
        return false;
    }
    return true;
}

bool ShowBook::move(qint64 showId, int from, int to)
{
    const int length = queueLength(showId);
    if (from < 1 || from > length || to < 1 || to > length) {
        m_error
            = QStringLiteral("queue position %1 → %2: the queue has positions 1 to %3").arg(from).arg(to).arg(length);
        return false;
    }
    if (from == to)
        return true;
    DurableWrite transaction(m_catalog);
    // The moved card is parked at -FROM while the others shift (positions are not unique in the
    // table, but a reader must never see two cards at one place: it is all one transaction).
    SqliteStatement park(
        m_catalog.handle(), "UPDATE show_queue SET position = -position WHERE show_id = ?1 AND position = ?2");
    // The cards between FROM and TO shift by one towards FROM's place.
    SqliteStatement shift(m_catalog.handle(),
        from < to
            ? "UPDATE show_queue SET position = position - 1 WHERE show_id = ?1 AND position > ?2 AND position <= ?3"
            : "UPDATE show_queue SET position = position + 1 WHERE show_id = ?1 AND position >= ?3 AND position < ?2");
    SqliteStatement place(
        m_catalog.handle(), "UPDATE show_queue SET position = ?3 WHERE show_id = ?1 AND position = -?2");
    for (SqliteStatement* s : { &park, &shift, &place }) {
        s->bind(1, showId);
        s->bind(2, from);
        if (s != &park)
            s->bind(3, to);
    }
    if (!transaction.isActive()) {
        m_error = QStringLiteral("cannot write to the catalog: %1").arg(transaction.error());
        return false;
    }
    if (!park.exec() || !shift.exec() || !place.exec() || !touch(showId)) {
        if (m_error.isEmpty())
            m_error = QStringLiteral("cannot reorder the queue: %1").arg(park.error() + shift.error() + place.error());
        return false;
    }
    if (!transaction.commit()) {
        m_error = QStringLiteral("cannot save the queue: %1").arg(transaction.error());
        return false;
    }
    return true;
}

bool ShowBook::remove(qint64 showId, int position)
{
    const int length = queueLength(showId);
    if (position < 1 || position > length) {
        m_error = QStringLiteral("queue position %1: the queue has positions 1 to %2").arg(position).arg(length);
        return false;
    }
    DurableWrite transaction(m_catalog);
    SqliteStatement del(m_catalog.handle(), "DELETE FROM show_queue WHERE show_id = ? AND position = ?");
    del.bind(1, showId);
    del.bind(2, position);
    SqliteStatement shift(
        m_catalog.handle(), "UPDATE show_queue SET position = position - 1 WHERE show_id = ? AND position > ?");
    shift.bind(1, showId);
    shift.bind(2, position);
    if (!transaction.isActive() || !del.exec() || !shift.exec() || !touch(showId)) {
        if (m_error.isEmpty())
            m_error
                = QStringLiteral("cannot remove queue position %1: %2").arg(position).arg(del.error() + shift.error());
        return false;
    }
    if (!transaction.commit()) {
        m_error = QStringLiteral("cannot save the queue: %1").arg(transaction.error());
        return false;
    }
    return true;
}

std::optional<qint64> ShowBook::insert(qint64 showId, const QueueItem& item, int position)
{
    const int length = queueLength(showId);
    if (position == 0)
        position = length + 1;
    if (position < 1 || position > length + 1) {
        m_error = QStringLiteral("queue position %1: a card can go at positions 1 to %2").arg(position).arg(length + 1);
        return std::nullopt;
    }
    if (!checkItem(item, position))
        return std::nullopt;
    DurableWrite transaction(m_catalog);
    if (!transaction.isActive()) {
        m_error = QStringLiteral("cannot write to the catalog: %1").arg(transaction.error());
        return std::nullopt;
    }
    SqliteStatement shift(
        m_catalog.handle(), "UPDATE show_queue SET position = position + 1 WHERE show_id = ? AND position >= ?");
    shift.bind(1, showId);
    shift.bind(2, position);
    if (!shift.exec()) {
        m_error = QStringLiteral("cannot make room at queue position %1: %2").arg(position).arg(shift.error());
        return std::nullopt;
    }
    if (!insertItem(showId, item, position))
        return std::nullopt;
    const qint64 id = sqlite3_last_insert_rowid(m_catalog.handle());
    if (!touch(showId))
        return std::nullopt;
    if (!transaction.commit()) {
        m_error = QStringLiteral("cannot save the queue: %1").arg(transaction.error());
        return std::nullopt;
    }
    return id;
}

bool ShowBook::update(qint64 showId, int position, const QueueItem& item)
{
    const int length = queueLength(showId);
    if (position < 1 || position > length) {
        m_error = QStringLiteral("queue position %1: the queue has positions 1 to %2").arg(position).arg(length);
        return false;
    }
    if (!checkItem(item, position))
        return false;
    DurableWrite transaction(m_catalog);
    if (!transaction.isActive()) {
        m_error = QStringLiteral("cannot write to the catalog: %1").arg(transaction.error());
        return false;
    }
    const QString code = item.code.trimmed();
    const auto variant = m_catalog.variantByPinCode(code);
    SqliteStatement edit(m_catalog.handle(),
        "UPDATE show_queue SET code = ?, variant_id = ?, template = ?, sale_seconds = ?, stock = ?, talking_points = ?"
        " WHERE show_id = ? AND position = ?");
    edit.bind(1, code);
    edit.bind(2, variant ? std::optional<qint64>(variant->variantId) : std::nullopt);
    edit.bind(3, item.templateName);
    edit.bind(4, item.saleSeconds);
    edit.bind(5, item.stock);
    edit.bind(6, item.talkingPoints);
    edit.bind(7, showId);
    edit.bind(8, position);
    if (!edit.exec() || !touch(showId)) {
        if (m_error.isEmpty())
            m_error = QStringLiteral("cannot change queue position %1: %2").arg(position).arg(edit.error());
        return false;
    }
    if (!transaction.commit()) {
        m_error = QStringLiteral("cannot save the queue: %1").arg(transaction.error());
        return false;
    }
    return true;
}

namespace {

    constexpr const char* runColumns
        = "id, show_id, started_at, ended_at, rehearsal, on_air_item, next_up_item, last_taken_item, on_air_seconds,"
          " auto_advance_seconds, sale_item, sale_code, sale_seconds, sale_left_seconds, sale_ended, sale_sold,"
          " log_file, recording_file";

} // namespace

std::optional<qint64> ShowBook::startRun(const ShowRun& run)
{
    DurableWrite transaction(m_catalog);
    if (!transaction.isActive()) {
        m_error = QStringLiteral("cannot write to the catalog: %1").arg(transaction.error());
        return std::nullopt;
    }
    SqliteStatement insert(
        m_catalog.handle(), "INSERT INTO show_runs (show_id, started_at, updated_at, rehearsal) VALUES (?, ?, ?, ?)");
    const QString now = nowUtc();
    insert.bind(1, run.showId);
    insert.bind(2, run.startedAt.isEmpty() ? now : run.startedAt);
    insert.bind(3, now);
    insert.bind(4, run.rehearsal ? 1 : 0);
    if (!insert.exec()) {
        m_error = QStringLiteral("cannot store the run of the show: %1").arg(insert.error());
        return std::nullopt;
    }
    ShowRun stored = run;
    stored.id = sqlite3_last_insert_rowid(m_catalog.handle());
    if (!saveRun(stored))
        return std::nullopt;
    if (!transaction.commit()) {
        m_error = QStringLiteral("cannot save the run of the show: %1").arg(transaction.error());
        return std::nullopt;
    }
    return stored.id;
}

bool ShowBook::saveRun(const ShowRun& run)
{
    DurableWrite transaction(m_catalog);
    if (!transaction.isActive()) {
        m_error = QStringLiteral("cannot write to the catalog: %1").arg(transaction.error());
        return false;
    }
    SqliteStatement update(m_catalog.handle(),
        "UPDATE show_runs SET updated_at = ?, rehearsal = ?, on_air_item = ?, next_up_item = ?, last_taken_item = ?,"
        " on_air_seconds = ?, auto_advance_seconds = ?, sale_item = ?, sale_code = ?, sale_seconds = ?,"
        " sale_left_seconds = ?, sale_ended = ?, sale_sold = ?, log_file = ?, recording_file = ? WHERE id = ?");
    update.bind(1, nowUtc());
    update.bind(2, run.rehearsal ? 1 : 0);
    update.bind(3, run.onAirItem);
    update.bind(4, run.nextUpItem);
    update.bind(5, run.lastTakenItem);
    update.bind(6, std::max(0, run.onAirSeconds));
    update.bind(7, std::max(0, run.autoAdvanceSeconds));
    update.bind(8, run.saleItem);
    update.bind(9, run.saleCode);
    update.bind(10, std::max(0, run.saleSeconds));
    update.bind(11, std::max(0, run.saleLeftSeconds));
    update.bind(12, run.saleEnded ? 1 : 0);
    update.bind(13, run.saleSold);
    update.bind(14, run.logFile);
    update.bind(15, run.recordingFile);
    update.bind(16, run.id);
    if (!update.exec()) {
        m_error = QStringLiteral("cannot store the run of the show: %1").arg(update.error());
        return false;
    }
    if (!transaction.commit()) {
        m_error = QStringLiteral("cannot save the run of the show: %1").arg(transaction.error());
        return false;
    }
    return true;
}

bool ShowBook::endRun(qint64 runId)
{
    DurableWrite transaction(m_catalog);
    SqliteStatement update(m_catalog.handle(), "UPDATE show_runs SET ended_at = ?1, updated_at = ?1 WHERE id = ?2");
    update.bind(1, nowUtc());
    update.bind(2, runId);
    if (!transaction.isActive() || !update.exec() || !transaction.commit()) {
        m_error = QStringLiteral("cannot end the run of the show: %1").arg(update.error() + transaction.error());
        return false;
    }
    return true;
}

std::optional<ShowRun> ShowBook::runWhere(const char* where, qint64 id) const
{
    const QByteArray sql
        = QByteArray("SELECT ") + runColumns + " FROM show_runs WHERE " + where + " ORDER BY id DESC LIMIT 1";
    SqliteStatement q(m_catalog.handle(), sql.constData());
    if (id != 0)
        q.bind(1, id);
    if (!q.step())
        return std::nullopt;
    ShowRun run;
    run.id = q.int64(0);
    run.showId = q.int64(1);
    run.startedAt = q.text(2);
    run.endedAt = q.text(3);
    run.rehearsal = q.integer(4) != 0;
    run.onAirItem = q.optionalInt64(5);
    run.nextUpItem = q.optionalInt64(6);
    run.lastTakenItem = q.optionalInt64(7);
    run.onAirSeconds = q.integer(8);
    run.autoAdvanceSeconds = q.integer(9);
    run.saleItem = q.optionalInt64(10);
    run.saleCode = q.text(11);
    run.saleSeconds = q.integer(12);
    run.saleLeftSeconds = q.integer(13);
    run.saleEnded = q.integer(14) != 0;
    run.saleSold = q.integer(15);
    run.logFile = q.text(16);
    run.recordingFile = q.text(17);
    return run;
}

std::optional<ShowRun> ShowBook::latestRun(qint64 showId) const
{
    return runWhere("show_id = ?", showId);
}

std::optional<ShowRun> ShowBook::interruptedRun() const
{
    return runWhere("ended_at IS NULL", 0);
}

std::optional<Show> ShowBook::byId(qint64 showId) const
{
    SqliteStatement q(m_catalog.handle(), "SELECT name FROM shows WHERE id = ?");
    q.bind(1, showId);
    if (!q.step())
        return std::nullopt;
    return byName(q.text(0));
}

bool ShowBook::removeShow(qint64 showId)
{
    SqliteStatement del(m_catalog.handle(), "DELETE FROM shows WHERE id = ?");
    del.bind(1, showId);
    if (!del.exec()) {
        m_error = QStringLiteral("cannot delete the show: %1").arg(del.error());
        return false;
    }
    return true;
}

} // namespace pinstage
