// SPDX-License-Identifier: GPL-2.0-or-later
#include "show/ShowController.h"

#include "obs/ObsLog.h"
#include "output/RecordingOutput.h"
#include "output/ShowOutputs.h"
#include "show/CardStage.h"
#include "show/ShowLog.h"
#include "util/Clock.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <QUrl>

#include <cmath>

namespace pinstage {

ShowController::ShowController(ShowOutputs& outputs, CardStage& cards, Clock& clock, ShowLog* log, QObject* parent)
    : QObject(parent)
    , m_outputs(outputs)
    , m_cards(cards)
    , m_clock(clock)
    , m_log(log)
    , m_priceTimer(clock.createTimer(this))
    , m_saleTimer(clock.createTimer(this))
{
    connect(m_saleTimer, &ClockTimer::timeout, this, &ShowController::onSaleTick);
    m_priceTimer->setSingleShot(true);
    connect(m_priceTimer, &ClockTimer::timeout, this, &ShowController::onPriceChange);
    connect(&m_outputs, &ShowOutputs::streamStarted, this, &ShowController::onStreamStarted);
    connect(&m_outputs, &ShowOutputs::streamStopped, this, &ShowController::onStreamStopped);
    connect(&m_outputs, &ShowOutputs::streamReconnecting, this, &ShowController::onReconnecting);
    connect(&m_outputs, &ShowOutputs::streamConnectionEvent, this, &ShowController::onConnectionEvent);
    connect(&m_outputs, &ShowOutputs::streamReconnected, this, &ShowController::onReconnected);
    connect(&m_outputs, &ShowOutputs::recordingStarted, this, &ShowController::onRecordingStarted);
    connect(&m_outputs, &ShowOutputs::recordingStopped, this, &ShowController::onRecordingStopped);
    connect(&m_outputs, &ShowOutputs::destinationChanged, this, &ShowController::onDestinationChanged);
    m_healthTimer = clock.createTimer(this);
    connect(m_healthTimer, &ClockTimer::timeout, this, &ShowController::logHealth);
    connect(&m_cards, &CardStage::staged, this, &ShowController::onStaged);
    connect(&m_cards, &CardStage::failed, this,
        [this](quint64, const QString& code, const QString& error) { emit pinFailed(code, error); });
}

ShowController::~ShowController() = default;

QString ShowController::stateName(State state)
{
    switch (state) {
    case State::Idle:
        return QStringLiteral("idle");
    case State::Rehearsal:
        return QStringLiteral("rehearsal");
    case State::Connecting:
        return QStringLiteral("connecting");
    case State::Live:
        return QStringLiteral("live");
    case State::Reconnecting:
        return QStringLiteral("reconnecting");
    case State::Ending:
        return QStringLiteral("ending");
    }
    return {};
}

bool ShowController::isStreaming() const
{
    return m_state == State::Connecting || m_state == State::Live || m_state == State::Reconnecting
        || m_state == State::Ending;
}

void ShowController::setState(State state, const QString& reason)
{
    if (state == m_state)
        return;
    const CardState cardBefore = cardState();
    m_state = state;
    emit stateChanged(state, reason);
    if (m_card && cardState() != cardBefore)
        emit cardChanged(m_card, cardState());
}

void ShowController::log(const QString& event, const QJsonObject& fields)
{
    if (m_log)
        m_log->append(event, fields);
}

void ShowController::startClock()
{
    m_clockStartMs = m_clock.monotonicMs();
}

qint64 ShowController::showTimeMs() const
{
    if (m_clockStartMs >= 0)
        return m_clock.monotonicMs() - m_clockStartMs;
    if (m_recordingStartMs >= 0)
        return m_clock.monotonicMs() - m_recordingStartMs;
    return 0;
}

qint64 ShowController::logTimeMs() const
{
    if (m_clockStartMs >= 0 || m_recordingStartMs >= 0)
        return showTimeMs();
    return m_lastShowMs;
}

qint64 ShowController::recordingTimeMs() const
{
    return m_recording && m_recordingStartMs >= 0 ? m_clock.monotonicMs() - m_recordingStartMs : -1;
}

bool ShowController::goLive(const StreamTarget& target, QString* error, const QString& recordFile)
{
    return goLive(QList<DestinationSpec> { DestinationSpec { {}, target, 0 } }, error, recordFile);
}

bool ShowController::goLive(const QList<DestinationSpec>& destinations, QString* error, const QString& recordFile)
{
    if (m_state != State::Idle && m_state != State::Rehearsal) {
        *error = QStringLiteral("the show is already %1").arg(stateName(m_state));
        return false;
    }
    if (destinations.isEmpty()) {
        *error = QStringLiteral("no destination chosen");
        return false;
    }
    for (const DestinationSpec& d : destinations)
        ObsLog::addSecret(d.target.key); // masked in every log line and message from now on
    for (int i = 0; i < destinations.size(); ++i) {
        QString why;
        if (!destinations.at(i).target.validate(&why)) {
            // Named as the outputs name it (ShowOutputs::startStreams): "destination #N (NAME): ".
            const QString name = destinations.at(i).name.trimmed();
            *error = destinations.size() == 1 ? why
                : name.isEmpty()              ? QStringLiteral("destination #%1: %2").arg(i + 1).arg(why)
                                              : QStringLiteral("destination #%1 (%2): %3").arg(i + 1).arg(name, why);
            return false;
        }
    }
    if (!recordFile.isEmpty() && !RecordingOutput::checkFile(recordFile, error))
        return false;
    m_destinationCount = static_cast<int>(destinations.size());
    m_destinationStates.clear();
    m_lastHealth.clear();
    if (!m_outputs.startStreams(destinations, error))
        return false;
    QStringList hosts;
    for (const DestinationSpec& d : destinations)
        hosts.append(QUrl(d.target.url).host());
    m_host = hosts.join(QStringLiteral(", "));
    m_recordOnLive = recordFile;
    m_stateBeforeConnect = m_state;
    m_final = {};
    m_hasFinal = false;
    setState(State::Connecting, QStringLiteral("connecting to %1").arg(m_host));
    log(QStringLiteral("connecting"), { { QStringLiteral("t_ms"), 0 }, { QStringLiteral("host"), m_host } });
    const QString warning = uploadWarning(destinations);
    if (!warning.isEmpty())
        log(QStringLiteral("upload_warning"),
            { { QStringLiteral("message"), warning }, { QStringLiteral("upload_kbps"), m_uploadKbps },
                { QStringLiteral("needed_kbps"),
                    requiredUploadKbps(
                        destinations, m_outputs.encoderSettings(), m_outputs.horizontalVideoBitrateKbps()) } });
    return true;
}

QString ShowController::uploadWarning(const QList<DestinationSpec>& destinations) const
{
    return ObsLog::redact(pinstage::uploadWarning(
        destinations, m_outputs.encoderSettings(), m_uploadKbps, m_outputs.horizontalVideoBitrateKbps()));
}

bool ShowController::stopDestination(int index, QString* error)
{
    if (!isStreaming() || m_state == State::Ending) {
        *error = QStringLiteral("no show is streaming");
        return false;
    }
    return m_outputs.stopDestination(index, error);
}

bool ShowController::restartDestination(int index, QString* error)
{
    if (!isStreaming() || m_state == State::Ending) {
        *error = QStringLiteral("no show is streaming: go live instead");
        return false;
    }
    return m_outputs.restartDestination(index, error);
}

void ShowController::onDestinationChanged(int index)
{
    const QList<DestinationStatus> all = m_outputs.destinations();
    if (index < 0 || index >= all.size())
        return;
    const DestinationStatus& d = all.at(index);
    while (m_destinationStates.size() < all.size())
        m_destinationStates.append(DestinationStatus::State::Connecting);
    const DestinationStatus::State was = m_destinationStates.at(index);
    m_destinationStates[index] = d.state;
    emit destinationChanged(index, d);
    if (all.size() < 2 || was == d.state)
        return; // one destination: the show's own events say it all
    QJsonObject fields { { QStringLiteral("destination"), index + 1 }, { QStringLiteral("name"), d.name },
        { QStringLiteral("url"), d.url } };
    QString event;
    switch (d.state) {
    case DestinationStatus::State::Connecting:
        event = QStringLiteral("destination_connecting");
        break;
    case DestinationStatus::State::Live:
        event = was == DestinationStatus::State::Reconnecting ? QStringLiteral("destination_reconnected")
                                                              : QStringLiteral("destination_live");
        break;
    case DestinationStatus::State::Reconnecting:
        event = QStringLiteral("destination_reconnecting");
        break;
    case DestinationStatus::State::Stopped:
    case DestinationStatus::State::Failed:
        event = d.state == DestinationStatus::State::Failed ? QStringLiteral("destination_failed")
                                                            : QStringLiteral("destination_stopped");
        fields.insert(QStringLiteral("code"), d.code);
        fields.insert(QStringLiteral("message"), d.message);
        fields.insert(QStringLiteral("bytes"), static_cast<qint64>(d.bytes));
        fields.insert(QStringLiteral("frames"), static_cast<qint64>(d.frames));
        fields.insert(QStringLiteral("dropped"), static_cast<qint64>(d.dropped));
        fields.insert(QStringLiteral("reconnects"), d.reconnects);
        break;
    }
    log(event, fields);
}

void ShowController::logHealth()
{
    if (!isStreaming() || m_destinationCount < 2) {
        m_healthTimer->stop();
        return;
    }
    const QList<DestinationStatus> now = m_outputs.destinations();
    QJsonArray list;
    for (int i = 0; i < now.size(); ++i) {
        const DestinationStatus& d = now.at(i);
        const DestinationStatus before = m_lastHealth.value(i);
        const qint64 ms = i < m_lastHealth.size() ? d.takenAtMs - before.takenAtMs : 0;
        const double kbps = ms > 0 && d.bytes >= before.bytes ? (d.bytes - before.bytes) * 8.0 / ms : 0.0;
        const quint64 sent = d.frames >= before.frames ? d.frames - before.frames : 0;
        const quint64 dropped = d.dropped >= before.dropped ? d.dropped - before.dropped : 0;
        const double congestion = sent + dropped > 0 ? double(dropped) / double(sent + dropped) : 0.0;
        list.append(QJsonObject { { QStringLiteral("destination"), i + 1 }, { QStringLiteral("name"), d.name },
            { QStringLiteral("state"), DestinationStatus::stateName(d.state) },
            { QStringLiteral("bitrate_kbps"), std::round(kbps * 10) / 10 },
            { QStringLiteral("dropped"), static_cast<qint64>(d.dropped) },
            { QStringLiteral("congestion"), std::round(congestion * 1000) / 1000 },
            { QStringLiteral("reconnects"), d.reconnects } });
    }
    m_lastHealth = now;
    log(QStringLiteral("stream_health"), { { QStringLiteral("destinations"), list } });
}

void ShowController::onStreamStarted()
{
    if (m_state != State::Connecting)
        return;
    startClock();
    if (m_destinationCount > 1) {
        m_lastHealth = m_outputs.destinations();
        m_healthTimer->start(healthIntervalMs());
    }
    setState(State::Live, QStringLiteral("connected to %1").arg(m_host));
    log(QStringLiteral("live"), { { QStringLiteral("host"), m_host } });
    if (!m_recordOnLive.isEmpty() && !m_recording) {
        QString error;
        if (!startRecording(m_recordOnLive, &error))
            emit recordingChanged(false, true, QStringLiteral("the recording could not start: %1").arg(error));
    }
    m_recordOnLive.clear();
}

void ShowController::onReconnecting()
{
    if (m_state != State::Live)
        return; // Ending wins: a stop asked for is not turned back into reconnecting
    setState(State::Reconnecting, QStringLiteral("the connection to %1 dropped; reconnecting").arg(m_host));
    log(QStringLiteral("reconnecting"));
}

void ShowController::onReconnected()
{
    if (m_state != State::Reconnecting)
        return;
    setState(State::Live, QStringLiteral("reconnected to %1").arg(m_host));
    log(QStringLiteral("reconnected"));
}

void ShowController::endShow(bool stopRecording)
{
    switch (m_state) {
    case State::Idle:
        if (stopRecording)
            this->stopRecording();
        return;
    case State::Rehearsal:
        if (stopRecording || m_rehearsalRecording)
            this->stopRecording();
        m_lastShowMs = showTimeMs();
        m_clockStartMs = -1;
        setState(State::Idle, QStringLiteral("rehearsal ended"));
        log(QStringLiteral("rehearsal_ended"), { { QStringLiteral("t_ms"), m_lastShowMs } });
        return;
    case State::Connecting:
    case State::Live:
    case State::Reconnecting:
        m_recordOnLive.clear();
        // The time on air ends when the producer ends the show, not when the server confirms.
        m_lastShowMs = showTimeMs();
        setState(State::Ending, QStringLiteral("ending the show"));
        m_outputs.stopStream();
        if (stopRecording)
            this->stopRecording();
        return;
    case State::Ending:
        if (stopRecording)
            this->stopRecording();
        return;
    }
}

void ShowController::onStreamStopped(int code, const QString& message)
{
    const State was = m_state;
    if (was == State::Idle || was == State::Rehearsal)
        return;
    const bool everLive = m_clockStartMs >= 0 && was != State::Connecting;
    const qint64 onAir = was == State::Ending ? m_lastShowMs : (everLive ? showTimeMs() : 0);
    m_lastShowMs = onAir;
    m_final = m_outputs.snapshot();
    m_final.streamSeconds = onAir / 1000.0;
    m_hasFinal = true;
    m_clockStartMs = -1;
    m_recordOnLive.clear();
    const QString why = ObsLog::redact(message);
    if (was == State::Connecting && code != 0) {
        // Never live: no time on air, and the state goes back to where it came from.
        log(QStringLiteral("connect_failed"),
            { { QStringLiteral("t_ms"), 0 }, { QStringLiteral("code"), code }, { QStringLiteral("message"), why } });
        if (m_stateBeforeConnect == State::Rehearsal)
            startClock();
        setState(m_stateBeforeConnect, QStringLiteral("could not connect to %1: %2").arg(m_host, why));
        return;
    }
    log(QStringLiteral("stream_stopped"),
        { { QStringLiteral("t_ms"), onAir }, { QStringLiteral("code"), code }, { QStringLiteral("message"), why } });
    if (code == 0 || was == State::Ending)
        setState(State::Idle,
            was == State::Ending ? QStringLiteral("the show ended") : QStringLiteral("the stream stopped"));
    else
        setState(State::Idle, QStringLiteral("the stream to %1 stopped: %2").arg(m_host, why));
}

bool ShowController::startRehearsal(QString* error, const QString& recordFile)
{
    if (m_state != State::Idle) {
        *error = QStringLiteral("the show is already %1").arg(stateName(m_state));
        return false;
    }
    if (!recordFile.isEmpty() && !m_recording) {
        if (!startRecording(recordFile, error))
            return false;
        m_rehearsalRecording = true;
    }
    startClock();
    setState(State::Rehearsal, QStringLiteral("rehearsal: preview and recording only, nothing is streamed"));
    log(QStringLiteral("rehearsal_started"), { { QStringLiteral("t_ms"), 0 } });
    return true;
}

bool ShowController::startRecording(const QString& file, QString* error)
{
    if (m_recording || m_recordingRequested) {
        *error = QStringLiteral("already recording to %1").arg(m_recordingFile);
        return false;
    }
    if (!m_outputs.startRecording(file, error))
        return false;
    m_recordingRequested = true;
    m_recordingFile = file;
    return true;
}

void ShowController::stopRecording()
{
    if (m_recording || m_recordingRequested)
        m_outputs.stopRecording();
}

void ShowController::onRecordingStarted()
{
    m_recording = true;
    m_recordingStartMs = m_clock.monotonicMs();
    log(QStringLiteral("recording_started"), { { QStringLiteral("file"), m_recordingFile } });
    emit recordingChanged(true, false, QStringLiteral("recording to %1").arg(m_recordingFile));
}

void ShowController::onRecordingStopped(int code, const QString& message)
{
    const qint64 at = showTimeMs();
    // The recording's length by our clock: its last line says where in the file the show ends.
    const qint64 recordedMs = m_recordingStartMs >= 0 ? m_clock.monotonicMs() - m_recordingStartMs : -1;
    if (!isStreaming() && m_clockStartMs < 0 && !m_hasFinal)
        m_lastShowMs = at; // a show that only recorded: its length is the recording's
    m_recording = false;
    m_recordingRequested = false;
    m_rehearsalRecording = false;
    m_recordingStartMs = -1;
    QJsonObject stopped { { QStringLiteral("t_ms"), at }, { QStringLiteral("code"), code },
        { QStringLiteral("message"), message }, { QStringLiteral("file"), m_recordingFile } };
    if (recordedMs >= 0)
        stopped.insert(QStringLiteral("rec_ms"), recordedMs);
    log(QStringLiteral("recording_stopped"), stopped);
    emit recordingChanged(false, code != 0,
        code == 0 ? QStringLiteral("recording saved: %1").arg(m_recordingFile)
                  : QStringLiteral("the recording stopped: %1").arg(message));
}

void ShowController::pin(const QString& code)
{
    const QString trimmed = code.trimmed();
    // Another product replaces the card: its sale (running or ended) goes with it.
    if (m_sale && m_sale->code != trimmed)
        endSale(QStringLiteral("replaced"));
    if (!m_sale) {
        m_overrides = {};
        if (m_stock.contains(trimmed))
            m_overrides.stock = m_stock.value(trimmed);
    }
    m_lastCode = trimmed;
    stageCard(m_lastCode, false, false);
}

void ShowController::stageCard(const QString& code, bool refresh, bool logRefresh)
{
    m_refreshing = refresh;
    m_logRefresh = logRefresh;
    m_requestedAt = m_clock.now();
    if (m_overrides == CardOverrides {})
        m_cards.stage(++m_lastRequest, code, m_requestedAt);
    else
        m_cards.stageWith(++m_lastRequest, code, m_requestedAt, m_overrides);
}

bool ShowController::isCardCode(const QString& code) const
{
    if (!m_card)
        return false;
    return code == m_cardCode || code == m_card->sku || (!m_card->pinCode.isEmpty() && code == m_card->pinCode);
}

bool ShowController::startFlashSale(const QString& code, int durationSeconds, QString* error)
{
    if (durationSeconds < 1 || durationSeconds > 24 * 3600) {
        *error = QStringLiteral("the flash sale's duration must be 1 s to 24 h, got %1 s").arg(durationSeconds);
        return false;
    }
    QString target = code.trimmed();
    if (target.isEmpty()) {
        if (!m_card) {
            *error = QStringLiteral("no card is up: name the product to put on sale");
            return false;
        }
        target = m_cardCode;
    }
    const bool hadSale = m_sale.has_value();
    if (m_sale)
        endSale(QStringLiteral("replaced"));
    const bool up = isCardCode(target);
    if (up)
        target = m_cardCode;
    if (!up) {
        pin(target);
    } else {
        m_overrides = {};
        if (m_stock.contains(target))
            m_overrides.stock = m_stock.value(target);
        if (hadSale) // up in another state (a past "Sale ended"): painted anew, same card
            stageCard(m_cardCode, true, false);
    }
    Sale sale;
    sale.code = target;
    sale.durationSeconds = durationSeconds;
    sale.endMonotonicMs = m_clock.monotonicMs() + qint64(durationSeconds) * 1000;
    sale.remaining = durationSeconds;
    m_sale = sale;
    m_cards.setCountdown(CountdownPainter::Face { durationSeconds, false });
    m_saleTimer->setSingleShot(false);
    m_saleTimer->start(1000);
    m_saleEvents.append({ showTimeMs(), true, target, durationSeconds, 0, {} });
    QJsonObject fields { { QStringLiteral("code"), target }, { QStringLiteral("duration_s"), durationSeconds },
        { QStringLiteral("on_air"), m_state == State::Live } };
    if (m_card && up)
        fields.insert(QStringLiteral("sku"), m_card->sku);
    log(QStringLiteral("flash_sale_started"), fields);
    emit flashSaleChanged(true, durationSeconds, false);
    return true;
}

bool ShowController::resumeFlashSale(
    const QString& code, int durationSeconds, qint64 remainingMs, bool ended, int sold, QString* error)
{
    const QString target = code.trimmed();
    if (target.isEmpty()) {
        *error = QStringLiteral("the flash sale to resume names no product");
        return false;
    }
    if (durationSeconds < 1 || durationSeconds > 24 * 3600) {
        *error = QStringLiteral("the flash sale's duration must be 1 s to 24 h, got %1 s").arg(durationSeconds);
        return false;
    }
    if (remainingMs < 0 || remainingMs > qint64(durationSeconds) * 1000) {
        *error = QStringLiteral("the flash sale of '%1' cannot have %2 s left of %3 s")
                     .arg(target)
                     .arg(remainingMs / 1000.0)
                     .arg(durationSeconds);
        return false;
    }
    const int remainingSeconds = static_cast<int>(std::llround(remainingMs / 1000.0));
    if (m_sale)
        endSale(QStringLiteral("replaced"));
    ended = ended || remainingSeconds == 0;
    m_overrides = {};
    if (m_stock.contains(target))
        m_overrides.stock = m_stock.value(target);
    if (ended)
        m_overrides.saleEnded = true;
    if (sold > 0 && !ended)
        m_overrides.soldCount = sold;
    if (isCardCode(target))
        stageCard(m_cardCode, true, false);
    else {
        m_lastCode = target;
        stageCard(target, false, false);
    }
    Sale sale;
    sale.code = target;
    sale.durationSeconds = durationSeconds;
    sale.endMonotonicMs = m_clock.monotonicMs() + remainingMs;
    sale.remaining = ended ? 0 : remainingSeconds;
    sale.sold = sold;
    sale.ended = ended;
    m_sale = sale;
    m_cards.setCountdown(CountdownPainter::Face { sale.remaining, ended });
    if (!ended) {
        m_saleTimer->setSingleShot(false);
        m_saleTimer->start(1000);
    }
    log(QStringLiteral("flash_sale_resumed"),
        { { QStringLiteral("code"), target }, { QStringLiteral("duration_s"), durationSeconds },
            { QStringLiteral("remaining_s"), sale.remaining },
            { QStringLiteral("remaining_ms"), ended ? 0 : remainingMs }, { QStringLiteral("ended"), ended },
            { QStringLiteral("sold"), sold }, { QStringLiteral("on_air"), m_state == State::Live } });
    emit flashSaleChanged(true, sale.remaining, ended);
    return true;
}

void ShowController::onSaleTick()
{
    if (!m_sale || m_sale->ended) {
        m_saleTimer->stop();
        return;
    }
    // Rounded, so a timer that fires a little early or late still steps one second at a time.
    const qint64 left = m_sale->endMonotonicMs - m_clock.monotonicMs();
    const int remaining = static_cast<int>(std::max<qint64>(0, std::llround(left / 1000.0)));
    if (remaining > 0) {
        if (remaining != m_sale->remaining) {
            m_sale->remaining = remaining;
            m_cards.setCountdown(CountdownPainter::Face { remaining, false });
            emit flashSaleChanged(true, remaining, false);
        }
        return;
    }
    endSale(QStringLiteral("time"));
}

void ShowController::endSale(const QString& reason)
{
    if (!m_sale)
        return;
    m_saleTimer->stop();
    const Sale sale = *m_sale;
    if (reason != QLatin1String("time")) {
        // Unpinned or replaced: the sale goes with its card.
        m_sale.reset();
        m_cards.setCountdown(std::nullopt);
        if (!sale.ended) {
            m_saleEvents.append({ showTimeMs(), false, sale.code, sale.durationSeconds, sale.sold, reason });
            log(QStringLiteral("flash_sale_ended"),
                { { QStringLiteral("code"), sale.code }, { QStringLiteral("reason"), reason },
                    { QStringLiteral("sold"), sale.sold } });
        }
        emit flashSaleChanged(false, 0, false);
        return;
    }
    m_sale->ended = true;
    m_sale->remaining = 0;
    m_cards.setCountdown(CountdownPainter::Face { 0, true });
    m_overrides.saleEnded = true;
    m_saleEvents.append({ showTimeMs(), false, sale.code, sale.durationSeconds, sale.sold, reason });
    QJsonObject fields { { QStringLiteral("code"), sale.code }, { QStringLiteral("reason"), reason },
        { QStringLiteral("sold"), sale.sold }, { QStringLiteral("on_air"), m_state == State::Live } };
    if (m_card)
        fields.insert(QStringLiteral("sku"), m_card->sku);
    log(QStringLiteral("flash_sale_ended"), fields);
    // The offer is over: the card is painted again without the struck-through price ("price_changed"
    // when it is up).
    if (m_card && isCardCode(sale.code))
        stageCard(m_cardCode, true, true);
    emit flashSaleChanged(true, 0, true);
}

std::optional<ShowController::FlashSale> ShowController::flashSale() const
{
    if (!m_sale)
        return std::nullopt;
    const qint64 left = m_sale->ended ? 0 : std::max<qint64>(0, m_sale->endMonotonicMs - m_clock.monotonicMs());
    return FlashSale { m_sale->code, m_sale->durationSeconds, m_sale->remaining, m_sale->ended, m_sale->sold, left };
}

bool ShowController::setStock(const QString& code, int units, QString* error)
{
    const QString target = code.trimmed();
    if (target.isEmpty()) {
        *error = QStringLiteral("the product code is empty");
        return false;
    }
    const bool up = isCardCode(target);
    std::optional<int> previous;
    if (m_stock.contains(target))
        previous = m_stock.value(target);
    else if (up)
        previous = m_overrides.stock ? m_overrides.stock : m_card->stock;
    const bool saleOfIt = m_sale && (m_sale->code == target || (up && m_sale->code == m_cardCode));
    if (saleOfIt && !m_sale->ended && previous && units < *previous)
        m_sale->sold += *previous - units;
    m_stock.insert(target, units);
    if (up && m_cardCode != target)
        m_stock.insert(m_cardCode, units);

    std::optional<int> sold;
    if (saleOfIt)
        sold = m_sale->sold;
    m_stockEvents.append({ showTimeMs(), target, units, sold });
    QJsonObject fields { { QStringLiteral("code"), target }, { QStringLiteral("stock"), units },
        { QStringLiteral("on_air"), up && m_state == State::Live } };
    if (previous)
        fields.insert(QStringLiteral("previous"), *previous);
    if (sold)
        fields.insert(QStringLiteral("sold"), *sold);
    log(QStringLiteral("stock"), fields);

    if (up || (m_sale && m_sale->code == target)) {
        m_overrides.stock = units;
        if (sold && *sold > 0)
            m_overrides.soldCount = sold;
        if (up)
            stageCard(m_cardCode, true, false); // the same card, new stock: not a price change
    }
    return true;
}

bool ShowController::announce(const QString& text, bool scrolling, QString* error)
{
    const QString line = text.simplified();
    if (line.isEmpty()) {
        *error = QStringLiteral("the announcement text is empty");
        return false;
    }
    if (line.size() > 500) {
        *error = QStringLiteral("the announcement is %1 characters long; at most 500 fit a bar").arg(line.size());
        return false;
    }
    m_announcement = line;
    m_cards.setAnnouncement(line, scrolling);
    m_announcementEvents.append({ showTimeMs(), line, scrolling });
    log(QStringLiteral("announcement"),
        { { QStringLiteral("text"), line }, { QStringLiteral("scrolling"), scrolling },
            { QStringLiteral("on_air"), m_state == State::Live } });
    emit announcementChanged(line, scrolling);
    return true;
}

void ShowController::clearAnnouncement()
{
    if (m_announcement.isEmpty())
        return;
    m_announcement.clear();
    m_cards.setAnnouncement({}, false);
    m_announcementEvents.append({ showTimeMs(), {}, false });
    log(QStringLiteral("announcement_cleared"), { { QStringLiteral("on_air"), m_state == State::Live } });
    emit announcementChanged({}, false);
}

void ShowController::schedulePriceChange()
{
    // A scheduled sale that starts or ends while the card is up changes the card at that moment.
    m_priceTimer->stop();
    if (!m_card)
        return;
    const QDateTime now = m_clock.now();
    const std::optional<QDateTime> next = m_card->nextPriceChangeAfter(now);
    if (!next)
        return;
    m_priceTimer->start(std::max<qint64>(0, now.msecsTo(*next)));
}

void ShowController::onPriceChange()
{
    if (!m_card)
        return;
    stageCard(m_cardCode, true, true);
}

void ShowController::onStaged(quint64 request, const VariantRow& variant, const QString& price)
{
    if (request != m_lastRequest)
        return; // a later request (pin or unpin) replaced this one before it was painted
    const bool refresh = m_refreshing;
    const bool logRefresh = m_logRefresh;
    m_refreshing = false;
    m_card = variant;
    if (!refresh)
        m_cardCode = m_lastCode;
    const QString code = m_cardCode; // the pin code the request used
    const bool onAir = cardState() == CardState::OnAir;
    const QDateTime at = m_requestedAt; // the prices valid when the card was asked for
    if (!refresh)
        m_pinEvents.append({ showTimeMs(), true, onAir, code, price });
    // What viewers saw: the card's values at that moment, for the review and the chapters.
    QJsonObject fields { { QStringLiteral("sku"), variant.sku }, { QStringLiteral("code"), code },
        { QStringLiteral("title"), variant.productTitle }, { QStringLiteral("variant"), variant.variantTitle },
        { QStringLiteral("price"), price }, { QStringLiteral("price_cents"), variant.priceCentsAt(at) },
        { QStringLiteral("currency"), variant.currency }, { QStringLiteral("on_air"), onAir } };
    if (const std::optional<qint64> compareAt = variant.compareAtCentsAt(at); compareAt && !m_overrides.saleEnded)
        fields.insert(QStringLiteral("compare_at_cents"), *compareAt);
    if (m_overrides.stock)
        fields.insert(QStringLiteral("stock"), *m_overrides.stock);
    else if (variant.stock)
        fields.insert(QStringLiteral("stock"), *variant.stock);
    // A refresh is the same card with the price of a sale that just started or ended (a live stock
    // change is logged as "stock" when it is asked for).
    if (!refresh || logRefresh)
        log(refresh ? QStringLiteral("price_changed") : QStringLiteral("pin"), fields);
    schedulePriceChange();
    emit cardChanged(m_card, cardState());
}

void ShowController::unpin()
{
    ++m_lastRequest; // a pin still being painted is dropped
    if (m_sale)
        endSale(QStringLiteral("unpinned"));
    m_overrides = {};
    m_cards.clear();
    if (!m_card)
        return;
    const QString code = m_cardCode;
    m_pinEvents.append({ showTimeMs(), false, cardState() == CardState::OnAir, code, {} });
    log(QStringLiteral("unpin"),
        { { QStringLiteral("sku"), m_card->sku }, { QStringLiteral("code"), code },
            { QStringLiteral("on_air"), m_state == State::Live } });
    m_card.reset();
    m_priceTimer->stop();
    emit cardChanged(m_card, CardState::None);
}

ShowController::CardState ShowController::cardState() const
{
    if (!m_card)
        return CardState::None;
    return m_state == State::Live ? CardState::OnAir : CardState::Staged;
}

OutputStats ShowController::statistics() const
{
    if (!isStreaming() && m_hasFinal) {
        // Not streaming: the last stream's totals, with the live values that still move.
        OutputStats s = m_outputs.snapshot();
        OutputStats last = m_final;
        last.takenAtMs = s.takenAtMs;
        last.framesRendered = s.framesRendered;
        last.framesLagged = s.framesLagged;
        last.recording = s.recording;
        last.streaming = false;
        if (m_state == State::Rehearsal || m_recording)
            last.streamSeconds = showTimeMs() / 1000.0;
        return last;
    }
    OutputStats s = m_outputs.snapshot();
    s.streamSeconds
        = (isStreaming() || m_state == State::Rehearsal || m_recording) ? showTimeMs() / 1000.0 : m_lastShowMs / 1000.0;
    if (m_state == State::Ending)
        s.streamSeconds = m_lastShowMs / 1000.0;
    return s;
}

bool ShowController::switchScene(const QString& scene, QString* error)
{
    if (!m_switchScene) {
        *error = QStringLiteral("no scenes to switch between");
        return false;
    }
    if (!m_switchScene(scene, error))
        return false;
    log(QStringLiteral("scene"), { { QStringLiteral("scene"), scene } });
    emit programSceneChanged(scene);
    return true;
}

void ShowController::setReconnectPolicy(int maxRetries, int firstDelaySeconds)
{
    m_outputs.setReconnectPolicy(maxRetries, firstDelaySeconds);
}

void ShowController::onConnectionEvent(const QString& event, const QJsonObject& fields)
{
    // Drops, retries, stalls and forced stops, as they happen (the state changes keep their own
    // "reconnecting" / "reconnected" lines).
    if (m_state == State::Idle || m_state == State::Rehearsal)
        return;
    QJsonObject line = fields;
    if (line.contains(QStringLiteral("reason")))
        line.insert(QStringLiteral("reason"), ObsLog::redact(line.value(QStringLiteral("reason")).toString()));
    log(event, line);
}

bool ShowController::reconnectNow(int index)
{
    // A destination retries while the show is Connecting, Live (another destination carries it)
    // or Reconnecting.
    if (m_state != State::Reconnecting && m_state != State::Connecting && m_state != State::Live)
        return false;
    return m_outputs.reconnectNow(index);
}

} // namespace pinstage
