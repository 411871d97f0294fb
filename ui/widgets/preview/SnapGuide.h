// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "widgets/preview/ItemGeometry.h"

#include <QList>
#include <QRectF>
#include <QSizeF>

#include <optional>

namespace pinstage::preview {

/// A line an edge or the centre of an item snapped to: a vertical line at x = position or a
/// horizontal one at y = position (canvas pixels).
struct SnapLine {
    Qt::Orientation orientation = Qt::Vertical;
    double position = 0;
    bool operator==(const SnapLine&) const = default;
};

/// The lines a dragged item snaps to: the canvas edges, the canvas's centre lines and, when given,
/// the edges of the platform's safe area. An item's left edge, centre and right edge (top, middle,
/// bottom) snap to the nearest line within a threshold; each axis on its own.
///
/// Pure logic. Units: canvas pixels (the threshold too: the caller converts its few screen pixels
/// with the preview's scale). Thread contract: a value; any thread.
class SnapGuide {
public:
    SnapGuide() = default;
    /// SAFEAREA empty: no safe-area lines.
    explicit SnapGuide(const QSizeF& canvas, const QRectF& safeArea = {});

    /// The x of the vertical lines and the y of the horizontal lines, ascending.
    const QList<double>& xs() const { return m_xs; }
    const QList<double>& ys() const { return m_ys; }

    struct Move {
        QPointF delta; ///< the move to apply (DELTA with the snap added)
        QList<SnapLine> lines; ///< the lines the item now sits on, to draw
    };
    /// Snaps the move DELTA of an item whose upright bounding rectangle is BOX (before the move).
    Move snapMove(const QRectF& box, const QPointF& delta, double threshold) const;

    /// The nearest line to VALUE on that axis within THRESHOLD, or nothing.
    std::optional<double> nearest(Qt::Orientation orientation, double value, double threshold) const;

private:
    QList<double> m_xs;
    QList<double> m_ys;
};

/// Resizes an item by dragging one of its handles so that the handle lands on canvas point TARGET
/// (the pointer, less where on the handle it was grabbed), the opposite handle staying in place.
/// KEEPASPECT: the box keeps its aspect (an edge handle then grows the other side evenly about
/// its middle); otherwise each axis follows the pointer alone. The box never flips nor shrinks
/// below MINSIZE canvas pixels on a side. With a GUIDE, the handle snaps to its lines within
/// THRESHOLD (canvas pixels). Rotation, crop and the rest of the transform are kept.
struct Resize {
    ItemTransform transform;
    QList<SnapLine> lines; ///< the lines the handle snapped to
};
Resize resizeItem(const ItemGeometry& start, Handle handle, const QPointF& target, bool keepAspect,
    const SnapGuide* guide, double threshold, double minSize = 2.0);

/// Crops an item by dragging one of its handles (Alt held): the handle's sides move to TARGET while
/// the picture stays where it is (the scale is kept), cutting whole source pixels off, or giving
/// back ones cut before up to the source's edge; at least one source pixel stays. Only for items
/// without bounds (with bounds libobs fits the cropped picture into the box again, so a crop there
/// is a resize): those come back unchanged. Snaps like resizeItem().
Resize cropItem(
    const ItemGeometry& start, Handle handle, const QPointF& target, const SnapGuide* guide, double threshold);

} // namespace pinstage::preview
