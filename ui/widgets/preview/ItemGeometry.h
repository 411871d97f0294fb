// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "scene/CollectionDocument.h"

#include <QPointF>
#include <QPolygonF>
#include <QRectF>
#include <QSizeF>
#include <QTransform>

namespace pinstage::preview {

/// The eight resize handles of a selection box, named by where they sit on the item's own
/// (unrotated) box; None: not on a handle.
enum class Handle { None, TopLeft, Top, TopRight, Right, BottomRight, Bottom, BottomLeft, Left };

/// Where a scene item lands on the canvas, computed exactly as libobs computes an item's box
/// transform (obs_sceneitem_get_box_transform) for items aligned top-left (the alignment every
/// item of a SceneCollection has): the source's size minus the crop, times the scale — or the
/// bounds box when a bounds type is set — rotated clockwise about the item's position, then moved
/// to it. (Checked against libobs 29 in tst_previewlayout.)
///
/// Pure logic with no libobs: the preview builds one from an item's ItemTransform and its
/// source's current size. Units: canvas pixels, degrees clockwise; the crop in source pixels.
/// Thread contract: a value; any thread.
class ItemGeometry {
public:
    ItemGeometry() = default;
    /// SOURCESIZE: the source's own size in pixels (obs_source_get_width/height), before crop.
    ItemGeometry(const ItemTransform& transform, const QSizeF& sourceSize);

    const ItemTransform& transform() const { return m_transform; }
    QSizeF sourceSize() const { return m_sourceSize; }
    /// The source's size after the crop (never negative).
    QSizeF croppedSize() const;
    /// The box's size before rotation (canvas pixels; negative on a flipped axis).
    QSizeF boxSize() const;
    /// False when the box has no area (an empty source without bounds): nothing to select.
    bool isEmpty() const;
    /// Maps the unit square (0,0)-(1,1) of the item's box onto the canvas.
    QTransform boxTransform() const;
    /// The box's four corners on the canvas: top-left, top-right, bottom-right, bottom-left.
    QPolygonF corners() const;
    /// The smallest upright rectangle holding the (rotated) box.
    QRectF boundingRect() const;
    /// True when canvas point P is inside the box (rotation, scale, bounds and crop applied).
    bool contains(const QPointF& p) const;
    /// The handle's point on the canvas.
    QPointF handlePoint(Handle handle) const;
    /// The handle's place in the unit square (e.g. Right: (1, 0.5)).
    static QPointF unitPoint(Handle handle);
    /// The handle opposite (TopLeft ↔ BottomRight, Top ↔ Bottom…).
    static Handle opposite(Handle handle);

    /// This item moved by DELTA canvas pixels.
    ItemTransform moved(const QPointF& delta) const;
    /// This item with its box's unit square replaced by the rectangle (U0,V0)-(U1,V1) of it (unit
    /// coordinates of the current box): the position follows the rectangle's first corner, the
    /// scale (or the bounds when a bounds type is set) is multiplied by its size.
    ItemTransform reshaped(const QPointF& unitTopLeft, const QSizeF& unitSize) const;

private:
    ItemTransform m_transform;
    QSizeF m_sourceSize;
};

/// Position presets for one item on a canvas.
enum class LayoutPreset { Fill, Fit, TopLeft, TopRight, BottomLeft, BottomRight, Centre };

/// Where preset PRESET puts the item of GEOMETRY on a canvas of CANVAS pixels:
/// - Fill: the box stretched over the whole canvas (rotation reset to 0; an item with bounds gets
///   the canvas as bounds and the "stretch" bounds type).
/// - Fit: the largest box of the item's aspect inside the canvas, centred (rotation reset to 0; an
///   item with bounds gets the canvas as bounds and the "scale_inner" type, centred content).
/// - The corners and Centre: the item moved (size and rotation kept) so that its upright bounding
///   rectangle touches that corner of the canvas, or sits in its middle.
/// Crop, visibility and lock are kept. Returns the transform unchanged when the item has no size
/// (an empty source without bounds) and the preset needs one (Fill, Fit).
ItemTransform applyPreset(const ItemGeometry& geometry, const QSizeF& canvas, LayoutPreset preset);

} // namespace pinstage::preview
