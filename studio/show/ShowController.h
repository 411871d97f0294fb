// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "catalog/Catalog.h"
#include "output/OutputStats.h"
#include "output/ShowOutputs.h"
#include "output/StreamTarget.h"
#include "show/CardStage.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace pinstage {

class Clock;
class ClockTimer;
class ShowLog;
class ShowOutputs;

/// One change of the card on the program, stamped with the show clock.
struct PinEvent {
    qint64 showMs = 0; ///< show time of the change
    bool pinned = false; ///< true: a card was put up; false: taken down
    bool onAir = false; ///< streamed to viewers (false: staged in the preview only)
    QString code; ///< the pin code (SKU or handle[/values]) of the variant
    QString price; ///< the price shown on the card at that moment
};

/// A flash sale started or ended, stamped with the show clock.
struct SaleEvent {
    qint64 showMs = 0;
    bool started = false; ///< true: started; false: ended
    QString code; ///< the pin code the sale was started with
    int durationSeconds = 0;
    int sold = 0; ///< units sold during the sale so far (from stock changes)
    /// How it ended: "time" (the countdown reached zero), "unpinned", "replaced" (another product
    /// was pinned or put on sale); empty for a start.
    QString reason;
};

/// An announcement set (TEXT not empty) or cleared, stamped with the show clock.
struct AnnouncementEvent {
    qint64 showMs = 0;
    QString text; ///< empty: the bar was cleared
    bool scrolling = false;
};

/// A live stock change, stamped with the show clock.
struct StockEvent {
    qint64 showMs = 0;
    QString code;
    int stock = 0;
    std::optional<int> sold; ///< units sold in the running or ended flash sale of that product
};

/// The one owner of a show's state. Every front end (the window, headless mode, and later the
/// queue, hotkeys, the control API and crash resume) sends it requests and renders its signals;
/// none keeps on-air state of its own or calls a libobs output.
///
/// States: Idle → (goLive) Connecting → Live ⇄ Reconnecting → (endShow) Ending → Idle;
/// Idle → (startRehearsal) Rehearsal → (endShow) Idle, or → (goLive) Connecting. A refused
/// connect returns to where it came from (Idle or Rehearsal). Each change is one stateChanged()
/// with a human reason.
///
/// The show clock (showTimeMs) counts from the moment the stream went live; in a rehearsal from
/// its start; while only recording from the recording's start; 0 otherwise. It comes from the
/// Clock seam, so tests drive it by hand. Every change goes to the show log as it happens.
///
/// Thread contract: main thread. Outputs and the card stage deliver their results there.
class ShowController : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Rehearsal, Connecting, Live, Reconnecting, Ending };
    Q_ENUM(State)
    /// Where the card is: nowhere, in the preview only (nothing streams, or the stream is
    /// reconnecting and viewers see a frozen picture), or on air.
    enum class CardState { None, Staged, OnAir };
    Q_ENUM(CardState)

    /// LOG may be null (no show log). All references must outlive the controller.
    ShowController(ShowOutputs& outputs, CardStage& cards, Clock& clock, ShowLog* log, QObject* parent = nullptr);
    ~ShowController() override;

    State state() const { return m_state; }
    /// True in Connecting, Live, Reconnecting and Ending: a stream exists.
    bool isStreaming() const;
    static QString stateName(State state);

    /// Starts connecting to TARGET (from Idle or Rehearsal). Returns false with *error (naming the
    /// field, never the key) when the request is refused at once; a refused connect arrives later
    /// as stateChanged(back, reason). RECORD_FILE, when not empty, starts recording there once the
    /// stream is live (after the stream, so the stream gets the first keyframe); its folder is
    /// checked now.
    bool goLive(const StreamTarget& target, QString* error, const QString& recordFile = {});
    /// Ends the stream (Connecting, Live, Reconnecting → Ending → Idle) or the rehearsal
    /// (→ Idle). STOP_RECORDING also stops the local recording (headless ends everything; the
    /// window keeps recording unless asked).
    void endShow(bool stopRecording = false);
    /// Runs the show with preview and, when RECORD_FILE is given, a local recording, but nothing
    /// streamed. From Idle only.
    bool startRehearsal(QString* error, const QString& recordFile = {});

    bool startRecording(const QString& file, QString* error);
    void stopRecording();
    bool isRecording() const { return m_recording; }
    /// The file of the recording in progress or the last one; empty before the first.
    QString recordingFile() const { return m_recordingFile; }

    /// Puts the card of CODE (a pin code: SKU, barcode, or handle[/option values]) on the program
    /// (staged while not live), with the prices valid now. The result arrives as cardChanged() or
    /// pinFailed(). Works in every state. While the card is up, a scheduled sale that starts or
    /// ends repaints it at that moment (show log: "price_changed").
    void pin(const QString& code);
    void unpin();
    /// Paints the card of CODE off air (CardStage::prepare) so that a later pin() of it shows at
    /// once; nothing is shown or logged. The run of show calls it for Next up.
    void prepareCard(const QString& code) { m_cards.prepare(code); }
    /// The variant whose card is up (on air or staged), if any.
    const std::optional<VariantRow>& card() const { return m_card; }
    /// Whether CODE (a SKU, barcode or pin code) names the card up now: the code it was pinned
    /// with, its SKU or its pin code. False when no card is up.
    bool isCardCode(const QString& code) const;
    CardState cardState() const;
    const QList<PinEvent>& pinEvents() const { return m_pinEvents; }

    /// Flash sale: pins CODE (when its card is not already up; an empty CODE means the card that is
    /// up) and shows a mm:ss countdown of DURATION_SECONDS over the card, one step a second of the
    /// show's Clock (a patch over the card: a tick never repaints it). At zero the card shows the
    /// regular price without compare-at and the banner "Sale ended" (the countdown says "SALE
    /// ENDED") until it is unpinned. Pinning another product or unpinning ends the sale (reason
    /// "replaced" / "unpinned"); a new sale replaces a running one. During the sale, the prices are
    /// the catalog's (a sale price the shop has counts). Show log: "flash_sale_started" and
    /// "flash_sale_ended". Returns false with *error when DURATION_SECONDS is not 1 s to 24 h or
    /// when CODE is empty and no card is up.
    bool startFlashSale(const QString& code, int durationSeconds, QString* error);
    /// Resume after a crash (RunOfShow::resume): the flash sale of CODE that was running with
    /// REMAINING_MS milliseconds left of DURATION_SECONDS (ENDED: its countdown had reached zero and
    /// the card showed "Sale ended"), SOLD units sold so far. Pins CODE like startFlashSale() and
    /// counts down from REMAINING_MS. Show log: "flash_sale_resumed" (not a new start). Returns false
    /// with *error for a duration that is not 1 s to 24 h, a REMAINING_MS outside 0..DURATION or an
    /// empty CODE.
    bool resumeFlashSale(
        const QString& code, int durationSeconds, qint64 remainingMs, bool ended, int sold, QString* error);
    /// The running or ended flash sale of the card up, if any.
    struct FlashSale {
        QString code;
        int durationSeconds = 0;
        int remainingSeconds = 0;
        bool ended = false;
        int sold = 0;
        qint64 remainingMs = 0; ///< to the millisecond (0 once ended); remainingSeconds is what the card shows
    };
    std::optional<FlashSale> flashSale() const;
    const QList<SaleEvent>& saleEvents() const { return m_saleEvents; }

    /// Live stock: CODE (as pinned: SKU or pin code) has UNITS left from now on. The card up is
    /// painted again when it is that product; a later pin of the same code shows it. While a flash
    /// sale of that product runs, a decrease counts as sold ("N sold" on the card,
    /// CardContent::soldCount); increases (restocks) count nothing. Show log: "stock". Returns false
    /// with *error when CODE is empty.
    bool setStock(const QString& code, int units, QString* error);
    const QList<StockEvent>& stockEvents() const { return m_stockEvents; }

    /// Announcement bar: shows TEXT (trimmed; 1-500 characters), SCROLLING or static, until
    /// clearAnnouncement() or the next announce(). Show log: "announcement" / "announcement_cleared".
    /// Returns false with *error for an empty or too long TEXT.
    bool announce(const QString& text, bool scrolling, QString* error);
    void clearAnnouncement();
    QString announcement() const { return m_announcement; }
    const QList<AnnouncementEvent>& announcementEvents() const { return m_announcementEvents; }

    /// See the class comment. Milliseconds.
    qint64 showTimeMs() const;
    /// The clock the show runs on (the Clock seam): what shows the show time ticks on it too.
    Clock& clock() const { return m_clock; }
    /// The time the show log stamps an event with ("t_ms"), in milliseconds: the show clock while
    /// it runs; once a show ended, the time it ended, so events written after the end ("run_ended",
    /// a late "stream_stopped") sit at the show's end rather than at 0. 0 before the first show.
    qint64 logTimeMs() const;
    /// Milliseconds on air of the last show, from going live to End show (a rehearsal: its
    /// length); 0 before the first one or for a show that never went live. Set when it ends.
    qint64 lastShowMs() const { return m_lastShowMs; }
    /// The position in the local recording in progress (milliseconds since it started); -1 when
    /// nothing records. The show log writes it as "rec_ms".
    qint64 recordingTimeMs() const;
    /// The outputs' counters now, with streamSeconds from the show clock (the last show's time on
    /// air once it ended). Each reader derives its own rates from two snapshots (StatsBar: over at least RateSpanMs).
    OutputStats statistics() const;

    /// Puts SCENE on the program (with the scene collection's transition), logs it ("scene") and
    /// emits programSceneChanged(). Returns false with *error (naming the scene and the ones that
    /// exist) when there is no such scene or no scene switcher was set. Works in every state.
    bool switchScene(const QString& scene, QString* error);
    /// How switchScene() reaches the program: Studio sets the scene collection's switch; unit
    /// tests set a fake. SWITCHER returns false and sets its error when it cannot switch.
    using SceneSwitcher = std::function<bool(const QString& scene, QString* error)>;
    void setSceneSwitcher(SceneSwitcher switcher) { m_switchScene = std::move(switcher); }

    /// Passed on to the outputs at the next goLive() (see ShowOutputs::setReconnectPolicy).
    void setReconnectPolicy(int maxRetries, int firstDelaySeconds);

    // --- Several destinations (issue 11 items 1 and 8) ------------------------------------------

    /// Goes live to every destination of DESTINATIONS at once (see goLive(target) for the rest).
    /// The show is live while at least one destination is (ShowOutputs::startStreams has the
    /// rule); a destination that fails or drops alone is logged ("destination_failed",
    /// "destination_reconnecting", …) and announced with destinationChanged(), and the show goes
    /// on. With several destinations the show log gets a "stream_health" line every
    /// healthIntervalMs() of show time. When the destinations need more upload than
    /// uploadKbps(), "upload_warning" is logged (front ends ask uploadWarning() first and warn).
    bool goLive(const QList<DestinationSpec>& destinations, QString* error, const QString& recordFile = {});
    /// Stops destination INDEX (0-based) alone while the show runs; the show goes on while another
    /// is live (stopping the last one ends the show). False with *error naming it.
    bool stopDestination(int index, QString* error);
    /// Starts destination INDEX again while the show runs (after it failed or was stopped).
    bool restartDestination(int index, QString* error);
    /// The destinations of the current (or last) show with their states and counters now.
    QList<DestinationStatus> destinations() const { return m_outputs.destinations(); }
    /// The upload the seller measured or entered, kbit/s (0: unknown: no warning).
    void setUploadKbps(int kbps) { m_uploadKbps = kbps > 0 ? kbps : 0; }
    int uploadKbps() const { return m_uploadKbps; }
    /// The warning for DESTINATIONS against uploadKbps() (see pinstage::uploadWarning); empty
    /// when they fit or the upload is unknown.
    QString uploadWarning(const QList<DestinationSpec>& destinations) const;
    /// Show time between two "stream_health" lines in the show log (10 s).
    static constexpr qint64 healthIntervalMs() { return 10000; }

    /// "Reconnect now": while Reconnecting (or Connecting after a refused connect), tries at once
    /// instead of waiting for the next attempt: destination INDEX (0-based), or every destination
    /// waiting for one (-1). False when no attempt was waiting. Logs "reconnect_now".
    bool reconnectNow(int index = -1);

signals:
    void stateChanged(pinstage::ShowController::State state, const QString& reason);
    /// FAILED: the recording could not start or stopped on an error (REASON says which); false for a
    /// start or a stop that was asked for.
    void recordingChanged(bool recording, bool failed, const QString& reason);
    /// The card on the program changed (VARIANT empty: no card).
    void cardChanged(const std::optional<pinstage::VariantRow>& variant, pinstage::ShowController::CardState state);
    void pinFailed(const QString& code, const QString& error);
    /// SCENE is on the program from now on.
    void programSceneChanged(const QString& scene);
    /// The flash sale's countdown shows REMAINING_SECONDS, or it ENDED; ACTIVE false: no sale any more.
    void flashSaleChanged(bool active, int remainingSeconds, bool ended);
    /// The announcement bar shows TEXT (empty: nothing).
    void announcementChanged(const QString& text, bool scrolling);
    /// Destination INDEX changed (STATUS: its state now; see destinations()).
    void destinationChanged(int index, const pinstage::DestinationStatus& status);

private:
    void setState(State state, const QString& reason);
    void onStreamStarted();
    void onStreamStopped(int code, const QString& message);
    void onReconnecting();
    void onReconnected();
    void onRecordingStarted();
    void onRecordingStopped(int code, const QString& message);
    void onStaged(quint64 request, const VariantRow& variant, const QString& price);
    void schedulePriceChange();
    void onPriceChange();
    void log(const QString& event, const QJsonObject& fields = {});
    void stageCard(const QString& code, bool refresh, bool logRefresh);
    void onSaleTick();
    void endSale(const QString& reason);
    void startClock();
    void onConnectionEvent(const QString& event, const QJsonObject& fields);

    ShowOutputs& m_outputs;
    CardStage& m_cards;
    Clock& m_clock;
    ShowLog* m_log;
    ClockTimer* m_priceTimer; // fires when a scheduled sale of the card up starts or ends
    bool m_refreshing = false; // the latest request repaints the card up for a new price
    QDateTime m_requestedAt; // when the latest card request was made (its prices are those then)
    State m_state = State::Idle;
    State m_stateBeforeConnect = State::Idle;
    qint64 m_clockStartMs = -1; // monotonic ms at show time 0; -1: no show clock running
    qint64 m_lastShowMs = 0; // time on air of the last show, once it ended
    bool m_recording = false; // from a successful start until recordingStopped
    bool m_recordingRequested = false;
    bool m_rehearsalRecording = false; // the rehearsal started the recording (and ends it)
    qint64 m_recordingStartMs = -1;
    QString m_recordingFile;
    QString m_recordOnLive;
    QString m_host;
    std::optional<VariantRow> m_card;
    quint64 m_lastRequest = 0;
    QList<PinEvent> m_pinEvents;
    OutputStats m_final;
    SceneSwitcher m_switchScene;
    bool m_hasFinal = false;
    QString m_lastCode; // the code of the latest pin request
    QString m_cardCode; // the code the card on the program was pinned with
    bool m_logRefresh = true; // the refresh being painted is logged as "price_changed"
    CardOverrides m_overrides; // what the show changes on the card up (or being pinned)
    QHash<QString, int> m_stock; // live stock by the code it was set with
    struct Sale {
        QString code;
        int durationSeconds = 0;
        qint64 endMonotonicMs = 0;
        int remaining = 0;
        int sold = 0;
        bool ended = false;
    };
    std::optional<Sale> m_sale;
    ClockTimer* m_saleTimer; // one tick a second while a flash sale counts down
    QList<SaleEvent> m_saleEvents;
    QList<StockEvent> m_stockEvents;
    QString m_announcement;
    QList<AnnouncementEvent> m_announcementEvents;
    // Several destinations.
    void onDestinationChanged(int index);
    void logHealth();
    int m_uploadKbps = 0;
    int m_destinationCount = 0; // of the current (or last) show
    QList<DestinationStatus::State> m_destinationStates; // as last logged
    ClockTimer* m_healthTimer = nullptr;
    QList<DestinationStatus> m_lastHealth; // the previous "stream_health" sample
};

} // namespace pinstage
