// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace pinstage {

class Catalog;

/// One card of a show's run of show.
struct QueueItem {
    qint64 id = 0; ///< row id; 0 before it is stored
    int position = 0; ///< 1-based place in the queue
    QString code; ///< what the producer entered: a SKU, barcode or pin code (Catalog::variantByPinCode)
    std::optional<qint64> variantId; ///< the variant CODE named when added; nullopt once it was deleted
    QString templateName; ///< card template; empty: the show's
    std::optional<int> saleSeconds; ///< flash-sale length in seconds (> 0); nullopt: no sale
    std::optional<int> stock; ///< stock figure to show; nullopt: the catalog's
    QString talkingPoints; ///< notes for the host, shown on the host monitor
};

/// A named show: its settings and its queue.
struct Show {
    qint64 id = 0;
    QString name;
    QJsonObject settings; ///< theme, template, destination, scene collection (unknown keys kept)
    QString createdAt; ///< ISO 8601 UTC
    QString updatedAt; ///< ISO 8601 UTC
    QList<QueueItem> queue; ///< in position order (1, 2, ...)
};

/// One run of a show (schema revision 7, table show_runs): what RunOfShow needs to resume it after
/// a crash, and what `pinstage show export` reads (the run's show log).
struct ShowRun {
    qint64 id = 0; ///< row id; 0 before it is stored
    qint64 showId = 0;
    QString startedAt; ///< ISO 8601 UTC
    QString endedAt; ///< ISO 8601 UTC; empty: running, or interrupted (a crash) and resumable
    bool rehearsal = false;
    std::optional<qint64> onAirItem; ///< queue item ids; nullopt: none
    std::optional<qint64> nextUpItem;
    std::optional<qint64> lastTakenItem; ///< the card taken last (on air or taken down since)
    int onAirSeconds = 0; ///< whole seconds the card on air has been up (auto-advance resumes from it)
    int autoAdvanceSeconds = 0; ///< 0: off
    std::optional<qint64> saleItem; ///< the queue item of the flash sale running or ended; nullopt: no sale
    QString saleCode; ///< the code the sale was started with
    int saleSeconds = 0; ///< the sale's length
    int saleLeftSeconds = 0; ///< seconds left at the last one-second tick
    bool saleEnded = false; ///< the countdown reached zero ("Sale ended" on the card)
    int saleSold = 0; ///< units sold during the sale (stock decreases)
    QString logFile; ///< the run's show log (JSON lines); empty before its first event
    QString recordingFile; ///< the local recording of the run; empty: none
};

/// The shows stored in the catalog database (schema revision 6: tables shows and show_queue;
/// revision 7: show_runs).
/// Every change is one transaction: durable when the call returns true, nothing changed when it
/// returns false (error() says why, naming the show, the queue position or the code).
///
/// Thread contract: the thread that owns CATALOG's connection.
class ShowBook {
public:
    explicit ShowBook(Catalog& catalog);

    /// The longest show name accepted, in characters.
    static constexpr int maxNameLength = 100;
    /// The longest flash sale a card may carry, in seconds (a day; the same bound as `--flash-sale`).
    static constexpr int maxSaleSeconds = 86400;

    /// Creates an empty show. Refused: an empty or over-long name, or one that exists already
    /// (names are compared ignoring case). Returns the new show's id.
    std::optional<qint64> create(const QString& name, const QJsonObject& settings = {});
    /// Creates a show with ITEMS as its queue in one transaction: if any code is not in the
    /// catalog, nothing is stored. Positions in ITEMS are ignored (their order counts).
    std::optional<qint64> create(const QString& name, const QList<QueueItem>& items, const QJsonObject& settings = {});
    /// Every show, by name (case ignored), with its queue.
    QList<Show> list() const;
    /// The show named NAME (case ignored), with its queue; nullopt if none.
    std::optional<Show> byName(const QString& name) const;

    /// Appends ITEM to the queue of SHOWID after checking its code against the catalog.
    bool append(qint64 showId, const QueueItem& item);
    /// Moves the card at FROM (1-based) to TO; the cards between shift by one.
    bool move(qint64 showId, int from, int to);
    /// Removes the card at POSITION; the cards after it move up.
    bool remove(qint64 showId, int position);
    /// Inserts ITEM at POSITION (1-based; 0 or one past the end: at the end), the cards from
    /// there on move down. Returns the new item's id.
    std::optional<qint64> insert(qint64 showId, const QueueItem& item, int position);
    /// Replaces the code, template, sale length, stock and talking points of the card at POSITION
    /// (its id and place stay).
    bool update(qint64 showId, int position, const QueueItem& item);
    /// Deletes the show and its queue.
    bool removeShow(qint64 showId);

    /// Runs (schema revision 7). startRun() stores RUN as a new run of RUN.showId and returns its
    /// id; saveRun() stores every field of RUN (by RUN.id); endRun() stamps ended_at (nothing to
    /// resume then).
    std::optional<qint64> startRun(const ShowRun& run);
    bool saveRun(const ShowRun& run);
    bool endRun(qint64 runId);
    /// The latest run of SHOWID (ended or not); nullopt: the show never ran.
    std::optional<ShowRun> latestRun(qint64 showId) const;
    /// The latest run (of any show) that was never ended: interrupted by a crash, or still running
    /// in another process.
    std::optional<ShowRun> interruptedRun() const;
    /// The show with id SHOWID; nullopt if none.
    std::optional<Show> byId(qint64 showId) const;

    /// Every write above (and RunOfShow's) is made durable against a power cut, not only a crash:
    /// while one runs the connection uses `PRAGMA synchronous = FULL` (the catalog's default is
    /// NORMAL, which in WAL mode may lose the last commits on a power cut). A write made while a
    /// DurableWrite is active joins its transaction, so RunOfShow stores a queue edit and the run
    /// state that follows from it as one.
    class DurableWrite {
    public:
        explicit DurableWrite(Catalog& catalog);
        ~DurableWrite();
        DurableWrite(const DurableWrite&) = delete;
        DurableWrite& operator=(const DurableWrite&) = delete;
        /// False when the transaction could not start (error() says why).
        bool isActive() const { return m_active; }
        bool commit();
        QString error() const { return m_error; }

    private:
        Catalog& m_catalog;
        bool m_active = false;
        bool m_ownsTransaction = false;
        QString m_error;
    };

    QString error() const { return m_error; }

private:
    bool checkItem(const QueueItem& item, int position);
    bool insertItem(qint64 showId, const QueueItem& item, int position);
    bool touch(qint64 showId);
    int queueLength(qint64 showId) const;
    QList<QueueItem> queueOf(qint64 showId) const;
    std::optional<ShowRun> runWhere(const char* where, qint64 id) const;

    Catalog& m_catalog;
    QString m_error;
};

} // namespace pinstage
