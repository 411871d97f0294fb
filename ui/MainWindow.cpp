// SPDX-License-Identifier: GPL-2.0-or-later
#include "MainWindow.h"

#include "MessageBox.h"
#include "catalog/Catalog.h"
#include "catalog/CatalogImporter.h"
#include "catalog/ImageCache.h"
#include "dialogs/DestinationDialog.h"
#include "docks/AudioMixerDock.h"
#include "docks/CatalogPanel.h"
#include "docks/QueuePanel.h"
#include "obs/Hotkeys.h"
#include "output/PlatformPreset.h"
#include "output/StreamTarget.h"
#include "settings/DestinationBook.h"
#include "settings/SecretStore.h"
#include "settings/Settings.h"
#include "show/MicrophoneCheck.h"
#include "show/RunOfShow.h"
#include "show/ShowBook.h"
#include "show/ShowController.h"
#include "show/Studio.h"
#include "widgets/LiveControls.h"
#include "widgets/NoticeBar.h"
#include "widgets/PreviewWidget.h"
#include "widgets/StatsBar.h"
#include "windows/HostMonitor.h"

#include <QAction>
#include <QBoxLayout>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QStatusBar>
#include <QToolBar>

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
    setWindowTitle(tr("Pinstage — %1").arg(studio.options().title));
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
    m_safeAreaAction->setToolTip(tr("Show where the platform draws its own buttons and comments (Ctrl+Shift+G); "
                                    "only in the preview, never in the stream"));
    connect(m_safeAreaAction, &QAction::toggled, this, [this](bool shown) {
        m_preview->setSafeAreaGuideVisible(shown);
        if (m_settings) {
            m_settings->setSafeAreaGuide(shown);
            QString error;
            if (!m_settings->save(&error))
                m_notice->showNotice(error, NoticeBar::Level::Warning);
        }
    });
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    view->setToolTipsVisible(true);
    view->addAction(m_safeAreaAction);
    view->addSeparator();
    view->addAction(m_mixerDock->toggleViewAction());
    m_preview->setSafeAreaGuideVisible(m_safeAreaAction->isChecked());
    updateSafeArea();

    // Bottom: statistics.
    statusBar()->setObjectName(QStringLiteral("statusBar"));
    statusBar()->setSizeGripEnabled(false);
    statusBar()->addPermanentWidget(m_stats, 1);

    connect(m_live, &LiveControls::notice, m_notice, &NoticeBar::showNotice);
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
                    tr("%n product photo(s) could not be used: %1", nullptr, int(report.warnings.size()))
                        .arg(report.warnings.first().text()),
                    NoticeBar::Level::Warning);
        });

    setUpRunOfShow();
}

MainWindow::MainWindow(Studio& studio, Settings& settings, SecretStore& secrets, QWidget* parent)
    : MainWindow(studio, parent)
{
    m_destinations = new DestinationBook(settings, secrets, this);
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
    connect(m_hotkeys, &Hotkeys::bindingChanged, this, &MainWindow::saveSettings);

    // Destinations are edited in the dialog of saved destinations, not LiveControls' in-memory one.
    m_live->setDestinationEditor([this] { openDestinationDialog(); });

    connect(m_destinations, &DestinationBook::saved, this, [this](const DestinationBook::SaveResult& result) {
        if (!result.problem.isEmpty())
            m_notice->showNotice(result.problem, NoticeBar::Level::Warning);
        else
            m_notice->showNotice(result.keyRemembered
                    ? tr("Destination “%1” saved; its key is in %2.")
                          .arg(result.destination.name, m_destinations->keychain().description())
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
    m_hostMonitorAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H));
    m_hostMonitorAction->setToolTip(tr("The host's window for a second screen: card on air, next up, talking points, "
                                       "sale countdown and show time in large type (Ctrl+Shift+H)"));
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
    const auto answer = MessageBox::questionWithLabels(this, tr("Resume “%1”?").arg(*name),
        tr("The show “%1” was interrupted (the app stopped while it ran).\n\n"
           "Resume puts everything back where it was: the queue, the card on air, Next up, a running sale "
           "with its time left, and the show log.\nStart fresh opens the show from the top of its queue "
           "with nothing on air.")
            .arg(*name),
        MessageBox::Buttons(QMessageBox::Yes | QMessageBox::No), QMessageBox::Yes,
        { { QMessageBox::Yes, tr("Resume") }, { QMessageBox::No, tr("Start fresh") } });
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
    else if (answer == QMessageBox::Yes)
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

void MainWindow::restoreDestination()
{
    const std::optional<StreamDestination> selected = m_destinations->selected();
    if (!selected)
        return;
    m_live->setStreamTarget(StreamTarget { selected->url, {} });
    setPlatformPreset(selected->presetId);
    const quint64 request = ++m_restoreRequest;
    m_destinations->loadKey(
        selected->name, this, [this, request, destination = *selected](const SecretStore::Result& result) {
            if (request != m_restoreRequest)
                return; // a target was set meanwhile (command line, dialog): it wins
            if (result.ok()) {
                m_live->setStreamTarget(StreamTarget { destination.url, result.value });
                m_notice->showNotice(
                    tr("Streaming to “%1”, key from %2. TikTok keys change every show: check it before going live.")
                        .arg(destination.name, m_destinations->keychain().description()),
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
            emit destinationRestored(result.ok());
        });
}

DestinationDialog* MainWindow::openDestinationDialog()
{
    auto* dialog = new DestinationDialog(m_live->streamTarget(), m_destinations, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        // As setStreamTarget(), with the platform the seller chose rather than one looked up.
        ++m_restoreRequest;
        m_live->setStreamTarget(dialog->target());
        setPlatformPreset(dialog->presetId());
    });
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
    // Quitting ends what is running: ask first, with the consequence in plain words.
    QString title;
    QString text;
    if (m_studio.show().isStreaming()) {
        title = tr("End the show and quit?");
        text = tr("You are live. Quitting ends the stream for every viewer.");
    } else if (m_studio.show().isRecording()) {
        title = tr("Stop recording and quit?");
        text = tr("The recording is running. Quitting stops it; what is recorded so far is kept.");
    }
    if (!title.isEmpty()) {
        const auto answer = MessageBox::question(
            this, title, text, MessageBox::Buttons(QMessageBox::Yes | QMessageBox::Cancel), QMessageBox::Cancel);
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
    }
    // A show ended on purpose is not offered for resuming at the next start.
    if (m_run && m_run->isOpen())
        m_run->close();
    if (m_settings) {
        m_settings->setHostMonitorOpen(m_hostMonitor != nullptr); // reopened at the next start
        saveSettings();
    }
    if (m_hostMonitor)
        m_hostMonitor->close();
    QMainWindow::closeEvent(event);
}

} // namespace pinstage
