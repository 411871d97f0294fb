// SPDX-License-Identifier: GPL-2.0-or-later
#include "widgets/PreviewWidget.h"

#include <obs-nix-platform.h>
#include <obs.h>

#include <QEvent>
#include <QGuiApplication>
#include <QHideEvent>
#include <QPlatformSurfaceEvent>
#include <QResizeEvent>
#include <QShowEvent>
#include <QTimer>
#include <QWindow>

#include <xcb/xcb.h>

#include <cmath>

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
    setToolTip(tr("Program preview: exactly what viewers see"));
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
    if (m_display) {
        const QSize px = pixelSize();
        obs_display_resize(m_display, uint32_t(px.width()), uint32_t(px.height()));
        flushWindowSystemSoon();
    }
}

void PreviewWidget::flushWindowSystemSoon()
{
    // On X11, libobs draws into a child window of ours, created at our window's size at that
    // moment and resized by libobs itself on its graphics thread, through the application's X
    // connection, without flushing it. Until something flushes that connection the picture keeps
    // its old size (seen under Xvfb: a 640x480 corner of a larger preview). Flush shortly after
    // the next frames were rendered.
    for (int ms : { 50, 200, 600 })
        QTimer::singleShot(ms, this, &PreviewWidget::flushWindowSystem);
}

void PreviewWidget::flushWindowSystem()
{
    // A plain flush of the shared connection: unlike QGuiApplication::sync() it processes no
    // events, so it is safe in the middle of a show or resize.
    if (auto* x11 = qGuiApp->nativeInterface<QNativeInterface::QX11Application>()) {
        if (xcb_connection_t* connection = x11->connection())
            xcb_flush(connection);
    }
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
    obs_display_add_draw_callback(m_display, &PreviewWidget::draw, nullptr);
    // And in case the server still had an older size: have libobs resize its window to ours.
    obs_display_resize(m_display, info.cx, info.cy);
    flushWindowSystemSoon();
}

void PreviewWidget::destroyDisplay()
{
    if (!m_display)
        return;
    obs_display_remove_draw_callback(m_display, &PreviewWidget::draw, nullptr);
    m_display = nullptr; // OBSDisplay destroys it; libobs waits for a draw in progress
}

QSize PreviewWidget::pixelSize() const
{
    const qreal ratio = devicePixelRatioF();
    return QSize(int(std::lround(width() * ratio)), int(std::lround(height() * ratio)));
}

void PreviewWidget::draw(void* param, uint32_t cx, uint32_t cy)
{
    // Graphics thread: libobs state only.
    Q_UNUSED(param);
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
    gs_projection_pop();
    gs_viewport_pop();
}

} // namespace pinstage
