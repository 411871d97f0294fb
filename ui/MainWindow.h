// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "dialogs/ImportDialog.h"
#include "output/StreamTarget.h"

#include <QMainWindow>

class QAction;
class QDockWidget;

namespace pinstage {

class AudioMixerDock;
class CatalogPanel;
class MicrophoneCheck;
struct PlatformPreset;
class DestinationBook;
class DestinationDialog;
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
/// Lifetime: the window must be destroyed before the Studio (the preview releases its libobs
/// display in its destructor), and before the Settings and SecretStore it was given.
/// Thread contract: main thread.
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

    /// The platform preset of the current destination (Custom when none is known).
    const PlatformPreset& platformPreset() const;
    /// Makes preset ID the current one (an unknown id counts as Custom) and redraws the guide.
    void setPlatformPreset(const QString& id);

    /// The compiled-in dark studio theme (":/ui/studio.qss").
    static QString styleSheetText();

public slots:
    /// Opens the import dialog (modeless: the window stays usable while it reads the file).
    ImportDialog* openImportDialog();
    /// Opens the destination dialog (window-modal, not blocking); Save applies and remembers it.
    DestinationDialog* openDestinationDialog();

signals:
    /// The remembered destination was applied at start; KEYFOUND tells whether its key came back.
    void destinationRestored(bool keyFound);
    /// The current destination's platform preset changed (its id; see platformPreset()).
    void platformPresetChanged(const QString& id);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void restoreDestination();
    void updateSafeArea();

    Studio& m_studio;
    DestinationBook* m_destinations = nullptr;
    quint64 m_restoreRequest = 0; ///< bumped by every explicit target: a late keychain answer is dropped
    ImportDialog::Runner m_importRunner;
    PreviewWidget* m_preview;
    NoticeBar* m_notice;
    LiveControls* m_live;
    StatsBar* m_stats;
    CatalogPanel* m_catalog;
    QDockWidget* m_catalogDock;
    MicrophoneCheck* m_micCheck;
    AudioMixerDock* m_mixerDock;
    QAction* m_safeAreaAction;
    ScenesDock* m_scenesDock = nullptr;
    SourcesDock* m_sourcesDock = nullptr;
    Settings* m_settings = nullptr;
    QString m_presetId;
};

} // namespace pinstage
