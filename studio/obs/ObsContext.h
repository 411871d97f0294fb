// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "obs/VideoSettings.h"

#include <QString>

#include <obs.h>

#include <functional>

#include <memory>

namespace pinstage {

/// Owns the libobs core for the life of the process: platform, graphics, audio, the module
/// allow-list and the app's own source types. Exactly one may exist at a time.
///
/// Thread contract: create and destroy on the main thread, after the Q(Gui)Application exists
/// (libobs needs its X display) and before it is destroyed. Everything that holds libobs objects
/// (scenes, outputs, previews) must be released before the context is destroyed.
class ObsContext {
public:
    struct Options {
        VideoSettings video;
        QString configDir; ///< libobs module config folder; created if missing
        QString logFile; ///< where libobs's log goes; empty = nowhere but the hook
        bool logToStderr = false;
    };

    /// Starts libobs. Returns nullptr and sets *error on failure (no X display, no OpenGL,
    /// a required module missing).
    static std::unique_ptr<ObsContext> start(const Options& options, QString* error);
    ~ObsContext();

    ObsContext(const ObsContext&) = delete;
    ObsContext& operator=(const ObsContext&) = delete;

    const VideoSettings& video() const { return m_video; }

    /// Runs RELEASE (which drops the last references to libobs objects whose destruction may block,
    /// such as an output still connecting) on a background thread, so that the calling thread
    /// never waits on the network. The context's destructor waits for pending releases, at most
    /// 10 s, before libobs shuts down. Any thread.
    static void releaseInBackground(std::function<void()> release);
    /// Waits, at most TIMEOUT_MS milliseconds, until every release handed to releaseInBackground() has
    /// run. True when none is pending. Any thread but a release's own.
    static bool waitForBackgroundReleases(int timeoutMs);

    /// Changes canvas size or rate; fails while an output is active.
    bool resetVideo(const VideoSettings& video, QString* error);

    /// The libobs video settings the program uses for VIDEO (NV12 converted on the GPU, BT.709 partial
    /// range); a second canvas (CanvasView) renders with the same ones at its own size and rate. Any thread.
    static obs_video_info videoInfoFor(const VideoSettings& video);

    /// Sends the requests libobs queued on its X connection (a preview's resize) to the X server
    /// now, without waiting for libobs's next frame. Any thread (Qt makes Xlib thread-safe).
    static void flushGraphicsConnection();

private:
    ObsContext() = default;
    VideoSettings m_video;
    // libobs draws on its own connection to the X server Qt uses, open for the context's life
    // (ObsContext.cpp). Never Qt's: libobs's EGL present (gl_x11_egl_device_present) empties the
    // event queue of its display on the graphics thread and frees what it finds; on Qt's
    // connection that discarded Qt's MapNotify, Expose and input events, so a dialog could stay
    // unexposed (blank) for good.
};

} // namespace pinstage
