// SPDX-License-Identifier: GPL-2.0-or-later
#include "widgets/preview/SnapGuide.h"

#include <algorithm>
#include <cmath>

namespace pinstage::preview {
namespace {

    void addUnique(QList<double>& list, double value)
    {
        for (double v : list)
            if (std::abs(v - value) < 1e-6)
                return;
        list.append(value);
    }

    double dot(const QPointF& a, const QPointF& b)
    {
        return a.x() * b.x() + a.y() * b.y();
    }

} // namespace

SnapGuide::SnapGuide(const QSizeF& canvas, const QRectF& safeArea)
{
    for (double x : { 0.0, canvas.width() / 2, canvas.width() })
        addUnique(m_xs, x);
    for (double y : { 0.0, canvas.height() / 2, canvas.height() })
        addUnique(m_ys, y);
    if (!safeArea.isEmpty()) {
        addUnique(m_xs, safeArea.left());
        addUnique(m_xs, safeArea.right());
        addUnique(m_ys, safeArea.top());
        addUnique(m_ys, safeArea.bottom());
    }
    std::sort(m_xs.begin(), m_xs.end());
    std::sort(m_ys.begin(), m_ys.end());
}

std::optional<double> SnapGuide::nearest(Qt::Orientation orientation, double value, double threshold) const
{
    const QList<double>& lines = orientation == Qt::Vertical ? m_xs : m_ys;
    std::optional<double> best;
    for (double line : lines) {
        const double d = std::abs(line - value);
        if (d <= threshold && (!best || d < std::abs(*best - value)))
            best = line;
    }
    return best;
}

SnapGuide::Move SnapGuide::snapMove(const QRectF& box, const QPointF& delta, double threshold) const
{
    Move result { delta, {} };
    const QRectF moved = box.translated(delta);
    auto snapAxis = [&](Qt::Orientation orientation, double a, double b) -> double {
        // The edge (or middle) nearest to a line wins; returns the correction.
        const double edges[3] = { a, (a + b) / 2, b };
        std::optional<double> correction;
        for (double e : edges) {
            if (const std::optional<double> line = nearest(orientation, e, threshold)) {
                const double c = *line - e;
                if (!correction || std::abs(c) < std::abs(*correction))
                    correction = c;
            }
        }
        if (!correction)
            return 0;
        const QList<double>& lines = orientation == Qt::Vertical ? m_xs : m_ys;
        for (double e : edges)
            for (double line : lines)
                if (std::abs(e + *correction - line) < 1e-6)
                    result.lines.append({ orientation, line });
        return *correction;
    };
    result.delta.rx() += snapAxis(Qt::Vertical, moved.left(), moved.right());
    result.delta.ry() += snapAxis(Qt::Horizontal, moved.top(), moved.bottom());
    return result;
}

Resize resizeItem(const ItemGeometry& start, Handle handle, const QPointF& target, bool keepAspect,
    const SnapGuide* guide, double threshold, double minSize)
{
    Resize result { start.transform(), {} };
    if (handle == Handle::None || start.isEmpty())
        return result;
    const QTransform box = start.boxTransform();
    bool invertible = false;
    const QTransform toUnit = box.inverted(&invertible);
    if (!invertible)
        return result;

    const QPointF h = ItemGeometry::unitPoint(handle);
    const QPointF a = ItemGeometry::unitPoint(ItemGeometry::opposite(handle));
    const bool movesX = h.x() != 0.5;
    const bool movesY = h.y() != 0.5;
    const QSizeF size = start.boxSize();
    // The smallest extent on each axis, in units of the current box.
    const double minX = std::min(1.0, minSize / std::max(1e-9, std::abs(size.width())));
    const double minY = std::min(1.0, minSize / std::max(1e-9, std::abs(size.height())));

    double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
    // The extent along the handle's direction, never flipped nor below the minimum.
    auto span = [](double anchor, double handleAt, double to, double minimum, double* lo, double* hi) {
        const double dir = handleAt > anchor ? 1 : -1;
        const double extent = std::max(minimum, (to - anchor) * dir);
        *lo = std::min(anchor, anchor + dir * extent);
        *hi = std::max(anchor, anchor + dir * extent);
    };

    if (!keepAspect) {
        QPointF t = target;
        if (guide) {
            if (movesX)
                if (const std::optional<double> x = guide->nearest(Qt::Vertical, t.x(), threshold)) {
                    t.setX(*x);
                    result.lines.append({ Qt::Vertical, *x });
                }
            if (movesY)
                if (const std::optional<double> y = guide->nearest(Qt::Horizontal, t.y(), threshold)) {
                    t.setY(*y);
                    result.lines.append({ Qt::Horizontal, *y });
                }
        }
        const QPointF u = toUnit.map(t);
        if (movesX)
            span(a.x(), h.x(), u.x(), minX, &x0, &x1);
        if (movesY)
            span(a.y(), h.y(), u.y(), minY, &y0, &y1);
    } else {
        // Scale by F about the anchor: the handle moves along the line from the anchor through it.
        const QPointF A = box.map(a);
        const QPointF D = box.map(h) - A;
        const double dd = dot(D, D);
        if (dd < 1e-12)
            return result;
        const double minF = std::max(minX, minY); // both sides scale
        double f = std::max(minF, dot(target - A, D) / dd);
        if (guide) {
            std::optional<double> best;
            SnapLine bestLine;
            const QPointF H = A + f * D;
            for (Qt::Orientation o : { Qt::Vertical, Qt::Horizontal }) {
                const double d = o == Qt::Vertical ? D.x() : D.y();
                const double at = o == Qt::Vertical ? H.x() : H.y();
                const double from = o == Qt::Vertical ? A.x() : A.y();
                if (std::abs(d) < 1e-9)
                    continue;
                const std::optional<double> line = guide->nearest(o, at, threshold);
                if (!line)
                    continue;
                const double snapped = (*line - from) / d;
                if (snapped < minF)
                    continue;
                if (!best || std::abs(*line - at) < std::abs(bestLine.position - at)) {
                    best = snapped;
                    bestLine = { o, *line };
                }
            }
            if (best) {
                f = *best;
                result.lines.append(bestLine);
            }
        }
        if (movesX)
            span(a.x(), h.x(), a.x() + f * (h.x() - a.x()), 0, &x0, &x1);
        else {
            x0 = 0.5 - f / 2;
            x1 = 0.5 + f / 2;
        }
        if (movesY)
            span(a.y(), h.y(), a.y() + f * (h.y() - a.y()), 0, &y0, &y1);
        else {
            y0 = 0.5 - f / 2;
            y1 = 0.5 + f / 2;
        }
    }
    result.transform = start.reshaped(QPointF(x0, y0), QSizeF(x1 - x0, y1 - y0));
    return result;
}

Resize cropItem(
    const ItemGeometry& start, Handle handle, const QPointF& target, const SnapGuide* guide, double threshold)
{
    Resize result { start.transform(), {} };
    const ItemTransform& from = start.transform();
    const QSizeF cropped = start.croppedSize();
    if (handle == Handle::None || start.isEmpty() || from.boundsType != QLatin1String("none") || cropped.isEmpty())
        return result;
    bool invertible = false;
    const QTransform box = start.boxTransform();
    const QTransform toUnit = box.inverted(&invertible);
    if (!invertible)
        return result;
    const QPointF h = ItemGeometry::unitPoint(handle);
    const bool movesX = h.x() != 0.5;
    const bool movesY = h.y() != 0.5;
    QPointF t = target;
    if (guide) {
        if (movesX)
            if (const std::optional<double> x = guide->nearest(Qt::Vertical, t.x(), threshold)) {
                t.setX(*x);
                result.lines.append({ Qt::Vertical, *x });
            }
        if (movesY)
            if (const std::optional<double> y = guide->nearest(Qt::Horizontal, t.y(), threshold)) {
                t.setY(*y);
                result.lines.append({ Qt::Horizontal, *y });
            }
    }
    const QPointF u = toUnit.map(t);
    // One unit of the box is the cropped source's size, in source pixels.
    QMargins crop = from.crop;
    double x0 = 0, y0 = 0;
    auto cropSide = [](double unit, double size, int near, int far, bool start, int* side, double* origin) {
        // START: the side at unit 0 (left/top), else the side at unit 1 (right/bottom).
        if (start) {
            const double lo = -double(near) / size; // everything cut before given back
            const double hi = 1.0 - 1.0 / size; // one source pixel stays
            const double at = std::clamp(unit, lo, std::max(lo, hi));
            *side = std::max(0, near + int(std::lround(at * size)));
            *origin = double(*side - near) / size;
        } else {
            const double lo = 1.0 / size;
            const double hi = 1.0 + double(far) / size;
            const double at = std::clamp(unit, std::min(lo, hi), hi);
            *side = std::max(0, far - int(std::lround((at - 1.0) * size)));
        }
    };
    if (movesX) {
        int side = 0;
        if (h.x() == 0) {
            cropSide(u.x(), cropped.width(), crop.left(), crop.right(), true, &side, &x0);
            crop.setLeft(side);
        } else {
            cropSide(u.x(), cropped.width(), crop.right(), crop.right(), false, &side, &x0);
            crop.setRight(side);
        }
    }
    if (movesY) {
        int side = 0;
        if (h.y() == 0) {
            cropSide(u.y(), cropped.height(), crop.top(), crop.bottom(), true, &side, &y0);
            crop.setTop(side);
        } else {
            cropSide(u.y(), cropped.height(), crop.bottom(), crop.bottom(), false, &side, &y0);
            crop.setBottom(side);
        }
    }
    result.transform.crop = crop;
    result.transform.pos = box.map(QPointF(x0, y0));
    return result;
}

} // namespace pinstage::preview
