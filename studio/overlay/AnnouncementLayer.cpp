// SPDX-License-Identifier: GPL-2.0-or-later
#include "overlay/AnnouncementLayer.h"

#include "overlay/AnnouncementPainter.h"
#include "overlay/SharedImageSource.h"

namespace pinstage {

AnnouncementLayer::AnnouncementLayer(QSize canvas, SharedImageSource::Kind kind)
    : m_canvas(canvas)
    , m_kind(kind)
{
    SharedImageSource::clear(m_kind);
}

void AnnouncementLayer::show(const QString& text, bool scrolling)
{
    if (scrolling) {
        SharedImageSource::Presentation presentation;
        presentation.scrollPixelsPerSecond = AnnouncementPainter::scrollSpeed(m_canvas);
        presentation.scrollViewportWidth = AnnouncementPainter::barRect(m_canvas).width();
        SharedImageSource::setImage(m_kind, AnnouncementPainter::paintTile(text, m_canvas), presentation);
    } else {
        SharedImageSource::setImage(m_kind, AnnouncementPainter::paintStatic(text, m_canvas));
    }
    m_text = text;
    m_scrolling = scrolling;
}

void AnnouncementLayer::hide()
{
    SharedImageSource::clear(m_kind);
    m_text.clear();
    m_scrolling = false;
}

} // namespace pinstage
