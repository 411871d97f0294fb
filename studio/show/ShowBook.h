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

/// The shows stored in the catalog database (schema revision 6: tables shows and show_queue).
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
    /// Deletes the show and its queue.
    bool removeShow(qint64 showId);

    QString error() const { return m_error; }

private:
    bool checkItem(const QueueItem& item, int position);
    bool insertItem(qint64 showId, const QueueItem& item, int position);
    bool touch(qint64 showId);
    int queueLength(qint64 showId) const;
    QList<QueueItem> queueOf(qint64 showId) const;

    Catalog& m_catalog;
    QString m_error;
};

} // namespace pinstage
