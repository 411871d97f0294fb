// SPDX-License-Identifier: GPL-2.0-or-later
#include "widgets/preview/ItemGeometry.h"

#include <algorithm>
#include <cmath>

namespace pinstage::preview {
namespace {

    bool hasBounds(const ItemTransform& t)
    {
        return t.boundsType != QLatin1String("none");
    }

    // The scale that makes SIZE source pixels TARGET canvas pixels.
    double scaleFor(double target, double size)
    {
        return size > 0 ? target / size : 1.0;
    }

} // namespace

ItemGeometry::ItemGeometry(const ItemTransform& transform, const QSizeF& sourceSize)
    : m_transform(transform)
    , m_sourceSize(sourceSize)
{
}

QSizeF ItemGeometry::croppedSize() const
{
    const QMargins& c = m_transform.crop;
    return QSizeF(std::max(0.0, m_sourceSize.width() - c.left() - c.right()),
        std::max(0.0, m_sourceSize.height() - c.top() - c.bottom()));
}

QSizeF ItemGeometry::boxSize() const
{
    if (hasBounds(m_transform))
        return m_transform.bounds;
    const QSizeF cropped = croppedSize();
    return QSizeF(cropped.width() * m_transform.scale.x(), cropped.height() * m_transform.scale.y());
}

bool ItemGeometry::isEmpty() const
{
    const QSizeF box = boxSize();
    return std::abs(box.width()) < 1e-9 || std::abs(box.height()) < 1e-9;
}

QTransform ItemGeometry::boxTransform() const
{
    const QSizeF box = boxSize();
    QTransform t;
    t.translate(m_transform.pos.x(), m_transform.pos.y());
    t.rotate(m_transform.rotation);
    t.scale(box.width(), box.height());
    return t;
}

QPolygonF ItemGeometry::corners() const
{
    const QTransform t = boxTransform();
    return QPolygonF({ t.map(QPointF(0, 0)), t.map(QPointF(1, 0)), t.map(QPointF(1, 1)), t.map(QPointF(0, 1)) });
}

QRectF ItemGeometry::boundingRect() const
{
    return corners().boundingRect();
}

bool ItemGeometry::contains(const QPointF& p) const
{
    if (isEmpty())
        return false;
    bool invertible = false;
    const QPointF u = boxTransform().inverted(&invertible).map(p);
    return invertible && u.x() >= 0 && u.x() <= 1 && u.y() >= 0 && u.y() <= 1;
}

QPointF ItemGeometry::unitPoint(Handle handle)
{
    switch (handle) {
    case Handle::TopLeft:
        return { 0, 0 };
    case Handle::Top:
        return { 0.5, 0 };
    case Handle::TopRight:
        return { 1, 0 };
    case Handle::Right:
        return { 1, 0.5 };
    case Handle::BottomRight:
        return { 1, 1 };
    case Handle::Bottom:
        return { 0.5, 1 };
    case Handle::BottomLeft:
        return { 0, 1 };
    case Handle::Left:
        return { 0, 0.5 };
    case Handle::None:
        break;
    }
    return { 0.5, 0.5 };
}

Handle ItemGeometry::opposite(Handle handle)
{
    switch (handle) {
    case Handle::TopLeft:
        return Handle::BottomRight;
    case Handle::Top:
        return Handle::Bottom;
    case Handle::TopRight:
        return Handle::BottomLeft;
    case Handle::Right:
        return Handle::Left;
    case Handle::BottomRight:
        return Handle::TopLeft;
    case Handle::Bottom:
        return Handle::Top;
    case Handle::BottomLeft:
        return Handle::TopRight;
    case Handle::Left:
        return Handle::Right;
    case Handle::None:
        break;
    }
    return Handle::None;
}

QPointF ItemGeometry::handlePoint(Handle handle) const
{
    return boxTransform().map(unitPoint(handle));
}

ItemTransform ItemGeometry::moved(const QPointF& delta) const
{
    ItemTransform t = m_transform;
    t.pos += delta;
    return t;
}

ItemTransform ItemGeometry::reshaped(const QPointF& unitTopLeft, const QSizeF& unitSize) const
{
    ItemTransform t = m_transform;
    t.pos = boxTransform().map(unitTopLeft);
    if (hasBounds(t)) {
        t.bounds = QSizeF(t.bounds.width() * unitSize.width(), t.bounds.height() * unitSize.height());
    } else {
        const QSizeF box = boxSize();
        const QSizeF cropped = croppedSize();
        t.scale = QPointF(scaleFor(box.width() * unitSize.width(), cropped.width()),
            scaleFor(box.height() * unitSize.height(), cropped.height()));
    }
    return t;
}

ItemTransform applyPreset(const ItemGeometry& geometry, const QSizeF& canvas, LayoutPreset preset)
{
    ItemTransform t = geometry.transform();
    const QRectF canvasRect(QPointF(0, 0), canvas);
    switch (preset) {
    case LayoutPreset::Fill:
    case LayoutPreset::Fit: {
        if (hasBounds(t)) {
            t.rotation = 0;
            t.pos = QPointF(0, 0);
            t.bounds = canvas;
            if (preset == LayoutPreset::Fill) {
                t.boundsType = QStringLiteral("stretch");
            } else {
                t.boundsType = QStringLiteral("scale_inner");
                t.boundsAlignment = 0; // centred
            }
            return t;
        }
        const QSizeF cropped = geometry.croppedSize();
        if (cropped.isEmpty() || canvas.isEmpty())
            return t;
        QSizeF size = canvas;
        if (preset == LayoutPreset::Fit) {
            const double k = std::min(canvas.width() / cropped.width(), canvas.height() / cropped.height());
            size = QSizeF(cropped.width() * k, cropped.height() * k);
        }
        const QRectF target(QPointF((canvas.width() - size.width()) / 2, (canvas.height() - size.height()) / 2), size);
        // A flipped axis keeps its flip: its box then starts at the far edge.
        const double sx = t.scale.x() < 0 ? -1 : 1;
        const double sy = t.scale.y() < 0 ? -1 : 1;
        t.rotation = 0;
        t.scale = QPointF(scaleFor(sx * size.width(), cropped.width()), scaleFor(sy * size.height(), cropped.height()));
        t.pos = QPointF(sx < 0 ? target.right() : target.left(), sy < 0 ? target.bottom() : target.top());
        return t;
    }
    case LayoutPreset::TopLeft:
    case LayoutPreset::TopRight:
    case LayoutPreset::BottomLeft:
    case LayoutPreset::BottomRight:
    case LayoutPreset::Centre: {
        if (geometry.isEmpty())
            return t;
        const QRectF box = geometry.boundingRect();
        QPointF to;
        switch (preset) {
        case LayoutPreset::TopLeft:
            to = QPointF(0, 0);
            break;
        case LayoutPreset::TopRight:
            to = QPointF(canvasRect.right() - box.width(), 0);
            break;
        case LayoutPreset::BottomLeft:
            to = QPointF(0, canvasRect.bottom() - box.height());
            break;
        case LayoutPreset::BottomRight:
            to = QPointF(canvasRect.right() - box.width(), canvasRect.bottom() - box.height());
            break;
        default:
            to = QPointF((canvas.width() - box.width()) / 2, (canvas.height() - box.height()) / 2);
            break;
        }
        return geometry.moved(to - box.topLeft());
    }
    }
    return t;
}

} // namespace pinstage::preview
