// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "show/ShowBook.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>

namespace pinstage {

class Catalog;
class Clock;
class ShowController;

/// The producer's run of show for one open show: its queue (stored by ShowBook), the card On air
/// and the one Next up, and the actions a producer takes on cue — Take, Unpin, Start sale, Skip —
/// which it turns into ShowController requests. It never touches libobs or the card stage itself:
/// the window's queue panel, the host monitor, hotkeys and headless `--show` all drive this one
/// object, and it drives the show controller.
///
/// Queue items are identified by their row id (QueueItem::id), never by position, so reordering,
/// adding or removing cards while one is on air keeps On air and Next up on the same cards.
///
/// Durability (issue 10, "nothing lost"): every change — the queue, On air, Next up, a running
/// flash sale's time left (stored at each one-second tick), rehearsal or not — is stored in the
/// catalog database before the call returns true (or the signal is emitted); the show log file of
/// the run is recorded with it. After a crash, resume() restores all of it.
///
/// Thread contract: main thread (the thread of the Catalog connection and of the controller).
/// Errors: functions returning bool set *error to one line naming the show, the position or the
/// code; on false nothing changed.
class RunOfShow : public QObject {
    Q_OBJECT
public:
    /// CATALOG holds the shows (ShowBook) and the run state; SHOW is the controller to drive;
    /// CLOCK gives the auto-advance timer. All must outlive this object.
    RunOfShow(Catalog& catalog, ShowController& show, Clock& clock, QObject* parent = nullptr);
    ~RunOfShow() override;

    /// Opens show NAME and starts a new run of it: nothing on air, Next up = the first card.
    /// REHEARSAL marks the run (and its show log) as a rehearsal.
    bool open(const QString& name, bool rehearsal, QString* error);
    /// Reopens the interrupted run of show NAME exactly where it stopped: same queue order, same
    /// card on air (pinned again), same Next up, a flash sale with the time it had left (to the
    /// one-second tick), the same show log file continued with a "resumed" event.
    /// Fails when the show has no interrupted run.
    bool resume(const QString& name, QString* error);
    /// The name of a show whose last run was interrupted (not closed), if any: what the window
    /// offers to resume at start.
    std::optional<QString> interruptedShow() const;
    /// Ends the run (stored as closed: nothing left to resume). The card stays as it is.
    void close();
    bool isOpen() const;
    bool isRehearsal() const;

    /// The open show with its queue in order (empty Show when none is open).
    const Show& show() const;
    const QList<QueueItem>& queue() const;
    /// The card on air / Next up, as queue item ids; nullopt: none (Next up: end of the queue).
    std::optional<qint64> onAirItem() const;
    std::optional<qint64> nextUpItem() const;
    /// The 1-based position of item ID in the queue, 0 if it is not there.
    int positionOf(qint64 itemId) const;

    /// Take: puts Next up on air (with its flash sale when the item has one) and advances Next up
    /// to the card after it. Fails at the end of the queue.
    bool take(QString* error);
    /// Takes the card at POSITION to air at once (Next up becomes the card after it).
    bool takeAt(int position, QString* error);
    /// Takes the card on air down; Next up stays.
    void unpin();
    /// Starts the flash sale of the card on air: the item's sale length, else SECONDS (> 0).
    bool startSale(int seconds, QString* error);
    /// Next up moves to the card after it (the skipped card stays in the queue).
    bool skip(QString* error);
    /// Makes the card at POSITION Next up.
    bool setNextUp(int position, QString* error);

    /// Queue editing (durable through ShowBook). POSITION is 1-based; 0 in add() = at the end.
    bool add(const QueueItem& item, int position, QString* error);
    bool move(int from, int to, QString* error);
    bool remove(int position, QString* error);
    bool duplicate(int position, QString* error);
    /// Edits the talking points / sale length / stock / template of the card at POSITION.
    bool update(int position, const QueueItem& item, QString* error);

    /// Auto-advance: every SECONDS (> 0) of the clock, take() the next card; at the end of the
    /// queue the last card stays up and finished() is emitted. 0 switches it off.
    void setAutoAdvance(int seconds);
    int autoAdvanceSeconds() const;

signals:
    /// The queue changed (added, moved, removed, duplicated, edited).
    void queueChanged();
    /// On air and/or Next up changed (ids; nullopt = none).
    void cueChanged(std::optional<qint64> onAirItem, std::optional<qint64> nextUpItem);
    /// A show was opened, resumed or closed.
    void openChanged(bool open);
    /// Auto-advance reached the end of the queue.
    void finished();
    /// An action failed after it was accepted (e.g. the card's code no longer in the catalog).
    void actionFailed(const QString& error);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace pinstage
