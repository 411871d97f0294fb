// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "widgets/preview/SnapGuide.h"

#include <obs.hpp>

#include <QList>

#include <mutex>

namespace pinstage::preview {

/// What the preview draws over the program for layout editing: the selected item's box with its
/// eight handles, and the snap lines of a drag in progress.
///
/// Drawn through libobs's display draw callback with gs primitives, after the program texture
/// (as OBS Studio draws its selection): the preview's native window belongs to libobs's OpenGL
/// context, so a Qt overlay would need a second, translucent top-level window and a compositor,
/// which Xvfb and many studio machines lack. Drawing here is exact (same frame, same mapping) and
/// never reaches the program, the stream or the recording, which render without this callback.
///
/// The box is read from libobs each frame (obs_sceneitem_get_box_transform), so it follows the
/// item even when its source changes size (a text being edited). Sizes are in widget pixels (times
/// the device pixel ratio): an outline of 2 px with a dark halo and white 9 px handles with a dark
/// rim, visible on dark and light pictures alike.
///
/// Thread contract: set*() on the main thread; draw() on the libobs graphics thread. The state is
/// a copy under a mutex; the selected item is held by a reference (released on the main thread
/// by the next setSelection() or the destructor, which must run while libobs is up).
class SelectionOverlay {
public:
    /// ITEM: the selected scene item (nullptr: none).
    void setSelection(obs_sceneitem_t* item);
    void setSnapLines(const QList<SnapLine>& lines);
    /// Device pixels per widget pixel: the outline and handles keep their size on a high-DPI screen.
    void setDevicePixelRatio(double ratio);
    QList<SnapLine> snapLines() const;

    /// The display draw callback (param: this overlay).
    static void draw(void* param, uint32_t cx, uint32_t cy);

private:
    mutable std::mutex m_mutex;
    OBSSceneItem m_item;
    QList<SnapLine> m_lines;
    double m_ratio = 1.0;
};

} // namespace pinstage::preview
