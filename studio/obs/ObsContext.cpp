// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/ObsContext.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "obs/IngestService.h"
#include "obs/ObsLog.h"

#include <obs-nix-platform.h>
#include <obs.h>

#include <QDir>
#include <QGuiApplication>
#include <QSet>

// After Qt's headers: Xlib defines macros (None, Bool, Status) that Qt's headers use as names.
#include <X11/Xlib.h>

#include <csignal>

namespace pinstage {
namespace {

    bool g_running = false;
    std::atomic<Display*> g_graphicsDisplay = nullptr; // libobs's X connection while a context runs

    // Only these modules are loaded. Debian's obs-studio also ships modules that link Qt 5
    // (frontend-tools, obs-websocket, decklink-*); loading them aborts a Qt 6 process. rtmp-services
    // is not loaded either: it asks obsproject.com for a newer services list on every start
    // (IngestService replaces its one service Pinstage used; its list is read from its data file).
    const QSet<QString>& moduleAllowList()
    {
        static const QSet<QString> allow = {
            QStringLiteral("image-source"), QStringLiteral("obs-x264"), QStringLiteral("obs-ffmpeg"),
            QStringLiteral("obs-outputs"), QStringLiteral("text-freetype2"), QStringLiteral("linux-v4l2"),
            QStringLiteral("obs-filters"), QStringLiteral("obs-transitions"), QStringLiteral("linux-pulseaudio"),
            QStringLiteral("linux-capture"), // xshm_input: X11 screen capture
        };
        return allow;
    }

    // Modules the default show cannot do without.
    const QStringList& requiredModules()
    {
        static const QStringList required = { QStringLiteral("obs-x264"), QStringLiteral("obs-ffmpeg"),
            QStringLiteral("obs-outputs"), QStringLiteral("image-source") };
        return required;
    }

    struct ModuleScan {
        QStringList loaded;
        QStringList failed;
    };

    void loadAllowedModule(void* param, const obs_module_info2* info)
    {
        auto* scan = static_cast<ModuleScan*>(param);
        const QString name = QString::fromUtf8(info->name);
        if (!moduleAllowList().contains(name) || scan->loaded.contains(name))
            return;
        obs_module_t* module = nullptr;
        if (obs_open_module(&module, info->bin_path, info->data_path) != MODULE_SUCCESS || !obs_init_module(module)) {
            scan->failed.append(name);
            return;
        }
        scan->loaded.append(name);
    }

    obs_video_info videoInfo(const VideoSettings& video)
    {
        obs_video_info ovi {};
        ovi.graphics_module = "libobs-opengl";
        ovi.fps_num = static_cast<uint32_t>(video.fps);
        ovi.fps_den = 1;
        ovi.base_width = ovi.output_width = static_cast<uint32_t>(video.canvas.width());
        ovi.base_height = ovi.output_height = static_cast<uint32_t>(video.canvas.height());
        ovi.output_format = VIDEO_FORMAT_NV12;
        // With CPU conversion and NV12 the program comes out solid green while every statistic looks
        // fine (measured on Mesa llvmpipe): always convert on the GPU path.
        ovi.gpu_conversion = true;
        ovi.colorspace = VIDEO_CS_709;
        ovi.range = VIDEO_RANGE_PARTIAL;
        ovi.scale_type = OBS_SCALE_BICUBIC;
        return ovi;
    }

    QString videoResetError(int code)
    {
        switch (code) {
        case OBS_VIDEO_NOT_SUPPORTED:
            return QStringLiteral("the graphics driver does not support OpenGL 3.3 (is Mesa installed?)");
        case OBS_VIDEO_INVALID_PARAM:
            return QStringLiteral("invalid canvas size or frame rate");
        case OBS_VIDEO_CURRENTLY_ACTIVE:
            return QStringLiteral("the canvas cannot change while streaming or recording");
        case OBS_VIDEO_MODULE_NOT_FOUND:
            return QStringLiteral("the libobs OpenGL module is missing (install libobs0)");
        default:
            return QStringLiteral("libobs could not start its graphics (code %1)").arg(code);
        }
    }

} // namespace

std::unique_ptr<ObsContext> ObsContext::start(const Options& options, QString* error)
{
    Q_ASSERT(!g_running);
    auto fail = [error](const QString& message) {
        if (error)
            *error = message;
        return nullptr;
    };

    auto* x11 = qApp ? qApp->nativeInterface<QNativeInterface::QX11Application>() : nullptr;
    if (!x11 || !x11->display())
        return fail(QStringLiteral("no X display: Pinstage renders through X11/EGL; set DISPLAY or run it under Xvfb "
                                   "(xvfb-run -a pinstage ...)"));

    if (!QDir().mkpath(options.configDir))
        return fail(QStringLiteral("cannot create the libobs configuration folder %1").arg(options.configDir));

    ObsLog::install(options.logFile, options.logToStderr);

    // A server that closes an RTMPS connection must end that connection, not the process: libobs's
    // TLS sends (mbedtls_net_send) use write(), which raises SIGPIPE once the peer has closed, and
    // SIGPIPE's default action kills the process (the window, the show, the local recording). With
    // it ignored, write() fails with EPIPE and libobs reports the drop; StreamOutput reconnects. A
    // handler the application installed is left alone.
    struct sigaction brokenPipe = {};
    if (::sigaction(SIGPIPE, nullptr, &brokenPipe) == 0 && brokenPipe.sa_handler == SIG_DFL) {
        brokenPipe.sa_handler = SIG_IGN;
        ::sigaction(SIGPIPE, &brokenPipe, nullptr);
    }

    // libobs draws on a connection of its own to the same X server (see m_graphicsDisplay): X
    // windows belong to the server, so libobs still draws into the preview windows Qt creates.
    Display* graphicsDisplay = XOpenDisplay(DisplayString(x11->display()));
    if (!graphicsDisplay)
        return fail(QStringLiteral("libobs could not open its own connection to the X display %1")
                        .arg(QString::fromLocal8Bit(DisplayString(x11->display()))));
    obs_set_nix_platform(OBS_NIX_PLATFORM_X11_EGL);
    obs_set_nix_platform_display(graphicsDisplay);
    if (!obs_startup("en-US", QDir(options.configDir).absolutePath().toUtf8().constData(), nullptr)) {
        XCloseDisplay(graphicsDisplay);
        return fail(QStringLiteral("libobs failed to start (see the log)"));
    }

    std::unique_ptr<ObsContext> context(new ObsContext);
    g_graphicsDisplay = graphicsDisplay;
    g_running = true;

    obs_video_info ovi = videoInfo(options.video);
    const int videoResult = obs_reset_video(&ovi);
    if (videoResult != OBS_VIDEO_SUCCESS)
        return fail(videoResetError(videoResult));
    context->m_video = options.video;

    obs_audio_info oai {};
    oai.samples_per_sec = 48000;
    oai.speakers = SPEAKERS_STEREO;
    if (!obs_reset_audio(&oai))
        return fail(QStringLiteral("libobs could not start its audio mixer"));

    IngestService::registerType();
    ModuleScan scan;
    obs_find_modules2(loadAllowedModule, &scan);
    obs_post_load_modules();
    for (const QString& name : requiredModules()) {
        if (!scan.loaded.contains(name))
            return fail(
                QStringLiteral("the libobs module '%1' is missing or failed to load (install the obs-studio package)")
                    .arg(name));
    }
    blog(LOG_INFO, "pinstage: loaded modules: %s", qPrintable(scan.loaded.join(QLatin1String(", "))));
    return context;
}

namespace {
    std::mutex g_releaseMutex;
    std::condition_variable g_releaseDone;
    int g_pendingReleases = 0;
} // namespace

void ObsContext::releaseInBackground(std::function<void()> release)
{
    {
        const std::lock_guard lock(g_releaseMutex);
        ++g_pendingReleases;
    }
    std::thread([release = std::move(release)]() mutable {
        release();
        release = nullptr;
        const std::lock_guard lock(g_releaseMutex);
        --g_pendingReleases;
        g_releaseDone.notify_all();
    }).detach();
}

bool ObsContext::waitForBackgroundReleases(int timeoutMs)
{
    std::unique_lock lock(g_releaseMutex);
    return g_releaseDone.wait_for(lock, std::chrono::milliseconds(timeoutMs), [] { return g_pendingReleases == 0; });
}

ObsContext::~ObsContext()
{
    {
        std::unique_lock lock(g_releaseMutex);
        if (!g_releaseDone.wait_for(lock, std::chrono::seconds(10), [] { return g_pendingReleases == 0; })) {
            // An output is still stuck in a connect: shutting libobs down under it would crash.
            // The process is ending anyway; leave libobs to the operating system.
            blog(LOG_WARNING, "An output is still connecting; libobs is left running as the process ends");
            return;
        }
    }
    obs_shutdown();
    g_running = false;
    if (Display* display = g_graphicsDisplay.exchange(nullptr))
        XCloseDisplay(display); // after libobs: its graphics thread drew on it until obs_shutdown()
    ObsLog::uninstall();
}

void ObsContext::flushGraphicsConnection()
{
    if (Display* display = g_graphicsDisplay)
        XFlush(display);
}

obs_video_info ObsContext::videoInfoFor(const VideoSettings& video)
{
    return videoInfo(video);
}

bool ObsContext::resetVideo(const VideoSettings& video, QString* error)
{
    obs_video_info ovi = videoInfo(video);
    const int result = obs_reset_video(&ovi);
    if (result != OBS_VIDEO_SUCCESS) {
        if (error)
            *error = videoResetError(result);
        return false;
    }
    m_video = video;
    return true;
}

} // namespace pinstage
