// SPDX-License-Identifier: GPL-2.0-or-later
#include "widgets/PreviewWidget.h"

#include "obs/ObsContext.h"
#include "widgets/preview/LayoutEditor.h"

#include <obs-nix-platform.h>
#include <obs.h>

#include <QContextMenuEvent>
#include <QEvent>
#include <QGuiApplication>
#include <QHideEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPlatformSurfaceEvent>
#include <QResizeEvent>
#include <QShowEvent>
#include <QTimer>
#include <QWindow>

#include <xcb/xcb.h>

#include <cmath>
#include <functional>

#include <graphics/vec4.h>

namespace pinstage {
namespace {

    // libobs reads the colour as 0xAABBGGRR.
    uint32_t toObsColor(const QColor& c)
    {
        return 0xFF000000u | (uint32_t(c.blue()) << 16) | (uint32_t(c.green()) << 8) | uint32_t(c.red());
    }

} // namespace

PreviewWidget::PreviewWidget(QWidget* parent)
    : QWidget(parent)
    , m_editor(new preview::LayoutEditor(this))
{
    // libobs owns the pixels of this window: Qt must neither paint nor clear it.
    setAttribute(Qt::WA_NativeWindow);
    setAttribute(Qt::WA_PaintOnScreen);
    setAttribute(Qt::WA_NoSystemBackground);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setAttribute(Qt::WA_DontCreateNativeAncestors);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setObjectName(QStringLiteral("preview"));
    setAccessibleName(tr("Program preview"));
    setToolTip(tr("Program preview: exactly what viewers see. Click an item to select it, drag it or its "
                  "handles (Shift: free aspect, Ctrl: no snapping), arrow keys nudge it, Tab picks the next one"));
    // Clicking gives the keyboard to the preview (arrow keys, Tab, Escape); Tab never lands here.
    setFocusPolicy(Qt::ClickFocus);
    setMouseTracking(true); // the cursor shows what a drag would do
}

PreviewWidget::~PreviewWidget()
{
    destroyDisplay();
}

QSize PreviewWidget::canvasSize() const
{
    obs_video_info ovi = {};
    if (!obs_get_video_info(&ovi))
        return {};
    return QSize(int(ovi.base_width), int(ovi.base_height));
}

QRect PreviewWidget::programRect() const
{
    return fitRect(canvasSize(), size());
}

void PreviewWidget::setSurroundColor(const QColor& color)
{
    m_surround = color;
    if (m_display)
        obs_display_set_background_color(m_display, toObsColor(m_surround));
}

QRect PreviewWidget::fitRect(const QSize& canvas, const QSize& area)
{
    if (canvas.isEmpty() || area.isEmpty())
        return {};
    const double scale = std::min(double(area.width()) / canvas.width(), double(area.height()) / canvas.height());
    const int w = std::max(1, int(std::lround(canvas.width() * scale)));
    const int h = std::max(1, int(std::lround(canvas.height() * scale)));
    return QRect((area.width() - w) / 2, (area.height() - h) / 2, w, h);
}

void PreviewWidget::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_display)
        obs_display_set_enabled(m_display, true);
    scheduleCreateDisplay();
}

void PreviewWidget::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    if (m_display)
        obs_display_set_enabled(m_display, false);
}

bool PreviewWidget::isRendering() const
{
    return m_display && obs_display_enabled(m_display);
}

void PreviewWidget::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    m_editor->overlay()->setDevicePixelRatio(devicePixelRatioF());
    if (m_display) {
        const QSize px = pixelSize();
        obs_display_resize(m_display, uint32_t(px.width()), uint32_t(px.height()));
        flushWindowSystemSoon();
    }
}

void PreviewWidget::flushWindowSystemSoon()
{
    // On X11, libobs draws into a child window of ours, created at our window's size at that
    // moment and resized by libobs itself on its graphics thread, through libobs's own X
    // connection (ObsContext), without flushing it. Until something flushes that connection the picture keeps
    // its old size (seen under Xvfb: a 640x480 corner of a larger preview). Flush shortly after
    // the next frames were rendered.
    for (int ms : { 50, 200, 600 })
        QTimer::singleShot(ms, this, &PreviewWidget::flushWindowSystem);
}

void PreviewWidget::flushWindowSystem()
{
    // Plain flushes of Qt's connection (our window's geometry) and of libobs's (its resize of the
    // window): unlike QGuiApplication::sync() they process no events, so they are safe in the
    // middle of a show or resize.
    if (auto* x11 = qGuiApp->nativeInterface<QNativeInterface::QX11Application>()) {
        if (xcb_connection_t* connection = x11->connection())
            xcb_flush(connection);
    }
    ObsContext::flushGraphicsConnection();
}

void PreviewWidget::scheduleCreateDisplay()
{
    // Not inside showEvent itself: the layout may still be settling, and creating the native
    // window there re-enters the show of sibling widgets.
    if (m_display || m_createQueued)
        return;
    m_createQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_createQueued = false;
            createDisplay();
        },
        Qt::QueuedConnection);
}

void PreviewWidget::paintEvent(QPaintEvent* event)
{
    // libobs redraws every frame on its own thread; an expose only needs the display to exist.
    Q_UNUSED(event);
    scheduleCreateDisplay();
}

bool PreviewWidget::eventFilter(QObject* watched, QEvent* event)
{
    // The native window is about to be destroyed (reparenting, closing): the GL surface must go
    // first, or libobs keeps drawing into a dead window.
    if (watched == windowHandle() && event->type() == QEvent::PlatformSurface) {
        auto* surfaceEvent = static_cast<QPlatformSurfaceEvent*>(event);
        if (surfaceEvent->surfaceEventType() == QPlatformSurfaceEvent::SurfaceAboutToBeDestroyed)
            destroyDisplay();
    }
    return QWidget::eventFilter(watched, event);
}

void PreviewWidget::createDisplay()
{
    if (m_display || !isVisible())
        return;
    const QSize px = pixelSize();
    if (px.isEmpty())
        return;

    const WId id = winId(); // creates the native window
    if (QWindow* window = windowHandle())
        window->installEventFilter(this);
    // libobs sizes its drawing window from our X window's geometry as the server knows it: make
    // sure Qt's pending geometry requests reached the server first.
    flushWindowSystem();

    gs_init_data info = {};
    info.cx = uint32_t(px.width());
    info.cy = uint32_t(px.height());
    info.format = GS_BGRA;
    info.zsformat = GS_ZS_NONE;
    info.num_backbuffers = 0;
    info.window.id = uint32_t(id);
    info.window.display = obs_get_nix_platform_display();

    m_display = obs_display_create(&info, toObsColor(m_surround));
    if (!m_display)
        return;
    obs_display_add_draw_callback(m_display, &PreviewWidget::draw, &m_guide);
    m_editor->overlay()->setDevicePixelRatio(devicePixelRatioF());
    obs_display_add_draw_callback(m_display, &preview::SelectionOverlay::draw, m_editor->overlay());
    // And in case the server still had an older size: have libobs resize its window to ours.
    obs_display_resize(m_display, info.cx, info.cy);
    flushWindowSystemSoon();
}

void PreviewWidget::destroyDisplay()
{
    if (!m_display)
        return;
    obs_display_remove_draw_callback(m_display, &preview::SelectionOverlay::draw, m_editor->overlay());
    obs_display_remove_draw_callback(m_display, &PreviewWidget::draw, &m_guide);
    m_display = nullptr; // OBSDisplay destroys it; libobs waits for a draw in progress
}

QSize PreviewWidget::pixelSize() const
{
    const qreal ratio = devicePixelRatioF();
    return QSize(int(std::lround(width() * ratio)), int(std::lround(height() * ratio)));
}

void PreviewWidget::setSafeArea(const QRect& canvasArea)
{
    std::lock_guard lock(m_guide.mutex);
    m_guide.area = canvasArea;
}

QRect PreviewWidget::safeArea() const
{
    std::lock_guard lock(m_guide.mutex);
    return m_guide.area;
}

void PreviewWidget::setSafeAreaGuideVisible(bool visible)
{
    std::lock_guard lock(m_guide.mutex);
    m_guide.visible = visible;
}

bool PreviewWidget::isSafeAreaGuideVisible() const
{
    std::lock_guard lock(m_guide.mutex);
    return m_guide.visible;
}

QRect PreviewWidget::safeAreaInWidget() const
{
    const QRect area = safeArea();
    const QSize canvas = canvasSize();
    const QRect program = programRect();
    if (area.isEmpty() || canvas.isEmpty() || program.isEmpty())
        return {};
    const double sx = double(program.width()) / canvas.width();
    const double sy = double(program.height()) / canvas.height();
    const int left = program.x() + int(std::lround(area.left() * sx));
    const int top = program.y() + int(std::lround(area.top() * sy));
    const int right = program.x() + int(std::lround((area.left() + area.width()) * sx));
    const int bottom = program.y() + int(std::lround((area.top() + area.height()) * sy));
    return QRect(left, top, right - left, bottom - top);
}

void PreviewWidget::setSceneCollection(SceneCollection* scenes)
{
    m_editor->setSceneCollection(scenes);
}

bool PreviewWidget::event(QEvent* event)
{
    // Tab cycles the items rather than leaving the preview (Escape deselects, a click elsewhere
    // moves the focus on).
    if (event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if ((key->key() == Qt::Key_Tab || key->key() == Qt::Key_Backtab) && m_editor->keyPress(key)) {
            key->accept();
            return true;
        }
    }
    return QWidget::event(event);
}

void PreviewWidget::mousePressEvent(QMouseEvent* event)
{
    if (!m_editor->mousePress(event))
        QWidget::mousePressEvent(event);
}

void PreviewWidget::mouseMoveEvent(QMouseEvent* event)
{
    if (!m_editor->mouseMove(event))
        QWidget::mouseMoveEvent(event);
}

void PreviewWidget::mouseReleaseEvent(QMouseEvent* event)
{
    if (!m_editor->mouseRelease(event))
        QWidget::mouseReleaseEvent(event);
}

void PreviewWidget::keyPressEvent(QKeyEvent* event)
{
    if (!m_editor->keyPress(event))
        QWidget::keyPressEvent(event);
}

void PreviewWidget::contextMenuEvent(QContextMenuEvent* event)
{
    if (!m_editor->contextMenu(event))
        QWidget::contextMenuEvent(event);
}

void PreviewWidget::drawGuide(const Guide& guide, float pixelsPerCanvasPixel)
{
    // Graphics thread, inside the display's ortho projection of the canvas (canvas pixels).
    QRect area;
    {
        std::lock_guard lock(guide.mutex);
        if (!guide.visible)
            return;
        area = guide.area;
    }
    obs_video_info ovi = {};
    if (area.isEmpty() || !obs_get_video_info(&ovi) || pixelsPerCanvasPixel <= 0)
        return;
    const float cw = float(ovi.base_width);
    const float ch = float(ovi.base_height);
    const float x0 = float(area.left());
    const float y0 = float(area.top());
    const float x1 = float(area.left() + area.width());
    const float y1 = float(area.top() + area.height());

    gs_effect_t* solid = obs_get_base_effect(OBS_EFFECT_SOLID);
    gs_eparam_t* colour = gs_effect_get_param_by_name(solid, "color");
    gs_technique_t* technique = gs_effect_get_technique(solid, "Solid");
    auto rect = [](float x, float y, float w, float h) {
        if (w < 0.5f || h < 0.5f)
            return; // rounds to nothing: gs_draw_sprite() refuses a 0 size
        gs_matrix_push();
        gs_matrix_translate3f(x, y, 0.0f);
        gs_draw_sprite(nullptr, 0, uint32_t(std::lround(w)), uint32_t(std::lround(h)));
        gs_matrix_pop();
    };
    auto pass = [&](const vec4& c, const std::function<void()>& shapes) {
        gs_effect_set_vec4(colour, &c);
        gs_technique_begin(technique);
        gs_technique_begin_pass(technique, 0);
        shapes();
        gs_technique_end_pass(technique);
        gs_technique_end(technique);
    };

    gs_blend_state_push();
    gs_enable_blending(true);
    gs_blend_function(GS_BLEND_SRCALPHA, GS_BLEND_INVSRCALPHA);

    // Outside the safe area: shaded (the platform's buttons and comments sit there). libobs
    // blends in linear light: 65 % black shows the picture at about half its brightness on screen
    // (measured under Xvfb:
    // 0.5 left 74 %, 0.65 leaves 52 %).
    vec4 shade;
    vec4_set(&shade, 0.0f, 0.0f, 0.0f, 0.65f);
    pass(shade, [&] {
        rect(0, 0, cw, y0); // top band
        rect(0, y1, cw, ch - y1); // bottom band
        rect(0, y0, x0, y1 - y0); // left
        rect(x1, y0, cw - x1, y1 - y0); // right
    });

    // The border: dashes of 8 screen pixels with gaps of 6, 2 screen pixels thick.
    const float thick = std::max(1.0f, 2.0f / pixelsPerCanvasPixel);
    const float dash = 8.0f / pixelsPerCanvasPixel;
    const float gap = 6.0f / pixelsPerCanvasPixel;
    vec4 amber;
    vec4_set(&amber, 1.0f, 0.78f, 0.0f, 1.0f);
    pass(amber, [&] {
        for (float x = x0; x < x1; x += dash + gap) {
            const float w = std::min(dash, x1 - x);
            rect(x, y0, w, thick);
            rect(x, y1 - thick, w, thick);
        }
        for (float y = y0; y < y1; y += dash + gap) {
            const float h = std::min(dash, y1 - y);
            rect(x0, y, thick, h);
            rect(x1 - thick, y, thick, h);
        }
    });
    gs_blend_state_pop();
}

void PreviewWidget::draw(void* param, uint32_t cx, uint32_t cy)
{
    // Graphics thread: libobs state and the guide only.
    obs_video_info ovi = {};
    if (!obs_get_video_info(&ovi) || ovi.base_width == 0 || ovi.base_height == 0)
        return;
    const QRect r = fitRect(QSize(int(ovi.base_width), int(ovi.base_height)), QSize(int(cx), int(cy)));
    if (r.isEmpty())
        return;

    gs_viewport_push();
    gs_projection_push();
    gs_ortho(0.0f, float(ovi.base_width), 0.0f, float(ovi.base_height), -100.0f, 100.0f);
    gs_set_viewport(r.x(), r.y(), r.width(), r.height());
    obs_render_main_texture();
    drawGuide(*static_cast<const Guide*>(param), float(r.width()) / float(ovi.base_width));
    gs_projection_pop();
    gs_viewport_pop();
}

} // namespace pinstage
