// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "obs/VideoSettings.h"

#include <obs.h>

#include <QString>

#include <memory>

namespace pinstage {

/// A second canvas (issue 11: the horizontal 16:9 picture beside the vertical program): a libobs view
/// rendered at its own size and frame rate into its own video output (libobs 29's obs_view_add2), so
/// encoders can take its frames (obs_encoder_set_video) while the program goes on unchanged. The view
/// shows one source (a scene) on its channel 0.
///
/// Cost: libobs renders the view's source every frame while the view exists (at 1920x1080 on llvmpipe
/// about as much as the program), and converts and reads it back only while an encoder uses it: make
/// one only while a destination wants the canvas.
///
/// Thread contract: create, call and destroy on the main thread with a running ObsContext. Destroy it
/// only after every encoder bound to video() stopped (libobs closes the video output in the graphics
/// thread's next frame; an encoder still connected to it would then use a freed output).
class CanvasView {
public:
    /// Adds a view of VIDEO (canvas in pixels: even, 16 to 4096; fps 1 to 120). Returns nullptr and sets
    /// *error naming the size when libobs refuses it.
    static std::unique_ptr<CanvasView> create(const VideoSettings& video, QString* error);
    ~CanvasView();

    CanvasView(const CanvasView&) = delete;
    CanvasView& operator=(const CanvasView&) = delete;

    /// Shows SOURCE (usually a scene's source; held by the view) from the next frame; nullptr: black.
    void setSource(obs_source_t* source);
    obs_source_t* source() const { return m_source; }
    /// The view's frames, for obs_encoder_set_video. Valid for the view's whole life.
    video_t* video() const { return m_video; }
    const VideoSettings& settings() const { return m_settings; }

private:
    CanvasView() = default;
    obs_view_t* m_view = nullptr;
    video_t* m_video = nullptr;
    obs_source_t* m_source = nullptr; // the view holds the reference; kept to answer source()
    VideoSettings m_settings;
};

} // namespace pinstage
