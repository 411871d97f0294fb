// SPDX-License-Identifier: GPL-2.0-or-later
// Issue 8's new-user trial, in the window.
//
// The freeze: the window froze when the seller opened the destination dialog for a saved destination
// on a computer without a keychain (no D-Bus session): no dialog window appeared on the screen,
// and the main window stayed blocked by it forever. Here on a private Xvfb with no session bus
// (startTestDisplay), a real Studio at 360x640 and a settings file holding a saved destination as
// the window writes it, with three keychains that do not answer: QtKeychain itself (it finds no
// Secret Service without a bus), one that fails at once and one that never calls back.
//
// The destination button is clicked as a seller clicks it; the dialog must reach the screen
// (its window exposed by the X server), no widget may flash up as a window of its own while the
// dialog is built (the cause: a label of the form shown before the form had a parent), and once
// the dialog is cancelled the main window must take clicks again.
//
// The cause of dialogs that sometimes never reached the screen on a busy machine: libobs's EGL
// present empties the event queue of its X connection on the graphics thread and frees what it
// finds. It shared Qt's connection, so whenever it won the race with Qt's event reader, Qt's
// MapNotify and Expose events (and clicks and keys) were lost, and a mapped dialog stayed
// unexposed. libobs now has its own connection; windows shown one after another while the preview
// draws must all reach the screen.
//
// Also: where no keychain answers, the destination dialog and the first-run guide say plainly that
// the key is kept for this session only unless the seller keeps it in a file only they can read
// (no raw error text); the Settings dialog's Video page says what a new canvas or frame rate means
// for the running program, offline and during a show.
#include "MainWindow.h"
#include "StrayWindows.h"
#include "TestDisplay.h"
#include "TestTempDir.h"
#include "XvfbServer.h"
#include "dialogs/DestinationDialog.h"
#include "dialogs/FirstRunGuide.h"
#include "dialogs/SettingsDialog.h"
#include "scene/SceneCollection.h"
#include "settings/DestinationBook.h"
#include "settings/SecretStore.h"
#include "settings/Settings.h"
#include "show/ShowController.h"
#include "show/Studio.h"
#include "widgets/LiveControls.h"
#include "widgets/PreviewWidget.h"
#ifdef PINSTAGE_HAVE_KEYCHAIN
#include "settings/KeychainSecretStore.h"
#endif

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QScopeGuard>
#include <QScreen>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QWindow>

#include <obs-nix-platform.h>

#include <memory>

using namespace pinstage;
using namespace pinstage::test;

namespace {

// A keychain that answers every request with "no keychain service", a turn of the event loop later.
class FailingKeychain : public SecretStore {
public:
    void readSecret(const QString&, QObject* context, Callback callback) override { fail(context, callback); }
    void writeSecret(const QString&, const QString&, QObject* context, Callback callback) override
    {
        fail(context, callback);
    }
    void deleteSecret(const QString&, QObject* context, Callback callback) override { fail(context, callback); }
    bool isPersistent() const override { return true; }
    QString description() const override { return QStringLiteral("the system keychain"); }

private:
    static void fail(QObject* context, const Callback& callback)
    {
        QMetaObject::invokeMethod(
            context,
            [callback] {
                callback({ Status::Unavailable, {}, QStringLiteral("No keychain service is running") });
            },
            Qt::QueuedConnection);
    }
};

// A keychain whose jobs never finish (a locked keychain waiting for a prompt nobody sees).
class SilentKeychain : public SecretStore {
public:
    void readSecret(const QString&, QObject*, Callback) override { ++asked; }
    void writeSecret(const QString&, const QString&, QObject*, Callback) override { ++asked; }
    void deleteSecret(const QString&, QObject*, Callback) override { ++asked; }
    bool isPersistent() const override { return true; }
    QString description() const override { return QStringLiteral("the system keychain"); }
    int asked = 0;
};

// The settings file as the window writes it after "Save" in the destination dialog.
void writeSavedDestination(const QString& path, const QString& url, const QString& preset, const QString& canvas)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QStringLiteral("[general]\nfirst_run_done=true\nversion=%1\nselected_destination=Local test\n\n"
                              "[destination/1]\nname=Local test\nurl=%2\npreset=%3\ncanvas=%4\n")
                   .arg(Settings::CurrentVersion)
                   .arg(url, preset, canvas)
                   .toUtf8());
}

} // namespace

class tst_WindowTrial : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void dialogReachesTheScreenAndReleasesTheWindow_data();
    void dialogReachesTheScreenAndReleasesTheWindow();
    void noWidgetFlashesUpAsAWindow();
    void noKeychainIsSaidPlainly();
    void windowsReachTheScreenWhileThePreviewDraws();
    void microphoneStepNamesTheMissingSoundSystem();
    void videoChangesSayWhenTheyApply();

private:
    std::unique_ptr<SecretStore> makeKeychain(const QString& kind);

    QTemporaryDir m_data;
    std::unique_ptr<Studio> m_studio;
};

void tst_WindowTrial::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_data.isValid());
    Studio::Options options;
    options.dataDir = m_data.path();
    options.video.canvas = QSize(360, 640);
    options.video.fps = 30;
    options.camera = QStringLiteral("none");
    QString error;
    m_studio = Studio::create(options, &error);
    QVERIFY2(m_studio, qPrintable(error));
}

void tst_WindowTrial::cleanupTestCase()
{
    m_studio.reset();
}

std::unique_ptr<SecretStore> tst_WindowTrial::makeKeychain(const QString& kind)
{
    if (kind == QLatin1String("failing"))
        return std::make_unique<FailingKeychain>();
    if (kind == QLatin1String("silent"))
        return std::make_unique<SilentKeychain>();
#ifdef PINSTAGE_HAVE_KEYCHAIN
    return std::make_unique<KeychainSecretStore>();
#else
    return std::make_unique<FailingKeychain>();
#endif
}

void tst_WindowTrial::dialogReachesTheScreenAndReleasesTheWindow_data()
{
    QTest::addColumn<QString>("keychain");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("preset");
    QTest::addColumn<QString>("canvas");
    const QString youTube = QStringLiteral("rtmps://a.rtmps.youtube.com:443/live2");
    const QString tikTok = QStringLiteral("rtmp://push-rtmp.example.tiktokcdn.com/stage/");
    // The trial's recipe: YouTube over RTMPS on the horizontal canvas, QtKeychain without D-Bus.
    QTest::newRow("qtkeychain, youtube") << "qtkeychain" << youTube << "youtube-rtmps"
                                         << "horizontal";
    QTest::newRow("failing, youtube") << "failing" << youTube << "youtube-rtmps"
                                      << "horizontal";
    QTest::newRow("silent, youtube") << "silent" << youTube << "youtube-rtmps"
                                     << "horizontal";
    QTest::newRow("qtkeychain, tiktok") << "qtkeychain" << tikTok << "tiktok-live"
                                        << "vertical";
}

void tst_WindowTrial::dialogReachesTheScreenAndReleasesTheWindow()
{
    QFETCH(QString, keychain);
    QFETCH(QString, url);
    QFETCH(QString, preset);
    QFETCH(QString, canvas);
    TestTempDir config(QStringLiteral("keychain-config"));
    const QString path = config.filePath(QStringLiteral("pinstage.ini"));
    writeSavedDestination(path, url, preset, canvas);
    Settings settings(path);
    QVERIFY2(settings.load(), qPrintable(settings.loadError()));
    std::unique_ptr<SecretStore> secrets = makeKeychain(keychain);
    MainWindow window(*m_studio, settings, *secrets);
    window.setGeometry(QGuiApplication::primaryScreen()->availableGeometry());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window, kWindowWaitMs));
    QCOMPARE(window.liveControls()->streamTarget().url, url); // the saved destination, restored
    auto* button = window.liveControls()->findChild<QPushButton*>(QStringLiteral("destinationButton"));
    QVERIFY(button);

    for (int round = 0; round < 2; ++round) {
        // Clicked as a seller clicks it (through the window system, which a blocked window ignores).
        QTest::mouseClick(button, Qt::LeftButton);
        QPointer<DestinationDialog> dialog;
        QTRY_VERIFY_WITH_TIMEOUT(dialog = window.findChild<DestinationDialog*>(), kWindowWaitMs);
        QCOMPARE(dialog->nameBox()->currentText(), QStringLiteral("Local test"));
        QCOMPARE(dialog->urlEdit()->text(), url);
        QCOMPARE(dialog->presetId(), preset); // the saved platform, also one not found by its URL
        QCOMPARE(destinationCanvasName(dialog->canvas()), canvas); // and the saved canvas
        // On the screen: the X server exposed its window.
        QTRY_VERIFY_WITH_TIMEOUT(dialog->windowHandle() && dialog->windowHandle()->isExposed(), kWindowWaitMs);
        QVERIFY(dialog->isVisible());
        QCOMPARE(QApplication::activeModalWidget(), dialog.data());
        // No keychain answers: the dialog says so (the silent one never does: it keeps waiting).
        if (keychain != QLatin1String("silent"))
            QTRY_VERIFY_WITH_TIMEOUT(!dialog->rememberBox()->isEnabled(), kWindowWaitMs);
        // Cancelled with a click: the dialog goes, and the main window takes clicks again.
        QPushButton* cancel = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Cancel);
        QVERIFY(cancel);
        QTest::mouseClick(cancel, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog, kWindowWaitMs); // deleted on close
        QTRY_VERIFY(!QApplication::activeModalWidget());
        QVERIFY(!window.windowHandle()->isModal());
    }
}

void tst_WindowTrial::noWidgetFlashesUpAsAWindow()
{
    // Building the dialog for every platform, and choosing each, shows no widget as a window of its
    // own: a widget shown before it has a parent (a form's label) flashes up as a stray window,
    // and in the trial the dialog's own window never reached the screen after one.
    TestTempDir config(QStringLiteral("keychain-config"));
    const QString path = config.filePath(QStringLiteral("pinstage.ini"));
    writeSavedDestination(path, QStringLiteral("rtmps://a.rtmps.youtube.com:443/live2"),
        QStringLiteral("youtube-rtmps"), QStringLiteral("horizontal"));
    Settings settings(path);
    QVERIFY(settings.load());
    FailingKeychain secrets;
    MainWindow window(*m_studio, settings, secrets);
    window.setGeometry(QGuiApplication::primaryScreen()->availableGeometry());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window, kWindowWaitMs));
    StrayWindows stray;
    const PlatformPresets& presets = DestinationDialog::presets();
    int platforms = 0;
    for (const PlatformPreset& preset : presets.presets()) {
        DestinationDialog* dialog = window.openDestinationDialog();
        QVERIFY(dialog->choosePreset(preset.id));
        QTRY_VERIFY_WITH_TIMEOUT(dialog->windowHandle() && dialog->windowHandle()->isExposed(), kWindowWaitMs);
        dialog->reject();
        QTRY_VERIFY(!QApplication::activeModalWidget());
        ++platforms;
        if (platforms >= 12)
            break; // the built-ins and the first of rtmp-services' list are enough
    }
    // The first-run guide too (it holds the same kind of form).
    FirstRunGuide* guide = window.openFirstRunGuide();
    QTRY_VERIFY_WITH_TIMEOUT(guide->windowHandle() && guide->windowHandle()->isExposed(), kWindowWaitMs);
    for (const QString& step : FirstRunGuide::stepNames())
        guide->showStep(step);
    guide->reject();
    QTRY_VERIFY(!QApplication::activeModalWidget());
    QVERIFY2(stray.found().isEmpty(), qPrintable(stray.found().join(QStringLiteral("; "))));
}

void tst_WindowTrial::noKeychainIsSaidPlainly()
{
    // QtKeychain with no session bus: no keychain answers.
    TestTempDir config(QStringLiteral("trial-keychain"));
    const QString path = config.filePath(QStringLiteral("pinstage.ini"));
    writeSavedDestination(path, QStringLiteral("rtmps://a.rtmps.youtube.com:443/live2"),
        QStringLiteral("youtube-rtmps"), QStringLiteral("horizontal"));
    Settings settings(path);
    QVERIFY(settings.load());
    std::unique_ptr<SecretStore> secrets = makeKeychain(QStringLiteral("qtkeychain"));
    MainWindow window(*m_studio, settings, *secrets);
    window.setGeometry(QGuiApplication::primaryScreen()->availableGeometry());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window, kWindowWaitMs));
    const auto technical = [](const QString& text) {
        for (const char* word : { "D-Bus", "DBus", "dbus", "org.freedesktop", "Secret Service", "secrets", "error" })
            if (text.contains(QLatin1String(word)))
                return true;
        return false;
    };

    // The first-run guide's platform step.
    FirstRunGuide* guide = window.openFirstRunGuide();
    QTRY_VERIFY_WITH_TIMEOUT(guide->keyKeepingLabel()->text().contains(QStringLiteral("no keychain")), kWindowWaitMs);
    const QString step = guide->keyKeepingLabel()->text();
    QVERIFY2(step.contains(QStringLiteral("kept until Pinstage quits")), qPrintable(step));
    QVERIFY2(step.contains(QStringLiteral("a file only you can read")), qPrintable(step));
    QVERIFY2(!step.contains(QStringLiteral("stays in your system keychain")), qPrintable(step));
    QVERIFY2(!technical(step), qPrintable(step));
    guide->reject();
    QTRY_VERIFY(!QApplication::activeModalWidget());

    // The destination dialog: one plain statement, the file as the seller's choice.
    DestinationDialog* dialog = window.openDestinationDialog();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->rememberBox()->isEnabled(), kWindowWaitMs);
    QTRY_VERIFY(dialog->keyFileBox()->isVisibleTo(dialog));
    QStringList shown;
    for (QWidget* w : dialog->findChildren<QWidget*>()) {
        if (!w->isVisibleTo(dialog))
            continue;
        if (auto* label = qobject_cast<QLabel*>(w))
            shown << label->text();
        if (auto* box = qobject_cast<QCheckBox*>(w))
            shown << box->text();
        shown << w->toolTip();
    }
    const QString all = shown.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QStringLiteral("kept for this session only")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("a file only you can read")), qPrintable(all));
    QVERIFY2(!technical(all), qPrintable(all));
    // Nothing says the key goes to the keychain, or that it is never in a file, while no keychain answers.
    QVERIFY2(!all.contains(QStringLiteral("in the keychain or for this session, never in a file")), qPrintable(all));
    QVERIFY2(!all.contains(QStringLiteral("kept in the system keychain, never in a file")), qPrintable(all));
    dialog->reject();
    QTRY_VERIFY(!QApplication::activeModalWidget());
}

void tst_WindowTrial::videoChangesSayWhenTheyApply()
{
    TestTempDir config(QStringLiteral("trial-video"));
    Settings settings(config.filePath(QStringLiteral("pinstage.ini")));
    QVERIFY(settings.load());
    // The file holds what runs (the studio here runs 360x640 at 30 fps).
    VideoSettings video = settings.video();
    video.canvas = QSize(360, 640);
    video.fps = 30;
    settings.setVideo(video);
    FailingKeychain secrets;
    MainWindow window(*m_studio, settings, secrets);
    window.setGeometry(QGuiApplication::primaryScreen()->availableGeometry());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window, kWindowWaitMs));
    StrayWindows stray;
    SettingsDialog* dialog = window.openSettingsDialog(QStringLiteral("video"));
    QVERIFY(dialog);
    QTRY_VERIFY2_WITH_TIMEOUT(dialog->windowHandle() && dialog->windowHandle()->isExposed(),
        qPrintable(stray.found().join(QStringLiteral("; "))), kWindowWaitMs);
    QVERIFY2(stray.found().isEmpty(), qPrintable(stray.found().join(QStringLiteral("; "))));
    QLabel* note = dialog->videoNote();
    QVERIFY(note);
    QVERIFY(note->isVisible()); // on the Video page, which is open
    QVERIFY(!note->property("warning").toBool());
    QVERIFY2(note->text().contains(QStringLiteral("apply at the next start of Pinstage")), qPrintable(note->text()));

    // Offline: a new canvas is said to wait for the next start, with what the program keeps.
    dialog->setFieldText(QStringLiteral("canvas"), QStringLiteral("720x1280"));
    QVERIFY(note->property("warning").toBool());
    QVERIFY2(note->text().contains(QStringLiteral("720x1280 at 30 fps takes effect at the next start of "
                                                  "Pinstage: quit and start it again")),
        qPrintable(note->text()));
    QVERIFY2(note->text().contains(QStringLiteral("Until then the program stays 360x640 at 30 fps")),
        qPrintable(note->text()));
    dialog->setFieldText(QStringLiteral("fps"), QStringLiteral("25"));
    QVERIFY2(note->text().contains(QStringLiteral("720x1280 at 25 fps")), qPrintable(note->text()));

    // During a show (a rehearsal: nothing streams): the show keeps what it runs with.
    QString error;
    QVERIFY2(m_studio->show().startRehearsal(&error), qPrintable(error));
    auto endShow = qScopeGuard([this] { m_studio->show().endShow(); });
    QTRY_VERIFY2(note->text().contains(QStringLiteral("This show keeps 360x640 at 30 fps to its end")),
        qPrintable(note->text()));
    QVERIFY(note->property("warning").toBool());
    m_studio->show().endShow();
    QTRY_VERIFY(note->text().contains(QStringLiteral("Until then the program stays 360x640 at 30 fps")));

    // Back to what runs: the plain note again.
    dialog->setFieldText(QStringLiteral("canvas"), QStringLiteral("360x640"));
    dialog->setFieldText(QStringLiteral("fps"), QStringLiteral("30"));
    QVERIFY(!note->property("warning").toBool());
    QVERIFY2(note->text().contains(QStringLiteral("apply at the next start of Pinstage")), qPrintable(note->text()));
    dialog->reject();
    QTRY_VERIFY(!QApplication::activeModalWidget());
}

void tst_WindowTrial::windowsReachTheScreenWhileThePreviewDraws()
{
    // libobs draws on an X connection of its own, never on the one Qt reads its events from.
    auto* x11 = qApp->nativeInterface<QNativeInterface::QX11Application>();
    QVERIFY(x11 && x11->display());
    QVERIFY(obs_get_nix_platform_display());
    QVERIFY(obs_get_nix_platform_display() != static_cast<void*>(x11->display()));

    TestTempDir config(QStringLiteral("preview-events"));
    Settings settings(config.filePath(QStringLiteral("pinstage.ini")));
    QVERIFY(settings.load());
    FailingKeychain secrets;
    MainWindow window(*m_studio, settings, secrets);
    window.setGeometry(QGuiApplication::primaryScreen()->availableGeometry());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window, kWindowWaitMs));
    QTRY_VERIFY_WITH_TIMEOUT(window.preview()->isRendering(), kWindowWaitMs);

    // While libobs presents the preview every frame, dialogs come and go as a seller opens them:
    // each one's MapNotify and Expose must reach Qt.
    constexpr int kDialogs = 40;
    int exposed = 0;
    for (int i = 0; i < kDialogs; ++i) {
        QDialog dialog(&window);
        dialog.resize(320, 200 + (i % 5) * 20);
        dialog.show();
        if (QTest::qWaitForWindowExposed(&dialog, kWindowWaitMs))
            ++exposed;
        dialog.hide();
    }
    QCOMPARE(exposed, kDialogs);
    QVERIFY(window.preview()->isRendering());
}

void tst_WindowTrial::microphoneStepNamesTheMissingSoundSystem()
{
    // This test's display has no sound server (no PulseAudio, no XDG_RUNTIME_DIR): the guide's
    // microphone step says so, as the pre-flight check does, instead of "plug one in", and shows
    // no meter to speak into.
    QVERIFY(!m_studio->scenes().hasAudioServer());
    TestTempDir config(QStringLiteral("guide-sound"));
    Settings settings(config.filePath(QStringLiteral("pinstage.ini")));
    QVERIFY(settings.load());
    FailingKeychain secrets;
    MainWindow window(*m_studio, settings, secrets);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window, kWindowWaitMs));
    FirstRunGuide* guide = window.openFirstRunGuide();
    guide->showStep(QStringLiteral("microphone"));
    const QString text = guide->microphoneStatusLabel()->text();
    QVERIFY2(text.contains(QStringLiteral("No sound system answered")), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("Plug one in")), qPrintable(text));
    QVERIFY(!guide->findChild<QWidget*>(QStringLiteral("guideLevel"))->isVisible());
    for (const QLabel* label : guide->findChildren<QLabel*>())
        QVERIFY2(!label->isVisible() || !label->text().contains(QStringLiteral("Another microphone")),
            "a hint to choose another microphone, where none can be heard");
    guide->reject();
    QTRY_VERIFY(!QApplication::activeModalWidget());
    // The pre-flight check says the same, with no "Open settings…" that cannot fix it (the trial
    // found one on the microphone item).
    bool named = false;
    for (const PreflightItem& item : window.preflightItems()) {
        if (item.id != QLatin1String("sound-system"))
            continue;
        named = true;
        QVERIFY2(item.text.contains(QStringLiteral("restart Pinstage")), qPrintable(item.text));
        QVERIFY2(item.fixLabel.isEmpty() && !item.fix, qPrintable(item.fixLabel));
    }
    QVERIFY(named);
}

int main(int argc, char** argv)
{
    XvfbServer xvfb(QStringLiteral("1280x800x24"));
    if (!startTestDisplay(xvfb)) // no session bus: QtKeychain finds no keychain, as on the trial's machine
        return 1;
    int result = 0;
    {
        QApplication app(argc, argv);
        MainWindow::applyStudioTheme(app);
        QTEST_SET_MAIN_SOURCE_PATH
        tst_WindowTrial test;
        result = QTest::qExec(&test, argc, argv);
    }
    return result;
}

#include "tst_windowtrial.moc"
