// SPDX-License-Identifier: GPL-2.0-or-later
#include "overlay/SharedImageSource.h"

#include <graphics/graphics.h>
#include <obs-module.h>

#include <atomic>
#include <mutex>

namespace pinstage {
namespace {

    // The one current image of a type, shared by all its instances.
    struct Slot {
        std::mutex mutex;
        QImage image; // guarded by mutex; never modified, only replaced
        quint64 generation = 0; // guarded by mutex; bumped by every hand-over
        std::atomic<uint32_t> width { 0 };
        std::atomic<uint32_t> height { 0 };
        std::atomic<quint64> uploads { 0 };
        std::atomic<int> showing { 0 };
    };

    Slot g_slots[2];

    Slot& slotOf(SharedImageSource::Kind kind)
    {
        return g_slots[kind == SharedImageSource::Kind::ProductCard ? 0 : 1];
    }

    // One instance: its own texture of the shared image (graphics thread only).
    struct Instance {
        Slot* slot = nullptr;
        quint64 uploadedGeneration = 0;
        gs_texture_t* texture = nullptr;
        std::atomic<bool> showing { false }; // counted in slot->showing while true
    };

    const char* cardName(void*)
    {
        return "Product card";
    }

    const char* patternName(void*)
    {
        return "Test pattern";
    }

    void* createCard(obs_data_t*, obs_source_t*)
    {
        return new Instance { &slotOf(SharedImageSource::Kind::ProductCard) };
    }

    void* createPattern(obs_data_t*, obs_source_t*)
    {
        return new Instance { &slotOf(SharedImageSource::Kind::TestPattern) };
    }

    void destroyInstance(void* data)
    {
        auto* d = static_cast<Instance*>(data);
        // A source destroyed while showing gets no hide callback: take it out of the count here.
        if (d->showing.exchange(false))
            d->slot->showing.fetch_sub(1);
        if (d->texture) {
            obs_enter_graphics();
            gs_texture_destroy(d->texture);
            obs_leave_graphics();
        }
        delete d;
    }

    uint32_t instanceWidth(void* data)
    {
        return static_cast<Instance*>(data)->slot->width.load();
    }

    uint32_t instanceHeight(void* data)
    {
        return static_cast<Instance*>(data)->slot->height.load();
    }

    void instanceShow(void* data)
    {
        auto* d = static_cast<Instance*>(data);
        if (!d->showing.exchange(true))
            d->slot->showing.fetch_add(1);
    }

    void instanceHide(void* data)
    {
        auto* d = static_cast<Instance*>(data);
        if (d->showing.exchange(false))
            d->slot->showing.fetch_sub(1);
    }

    // Graphics thread: takes the current image if this instance has not uploaded it yet.
    void uploadIfNew(Instance* d)
    {
        QImage image;
        {
            std::lock_guard lock(d->slot->mutex);
            if (d->slot->generation == d->uploadedGeneration)
                return;
            image = d->slot->image; // shallow copy: the slot only ever replaces its image
            d->uploadedGeneration = d->slot->generation;
        }
        if (image.isNull()) {
            if (d->texture) {
                gs_texture_destroy(d->texture);
                d->texture = nullptr;
            }
            d->slot->uploads.fetch_add(1);
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
        d->slot->uploads.fetch_add(1);
    }

    void renderInstance(void* data, gs_effect_t*)
    {
        auto* d = static_cast<Instance*>(data);
        uploadIfNew(d);
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

    void handOver(SharedImageSource::Kind kind, QImage image)
    {
        Slot& slot = slotOf(kind);
        const auto w = static_cast<uint32_t>(image.width());
        const auto h = static_cast<uint32_t>(image.height());
        {
            std::lock_guard lock(slot.mutex);
            slot.image = std::move(image);
            ++slot.generation;
        }
        slot.width = w;
        slot.height = h;
    }

} // namespace

const char* SharedImageSource::typeId(Kind kind)
{
    return kind == Kind::ProductCard ? productCardTypeId : testPatternTypeId;
}

void SharedImageSource::registerTypes()
{
    // Registered anew after every obs_startup (libobs forgets types at shutdown); a second
    // registration in the same session is ignored by libobs.
    for (Kind kind : { Kind::ProductCard, Kind::TestPattern }) {
        obs_source_info info {};
        info.id = typeId(kind);
        info.type = OBS_SOURCE_TYPE_INPUT;
        info.output_flags = OBS_SOURCE_VIDEO | OBS_SOURCE_CUSTOM_DRAW;
        info.get_name = kind == Kind::ProductCard ? cardName : patternName;
        info.create = kind == Kind::ProductCard ? createCard : createPattern;
        info.destroy = destroyInstance;
        info.get_width = instanceWidth;
        info.get_height = instanceHeight;
        info.show = instanceShow;
        info.hide = instanceHide;
        info.video_render = renderInstance;
        obs_register_source(&info);
    }
}

void SharedImageSource::setImage(Kind kind, const QImage& image)
{
    handOver(kind, image.convertToFormat(QImage::Format_RGBA8888_Premultiplied));
}

void SharedImageSource::clear(Kind kind)
{
    handOver(kind, QImage());
}

quint64 SharedImageSource::uploadedCount(Kind kind)
{
    return slotOf(kind).uploads.load();
}

int SharedImageSource::showingCount(Kind kind)
{
    return slotOf(kind).showing.load();
}

} // namespace pinstage
