// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "output/EncoderSettings.h"
#include "output/ShowOutputs.h"

#include <QList>
#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

namespace pinstage {

/// A product to pin at a stream time: `--pin SKU@SECONDS`.
struct ScheduledPin {
    QString sku;
    double atSeconds = 0;
};

/// A scene to put on the program at a stream time: `--switch SCENE@SECONDS`.
struct ScheduledSwitch {
    QString scene;
    double atSeconds = 0;
};

/// A flash sale at a stream time: `--flash-sale SKU@SECONDS+DURATION`.
struct ScheduledFlashSale {
    QString sku;
    double atSeconds = 0;
    int durationSeconds = 0;
};

/// An announcement at a stream time: `--announce TEXT@SECONDS`.
struct ScheduledAnnouncement {
    QString text;
    double atSeconds = 0;
};

/// A live stock change at a stream time: `--stock SKU=N@SECONDS`.
struct ScheduledStock {
    QString sku;
    int units = 0;
    double atSeconds = 0;
};

/// The parsed command line of `pinstage` (not of `pinstage catalog …`, see CatalogCommand.h).
/// Parsing is pure: no file is touched and nothing starts, so it is tested on its own.
struct CommandLine {
    enum class Mode { Gui, Headless, Help, Version };

    Mode mode = Mode::Gui;
    QString streamUrl;
    QString streamKey; ///< secret: never print it (trimmed, StreamKey's rule)
    /// Where the key came from, as errors name it: "--stream-key", "--stream-key-file FILE",
    /// "PINSTAGE_STREAM_KEY" or "--stream-url" (split from the URL); empty without a key.
    QString streamKeySource;
    /// Lines to say on stderr before starting (e.g. the key was split from --stream-url); they
    /// never hold the key.
    QStringList notes;
    std::optional<double> durationSeconds;
    QString recordFile;
    QSize canvas { 1080, 1920 };
    int fps = 30;
    QList<ScheduledPin> pins; ///< sorted by time
    QList<double> unpinTimes; ///< sorted
    QString dataDir; ///< empty: the default data folder
    QString camera; ///< empty: first V4L2 device; "none": test pattern
    QString title; ///< show title drawn on the program; empty: the default
    QString microphone; ///< empty: the system's default input; "none": no microphone
    QString sceneCollectionFile; ///< empty: DATA_DIR/scenes.json
    QString startScene; ///< empty: the collection's start scene
    QList<ScheduledSwitch> switches; ///< sorted by time
    QString cardTemplate; ///< `--card-template NAME`; empty: the default template
    QList<ScheduledFlashSale> flashSales; ///< sorted by time
    QList<ScheduledAnnouncement> announcements; ///< sorted by time
    QList<double> announcementClearTimes; ///< sorted
    QList<ScheduledStock> stockChanges; ///< sorted by time
    QString promoCode; ///< `--promo-code TEXT` (checked: CardExtras::checkPromoCode); empty: the settings'
    QString shopUrl; ///< `--shop-url URL` (checked: CardExtras::checkShopUrl); empty: the settings'

    bool verbose = false;
    /// `--show NAME` (headless): run the show's queue, taking its cards in order (issue 10).
    QString showName;
    /// `--auto-advance SECONDS` (with --show): take the next card every SECONDS (1-86400); nullopt:
    /// the first card stays up until --duration.
    std::optional<int> autoAdvanceSeconds;
    /// `--resume` (with --show): continue the show's interrupted run where it stopped.
    bool resume = false;
    /// `--rehearsal` (with --show and --record): no stream, only the local recording; the run and
    /// its show log are marked as a rehearsal.
    bool rehearsal = false;
    /// `--clips` (headless, with --record): cut one clip per product from the remuxed recording.
    bool clips = false;
    /// Settings [recording] keep_original (not a flag): keep FILE after its MP4 was verified.
    bool keepOriginalRecording = true;
    /// `--keyframe-seconds N` (1-10): the encoder's keyframe interval; nullopt: the default (2 s).
    std::optional<int> keyframeSeconds;
    /// `--encoder-profile live-selling|quality` (default live selling: no B-frames, no lookahead).
    EncoderSettings::Profile encoderProfile = EncoderSettings::Profile::LiveSelling;

    /// One `--stream-url` with its key (the Nth key flag belongs to the Nth URL) and its
    /// `--stream-bitrate` (issue 11: several destinations at once).
    struct Destination {
        QString url;
        QString key; ///< secret: never print it
        QString keySource; ///< as errors name it: "--stream-key #2", "--stream-key-file #2 FILE", …
        int videoBitrateKbps = 0; ///< 0: the show's bitrate (shared encoder)
        /// `--stream-canvas vertical|horizontal` (the Nth for the Nth URL): the picture it receives.
        DestinationCanvas canvas = DestinationCanvas::Vertical;
    };
    /// Every destination in the order given; destinations[0] is streamUrl / streamKey /
    /// streamKeySource. Empty without --stream-url.
    QList<Destination> destinations;
    /// `--upload-kbps N`: the upload the seller measured, kbit/s; when the destinations need more,
    /// a warning goes to stderr, the show log and the final JSON line ("upload_warning").
    std::optional<int> uploadKbps;
    /// `--stop-destination N@SECONDS` (headless, repeatable): stop destination N (1-based, the Nth
    /// --stream-url) alone at that stream time; the others go on. Sorted by time.
    QList<std::pair<int, double>> destinationStops;
    /// `--horizontal-canvas WxH`: the horizontal second canvas's size (issue 11); nullopt: 1920x1080.
    std::optional<QSize> horizontalCanvas;
    /// `--horizontal-scene NAME`: the collection's scene on the horizontal canvas; empty: its first
    /// scene made for that canvas, else a default one added on first use.
    QString horizontalScene;
    /// `--reconnect-tries N` (headless, issue 11): a destination gives up after N failed tries in
    /// a row (after a drop, or while its first connect is refused); 0 (the default): never.
    int reconnectTries = 0;
    /// `--bench-libobs-reconnect` (headless; for tests/bench/bench_reconnect only, not in --help): the
    /// destinations use libobs's own reconnect instead of Pinstage's, the baseline the benchmark
    /// compares against (StreamOutput::ReconnectPolicy::libobsBaseline).
    bool libobsReconnectBaseline = false;

    /// Parses ARGS (argv including the program name). On bad input returns nullopt and sets
    /// *error to one line naming the flag (or the key's source) and what was expected. Reads the
    /// --stream-key-file and, when a --stream-url needs a key that no flag gave, PINSTAGE_STREAM_KEY.
    static std::optional<CommandLine> parse(const QStringList& args, QString* error);
    /// The card template names `--card-template` accepts (until the templates land: lower-third,
    /// corner, spotlight).
    static QStringList cardTemplateNames();
    /// The --help text (the README documents the same).
    static QString usage();
};

} // namespace pinstage
