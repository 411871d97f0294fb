// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "overlay/SharedImageSource.h"

#include <QSize>
#include <QString>

namespace pinstage {

/// The announcement bar on air: paints the line (AnnouncementPainter) and hands it to every
/// `pinstage_announcement` source (SharedImageSource), static or as a scrolling tile.
///
/// Thread contract: one thread at a time (the card stage's worker in the studio); painting happens
/// on that thread, never on the graphics thread.
class AnnouncementLayer {
public:
    /// A layer for the announcement sources of KIND (Announcement, or AnnouncementHorizontal: the bar
    /// of the horizontal canvas, issue 11), painted for CANVAS (pixels).
    explicit AnnouncementLayer(QSize canvas, SharedImageSource::Kind kind = SharedImageSource::Kind::Announcement);

    /// Shows TEXT from the next rendered frame (fading in when nothing was shown); SCROLLING moves
    /// it right to left across the bar.
    void show(const QString& text, bool scrolling);
    /// Takes the bar off (fading out).
    void hide();
    bool isShowing() const { return !m_text.isEmpty(); }
    QString text() const { return m_text; }
    bool scrolling() const { return m_scrolling; }
    /// The canvas the bar is painted for (pixels).
    QSize canvas() const { return m_canvas; }

private:
    QSize m_canvas;
    SharedImageSource::Kind m_kind;
    QString m_text;
    bool m_scrolling = false;
};

} // namespace pinstage
