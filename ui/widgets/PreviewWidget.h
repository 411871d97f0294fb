// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <obs.hpp>

#include <QColor>
#include <QRect>
#include <QWidget>

#include <mutex>

namespace pinstage {

class SceneCollection;
namespace preview {
    class LayoutEditor;
}

/// Shows the program (what viewers see) in a native child window that libobs draws into with
/// OpenGL. The picture is scaled to fit, keeping the canvas aspect (9:16 for a vertical show),
/// with a dark surround.
///
/// Lifetime: the libobs display is created once the widget is shown and has a native window, and
/// is destroyed in the destructor or when the native window is about to go away — always while
/// libobs still runs, because the window is destroyed before the Studio.
/// The platform's safe area can be drawn over the picture as a guide (setSafeArea(),
/// setSafeAreaGuideVisible()): the area outside it shaded, its border dashed. The guide is drawn
/// only into this preview's libobs display, after the program texture: it never reaches the
/// program, the stream or the recording.
///
/// With a scene collection (setSceneCollection()) the seller edits the program scene's layout in
/// the preview: select, move, resize, snap, nudge, position presets (see preview::LayoutEditor,
/// which draws the selection the same way as the guide, never into the program).
///
/// Thread contract: main thread. The draw callback runs on the libobs graphics thread and reads
/// only libobs state and the guide (a copy under a mutex), never the widget.
class PreviewWidget : public QWidget {
    Q_OBJECT
public:
    explicit PreviewWidget(QWidget* parent = nullptr);
    ~PreviewWidget() override;

    /// True once the libobs display exists (the widget was shown).
    bool hasDisplay() const { return m_display != nullptr; }
    /// The size of the canvas in pixels as libobs renders it (e.g. 1080x1920).
    QSize canvasSize() const;
    /// Where the program lands inside the widget, in widget coordinates.
    QRect programRect() const;

    /// Surround colour (the letterbox bars).
    void setSurroundColor(const QColor& color);

    QPaintEngine* paintEngine() const override { return nullptr; }
    QSize sizeHint() const override { return { 405, 720 }; }
    QSize minimumSizeHint() const override { return { 180, 320 }; }

    /// Fits a canvas of CANVAS into an area of AREA, centred, aspect kept. Exposed for tests.
    static QRect fitRect(const QSize& canvas, const QSize& area);
    /// True while libobs draws into this preview.
    bool isRendering() const;

    /// The safe area in canvas pixels (PlatformPreset::safeArea() of the canvas); empty: none.
    void setSafeArea(const QRect& canvasArea);
    QRect safeArea() const;
    /// Shows or hides the safe-area guide (drawn from the next frame on).
    void setSafeAreaGuideVisible(bool visible);
    bool isSafeAreaGuideVisible() const;
    /// The safe area as it lands in the widget (widget coordinates); empty when there is none.
    QRect safeAreaInWidget() const;

    /// The collection whose program scene the seller edits here (nullptr: viewing only). It must
    /// outlive the preview or be set to nullptr first.
    void setSceneCollection(SceneCollection* scenes);
    /// Selection, moves, resizes, nudges and the position presets (with their actions).
    preview::LayoutEditor* layoutEditor() const { return m_editor; }

protected:
    void showEvent(QShowEvent* event) override;
    /// A hidden or minimised preview stops rendering (the program and the outputs do not): on a
    /// 2-core laptop a 540x960 preview costs about half a core.
    void hideEvent(QHideEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;
    bool event(QEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    void createDisplay();
    void destroyDisplay();
    void flushWindowSystemSoon();
    void flushWindowSystem();
    void scheduleCreateDisplay();
    QSize pixelSize() const;
    static void draw(void* param, uint32_t cx, uint32_t cy);

    struct Guide {
        mutable std::mutex mutex;
        QRect area; ///< canvas pixels
        bool visible = false;
    };
    static void drawGuide(const Guide& guide, float pixelsPerCanvasPixel);

    Guide m_guide; // read by the draw callback: it is removed before this is destroyed
    OBSDisplay m_display;
    QColor m_surround { 0x0e, 0x10, 0x14 };
    bool m_createQueued = false;
    preview::LayoutEditor* m_editor; // its overlay is drawn by the display: removed before it goes
};

} // namespace pinstage
