// SPDX-License-Identifier: GPL-2.0-or-later
#include "widgets/preview/SelectionOverlay.h"

#include "widgets/PreviewWidget.h"

#include <obs.h>

#include <graphics/matrix4.h>
#include <graphics/vec3.h>
#include <graphics/vec4.h>

#include <cmath>
#include <functional>

namespace pinstage::preview {
namespace {

    // Widget pixels (times the device pixel ratio).
    constexpr float OutlineWidth = 2.0f;
    constexpr float HaloWidth = 4.0f;
    constexpr float HandleSize = 9.0f;
    constexpr float HandleRim = 1.5f;
    constexpr float SnapLineWidth = 1.0f;

    struct Pt {
        float x;
        float y;
    };

    // Draws the unit sprite stretched over the rectangle (x, y, w, h) turned by ANGLE radians
    // about (x, y).
    void quad(float x, float y, float w, float h, float angle = 0.0f)
    {
        if (w <= 0.0f || h <= 0.0f)
            return;
        gs_matrix_push();
        gs_matrix_translate3f(x, y, 0.0f);
        if (angle != 0.0f)
            gs_matrix_rotaa4f(0.0f, 0.0f, 1.0f, angle);
        gs_matrix_scale3f(w, h, 1.0f);
        gs_draw_sprite(nullptr, 0, 1, 1);
        gs_matrix_pop();
    }

    // A segment WIDTH pixels thick, centred on the line from A to B, extended by EXTEND at each end.
    void segment(Pt a, Pt b, float width, float extend)
    {
        const float dx = b.x - a.x;
        const float dy = b.y - a.y;
        const float length = std::sqrt(dx * dx + dy * dy);
        if (length < 0.01f)
            return;
        const float angle = std::atan2(dy, dx);
        const float ux = dx / length;
        const float uy = dy / length;
        // Start: A moved back by EXTEND along the line and by half the width across it.
        const float sx = a.x - ux * extend + uy * width / 2;
        const float sy = a.y - uy * extend - ux * width / 2;
        quad(sx, sy, length + 2 * extend, width, angle);
    }

    void solidPass(const vec4& colour, const std::function<void()>& shapes)
    {
        gs_effect_t* solid = obs_get_base_effect(OBS_EFFECT_SOLID);
        gs_eparam_t* param = gs_effect_get_param_by_name(solid, "color");
        gs_technique_t* technique = gs_effect_get_technique(solid, "Solid");
        gs_effect_set_vec4(param, &colour);
        gs_technique_begin(technique);
        gs_technique_begin_pass(technique, 0);
        shapes();
        gs_technique_end_pass(technique);
        gs_technique_end(technique);
    }

} // namespace

void SelectionOverlay::setSelection(obs_sceneitem_t* item)
{
    OBSSceneItem previous;
    {
        std::lock_guard lock(m_mutex);
        previous = m_item;
        m_item = item;
    }
    // PREVIOUS is released here, outside the lock.
}

void SelectionOverlay::setSnapLines(const QList<SnapLine>& lines)
{
    std::lock_guard lock(m_mutex);
    m_lines = lines;
}

void SelectionOverlay::setDevicePixelRatio(double ratio)
{
    std::lock_guard lock(m_mutex);
    m_ratio = ratio > 0 ? ratio : 1.0;
}

QList<SnapLine> SelectionOverlay::snapLines() const
{
    std::lock_guard lock(m_mutex);
    return m_lines;
}

void SelectionOverlay::draw(void* param, uint32_t cx, uint32_t cy)
{
    // Graphics thread: libobs state and the copied state only.
    auto* self = static_cast<SelectionOverlay*>(param);
    OBSSceneItem item;
    QList<SnapLine> lines;
    float ratio = 1.0f;
    {
        std::lock_guard lock(self->m_mutex);
        item = self->m_item;
        lines = self->m_lines;
        ratio = float(self->m_ratio);
    }
    if (!item && lines.isEmpty())
        return;
    obs_video_info ovi = {};
    if (!obs_get_video_info(&ovi) || ovi.base_width == 0 || ovi.base_height == 0)
        return;
    const QRect program
        = PreviewWidget::fitRect(QSize(int(ovi.base_width), int(ovi.base_height)), QSize(int(cx), int(cy)));
    if (program.isEmpty())
        return;
    const float s = float(program.width()) / float(ovi.base_width);
    auto toScreen = [&](float x, float y) { return Pt { float(program.x()) + x * s, float(program.y()) + y * s }; };

    // The whole display in screen pixels: handles on the canvas's edge may reach into the bars.
    gs_viewport_push();
    gs_projection_push();
    gs_set_viewport(0, 0, int(cx), int(cy));
    gs_ortho(0.0f, float(cx), 0.0f, float(cy), -100.0f, 100.0f);
    gs_blend_state_push();
    gs_enable_blending(true);
    gs_blend_function(GS_BLEND_SRCALPHA, GS_BLEND_INVSRCALPHA);

    vec4 halo;
    vec4_set(&halo, 0.0f, 0.0f, 0.0f, 0.6f);
    if (!lines.isEmpty()) {
        // Snap lines across the whole canvas: magenta on a dark halo.
        vec4 magenta;
        vec4_set(&magenta, 1.0f, 0.25f, 0.85f, 1.0f);
        const float w = float(ovi.base_width);
        const float h = float(ovi.base_height);
        auto drawLines = [&](float width) {
            for (const SnapLine& line : lines) {
                const float at = float(line.position);
                if (line.orientation == Qt::Vertical)
                    segment(toScreen(at, 0), toScreen(at, h), width, 0);
                else
                    segment(toScreen(0, at), toScreen(w, at), width, 0);
            }
        };
        solidPass(halo, [&] { drawLines((SnapLineWidth + 2) * ratio); });
        solidPass(magenta, [&] { drawLines(SnapLineWidth * ratio); });
    }

    if (item && obs_sceneitem_visible(item)) {
        matrix4 box;
        obs_sceneitem_get_box_transform(item, &box);
        auto corner = [&](float u, float v) {
            vec3 p;
            vec3_set(&p, u, v, 0.0f);
            vec3_transform(&p, &p, &box);
            return toScreen(p.x, p.y);
        };
        const Pt c[4] = { corner(0, 0), corner(1, 0), corner(1, 1), corner(0, 1) };
        const Pt handles[8]
            = { c[0], corner(0.5f, 0), c[1], corner(1, 0.5f), c[2], corner(0.5f, 1), c[3], corner(0, 0.5f) };
        vec4 outline;
        vec4_set(&outline, 0.35f, 0.8f, 1.0f, 1.0f); // a light sky blue
        vec4 white;
        vec4_set(&white, 1.0f, 1.0f, 1.0f, 1.0f);
        vec4 rim;
        vec4_set(&rim, 0.05f, 0.08f, 0.12f, 1.0f);
        solidPass(halo, [&] {
            for (int i = 0; i < 4; ++i)
                segment(c[i], c[(i + 1) % 4], HaloWidth * ratio, HaloWidth * ratio / 2);
        });
        solidPass(outline, [&] {
            for (int i = 0; i < 4; ++i)
                segment(c[i], c[(i + 1) % 4], OutlineWidth * ratio, OutlineWidth * ratio / 2);
        });
        const float size = HandleSize * ratio;
        const float rimWidth = HandleRim * ratio;
        const float outer = size + 2 * rimWidth;
        solidPass(rim, [&] {
            for (const Pt& p : handles)
                quad(std::round(p.x - outer / 2), std::round(p.y - outer / 2), outer, outer);
        });
        solidPass(white, [&] {
            for (const Pt& p : handles)
                quad(std::round(p.x - outer / 2) + rimWidth, std::round(p.y - outer / 2) + rimWidth, size, size);
        });
    }

    gs_blend_state_pop();
    gs_projection_pop();
    gs_viewport_pop();
}

} // namespace pinstage::preview
