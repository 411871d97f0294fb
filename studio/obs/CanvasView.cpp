// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/CanvasView.h"

#include "obs/ObsContext.h"

namespace pinstage {

std::unique_ptr<CanvasView> CanvasView::create(const VideoSettings& video, QString* error)
{
    const QSize canvas = video.canvas;
    if (canvas.width() < 16 || canvas.height() < 16 || canvas.width() > 4096 || canvas.height() > 4096
        || canvas.width() % 2 || canvas.height() % 2 || video.fps < 1 || video.fps > 120) {
        *error = QStringLiteral("the second canvas %1x%2 at %3 fps is not usable (even sizes from 16 to 4096, 1 to "
                                "120 fps)")
                     .arg(canvas.width())
                     .arg(canvas.height())
                     .arg(video.fps);
        return nullptr;
    }
    std::unique_ptr<CanvasView> view(new CanvasView());
    view->m_settings = video;
    view->m_view = obs_view_create();
    if (!view->m_view) {
        *error = QStringLiteral("libobs could not create a view for the second canvas");
        return nullptr;
    }
    obs_video_info ovi = ObsContext::videoInfoFor(video);
    view->m_video = obs_view_add2(view->m_view, &ovi);
    if (!view->m_video) {
        *error = QStringLiteral("libobs could not render a second canvas of %1x%2 at %3 fps")
                     .arg(canvas.width())
                     .arg(canvas.height())
                     .arg(video.fps);
        return nullptr; // the destructor destroys the view
    }
    return view;
}

CanvasView::~CanvasView()
{
    if (!m_view)
        return;
    // The graphics thread renders the view under libobs's mixes lock; once obs_view_remove() returns it
    // never touches the view again (it frees the mix and closes its video output at its next frame).
    if (m_video)
        obs_view_remove(m_view);
    obs_view_set_source(m_view, 0, nullptr);
    obs_view_destroy(m_view);
}

void CanvasView::setSource(obs_source_t* source)
{
    m_source = source;
    obs_view_set_source(m_view, 0, source);
}

} // namespace pinstage
