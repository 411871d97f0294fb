// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "scene/SceneCollection.h"
#include "widgets/preview/ItemGeometry.h"
#include "widgets/preview/SelectionOverlay.h"
#include "widgets/preview/SnapGuide.h"

#include <QObject>
#include <QPointF>
#include <QPointer>
#include <QString>

#include <optional>

class QAction;
class QContextMenuEvent;
class QKeyEvent;
class QMenu;
class QMouseEvent;
class QTimer;

namespace pinstage {

class PreviewWidget;

namespace preview {

    /// Layout editing in the preview: the seller clicks an item of the program scene to select it,
    /// drags it to move it, drags its handles to resize it, nudges it with the arrow keys and puts
    /// it in place with the position presets.
    ///
    /// - Click: selects the topmost visible, unlocked item with a picture under the pointer (hit
    ///   test with its whole transform: position, scale, rotation, bounds, crop); elsewhere
    ///   deselects. Escape deselects; Tab / Shift+Tab select the next item down / up.
    /// - Drag the item: moves it. Drag a handle: resizes it, the opposite handle staying; the aspect
    ///   is kept unless Shift is held; with Alt the handle crops instead (items without bounds). All snap to the canvas
    ///   edges, its centre lines and (when the guide is shown) the safe area's edges within snapDistance() screen
    ///   pixels, the lines drawn meanwhile; Ctrl held: no snapping.
    /// - Arrow keys: 1 canvas pixel; with Shift 10.
    /// - Presets (actions with shortcuts, also in the context menu): fill, fit, the four corners,
    ///   centre (see applyPreset()).
    ///
    /// Every change goes through SceneCollection::setTransform (saved in the collection file); a
    /// drag (and a held arrow key) applies at most one change per frame (~33 ms), and the last one
    /// when it ends (release, another selection, the next frame). An
    /// item changed or removed elsewhere keeps or loses the selection accordingly; a switch of the
    /// program scene deselects.
    ///
    /// Created and owned by PreviewWidget, which forwards its input events. Coordinates: widget
    /// (logical) pixels for pointers, canvas pixels for items; the canvas is letterboxed into the
    /// widget as PreviewWidget::fitRect() computes it at the widget's device pixel ratio.
    /// Errors from the collection are reported by problem(). Thread contract: main thread.
    class LayoutEditor : public QObject {
        Q_OBJECT
    public:
        explicit LayoutEditor(PreviewWidget* preview);
        ~LayoutEditor() override;

        /// The collection whose program scene is edited (nullptr: none; nothing can be selected).
        void setSceneCollection(SceneCollection* scenes);
        SceneCollection* sceneCollection() const { return m_scenes; }

        /// The selected item's source in the program scene; empty when nothing is selected.
        QString selectedSource() const { return m_selected; }
        /// Selects SOURCE's item in the program scene (empty: deselects). False (and no change) when
        /// there is no such item or it is hidden, locked or has no picture.
        bool select(const QString& source);
        /// The topmost selectable item under widget point POS; empty when none.
        QString sourceAt(const QPointF& pos) const;
        /// The selectable items of the program scene, top first.
        QStringList selectableSources() const;
        /// The selected item's geometry (canvas pixels); nothing when none is selected.
        std::optional<ItemGeometry> selectedGeometry() const;

        /// Widget point ↔ canvas point.
        QPointF toCanvas(const QPointF& widgetPos) const;
        QPointF toWidget(const QPointF& canvasPos) const;
        /// Canvas pixels per widget pixel (0 without a canvas).
        double canvasPerWidgetPixel() const;
        /// Where handle HANDLE of the selected item is, in widget coordinates.
        QPointF handlePosition(Handle handle) const;
        /// The handle of the selected item under widget point POS, or Handle::None.
        Handle handleAt(const QPointF& pos) const;

        /// Puts the selected item in place. False with problem() when the collection refuses it;
        /// false without a word when nothing is selected.
        bool applyPreset(LayoutPreset preset);
        /// Moves the selected item by DELTA canvas pixels (from the last move asked for; applied at
        /// once, or within a frame while the previous one is that recent).
        bool nudge(const QPointF& delta);

        /// The snap lines drawn now (canvas pixels); empty when no drag snaps.
        QList<SnapLine> snapLines() const { return m_overlay.snapLines(); }
        /// The snap distance in screen pixels.
        static constexpr double snapDistance() { return 6.0; }

        /// The position presets (disabled while nothing is selected), with shortcuts that work in
        /// the whole window once they are in a menu or added to a widget of it.
        QAction* fillAction() const { return m_fill; }
        QAction* fitAction() const { return m_fit; }
        QAction* topLeftAction() const { return m_topLeft; }
        QAction* topRightAction() const { return m_topRight; }
        QAction* bottomLeftAction() const { return m_bottomLeft; }
        QAction* bottomRightAction() const { return m_bottomRight; }
        QAction* centreAction() const { return m_centre; }
        QList<QAction*> presetActions() const;
        /// The preview's context menu (the presets).
        QMenu* contextMenu() const { return m_menu; }

        /// The draw state, for PreviewWidget's display (see SelectionOverlay).
        SelectionOverlay* overlay() { return &m_overlay; }

        // Input, forwarded by PreviewWidget; true when used.
        bool mousePress(QMouseEvent* event);
        bool mouseMove(QMouseEvent* event);
        bool mouseRelease(QMouseEvent* event);
        bool keyPress(QKeyEvent* event);
        bool contextMenu(QContextMenuEvent* event);

    signals:
        /// The selection changed (SOURCE empty: none).
        void selectionChanged(const QString& source);
        /// A change was refused (one line naming the item); for the window's notice bar.
        void problem(const QString& text);

    private:
        struct Candidate {
            QString source;
            ItemGeometry geometry;
        };
        std::optional<Candidate> candidate(const QString& source) const;
        QRectF programRectF() const;
        SnapGuide snapGuide() const;
        bool setTransform(const ItemTransform& transform);
        void queueTransform(const ItemTransform& transform);
        void flushPending();
        void flushNow();
        void revalidate();
        void updateActions();
        void updateCursor(const QPointF& pos);
        void cycle(int direction);
        void endDrag();

        PreviewWidget* m_preview;
        QPointer<SceneCollection> m_scenes;
        QString m_scene; ///< the scene of the selection
        QString m_selected;
        SelectionOverlay m_overlay;

        enum class Drag { None, Pending, Move, Resize };
        Drag m_drag = Drag::None;
        Handle m_handle = Handle::None;
        QPointF m_pressWidget;
        QPointF m_pressCanvas;
        QPointF m_grabOffset; ///< handle minus pointer, canvas pixels
        ItemGeometry m_start;
        std::optional<ItemTransform> m_pending;
        QTimer* m_throttle;

        QAction* m_fill;
        QAction* m_fit;
        QAction* m_topLeft;
        QAction* m_topRight;
        QAction* m_bottomLeft;
        QAction* m_bottomRight;
        QAction* m_centre;
        QMenu* m_menu;
    };

} // namespace preview
} // namespace pinstage
