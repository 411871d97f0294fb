// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "dialogs/ImportDialog.h"
#include "dialogs/PreflightDialog.h"
#include "output/StreamTarget.h"
#include "windows/HostMonitor.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>
#include <QSet>

class QApplication;
class QMenu;

class QAction;
class QDockWidget;

namespace pinstage {

class AboutDialog;
class AudioMixerDock;
class CardThemeDialog;
class CatalogPanel;
class FirstRunGuide;
class SettingsDialog;
class MicrophoneCheck;
struct PlatformPreset;
class DestinationBook;
class DestinationDialog;
class DestinationListDialog;
class Hotkeys;
class HotkeysDialog;
class QueuePanel;
class RunOfShow;
class LiveControls;
class SecretStore;
class Settings;
class NoticeBar;
class PreviewWidget;
class ScenesDock;
class SourcesDock;
class StatsBar;
class Studio;

/// The studio window. It only composes: the program preview in the centre, the live controls on
/// top, the catalog dock on the right, problems in a notice strip, statistics in the status bar.
/// Each part is its own class and talks to the engine objects it was given.
///
/// With Settings and a SecretStore the window remembers destinations: at start it selects the
/// last one (its URL at once, its key when the keychain answers) so the seller can Go Live at
/// once, and the destination button opens the dialog with the saved destinations. Without them
/// (the two-argument constructor) destinations live in memory only, as before.
///
/// The "Audio mixer" dock sits under the catalog (a strip per audio source of the program scene,
/// with the microphone warning while live). The View menu switches the platform's safe-area
/// guide in the preview (remembered in Settings when the window has them) and shows the mixer.
/// The platform preset of the current destination (the saved destination's preset, else the one
/// whose server the URL is, else Custom) gives the guide its safe area.
///
/// Run of show (issue 10): the "Run of show" dock on the left (QueuePanel) drives the window's
/// RunOfShow; Enter in the catalog adds to its queue or pins at once, as chosen in View ▸ "Enter in
/// the catalog pins at once" (remembered in Settings); Take, Unpin, Start sale and Skip have
/// libobs hotkeys (Hotkeys: F9, F10, F8, F7 by default, bindings from Settings) that act in any
/// window; View ▸ Host monitor (Ctrl+Shift+M) opens the host's window for a second screen.
/// Menus (menu("file"), "edit", "view", "show", "help") hold every action with its shortcut, and
/// every action's tooltip names it; action(NAME) finds one by its object name (goLiveAction,
/// rehearsalAction, recordAction, importAction, destinationsAction, settingsAction, findAction,
/// quitAction, setupGuideAction, aboutAction, fullScreenAction, catalogDockAction, mixerDockAction,
/// safeAreaGuideAction). Other parts add theirs with menu(NAME)->addAction().
///
/// Go Live (the button and Show ▸ Go live) runs the pre-flight check first (preflightCheck() over
/// preflightFacts()): with nothing found it connects at once; otherwise the pre-flight dialog lists
/// each problem with the button that fixes it, and goes live when accepted (only when nothing
/// blocks). With Settings the window also offers the settings dialog, remembers its docks
/// (`[view] window_state`) and the first-run guide (showFirstRunGuideIfNeeded(), called by the app
/// only, never by itself: tests stay deterministic).
///
/// Lifetime: the window must be destroyed before the Studio (the preview releases its libobs
/// display in its destructor), and before the Settings and SecretStore it was given.
/// Thread contract: main thread.
class RecordingFinisher;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(Studio& studio, QWidget* parent = nullptr);
    MainWindow(Studio& studio, Settings& settings, SecretStore& secrets, QWidget* parent = nullptr);
    ~MainWindow() override;

    /// The destination Go Live streams to for this session (e.g. from the command line): it wins
    /// over the remembered one (even one whose key is still loading) and is not saved.
    void setStreamTarget(const StreamTarget& target);
    /// The saved destinations; nullptr without Settings.
    DestinationBook* destinationBook() const { return m_destinations; }
    /// How the import dialog imports (runs on a worker thread; must open its own Catalog).
    /// By default the catalog importer runs on the studio's catalog file.
    void setImportRunner(ImportDialog::Runner runner);

    PreviewWidget* preview() const { return m_preview; }
    CatalogPanel* catalogPanel() const { return m_catalog; }
    LiveControls* liveControls() const { return m_live; }
    StatsBar* statsBar() const { return m_stats; }
    NoticeBar* noticeBar() const { return m_notice; }
    AudioMixerDock* mixerDock() const { return m_mixerDock; }
    MicrophoneCheck* microphoneCheck() const { return m_micCheck; }
    /// The "Scenes" dock (left, on top) and the "Sources" dock of the scene selected there (under it).
    ScenesDock* scenesDock() const { return m_scenesDock; }
    SourcesDock* sourcesDock() const { return m_sourcesDock; }
    /// View ▸ Safe area guide (checkable).
    QAction* safeAreaAction() const { return m_safeAreaAction; }
    /// View ▸ Card style… (opens openCardThemeDialog()).
    QAction* cardStyleAction() const { return m_cardStyleAction; }

    /// The run of show the queue panel, host monitor and hotkeys drive (the Studio's).
    RunOfShow* runOfShow() const { return m_run; }
    QueuePanel* queuePanel() const { return m_queue; }
    QDockWidget* queueDock() const { return m_queueDock; }
    /// The default dock arrangement for a screen whose available area is AVAILABLE (called by the
    /// constructor for the window's screen; a saved layout replaces it). Below
    /// stackedDocksMinHeight() px of height (1280x800, 1600x1000, 1920x1080) the run of show has
    /// the whole left column and Scenes and Sources are tabs next to the audio mixer under the
    /// catalog; on taller screens Scenes, Sources and the run of show stand one above the other
    /// on the left.
    void arrangeDocksFor(const QSize& available);
    /// The screen height (available, px) from which Scenes, Sources and the run of show all fit
    /// one above the other in the left column without cutting the run of show's cards and buttons.
    static int stackedDocksMinHeight() { return 1100; }
    /// Take / Unpin / Start sale / Skip as libobs hotkeys (names: Hotkeys::takeName() …).
    Hotkeys* hotkeys() const { return m_hotkeys; }
    /// The host monitor while it is open, else nullptr.
    HostMonitor* hostMonitor() const { return m_hostMonitor; }
    /// View ▸ Host monitor (checkable; Ctrl+Shift+M).
    QAction* hostMonitorAction() const { return m_hostMonitorAction; }
    /// View ▸ Enter in the catalog pins at once (checkable; unchecked: Enter adds to the queue).
    QAction* enterPinsAction() const { return m_enterPinsAction; }

    /// The platform preset of the current destination (Custom when none is known).
    const PlatformPreset& platformPreset() const;
    /// Makes preset ID the current one (an unknown id counts as Custom) and redraws the guide.
    void setPlatformPreset(const QString& id);

    /// The compiled-in dark studio theme (":/ui/studio.qss").
    static QString styleSheetText();
    /// Makes APP look like the studio everywhere, dialogs and file choosers included: the Fusion
    /// style with a dark palette, the studio style sheet on the whole application, and Qt's own
    /// (non-native) file dialogs so the style sheet reaches them. Call once, before the window.
    static void applyStudioTheme(QApplication& app);

    /// The menu NAME: "file", "edit", "view", "show" or "help"; nullptr for any other name.
    QMenu* menu(const QString& name) const;
    /// The action whose object name is NAME (see the class comment); nullptr when none.
    QAction* action(const QString& name) const;

    /// What the pre-flight check looks at now (the destination, canvas, encoder, microphones,
    /// recording folder and its free space).
    PreflightFacts preflightFacts() const;
    /// The pre-flight check's findings now, each with its fix wired to this window.
    QList<PreflightItem> preflightItems();
    /// The pre-flight dialog while it is open; nullptr otherwise.
    PreflightDialog* preflightDialog() const;
    /// The settings dialog while it is open; nullptr otherwise.
    SettingsDialog* settingsDialog() const;
    /// The first-run guide while it is open; nullptr otherwise.
    FirstRunGuide* firstRunGuide() const;
    /// The Settings the window was given; nullptr with the two-argument constructor.
    Settings* settings() const { return m_settings; }

public slots:
    /// Opens the import dialog (modeless: the window stays usable while it reads the file).
    ImportDialog* openImportDialog();
    /// Opens the destination dialog (window-modal, not blocking); Save applies and remembers it.
    DestinationDialog* openDestinationDialog();
    /// File ▸ Destinations and stream keys…: every saved destination, to add, edit (the destination
    /// dialog, applied as openDestinationDialog()'s) and remove. Needs Settings: nullptr without.
    DestinationListDialog* openDestinationList();
    /// Opens the card style dialog (window-modal, not blocking): the template and brand theme,
    /// previewed live on the program; OK saves them to the settings file's [card] section.
    CardThemeDialog* openCardThemeDialog();
    /// Opens (or raises) the host monitor where it was last.
    HostMonitor* openHostMonitor();
    /// Opens Edit ▸ Hotkeys… (window-modal, not blocking): every hotkey's key, applied at once.
    HotkeysDialog* openHotkeysDialog();
    /// The hotkey name of SCENE: "scene." and the name with every character but ASCII letters,
    /// digits and '-' as '_' (the settings file's `[hotkeys]` key).
    static QString sceneHotkeyName(const QString& scene);
    /// At start: when RunOfShow::interruptedShow() names a show, asks "Resume" / "Start fresh"
    /// (MessageBox seam) and resumes it where it stopped, or opens a fresh run of it. Returns true
    /// when a show was offered.
    bool offerResume();
    /// SIGTERM / SIGINT (a logout, a shutdown, a supervisor): ends what quitting ends, without
    /// asking (the run of show closed as ended, the show and its stream and recording ended, the
    /// docks and settings saved) and quits the application's event loops. A question open at that
    /// moment is left unanswered: an interrupted show still waiting for "Resume?" stays offered at
    /// the next start. Main thread (main() turns the signal into a queued call).
    void endOnTerminationSignal();
    /// True once endOnTerminationSignal() ran: main() must not enter the event loop again.
    bool isTerminating() const { return m_terminating; }
    /// Go Live through the pre-flight check (what the button and Show ▸ Go live do).
    void requestGoLive();
    /// Opens the pre-flight dialog now (Show ▸ Check before going live); accepting it goes live.
    PreflightDialog* openPreflightDialog();
    /// Opens the settings dialog on PAGE (SettingsDialog::pageNames(); empty: the first). Needs
    /// Settings: nullptr without them.
    SettingsDialog* openSettingsDialog(const QString& page = {});
    /// Opens the first-run guide (Help ▸ Setup guide). Finishing or skipping it is remembered.
    FirstRunGuide* openFirstRunGuide();
    /// Opens the guide when the Settings say it was never finished nor skipped; else nullptr.
    FirstRunGuide* showFirstRunGuideIfNeeded();
    AboutDialog* openAboutDialog();

signals:
    /// The remembered destination was applied at start; KEYFOUND tells whether its key came back.
    void destinationRestored(bool keyFound);
    /// The current destination's platform preset changed (its id; see platformPreset()).
    void platformPresetChanged(const QString& id);

protected:
    void closeEvent(QCloseEvent* event) override;
    /// What quitting keeps for the next start: the run closed as ended, the host monitor's and
    /// docks' state, the settings.
    void keepStateForNextStart();

private:
    void restoreDestination();
    void updateSafeArea();
    void setUpRunOfShow();
    void syncSceneHotkeys();
    void saveSettings();
    void createMenus();
    QAction* addAction(
        QMenu* menu, const QString& name, const QString& text, const QKeySequence& shortcut, const QString& toolTip);
    void updateShowActions();
    void updateGuideDestination();
    /// Checks the open pre-flight dialog again once DIALOG (opened by one of its fixes) closes.
    void recheckPreflightAfter(QDialog* dialog);
    /// Opens DIALOG (window-modal): its Save applies the destination to the show.
    DestinationDialog* openDestinationForm(DestinationDialog* dialog);

    Studio& m_studio;
    DestinationBook* m_destinations = nullptr;
    quint64 m_restoreRequest = 0; ///< bumped by every explicit target: a late keychain answer is dropped
    ImportDialog::Runner m_importRunner;
    PreviewWidget* m_preview;
    bool m_terminating = false;
    NoticeBar* m_notice;
    LiveControls* m_live;
    StatsBar* m_stats;
    CatalogPanel* m_catalog;
    QDockWidget* m_catalogDock;
    MicrophoneCheck* m_micCheck;
    AudioMixerDock* m_mixerDock;
    QAction* m_safeAreaAction;
    QAction* m_cardStyleAction = nullptr;
    ScenesDock* m_scenesDock = nullptr;
    SourcesDock* m_sourcesDock = nullptr;
    Settings* m_settings = nullptr;
    QString m_presetId;
    RunOfShow* m_run = nullptr;
    Hotkeys* m_hotkeys = nullptr;
    QueuePanel* m_queue = nullptr;
    QDockWidget* m_queueDock = nullptr;
    QPointer<HostMonitor> m_hostMonitor;
    QAction* m_hostMonitorAction = nullptr;
    QAction* m_enterPinsAction = nullptr;
    QHash<QString, QMenu*> m_menus;
    QPointer<PreflightDialog> m_preflight;
    QPointer<SettingsDialog> m_settingsDialog;
    QPointer<FirstRunGuide> m_guide;
    /// The recording remuxed to MP4 with chapters when it stops; Show > Cut clips… (issue 11 item 7).
    RecordingFinisher* m_recordingFinisher = nullptr;
    void cutClips();
    // Issue 11 item 4: destinations whose refused connect the seller has been told about.
    QSet<int> m_connectRetryNoticed;
};

} // namespace pinstage
