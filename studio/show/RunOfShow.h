// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "show/ShowBook.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace pinstage {

class Catalog;
class Clock;
class ShowController;
class ShowLog;

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
/// flash sale's time left (stored every half second while it runs), rehearsal or not — is stored in the
/// catalog database before the call returns true (or the signal is emitted); the show log file of
/// the run is recorded with it. After a crash, resume() restores all of it.
///
/// Rules where the queue changes under a running show (unit-tested in tst_runofshow):
/// - Take at the end of the queue (no Next up) fails and changes nothing; Take while a card is on
///   air replaces it (its flash sale ends as "replaced").
/// - Removing the card on air takes it off air (ShowController::unpin: the program never shows a
///   card the run of show does not have); removing Next up makes the card that took its place
///   Next up (none at the end).
/// - Adding a card when there is no Next up (the end was reached) makes it Next up when it lands
///   after the card on air (or last taken).
/// - A flash sale ends with its card: unpinning, a Take, or removing the card on air end it.
///
/// Durable writes use `PRAGMA synchronous = FULL` (ShowBook::DurableWrite): a power cut loses
/// nothing that was acknowledged. While a card is on air, its time on air and its sale's time left
/// are stored every half second of the clock; auto-advance counts the time on air, so a resumed
/// show advances on time, and a resumed sale has the time it had left when the app stopped (within
/// half a second).
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
    /// half second), the same show log file continued with a "resumed" event.
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
    /// Refused (false, *error = soldOutReason()) while the card on air is sold out: a sale of it
    /// sells nothing; the three-argument form with EVENIFSOLDOUT starts it anyway (the window asks
    /// the seller first).
    bool startSale(int seconds, QString* error);
    bool startSale(int seconds, QString* error, bool evenIfSoldOut);
    /// Why a flash sale of the card on air would sell nothing (one line naming the show, the queue
    /// position and the code: tracked stock at 0 or below and the shop stops selling); empty when
    /// it can sell, or when no card of the queue is on air.
    QString soldOutReason() const;
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

    /// The show log of the runs (may be null: no log). open() writes "run_started" to it (with
    /// the show, the run id and "rehearsal"), and the run stores the log's file; resume() continues
    /// that file with a "resumed" event. Set before open()/resume(); must outlive this object.
    void setShowLog(ShowLog* log);
    /// The queue item with id ID, if it is in the queue.
    std::optional<QueueItem> item(qint64 id) const;
    /// Whole seconds the card on air has been up (0 with none on air).
    int onAirSeconds() const;
    /// The stored state of the open run (ShowRun::id 0 when none is open).
    ShowRun run() const;

    /// Auto-advance: every SECONDS (> 0) of the clock, take() the next card; at the end of the
    /// queue the last card stays up and finished() is emitted. 0 switches it off.
    void setAutoAdvance(int seconds);
    /// HOOK runs just before a card of the queue is pinned (Take, take at a position, resume), with
    /// its item: Studio uses it to put the card's own template (QueueItem::templateName; empty: the
    /// show's) in place before the card is painted, so no frame shows it in another template.
    void setBeforePin(std::function<void(const QueueItem&)> hook);
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
    /// An action failed after it was accepted (e.g. the card's code no longer in the catalog),
    /// or a durable write failed (the catalog could not be written).
    void actionFailed(const QString& error);
    /// A second of the card on air passed (SECONDS since it was taken).
    void onAirTick(int seconds);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace pinstage
