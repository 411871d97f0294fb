// SPDX-License-Identifier: GPL-2.0-or-later
#include "MainWindow.h"

#include "MessageBox.h"
#include "catalog/Catalog.h"
#include "catalog/CatalogImporter.h"
#include "catalog/ImageCache.h"
#include "dialogs/AboutDialog.h"
#include "dialogs/CardThemeDialog.h"
#include "dialogs/DestinationDialog.h"
#include "dialogs/DestinationListDialog.h"
#include "dialogs/FirstRunGuide.h"
#include "dialogs/HotkeysDialog.h"
#include "dialogs/PreflightDialog.h"
#include "dialogs/SettingsDialog.h"
#include "docks/AudioMixerDock.h"
#include "docks/CatalogPanel.h"
#include "docks/QueuePanel.h"
#include "docks/ScenesDock.h"
#include "docks/SourcesDock.h"
#include "obs/Hotkeys.h"
#include "obs/ObsLog.h"
#include "output/ObsOutputs.h"
#include "output/PlatformPreset.h"
#include "output/StreamTarget.h"
#include "scene/SceneCollection.h"
#include "settings/DestinationBook.h"
#include "settings/SecretStore.h"
#include "settings/Settings.h"
#include "show/MicrophoneCheck.h"
#include "show/RunOfShow.h"
#include "show/ShowBook.h"
#include "show/ShowController.h"
#include "show/ShowLog.h"
#include "show/Studio.h"
#include "utility/RecordingFinisher.h"
#include "widgets/LiveControls.h"
#include "widgets/NoticeBar.h"
#include "widgets/PreviewWidget.h"
#include "widgets/StatsBar.h"
#include "widgets/preview/LayoutEditor.h"
#include "windows/HostMonitor.h"

#include <QAction>
#include <QApplication>
#include <QBoxLayout>
#include <QCloseEvent>
#include <QDialog>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPalette>
#include <QPushButton>
#include <QScreen>
#include <QStatusBar>
#include <QStorageInfo>
#include <QStyle>
#include <QStyleFactory>
#include <QTimer>
#include <QToolBar>
#include <QUrl>

#include <algorithm>
#include <memory>

namespace pinstage {
namespace {

    // Imports with the catalog importer on the dialog's worker thread, through a Catalog of that
    // thread's own on the same file (a Catalog belongs to the thread that opened it).
    ImportDialog::Runner catalogImportRunner(const QString& catalogPath)
    {
        return [catalogPath](const QString& file, const ImportOptions& options) {
            QString error;
            std::unique_ptr<Catalog> catalog = Catalog::open(catalogPath, &error);
            if (!catalog) {
                ImportReport report;
                report.fileName = file;
                report.dryRun = options.dryRun;
                report.refuse(error);
                return report;
            }
            CatalogImporter importer(*catalog);
            return options.dryRun ? importer.preview(file, options) : importer.importFile(file, options);
        };
    }

} // namespace

MainWindow::MainWindow(Studio& studio, QWidget* parent)
    : QMainWindow(parent)
    , m_studio(studio)
    , m_importRunner(catalogImportRunner(studio.catalog().path()))
    , m_preview(new PreviewWidget)
    , m_notice(new NoticeBar)
    , m_live(new LiveControls(studio.show()))
    , m_stats(new StatsBar(studio.show()))
    , m_catalog(new CatalogPanel(studio.catalog(), studio.show()))
    , m_catalogDock(new QDockWidget(tr("Catalog"), this))
    , m_micCheck(new MicrophoneCheck(studio.scenes(), studio.clock(), this))
    , m_mixerDock(new AudioMixerDock(studio.scenes(), *m_micCheck, this))
    , m_safeAreaAction(new QAction(tr("&Safe area guide"), this))
    , m_presetId(PlatformPresets::customId())
{
    setObjectName(QStringLiteral("mainWindow"));
    // The show's title; Qt adds " — Pinstage" (the application's display name) itself (the trial
    // found "Pinstage — Pinstage Demo Shop — Pinstage").
    setWindowTitle(studio.options().title);
    setStyleSheet(styleSheetText());
    resize(1280, 800);
    setMinimumSize(960, 600);

    // Centre: notices over the program preview.
    auto* stage = new QWidget;
    stage->setObjectName(QStringLiteral("stage"));
    auto* stageLayout = new QVBoxLayout(stage);
    stageLayout->setContentsMargins(0, 0, 0, 0);
    stageLayout->setSpacing(0);
    stageLayout->addWidget(m_notice);
    stageLayout->addWidget(m_preview, 1);
    setCentralWidget(stage);

    // Top: brand on the left, the live controls on the right.
    auto* bar = new QToolBar(tr("Show"), this);
    bar->setObjectName(QStringLiteral("showBar"));
    bar->setMovable(false);
    bar->setFloatable(false);
    auto* brand = new QLabel(QStringLiteral("Pinstage"));
    brand->setObjectName(QStringLiteral("brand"));
    auto* title = new QLabel(studio.options().title);
    title->setObjectName(QStringLiteral("showTitle"));
    auto* spacer = new QWidget;
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(brand);
    bar->addWidget(title);
    bar->addWidget(spacer);
    bar->addWidget(m_live);
    addToolBar(Qt::TopToolBarArea, bar);

    // Right: the catalog, where the producer spends the show.
    m_catalogDock->setObjectName(QStringLiteral("catalogDock"));
    m_catalogDock->setWidget(m_catalog);
    m_catalogDock->setFeatures(QDockWidget::DockWidgetMovable);
    m_catalogDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    m_catalog->setMinimumWidth(380);
    addDockWidget(Qt::RightDockWidgetArea, m_catalogDock);
    resizeDocks({ m_catalogDock }, { 460 }, Qt::Horizontal);

    // Under the catalog: the audio mixer (the catalog keeps its place and width).
    m_mixerDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable);
    m_mixerDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea | Qt::BottomDockWidgetArea);
    addDockWidget(Qt::RightDockWidgetArea, m_mixerDock);
    splitDockWidget(m_catalogDock, m_mixerDock, Qt::Vertical);
    resizeDocks({ m_mixerDock }, { 190 }, Qt::Vertical);
    connect(&studio.show(), &ShowController::stateChanged, m_micCheck, &MicrophoneCheck::setShowState);
    m_micCheck->setShowState(studio.show().state());
    connect(m_mixerDock, &AudioMixerDock::problem, this,
        [this](const QString& text) { m_notice->showNotice(text, NoticeBar::Level::Warning); });

    // View menu: the safe-area guide of the destination's platform, and the mixer dock.
    m_safeAreaAction->setObjectName(QStringLiteral("safeAreaGuideAction"));
    m_safeAreaAction->setCheckable(true);
    m_safeAreaAction->setChecked(true);
    m_safeAreaAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
    m_safeAreaAction->setToolTip(tr("Show where the platform draws its own buttons and comments (%1); "
                                    "only in the preview, never in the stream")
                                     .arg(m_safeAreaAction->shortcut().toString(QKeySequence::NativeText)));
    connect(m_safeAreaAction, &QAction::toggled, this, [this](bool shown) {
        m_preview->setSafeAreaGuideVisible(shown);
        if (m_settings) {
            m_settings->setSafeAreaGuide(shown);
            QString error;
            if (!m_settings->save(&error))
                m_notice->showNotice(error, NoticeBar::Level::Warning);
        }
    });
    createMenus();
    QMenu* view = m_menus.value(QStringLiteral("view"));
    // The card's template and brand theme, previewed live on the program.
    m_cardStyleAction = new QAction(tr("&Card style…"), this);
    m_cardStyleAction->setObjectName(QStringLiteral("cardStyleAction"));
    m_cardStyleAction->setToolTip(tr("The product card's template, colours, font, logo, promo code and QR code"));
    connect(m_cardStyleAction, &QAction::triggered, this, &MainWindow::openCardThemeDialog);
    view->addSeparator();
    view->addAction(m_cardStyleAction);
    // Layout in the preview: the position presets of the selected item (the lead may move them to
    // an Edit menu: PreviewWidget::layoutEditor() has them).
    m_preview->setSceneCollection(&studio.scenes());
    connect(m_preview->layoutEditor(), &preview::LayoutEditor::problem, this,
        [this](const QString& text) { m_notice->showNotice(text, NoticeBar::Level::Warning); });
    QMenu* edit = m_menus.value(QStringLiteral("edit"));
    edit->addSeparator();
    QMenu* position = edit->addMenu(tr("&Position of the selected item"));
    position->setObjectName(QStringLiteral("positionMenu"));
    position->setToolTipsVisible(true);
    position->addActions(m_preview->layoutEditor()->presetActions());
    m_preview->setSafeAreaGuideVisible(m_safeAreaAction->isChecked());
    updateSafeArea();

    // Left: the scenes, and under them the sources of the scene selected there.
    m_scenesDock = new ScenesDock(studio.scenes(), studio.show(), this);
    m_sourcesDock = new SourcesDock(studio.scenes(), this);
    for (QDockWidget* dock : { static_cast<QDockWidget*>(m_scenesDock), static_cast<QDockWidget*>(m_sourcesDock) }) {
        dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable);
        dock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea | Qt::BottomDockWidgetArea);
        dock->setMinimumWidth(240);
    }
    addDockWidget(Qt::LeftDockWidgetArea, m_scenesDock);
    splitDockWidget(m_scenesDock, m_sourcesDock, Qt::Vertical);
    resizeDocks({ m_scenesDock }, { 280 }, Qt::Horizontal);
    resizeDocks({ m_scenesDock, m_sourcesDock }, { 260, 420 }, Qt::Vertical);
    connect(m_scenesDock, &ScenesDock::selectedSceneChanged, m_sourcesDock, &SourcesDock::setScene);
    m_sourcesDock->setScene(m_scenesDock->selectedScene());
    connect(m_scenesDock, &ScenesDock::notice, this,
        [this](const QString& text) { m_notice->showNotice(text, NoticeBar::Level::Warning); });
    connect(m_sourcesDock, &SourcesDock::notice, this,
        [this](const QString& text) { m_notice->showNotice(text, NoticeBar::Level::Warning); });
    view->addAction(m_scenesDock->toggleViewAction());
    view->addAction(m_sourcesDock->toggleViewAction());

    // Bottom: statistics.
    statusBar()->setObjectName(QStringLiteral("statusBar"));
    statusBar()->setSizeGripEnabled(false);
    statusBar()->addPermanentWidget(m_stats, 1);

    connect(m_live, &LiveControls::notice, m_notice, &NoticeBar::showNotice);
    // Go Live passes the pre-flight check first; the status bar names the destination's host.
    m_live->setGoLiveGate([this](const std::function<void()>& proceed) {
        if (preflightItems().isEmpty()) {
            proceed();
            return;
        }
        openPreflightDialog(); // accepting it goes live (as PROCEED would)
    });
    connect(m_live, &LiveControls::stateChanged, this, [this] {
        m_stats->setDestinationHost(m_live->destinationName()); // its one name (issue 8)
        updateShowActions();
    });
    connect(&studio.show(), &ShowController::recordingChanged, this, &MainWindow::updateShowActions);
    // Issue 11 item 4: a destination waiting for its next try enables Show ▸ Reconnect now; a
    // refused first connect is retried (not a failure): the seller hears it once, as a warning.
    connect(&studio.show(), &ShowController::destinationChanged, this, [this](int index, const DestinationStatus& d) {
        updateShowActions();
        const bool retrying = d.state == DestinationStatus::State::Reconnecting;
        if (m_studio.show().state() != ShowController::State::Connecting || !retrying) {
            if (!retrying)
                m_connectRetryNoticed.remove(index);
            return;
        }
        if (m_connectRetryNoticed.contains(index))
            return;
        m_connectRetryNoticed.insert(index);
        const QString who = m_studio.show().destinations().size() > 1 ? d.name : d.url;
        m_notice->showNotice(
            tr("Could not connect to %1 (%2): trying again by itself; Reconnect now in the status bar tries at "
               "once, Cancel stops.")
                .arg(who, d.reason),
            NoticeBar::Level::Warning);
    });
    connect(&studio.show(), &ShowController::stateChanged, this, [this](ShowController::State state) {
        if (state == ShowController::State::Idle || state == ShowController::State::Live)
            m_connectRetryNoticed.clear();
    });
    // A recording that stopped (End show, Stop recording, or an error with what was written) is
    // remuxed to MP4 with one chapter per product, off the main thread.
    m_recordingFinisher = new RecordingFinisher(this);
    connect(m_recordingFinisher, &RecordingFinisher::notice, m_notice, &NoticeBar::showNotice);
    connect(&studio.show(), &ShowController::recordingChanged, this, [this](bool recording, bool, const QString&) {
        const QString file = m_studio.show().recordingFile();
        if (!recording && !file.isEmpty() && QFileInfo(file).isFile())
            m_recordingFinisher->remux(file, m_studio.showLog().filePath());
    });
    connect(m_catalog, &CatalogPanel::notice, this,
        [this](const QString& text) { m_notice->showNotice(text, NoticeBar::Level::Warning); });
    connect(m_catalog, &CatalogPanel::importRequested, this, &MainWindow::openImportDialog);
    connect(&studio.imageCache(), &ImageCache::finished, this,
        [this](const ImportReport& report, int processed, bool cancelled) {
            if (cancelled || processed == 0)
                return;
            m_catalog->reloadCatalog(); // rows now point at their cached photos
            if (!report.warnings.isEmpty())
                m_notice->showNotice(
                    (report.warnings.size() == 1
                            ? tr("%n product photo could not be used: %1", nullptr, int(report.warnings.size()))
                            : tr("%n product photos could not be used: %1", nullptr, int(report.warnings.size())))
                        .arg(report.warnings.first().text()),
                    NoticeBar::Level::Warning);
        });

    setUpRunOfShow();
    arrangeDocksFor(screen() ? screen()->availableGeometry().size() : QSize(1600, 1000));
}

void MainWindow::arrangeDocksFor(const QSize& available)
{
    // Stacked, the three docks need about 880 px under the menus, the top bar and the status bar:
    // below that the run of show's hint, list and cue buttons were cut (seen at 1600x1000).
    const bool small = available.height() < stackedDocksMinHeight();
    const bool tabbed = dockWidgetArea(m_scenesDock) == Qt::RightDockWidgetArea
        && tabifiedDockWidgets(m_mixerDock).contains(m_scenesDock);
    if (small && !tabbed) {
        // The run of show gets the whole left column; Scenes and Sources become tabs next to the
        // audio mixer, under the catalog (the mixer's tab in front).
        tabifyDockWidget(m_mixerDock, m_scenesDock);
        tabifyDockWidget(m_mixerDock, m_sourcesDock);
        m_mixerDock->raise();
        resizeDocks({ m_catalogDock, m_mixerDock }, { std::max(300, available.height() - 380), 240 }, Qt::Vertical);
    } else if (!small && tabbed) {
        // Back to the left, one above the other over the run of show (a dock split off a tabbed
        // one would only become another tab, so each is taken out first).
        const bool scenesShown = !m_scenesDock->isHidden();
        const bool sourcesShown = !m_sourcesDock->isHidden();
        removeDockWidget(m_scenesDock);
        removeDockWidget(m_sourcesDock);
        addDockWidget(Qt::LeftDockWidgetArea, m_scenesDock, Qt::Vertical);
        splitDockWidget(m_scenesDock, m_sourcesDock, Qt::Vertical);
        splitDockWidget(m_sourcesDock, m_queueDock, Qt::Vertical);
        m_scenesDock->setVisible(scenesShown);
        m_sourcesDock->setVisible(sourcesShown);
        resizeDocks({ m_scenesDock, m_sourcesDock }, { 260, 420 }, Qt::Vertical);
        resizeDocks({ m_mixerDock }, { 190 }, Qt::Vertical);
    }
}

MainWindow::MainWindow(Studio& studio, Settings& settings, SecretStore& secrets, QWidget* parent)
    : MainWindow(studio, parent)
{
    m_recordingFinisher->setKeepOriginal(settings.keepOriginalRecording()); // [recording] keep_original
    m_destinations = new DestinationBook(settings, secrets, this);
    // Where no keychain answers, the seller may keep keys in a 0600 file of the data folder.
    if (!m_studio.options().dataDir.isEmpty())
        m_destinations->setKeyFilePath(QDir(m_studio.options().dataDir).filePath(KeyFile::fileName()));
    {
        // The remembered guide choice; set before m_settings so that restoring it does not save.
        const QSignalBlocker block(m_safeAreaAction);
        m_safeAreaAction->setChecked(settings.safeAreaGuide());
        m_preview->setSafeAreaGuideVisible(settings.safeAreaGuide());
    }
    {
        // The run of show's choices: what Enter in the catalog does, and the hotkeys' keys.
        const QSignalBlocker block(m_enterPinsAction);
        const bool pins = settings.catalogEnterAction() == Settings::CatalogEnterAction::PinAtOnce;
        m_enterPinsAction->setChecked(pins);
        m_catalog->setEnterAction(settings.catalogEnterAction());
        QStringList problems;
        m_hotkeys->load(settings, &problems);
        if (!problems.isEmpty())
            m_notice->showNotice(problems.join(QLatin1Char(' ')), NoticeBar::Level::Warning);
    }
    m_settings = &settings;
    // The upload the seller measured or entered: going live to several destinations warns above it.
    studio.show().setUploadKbps(settings.uploadKbps());
    connect(m_hotkeys, &Hotkeys::bindingChanged, this, &MainWindow::saveSettings);
    m_live->setRecordingFolder(settings.recordingFolder());
    if (!settings.windowState().isEmpty())
        restoreState(settings.windowState());
    action(QStringLiteral("settingsAction"))->setEnabled(true);

    // Destinations are edited in the dialog of saved destinations, not LiveControls' in-memory one.
    m_live->setDestinationEditor([this] { openDestinationDialog(); });

    // A removed destination (File ▸ Destinations and stream keys…) leaves the show too: its key
    // is not kept in use.
    connect(m_destinations, &DestinationBook::removed, this, [this](const QString& name, const QString& problem) {
        if (!problem.isEmpty())
            m_notice->showNotice(problem, NoticeBar::Level::Warning);
        else
            m_notice->showNotice(tr("Destination “%1” and its stream key removed.").arg(name), NoticeBar::Level::Info);
        if (m_live->streamTargetName() == name) {
            ++m_restoreRequest;
            m_live->setStreamTarget(StreamTarget {});
            setPlatformPreset(PlatformPresets::customId());
            updateGuideDestination();
        }
        QList<DestinationSpec> extras = m_live->extraDestinations();
        if (extras.removeIf([&name](const DestinationSpec& d) { return d.name == name; }) > 0)
            m_live->setExtraDestinations(extras);
    });
    // File ▸ Destinations ▸ Use for Go Live: the show streams to that one now.
    connect(m_destinations, &DestinationBook::selectedChanged, this, &MainWindow::restoreDestination);
    connect(m_destinations, &DestinationBook::saved, this, [this](const DestinationBook::SaveResult& result) {
        if (!result.problem.isEmpty())
            m_notice->showNotice(result.problem, NoticeBar::Level::Warning);
        else if (!result.keyRemembered && m_destinations->keychainAnswers() == false)
            // No keychain on this computer: say at once what that means for the next show.
            m_notice->showNotice(m_destinations->keyFilePath().isEmpty()
                    ? tr("Destination “%1” saved. This computer has no keychain, so its stream key is kept for this "
                         "session only: paste it again after restarting Pinstage.")
                          .arg(result.destination.name)
                    : tr("Destination “%1” saved. This computer has no keychain, so its stream key is kept for this "
                         "session only: paste it again after restarting Pinstage, or tick “Keep the key in a file "
                         "only you can read” when editing it (File ▸ Destinations and stream keys…)")
                          .arg(result.destination.name),
                NoticeBar::Level::Info);
        else
            m_notice->showNotice(result.keyRemembered
                    ? (result.keyInFile
                            ? tr("Destination “%1” saved; its key is in your key file, readable only by you.")
                                  .arg(result.destination.name)
                            : tr("Destination “%1” saved; its key is in %2.")
                                  .arg(result.destination.name, m_destinations->keychain().description()))
                    : tr("Destination “%1” saved; its key is kept for this session only.").arg(result.destination.name),
                NoticeBar::Level::Info);
    });

    if (!settings.loadError().isEmpty())
        m_notice->showNotice(settings.loadError(), NoticeBar::Level::Warning);
    else if (!settings.warnings().isEmpty())
        m_notice->showNotice(settings.warnings().join(QLatin1Char(' ')), NoticeBar::Level::Warning);
    restoreDestination();
}

MainWindow::~MainWindow()
{
    // No hotkey may act while the panels it drives go away.
    delete m_hotkeys;
    m_hotkeys = nullptr;
    delete m_hostMonitor;
}

void MainWindow::setUpRunOfShow()
{
    m_run = &m_studio.runOfShow(); // the studio's one run of show (headless --show drives the same)
    m_queue = new QueuePanel(*m_run, m_studio.catalog(), m_studio.show());
    m_queueDock = new QDockWidget(tr("Run of show"), this);
    m_queueDock->setObjectName(QStringLiteral("queueDock"));
    m_queueDock->setWidget(m_queue);
    m_queueDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable);
    m_queueDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    m_queue->setMinimumWidth(320);
    addDockWidget(Qt::LeftDockWidgetArea, m_queueDock);
    resizeDocks({ m_queueDock }, { 340 }, Qt::Horizontal);
    connect(m_queue, &QueuePanel::notice, this,
        [this](const QString& text) { m_notice->showNotice(text, NoticeBar::Level::Warning); });

    // The catalog feeds the queue: Enter on a result, a scan, a double-click (unless the seller
    // chose to pin at once). Rows also drag from the catalog onto the queue.
    connect(m_catalog, &CatalogPanel::queueRequested, m_queue, &QueuePanel::addCode);
    connect(&m_studio.imageCache(), &ImageCache::finished, m_queue, [this] { m_queue->reload(); });

    // Hotkeys through libobs: they act whichever window has the focus.
    m_hotkeys = new Hotkeys(this);
    const struct {
        QString name;
        QString description;
        QKeySequence key;
        void (QueuePanel::*action)();
    } actions[] = {
        { Hotkeys::takeName(), tr("Take (put Next up on air)"), QKeySequence(Qt::Key_F9), &QueuePanel::take },
        { Hotkeys::unpinName(), tr("Unpin the card on air"), QKeySequence(Qt::Key_F10), &QueuePanel::unpin },
        { Hotkeys::startSaleName(), tr("Start the flash sale"), QKeySequence(Qt::Key_F8), &QueuePanel::startSale },
        { Hotkeys::skipName(), tr("Skip Next up"), QKeySequence(Qt::Key_F7), &QueuePanel::skip },
    };
    for (const auto& a : actions) {
        QString error;
        if (!m_hotkeys->add(
                a.name, a.description, a.key, [queue = m_queue, f = a.action] { (queue->*f)(); }, &error))
            m_notice->showNotice(error, NoticeBar::Level::Warning);
    }
    m_queue->setHotkeys(m_hotkeys);

    QMenu* view = menuBar()->findChild<QMenu*>(QStringLiteral("viewMenu"));
    m_hostMonitorAction = new QAction(tr("&Host monitor"), this);
    m_hostMonitorAction->setObjectName(QStringLiteral("hostMonitorAction"));
    m_hostMonitorAction->setCheckable(true);
    m_hostMonitorAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    m_hostMonitorAction->setToolTip(tr("The host's window for a second screen: card on air, next up, talking points, "
                                       "sale countdown and show time in large type (Ctrl+Shift+M)"));
    connect(m_hostMonitorAction, &QAction::triggered, this, [this](bool open) {
        if (open)
            openHostMonitor();
        else if (m_hostMonitor)
            m_hostMonitor->close();
    });
    m_enterPinsAction = new QAction(tr("&Enter in the catalog pins at once"), this);
    m_enterPinsAction->setObjectName(QStringLiteral("enterPinsAction"));
    m_enterPinsAction->setCheckable(true);
    m_enterPinsAction->setToolTip(tr("Checked: Enter, a double-click or a scan in the catalog puts the card on air at "
                                     "once. Unchecked: it adds the card to the run of show's queue, and Take puts it "
                                     "on air."));
    connect(m_enterPinsAction, &QAction::toggled, this, [this](bool pins) {
        const auto action = pins ? Settings::CatalogEnterAction::PinAtOnce : Settings::CatalogEnterAction::AddToQueue;
        m_catalog->setEnterAction(action);
        if (m_settings) {
            m_settings->setCatalogEnterAction(action);
            saveSettings();
        }
    });
    if (view) {
        view->addSeparator();
        view->addAction(m_queueDock->toggleViewAction());
        view->addAction(m_hostMonitorAction);
        view->addAction(m_enterPinsAction);
    }

    // A hotkey per scene ("scene.NAME", no key until the seller gives it one), kept in step with
    // the collection's scenes; Edit ▸ Hotkeys… binds them all.
    syncSceneHotkeys();
    connect(&m_studio.scenes(), &SceneCollection::changed, this, &MainWindow::syncSceneHotkeys);
    if (QMenu* edit = m_menus.value(QStringLiteral("edit"))) {
        QAction* hotkeysAction = new QAction(tr("&Hotkeys…"), this);
        hotkeysAction->setObjectName(QStringLiteral("hotkeysAction"));
        hotkeysAction->setToolTip(tr("The keys of Take, Unpin, Start sale, Skip and of each scene (they act in "
                                     "every window)"));
        connect(hotkeysAction, &QAction::triggered, this, &MainWindow::openHotkeysDialog);
        edit->addAction(hotkeysAction);
    }
}

QString MainWindow::sceneHotkeyName(const QString& scene)
{
    QString name = QStringLiteral("scene.");
    for (const QChar c : scene)
        name += (c.unicode() < 128 && (c.isLetterOrNumber() || c == QLatin1Char('-'))) ? c : QLatin1Char('_');
    return name.left(100);
}

void MainWindow::syncSceneHotkeys()
{
    if (!m_hotkeys)
        return;
    QStringList wanted;
    const QStringList registered = m_hotkeys->names();
    for (const QString& scene : m_studio.scenes().sceneNames()) {
        const QString name = sceneHotkeyName(scene);
        if (wanted.contains(name))
            continue; // two scenes that differ only in punctuation share no hotkey: the first has it
        wanted.append(name);
        if (registered.contains(name))
            continue;
        QString error;
        const bool added = m_hotkeys->add(
            name, tr("Switch to scene “%1”").arg(scene), QKeySequence(),
            [this, scene] {
                QString why;
                if (!m_studio.show().switchScene(scene, &why))
                    m_notice->showNotice(why, NoticeBar::Level::Warning);
            },
            &error);
        if (!added) {
            m_notice->showNotice(error, NoticeBar::Level::Warning);
            continue;
        }
        // A scene added or renamed later still gets the key the settings file keeps for it.
        if (m_settings)
            if (const std::optional<QString> saved = m_settings->hotkey(name); saved && !saved->isEmpty())
                if (!m_hotkeys->setBinding(name, QKeySequence::fromString(*saved, QKeySequence::PortableText), &error))
                    m_notice->showNotice(error, NoticeBar::Level::Warning);
    }
    for (const QString& name : registered)
        if (name.startsWith(QLatin1String("scene.")) && !wanted.contains(name))
            m_hotkeys->remove(name);
}

HotkeysDialog* MainWindow::openHotkeysDialog()
{
    auto* dialog = new HotkeysDialog(*m_hotkeys, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->show();
    return dialog;
}

void MainWindow::saveSettings()
{
    if (!m_settings)
        return;
    if (m_hotkeys)
        m_hotkeys->save(*m_settings);
    QString error;
    if (!m_settings->save(&error))
        m_notice->showNotice(error, NoticeBar::Level::Warning);
}

HostMonitor* MainWindow::openHostMonitor()
{
    if (!m_hostMonitor) {
        // Without a parent: a window of its own (on another screen), with its own large-type theme
        // rather than the studio window's style sheet. The window deletes it in its destructor.
        m_hostMonitor = new HostMonitor(*m_run, m_studio.show(), m_studio.catalog(), m_settings);
        m_hostMonitor->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_hostMonitor, &HostMonitor::closed, this, [this] {
            const QSignalBlocker block(m_hostMonitorAction);
            m_hostMonitorAction->setChecked(false);
        });
        m_hostMonitor->showRestored();
    } else {
        m_hostMonitor->show();
        m_hostMonitor->raise();
    }
    const QSignalBlocker block(m_hostMonitorAction);
    m_hostMonitorAction->setChecked(true);
    return m_hostMonitor;
}

bool MainWindow::offerResume()
{
    const std::optional<QString> name = m_run->interruptedShow();
    if (!name)
        return false;
    const auto answer = MessageBox::question(this, tr("Resume “%1”?").arg(*name),
        tr("The show “%1” was interrupted (the app stopped while it ran).\n\n"
           "Resume puts everything back where it was: the queue, the card on air, Next up, a running sale "
           "with its time left, and the show log.\nStart fresh opens the show from the top of its queue "
           "with nothing on air.")
            .arg(*name),
        MessageBox::Buttons(QMessageBox::Yes | QMessageBox::No), QMessageBox::Yes,
        { { QMessageBox::Yes, tr("Resume") }, { QMessageBox::No, tr("Start fresh") } });
    if (m_terminating)
        return true; // unanswered: the show stays interrupted, and is offered again at the next start
    QString error;
    if (answer != QMessageBox::Yes) {
        // Start fresh: the interrupted run is ended as it stands (its show log stays), so it is not
        // offered again at the next start.
        ShowBook book(m_studio.catalog());
        for (int i = 0; i < 100; ++i) {
            const std::optional<ShowRun> interrupted = book.interruptedRun();
            if (!interrupted || !book.endRun(interrupted->id))
                break;
        }
    }
    const bool ok = answer == QMessageBox::Yes ? m_run->resume(*name, &error) : m_run->open(*name, false, &error);
    if (!ok)
        m_notice->showNotice(error, NoticeBar::Level::Error);
    else if (answer == QMessageBox::Yes && m_run->isRehearsal()
        && m_studio.show().state() == ShowController::State::Idle) {
        // It stopped while rehearsing: the rehearsal goes on (nothing is streamed), so the window's
        // indicator, the run of show and the host monitor all say REHEARSAL.
        if (m_studio.show().startRehearsal(&error))
            m_notice->showNotice(
                tr("Show “%1” resumed where it stopped, as a rehearsal: nothing is streamed.").arg(*name),
                NoticeBar::Level::Info);
        else
            m_notice->showNotice(
                tr("Show “%1” resumed, but its rehearsal could not start again: %2").arg(*name, ObsLog::redact(error)),
                NoticeBar::Level::Error);
    } else if (answer == QMessageBox::Yes)
        m_notice->showNotice(tr("Show “%1” resumed where it stopped.").arg(*name), NoticeBar::Level::Info);
    return true;
}

void MainWindow::setStreamTarget(const StreamTarget& target)
{
    ++m_restoreRequest;
    m_live->setStreamTarget(target);
    const PlatformPreset* byServer = DestinationDialog::presets().findByServer(target.url);
    setPlatformPreset(byServer ? byServer->id : PlatformPresets::customId());
}

const PlatformPreset& MainWindow::platformPreset() const
{
    return DestinationDialog::presets().findOrCustom(m_presetId);
}

void MainWindow::setPlatformPreset(const QString& id)
{
    const QString known = platformPreset().id;
    m_presetId = DestinationDialog::presets().findOrCustom(id).id;
    updateSafeArea();
    if (m_presetId != known)
        emit platformPresetChanged(m_presetId);
}

void MainWindow::updateSafeArea()
{
    m_preview->setSafeArea(platformPreset().safeArea(m_preview->canvasSize()));
    m_safeAreaAction->setStatusTip(tr("Safe area of %1").arg(platformPreset().displayName));
}

CardThemeDialog* MainWindow::openCardThemeDialog()
{
    if (auto* open = findChild<CardThemeDialog*>(); open && open->isVisible())
        return open; // one at a time: two would each restore their own "before" on Cancel
    auto* dialog = new CardThemeDialog(m_studio, m_settings, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &QDialog::accepted, this, [this] {
        if (m_settings)
            m_notice->showNotice(tr("Card style saved."), NoticeBar::Level::Info);
    });
    dialog->open();
    return dialog;
}

void MainWindow::restoreDestination()
{
    const std::optional<StreamDestination> selected = m_destinations->selected();
    if (!selected)
        return;
    m_live->setStreamTarget(StreamTarget { selected->url, {} }, selected->name);
    m_live->setStreamCanvas(selected->canvas);
    setPlatformPreset(selected->presetId);
    const quint64 request = ++m_restoreRequest;
    m_destinations->loadKey(
        selected->name, this, [this, request, destination = *selected](const SecretStore::Result& result) {
            if (request != m_restoreRequest)
                return; // a target was set meanwhile (command line, dialog): it wins
            if (result.ok()) {
                m_live->setStreamTarget(StreamTarget { destination.url, result.value }, destination.name);
                m_notice->showNotice(
                    tr("Streaming to “%1”, key from %2. TikTok keys change every show: check it before going live.")
                        .arg(
                            destination.name, m_destinations->keyPlaceText(m_destinations->keyPlace(destination.name))),
                    NoticeBar::Level::Info);
            } else if (result.status == SecretStore::Status::NotFound) {
                m_notice->showNotice(
                    tr("No stream key is saved for “%1”: set this show's key with the destination button.")
                        .arg(destination.name),
                    NoticeBar::Level::Warning);
            } else {
                // The keychain did not answer (no Secret Service, locked, D-Bus down): say what that
                // means for the show, not the raw error (which goes to the log).
                qWarning("keychain: %s", qPrintable(result.error));
                m_notice->showNotice(
                    tr("The keychain did not answer, so the key for “%1” could not be read. Enter this "
                       "show's key with the destination button: it is kept for this session only.")
                        .arg(destination.name),
                    NoticeBar::Level::Warning);
            }
            updateGuideDestination();
            emit destinationRestored(result.ok());
        });
}

DestinationDialog* MainWindow::openDestinationDialog()
{
    return openDestinationForm(new DestinationDialog(m_live->streamTarget(), m_destinations, this));
}

DestinationListDialog* MainWindow::openDestinationList()
{
    if (!m_destinations)
        return nullptr;
    if (auto* open = findChild<DestinationListDialog*>(); open && open->isVisible()) {
        open->raise();
        return open;
    }
    auto* list = new DestinationListDialog(*m_destinations, this);
    list->setAttribute(Qt::WA_DeleteOnClose);
    // Add and Edit open the form the window's own button opens: Save applies it to the show.
    list->setEditor([this](const QString& name, QWidget* over) {
        auto* dialog = new DestinationDialog(StreamTarget {}, m_destinations, over);
        if (name.isEmpty())
            dialog->startNewDestination();
        else
            dialog->selectDestination(name);
        return openDestinationForm(dialog);
    });
    list->setAlsoStreamToSource([this] {
        QStringList names;
        for (const DestinationSpec& d : m_live->extraDestinations())
            names.append(d.name);
        return names;
    });
    list->open();
    return list;
}

DestinationDialog* MainWindow::openDestinationForm(DestinationDialog* dialog)
{
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setHorizontalCanvasSize(m_studio.options().horizontalCanvas); // the engine's (issue 8)
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        // As setStreamTarget(), with the platform the seller chose rather than one looked up.
        ++m_restoreRequest;
        m_live->setStreamTarget(dialog->target(), dialog->destinationName());
        m_live->setStreamCanvas(dialog->canvas());
        setPlatformPreset(dialog->presetId());
        updateGuideDestination();
        // Several destinations (issue 11): the ticked saved destinations go live too, each with its
        // saved key (read from the keychain now; one without a key is left out and said so).
        const QStringList names = dialog->alsoStreamTo();
        QList<StreamDestination> chosen;
        for (const StreamDestination& saved : m_destinations->destinations()) {
            if (names.contains(saved.name))
                chosen.append(saved);
        }
        auto specs = std::make_shared<QList<DestinationSpec>>();
        auto left = std::make_shared<int>(static_cast<int>(chosen.size()));
        if (chosen.isEmpty())
            m_live->setExtraDestinations({});
        for (const StreamDestination& saved : std::as_const(chosen)) {
            m_destinations->loadKey(saved.name, this, [this, saved, names, specs, left](const SecretStore::Result& r) {
                if (r.ok() && !r.value.isEmpty())
                    specs->append(DestinationSpec { saved.name, StreamTarget { saved.url, r.value }, 0, saved.canvas });
                else
                    m_notice->showNotice(
                        tr("No stream key is saved for “%1”: it does not go live with this show.").arg(saved.name),
                        NoticeBar::Level::Warning);
                if (--*left > 0)
                    return;
                std::sort(specs->begin(), specs->end(), [&names](const DestinationSpec& a, const DestinationSpec& b) {
                    return names.indexOf(a.name) < names.indexOf(b.name);
                });
                m_live->setExtraDestinations(*specs);
            });
        }
    });
    QStringList ticked;
    for (const DestinationSpec& d : m_live->extraDestinations())
        ticked.append(d.name);
    dialog->setAlsoStreamTo(ticked);
    dialog->open();
    return dialog;
}

void MainWindow::setImportRunner(ImportDialog::Runner runner)
{
    m_importRunner = std::move(runner);
}

QString MainWindow::styleSheetText()
{
    QFile file(QStringLiteral(":/ui/studio.qss"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

ImportDialog* MainWindow::openImportDialog()
{
    auto* dialog = new ImportDialog(m_importRunner, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ImportDialog::imported, this, [this](const ImportReport& report) {
        m_catalog->reloadCatalog();
        m_studio.imageCache().start(); // the new products' photos, in the background
        m_notice->showNotice(
            report.summary(), report.rowsRejected() > 0 ? NoticeBar::Level::Warning : NoticeBar::Level::Info);
    });
    dialog->show();
    return dialog;
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    // Quitting ends what is running: ask first, with the consequence in plain words. Not after
    // SIGTERM: the operator's end was asked for already (the stream may still be stopping), and
    // Qt 6 closes the windows before it quits.
    QString title;
    QString text;
    QString quit;
    QString stay;
    if (m_terminating) {
        // no question
    } else if (m_studio.show().isStreaming()) {
        title = tr("End the show and quit?");
        text = tr("You are live. Quitting ends the stream for every viewer.");
        quit = tr("End show and quit");
        stay = tr("Stay live");
    } else if (m_studio.show().isRecording()) {
        title = tr("Stop recording and quit?");
        text = tr("The recording is running. Quitting stops it; what is recorded so far is kept.");
        quit = tr("Stop recording and quit");
        stay = tr("Keep recording");
    }
    if (!title.isEmpty()) {
        const auto answer
            = MessageBox::question(this, title, text, MessageBox::Buttons(QMessageBox::Yes | QMessageBox::Cancel),
                QMessageBox::Cancel, { { QMessageBox::Yes, quit }, { QMessageBox::Cancel, stay } });
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
    }
    keepStateForNextStart();
    QMainWindow::closeEvent(event);
}

void MainWindow::keepStateForNextStart()
{
    // A show ended on purpose is not offered for resuming at the next start.
    if (m_run && m_run->isOpen())
        m_run->close();
    if (m_settings) {
        m_settings->setHostMonitorOpen(m_hostMonitor != nullptr); // reopened at the next start
        // The docks as the seller left them, for the next start.
        if (m_settings->isWritable())
            m_settings->setWindowState(saveState());
        saveSettings();
    }
    if (m_hostMonitor)
        m_hostMonitor->close();
}

void MainWindow::endOnTerminationSignal()
{
    if (m_terminating)
        return;
    m_terminating = true;
    keepStateForNextStart();
    m_studio.show().endShow(true);
    // Qt's quit() ends the main event loop only once it runs: a question asked before it (Resume?)
    // or over it is ended by rejecting it, left unanswered.
    for (int i = 0; i < 16; ++i) {
        auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
        if (!dialog)
            break;
        dialog->reject();
    }
    QCoreApplication::quit();
}

QAction* MainWindow::addAction(
    QMenu* menu, const QString& name, const QString& text, const QKeySequence& shortcut, const QString& toolTip)
{
    auto* a = new QAction(text, this);
    a->setObjectName(name);
    if (!shortcut.isEmpty()) {
        a->setShortcut(shortcut);
        a->setShortcutContext(Qt::WindowShortcut);
        a->setToolTip(tr("%1 (%2)").arg(toolTip, shortcut.toString(QKeySequence::NativeText)));
    } else {
        a->setToolTip(toolTip);
    }
    a->setStatusTip(toolTip);
    menu->addAction(a);
    return a;
}

void MainWindow::createMenus()
{
    const auto newMenu = [this](const QString& name, const QString& title) {
        QMenu* m = menuBar()->addMenu(title);
        m->setObjectName(name + QStringLiteral("Menu"));
        m->setToolTipsVisible(true);
        m_menus.insert(name, m);
        return m;
    };

    // File: the catalog, where the show goes, quitting.
    QMenu* file = newMenu(QStringLiteral("file"), tr("&File"));
    connect(addAction(file, QStringLiteral("importAction"), tr("&Import catalog…"), QKeySequence(Qt::CTRL | Qt::Key_I),
                tr("Import the products of a Shopify, WooCommerce or other CSV file")),
        &QAction::triggered, this, &MainWindow::openImportDialog);
    connect(addAction(file, QStringLiteral("destinationsAction"), tr("&Destinations and stream keys…"),
                LiveControls::destinationShortcut(),
                tr("Your saved destinations and their stream keys: add, edit or remove them")),
        &QAction::triggered, this, [this] {
            if (m_destinations)
                openDestinationList(); // every saved destination: add, edit, remove (issue 8)
            else
                m_live->editDestination();
        });
    file->addSeparator();
    QAction* quit = addAction(file, QStringLiteral("quitAction"), tr("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q),
        tr("Quit Pinstage (asks first while live or recording)"));
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    // Edit: finding a product, the settings.
    QMenu* edit = newMenu(QStringLiteral("edit"), tr("&Edit"));
    // Ctrl+F itself belongs to the catalog panel (a shortcut of its own, also without menus): the
    // menu names it after a tab, so the two never compete for the key.
    const QString findKeys = QKeySequence(QKeySequence::Find).toString(QKeySequence::NativeText);
    QAction* find = addAction(edit, QStringLiteral("findAction"), tr("&Find product") + QLatin1Char('\t') + findKeys,
        QKeySequence(), tr("Search the catalog by name, SKU or barcode (%1)").arg(findKeys));
    connect(find, &QAction::triggered, this, [this] {
        m_catalogDock->show();
        m_catalog->searchBox()->setFocus(Qt::ShortcutFocusReason);
        m_catalog->searchBox()->selectAll();
    });
    edit->addSeparator();
    QAction* settingsAction
        = addAction(edit, QStringLiteral("settingsAction"), tr("&Settings…"), QKeySequence(Qt::CTRL | Qt::Key_Comma),
            tr("Video, encoder, audio devices, recording folder, show title and logo"));
    settingsAction->setMenuRole(QAction::PreferencesRole);
    settingsAction->setEnabled(false); // until the window has Settings (the three-argument constructor)
    connect(settingsAction, &QAction::triggered, this, [this] { openSettingsDialog(); });

    // View: the preview's guide, the docks, full screen.
    QMenu* view = newMenu(QStringLiteral("view"), tr("&View"));
    view->addAction(m_safeAreaAction);
    view->addSeparator();
    QAction* catalogToggle = m_catalogDock->toggleViewAction();
    catalogToggle->setObjectName(QStringLiteral("catalogDockAction"));
    catalogToggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    catalogToggle->setToolTip(
        tr("Show or hide the catalog (%1)").arg(catalogToggle->shortcut().toString(QKeySequence::NativeText)));
    view->addAction(catalogToggle);
    QAction* mixerToggle = m_mixerDock->toggleViewAction();
    mixerToggle->setObjectName(QStringLiteral("mixerDockAction"));
    mixerToggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    mixerToggle->setToolTip(
        tr("Show or hide the audio mixer (%1)").arg(mixerToggle->shortcut().toString(QKeySequence::NativeText)));
    view->addAction(mixerToggle);
    view->addSeparator();
    QAction* fullScreen = addAction(view, QStringLiteral("fullScreenAction"), tr("F&ull screen"),
        QKeySequence(Qt::Key_F11), tr("Fill the screen with the studio"));
    fullScreen->setCheckable(true);
    connect(fullScreen, &QAction::toggled, this, [this](bool on) { on ? showFullScreen() : showNormal(); });

    // Show: going live, rehearsing, recording.
    QMenu* show = newMenu(QStringLiteral("show"), tr("&Show"));
    connect(addAction(show, QStringLiteral("goLiveAction"), tr("&Go live"), LiveControls::goLiveShortcut(),
                tr("Check everything, then stream to the destination; ends the show while live (asks first)")),
        &QAction::triggered, this, [this] {
            const auto state = m_live->state();
            if (state == LiveControls::State::Idle || state == LiveControls::State::Rehearsal)
                requestGoLive();
            else
                m_live->stopStream(true);
        });
    QAction* reconnectNow = addAction(show, QStringLiteral("reconnectNowAction"), tr("Reconnect &now"), QKeySequence(),
        tr("A destination waiting to reconnect tries again at once instead of after its countdown"));
    connect(reconnectNow, &QAction::triggered, this, [this] { m_studio.show().reconnectNow(); });
    connect(
        addAction(show, QStringLiteral("rehearsalAction"), tr("Start &rehearsal"), LiveControls::rehearsalShortcut(),
            tr("Run the show without streaming: pin cards, switch scenes, try everything")),
        &QAction::triggered, m_live, &LiveControls::toggleRehearsal);
    connect(addAction(show, QStringLiteral("recordAction"), tr("Start r&ecording"), LiveControls::recordShortcut(),
                tr("Record the program to the recording folder")),
        &QAction::triggered, m_live, &LiveControls::toggleRecording);
    connect(addAction(show, QStringLiteral("cutClipsAction"), tr("Cut c&lips…"), QKeySequence(),
                tr("Cut a recording into one clip per product taken to air, ready to post")),
        &QAction::triggered, this, &MainWindow::cutClips);
    show->addSeparator();
    connect(addAction(show, QStringLiteral("preflightAction"), tr("&Check before going live…"),
                QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P),
                tr("List what is missing or wrong before going live, with a fix for each")),
        &QAction::triggered, this, [this] { openPreflightDialog(); });

    // Help.
    QMenu* help = newMenu(QStringLiteral("help"), tr("&Help"));
    connect(addAction(help, QStringLiteral("setupGuideAction"), tr("&Setup guide…"), QKeySequence(Qt::Key_F1),
                tr("Platform and key, camera, microphone and catalog, step by step")),
        &QAction::triggered, this, [this] { openFirstRunGuide(); });
    QAction* about = addAction(help, QStringLiteral("aboutAction"), tr("&About Pinstage"), QKeySequence(),
        tr("Versions of Pinstage, libobs, Qt and FFmpeg"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, [this] { openAboutDialog(); });

    updateShowActions();
}

void MainWindow::cutClips()
{
    const QString folder = m_settings ? m_settings->recordingFolder() : Settings::defaultRecordingFolder();
    const QString recording = QFileDialog::getOpenFileName(
        this, tr("Cut clips from a recording"), folder, tr("Recordings (*.mp4 *.mkv *.mov *.flv *.ts)"));
    if (recording.isEmpty())
        return;
    const QString shows = m_studio.showLog().filePath().isEmpty()
        ? QFileInfo(m_studio.catalog().path()).dir().filePath(QStringLiteral("shows"))
        : QFileInfo(m_studio.showLog().filePath()).absolutePath();
    QString log = RecordingFinisher::findShowLog(shows, recording);
    if (log.isEmpty()) {
        log = QFileDialog::getOpenFileName(
            this, tr("The show log of %1").arg(QFileInfo(recording).fileName()), shows, tr("Show logs (*.jsonl)"));
        if (log.isEmpty())
            return;
    }
    m_recordingFinisher->cutClips(recording, log);
}

PreflightDialog* MainWindow::preflightDialog() const
{
    return m_preflight;
}

SettingsDialog* MainWindow::settingsDialog() const
{
    return m_settingsDialog;
}

FirstRunGuide* MainWindow::firstRunGuide() const
{
    return m_guide;
}

QMenu* MainWindow::menu(const QString& name) const
{
    return m_menus.value(name);
}

QAction* MainWindow::action(const QString& name) const
{
    for (QMenu* m : m_menus)
        for (QAction* a : m->actions())
            if (a->objectName() == name)
                return a;
    return nullptr;
}

void MainWindow::updateShowActions()
{
    using State = LiveControls::State;
    const State state = m_live->state();
    if (QAction* a = action(QStringLiteral("goLiveAction"))) {
        const bool onAir = state == State::Connecting || state == State::Live || state == State::Reconnecting;
        a->setText(onAir ? tr("&End show") : tr("&Go live"));
        a->setEnabled(state != State::Ending);
    }
    if (QAction* a = action(QStringLiteral("rehearsalAction"))) {
        a->setText(state == State::Rehearsal ? tr("End &rehearsal") : tr("Start &rehearsal"));
        a->setEnabled(state == State::Idle || state == State::Rehearsal);
    }
    if (QAction* a = action(QStringLiteral("recordAction")))
        a->setText(m_studio.show().isRecording() ? tr("Stop r&ecording") : tr("Start r&ecording"));
    if (QAction* a = action(QStringLiteral("preflightAction")))
        a->setEnabled(state == State::Idle || state == State::Rehearsal);
    if (QAction* a = action(QStringLiteral("reconnectNowAction"))) {
        bool waiting = false;
        if (state == State::Connecting || state == State::Live || state == State::Reconnecting) {
            const QList<DestinationStatus> destinations = m_studio.show().destinations();
            for (const DestinationStatus& d : destinations)
                waiting = waiting || (d.state == DestinationStatus::State::Reconnecting && d.retryInSeconds >= 0);
        }
        a->setEnabled(waiting);
    }
}

void MainWindow::requestGoLive()
{
    m_live->requestGoLive();
}

PreflightFacts MainWindow::preflightFacts() const
{
    PreflightFacts f;
    f.target = m_live->streamTarget();
    f.destinationName = m_live->destinationName();
    f.video = m_studio.options().video;
    f.encoder = m_studio.outputs().encoders().settings();
    f.microphoneWanted = m_studio.options().microphone != QLatin1String("none");
    const SceneCollection& scenes = m_studio.scenes();
    const QStringList audio = scenes.audioSourceNames();
    for (const SourceDocument& s : scenes.document().sources) {
        if (s.type != QLatin1String("pulse_input_capture"))
            continue;
        if (!audio.contains(s.name)) {
            f.audioServer = false; // in the collection, but libobs could not open it
            continue;
        }
        f.microphones << s.name;
        if (s.muted)
            f.mutedMicrophones << s.name;
    }
    if (!f.microphones.isEmpty())
        f.audioServer = true;
    f.recordingFolder
        = m_live->recordingFolder().isEmpty() ? Settings::defaultRecordingFolder() : m_live->recordingFolder();
    // The folder, or the nearest one above it that exists (the recording makes the rest).
    QFileInfo existing(f.recordingFolder);
    while (!existing.exists() && existing.absoluteFilePath() != existing.absolutePath())
        existing = QFileInfo(existing.absolutePath());
    f.folderUsable = existing.isDir() && existing.isWritable();
    const QStorageInfo storage(existing.absoluteFilePath());
    f.freeBytes = storage.isValid() ? storage.bytesAvailable() : -1;
    return f;
}

QList<PreflightItem> MainWindow::preflightItems()
{
    QList<PreflightItem> items = preflightCheck(preflightFacts());
    for (PreflightItem& item : items) {
        if (item.id == QLatin1String("destination") || item.id == QLatin1String("key")) {
            item.fixLabel = item.id == QLatin1String("key") ? tr("Enter the key…") : tr("Set the destination…");
            // The fix opens the dialog with the keyboard in the field it is about (issue 8).
            const DestinationDialog::Field field = item.id == QLatin1String("key") ? DestinationDialog::Field::Key
                : m_live->streamTarget().url.trimmed().isEmpty()                   ? DestinationDialog::Field::Platform
                                                                                   : DestinationDialog::Field::Url;
            item.fix = [this, field] {
                if (m_destinations) {
                    DestinationDialog* dialog = openDestinationDialog();
                    dialog->focusField(field);
                    recheckPreflightAfter(dialog);
                } else if (m_live->editDestination() && m_preflight) {
                    m_preflight->recheck();
                }
            };
        } else if (item.id == QLatin1String("microphone-muted")) {
            const QString mic = item.subject;
            item.fixLabel = tr("Unmute");
            item.fix = [this, mic] {
                QString error;
                if (!m_studio.scenes().setMuted(mic, false, &error))
                    m_notice->showNotice(error, NoticeBar::Level::Warning);
                m_micCheck->refresh();
                if (m_preflight)
                    m_preflight->recheck();
            };
        } else if (item.id == QLatin1String("sound-system")) {
            // Outside Pinstage: the item says how to start it; no button that cannot fix it.
        } else if (m_settings) {
            const QString page = item.id == QLatin1String("canvas") ? QStringLiteral("video")
                : item.id == QLatin1String("encoder")               ? QStringLiteral("encoder")
                : item.id == QLatin1String("microphone")            ? QStringLiteral("audio")
                                                                    : QStringLiteral("recording");
            item.fixLabel = page == QLatin1String("recording") ? tr("Choose another folder…") : tr("Open settings…");
            item.fix = [this, page] { recheckPreflightAfter(openSettingsDialog(page)); };
        }
    }
    return items;
}

void MainWindow::recheckPreflightAfter(QDialog* dialog)
{
    if (!dialog)
        return;
    // Queued: the dialog's own accepted() handlers (which apply what it changed) run first.
    connect(
        dialog, &QDialog::finished, this,
        [this] {
            if (m_preflight)
                m_preflight->recheck();
        },
        Qt::QueuedConnection);
}

PreflightDialog* MainWindow::openPreflightDialog()
{
    if (m_preflight) {
        m_preflight->recheck();
        m_preflight->raise();
        return m_preflight;
    }
    auto* dialog = new PreflightDialog([this] { return preflightItems(); }, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_preflight = dialog;
    // From Go Live or from the Show menu: accepting it goes live.
    connect(dialog, &QDialog::accepted, m_live, &LiveControls::goLive);
    dialog->open();
    return dialog;
}

SettingsDialog* MainWindow::openSettingsDialog(const QString& page)
{
    if (!m_settings)
        return nullptr;
    if (m_settingsDialog) {
        m_settingsDialog->showPage(page);
        m_settingsDialog->raise();
        return m_settingsDialog;
    }
    auto* dialog = new SettingsDialog(*m_settings, &m_studio, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setBitrateCeiling(platformPreset().maxVideoKbps, platformPreset().displayName);
    dialog->setHotkeys(m_hotkeys);
    if (!page.isEmpty())
        dialog->showPage(page);
    m_settingsDialog = dialog;
    connect(dialog, &SettingsDialog::recordingFolderChanged, m_live, &LiveControls::setRecordingFolder);
    connect(dialog, &SettingsDialog::destinationsRequested, this, [this] { openDestinationDialog(); });
    connect(dialog, &SettingsDialog::applied, this, [this](const QStringList& later) {
        if (later.isEmpty())
            m_notice->showNotice(tr("Settings saved and applied."), NoticeBar::Level::Info);
        else
            m_notice->showNotice(
                tr("Settings saved; %1.").arg(later.join(QStringLiteral("; "))), NoticeBar::Level::Info);
    });
    dialog->open();
    return dialog;
}

void MainWindow::updateGuideDestination()
{
    if (!m_guide)
        return;
    const StreamTarget& target = m_live->streamTarget();
    const QString name = m_live->destinationName(); // its one name (issue 8)
    if (target.url.isEmpty())
        m_guide->setDestinationStatus(tr("No platform chosen yet."), false);
    else if (target.key.isEmpty())
        m_guide->setDestinationStatus(tr("“%1” is set; paste this show's stream key.").arg(name), false);
    else
        m_guide->setDestinationStatus(tr("Ready: “%1”, with a stream key.").arg(name), true);
    // Where the key is kept (issue 8): plainly "until Pinstage quits" when no keychain answers.
    using Keeping = FirstRunGuide::KeyKeeping;
    if (!m_destinations)
        return; // no saved destinations (a window without settings): nothing is kept
    if (!m_destinations->keychain().isPersistent())
        m_guide->setKeyKeeping(m_destinations->keyFileOptedIn() ? Keeping::KeyFile : Keeping::SessionOnly);
    else if (const std::optional<bool> answers = m_destinations->keychainAnswers())
        m_guide->setKeyKeeping(*answers            ? Keeping::Keychain
                : m_destinations->keyFileOptedIn() ? Keeping::KeyFile
                                                   : Keeping::SessionOnly);
}

FirstRunGuide* MainWindow::openFirstRunGuide()
{
    if (m_guide) {
        m_guide->raise();
        return m_guide;
    }
    auto* guide = new FirstRunGuide(m_studio.scenes(), this);
    guide->setAttribute(Qt::WA_DeleteOnClose);
    guide->setCameraSwitchedOff(m_studio.options().camera == QLatin1String("none")); // issue 8: not "plug one in"
    m_guide = guide;
    connect(guide, &FirstRunGuide::destinationRequested, this, [this] {
        if (m_destinations)
            openDestinationDialog();
        else if (m_live->editDestination())
            updateGuideDestination();
    });
    connect(guide, &FirstRunGuide::importRequested, this, [this] {
        ImportDialog* dialog = openImportDialog();
        connect(dialog, &ImportDialog::imported, this, [this](const ImportReport& report) {
            if (m_guide)
                m_guide->setCatalogStatus(report.summary());
        });
    });
    // Finished or skipped (Escape), the guide does not come back by itself.
    connect(guide, &QDialog::finished, this, [this] {
        if (!m_settings)
            return;
        m_settings->setFirstRunDone(true);
        QString error;
        if (!m_settings->save(&error))
            m_notice->showNotice(error, NoticeBar::Level::Warning);
    });
    const int variants = m_studio.catalog().variantCount();
    guide->setCatalogStatus(variants == 1 ? tr("%n product variant in the catalog.", nullptr, variants)
                                          : tr("%n product variants in the catalog.", nullptr, variants));
    updateGuideDestination();
    if (m_destinations && m_destinations->keychain().isPersistent() && !m_destinations->keychainAnswers())
        // Asked once; the answer (or its absence) never holds the guide up.
        m_destinations->probeKeychain(guide, [this](bool) { updateGuideDestination(); });
    guide->open();
    return guide;
}

FirstRunGuide* MainWindow::showFirstRunGuideIfNeeded()
{
    if (!m_settings || m_settings->firstRunDone())
        return nullptr;
    return openFirstRunGuide();
}

AboutDialog* MainWindow::openAboutDialog()
{
    auto* dialog = new AboutDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

void MainWindow::applyStudioTheme(QApplication& app)
{
    // Fusion draws every widget from the palette, so dialogs, menus and Qt's file dialog are dark
    // even where the style sheet has no rule; the sheet then gives the studio its look.
    QApplication::setAttribute(Qt::AA_DontUseNativeDialogs);
    if (QStyle* fusion = QStyleFactory::create(QStringLiteral("Fusion")))
        QApplication::setStyle(fusion);
    QPalette p;
    const QColor window(0x12, 0x15, 0x1b), base(0x0e, 0x10, 0x14), raised(0x1d, 0x22, 0x2b);
    const QColor text(0xe8, 0xea, 0xee), muted(0x8b, 0x93, 0xa1), accent(0x3b, 0x6f, 0xe0);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x14, 0x18, 0x20));
    p.setColor(QPalette::ToolTipBase, raised);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, muted);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x23, 0x29, 0x35));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x3b, 0x5c));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x4a, 0x7a));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, accent);
    p.setColor(QPalette::Light, QColor(0x2f, 0x37, 0x45));
    p.setColor(QPalette::Midlight, QColor(0x2a, 0x31, 0x3d));
    p.setColor(QPalette::Mid, QColor(0x23, 0x29, 0x35));
    p.setColor(QPalette::Dark, QColor(0x0b, 0x0d, 0x11));
    p.setColor(QPalette::Shadow, Qt::black);
    for (const auto role : { QPalette::WindowText, QPalette::Text, QPalette::ButtonText })
        p.setColor(QPalette::Disabled, role, QColor(0x5c, 0x63, 0x70));
    QApplication::setPalette(p);
    app.setStyleSheet(styleSheetText());
}

} // namespace pinstage
