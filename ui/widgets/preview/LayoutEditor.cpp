// SPDX-License-Identifier: GPL-2.0-or-later
#include "widgets/preview/LayoutEditor.h"

#include "scene/SceneCollection.h"
#include "widgets/PreviewWidget.h"

#include <obs.h>

#include <QAction>
#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QTimer>

#include <cmath>

namespace pinstage::preview {
namespace {

    // A press becomes a drag once the pointer moved this far (widget pixels): a click never
    // shifts an item by a hand's tremor.
    constexpr double DragStart = 3.0;
    // How near (widget pixels) the pointer must be to a handle's centre to grab it.
    constexpr double HandleReach = 7.0;
    // A drag applies at most one change per frame.
    constexpr int ThrottleMs = 33;

    Qt::CursorShape cursorFor(Handle handle, double rotation)
    {
        if (handle == Handle::None)
            return Qt::SizeAllCursor;
        // The handle's direction from the box's centre, turned with the item, in 45° steps.
        const QPointF u = ItemGeometry::unitPoint(handle) - QPointF(0.5, 0.5);
        const double angle = std::atan2(u.y(), u.x()) * 180.0 / M_PI + rotation;
        const int step = int(std::lround(angle / 45.0)) & 3; // 0: →, 1: ↘, 2: ↓, 3: ↙ (mod 180°)
        switch (step) {
        case 0:
            return Qt::SizeHorCursor;
        case 1:
            return Qt::SizeFDiagCursor;
        case 2:
            return Qt::SizeVerCursor;
        default:
            return Qt::SizeBDiagCursor;
        }
    }

} // namespace

LayoutEditor::LayoutEditor(PreviewWidget* preview)
    : QObject(preview)
    , m_preview(preview)
    , m_throttle(new QTimer(this))
    , m_menu(new QMenu(preview))
{
    m_throttle->setSingleShot(true);
    m_throttle->setInterval(ThrottleMs);
    connect(m_throttle, &QTimer::timeout, this, &LayoutEditor::flushPending);

    auto make = [this](const QString& text, const QKeySequence& shortcut, const QString& tip, const char* name,
                    LayoutPreset preset) {
        auto* action = new QAction(text, this);
        action->setObjectName(QLatin1String(name));
        action->setShortcut(shortcut);
        action->setShortcutContext(Qt::WindowShortcut);
        action->setToolTip(QStringLiteral("%1 (%2)").arg(tip, shortcut.toString(QKeySequence::NativeText)));
        action->setStatusTip(tip);
        action->setEnabled(false);
        connect(action, &QAction::triggered, this, [this, preset] { applyPreset(preset); });
        m_preview->addAction(action);
        return action;
    };
    m_fill = make(tr("&Fill the canvas"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_S),
        tr("Stretch the selected item over the whole canvas"), "fillCanvasAction", LayoutPreset::Fill);
    m_fit = make(tr("Fi&t in the canvas"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_F),
        tr("Make the selected item as large as the canvas allows, keeping its shape, centred"), "fitCanvasAction",
        LayoutPreset::Fit);
    m_topLeft = make(tr("Top &left corner"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_7),
        tr("Move the selected item to the top left corner"), "topLeftAction", LayoutPreset::TopLeft);
    m_topRight = make(tr("Top &right corner"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_9),
        tr("Move the selected item to the top right corner"), "topRightAction", LayoutPreset::TopRight);
    m_bottomLeft = make(tr("&Bottom left corner"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_1),
        tr("Move the selected item to the bottom left corner"), "bottomLeftAction", LayoutPreset::BottomLeft);
    m_bottomRight = make(tr("Bottom ri&ght corner"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_3),
        tr("Move the selected item to the bottom right corner"), "bottomRightAction", LayoutPreset::BottomRight);
    m_centre = make(tr("&Centre"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_5),
        tr("Move the selected item to the middle of the canvas"), "centreAction", LayoutPreset::Centre);

    m_menu->setObjectName(QStringLiteral("previewContextMenu"));
    m_menu->setToolTipsVisible(true);
    m_menu->addAction(m_fill);
    m_menu->addAction(m_fit);
    m_menu->addSeparator();
    m_menu->addAction(m_topLeft);
    m_menu->addAction(m_topRight);
    m_menu->addAction(m_centre);
    m_menu->addAction(m_bottomLeft);
    m_menu->addAction(m_bottomRight);
}

LayoutEditor::~LayoutEditor() = default;

QList<QAction*> LayoutEditor::presetActions() const
{
    return { m_fill, m_fit, m_topLeft, m_topRight, m_centre, m_bottomLeft, m_bottomRight };
}

void LayoutEditor::setSceneCollection(SceneCollection* scenes)
{
    select(QString());
    if (m_scenes)
        disconnect(m_scenes, nullptr, this, nullptr);
    m_scenes = scenes;
    if (m_scenes) {
        connect(m_scenes, &SceneCollection::programSceneChanged, this, [this] { select(QString()); });
        connect(m_scenes, &SceneCollection::changed, this, &LayoutEditor::revalidate);
        connect(m_scenes, &QObject::destroyed, this, [this] {
            // Gone before the preview: drop the selection (and its libobs reference) quietly.
            m_pending.reset();
            m_throttle->stop();
            m_drag = Drag::None;
            m_selected.clear();
            m_scene.clear();
            m_overlay.setSelection(nullptr);
            m_overlay.setSnapLines({});
            updateActions();
            emit selectionChanged(QString());
        });
    }
}

std::optional<LayoutEditor::Candidate> LayoutEditor::candidate(const QString& source) const
{
    if (!m_scenes || source.isEmpty())
        return std::nullopt;
    const SceneDocument* scene = m_scenes->document().scene(m_scenes->programSceneName());
    if (!scene)
        return std::nullopt;
    for (const SceneItemDocument& item : scene->items) {
        if (item.source != source)
            continue;
        if (!item.transform.visible || item.transform.locked)
            return std::nullopt;
        obs_source_t* s = m_scenes->source(source);
        if (!s || !(obs_source_get_output_flags(s) & OBS_SOURCE_VIDEO))
            return std::nullopt;
        // A source that draws nothing yet (a camera not started) has nothing to grab.
        const QSizeF size(obs_source_get_width(s), obs_source_get_height(s));
        if (size.isEmpty())
            return std::nullopt;
        ItemGeometry geometry(item.transform, size);
        if (geometry.isEmpty())
            return std::nullopt;
        return Candidate { source, geometry };
    }
    return std::nullopt;
}

QStringList LayoutEditor::selectableSources() const
{
    QStringList sources;
    if (!m_scenes)
        return sources;
    const SceneDocument* scene = m_scenes->document().scene(m_scenes->programSceneName());
    if (!scene)
        return sources;
    for (auto it = scene->items.crbegin(); it != scene->items.crend(); ++it)
        if (candidate(it->source))
            sources.append(it->source);
    return sources;
}

std::optional<ItemGeometry> LayoutEditor::selectedGeometry() const
{
    if (const std::optional<Candidate> c = candidate(m_selected))
        return c->geometry;
    return std::nullopt;
}

QString LayoutEditor::sourceAt(const QPointF& pos) const
{
    const QPointF p = toCanvas(pos);
    for (const QString& source : selectableSources())
        if (candidate(source)->geometry.contains(p))
            return source;
    return {};
}

bool LayoutEditor::select(const QString& source)
{
    if (source == m_selected)
        return true;
    obs_sceneitem_t* item = nullptr;
    if (!source.isEmpty()) {
        if (!candidate(source))
            return false;
        item = m_scenes->item(m_scenes->programSceneName(), source);
        if (!item)
            return false;
    }
    endDrag();
    m_selected = source;
    m_scene = source.isEmpty() ? QString() : m_scenes->programSceneName();
    m_overlay.setSelection(item);
    updateActions();
    emit selectionChanged(m_selected);
    return true;
}

void LayoutEditor::revalidate()
{
    // The collection changed (maybe through another dock): a selection that is gone, hidden or
    // locked now ends.
    if (m_selected.isEmpty())
        return;
    if (!m_scenes || m_scene != m_scenes->programSceneName() || !candidate(m_selected)) {
        // A move not applied yet would undo what was just done elsewhere (a lock, a hide).
        m_pending.reset();
        m_throttle->stop();
        select(QString());
        return;
    }
    // The same source may now be another item (removed and added again).
    m_overlay.setSelection(m_scenes->item(m_scene, m_selected));
}

void LayoutEditor::updateActions()
{
    for (QAction* action : presetActions())
        action->setEnabled(!m_selected.isEmpty());
}

QRectF LayoutEditor::programRectF() const
{
    // Exactly where the display draws the canvas: fitted at device pixels, back in widget pixels.
    const qreal ratio = m_preview->devicePixelRatioF();
    const QSize pixels(int(std::lround(m_preview->width() * ratio)), int(std::lround(m_preview->height() * ratio)));
    const QRect r = PreviewWidget::fitRect(m_preview->canvasSize(), pixels);
    return QRectF(r.x() / ratio, r.y() / ratio, r.width() / ratio, r.height() / ratio);
}

double LayoutEditor::canvasPerWidgetPixel() const
{
    const QRectF r = programRectF();
    const QSize canvas = m_preview->canvasSize();
    return r.isEmpty() || canvas.isEmpty() ? 0.0 : canvas.width() / r.width();
}

QPointF LayoutEditor::toCanvas(const QPointF& widgetPos) const
{
    return (widgetPos - programRectF().topLeft()) * canvasPerWidgetPixel();
}

QPointF LayoutEditor::toWidget(const QPointF& canvasPos) const
{
    const double k = canvasPerWidgetPixel();
    return k > 0 ? programRectF().topLeft() + canvasPos / k : QPointF();
}

QPointF LayoutEditor::handlePosition(Handle handle) const
{
    const std::optional<ItemGeometry> g = selectedGeometry();
    return g ? toWidget(g->handlePoint(handle)) : QPointF();
}

Handle LayoutEditor::handleAt(const QPointF& pos) const
{
    const std::optional<ItemGeometry> g = selectedGeometry();
    if (!g)
        return Handle::None;
    Handle best = Handle::None;
    double bestDistance = HandleReach;
    for (Handle h : { Handle::TopLeft, Handle::Top, Handle::TopRight, Handle::Right, Handle::BottomRight,
             Handle::Bottom, Handle::BottomLeft, Handle::Left }) {
        const QPointF d = toWidget(g->handlePoint(h)) - pos;
        const double distance = std::max(std::abs(d.x()), std::abs(d.y()));
        if (distance <= bestDistance) {
            best = h;
            bestDistance = distance;
        }
    }
    return best;
}

SnapGuide LayoutEditor::snapGuide() const
{
    const QRect safe = m_preview->isSafeAreaGuideVisible() ? m_preview->safeArea() : QRect();
    return SnapGuide(QSizeF(m_preview->canvasSize()), QRectF(safe));
}

bool LayoutEditor::setTransform(const ItemTransform& transform)
{
    if (!m_scenes || m_selected.isEmpty())
        return false;
    QString error;
    if (!m_scenes->setTransform(m_scene, m_selected, transform, &error)) {
        emit problem(tr("Cannot place “%1”: %2").arg(m_selected, error));
        return false;
    }
    return true;
}

void LayoutEditor::queueTransform(const ItemTransform& transform)
{
    if (m_throttle->isActive()) {
        m_pending = transform;
        return;
    }
    m_pending.reset();
    setTransform(transform);
    m_throttle->start();
}

void LayoutEditor::flushPending()
{
    if (!m_pending)
        return;
    const ItemTransform t = *m_pending;
    m_pending.reset();
    setTransform(t);
    m_throttle->start();
}

bool LayoutEditor::applyPreset(LayoutPreset preset)
{
    flushNow(); // from where the item really is
    const std::optional<ItemGeometry> g = selectedGeometry();
    if (!g)
        return false;
    return setTransform(pinstage::preview::applyPreset(*g, QSizeF(m_preview->canvasSize()), preset));
}

bool LayoutEditor::nudge(const QPointF& delta)
{
    // A held arrow key repeats ~30 times a second and each save costs ~14 ms: nudges go through
    // the same once-per-frame throttle as a drag, each from the last one asked for.
    const std::optional<ItemGeometry> g = selectedGeometry();
    if (!g)
        return false;
    const ItemTransform base = m_pending ? *m_pending : g->transform();
    queueTransform(ItemGeometry(base, g->sourceSize()).moved(delta));
    return true;
}

void LayoutEditor::flushNow()
{
    m_throttle->stop();
    flushPending();
    m_throttle->stop();
}

void LayoutEditor::endDrag()
{
    flushNow();
    m_drag = Drag::None;
    m_handle = Handle::None;
    m_overlay.setSnapLines({});
}

bool LayoutEditor::mousePress(QMouseEvent* event)
{
    if (!m_scenes || event->button() != Qt::LeftButton)
        return false;
    const QPointF pos = event->position();
    m_preview->setFocus(Qt::MouseFocusReason);
    endDrag();
    const Handle handle = handleAt(pos);
    if (handle == Handle::None) {
        const QString under = sourceAt(pos);
        // Pressing inside the selection keeps it (it may lie under another item's transparent part).
        const std::optional<ItemGeometry> current = selectedGeometry();
        if (!(current && current->contains(toCanvas(pos))))
            select(under);
    }
    const std::optional<ItemGeometry> g = selectedGeometry();
    if (!g)
        return true;
    m_start = *g;
    m_handle = handle;
    m_pressWidget = pos;
    m_pressCanvas = toCanvas(pos);
    m_grabOffset = handle == Handle::None ? QPointF() : g->handlePoint(handle) - m_pressCanvas;
    m_drag = Drag::Pending;
    return true;
}

bool LayoutEditor::mouseMove(QMouseEvent* event)
{
    const QPointF pos = event->position();
    if (m_drag == Drag::None) {
        updateCursor(pos);
        return false;
    }
    if (m_drag == Drag::Pending) {
        if (QLineF(pos, m_pressWidget).length() < DragStart)
            return true;
        m_drag = m_handle == Handle::None ? Drag::Move : Drag::Resize;
    }
    const bool snap = !(event->modifiers() & Qt::ControlModifier);
    const double threshold = snapDistance() * canvasPerWidgetPixel();
    const SnapGuide guide = snapGuide();
    const QPointF canvas = toCanvas(pos);
    if (m_drag == Drag::Move) {
        QPointF delta = canvas - m_pressCanvas;
        QList<SnapLine> lines;
        if (snap) {
            const SnapGuide::Move m = guide.snapMove(m_start.boundingRect(), delta, threshold);
            delta = m.delta;
            lines = m.lines;
        }
        m_overlay.setSnapLines(lines);
        queueTransform(m_start.moved(delta));
    } else {
        const bool keepAspect = !(event->modifiers() & Qt::ShiftModifier);
        const Resize r = (event->modifiers() & Qt::AltModifier)
            ? cropItem(m_start, m_handle, canvas + m_grabOffset, snap ? &guide : nullptr, threshold)
            : resizeItem(m_start, m_handle, canvas + m_grabOffset, keepAspect, snap ? &guide : nullptr, threshold,
                std::max(1.0, 8.0 * canvasPerWidgetPixel()));
        m_overlay.setSnapLines(r.lines);
        queueTransform(r.transform);
    }
    return true;
}

bool LayoutEditor::mouseRelease(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || m_drag == Drag::None)
        return false;
    endDrag();
    updateCursor(event->position());
    return true;
}

void LayoutEditor::updateCursor(const QPointF& pos)
{
    const std::optional<ItemGeometry> g = selectedGeometry();
    const Handle handle = handleAt(pos);
    if (g && (handle != Handle::None || g->contains(toCanvas(pos))))
        m_preview->setCursor(cursorFor(handle, g->transform().rotation));
    else
        m_preview->unsetCursor();
}

void LayoutEditor::cycle(int direction)
{
    const QStringList sources = selectableSources();
    if (sources.isEmpty())
        return;
    const int at = sources.indexOf(m_selected);
    int next = 0;
    if (at < 0)
        next = direction > 0 ? 0 : int(sources.size()) - 1;
    else
        next = (at + direction + int(sources.size())) % int(sources.size());
    select(sources.at(next));
}

bool LayoutEditor::keyPress(QKeyEvent* event)
{
    if (!m_scenes)
        return false;
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    switch (event->key()) {
    case Qt::Key_Escape:
        if (m_selected.isEmpty())
            return false;
        select(QString());
        return true;
    case Qt::Key_Tab:
        if (mods & (Qt::ControlModifier | Qt::AltModifier))
            return false;
        cycle((mods & Qt::ShiftModifier) ? -1 : 1);
        return true;
    case Qt::Key_Backtab:
        if (mods & (Qt::ControlModifier | Qt::AltModifier))
            return false;
        cycle(-1);
        return true;
    case Qt::Key_Left:
    case Qt::Key_Right:
    case Qt::Key_Up:
    case Qt::Key_Down: {
        if (m_selected.isEmpty() || (mods & ~Qt::ShiftModifier))
            return false;
        const double step = (mods & Qt::ShiftModifier) ? 10.0 : 1.0;
        const QPointF delta = event->key() == Qt::Key_Left ? QPointF(-step, 0)
            : event->key() == Qt::Key_Right                ? QPointF(step, 0)
            : event->key() == Qt::Key_Up                   ? QPointF(0, -step)
                                                           : QPointF(0, step);
        nudge(delta);
        return true;
    }
    default:
        return false;
    }
}

bool LayoutEditor::contextMenu(QContextMenuEvent* event)
{
    if (!m_scenes)
        return false;
    // Right-clicking an item selects it first (the presets act on it); inside the selection keeps it.
    const QPointF pos = event->pos();
    const std::optional<ItemGeometry> current = selectedGeometry();
    if (!(current && current->contains(toCanvas(pos))) && handleAt(pos) == Handle::None)
        select(sourceAt(pos));
    m_menu->popup(event->globalPos());
    return true;
}

} // namespace pinstage::preview
