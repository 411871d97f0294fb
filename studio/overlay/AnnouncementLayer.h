// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

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
    explicit AnnouncementLayer(QSize canvas);

    /// Shows TEXT from the next rendered frame (fading in when nothing was shown); SCROLLING moves
    /// it right to left across the bar.
    void show(const QString& text, bool scrolling);
    /// Takes the bar off (fading out).
    void hide();
    bool isShowing() const { return !m_text.isEmpty(); }
    QString text() const { return m_text; }
    bool scrolling() const { return m_scrolling; }

private:
    QSize m_canvas;
    QString m_text;
    bool m_scrolling = false;
};

} // namespace pinstage
