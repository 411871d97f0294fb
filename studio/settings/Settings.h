// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "obs/VideoSettings.h"
#include "output/EncoderSettings.h"
#include "output/VideoBitrate.h"
#include "overlay/CardExtras.h"
#include "overlay/CardTheme.h"
#include "settings/IniDocument.h"
#include "settings/StreamDestination.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace pinstage {

/// The one typed registry of Pinstage's settings, kept in an INI file (by default
/// <AppConfigLocation>/pinstage.ini; the app passes the path, tests pass a temporary one).
///
/// What it holds today: the streaming destinations (name and server URL, and which one is
/// selected), the last import folder, the recording folder and the product card (`[card]`: template,
/// price locale, brand theme). Every value has a typed getter
/// with its default and a setter; nothing else reads or writes the file.
///
/// **It never holds a stream key.** It has no API that could store one; keys live in a
/// SecretStore. A key found in the file (hand-written, or an old layout) is dropped on load with
/// a warning, so the next save() removes it from disk.
///
/// Versions (the `version` key of `[general]`), each migrated in order on load:
///   - 0: no version key. `[general] stream_url=…`, `last_import_dir=…` (one unnamed destination).
///   - 1: `[destination/N] name=…, url=…` sections; `[general] selected=<N>`, `last_import_dir=…`.
///   - 2 (current): `[general] selected_destination=<name>`, `last_import_folder=…`,
///     `recording_folder=…`; destinations as in 1, and since platform presets each may carry
///     `preset=<PlatformPreset id>` (a destination without it is "custom"; older Pinstages keep
///     the key as an unknown one, so the version stays 2).
/// Keys it does not know are kept as they are and written back.
///
/// **A file it cannot use is refused, never overwritten.** A file that cannot be read, is not a
/// valid INI file (load() names the line) or was written by a newer Pinstage (a higher version)
/// leaves this object on defaults and read-only: save() refuses and says why, and the file stays
/// byte for byte as it was, so nothing the seller stored is lost. Before the first save over a
/// file of an older version, a copy is kept as `<file>.v<N>.bak`.
///
/// save() is atomic (QSaveFile: a temporary file renamed over the old one), so a crash or a full
/// disk never leaves half a file.
///
/// Thread contract: not thread-safe; use from one thread (the main thread in the app).
class Settings {
public:
    static constexpr int CurrentVersion = 2;

    explicit Settings(const QString& filePath);

    /// <AppConfigLocation>/pinstage.ini (set the application name first).
    static QString defaultFilePath();
    QString filePath() const { return m_path; }

    /// Reads the file. A missing file is not an error (defaults). Returns false and sets *error
    /// (naming the file, and the line when known) when the file is refused; see the class comment.
    bool load(QString* error = nullptr);
    /// Writes the file atomically. Refuses (false, *error) after a refused load.
    bool save(QString* error = nullptr);

    /// Why the file was refused by the last load(); empty when it was not.
    QString loadError() const { return m_loadError; }
    /// Problems that did not stop the load, each naming the file, line and field (a destination
    /// without a URL, a stream key removed from the file, …).
    QStringList warnings() const { return m_warnings; }
    /// False after a refused load: save() would refuse.
    bool isWritable() const { return m_loadError.isEmpty(); }
    /// True when the loaded file was migrated or cleaned and should be saved again.
    bool needsSave() const { return m_needsSave; }
    /// The version found in the file by the last load() (before migrating; CurrentVersion when there was no file).
    int fileVersion() const { return m_fileVersion; }

    // --- streaming destinations ------------------------------------------------------------
    /// The usable destinations, in file order (entries without a name or URL are skipped with a warning).
    QList<StreamDestination> destinations() const;
    std::optional<StreamDestination> destination(const QString& name) const;
    /// Adds DESTINATION, or changes the URL and preset of the one with its name. An empty name or
    /// URL is ignored (returns true: nothing to store). Returns false, stores nothing and says why in
    /// ERROR (naming the field) when the URL holds a secret this plain file must never hold: user
    /// info, or a secret query value (IngestUrl::secretQueryValues: an SRT passphrase or streamid, a
    /// signed URL's sign=, a token). The key belongs in the keychain, not here.
    bool setDestination(const StreamDestination& destination, QString* error = nullptr);
    /// Whether URL (trimmed) may be written to the settings file: no user info and no secret query
    /// value. Pure; any thread.
    static bool isStorableStreamUrl(const QString& url);
    bool removeDestination(const QString& name);
    /// The destination used at start; empty when none (default).
    QString selectedDestinationName() const;
    void setSelectedDestinationName(const QString& name);

    // --- folders -------------------------------------------------------------------------------
    /// Where the import dialog opens. Default: the Documents folder.
    QString lastImportFolder() const;
    void setLastImportFolder(const QString& folder);
    /// Where recordings go. Default: <Videos>/Pinstage.
    QString recordingFolder() const;
    void setRecordingFolder(const QString& folder);

    // --- the product card (section [card]) -------------------------------------------------------
    /// The brand theme: keys background, text, accent, sale, font_family, logo, corner_radius, position
    /// (CardTheme's field names). A bad value keeps that field's default and is reported in PROBLEMS (and
    /// in warnings() after load()) naming the file, line and key. Missing keys keep the defaults.
    CardTheme cardTheme(QStringList* problems = nullptr) const;
    /// Writes every field of THEME.
    void setCardTheme(const CardTheme& theme);
    /// `template`: the card template's name (CardTemplate::names()); default "corner". An unknown name
    /// gives the default and is reported in warnings() after load().
    QString cardTemplateName() const;
    void setCardTemplateName(const QString& name);
    /// `promo_code` and `shop_url`: the promo code and the shop's address (each card's QR code of its
    /// product page) on every card. A bad value (CardExtras::checkPromoCode / checkShopUrl) is left
    /// out and reported in PROBLEMS (and in warnings() after load()) naming the file, line and key.
    CardExtras cardExtras(QStringList* problems = nullptr) const;
    /// Writes both keys (an empty value removes the key).
    void setCardExtras(const CardExtras& extras);
    /// `locale`: the locale prices are written in (moneyLocale(), e.g. "de_DE"); empty: en_US.
    QString moneyLocaleName() const;
    void setMoneyLocaleName(const QString& locale);
    // --- view ----------------------------------------------------------------------------------
    /// Whether the preview draws the platform's safe-area guide (`[view] safe_area_guide`).
    /// Default: true.
    bool safeAreaGuide() const;
    void setSafeAreaGuide(bool shown);

    // --- run of show ([run_of_show], [hotkeys], [host_monitor]) --------------------------------
    /// What Enter (or a double-click) on a catalog search result does.
    enum class CatalogEnterAction {
        AddToQueue, ///< "queue" (default): the card joins the open show's queue; Take puts it on air
        PinAtOnce, ///< "pin": the card goes on the program at once (no staging step)
    };
    /// `[run_of_show] catalog_enter`: "queue" or "pin". Another value gives AddToQueue and is
    /// reported in warnings() after load() naming the file, line and key.
    CatalogEnterAction catalogEnterAction() const;
    void setCatalogEnterAction(CatalogEnterAction action);
    /// `[hotkeys] NAME`: the key combination bound to hotkey NAME (e.g. "take"), in
    /// QKeySequence::PortableText ("F9", "Ctrl+Shift+T"); an empty string: deliberately unbound.
    /// nullopt when the file does not name it (the hotkey keeps its default).
    std::optional<QString> hotkey(const QString& name) const;
    void setHotkey(const QString& name, const QString& sequence);
    /// `[host_monitor] geometry`: QWidget::saveGeometry() of the host monitor (base64); empty: none.
    QByteArray hostMonitorGeometry() const;
    void setHostMonitorGeometry(const QByteArray& geometry);
    /// `[host_monitor] screen`: the name of the screen the host monitor was on; empty: none.
    QString hostMonitorScreen() const;
    void setHostMonitorScreen(const QString& screen);
    /// `[host_monitor] open`: the host monitor was open when the window closed. Default: false.
    bool hostMonitorOpen() const;
    void setHostMonitorOpen(bool open);
    // --- the studio (the settings dialog; the command line wins for its session) -------------------
    /// `[video] canvas` (WxH) and `fps`: the program canvas at the next start. A bad value gives
    /// the default (1080x1920 at 30) and is reported in warnings() after load().
    VideoSettings video() const;
    void setVideo(const VideoSettings& video);
    /// `[video] horizontal_canvas` (WxH, issue 11): the horizontal second canvas (at the program's fps)
    /// that horizontal destinations receive. Default 1920x1080; a bad value gives it and is reported
    /// in warnings() after load().
    QSize horizontalCanvas() const;
    void setHorizontalCanvas(QSize canvas);
    /// `[encoder] preset, bitrate_kbps, keyframe_s, profile`: x264 for the stream and the recording.
    /// Missing or bad values take EncoderSettings::forCanvas(CANVAS, FPS)'s (bad ones are reported
    /// in warnings() after load()).
    EncoderSettings encoder(QSize canvas, int fps) const;
    void setEncoder(const EncoderSettings& encoder);
    /// True when the file holds any `[encoder]` value (else the canvas decides the bitrate).
    bool hasEncoder() const;
    /// `[audio] microphone` and `desktop_audio`: PulseAudio device ids; empty: the system's default.
    /// "none" for the microphone: no microphone.
    QString microphoneDevice() const;
    void setMicrophoneDevice(const QString& device);
    QString desktopAudioDevice() const;
    void setDesktopAudioDevice(const QString& device);
    /// `[show] title`: the show title drawn on the program; empty: Studio's default.
    QString showTitle() const;
    void setShowTitle(const QString& title);
    /// `[show] logo`: the shop logo image file; empty: the collection's own.
    QString logoFile() const;
    void setLogoFile(const QString& file);
    /// `[general] first_run_done`: the first-run guide was finished or skipped. Default false.
    bool firstRunDone() const;
    void setFirstRunDone(bool done);
    /// `[view] window_state`: the window's docks and toolbars (QMainWindow::saveState, base64).
    QByteArray windowState() const;
    void setWindowState(const QByteArray& state);
    /// `[stream] upload_kbps`: the upload the seller measured or entered, kbit/s; 0 (default):
    /// unknown. Going live to destinations that need more warns first (issue 11). A bad value
    /// gives 0 and is reported in warnings() after load().
    int uploadKbps() const;
    void setUploadKbps(int kbps);
    /// The x264 presets `[encoder] preset` accepts, fastest first.
    static QStringList x264Presets();
    /// The video bitrates `[encoder] bitrate_kbps` accepts, kbps: Pinstage's one range (VideoBitrate).
    static constexpr int EncoderBitrateMinKbps = VideoBitrate::MinKbps;
    static constexpr int EncoderBitrateMaxKbps = VideoBitrate::MaxKbps;

    static QString defaultLastImportFolder();
    static QString defaultRecordingFolder();

    // --- the recording when it stops (section [recording]) -----------------------------------------
    /// keep_original: keep the recording libobs made (.mkv) once its MP4 with chapters was written
    /// and checked. Default true (a recording is never lost to a step after it); "false" removes it.
    bool keepOriginalRecording() const;
    void setKeepOriginalRecording(bool keep);

private:
    QString place(const QString& section, const QString& key) const;
    QString destinationSection(const QString& name) const;
    QStringList destinationSections() const;
    void migrateFrom0();
    void migrateFrom1();
    void dropSecrets();
    void checkStudio();

    QString m_path;
    IniDocument m_doc;
    QString m_loadError;
    QStringList m_warnings;
    int m_fileVersion = CurrentVersion;
    bool m_fileExists = false;
    bool m_needsSave = false;
};

} // namespace pinstage
