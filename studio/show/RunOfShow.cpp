// SPDX-License-Identifier: GPL-2.0-or-later
#include "show/RunOfShow.h"

#include "catalog/Catalog.h"
#include "show/ShowController.h"
#include "show/ShowLog.h"
#include "util/Clock.h"
#include "util/Plural.h"

#include <QJsonObject>

#include <algorithm>

namespace pinstage {

struct RunOfShow::Private {
    Private(Catalog& c, ShowController& s, Clock& k)
        : catalog(c)
        , show(s)
        , clock(k)
        , book(c)
    {
    }

    Catalog& catalog;
    ShowController& show;
    Clock& clock;
    ShowBook book;
    std::function<void(const QueueItem&)> beforePin; // see RunOfShow::setBeforePin
    ShowLog* log = nullptr;
    ClockTimer* tick = nullptr; // every half second while a card is on air: the run state is stored
    ClockTimer* advance = nullptr; // auto-advance: fires when the card on air has had its time
    qint64 onAirSinceMs = 0; // monotonic ms at which the card on air would have gone up (resume included)
    int lastTickSecond = -1;
    bool open = false;
    Show current;
    ShowRun run;
    int acting = 0; // > 0 while this object drives the controller (its signals are ours)
    bool finishedEmitted = false;

    int indexOf(const QList<QueueItem>& queue, std::optional<qint64> id) const
    {
        if (!id)
            return -1;
        for (int i = 0; i < queue.size(); ++i) {
            if (queue.at(i).id == *id)
                return i;
        }
        return -1;
    }
    /// The card after ID in QUEUE; the first card when ID is nullopt; nullopt at the end or when
    /// ID is not in QUEUE.
    std::optional<qint64> after(const QList<QueueItem>& queue, std::optional<qint64> id) const
    {
        if (!id)
            return queue.isEmpty() ? std::nullopt : std::optional<qint64>(queue.first().id);
        const int i = indexOf(queue, id);
        if (i < 0 || i + 1 >= queue.size())
            return std::nullopt;
        return queue.at(i + 1).id;
    }
    qint64 onAirMs() const { return run.onAirItem ? std::max<qint64>(0, clock.monotonicMs() - onAirSinceMs) : 0; }
    /// RUN with the moving parts as they are now: the time on air and the sale's time left.
    ShowRun now() const
    {
        ShowRun next = run;
        next.onAirMs = onAirMs();
        if (const auto sale = show.flashSale(); sale && next.saleItem) {
            next.saleLeftMs = sale->remainingMs;
            next.saleEnded = sale->ended;
            next.saleSold = sale->sold;
        }
        return next;
    }
    /// The card on air has been up ALREADY_MS: store it every half second, advance on time.
    void startOnAir(qint64 alreadyMs)
    {
        onAirSinceMs = clock.monotonicMs() - alreadyMs;
        lastTickSecond = int(alreadyMs / 1000);
        tick->start(500);
        scheduleAdvance();
    }
    void stopOnAir()
    {
        tick->stop();
        advance->stop();
    }
    void scheduleAdvance()
    {
        advance->stop();
        if (open && run.onAirItem && run.autoAdvanceSeconds > 0)
            advance->start(std::max<qint64>(0, qint64(run.autoAdvanceSeconds) * 1000 - onAirMs()));
    }
    static void clearSale(ShowRun& run)
    {
        run.saleItem.reset();
        run.saleCode.clear();
        run.saleSeconds = 0;
        run.saleLeftMs = 0;
        run.saleEnded = false;
        run.saleSold = 0;
    }
    void logEvent(const QString& event, const QJsonObject& fields = {})
    {
        if (log)
            log->append(event, fields);
    }
    /// "show 'NAME': WHAT", the form of every error an action returns.
    QString showError(const QString& what) const { return QStringLiteral("show '%1': %2").arg(current.name, what); }
    /// True when POSITION (1-based) is in the open show's queue; otherwise false with *error set.
    bool checkPosition(int position, QString* error) const
    {
        if (position >= 1 && position <= current.queue.size())
            return true;
        *error = showError(QStringLiteral("queue position %1 does not exist (the queue has %2)")
                               .arg(position)
                               .arg(countOf(current.queue.size(), QStringLiteral("card"), QStringLiteral("cards"))));
        return false;
    }
    /// Stores NEXT durably, then makes it the run in memory; on a write failure the run is left as
    /// it was and *error names the show and the catalog's error.
    bool storeRun(const ShowRun& next, QString* error)
    {
        if (!book.saveRun(next)) {
            *error = showError(book.error());
            return false;
        }
        run = next;
        return true;
    }
};

RunOfShow::RunOfShow(Catalog& catalog, ShowController& show, Clock& clock, QObject* parent)
    : QObject(parent)
    , d(std::make_unique<Private>(catalog, show, clock))
{
    d->tick = clock.createTimer(this);
    d->tick->setSingleShot(false);
    // Next up is painted off air as soon as it is known (CardStage::prepare), so Take shows a card
    // already painted: a take costs no photo decoding or text shaping on air.
    connect(this, &RunOfShow::cueChanged, this, [this](std::optional<qint64>, std::optional<qint64> nextUp) {
        if (!nextUp)
            return;
        if (const std::optional<QueueItem> next = item(*nextUp))
            d->show.prepareCard(next->code);
    });
    connect(d->tick, &ClockTimer::timeout, this, [this] {
        if (!d->open || !d->run.onAirItem) {
            d->stopOnAir();
            return;
        }
        const ShowRun next = d->now();
        if (!d->book.saveRun(next)) {
            emit actionFailed(d->book.error());
            return;
        }
        d->run = next;
        const int second = int(next.onAirMs / 1000);
        if (second != d->lastTickSecond) {
            d->lastTickSecond = second;
            emit onAirTick(second);
        }
    });
    d->advance = clock.createTimer(this);
    d->advance->setSingleShot(true);
    connect(d->advance, &ClockTimer::timeout, this, [this] {
        if (!d->open || !d->run.onAirItem)
            return;
        if (d->run.nextUpItem) {
            QString error;
            if (!take(&error))
                emit actionFailed(error);
        } else if (!d->finishedEmitted) {
            d->finishedEmitted = true;
            emit finished();
        }
    });
    // A sale's countdown is stored at each of its ticks (its time left survives a crash).
    connect(&show, &ShowController::flashSaleChanged, this, [this](bool active, int, bool ended) {
        if (!d->open || d->acting > 0)
            return;
        ShowRun next = d->run;
        if (!active) {
            Private::clearSale(next);
        } else {
            const auto sale = d->show.flashSale();
            if (!sale)
                return;
            if (!next.saleItem) // started on the controller directly: the card on air's
                next.saleItem = next.onAirItem;
            if (next.saleCode.isEmpty())
                next.saleCode = sale->code;
            next.saleSeconds = sale->durationSeconds;
            next.saleLeftMs = sale->remainingMs;
            next.saleEnded = ended;
            next.saleSold = sale->sold;
        }
        if (!d->book.saveRun(next)) {
            emit actionFailed(d->book.error());
            return;
        }
        d->run = next;
    });
    // Taken down or replaced elsewhere (the window's Unpin, a pin from the catalog): the queue's
    // card is not on air any more, and the run of show must not say it is (the trial found it
    // naming one card while viewers saw another).
    connect(&show, &ShowController::cardChanged, this,
        [this](const std::optional<VariantRow>& variant, ShowController::CardState) {
            if (!d->open || d->acting > 0 || !d->run.onAirItem)
                return;
            if (variant) {
                const std::optional<QueueItem> onAir = item(*d->run.onAirItem);
                if (onAir && d->show.isCardCode(onAir->code))
                    return; // still the queue's card (a price, stock or state change)
            }
            ShowRun next = d->run;
            next.onAirItem.reset();
            next.onAirMs = 0;
            Private::clearSale(next);
            if (!d->book.saveRun(next)) {
                emit actionFailed(d->book.error());
                return;
            }
            d->run = next;
            d->stopOnAir();
            emit cueChanged(d->run.onAirItem, d->run.nextUpItem);
        });
    connect(&show, &ShowController::recordingChanged, this, [this](bool recording, bool, const QString&) {
        if (!d->open || !recording)
            return;
        ShowRun next = d->run;
        next.recordingFile = d->show.recordingFile();
        if (next.recordingFile != d->run.recordingFile && d->book.saveRun(next))
            d->run = next;
    });
    connect(&show, &ShowController::pinFailed, this, [this](const QString& code, const QString& error) {
        if (d->open)
            emit actionFailed(QStringLiteral("'%1' could not be put on air: %2").arg(code, error));
    });
}

RunOfShow::~RunOfShow() = default;

void RunOfShow::setShowLog(ShowLog* log)
{
    d->log = log;
}

bool RunOfShow::open(const QString& name, bool rehearsal, QString* error)
{
    if (d->open) {
        *error = QStringLiteral("the show '%1' is open already; close it first").arg(d->current.name);
        return false;
    }
    const auto show = d->book.byName(name);
    if (!show) {
        *error = QStringLiteral("there is no show named '%1' (pinstage show list shows them)").arg(name.trimmed());
        return false;
    }
    ShowRun run;
    run.showId = show->id;
    run.rehearsal = rehearsal;
    run.nextUpItem = d->after(show->queue, std::nullopt);
    run.autoAdvanceSeconds = d->run.autoAdvanceSeconds; // set before open()
    run.recordingFile = d->show.isRecording() ? d->show.recordingFile() : QString();
    const auto id = d->book.startRun(run);
    if (!id) {
        *error = QStringLiteral("show '%1': %2").arg(show->name, d->book.error());
        return false;
    }
    run.id = *id;
    d->current = *show;
    d->run = run;
    d->open = true;
    d->finishedEmitted = false;
    if (d->log) {
        d->log->setStamp(rehearsal ? QJsonObject { { QStringLiteral("rehearsal"), true } } : QJsonObject {});
        d->log->append(QStringLiteral("run_started"),
            { { QStringLiteral("show"), show->name }, { QStringLiteral("run"), run.id },
                { QStringLiteral("rehearsal"), rehearsal }, { QStringLiteral("queue_length"), show->queue.size() } });
        ShowRun next = d->run;
        next.logFile = d->log->filePath();
        if (d->book.saveRun(next))
            d->run = next;
    }
    emit openChanged(true);
    emit queueChanged();
    emit cueChanged(d->run.onAirItem, d->run.nextUpItem);
    return true;
}

bool RunOfShow::resume(const QString& name, QString* error)
{
    if (d->open) {
        *error = QStringLiteral("the show '%1' is open already; close it first").arg(d->current.name);
        return false;
    }
    const auto show = d->book.byName(name);
    if (!show) {
        *error = QStringLiteral("there is no show named '%1' (pinstage show list shows them)").arg(name.trimmed());
        return false;
    }
    const auto stored = d->book.latestRun(show->id);
    if (!stored || !stored->endedAt.isEmpty()) {
        *error = QStringLiteral("the show '%1' has no interrupted run to resume%2")
                     .arg(show->name,
                         stored ? QStringLiteral(" (its last run ended at %1)").arg(stored->endedAt)
                                : QStringLiteral(" (it never ran)"));
        return false;
    }
    ShowRun run = *stored;
    // Items removed since (or a damaged row) are not restored.
    if (d->indexOf(show->queue, run.onAirItem) < 0) {
        run.onAirItem.reset();
        run.onAirMs = 0;
    }
    if (d->indexOf(show->queue, run.nextUpItem) < 0)
        run.nextUpItem.reset();
    if (d->indexOf(show->queue, run.saleItem) < 0 || run.saleItem != run.onAirItem || run.saleSeconds <= 0)
        Private::clearSale(run);
    run.saleLeftMs = std::clamp<qint64>(run.saleLeftMs, 0, qint64(std::max(0, run.saleSeconds)) * 1000);

    d->current = *show;
    d->run = run;
    d->open = true;
    d->finishedEmitted = false;
    if (d->log) {
        d->log->setStamp(run.rehearsal ? QJsonObject { { QStringLiteral("rehearsal"), true } } : QJsonObject {});
        if (!run.logFile.isEmpty() && !d->log->continueFile(run.logFile))
            emit actionFailed(d->log->error());
        QJsonObject fields { { QStringLiteral("show"), show->name }, { QStringLiteral("run"), run.id },
            { QStringLiteral("rehearsal"), run.rehearsal }, { QStringLiteral("on_air_ms"), run.onAirMs } };
        if (const auto item = this->item(run.onAirItem.value_or(0))) {
            fields.insert(QStringLiteral("on_air_item"), item->id);
            fields.insert(QStringLiteral("code"), item->code);
            fields.insert(QStringLiteral("position"), item->position);
        }
        if (run.nextUpItem)
            fields.insert(QStringLiteral("next_up_item"), *run.nextUpItem);
        if (run.saleItem) {
            fields.insert(QStringLiteral("sale_left_ms"), run.saleLeftMs);
            fields.insert(QStringLiteral("sale_ended"), run.saleEnded);
        }
        d->log->append(QStringLiteral("resumed"), fields);
        run.logFile = d->log->filePath();
    }
    if (!d->book.saveRun(run)) {
        *error = QStringLiteral("show '%1': %2").arg(show->name, d->book.error());
        d->open = false;
        return false;
    }
    d->run = run;

    if (const auto item = this->item(run.onAirItem.value_or(0))) {
        ++d->acting;
        if (d->beforePin)
            d->beforePin(*item);
        QString ignored;
        if (item->stock)
            d->show.setStock(item->code, *item->stock, &ignored);
        QString saleError;
        if (run.saleItem) {
            if (!d->show.resumeFlashSale(
                    item->code, run.saleSeconds, run.saleLeftMs, run.saleEnded, run.saleSold, &saleError)) {
                d->show.pin(item->code);
                emit actionFailed(saleError);
            }
        } else {
            d->show.pin(item->code);
        }
        --d->acting;
        d->startOnAir(run.onAirMs);
    }
    emit openChanged(true);
    emit queueChanged();
    emit cueChanged(d->run.onAirItem, d->run.nextUpItem);
    return true;
}

std::optional<QString> RunOfShow::interruptedShow() const
{
    const auto run = d->book.interruptedRun();
    if (!run || (d->open && run->id == d->run.id))
        return std::nullopt;
    const auto show = d->book.byId(run->showId);
    if (!show)
        return std::nullopt;
    return show->name;
}

void RunOfShow::close()
{
    if (!d->open)
        return;
    d->stopOnAir();
    d->logEvent(QStringLiteral("run_ended"),
        { { QStringLiteral("show"), d->current.name }, { QStringLiteral("run"), d->run.id } });
    if (!d->book.endRun(d->run.id))
        emit actionFailed(d->book.error());
    d->open = false;
    d->current = {};
    d->run = {};
    emit openChanged(false);
    emit cueChanged(std::nullopt, std::nullopt);
}

bool RunOfShow::isOpen() const
{
    return d->open;
}

bool RunOfShow::isRehearsal() const
{
    return d->open && d->run.rehearsal;
}

const Show& RunOfShow::show() const
{
    return d->current;
}

const QList<QueueItem>& RunOfShow::queue() const
{
    return d->current.queue;
}

std::optional<qint64> RunOfShow::onAirItem() const
{
    return d->run.onAirItem;
}

std::optional<qint64> RunOfShow::nextUpItem() const
{
    return d->run.nextUpItem;
}

int RunOfShow::positionOf(qint64 itemId) const
{
    return d->indexOf(d->current.queue, itemId) + 1;
}

std::optional<QueueItem> RunOfShow::item(qint64 id) const
{
    const int i = d->indexOf(d->current.queue, id);
    if (i < 0)
        return std::nullopt;
    return d->current.queue.at(i);
}

int RunOfShow::onAirSeconds() const
{
    return int(d->onAirMs() / 1000);
}

ShowRun RunOfShow::run() const
{
    return d->run;
}

namespace {

    bool notOpen(QString* error)
    {
        *error = QStringLiteral("no show is open");
        return false;
    }

} // namespace

bool RunOfShow::take(QString* error)
{
    if (!d->open)
        return notOpen(error);
    if (!d->run.nextUpItem) {
        *error = QStringLiteral("show '%1': the end of the queue is reached; nothing is up next").arg(d->current.name);
        return false;
    }
    return takeAt(positionOf(*d->run.nextUpItem), error);
}

bool RunOfShow::takeAt(int position, QString* error)
{
    if (!d->open)
        return notOpen(error);
    if (!d->checkPosition(position, error))
        return false;
    const auto& queue = d->current.queue;
    const QueueItem item = queue.at(position - 1);
    ShowRun next = d->run;
    next.onAirItem = item.id;
    next.lastTakenItem = item.id;
    next.nextUpItem = d->after(queue, item.id);
    next.onAirMs = 0;
    Private::clearSale(next);
    if (item.saleSeconds) {
        next.saleItem = item.id;
        next.saleCode = item.code;
        next.saleSeconds = *item.saleSeconds;
        next.saleLeftMs = qint64(*item.saleSeconds) * 1000;
    }
    if (!d->book.saveRun(next)) {
        *error = QStringLiteral("show '%1', queue position %2: %3")
                     .arg(d->current.name)
                     .arg(position)
                     .arg(d->book.error());
        return false;
    }
    d->run = next;
    d->logEvent(QStringLiteral("take"),
        { { QStringLiteral("item"), item.id }, { QStringLiteral("position"), position },
            { QStringLiteral("code"), item.code } });
    ++d->acting;
    if (d->beforePin)
        d->beforePin(item);
    QString ignored;
    if (item.stock)
        d->show.setStock(item.code, *item.stock, &ignored);
    if (item.saleSeconds) {
        QString saleError;
        if (!d->show.startFlashSale(item.code, *item.saleSeconds, &saleError)) {
            d->show.pin(item.code);
            emit actionFailed(saleError);
        }
    } else {
        d->show.pin(item.code);
    }
    --d->acting;
    d->startOnAir(0);
    emit cueChanged(d->run.onAirItem, d->run.nextUpItem);
    return true;
}

void RunOfShow::unpin()
{
    if (!d->open) {
        d->show.unpin();
        return;
    }
    ShowRun next = d->run;
    next.onAirItem.reset();
    next.onAirMs = 0;
    Private::clearSale(next);
    if (!d->book.saveRun(next))
        emit actionFailed(d->book.error()); // the card still comes down: the producer asked for it
    else
        d->run = next;
    d->run.onAirItem.reset();
    d->stopOnAir();
    ++d->acting;
    d->show.unpin();
    --d->acting;
    emit cueChanged(d->run.onAirItem, d->run.nextUpItem);
}

QString RunOfShow::soldOutReason() const
{
    if (!d->open)
        return {};
    const auto item = this->item(d->run.onAirItem.value_or(0));
    const std::optional<VariantRow>& card = d->show.card();
    if (!item || !card || card->continuesSelling())
        return {};
    // The live stock: the last stock change of the card, else the item's figure, else the catalog's.
    std::optional<int> stock = item->stock ? item->stock : card->stock;
    const QList<StockEvent>& events = d->show.stockEvents();
    for (auto it = events.crbegin(); it != events.crend(); ++it)
        if (it->code == item->code || it->code == card->sku || it->code == card->pinCode) {
            stock = it->stock;
            break;
        }
    if (!stock || *stock > 0)
        return {};
    return QStringLiteral("show '%1', queue position %2 ('%3'): the card on air is sold out (stock %4); a flash sale "
                          "of it sells nothing")
        .arg(d->current.name)
        .arg(item->position)
        .arg(item->code)
        .arg(*stock);
}

bool RunOfShow::startSale(int seconds, QString* error)
{
    return startSale(seconds, error, false);
}

bool RunOfShow::startSale(int seconds, QString* error, bool evenIfSoldOut)
{
    if (!d->open)
        return notOpen(error);
    const auto item = this->item(d->run.onAirItem.value_or(0));
    if (!item) {
        *error = QStringLiteral("show '%1': no card is on air to put on sale").arg(d->current.name);
        return false;
    }
    if (!evenIfSoldOut) {
        if (const QString soldOut = soldOutReason(); !soldOut.isEmpty()) {
            *error = soldOut;
            return false;
        }
    }
    const int length = item->saleSeconds.value_or(seconds);
    if (length < 1 || length > ShowBook::maxSaleSeconds) {
        *error = QStringLiteral("show '%1', queue position %2 ('%3'): a flash sale lasts 1 to %4 seconds, not %5")
                     .arg(d->current.name)
                     .arg(item->position)
                     .arg(item->code)
                     .arg(ShowBook::maxSaleSeconds)
                     .arg(length);
        return false;
    }
    ShowRun next = d->run;
    next.saleItem = item->id;
    next.saleCode = item->code;
    next.saleSeconds = length;
    next.saleLeftMs = qint64(length) * 1000;
    next.saleEnded = false;
    next.saleSold = 0;
    if (!d->storeRun(next, error))
        return false;
    ++d->acting;
    const bool ok = d->show.startFlashSale(item->code, length, error);
    --d->acting;
    if (!ok) {
        ShowRun back = d->run;
        Private::clearSale(back);
        if (d->book.saveRun(back))
            d->run = back;
    }
    return ok;
}

bool RunOfShow::skip(QString* error)
{
    if (!d->open)
        return notOpen(error);
    if (!d->run.nextUpItem) {
        *error = QStringLiteral("show '%1': the end of the queue is reached; nothing to skip").arg(d->current.name);
        return false;
    }
    const qint64 skipped = *d->run.nextUpItem;
    ShowRun next = d->run;
    next.nextUpItem = d->after(d->current.queue, skipped);
    if (!d->storeRun(next, error))
        return false;
    d->logEvent(QStringLiteral("skip"),
        { { QStringLiteral("item"), skipped }, { QStringLiteral("position"), positionOf(skipped) } });
    emit cueChanged(d->run.onAirItem, d->run.nextUpItem);
    return true;
}

bool RunOfShow::setNextUp(int position, QString* error)
{
    if (!d->open)
        return notOpen(error);
    if (!d->checkPosition(position, error))
        return false;
    const auto& queue = d->current.queue;
    ShowRun next = d->run;
    next.nextUpItem = queue.at(position - 1).id;
    if (!d->storeRun(next, error))
        return false;
    emit cueChanged(d->run.onAirItem, d->run.nextUpItem);
    return true;
}

bool RunOfShow::add(const QueueItem& item, int position, QString* error)
{
    if (!d->open)
        return notOpen(error);
    ShowBook::DurableWrite write(d->catalog);
    if (!write.isActive()) {
        *error = QStringLiteral("show '%1': cannot write to the catalog: %2").arg(d->current.name, write.error());
        return false;
    }
    const auto id = d->book.insert(d->current.id, item, position);
    const auto show = id ? d->book.byId(d->current.id) : std::nullopt;
    if (!show) {
        *error = d->showError(d->book.error());
        return false;
    }
    ShowRun next = d->run;
    if (!next.nextUpItem) {
        const std::optional<qint64> anchor = next.onAirItem ? next.onAirItem : next.lastTakenItem;
        if (!anchor || d->indexOf(show->queue, *id) > d->indexOf(show->queue, anchor))
            next.nextUpItem = d->after(show->queue, anchor);
    }
    if (!d->book.saveRun(next) || !write.commit()) {
        *error = d->showError(d->book.error() + write.error());
        return false;
    }
    const bool cue = next.nextUpItem != d->run.nextUpItem;
    d->current = *show;
    d->run = next;
    emit queueChanged();
    if (cue)
        emit cueChanged(d->run.onAirItem, d->run.nextUpItem);
    return true;
}

bool RunOfShow::move(int from, int to, QString* error)
{
    if (!d->open)
        return notOpen(error);
    if (!d->book.move(d->current.id, from, to)) {
        *error = d->showError(d->book.error());
        return false;
    }
    if (const auto show = d->book.byId(d->current.id))
        d->current = *show;
    emit queueChanged();
    return true;
}

bool RunOfShow::remove(int position, QString* error)
{
    if (!d->open)
        return notOpen(error);
    if (!d->checkPosition(position, error))
        return false;
    const auto& queue = d->current.queue;
    const qint64 removed = queue.at(position - 1).id;
    ShowBook::DurableWrite write(d->catalog);
    if (!write.isActive()) {
        *error = QStringLiteral("show '%1': cannot write to the catalog: %2").arg(d->current.name, write.error());
        return false;
    }
    if (!d->book.remove(d->current.id, position)) {
        *error = d->showError(d->book.error());
        return false;
    }
    const auto show = d->book.byId(d->current.id);
    if (!show) {
        *error = QStringLiteral("show '%1' is gone from the catalog").arg(d->current.name);
        return false;
    }
    ShowRun next = d->run;
    const bool wasOnAir = next.onAirItem == removed;
    if (wasOnAir) {
        next.onAirItem.reset();
        next.onAirMs = 0;
    }
    if (next.saleItem == removed)
        Private::clearSale(next);
    if (next.nextUpItem == removed) // the card that took its place
        next.nextUpItem
            = position <= show->queue.size() ? std::optional<qint64>(show->queue.at(position - 1).id) : std::nullopt;
    if (next.lastTakenItem == removed)
        next.lastTakenItem = position >= 2 ? std::optional<qint64>(show->queue.at(position - 2).id) : std::nullopt;
    if (!d->book.saveRun(next) || !write.commit()) {
        *error = d->showError(d->book.error() + write.error());
        return false;
    }
    const bool cue = next.nextUpItem != d->run.nextUpItem || wasOnAir;
    d->current = *show;
    d->run = next;
    if (wasOnAir) {
        d->stopOnAir();
        ++d->acting;
        d->show.unpin();
        --d->acting;
    }
    emit queueChanged();
    if (cue)
        emit cueChanged(d->run.onAirItem, d->run.nextUpItem);
    return true;
}

bool RunOfShow::duplicate(int position, QString* error)
{
    if (!d->open)
        return notOpen(error);
    if (!d->checkPosition(position, error))
        return false;
    const auto& queue = d->current.queue;
    QueueItem copy = queue.at(position - 1);
    copy.id = 0;
    return add(copy, position + 1, error);
}

bool RunOfShow::update(int position, const QueueItem& item, QString* error)
{
    if (!d->open)
        return notOpen(error);
    if (!d->book.update(d->current.id, position, item)) {
        *error = d->showError(d->book.error());
        return false;
    }
    if (const auto show = d->book.byId(d->current.id))
        d->current = *show;
    emit queueChanged();
    return true;
}

void RunOfShow::setBeforePin(std::function<void(const QueueItem&)> hook)
{
    d->beforePin = std::move(hook);
}

void RunOfShow::setAutoAdvance(int seconds)
{
    const int value = std::max(0, seconds);
    d->finishedEmitted = false;
    if (!d->open) {
        d->run.autoAdvanceSeconds = value;
        return;
    }
    ShowRun next = d->run;
    next.autoAdvanceSeconds = value;
    if (!d->book.saveRun(next)) {
        emit actionFailed(d->book.error());
        return;
    }
    d->run = next;
    d->scheduleAdvance();
}

int RunOfShow::autoAdvanceSeconds() const
{
    return d->run.autoAdvanceSeconds;
}

} // namespace pinstage
