// SPDX-License-Identifier: GPL-2.0-or-later
// Going live from the studio window, on a private Xvfb with a private PulseAudio (a 440 Hz
// microphone) and a real Studio at 360x640: the menus and their shortcuts, the pre-flight check
// (a missing key blocks Go Live and its Fix button opens the destination dialog; a muted
// microphone is unmuted by its button), the end-show question only when live, the first-run
// guide (Escape skips it, it is remembered, Help reopens it, its meter follows the microphone),
// the settings dialog's validation (the message next to the field, nothing invalid saved), the
// About box's versions, and a stream key entered in the window, streamed into nginx-rtmp, and
// then found nowhere: not in a log, the settings file, any file of the data folder, nor any text
// the window shows.
//
// With PINSTAGE_SCREENSHOT_DIR set, screenshots() writes the README's pictures there.
#include "MainWindow.h"
#include "MessageBox.h"
#include "NginxRtmpServer.h"
#include "PulseAudioServer.h"
#include "TestDisplay.h"
#include "TestTempDir.h"
#include "XvfbServer.h"
#include "dialogs/AboutDialog.h"
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
#include "models/VariantListModel.h"
#include "obs/Hotkeys.h"
#include "output/ObsOutputs.h"
#include "scene/SceneCollection.h"
#include "settings/DestinationBook.h"
#include "settings/MemorySecretStore.h"
#include "settings/Settings.h"
#include "show/ShowController.h"
#include "show/Studio.h"
#include "widgets/HotkeysEditor.h"
#include "widgets/LiveControls.h"
#include "widgets/NoticeBar.h"
#include "widgets/PreviewWidget.h"
#include "widgets/StatsBar.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDirIterator>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMutex>
#include <QPointer>
#include <QPushButton>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QScreen>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <obs.h>

#include <memory>

using namespace pinstage;
using namespace pinstage::test;

namespace {

QByteArray fileBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Every message Qt and libobs (through ObsLog's Qt messages) printed in this process.
QMutex g_messagesMutex;
QStringList g_messages;
QtMessageHandler g_previousHandler = nullptr;

void collectMessage(QtMsgType type, const QMessageLogContext& context, const QString& text)
{
    {
        QMutexLocker lock(&g_messagesMutex);
        g_messages << text;
    }
    if (g_previousHandler)
        g_previousHandler(type, context, text);
}

// A keychain that never answers (no Secret Service on the session bus), as KeychainSecretStore
// reports it: persistent in principle, Unavailable for every call.
class DeadKeychain : public SecretStore {
public:
    void readSecret(const QString&, QObject* context, Callback callback) override { fail(context, callback); }
    void writeSecret(const QString&, const QString&, QObject* context, Callback callback) override
    {
        fail(context, callback);
    }
    // A delete fails as a real session bus without a Secret Service may answer it (a D-Bus
    // autolaunch error QtKeychain reports as OtherError): never a text for the seller.
    void deleteSecret(const QString&, QObject* context, Callback callback) override
    {
        ++calls;
        ++deletes;
        QMetaObject::invokeMethod(
            context,
            [callback] {
                callback({ Status::Failed, {},
                    QStringLiteral("Pinstage could not remove the stream key from the keychain (the keychain said: "
                                   "/usr/bin/dbus-launch terminated abnormally)") });
            },
            Qt::QueuedConnection);
    }
    bool isPersistent() const override { return true; }
    int deletes = 0;
    QString description() const override { return QStringLiteral("the system keychain"); }
    int calls = 0;

private:
    void fail(QObject* context, Callback callback)
    {
        ++calls;
        QMetaObject::invokeMethod(
            context,
            [callback] {
                callback({ Status::Unavailable, {},
                    QStringLiteral("No keychain service is running on this computer (org.freedesktop.secrets)") });
            },
            Qt::QueuedConnection);
    }
};

QString ingestFailure(const QString& error)
{
    return QStringLiteral("cannot start the private RTMP ingest (Debian packages nginx and libnginx-mod-rtmp; "
                          "packaging/install-deps.sh installs them): ")
        + error;
}

} // namespace

class tst_GoLive : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void menusHoldEveryActionWithShortcut();
    void preflightMissingKeyBlocksAndFixOpensDestination();
    void preflightUnmutesMicrophone();
    void endShowAsksOnlyWhenLive();
    void terminationSignalWhileLiveAsksNothing();
    void firstRunGuideSkipsOnEscapeAndReopensFromHelp();
    void settingsValidationNextToFieldSavesNothingInvalid();
    void settingsSaveAppliesRecordingFolderAndEncoder();
    void settingsHotkeysPageAppliesOnSave();
    void aboutNamesVersions();
    void docksRememberedAcrossWindows();
    void defaultLayoutFitsSmallScreens();
    void microphoneDeviceAppliedAtOnce();
    void noKeychainIsSaidBeforeSave();
    void streamKeyNowhereAfterLive();
    void screenshots();

private:
    void goLiveThroughPreflight(MainWindow& window);
    void endShow(MainWindow& window);

    QTemporaryDir m_data;
    std::unique_ptr<Studio> m_studio;
    std::unique_ptr<TestTempDir> m_config;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<MemorySecretStore> m_keychain;
    std::unique_ptr<MainWindow> m_window;
};

void tst_GoLive::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    g_previousHandler = qInstallMessageHandler(collectMessage);
    QVERIFY(m_data.isValid());
    Studio::Options options;
    options.dataDir = m_data.path();
    options.video.canvas = QSize(360, 640);
    options.video.fps = 30;
    options.camera = QStringLiteral("none"); // the test pattern
    QString error;
    m_studio = Studio::create(options, &error);
    QVERIFY2(m_studio, qPrintable(error));
    QVERIFY2(m_studio->scenes().audioSourceNames().contains(QStringLiteral("Microphone")),
        qPrintable(m_studio->scenes().warnings().join(QLatin1Char('\n'))));
}

void tst_GoLive::cleanupTestCase()
{
    m_window.reset();
    m_studio.reset();
    qInstallMessageHandler(g_previousHandler);
}

void tst_GoLive::init()
{
    // Each test gets a fresh settings file and keychain, and a window built on them.
    m_config = std::make_unique<TestTempDir>(QStringLiteral("golive-config"));
    m_settings = std::make_unique<Settings>(m_config->filePath(QStringLiteral("pinstage.ini")));
    QVERIFY(m_settings->load());
    m_keychain = std::make_unique<MemorySecretStore>();
    m_window = std::make_unique<MainWindow>(*m_studio, *m_settings, *m_keychain);
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get(), kWindowWaitMs));
}

void tst_GoLive::cleanup()
{
    if (m_studio->show().state() != ShowController::State::Idle) {
        m_studio->show().endShow(true);
        QTRY_COMPARE_WITH_TIMEOUT(m_studio->show().state(), ShowController::State::Idle, 15000);
    }
    if (m_studio->show().isRecording()) {
        m_studio->show().stopRecording();
        QTRY_VERIFY_WITH_TIMEOUT(!m_studio->show().isRecording(), 15000);
    }
    for (QWidget* w : QApplication::topLevelWidgets())
        if (auto* d = qobject_cast<QDialog*>(w); d && d->isVisible())
            d->reject();
    m_window.reset();
    m_keychain.reset();
    m_settings.reset();
    m_config.reset();
}

void tst_GoLive::goLiveThroughPreflight(MainWindow& window)
{
    window.action(QStringLiteral("goLiveAction"))->trigger();
    if (window.liveControls()->state() == LiveControls::State::Idle
        || window.liveControls()->state() == LiveControls::State::Rehearsal) {
        // Warnings only (e.g. little disk space in the test's temp folder): accept them.
        PreflightDialog* preflight = window.preflightDialog();
        QVERIFY2(preflight, "neither connecting nor a pre-flight dialog");
        QVERIFY2(!preflight->hasBlocking(), qPrintable(preflight->items().first().text));
        QTest::mouseClick(preflight->goLiveButton(), Qt::LeftButton);
    }
    QTRY_COMPARE_WITH_TIMEOUT(window.liveControls()->state(), LiveControls::State::Live, 15000);
}

void tst_GoLive::endShow(MainWindow& window)
{
    MessageBox::setNextAnswer(QMessageBox::Yes);
    window.action(QStringLiteral("goLiveAction"))->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(window.liveControls()->state(), LiveControls::State::Idle, 15000);
}

void tst_GoLive::menusHoldEveryActionWithShortcut()
{
    MainWindow& w = *m_window;
    QStringList titles;
    for (QAction* a : w.menuBar()->actions())
        titles << a->text().remove(QLatin1Char('&'));
    QCOMPARE(titles, (QStringList { "File", "Edit", "View", "Show", "Help" }));
    for (const QString& name : QStringList { "file", "edit", "view", "show", "help" })
        QVERIFY2(w.menu(name), qPrintable(name));
    QVERIFY(!w.menu(QStringLiteral("tools")));

    const QList<QPair<QString, QString>> expected {
        { "file", "importAction" },
        { "file", "destinationsAction" },
        { "file", "quitAction" },
        { "edit", "findAction" },
        { "edit", "settingsAction" },
        { "view", "safeAreaGuideAction" },
        { "view", "catalogDockAction" },
        { "view", "mixerDockAction" },
        { "view", "fullScreenAction" },
        { "show", "goLiveAction" },
        { "show", "rehearsalAction" },
        { "show", "recordAction" },
        { "show", "preflightAction" },
        { "help", "setupGuideAction" },
        { "help", "aboutAction" },
    };
    QSet<QKeySequence> seen;
    for (const auto& [menu, name] : expected) {
        QAction* a = w.action(name);
        QVERIFY2(a, qPrintable(name));
        QVERIFY2(w.menu(menu)->actions().contains(a), qPrintable(name + QStringLiteral(" not in ") + menu));
        if (name == QLatin1String("aboutAction"))
            continue;
        if (name == QLatin1String("findAction")) {
            // The catalog panel owns Ctrl+F; the menu names it.
            QVERIFY(a->text().endsWith(QStringLiteral("\tCtrl+F")));
            QVERIFY(a->toolTip().contains(QStringLiteral("Ctrl+F")));
            continue;
        }
        QVERIFY2(!a->shortcut().isEmpty(), qPrintable(name));
        QVERIFY2(!seen.contains(a->shortcut()), qPrintable(name + QStringLiteral(": shortcut used twice")));
        seen.insert(a->shortcut());
        // The tooltip names the shortcut as the seller's keyboard shows it.
        QVERIFY2(a->toolTip().contains(a->shortcut().toString(QKeySequence::NativeText)),
            qPrintable(name + QStringLiteral(": ") + a->toolTip()));
    }
    QVERIFY(w.action(QStringLiteral("settingsAction"))->isEnabled());
    QVERIFY(w.liveControls()->goLiveButton()->toolTip().contains(
        LiveControls::goLiveShortcut().toString(QKeySequence::NativeText)));

    // The shortcut works from the window: Ctrl+Shift+H starts a rehearsal, again ends it.
    // Xvfb has no window manager to hand the focus over: make the window the active one, as a
    // click on it would (window shortcuts only work in the active window).
    w.activateWindow();
    QApplication::setActiveWindow(&w);
    QTRY_VERIFY(w.isActiveWindow());
    QTest::keyClick(&w, Qt::Key_H, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE(w.liveControls()->state(), LiveControls::State::Rehearsal);
    QCOMPARE(
        w.action(QStringLiteral("rehearsalAction"))->text().remove(QLatin1Char('&')), QStringLiteral("End rehearsal"));
    QTest::keyClick(&w, Qt::Key_H, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE(w.liveControls()->state(), LiveControls::State::Idle);

    // A dock closed from the View menu comes back from it.
    QAction* mixer = w.action(QStringLiteral("mixerDockAction"));
    QVERIFY(w.mixerDock()->isVisible());
    mixer->trigger();
    QVERIFY(!w.mixerDock()->isVisible());
    mixer->trigger();
    QVERIFY(w.mixerDock()->isVisible());
}

void tst_GoLive::preflightMissingKeyBlocksAndFixOpensDestination()
{
    MainWindow& w = *m_window;
    NginxRtmpServer server;
    QString error;
    if (!server.start(&error))
        QFAIL(qPrintable(ingestFailure(error)));
    // A server but no key (a TikTok key is per show): Go Live must not connect.
    w.setStreamTarget(StreamTarget { server.url(), QString() });
    QTest::mouseClick(w.liveControls()->goLiveButton(), Qt::LeftButton);
    QCOMPARE(w.liveControls()->state(), LiveControls::State::Idle);
    QPointer<PreflightDialog> preflight = w.preflightDialog();
    QVERIFY(preflight);
    QTRY_VERIFY(preflight->isVisible());
    QVERIFY(preflight->hasBlocking());
    QVERIFY2(preflight->itemText(QStringLiteral("key")).contains(QStringLiteral("No stream key")),
        qPrintable(preflight->itemText(QStringLiteral("key"))));
    QVERIFY(!preflight->goLiveButton()->isEnabled());
    QPushButton* fix = preflight->fixButton(QStringLiteral("key"));
    QVERIFY(fix);
    QCOMPARE(fix->text(), QStringLiteral("Enter the key…"));

    // Its one button opens the destination dialog; a key saved there clears the problem.
    QTest::mouseClick(fix, Qt::LeftButton);
    const auto dialogs = w.findChildren<DestinationDialog*>();
    QCOMPARE(dialogs.size(), 1);
    DestinationDialog* destination = dialogs.first();
    QTRY_VERIFY(destination->isVisible());
    QCOMPARE(destination->urlEdit()->text(), server.url());
    destination->nameBox()->setEditText(QStringLiteral("Local ingest"));
    QTest::keyClicks(destination->keyEdit(), QStringLiteral("preflight-key"));
    destination->accept();
    QTRY_VERIFY(preflight->itemText(QStringLiteral("key")).isEmpty());
    QVERIFY(!preflight->hasBlocking());
    QVERIFY(preflight->goLiveButton()->isEnabled());

    // Accepting it goes live.
    QTest::mouseClick(preflight->goLiveButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(w.liveControls()->state(), LiveControls::State::Live, 15000);
    endShow(w);
}

void tst_GoLive::preflightUnmutesMicrophone()
{
    MainWindow& w = *m_window;
    SceneCollection& scenes = m_studio->scenes();
    const QString mic = QStringLiteral("Microphone");
    QString error;
    QVERIFY2(scenes.setMuted(mic, true, &error), qPrintable(error));
    auto unmute = qScopeGuard([&] { scenes.setMuted(mic, false, nullptr); });
    w.setStreamTarget(StreamTarget { QStringLiteral("rtmp://127.0.0.1:1/live"), QStringLiteral("mute-test") });

    PreflightDialog* preflight = w.openPreflightDialog();
    QVERIFY(preflight);
    QVERIFY(preflight->itemText(QStringLiteral("microphone-muted")).contains(mic));
    QVERIFY(!preflight->hasBlocking()); // a warning: the seller may go live muted on purpose
    QCOMPARE(preflight->goLiveButton()->text(), QStringLiteral("Go live anyway"));
    QPushButton* fix = preflight->fixButton(QStringLiteral("microphone-muted"));
    QVERIFY(fix);
    QTest::mouseClick(fix, Qt::LeftButton);
    QVERIFY(!scenes.document().source(mic)->muted);
    QTRY_VERIFY(preflight->itemText(QStringLiteral("microphone-muted")).isEmpty());
    preflight->reject();
}

void tst_GoLive::endShowAsksOnlyWhenLive()
{
    MainWindow& w = *m_window;
    LiveControls* live = w.liveControls();
    const int asked = MessageBox::answeredBySeam();

    // A rehearsal ends without a question (nobody watches), and shows its own clock.
    w.action(QStringLiteral("rehearsalAction"))->trigger();
    QCOMPARE(live->state(), LiveControls::State::Rehearsal);
    QTRY_VERIFY(live->stateLabel()->text().startsWith(QStringLiteral("REHEARSAL 00:00:0")));
    QVERIFY(w.statsBar()->text().contains(QStringLiteral("Rehearsal")));
    live->stopStream(true);
    QTRY_COMPARE(live->state(), LiveControls::State::Idle);
    QCOMPARE(MessageBox::answeredBySeam(), asked);

    // Live: ending asks; Cancel keeps the show on air, Yes ends it.
    NginxRtmpServer server;
    QString error;
    if (!server.start(&error))
        QFAIL(qPrintable(ingestFailure(error)));
    w.setStreamTarget(StreamTarget { server.url(), QStringLiteral("end-show-test") });
    goLiveThroughPreflight(w);
    QTRY_VERIFY(live->stateLabel()->text().startsWith(QStringLiteral("● LIVE 00:00:0")));
    QTRY_VERIFY2_WITH_TIMEOUT(w.statsBar()->text().contains(QStringLiteral("Connected to 127.0.0.1")),
        qPrintable(w.statsBar()->text()), 5000);
    QVERIFY(w.statsBar()->text().contains(QStringLiteral("CPU")));
    QCOMPARE(w.action(QStringLiteral("goLiveAction"))->text().remove(QLatin1Char('&')), QStringLiteral("End show"));
    MessageBox::setNextAnswer(QMessageBox::Cancel);
    w.action(QStringLiteral("goLiveAction"))->trigger();
    QCOMPARE(MessageBox::answeredBySeam(), asked + 1);
    // The question names both answers (the trial found a bare Yes / Cancel).
    QCOMPARE(MessageBox::lastAsked().title, QStringLiteral("End the show?"));
    QVERIFY2(MessageBox::lastAsked().buttons.contains(QStringLiteral("End show"))
            && MessageBox::lastAsked().buttons.contains(QStringLiteral("Stay live")),
        qPrintable(MessageBox::lastAsked().buttons.join(QLatin1Char('|'))));
    QCOMPARE(live->state(), LiveControls::State::Live);
    endShow(w);
    QCOMPARE(MessageBox::answeredBySeam(), asked + 2);
    QVERIFY(w.statsBar()->text().contains(QStringLiteral("Offline")));
}

void tst_GoLive::terminationSignalWhileLiveAsksNothing()
{
    // SIGTERM while live (a logout, a shutdown): the show ends and the window closes without a
    // question nobody is there to answer (Qt 6 closes the windows before it quits; the trial found
    // the "End the show and quit?" question holding the app open after the stream had stopped).
    MainWindow& w = *m_window;
    LiveControls* live = w.liveControls();
    NginxRtmpServer server;
    QString error;
    if (!server.start(&error))
        QFAIL(qPrintable(ingestFailure(error)));
    w.setStreamTarget(StreamTarget { server.url(), QStringLiteral("sigterm-test") });
    goLiveThroughPreflight(w);
    const int asked = MessageBox::answeredBySeam();
    w.endOnTerminationSignal(); // what main()'s SIGTERM handler calls
    QVERIFY(w.isTerminating());
    QVERIFY(w.close()); // as Qt's quit() does: accepted at once, while the stream may still be stopping
    QCOMPARE(MessageBox::answeredBySeam(), asked);
    QVERIFY(!QApplication::activeModalWidget());
    QTRY_COMPARE_WITH_TIMEOUT(live->state(), LiveControls::State::Idle, 15000);
    QVERIFY(!m_studio->show().isStreaming());
}

void tst_GoLive::firstRunGuideSkipsOnEscapeAndReopensFromHelp()
{
    MainWindow& w = *m_window;
    QVERIFY(!w.firstRunGuide()); // never by itself: only the app asks for it
    QVERIFY(!m_settings->firstRunDone());
    QPointer<FirstRunGuide> guide = w.showFirstRunGuideIfNeeded();
    QVERIFY(guide);
    QTRY_VERIFY(guide->isVisible());
    QCOMPARE(guide->currentStep(), QStringLiteral("platform"));
    QCOMPARE(guide->destinationStatusLabel()->text(), QStringLiteral("No platform chosen yet."));

    // The camera step offers libobs's own camera list (the v4l2 source's device_id property, as
    // the Sources dock does), not the files under /dev; with none, it says the test pattern is used.
    guide->showStep(QStringLiteral("camera"));
    QList<QPair<QString, QString>> libobsCameras;
    obs_source_t* camera = obs_source_create_private("v4l2_input", "test camera list", nullptr);
    QVERIFY2(camera, "libobs has a v4l2_input source (the linux-v4l2 plugin)");
    auto releaseCamera = qScopeGuard([camera] { obs_source_release(camera); });
    if (obs_properties_t* props = obs_source_properties(camera)) {
        obs_property_t* list = obs_properties_get(props, "device_id");
        QVERIFY2(list, "libobs's camera source has a device_id list");
        for (size_t i = 0; i < obs_property_list_item_count(list); ++i)
            if (const QString id = QString::fromUtf8(obs_property_list_item_string(list, i)); !id.isEmpty())
                libobsCameras.append({ id, QString::fromUtf8(obs_property_list_item_name(list, i)) });
        obs_properties_destroy(props);
    } else {
        QFAIL("libobs has no v4l2_input source (the linux-v4l2 plugin)");
    }
    QCOMPARE(FirstRunGuide::cameraDevices(), libobsCameras);
    QCOMPARE(guide->cameraBox()->count(), int(libobsCameras.size()));
    // This run was started with --camera none (the seller chose no camera, issue 8's trial): the
    // step says so and how to choose one, not to plug one in, and offers none to pick.
    QCOMPARE(m_studio->options().camera, QStringLiteral("none"));
    QVERIFY(guide->cameraBox()->isHidden());
    // (the option is kept in one piece with word joiners and a no-break space)
    const QString cameraText = guide->cameraStatusLabel()->text().remove(QChar(0x2060)).replace(QChar(0xa0), u' ');
    QVERIFY2(cameraText.contains(QStringLiteral("switched off for this run"))
            && cameraText.contains(QStringLiteral("--camera none")) && cameraText.contains(QStringLiteral("choose")),
        qPrintable(cameraText));
    QVERIFY2(
        !cameraText.contains(QStringLiteral("Plug in")) && !cameraText.contains(QStringLiteral("No camera was found")),
        qPrintable(cameraText));
    // Without that choice it says what libobs found: the camera to pick, or to plug one in.
    guide->setCameraSwitchedOff(false);
    if (libobsCameras.isEmpty()) {
        QVERIFY(guide->cameraBox()->isHidden());
        QVERIFY2(guide->cameraStatusLabel()->text().contains(QStringLiteral("test pattern will be used")),
            qPrintable(guide->cameraStatusLabel()->text()));
    } else {
        QVERIFY(guide->cameraBox()->isVisibleTo(guide));
        QVERIFY2(guide->cameraStatusLabel()->text().contains(guide->cameraBox()->currentText()),
            qPrintable(guide->cameraStatusLabel()->text()));
    }
    QVERIFY(!guide->cameraStatusLabel()->text().contains(QStringLiteral("/dev/")));
    guide->setCameraSwitchedOff(true);

    // The microphone step's meter moves with the real microphone (a 440 Hz tone).
    guide->showStep(QStringLiteral("microphone"));
    QCOMPARE(guide->microphoneName(), QStringLiteral("Microphone"));
    QTRY_VERIFY_WITH_TIMEOUT(guide->levelBar()->levels().peakDb > -40.0f, 5000);
    QVERIFY(guide->unmuteButton()->isHidden());

    // Escape skips it, and that is remembered in the settings file.
    QTest::keyClick(guide, Qt::Key_Escape);
    QTRY_VERIFY(guide.isNull());
    QVERIFY(m_settings->firstRunDone());
    QVERIFY(fileBytes(m_settings->filePath()).contains("first_run_done=true"));
    QVERIFY(!w.showFirstRunGuideIfNeeded());

    // Help ▸ Setup guide brings it back, from the first step.
    w.action(QStringLiteral("setupGuideAction"))->trigger();
    guide = w.firstRunGuide();
    QVERIFY(guide);
    QTRY_VERIFY(guide->isVisible());
    QCOMPARE(guide->currentStep(), QStringLiteral("platform"));
    // Next through the four steps; the last is Finish.
    for (int i = 1; i < guide->stepCount(); ++i)
        QTest::mouseClick(guide->nextButton(), Qt::LeftButton);
    QCOMPARE(guide->currentStep(), QStringLiteral("catalog"));
    QCOMPARE(guide->nextButton()->text(), QStringLiteral("Finish"));
    QTest::mouseClick(guide->nextButton(), Qt::LeftButton);
    QTRY_VERIFY(guide.isNull());
}

void tst_GoLive::settingsValidationNextToFieldSavesNothingInvalid()
{
    MainWindow& w = *m_window;
    QVERIFY(m_settings->save());
    const QByteArray before = fileBytes(m_settings->filePath());
    SettingsDialog* dialog = w.openSettingsDialog(QStringLiteral("encoder"));
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->currentPage(), QStringLiteral("encoder"));
    // It opens on what runs now: the encoder's preset is shown as it is, not the first of the list.
    auto* preset = qobject_cast<QComboBox*>(dialog->field(QStringLiteral("preset")));
    QVERIFY(preset);
    QCOMPARE(preset->currentText(), m_studio->outputs().encoders().settings().x264Preset);
    for (const QString& name :
        QStringList { "canvas", "fps", "bitrate", "keyframe", "recording_folder", "title", "logo" })
        QVERIFY2(dialog->errorLabel(name)->isHidden(),
            qPrintable(name + QStringLiteral(": ") + dialog->errorLabel(name)->text()));

    // Typing a bad bitrate shows the problem right under the field, at once.
    auto* bitrate = qobject_cast<QLineEdit*>(dialog->field(QStringLiteral("bitrate")));
    QVERIFY(bitrate);
    bitrate->selectAll();
    QTest::keyClicks(bitrate, QStringLiteral("45OO"));
    QLabel* error = dialog->errorLabel(QStringLiteral("bitrate"));
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("“45OO” is not a bitrate from 300 to 20000 kbps")),
        qPrintable(error->text()));
    QCOMPARE(error->parentWidget(), bitrate->parentWidget()); // in the field's own cell
    const QRect fieldRect(bitrate->mapTo(dialog, QPoint(0, 0)), bitrate->size());
    const QRect errorRect(error->mapTo(dialog, QPoint(0, 0)), error->size());
    QVERIFY2(errorRect.top() >= fieldRect.bottom() && errorRect.top() - fieldRect.bottom() < 20,
        "the message sits right under the field");
    QVERIFY(!QApplication::activeModalWidget() || QApplication::activeModalWidget() == dialog); // no pop-up

    // Other pages' fields too; Save refuses, shows the first wrong field and writes nothing.
    dialog->setFieldText(QStringLiteral("canvas"), QStringLiteral("1081x1920"));
    QVERIFY(dialog->errorLabel(QStringLiteral("canvas"))->text().contains(QStringLiteral("even")));
    dialog->setFieldText(QStringLiteral("recording_folder"), QStringLiteral("videos/shows"));
    QVERIFY(dialog->errorLabel(QStringLiteral("recording_folder"))->text().contains(QStringLiteral("whole path")));
    dialog->setFieldText(QStringLiteral("title"), QString());
    QVERIFY(!dialog->errorLabel(QStringLiteral("title"))->text().isEmpty());
    dialog->setFieldText(QStringLiteral("logo"), m_config->filePath(QStringLiteral("no-such-logo.png")));
    QVERIFY(dialog->errorLabel(QStringLiteral("logo"))->text().contains(QStringLiteral("There is no file")));
    QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->currentPage(), QStringLiteral("video")); // the first wrong field's page
    QCOMPARE(fileBytes(m_settings->filePath()), before);

    // Fixed, it saves.
    bitrate->clear();
    QTest::keyClicks(bitrate, QStringLiteral("2500"));
    QVERIFY(error->isHidden());
    dialog->setFieldText(QStringLiteral("canvas"), QStringLiteral("720x1280"));
    dialog->setFieldText(QStringLiteral("recording_folder"), m_config->filePath(QStringLiteral("recordings")));
    dialog->setFieldText(QStringLiteral("title"), QStringLiteral("Friday Candle Drop"));
    dialog->setFieldText(QStringLiteral("logo"), QString());
    QSignalSpy applied(dialog, &SettingsDialog::applied);
    QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
    QCOMPARE(applied.size(), 1);
    const QStringList later = applied.first().first().toStringList();
    QVERIFY2(later.join(QLatin1Char(' ')).contains(QStringLiteral("720x1280 at 30 fps applies at the next start")),
        qPrintable(later.join(QLatin1Char('|'))));
    const QByteArray after = fileBytes(m_settings->filePath());
    QVERIFY2(after.contains("bitrate_kbps=2500"), after.constData());
    QVERIFY2(after.contains("preset=veryfast"), after.constData());
    QVERIFY(after.contains("canvas=720x1280"));
    QVERIFY(after.contains("title=Friday Candle Drop"));
    // The title is on the program at once.
    QCOMPARE(m_studio->scenes()
                 .document()
                 .source(QStringLiteral("Title"))
                 ->settings.value(QStringLiteral("text"))
                 .toString(),
        QStringLiteral("Friday Candle Drop"));
    Settings reread(m_settings->filePath());
    QVERIFY(reread.load());
    QVERIFY2(reread.warnings().isEmpty(), qPrintable(reread.warnings().join(QLatin1Char('\n'))));
    QCOMPARE(reread.video().canvas, QSize(720, 1280));
    QCOMPARE(reread.encoder(QSize(720, 1280), 30).videoBitrateKbps, 2500);
}

void tst_GoLive::settingsSaveAppliesRecordingFolderAndEncoder()
{
    MainWindow& w = *m_window;
    SettingsDialog* dialog = w.openSettingsDialog(QStringLiteral("recording"));
    QVERIFY(dialog);
    const QString folder = m_config->filePath(QStringLiteral("my shows"));
    dialog->setFieldText(QStringLiteral("recording_folder"), folder);
    dialog->setFieldText(QStringLiteral("keyframe"), QStringLiteral("2"));
    dialog->setFieldText(QStringLiteral("bitrate"), QStringLiteral("1800"));
    dialog->setFieldText(QStringLiteral("title"), m_studio->options().title);
    QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
    QTRY_VERIFY(!w.settingsDialog());
    // Applied at once: the next recording goes to the new folder, the encoder has the new bitrate.
    QCOMPARE(w.liveControls()->recordingFolder(), folder);
    QCOMPARE(m_studio->outputs().encoders().settings().videoBitrateKbps, 1800);
    QTest::mouseClick(w.liveControls()->recordButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(m_studio->show().isRecording(), 10000);
    QVERIFY2(w.liveControls()->recordingFile().startsWith(folder), qPrintable(w.liveControls()->recordingFile()));
    QTest::mouseClick(w.liveControls()->recordButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_studio->show().isRecording(), 10000);
    QVERIFY(QFileInfo(w.liveControls()->recordingFile()).size() > 0);
    // The preflight's disk check looks at that folder.
    QCOMPARE(w.preflightFacts().recordingFolder, folder);
    QVERIFY(w.preflightFacts().freeBytes > 0);
}

void tst_GoLive::settingsHotkeysPageAppliesOnSave()
{
    // Settings ▸ Hotkeys is Edit ▸ Hotkeys…'s editor (the same widget class), staged: nothing is
    // bound before Save, Cancel binds nothing, a key another action has is refused naming it.
    MainWindow& w = *m_window;
    Hotkeys* hotkeys = w.hotkeys();
    QVERIFY(hotkeys);
    const QString skip = Hotkeys::skipName();
    const QKeySequence skipBefore = hotkeys->binding(skip);
    const QKeySequence takeKey = hotkeys->binding(Hotkeys::takeName());
    QVERIFY(!takeKey.isEmpty());
    QVERIFY(SettingsDialog::pageNames().contains(QStringLiteral("hotkeys")));
    SettingsDialog* dialog = w.openSettingsDialog(QStringLiteral("hotkeys"));
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->currentPage(), QStringLiteral("hotkeys"));
    HotkeysEditor* editor = dialog->hotkeysEditor();
    QVERIFY(editor);
    QVERIFY(editor->isVisible());
    QCOMPARE(editor->mode(), HotkeysEditor::Mode::Staged);
    QKeySequenceEdit* edit = editor->editor(skip);
    QVERIFY(edit);

    // Take's key: refused next to the row, naming Take; the row keeps its key.
    edit->setKeySequence(takeKey);
    emit edit->editingFinished();
    const QString problem = editor->problem(skip);
    QVERIFY2(problem.contains(hotkeys->description(Hotkeys::takeName())), qPrintable(problem));
    QVERIFY2(problem.contains(takeKey.toString(QKeySequence::NativeText)), qPrintable(problem));
    QCOMPARE(edit->keySequence(), skipBefore);
    QCOMPARE(editor->problems(), QStringList { skip });

    // A free key: shown, not bound yet; Cancel leaves the registry and the file as they were.
    const QKeySequence ctrlAltJ(Qt::CTRL | Qt::ALT | Qt::Key_J);
    edit->setKeySequence(ctrlAltJ);
    emit edit->editingFinished();
    QVERIFY(editor->problem(skip).isEmpty());
    QCOMPARE(editor->shownBinding(skip), ctrlAltJ);
    QCOMPARE(hotkeys->binding(skip), skipBefore);
    dialog->reject();
    QTRY_VERIFY(!w.settingsDialog());
    QCOMPARE(hotkeys->binding(skip), skipBefore);

    // Again, with Save: bound, and written in [hotkeys].
    dialog = w.openSettingsDialog(QStringLiteral("hotkeys"));
    edit = dialog->hotkeysEditor()->editor(skip);
    QCOMPARE(edit->keySequence(), skipBefore);
    edit->setKeySequence(ctrlAltJ);
    emit edit->editingFinished();
    // Two actions can swap keys: Take gets Skip's old key once Skip has a new one.
    dialog->hotkeysEditor()->setBinding(Hotkeys::takeName(), skipBefore);
    QVERIFY(dialog->hotkeysEditor()->problems().isEmpty());
    dialog->setFieldText(QStringLiteral("title"), m_studio->options().title);
    QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
    QTRY_VERIFY(!w.settingsDialog());
    QCOMPARE(hotkeys->binding(skip), ctrlAltJ);
    QCOMPARE(hotkeys->binding(Hotkeys::takeName()), skipBefore);
    {
        Settings reread(m_settings->filePath());
        QVERIFY(reread.load());
        QCOMPARE(reread.hotkey(skip), QStringLiteral("Ctrl+Alt+J"));
        QCOMPARE(reread.hotkey(Hotkeys::takeName()), skipBefore.toString(QKeySequence::PortableText));
    }
    // Edit ▸ Hotkeys… is the same editor, applying at once.
    HotkeysDialog* direct = w.openHotkeysDialog();
    QVERIFY(direct->hotkeysEditor());
    QCOMPARE(direct->hotkeysEditor()->mode(), HotkeysEditor::Mode::Immediate);
    QCOMPARE(direct->editor(skip)->keySequence(), ctrlAltJ);
    direct->hotkeysEditor()->setBinding(skip, skipBefore);
    QVERIFY2(
        direct->problem(skip).contains(hotkeys->description(Hotkeys::takeName())), qPrintable(direct->problem(skip)));
    direct->hotkeysEditor()->setBinding(Hotkeys::takeName(), takeKey);
    direct->hotkeysEditor()->setBinding(skip, skipBefore);
    QCOMPARE(hotkeys->binding(skip), skipBefore);
    QCOMPARE(hotkeys->binding(Hotkeys::takeName()), takeKey);
    direct->close();
}

void tst_GoLive::aboutNamesVersions()
{
    AboutDialog* about = m_window->openAboutDialog();
    QVERIFY(about);
    const QString text = about->versionsLabel()->text();
    QVERIFY2(text.contains(QStringLiteral("libobs ") + QString::fromUtf8(obs_get_version_string())), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Qt ") + QString::fromLatin1(qVersion())), qPrintable(text));
    QVERIFY2(
        text.contains(QStringLiteral("FFmpeg ")) && text.contains(QStringLiteral("libavformat ")), qPrintable(text));
    QVERIFY(text.startsWith(QStringLiteral("Pinstage ")));
    about->reject();
}

void tst_GoLive::docksRememberedAcrossWindows()
{
    // The seller closes the mixer; the next start (a new window on the same settings) keeps it closed.
    m_window->action(QStringLiteral("mixerDockAction"))->trigger();
    QVERIFY(!m_window->mixerDock()->isVisible());
    QVERIFY(m_window->close());
    m_window.reset();
    QVERIFY(!m_settings->windowState().isEmpty());
    Settings reread(m_settings->filePath());
    QVERIFY(reread.load());
    MainWindow second(*m_studio, reread, *m_keychain);
    second.show();
    QVERIFY(QTest::qWaitForWindowExposed(&second, kWindowWaitMs));
    QVERIFY(!second.mixerDock()->isVisible());
    QVERIFY(second.catalogPanel()->isVisible());
    second.action(QStringLiteral("mixerDockAction"))->trigger();
    QVERIFY(second.mixerDock()->isVisible());
}

void tst_GoLive::defaultLayoutFitsSmallScreens()
{
    // At 1280x800 and 1600x1000 the left column holds the run of show alone, Scenes and Sources
    // are tabs, so the run of show keeps room for its cards; at 1920x1200 they stand one above
    // the other. The titles stay as they are.
    // Screenshots of each, for a person to look at: pinstage-layout-WxH.png in the test's own
    // folder (kept with PINSTAGE_KEEP_TEST_DIRS=1).
    TestTempDir shots(QStringLiteral("golive-layout"));
    QVERIFY(shots.isValid());
    if (qEnvironmentVariableIsSet("PINSTAGE_KEEP_TEST_DIRS"))
        shots.keep();
    const QDir out(shots.path());
    for (const QSize size : { QSize(1280, 800), QSize(1600, 1000), QSize(1920, 1200) }) {
        MainWindow w(*m_studio, *m_settings, *m_keychain);
        w.arrangeDocksFor(size);
        w.resize(size);
        w.move(0, 0);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w, kWindowWaitMs));
        QTRY_COMPARE(w.frameGeometry().size(), size);
        const bool small = size.height() < MainWindow::stackedDocksMinHeight();
        QCoreApplication::processEvents();
        QVERIFY(
            w.screen()
                ->grabWindow(0)
                .toImage()
                .copy(w.frameGeometry())
                .save(out.filePath(QStringLiteral("pinstage-layout-%1x%2.png").arg(size.width()).arg(size.height()))));
        QCOMPARE(w.tabifiedDockWidgets(w.mixerDock()).contains(w.scenesDock()), small);
        QCOMPARE(w.tabifiedDockWidgets(w.mixerDock()).contains(w.sourcesDock()), small);
        QCOMPARE(w.dockWidgetArea(w.scenesDock()), small ? Qt::RightDockWidgetArea : Qt::LeftDockWidgetArea);
        QCOMPARE(w.dockWidgetArea(w.sourcesDock()), small ? Qt::RightDockWidgetArea : Qt::LeftDockWidgetArea);
        QStringList titles;
        for (QDockWidget* dock : w.findChildren<QDockWidget*>())
            titles << dock->windowTitle();
        for (const QString& title : { QStringLiteral("Scenes"), QStringLiteral("Sources"),
                 QStringLiteral("Audio mixer"), QStringLiteral("Catalog"), QStringLiteral("Run of show") })
            QVERIFY2(titles.contains(title), qPrintable(titles.join(QLatin1Char(','))));
        QCOMPARE(w.dockWidgetArea(w.queueDock()), Qt::LeftDockWidgetArea);
        // At 1280x800 the queue has the left column (it had under a third of it).
        const int queueHeight = w.queueDock()->height();
        if (small)
            QVERIFY2(queueHeight >= size.height() * 70 / 100,
                qPrintable(QStringLiteral("%1 of %2").arg(queueHeight).arg(size.height())));
        // Every button of the panel is inside the window, above the status bar.
        for (QPushButton* button : w.queuePanel()->findChildren<QPushButton*>()) {
            const QRect r(button->mapTo(&w, QPoint(0, 0)), button->size());
            QVERIFY2(!button->isVisible() || r.bottom() <= w.statusBar()->mapTo(&w, QPoint(0, 0)).y(),
                qPrintable(QStringLiteral("%1 at %2x%3: bottom %4, status bar at %5")
                               .arg(button->text())
                               .arg(size.width())
                               .arg(size.height())
                               .arg(r.bottom())
                               .arg(w.statusBar()->mapTo(&w, QPoint(0, 0)).y())));
        }
        QVERIFY(w.queuePanel()->takeButton()->isVisible());
        const QRect take(w.queuePanel()->takeButton()->mapTo(&w, QPoint(0, 0)), w.queuePanel()->takeButton()->size());
        QVERIFY2(w.rect().contains(take), "Take is inside the window");
        // The scenes and sources tabs are one click away.
        if (small) {
            QVERIFY(w.mixerDock()->isVisible() && !w.mixerDock()->visibleRegion().isEmpty());
            w.scenesDock()->raise();
            QTRY_VERIFY(!w.scenesDock()->visibleRegion().isEmpty());
            w.sourcesDock()->raise();
            QTRY_VERIFY(w.sourcesDock()->isVisible() && !w.sourcesDock()->visibleRegion().isEmpty());
            // As it was: the window's state is saved on close and the next size's window restores it.
            w.mixerDock()->raise();
        }
        w.close();
    }
}

void tst_GoLive::microphoneDeviceAppliedAtOnce()
{
    // The private PulseAudio's sine source, chosen by name in Settings ▸ Audio, reaches the show's
    // microphone at once (its libobs settings and the collection file), and the file keeps it.
    SettingsDialog* dialog = m_window->openSettingsDialog(QStringLiteral("audio"));
    auto* mic = qobject_cast<QComboBox*>(dialog->field(QStringLiteral("microphone")));
    QVERIFY(mic);
    QStringList devices;
    for (int i = 0; i < mic->count(); ++i)
        devices << mic->itemData(i).toString();
    QVERIFY2(devices.size() >= 3, qPrintable(devices.join(QLatin1Char(','))));
    QCOMPARE(devices.first(), QString()); // the system's default
    QCOMPARE(devices.last(), QStringLiteral("none"));
    const QString device = devices.at(1);
    dialog->setFieldText(QStringLiteral("microphone"), device);
    QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
    QTRY_VERIFY(!m_window->settingsDialog());
    QCOMPARE(m_settings->microphoneDevice(), device);
    const SourceDocument* source = m_studio->scenes().document().source(QStringLiteral("Microphone"));
    QVERIFY(source);
    QCOMPARE(source->settings.value(QStringLiteral("device_id")).toString(), device);
    // Back to the default, for the other tests.
    dialog = m_window->openSettingsDialog(QStringLiteral("audio"));
    dialog->setFieldText(QStringLiteral("microphone"), QString());
    QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
    QTRY_VERIFY(!m_window->settingsDialog());
    QCOMPARE(m_studio->scenes()
                 .document()
                 .source(QStringLiteral("Microphone"))
                 ->settings.value(QStringLiteral("device_id"))
                 .toString(),
        QStringLiteral("default"));
    QTRY_VERIFY_WITH_TIMEOUT(
        m_studio->scenes().meter(QStringLiteral("Microphone"))->levels().inputPeakDb > -40.0f, 5000);
}

void tst_GoLive::noKeychainIsSaidBeforeSave()
{
    // No keychain answers: the destination dialog says so before Save (not a raw D-Bus error),
    // and the key is kept for this session only, with that said once more after Save.
    DeadKeychain keychain;
    MainWindow window(*m_studio, *m_settings, keychain);
    DestinationDialog* dialog = window.openDestinationDialog();
    QTRY_VERIFY(!dialog->rememberBox()->isEnabled());
    QVERIFY(!dialog->rememberBox()->isChecked());
    // One statement of where the key is kept; the keychain's box goes (issue 8's trial).
    QVERIFY(!dialog->rememberBox()->isVisibleTo(dialog));
    QVERIFY2(dialog->keyKeepingLabel()->isVisibleTo(dialog)
            && dialog->keyKeepingLabel()->text().contains(QStringLiteral("session only")),
        qPrintable(dialog->keyKeepingLabel()->text()));
    QVERIFY(!dialog->keyStatusLabel()->text().contains(QStringLiteral("freedesktop")));
    dialog->nameBox()->setEditText(QStringLiteral("Session ingest"));
    QTest::keyClicks(dialog->urlEdit(), QStringLiteral("rtmp://127.0.0.1:1935/live"));
    QTest::keyClicks(dialog->keyEdit(), QStringLiteral("session-only-key"));
    QSignalSpy saved(window.destinationBook(), &DestinationBook::saved);
    dialog->accept();
    QTRY_COMPARE(saved.size(), 1);
    const auto result = saved.first().first().value<DestinationBook::SaveResult>();
    QVERIFY(!result.keyRemembered);
    QCOMPARE(window.liveControls()->streamTarget().key, QStringLiteral("session-only-key"));
    QVERIFY2(window.noticeBar()->text().contains(QStringLiteral("this session only")),
        qPrintable(window.noticeBar()->text()));
    QVERIFY(!window.noticeBar()->text().contains(QStringLiteral("freedesktop")));
    // In the seller's words: no removal of a key they never saved, no D-Bus; the key file offered.
    QVERIFY2(!window.noticeBar()->text().contains(QStringLiteral("remov"), Qt::CaseInsensitive),
        qPrintable(window.noticeBar()->text()));
    QVERIFY2(!window.noticeBar()->text().contains(QStringLiteral("dbus"), Qt::CaseInsensitive),
        qPrintable(window.noticeBar()->text()));
    QVERIFY2(window.noticeBar()->text().contains(QStringLiteral("a file only you can read")),
        qPrintable(window.noticeBar()->text()));
    QCOMPARE(keychain.deletes, 0); // nothing is asked of a keychain known not to answer
    QVERIFY(!fileBytes(m_settings->filePath()).contains("session-only-key"));
}

void tst_GoLive::streamKeyNowhereAfterLive()
{
    NginxRtmpServer server;
    QString error;
    if (!server.start(&error))
        QFAIL(qPrintable(ingestFailure(error)));
    const QString key
        = QStringLiteral("sk_live_golive_%1").arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
    {
        QMutexLocker lock(&g_messagesMutex);
        g_messages.clear();
    }
    MainWindow& w = *m_window;

    // The seller enters the key in the window's destination dialog, as a password: File ▸
    // Destinations and stream keys… lists the saved ones, Add… opens the form.
    w.action(QStringLiteral("destinationsAction"))->trigger();
    auto* list = w.findChild<DestinationListDialog*>();
    QVERIFY(list);
    QTRY_VERIFY(list->isVisible());
    QTest::mouseClick(list->addButton(), Qt::LeftButton);
    const auto dialogs = w.findChildren<DestinationDialog*>();
    QCOMPARE(dialogs.size(), 1);
    DestinationDialog* dialog = dialogs.first();
    dialog->nameBox()->setEditText(QStringLiteral("Test ingest"));
    QTest::keyClicks(dialog->urlEdit(), server.url());
    QTest::keyClicks(dialog->keyEdit(), key);
    QCOMPARE(dialog->keyEdit()->echoMode(), QLineEdit::Password);
    QVERIFY(!dialog->keyEdit()->displayText().contains(key));
    QSignalSpy saved(w.destinationBook(), &DestinationBook::saved);
    dialog->accept();
    QTRY_COMPARE(saved.size(), 1);
    QCOMPARE(w.liveControls()->streamTarget().key, key);
    QTRY_COMPARE(list->names(), QStringList { QStringLiteral("Test ingest") });
    for (int i = 0; i < list->list()->count(); ++i) // the list names it, never its key
        QVERIFY(!list->list()->item(i)->text().contains(key) && !list->list()->item(i)->toolTip().contains(key));
    list->reject();

    // Live into nginx-rtmp, long enough for the log to say everything it says about a stream.
    goLiveThroughPreflight(w);
    QTRY_VERIFY_WITH_TIMEOUT(m_studio->outputs().snapshot().framesSent >= 30, 10000);

    // Nothing the window shows holds the key: every label, button, field (as displayed), tooltip
    // and title, the notice strip and the status bar, and the destination dialog reopened.
    const auto shownTexts = [](QWidget* root) {
        QStringList texts { root->windowTitle(), root->toolTip() };
        for (QWidget* child : root->findChildren<QWidget*>()) {
            texts << child->toolTip() << child->windowTitle() << child->statusTip();
            if (auto* l = qobject_cast<QLabel*>(child))
                texts << l->text();
            else if (auto* b = qobject_cast<QAbstractButton*>(child))
                texts << b->text();
            else if (auto* e = qobject_cast<QLineEdit*>(child))
                texts << e->displayText();
            else if (auto* c = qobject_cast<QComboBox*>(child))
                texts << c->currentText();
        }
        return texts.join(QLatin1Char('\n'));
    };
    QVERIFY(!shownTexts(&w).contains(key));
    DestinationDialog* reopened = w.openDestinationDialog();
    QTRY_COMPARE(reopened->keyEdit()->text(), key); // loaded from the keychain...
    QVERIFY(!shownTexts(reopened).contains(key)); // ...and shown masked
    const QImage shot = reopened->grab().toImage();
    QVERIFY(!shot.isNull());
    reopened->reject();
    SettingsDialog* settingsDialog = w.openSettingsDialog(QStringLiteral("show"));
    QVERIFY(!shownTexts(settingsDialog).contains(key));
    settingsDialog->reject();

    endShow(w);
    QVERIFY(w.close()); // as quitting: the window saves its state
    m_window.reset();

    // The settings file, every file of the data folder (logs, show logs, scenes, catalog), and
    // every message this process printed.
    const QByteArray needle = key.toUtf8();
    const QByteArray ini = fileBytes(m_settings->filePath());
    QVERIFY(ini.contains("Test ingest"));
    QVERIFY2(!ini.contains(needle), "the stream key is in the settings file");
    int files = 0;
    for (const QString& root : { m_data.path(), m_config->path() }) {
        QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            ++files;
            QVERIFY2(!fileBytes(path).contains(needle), qPrintable(QStringLiteral("the stream key is in ") + path));
        }
    }
    QVERIFY2(files >= 3, qPrintable(QString::number(files)));
    QDir logs(QDir(m_data.path()).filePath(QStringLiteral("logs")));
    QVERIFY2(!logs.entryList(QDir::Files).isEmpty(), "the engine log exists (and was searched)");
    QMutexLocker lock(&g_messagesMutex);
    for (const QString& message : std::as_const(g_messages))
        QVERIFY2(!message.contains(key), qPrintable(QStringLiteral("a message holds the key: ") + message.left(200)));
}

void tst_GoLive::screenshots()
{
    const QString dir = qEnvironmentVariable("PINSTAGE_SCREENSHOT_DIR");
    const QString out = dir.isEmpty() ? QDir::temp().filePath(QStringLiteral("pinstage-golive-shots")) : dir;
    QVERIFY(QDir().mkpath(out));
    MainWindow& w = *m_window;
    w.resize(1600, 1000);
    w.move(0, 0);
    QTRY_COMPARE(w.frameGeometry().size(), QSize(1600, 1000));

    // The main window live: a product on air, a measured bitrate.
    NginxRtmpServer server;
    QString error;
    if (!server.start(&error))
        QFAIL(qPrintable(ingestFailure(error)));
    w.setStreamTarget(StreamTarget { server.url(), QStringLiteral("screenshot") });
    CatalogPanel* panel = w.catalogPanel();
    for (int row = 0; row < panel->model()->rowCount(); ++row)
        if (panel->model()->index(row).data(VariantListModel::OnSaleRole).toBool()) {
            panel->listView()->setCurrentIndex(panel->model()->index(row));
            break;
        }
    panel->pinSelected();
    goLiveThroughPreflight(w);
    QTRY_VERIFY_WITH_TIMEOUT(
        m_studio->show().statistics().streamSeconds >= 4 && !w.statsBar()->text().contains(QStringLiteral("– kb/s")),
        20000);
    w.noticeBar()->dismiss();
    QCoreApplication::processEvents();
    const QImage main = w.screen()->grabWindow(0).toImage().copy(w.frameGeometry());
    QVERIFY(main.save(QDir(out).filePath(QStringLiteral("main-window-live.png"))));
    endShow(w);
    m_studio->show().unpin();
    w.noticeBar()->dismiss();

    // The settings dialog (a wrong bitrate, to show the message next to the field).
    SettingsDialog* settings = w.openSettingsDialog(QStringLiteral("encoder"));
    settings->setBitrateCeiling(3500, QStringLiteral("Whatnot"));
    settings->setFieldText(QStringLiteral("bitrate"), QStringLiteral("4500"));
    QTRY_VERIFY(settings->isVisible());
    settings->adjustSize();
    QCoreApplication::processEvents();
    QVERIFY(settings->grab().save(QDir(out).filePath(QStringLiteral("settings.png"))));
    settings->reject();

    // The first-run guide on its camera step (the preview is a libobs window: grab the screen).
    FirstRunGuide* guide = w.openFirstRunGuide();
    guide->showStep(QStringLiteral("camera"));
    guide->move(120, 80);
    QTRY_VERIFY(guide->isVisible());
    QTRY_VERIFY(guide->preview()->isRendering());
    QTest::qWait(0);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const QImage g = guide->screen()->grabWindow(0).toImage().copy(guide->frameGeometry());
            const QPoint c = guide->preview()->mapTo(guide, guide->preview()->programRect().center());
            return qGray(g.pixel(c)) > 20; // the program is drawn
        }(),
        10000);
    const QImage first = guide->screen()->grabWindow(0).toImage().copy(guide->frameGeometry());
    QVERIFY(first.save(QDir(out).filePath(QStringLiteral("first-run-guide.png"))));
    guide->reject();

    // For looking at, not for the README: the pre-flight with a blocking and a warning, and About.
    const QDir extra(QDir::temp().filePath(QStringLiteral("pinstage-golive-shots")));
    QVERIFY(QDir().mkpath(extra.path()));
    QString muteError;
    QVERIFY(m_studio->scenes().setMuted(QStringLiteral("Microphone"), true, &muteError));
    w.setStreamTarget(StreamTarget { server.url(), QString() });
    PreflightDialog* preflight = w.openPreflightDialog();
    QTRY_VERIFY(preflight->isVisible());
    QVERIFY(preflight->grab().save(extra.filePath(QStringLiteral("preflight.png"))));
    preflight->reject();
    QVERIFY(m_studio->scenes().setMuted(QStringLiteral("Microphone"), false, &muteError));
    AboutDialog* about = w.openAboutDialog();
    QTRY_VERIFY(about->isVisible());
    QVERIFY(about->grab().save(extra.filePath(QStringLiteral("about.png"))));
    about->reject();
    qInfo("screenshots in %s", qPrintable(out));
}

int main(int argc, char** argv)
{
    // libobs needs a real X server (EGL on X11) and the microphone a sound server: both private.
    XvfbServer xvfb(QStringLiteral("1600x1000x24"));
    PulseAudioServer pulse;
    if (!startTestDisplay(xvfb, &pulse))
        return 1;
    int result = 0;
    {
        QApplication app(argc, argv);
        MainWindow::applyStudioTheme(app);
        QTEST_SET_MAIN_SOURCE_PATH
        tst_GoLive test;
        result = QTest::qExec(&test, argc, argv);
    }
    return result;
}

#include "tst_golive.moc"
