// SPDX-License-Identifier: GPL-2.0-or-later
#include "overlay/PaintedSource.h"

#include <graphics/graphics.h>
#include <obs-module.h>

#include <atomic>
#include <mutex>

namespace pinstage {
namespace {

    // Per-source state shared by the caller's thread (hand-over) and the graphics thread (upload).
    struct PaintedSourceData {
        std::mutex mutex;
        QImage pending; // guarded by mutex: the image to upload next
        bool dirty = false; // guarded by mutex
        std::atomic<uint32_t> width { 0 };
        std::atomic<uint32_t> height { 0 };
        std::atomic<quint64> uploads { 0 };
        gs_texture_t* texture = nullptr; // graphics thread only
    };

    PaintedSourceData* dataOf(obs_source_t* source)
    {
        return static_cast<PaintedSourceData*>(obs_obj_get_data(source));
    }

    const char* sourceName(void*)
    {
        return "Pinstage painted layer";
    }

    void* sourceCreate(obs_data_t*, obs_source_t*)
    {
        return new PaintedSourceData;
    }

    void sourceDestroy(void* data)
    {
        auto* d = static_cast<PaintedSourceData*>(data);
        if (d->texture) {
            obs_enter_graphics();
            gs_texture_destroy(d->texture);
            obs_leave_graphics();
        }
        delete d;
    }

    uint32_t sourceWidth(void* data)
    {
        return static_cast<PaintedSourceData*>(data)->width.load();
    }

    uint32_t sourceHeight(void* data)
    {
        return static_cast<PaintedSourceData*>(data)->height.load();
    }

    // Graphics thread. Takes the pending image (if any) and uploads it; never paints or waits long.
    void uploadPending(PaintedSourceData* d)
    {
        QImage image;
        {
            std::lock_guard lock(d->mutex);
            if (!d->dirty)
                return;
            image = std::move(d->pending);
            d->pending = QImage();
            d->dirty = false;
        }
        if (image.isNull()) {
            if (d->texture) {
                gs_texture_destroy(d->texture);
                d->texture = nullptr;
            }
            d->uploads.fetch_add(1);
            return;
        }
        const auto w = static_cast<uint32_t>(image.width());
        const auto h = static_cast<uint32_t>(image.height());
        if (d->texture && (gs_texture_get_width(d->texture) != w || gs_texture_get_height(d->texture) != h)) {
            gs_texture_destroy(d->texture);
            d->texture = nullptr;
        }
        if (!d->texture) {
            const uint8_t* bits = image.constBits();
            d->texture = gs_texture_create(w, h, GS_RGBA, 1, &bits, GS_DYNAMIC);
        } else {
            gs_texture_set_image(d->texture, image.constBits(), static_cast<uint32_t>(image.bytesPerLine()), false);
        }
        d->uploads.fetch_add(1);
    }

    void sourceRender(void* data, gs_effect_t*)
    {
        auto* d = static_cast<PaintedSourceData*>(data);
        uploadPending(d);
        if (!d->texture)
            return;

        gs_effect_t* effect = obs_get_base_effect(OBS_EFFECT_PREMULTIPLIED_ALPHA);
        gs_eparam_t* imageParam = gs_effect_get_param_by_name(effect, "image");
        const bool previousSrgb = gs_framebuffer_srgb_enabled();
        gs_enable_framebuffer_srgb(false);
        gs_blend_state_push();
        gs_blend_function(GS_BLEND_ONE, GS_BLEND_INVSRCALPHA);
        gs_effect_set_texture(imageParam, d->texture);
        while (gs_effect_loop(effect, "Draw"))
            gs_draw_sprite(d->texture, 0, gs_texture_get_width(d->texture), gs_texture_get_height(d->texture));
        gs_blend_state_pop();
        gs_enable_framebuffer_srgb(previousSrgb);
    }

    void handOver(obs_source_t* source, QImage image)
    {
        PaintedSourceData* d = dataOf(source);
        if (!d)
            return;
        const auto w = static_cast<uint32_t>(image.width());
        const auto h = static_cast<uint32_t>(image.height());
        {
            std::lock_guard lock(d->mutex);
            d->pending = std::move(image);
            d->dirty = true;
        }
        d->width = w;
        d->height = h;
    }

} // namespace

void PaintedSource::registerType()
{
    // Registered anew after every obs_startup (libobs forgets types at shutdown); a second
    // registration in the same session is ignored by libobs.
    obs_source_info info {};
    info.id = typeId;
    info.type = OBS_SOURCE_TYPE_INPUT;
    info.output_flags = OBS_SOURCE_VIDEO | OBS_SOURCE_CUSTOM_DRAW;
    info.get_name = sourceName;
    info.create = sourceCreate;
    info.destroy = sourceDestroy;
    info.get_width = sourceWidth;
    info.get_height = sourceHeight;
    info.video_render = sourceRender;
    obs_register_source(&info);
}

PaintedSource::PaintedSource(const QString& name)
    : m_source(obs_source_create_private(typeId, name.toUtf8().constData(), nullptr))
{
}

PaintedSource::~PaintedSource() = default;

void PaintedSource::setImage(const QImage& image)
{
    if (!m_source)
        return;
    QImage converted = image.convertToFormat(QImage::Format_RGBA8888_Premultiplied);
    handOver(m_source, std::move(converted));
}

void PaintedSource::clear()
{
    if (m_source)
        handOver(m_source, QImage());
}

quint64 PaintedSource::uploadedCount() const
{
    PaintedSourceData* d = m_source ? dataOf(m_source) : nullptr;
    return d ? d->uploads.load() : 0;
}

} // namespace pinstage
