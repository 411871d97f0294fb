// SPDX-License-Identifier: GPL-2.0-or-later
// The composition root: parses the command line, picks the window, headless mode or a catalog
// command, builds the engine and wires it. It is the only file that knows every part.
#include "CatalogCommand.h"
#include "CommandLine.h"
#include "HeadlessSession.h"
#include "ScenesCommand.h"
#include "ShowCommand.h"

#include "MainWindow.h"
#include "catalog/Money.h"
#include "obs/ObsLog.h"
#include "output/ObsOutputs.h"
#include "output/PlatformPreset.h"
#include "output/StreamOutput.h"
#include "output/StreamTarget.h"
#include "overlay/CardTemplate.h"
#include "scene/SceneCollection.h"
#include "settings/MemorySecretStore.h"
#include "settings/Settings.h"
#include "show/RunOfShow.h"
#include "show/ShowController.h"
#include "show/Studio.h"
#include "util/Paths.h"

#ifdef PINSTAGE_HAVE_KEYCHAIN
#include "settings/KeychainSecretStore.h"
#endif

#include <QApplication>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QScreen>
#include <QSocketNotifier>
#include <QTextStream>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int g_signalPipe[2] = { -1, -1 };

void onTerminationSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t ignored = ::write(g_signalPipe[1], &byte, 1);
}

// SIGINT / SIGTERM end a headless show cleanly (stats printed, recording closed) instead of
// killing it mid-write: the signal only writes a byte, the event loop does the rest.
void stopOnTerminationSignals(std::function<void()> stop, QObject* owner)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0)
        return;
    auto* notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, owner);
    QObject::connect(notifier, &QSocketNotifier::activated, owner, [stop = std::move(stop)] {
        char byte;
        [[maybe_unused]] const ssize_t ignored = ::read(g_signalPipe[0], &byte, 1);
        stop();
    });
    std::signal(SIGINT, onTerminationSignal);
    std::signal(SIGTERM, onTerminationSignal);
}

bool haveDisplay(QTextStream& err)
{
    if (!qEnvironmentVariableIsEmpty("DISPLAY"))
        return true;
    err << "pinstage: no X display (DISPLAY is not set). Pinstage renders through X11; on a server run it\n"
           "          under Xvfb, e.g. xvfb-run -a pinstage --headless ...\n";
    err.flush();
    return false;
}

// Starts the engine for the command line's show; prints the one-line reason and returns nullptr
// when it cannot (no data folder, a refused catalog file, libobs failing).
// SETTINGS (the window's settings file, or null) fill what the command line did not say: the
// canvas, frame rate, microphone and show title the settings dialog chose.
std::unique_ptr<pinstage::Studio> startStudio(
    const pinstage::CommandLine& cl, QTextStream& err, const pinstage::Settings* settings = nullptr)
{
    pinstage::Studio::Options options;
    options.dataDir = cl.dataDir.isEmpty() ? pinstage::defaultDataDir() : cl.dataDir;
    options.video.canvas = cl.canvas;
    options.video.fps = cl.fps;
    options.camera = cl.camera;
    options.cardTemplate = cl.cardTemplate;
    options.cardExtras.promoCode = cl.promoCode;
    options.cardExtras.shopUrl = cl.shopUrl;
    options.microphone = cl.microphone;
    options.sceneCollectionFile = cl.sceneCollectionFile;
    options.startScene = cl.startScene;
    if (!cl.title.isEmpty())
        options.title = cl.title;
    options.logToStderr = cl.verbose;
    options.encoderProfile = cl.encoderProfile;
    if (cl.horizontalCanvas)
        options.horizontalCanvas = *cl.horizontalCanvas;
    options.horizontalScene = cl.horizontalScene;
    const QStringList args = QCoreApplication::arguments();
    // Given as "--flag VALUE" or as "--flag=VALUE" (CommandLine::parse takes both).
    const auto given = [&args](const char* flag) {
        const QLatin1String name(flag);
        return std::any_of(args.cbegin(), args.cend(), [&name](const QString& a) {
            return a == name || (a.startsWith(name) && a.size() > name.size() && a.at(name.size()) == QLatin1Char('='));
        });
    };
    if (settings) {
        const pinstage::VideoSettings saved = settings->video();
        if (!given("--canvas"))
            options.video.canvas = saved.canvas;
        if (!given("--fps"))
            options.video.fps = saved.fps;
        if (!given("--mic") && !settings->microphoneDevice().isEmpty())
            options.microphone = settings->microphoneDevice();
        if (!given("--title") && !settings->showTitle().isEmpty())
            options.title = settings->showTitle();
        if (!given("--horizontal-canvas"))
            options.horizontalCanvas = settings->horizontalCanvas();
        if (!given("--encoder-profile") && settings->hasEncoder())
            options.encoderProfile = settings->encoder(options.video.canvas, options.video.fps).profile;
    }
    QString error;
    std::unique_ptr<pinstage::Studio> studio = pinstage::Studio::create(options, &error);
    if (!studio) {
        if (!cl.horizontalScene.isEmpty() && error.contains(QLatin1String("for the horizontal canvas")))
            error.prepend(QStringLiteral("--horizontal-scene: "));
        err << "pinstage: " << error << "\n";
        err.flush();
        return studio;
    }
    if ((settings && settings->hasEncoder()) || cl.keyframeSeconds) {
        // The settings dialog's x264 preset, bitrate and keyframe interval (the profile as chosen
        // above); --keyframe-seconds over it (clips are cut at keyframes: a shorter interval cuts
        // closer). Applied once.
        pinstage::EncoderSettings encoder = settings && settings->hasEncoder()
            ? settings->encoder(options.video.canvas, options.video.fps).withProfile(options.encoderProfile)
            : pinstage::EncoderSettings::forCanvas(options.video.canvas, options.video.fps, options.encoderProfile);
        if (cl.keyframeSeconds)
            encoder.keyframeSeconds = *cl.keyframeSeconds;
        if (!studio->outputs().setEncoderSettings(encoder, &error))
            err << "pinstage: " << error << "\n";
    }
    // Said once: what could not be set up as saved (no audio server, a missing source type).
    for (const QString& warning : studio->scenes().warnings())
        err << "pinstage: " << warning << "\n";
    err.flush();
    return studio;
}

int runHeadless(int argc, char** argv, const pinstage::CommandLine& cl, QTextStream& out, QTextStream& err)
{
    if (!haveDisplay(err))
        return 1;
    qputenv("QT_QPA_PLATFORM", "xcb");
    QGuiApplication app(argc, argv);
    std::unique_ptr<pinstage::Studio> studio = startStudio(cl, err);
    if (!studio)
        return 1;
    int exitCode = 0;
    {
        // Headless runs are scripted: only their flags decide (the window's settings file, e.g.
        // [recording] keep_original, is not read; --remove-original is the headless choice).
        pinstage::HeadlessSession session(*studio, cl, out, err);
        QObject::connect(&session, &pinstage::HeadlessSession::finished, &app, [&exitCode](int code) {
            exitCode = code;
            QCoreApplication::exit(code);
        });
        stopOnTerminationSignals([&session] { session.requestStop(); }, &session);
        if (!session.start())
            return 1;
        // QCoreApplication's loop, not QGuiApplication::exec(): that one first starts accessibility
        // (QAccessible::setRootObject), whose xcb bridge connects to the session bus, and without a
        // bus libdbus autolaunches one (forking dbus-launch from its connection thread). Headless
        // has no window to make accessible and its keys come from flags: it never touches D-Bus.
        QCoreApplication::exec();
    }
    studio.reset();
    return exitCode;
}

int runWindow(int argc, char** argv, const pinstage::CommandLine& cl, QTextStream& err)
{
    if (!haveDisplay(err))
        return 1;
    qputenv("QT_QPA_PLATFORM", "xcb");
    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(QStringLiteral("Pinstage"));
    pinstage::MainWindow::applyStudioTheme(app); // dialogs and file choosers included
    // Settings and keys outlive the window. A refused settings file is left untouched and
    // reported in the window; a migrated one is saved at once (a stray key leaves the disk).
    pinstage::Settings settings(pinstage::Settings::defaultFilePath());
    if (settings.load() && settings.needsSave())
        settings.save();
    std::unique_ptr<pinstage::Studio> studio = startStudio(cl, err, &settings);
    if (!studio)
        return 1;
    int exitCode = 0;
    {
        pinstage::setMoneyLocale(settings.moneyLocaleName()); // [card] locale: how prices are written
#ifdef PINSTAGE_HAVE_KEYCHAIN
        pinstage::KeychainSecretStore secrets;
#else
        pinstage::MemorySecretStore secrets; // built without QtKeychain: keys for this session only
#endif
        // The window goes before the engine: its preview holds a libobs display.
        pinstage::MainWindow window(*studio, settings, secrets);
        // The command line's destination wins for this session and is not saved.
        if (!cl.streamUrl.isEmpty())
            window.setStreamTarget({ cl.streamUrl, cl.streamKey });
        // The card's look: the command line's template, else the settings file's [card] section;
        // the brand theme from there too; and the safe area of the destination's platform (the one
        // the preview's guide draws: a custom ingest has the graphics-safe frame). Follows the
        // destination as it changes, keeping the template and theme the card style dialog set.
        const pinstage::CardTemplate cardTemplate
            = pinstage::CardTemplate::byName(cl.cardTemplate.isEmpty() ? settings.cardTemplateName() : cl.cardTemplate)
                  .value_or(pinstage::CardTemplate::defaultTemplate());
        studio->setCardStyle(cardTemplate, settings.cardTheme(), studio->cardSafeArea());
        const auto applyCardStyle = [&studio, &window] {
            studio->setCardStyle(studio->cardTemplate(), studio->cardTheme(),
                window.platformPreset().safeArea(studio->options().video.canvas));
        };
        applyCardStyle();
        QObject::connect(&window, &pinstage::MainWindow::platformPresetChanged, &window, applyCardStyle);
        // The promo code and shop URL: the command line's, else the settings file's [card] section.
        pinstage::CardExtras extras = settings.cardExtras();
        if (!cl.promoCode.isEmpty())
            extras.promoCode = cl.promoCode;
        if (!cl.shopUrl.isEmpty())
            extras.shopUrl = cl.shopUrl;
        studio->setCardExtras(extras);
        // The studio fills the screen from the start: the run of show, scenes, sources, catalog and
        // mixer docks need the room (at 1280x800 the queue's Take buttons would fall off the bottom).
        // (Without a window manager to maximize it, the window takes the screen's available area.)
        if (const QScreen* screen = window.screen())
            window.setGeometry(screen->availableGeometry());
        window.showMaximized();
        // SIGTERM / SIGINT (a logout, a shutdown, a supervisor): the operator ends the show, as End
        // show and quitting do. The run is closed as ended (only a crash or kill -9 leaves it to
        // resume at the next start), the show ended, and the window quits. Before the first
        // question below, so that a signal while it waits for an answer ends the app cleanly too.
        stopOnTerminationSignals([&window] { window.endOnTerminationSignal(); }, &window);
        // Run of show: the host's screen as it was left, and an interrupted show offered back.
        if (settings.hostMonitorOpen())
            window.openHostMonitor();
        window.offerResume();
        // The guided set-up on a first start (PINSTAGE_NO_FIRST_RUN=1 keeps scripted runs plain).
        if (!window.isTerminating() && !qEnvironmentVariableIsSet("PINSTAGE_NO_FIRST_RUN"))
            window.showFirstRunGuideIfNeeded();
        if (!window.isTerminating()) // a signal during the Resume question already ended the app
            exitCode = app.exec();
    }
    studio.reset();
    return exitCode;
}

// After an srt:// or rist:// stream two copies of libsrt would crash the process in their static
// destructors (see StreamOutput::mpegTsOutputUsed()). By now everything is shut down: write what is
// pending and leave without running library destructors, with the session's exit code.
int leaveAfterLibsrt(int exitCode, QTextStream& out, QTextStream& err)
{
    if (!pinstage::StreamOutput::mpegTsOutputUsed())
        return exitCode;
    out.flush();
    err.flush();
    pinstage::ObsLog::flush(2000);
    std::fflush(nullptr);
    std::_Exit(exitCode);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication::setOrganizationName(QStringLiteral("Pinstage"));
    QCoreApplication::setApplicationName(QStringLiteral("Pinstage"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PINSTAGE_VERSION));

    QStringList args;
    for (int i = 0; i < argc; ++i)
        args.append(QString::fromLocal8Bit(argv[i]));

    QTextStream out(stdout);
    QTextStream err(stderr);

    if (args.size() > 1 && args.at(1) == QLatin1String("catalog")) {
        QCoreApplication app(argc, argv);
        return pinstage::runCatalogCommand(args.mid(2), out, err);
    }
    if (args.size() > 1 && args.at(1) == QLatin1String("scenes")) {
        QCoreApplication app(argc, argv);
        return pinstage::runScenesCommand(args.mid(2), out, err);
    }
    if (args.size() > 1 && args.at(1) == QLatin1String("show")) {
        QCoreApplication app(argc, argv);
        return pinstage::runShowCommand(args.mid(2), out, err);
    }

    QString error;
    const std::optional<pinstage::CommandLine> cl = pinstage::CommandLine::parse(args, &error);
    if (!cl) {
        err << "pinstage: " << error << "\n";
        return 2;
    }
    // Known from here on, the key is masked in every log line, message and error.
    pinstage::ObsLog::addSecret(cl->streamKey);
    for (const QString& note : cl->notes)
        err << "pinstage: " << pinstage::ObsLog::redact(note) << "\n";
    err.flush();
    if (cl->mode == pinstage::CommandLine::Mode::Headless || cl->mode == pinstage::CommandLine::Mode::Gui)
        pinstage::ObsLog::captureProcessMessages(cl->verbose);
    switch (cl->mode) {
    case pinstage::CommandLine::Mode::Help:
        out << pinstage::CommandLine::usage();
        return 0;
    case pinstage::CommandLine::Mode::Version:
        out << "pinstage " << PINSTAGE_VERSION << "\n";
        return 0;
    case pinstage::CommandLine::Mode::Headless:
        return leaveAfterLibsrt(runHeadless(argc, argv, *cl, out, err), out, err);
    case pinstage::CommandLine::Mode::Gui:
        break;
    }
    return leaveAfterLibsrt(runWindow(argc, argv, *cl, err), out, err);
}
