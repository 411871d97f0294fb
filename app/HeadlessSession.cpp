// SPDX-License-Identifier: GPL-2.0-or-later
#include "HeadlessSession.h"

#include "catalog/Catalog.h"
#include "obs/ObsLog.h"
#include "output/ObsOutputs.h"
#include "output/RecordingOutput.h"
#include "output/RecordingRemux.h"
#include "overlay/AnnouncementPainter.h"
#include "scene/SceneCollection.h"
#include "show/CardStage.h"
#include "show/RunOfShow.h"
#include "show/ShowBook.h"
#include "show/ShowLog.h"
#include "show/Studio.h"
#include "util/Clock.h"
#include "util/Plural.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

#include <algorithm>
#include <cmath>

namespace pinstage {
namespace {

    constexpr qint64 kStopTimeoutMs = 20'000;

    QString seconds(qint64 ms)
    {
        return QString::number(ms / 1000.0, 'f', 1);
    }

} // namespace

HeadlessSession::HeadlessSession(
    Studio& studio, const CommandLine& commandLine, QTextStream& out, QTextStream& err, QObject* parent)
    : QObject(parent)
    , m_studio(studio)
    , m_show(studio.show())
    , m_cl(commandLine)
    , m_out(out)
    , m_err(err)
    , m_stopTimeout(studio.clock().createTimer(this))
{
    m_stopTimeout->setSingleShot(true);
    connect(&m_show, &ShowController::stateChanged, this, &HeadlessSession::onStateChanged);
    connect(&m_show, &ShowController::recordingChanged, this, &HeadlessSession::onRecordingChanged);
    connect(&m_show, &ShowController::pinFailed, this,
        [this](const QString& code, const QString& error) { say(QStringLiteral("--pin %1: %2").arg(code, error)); });
    connect(&m_show, &ShowController::destinationChanged, this,
        [this](int index, const DestinationStatus& d) { onDestinationChanged(index, d); });
    connect(m_stopTimeout, &ClockTimer::timeout, this, [this] {
        say(QStringLiteral("the outputs did not stop within %1 s; forcing the end").arg(kStopTimeoutMs / 1000));
        finish(m_exitCode ? m_exitCode : 1);
    });
}

void HeadlessSession::onDestinationChanged(int index, const DestinationStatus& d)
{
    // A refused first connect is retried, not a failure (issue 11): said once per destination, also
    // when another destination is already live (it never connected: no drop counted yet).
    if (d.state == DestinationStatus::State::Reconnecting && d.reconnects == 0 && !m_liveSaid.contains(index)
        && !m_connectRetrySaid.contains(index)) {
        m_connectRetrySaid.insert(index);
        say(QStringLiteral("could not connect to %1 (%2); trying again until it answers%3")
                .arg(ObsLog::redact(d.url), d.reason,
                    m_cl.reconnectTries > 0
                        ? QStringLiteral(" or %1 failed")
                              .arg(countOf(m_cl.reconnectTries, QStringLiteral("try"), QStringLiteral("tries")))
                        : QStringLiteral(" (--reconnect-tries N gives up after N tries)")));
    }
    // A certificate refused after the destination was live is retried (StreamOutput): said once per
    // outage, for the seller has to look (a captive portal wants a login, a proxy intercepts).
    if (d.state == DestinationStatus::State::Reconnecting
        && d.reason.contains(QLatin1String("certificate could not be verified"))) {
        if (!m_certificateSaid.contains(index)) {
            m_certificateSaid.insert(index);
            say(QStringLiteral("%1: %2").arg(ObsLog::redact(d.url), d.reason));
        }
    } else if (d.state == DestinationStatus::State::Live) {
        m_certificateSaid.remove(index);
    }
    if (d.state == DestinationStatus::State::Reconnecting && !m_liveSaid.contains(index))
        m_triesBeforeLive.insert(index, std::max(m_triesBeforeLive.value(index), d.tries));
    if (m_cl.destinations.size() < 2) {
        // One destination: the show's own lines say it, but a first connect that came after
        // refused tries is said when it comes (the retry line above promised it).
        if (d.state == DestinationStatus::State::Live && m_connectRetrySaid.contains(index)
            && !m_liveSaid.contains(index)) {
            m_liveSaid.insert(index);
            const int tries = m_triesBeforeLive.value(index);
            say(QStringLiteral("%1 is live at %2 s (after %3 failed %4)")
                    .arg(ObsLog::redact(d.url), seconds(m_show.showTimeMs()))
                    .arg(tries)
                    .arg(tries == 1 ? QStringLiteral("try") : QStringLiteral("tries")));
        }
        return;
    }
    if (d.state == DestinationStatus::State::Live)
        m_liveSaid.insert(index);
    // Said once per change (a destination waiting for its next try is announced every second).
    if (m_saidStates.value(index, DestinationStatus::State::Connecting) == d.state)
        return;
    m_saidStates.insert(index, d.state);
    if (d.state == DestinationStatus::State::Reconnecting && d.reconnects == 0)
        return; // a refused first connect: said above
    const QString who = QStringLiteral("destination #%1 (%2)").arg(index + 1).arg(ObsLog::redact(d.url));
    switch (d.state) {
    case DestinationStatus::State::Live:
        say(QStringLiteral("%1 is live at %2 s").arg(who, seconds(m_show.showTimeMs())));
        break;
    case DestinationStatus::State::Reconnecting:
        say(QStringLiteral("%1 dropped at %2 s; reconnecting").arg(who, seconds(m_show.showTimeMs())));
        break;
    case DestinationStatus::State::Failed:
        say(QStringLiteral("%1 failed at %2 s: %3").arg(who, seconds(m_show.showTimeMs()), d.message));
        break;
    case DestinationStatus::State::Stopped:
    case DestinationStatus::State::Connecting:
        break;
    }
}

void HeadlessSession::say(const QString& line)
{
    m_err << "pinstage: " << ObsLog::redact(line) << "\n";
    m_err.flush();
}

bool HeadlessSession::start()
{
    // Every code must exist before going live: a typo found on air is a missed moment.
    for (const ScheduledPin& pin : std::as_const(m_cl.pins)) {
        if (!m_studio.catalog().variantByPinCode(pin.sku)) {
            say(QStringLiteral(
                "--pin %1@%2: unknown code '%1': no variant has it as its SKU, barcode or pin code (catalog %3)")
                    .arg(pin.sku)
                    .arg(pin.atSeconds)
                    .arg(m_studio.catalog().path()));
            return false;
        }
    }

    const auto unknown = [this](const QString& cue, const QString& sku) {
        say(QStringLiteral("%1: unknown code '%2': no variant has it as its SKU, barcode or pin code (catalog %3)")
                .arg(cue, sku, m_studio.catalog().path()));
    };
    for (const ScheduledFlashSale& sale : std::as_const(m_cl.flashSales)) {
        if (!m_studio.catalog().variantByPinCode(sale.sku)) {
            unknown(QStringLiteral("--flash-sale %1@%2+%3").arg(sale.sku).arg(sale.atSeconds).arg(sale.durationSeconds),
                sale.sku);
            return false;
        }
    }
    for (const ScheduledStock& change : std::as_const(m_cl.stockChanges)) {
        if (!m_studio.catalog().variantByPinCode(change.sku)) {
            unknown(
                QStringLiteral("--stock %1=%2@%3").arg(change.sku).arg(change.units).arg(change.atSeconds), change.sku);
            return false;
        }
    }

    for (const ScheduledSwitch& cue : std::as_const(m_cl.switches)) {
        if (!m_studio.scenes().scene(cue.scene)) {
            say(QStringLiteral("--switch %1@%2: no scene is named '%1' (the collection has: %3)")
                    .arg(cue.scene)
                    .arg(cue.atSeconds)
                    .arg(m_studio.scenes().sceneNames().join(QLatin1String(", "))));
            return false;
        }
    }

    // The scheduled cards are painted now, off air, on the card stage's thread (CardStage::prepare):
    // each pin then shows a card already painted.
    for (const ScheduledPin& pin : std::as_const(m_cl.pins))
        m_studio.cardStage().prepare(pin.sku);
    for (const ScheduledFlashSale& sale : std::as_const(m_cl.flashSales))
        m_studio.cardStage().prepare(sale.sku);

    // A resumed show never overwrites the recording of the part before the interruption: it records
    // into FILE-2.EXT (-3, ...) and says so (the run's show log names every file).
    // The name counts as taken when the recording's MP4 is there (the recording itself may have
    // been removed after its remux, [recording] keep_original).
    const auto taken = [](const QString& file) {
        return QFileInfo::exists(file) || QFileInfo::exists(RecordingRemux::mp4PathFor(file));
    };
    if (m_cl.resume && !m_cl.recordFile.isEmpty() && taken(m_cl.recordFile)) {
        const QFileInfo info(m_cl.recordFile);
        const QString suffix = info.suffix().isEmpty() ? QString() : QLatin1Char('.') + info.suffix();
        const QString base = info.dir().filePath(info.completeBaseName());
        for (int n = 2;; ++n) {
            const QString next = QStringLiteral("%1-%2%3").arg(base).arg(n).arg(suffix);
            if (!taken(next)) {
                say(QStringLiteral("--record %1 holds the recording before the interruption; the resumed show "
                                   "records into %2")
                        .arg(m_cl.recordFile, next));
                m_cl.recordFile = next;
                break;
            }
        }
    }
    QString error;
    if (!m_cl.recordFile.isEmpty() && !RecordingOutput::checkFile(m_cl.recordFile, &error)) {
        say(QStringLiteral("--record %1: %2").arg(m_cl.recordFile, error));
        return false;
    }
    if (!m_cl.showName.isEmpty() && !startShow())
        return false;
    if (m_cl.rehearsal) {
        // No stream: the recording (and the rehearsal's clock) is the show.
        if (!m_show.startRehearsal(&error, m_cl.recordFile)) {
            say(QStringLiteral("--rehearsal: %1").arg(error));
            return false;
        }
        return true;
    }
    if (m_cl.streamUrl.isEmpty()) {
        // A recording-only show: the recording is the show clock.
        if (!m_show.startRecording(m_cl.recordFile, &error)) {
            say(QStringLiteral("--record %1: %2").arg(m_cl.recordFile, error));
            return false;
        }
        return true;
    }
    QList<DestinationSpec> destinations;
    for (const CommandLine::Destination& d : std::as_const(m_cl.destinations)) {
        // Named by number (two destinations may share a host): "#2 live.example.com".
        const QString name = m_cl.destinations.size() > 1
            ? QStringLiteral("#%1 %2").arg(destinations.size() + 1).arg(QUrl(d.url).host())
            : QString();
        destinations.append({ name, { d.url, d.key }, d.videoBitrateKbps, d.canvas });
    }
    if (destinations.isEmpty())
        destinations.append({ {}, { m_cl.streamUrl, m_cl.streamKey }, 0 });
    if (m_cl.uploadKbps) {
        m_show.setUploadKbps(*m_cl.uploadKbps);
        m_uploadWarning = m_show.uploadWarning(destinations);
        if (!m_uploadWarning.isEmpty())
            say(QStringLiteral("warning: --upload-kbps %1: %2").arg(*m_cl.uploadKbps).arg(m_uploadWarning));
    }
    // Issue 11: a refused connect or a drop is retried until the show ends, or --reconnect-tries
    // failed tries in a row (StreamOutput's own schedule: a connect that hangs is abandoned after
    // 10 s and retried, so no overall connect timeout is needed).
    m_show.setReconnectPolicy(m_cl.reconnectTries, 2);
    if (m_cl.libobsReconnectBaseline) {
        m_studio.outputs().setLibobsReconnectBaseline(true); // tests/bench/bench_reconnect's baseline
        say(QStringLiteral("--bench-libobs-reconnect: libobs's own reconnect (the benchmark's baseline)"));
    }
    if (!m_show.goLive(destinations, &error, m_cl.recordFile)) {
        say(error);
        return false;
    }
    startNeverLiveDeadline();
    return true;
}

void HeadlessSession::startNeverLiveDeadline()
{
    // --duration is the show's length on its show clock, from going live (a cue: every cue is
    // reached, the stream and recording are that long). A show that is not live --duration seconds
    // after Go Live (now) never reached anyone: it ends then, as a failure (exit 1, the final line),
    // instead of retrying forever.
    if (!m_cl.durationSeconds)
        return;
    ClockTimer* timer = m_studio.clock().createTimer(this);
    timer->setSingleShot(true);
    connect(timer, &ClockTimer::timeout, this, [this] {
        if (m_stopping || m_finished)
            return;
        if (m_live)
            return; // live: the show clock's --duration cue ends it
        m_neverLive = true;
        QStringList why;
        for (const DestinationStatus& d : m_show.destinations()) {
            const QString lastTry = d.reason.isEmpty() ? d.message : d.reason;
            m_neverLiveReasons.append(lastTry); // for the final line, once the stop has replaced it
            if (!lastTry.isEmpty())
                why.append(QStringLiteral("%1: %2").arg(ObsLog::redact(d.url), lastTry));
        }
        fail(QStringLiteral("the show never went live: no destination accepted the stream within %1 s of Go Live "
                            "(--duration)%2")
                 .arg(*m_cl.durationSeconds)
                 .arg(why.isEmpty() ? QString() : QStringLiteral("; the last try: ") + why.join(QLatin1String("; "))));
    });
    timer->start(std::llround(*m_cl.durationSeconds * 1000.0));
}

void HeadlessSession::onStateChanged(ShowController::State state, const QString& reason)
{
    const ShowController::State was = m_lastState;
    m_lastState = state;
    switch (state) {
    case ShowController::State::Live:
        if (!m_live) {
            m_live = true;
            scheduleCues();
        } else {
            const qint64 now = m_show.showTimeMs();
            const int attempts = m_show.statistics().reconnectAttempts;
            say(QStringLiteral("reconnected at %1 s (%2 s off air, %3 %4 in this show)")
                    .arg(seconds(now), seconds(now - m_droppedAtMs))
                    .arg(attempts)
                    .arg(attempts == 1 ? QStringLiteral("attempt") : QStringLiteral("attempts")));
        }
        break;
    case ShowController::State::Reconnecting:
        // A drop is not a failure: the outputs reconnect by themselves. Say so as it happens (a
        // script watching the show sees it), and fail only if it never heals.
        m_droppedAtMs = m_show.showTimeMs();
        say(QStringLiteral("the connection to %1 dropped at %2 s; reconnecting%3")
                .arg(
                    m_cl.destinations.size() > 1 ? QStringLiteral("every destination") : ObsLog::redact(m_cl.streamUrl),
                    seconds(m_droppedAtMs),
                    m_show.isRecording() ? QStringLiteral(" (the recording goes on)") : QString()));
        break;
    case ShowController::State::Idle:
        // Idle after Ending is the end that was asked for (a rehearsal ends straight to Idle); any
        // other way here is a failure (a refused connect, a stream that was lost for good).
        if (was != ShowController::State::Ending && !(was == ShowController::State::Rehearsal && m_stopping))
            fail(reason);
        finishWhenOutputsStopped();
        break;
    case ShowController::State::Rehearsal:
        if (!m_live) {
            m_live = true;
            scheduleCues();
        }
        break;
    case ShowController::State::Connecting:
    case ShowController::State::Ending:
        break;
    }
}

void HeadlessSession::onRecordingChanged(bool recording, bool failed, const QString& reason)
{
    if (recording) {
        if (m_cl.streamUrl.isEmpty() && !m_live) {
            m_live = true;
            scheduleCues();
        }
        return;
    }
    if (failed) {
        fail(QStringLiteral("recording %1: %2").arg(m_cl.recordFile, reason));
        return;
    }
    finishWhenOutputsStopped();
}

void HeadlessSession::at(double seconds, std::function<void()> action)
{
    // Cues are timed on the show clock (from the moment the stream went live).
    const qint64 delay = std::max<qint64>(0, std::llround(seconds * 1000) - m_show.showTimeMs());
    ClockTimer* timer = m_studio.clock().createTimer(this);
    timer->setSingleShot(true);
    connect(timer, &ClockTimer::timeout, this, [timer, action = std::move(action)] {
        action();
        timer->deleteLater();
    });
    timer->start(delay);
}

void HeadlessSession::scheduleCues()
{
    if (m_cl.durationSeconds)
        at(*m_cl.durationSeconds, [this] { requestStop(); });
    for (const auto& [n, atSeconds] : std::as_const(m_cl.destinationStops)) {
        at(atSeconds, [this, n = n] {
            if (m_stopping)
                return;
            QString error;
            if (!m_show.stopDestination(n - 1, &error))
                say(QStringLiteral("--stop-destination %1: %2").arg(n).arg(error));
            else
                say(QStringLiteral("destination #%1 stopped at %2 s on cue").arg(n).arg(seconds(m_show.showTimeMs())));
        });
    }
    for (const ScheduledPin& pin : std::as_const(m_cl.pins)) {
        at(pin.atSeconds, [this, code = pin.sku] {
            if (!m_stopping)
                m_show.pin(code);
        });
    }
    for (double t : std::as_const(m_cl.unpinTimes)) {
        at(t, [this] {
            if (!m_stopping)
                m_show.unpin();
        });
    }
    for (const ScheduledSwitch& cue : std::as_const(m_cl.switches)) {
        at(cue.atSeconds, [this, scene = cue.scene] {
            if (m_stopping)
                return;
            QString error;
            if (!m_show.switchScene(scene, &error))
                say(QStringLiteral("--switch: %1").arg(error));
            else
                m_switches.append({ m_show.showTimeMs(), scene });
        });
    }
    for (const ScheduledFlashSale& sale : std::as_const(m_cl.flashSales)) {
        at(sale.atSeconds, [this, sale] {
            if (m_stopping)
                return;
            QString error;
            if (!m_show.startFlashSale(sale.sku, sale.durationSeconds, &error))
                say(QStringLiteral("--flash-sale %1: %2").arg(sale.sku, error));
        });
    }
    for (const ScheduledStock& change : std::as_const(m_cl.stockChanges)) {
        at(change.atSeconds, [this, change] {
            if (m_stopping)
                return;
            QString error;
            if (!m_show.setStock(change.sku, change.units, &error))
                say(QStringLiteral("--stock %1: %2").arg(change.sku, error));
        });
    }
    for (const ScheduledAnnouncement& cue : std::as_const(m_cl.announcements)) {
        at(cue.atSeconds, [this, text = cue.text] {
            if (m_stopping)
                return;
            // A line too long for the bar scrolls; one that fits stands still.
            QString error;
            if (!m_show.announce(text, !AnnouncementPainter::fits(text, m_cl.canvas), &error))
                say(QStringLiteral("--announce: %1").arg(error));
        });
    }
    for (double t : std::as_const(m_cl.announcementClearTimes)) {
        at(t, [this] {
            if (!m_stopping)
                m_show.clearAnnouncement();
        });
    }
    if (!m_cl.showName.isEmpty())
        at(0, [this] { runShow(); }); // after the "live" line: the first card is the show's first moment
}

bool HeadlessSession::startShow()
{
    RunOfShow& run = m_studio.runOfShow();
    const QString flag = QStringLiteral("--show %1").arg(m_cl.showName);
    connect(&run, &RunOfShow::actionFailed, this,
        [this, flag](const QString& error) { say(flag + QStringLiteral(": ") + error); });
    QString error;
    if (m_cl.resume) {
        const auto show = ShowBook(m_studio.catalog()).byName(m_cl.showName);
        const auto last = show ? ShowBook(m_studio.catalog()).latestRun(show->id) : std::nullopt;
        if (last && last->endedAt.isEmpty() && last->rehearsal != m_cl.rehearsal) {
            say(QStringLiteral("--resume: the interrupted run of '%1' was %2; %3")
                    .arg(show->name, last->rehearsal ? QStringLiteral("a rehearsal") : QStringLiteral("streamed"),
                        last->rehearsal ? QStringLiteral("add --rehearsal (and --record FILE) to resume it")
                                        : QStringLiteral("leave out --rehearsal to resume it")));
            return false;
        }
        if (!run.resume(m_cl.showName, &error)) {
            say(QStringLiteral("--resume: %1").arg(error));
            return false;
        }
    } else {
        // Refused before a run is stored: an empty queue leaves no run behind in `show list`.
        const ShowBook book(m_studio.catalog());
        const auto show = book.byName(m_cl.showName);
        if (show && show->queue.isEmpty()) {
            say(QStringLiteral("%1: the queue is empty (pinstage show create NAME --add CODE ...)").arg(flag));
            return false;
        }
        const auto last = show ? book.latestRun(show->id) : std::nullopt;
        if (!run.open(m_cl.showName, m_cl.rehearsal, &error)) {
            say(QStringLiteral("%1: %2").arg(flag, error));
            return false;
        }
        // A fresh run replaces an interrupted one (it can no longer be resumed): say so.
        if (last && last->endedAt.isEmpty())
            say(QStringLiteral("%1: the interrupted run of %2 is closed and a new run starts (--resume would have "
                               "continued it)")
                    .arg(flag, last->startedAt));
    }
    m_showOpen = true;
    if (m_cl.autoAdvanceSeconds)
        run.setAutoAdvance(*m_cl.autoAdvanceSeconds);
    else if (!m_cl.resume)
        run.setAutoAdvance(0);
    // After the last card's time: without --duration the show is over; with it the card comes down
    // and the stream goes on without a card until the duration.
    connect(&run, &RunOfShow::finished, this, [this, &run] {
        if (!m_cl.durationSeconds)
            requestStop();
        else
            run.unpin();
    });
    return true;
}

void HeadlessSession::runShow()
{
    RunOfShow& run = m_studio.runOfShow();
    if (m_stopping || !run.isOpen() || run.onAirItem())
        return; // resumed with a card on air: it goes on from there
    QString error;
    if (!run.take(&error)) {
        if (run.nextUpItem() || run.autoAdvanceSeconds() == 0)
            say(QStringLiteral("--show %1: %2").arg(m_cl.showName, error));
        else if (!m_cl.durationSeconds)
            requestStop(); // resumed after the last card: nothing left to show
    }
}

void HeadlessSession::requestStop()
{
    if (m_stopping) {
        // A second SIGINT/SIGTERM while the recording is remuxed: stop it (the recording is kept,
        // the half-written MP4 removed) rather than make a supervisor kill us mid-file.
        if (m_remux && m_remux->isRunning()) {
            say(QStringLiteral("stopping the remux: the recording is kept as it was"));
            m_remux->cancel();
        }
        return;
    }
    m_stopping = true;
    if (!m_show.isStreaming() && !m_show.isRecording()) {
        finish(m_exitCode);
        return;
    }
    m_stopTimeout->start(kStopTimeoutMs);
    m_show.endShow(true);
}

void HeadlessSession::fail(const QString& message)
{
    if (m_failure.isEmpty()) {
        m_failure = message;
        say(message);
    }
    m_exitCode = 1;
    m_stopping = false; // let requestStop run its course once
    requestStop();
}

void HeadlessSession::finishWhenOutputsStopped()
{
    if (m_stopping && !m_show.isStreaming() && !m_show.isRecording())
        finish(m_exitCode);
}

bool HeadlessSession::finishRecording(int exitCode)
{
    const QString recording = m_show.recordingFile().isEmpty() ? m_cl.recordFile : m_show.recordingFile();
    if (m_remux || recording.isEmpty() || !QFileInfo(recording).isFile() || m_show.isRecording())
        return false;
    RemuxRequest request;
    request.recording = recording;
    request.showLog = m_studio.showLog().filePath();
    request.keepOriginal = m_cl.keepOriginalRecording;
    request.clips = m_cl.clips;
    m_remux = new RemuxJob(this);
    connect(m_remux, &RemuxJob::progress, this, [this](const QString& file, const QString& step, double fraction) {
        // A line a quarter (a long show's remux takes a while); every clip as it is cut.
        if (step == QLatin1String("remux")) {
            const int quarter = int(fraction * 4);
            if (quarter == m_remuxQuarter)
                return;
            m_remuxQuarter = quarter;
            say(QStringLiteral("remuxing the recording to %1: %2%").arg(file).arg(quarter * 25));
        } else if (fraction < 1.0) {
            say(QStringLiteral("cutting the clip %1").arg(file));
        }
    });
    connect(m_remux, &RemuxJob::finished, this, [this, exitCode](const RemuxResult& result) {
        m_remuxResult = result;
        if (!result.warning.isEmpty())
            say(result.warning);
        if (!result.ok && result.mp4.isEmpty())
            say(QStringLiteral("the recording was not remuxed: %1").arg(result.error));
        else if (!result.ok)
            say(QStringLiteral("recording saved as %1 with %2, but the clips were not cut: %3")
                    .arg(result.mp4)
                    .arg(countOf(result.chapters.size(), QStringLiteral("chapter"), QStringLiteral("chapters")))
                    .arg(result.error));
        else if (!result.mp4.isEmpty())
            say(QStringLiteral("recording saved as %1 with %2 (%3 s)%4")
                    .arg(result.mp4)
                    .arg(countOf(result.chapters.size(), QStringLiteral("chapter"), QStringLiteral("chapters")))
                    .arg(seconds(result.remuxMs))
                    .arg(result.clips.isEmpty()
                            ? QString()
                            : QStringLiteral("; %1 in %2")
                                  .arg(countOf(result.clips.size(), QStringLiteral("clip"), QStringLiteral("clips")),
                                      result.clipsFolder)));
        finish(exitCode);
    });
    QString error;
    if (!m_remux->start(request, &error)) {
        say(error);
        return false;
    }
    return true;
}

void HeadlessSession::finish(int exitCode)
{
    if (m_finished)
        return;
    m_stopTimeout->stop();
    if (finishRecording(exitCode))
        return; // back here when the remux is done
    m_finished = true;
    QJsonObject showFields;
    if (m_showOpen) {
        RunOfShow& run = m_studio.runOfShow();
        showFields = { { QStringLiteral("show"), run.show().name }, { QStringLiteral("run"), run.run().id },
            { QStringLiteral("rehearsal"), run.isRehearsal() }, { QStringLiteral("show_log"), run.run().logFile } };
        // An end that was asked for (--duration, the queue's end, SIGINT/SIGTERM: the operator's,
        // even when the outputs had to be forced to stop) closes the run; a failure (the stream
        // lost for good, the recording failed) keeps it resumable (--resume), as a crash or kill -9.
        if (exitCode == 0 || m_failure.isEmpty())
            run.close();
        m_showOpen = false;
    }
    // The statistics line ends every show that went to its destinations, a failed one too (a
    // destination given up, refused or lost: exit code 1, its state "failed" with the message).
    if (exitCode == 0 || !m_show.destinations().isEmpty()) {
        const OutputStats stats = m_show.statistics();
        QJsonObject line = stats.toJson(stats.averageBitrateKbps());
        QJsonArray cues;
        for (const PinEvent& e : m_show.pinEvents()) {
            QJsonObject cue;
            cue.insert(QStringLiteral("t"), std::round(e.showMs / 10.0) / 100.0);
            cue.insert(QStringLiteral("action"), e.pinned ? QStringLiteral("pin") : QStringLiteral("unpin"));
            cue.insert(QStringLiteral("sku"), e.code);
            cues.append(cue);
        }
        line.insert(QStringLiteral("pins"), cues);
        QJsonArray switches;
        for (const auto& [atMs, scene] : std::as_const(m_switches))
            switches.append(QJsonObject {
                { QStringLiteral("t"), std::round(atMs / 10.0) / 100.0 }, { QStringLiteral("scene"), scene } });
        line.insert(QStringLiteral("switches"), switches);
        const auto stamp = [](qint64 ms) { return std::round(ms / 10.0) / 100.0; };
        QJsonArray sales;
        for (const SaleEvent& e : m_show.saleEvents()) {
            QJsonObject cue { { QStringLiteral("t"), stamp(e.showMs) },
                { QStringLiteral("action"), e.started ? QStringLiteral("start") : QStringLiteral("end") },
                { QStringLiteral("sku"), e.code }, { QStringLiteral("duration_s"), e.durationSeconds } };
            if (!e.started) {
                cue.insert(QStringLiteral("reason"), e.reason);
                cue.insert(QStringLiteral("sold"), e.sold);
            }
            sales.append(cue);
        }
        line.insert(QStringLiteral("sales"), sales);
        QJsonArray announcements;
        for (const AnnouncementEvent& e : m_show.announcementEvents()) {
            QJsonObject cue { { QStringLiteral("t"), stamp(e.showMs) },
                { QStringLiteral("action"), e.text.isEmpty() ? QStringLiteral("clear") : QStringLiteral("announce") } };
            if (!e.text.isEmpty()) {
                cue.insert(QStringLiteral("text"), e.text);
                cue.insert(QStringLiteral("scrolling"), e.scrolling);
            }
            announcements.append(cue);
        }
        line.insert(QStringLiteral("announcements"), announcements);
        QJsonArray stock;
        for (const StockEvent& e : m_show.stockEvents()) {
            QJsonObject cue { { QStringLiteral("t"), stamp(e.showMs) }, { QStringLiteral("sku"), e.code },
                { QStringLiteral("stock"), e.stock } };
            if (e.sold)
                cue.insert(QStringLiteral("sold"), *e.sold);
            stock.append(cue);
        }
        line.insert(QStringLiteral("stock"), stock);
        if (!m_cl.recordFile.isEmpty())
            line.insert(QStringLiteral("recording"), m_cl.recordFile);
        if (m_remux) {
            const RemuxResult& r = m_remuxResult;
            if (!r.mp4.isEmpty()) {
                line.insert(QStringLiteral("recording_mp4"), r.mp4);
                line.insert(QStringLiteral("remux_ms"), r.remuxMs);
                line.insert(QStringLiteral("chapters"), int(r.chapters.size()));
                line.insert(QStringLiteral("original_removed"), r.originalRemoved);
            }
            if (m_cl.clips)
                line.insert(QStringLiteral("clips"), QJsonArray::fromStringList(r.clips));
            if (!r.error.isEmpty())
                line.insert(QStringLiteral("remux_error"), r.error);
        }
        line.insert(QStringLiteral("encoder_profile"), EncoderSettings::profileName(m_cl.encoderProfile));
        // Several destinations (issue 11): one entry each, in the order of --stream-url.
        const QList<DestinationStatus> destinations = m_show.destinations();
        if (!destinations.isEmpty()) {
            QJsonArray list;
            for (qsizetype i = 0; i < destinations.size(); ++i) {
                const DestinationStatus& d = destinations.at(i);
                // Over the time it was connected (all its connections, restarts included); outputs that
                // do not keep that time: over the show.
                const double seconds = d.liveMs > 0 ? d.liveMs / 1000.0 : stats.streamSeconds;
                const double kbps = seconds > 0 ? d.bytes * 8.0 / 1000.0 / seconds : 0.0;
                QJsonObject o { { QStringLiteral("url"), ObsLog::redact(d.url) },
                    { QStringLiteral("state"), DestinationStatus::stateName(d.state) },
                    { QStringLiteral("bytes"), static_cast<qint64>(d.bytes) },
                    { QStringLiteral("frames"), static_cast<qint64>(d.frames) },
                    { QStringLiteral("dropped"), static_cast<qint64>(d.dropped) },
                    { QStringLiteral("reconnects"), d.reconnects },
                    { QStringLiteral("bitrate_kbps"), std::round(kbps * 10) / 10 },
                    { QStringLiteral("live_s"), std::round(d.liveMs / 100.0) / 10 },
                    { QStringLiteral("video_bitrate_kbps"), d.videoBitrateKbps },
                    { QStringLiteral("encoder"), d.encoder },
                    { QStringLiteral("canvas"), destinationCanvasName(d.canvas) } };
                if (d.state == DestinationStatus::State::Failed) {
                    o.insert(QStringLiteral("message"), ObsLog::redact(d.message));
                } else if (m_neverLive && d.liveMs == 0) {
                    // Stopped by the --duration deadline without ever going live: a failure for the
                    // script reading this line too (the trial found "stopped" with no reason).
                    o.insert(QStringLiteral("state"), QStringLiteral("failed"));
                    o.insert(QStringLiteral("message"),
                        ObsLog::redact(QStringLiteral("never went live within --duration; the last try: %1")
                                           .arg(m_neverLiveReasons.value(i))));
                }
                list.append(o);
            }
            line.insert(QStringLiteral("destinations"), list);
        }
        if (!m_uploadWarning.isEmpty())
            line.insert(QStringLiteral("upload_warning"), m_uploadWarning);
        for (auto it = showFields.constBegin(); it != showFields.constEnd(); ++it)
            line.insert(it.key(), it.value());
        m_out << QJsonDocument(line).toJson(QJsonDocument::Compact) << "\n";
        m_out.flush();
    }
    emit finished(exitCode);
}

} // namespace pinstage
