// SPDX-License-Identifier: GPL-2.0-or-later
#include "overlay/SharedImageSource.h"

#include <graphics/graphics.h>
#include <graphics/matrix4.h>
#include <obs-module.h>
#include <util/platform.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <utility>

namespace pinstage {
namespace {

    // Premultiplied RGBA times an opacity, for blending with (ONE, INVSRCALPHA). "Draw" filters
    // linearly (for an image drawn scaled); "DrawPixels" takes the nearest texel, for an image drawn
    // 1:1 at whole pixels, where both give the same pixels and nearest costs llvmpipe a third less.
    const char* const kOpacityEffect = R"(
uniform float4x4 ViewProj;
uniform texture2d image;
uniform float opacity;

sampler_state def_sampler {
	Filter   = Linear;
	AddressU = Clamp;
	AddressV = Clamp;
};

struct VertInOut {
	float4 pos : POSITION;
	float2 uv  : TEXCOORD0;
};

VertInOut VSDefault(VertInOut vert_in)
{
	VertInOut vert_out;
	vert_out.pos = mul(float4(vert_in.pos.xyz, 1.0), ViewProj);
	vert_out.uv  = vert_in.uv;
	return vert_out;
}

sampler_state pixel_sampler {
	Filter   = Point;
	AddressU = Clamp;
	AddressV = Clamp;
};

float4 PSDraw(VertInOut vert_in) : TARGET
{
	return image.Sample(def_sampler, vert_in.uv) * opacity;
}

float4 PSDrawPixels(VertInOut vert_in) : TARGET
{
	return image.Sample(pixel_sampler, vert_in.uv) * opacity;
}

technique Draw
{
	pass
	{
		vertex_shader = VSDefault(vert_in);
		pixel_shader  = PSDraw(vert_in);
	}
}

technique DrawPixels
{
	pass
	{
		vertex_shader = VSDefault(vert_in);
		pixel_shader  = PSDrawPixels(vert_in);
	}
}
)";

    // The one current image of a type, shared by all its instances.
    struct Slot {
        std::mutex mutex;
        QImage image; // guarded by mutex; never modified, only replaced
        SharedImageSource::Presentation presentation; // guarded by mutex
        int opaqueTop = 0; // guarded by mutex; rows [opaqueTop, opaqueBottom) of image are opaque
        int opaqueBottom = 0; // guarded by mutex
        quint64 generation = 0; // guarded by mutex; bumped by every hand-over
        QImage patch; // guarded by mutex; null: none
        QPoint patchAt; // guarded by mutex
        quint64 patchGeneration = 0; // guarded by mutex
        std::atomic<uint32_t> width { 0 };
        std::atomic<uint32_t> height { 0 };
        std::atomic<int> motionMs { 0 };
        std::atomic<quint64> uploads { 0 };
        std::atomic<quint64> patchUploads { 0 };
        std::atomic<int> showing { 0 };
        std::atomic<quint64> timedUploads { 0 }; // images (not clears) taken into a texture
        std::atomic<quint64> uploadNs { 0 }; // graphics thread time taking images into textures, in total
        std::atomic<quint64> uploadMaxNs { 0 };
        std::atomic<quint64> unchanged { 0 };
    };

    Slot g_slots[5];

    int indexOf(SharedImageSource::Kind kind)
    {
        switch (kind) {
        case SharedImageSource::Kind::ProductCard:
            return 0;
        case SharedImageSource::Kind::TestPattern:
            return 1;
        case SharedImageSource::Kind::Announcement:
            return 2;
        case SharedImageSource::Kind::ProductCardHorizontal:
            return 3;
        case SharedImageSource::Kind::AnnouncementHorizontal:
            return 4;
        }
        return 0;
    }

    Slot& slotOf(SharedImageSource::Kind kind)
    {
        return g_slots[indexOf(kind)];
    }

    struct MotionDefaults {
        MotionDefaults()
        {
            slotOf(SharedImageSource::Kind::ProductCard).motionMs = 300;
            slotOf(SharedImageSource::Kind::Announcement).motionMs = 300;
            slotOf(SharedImageSource::Kind::ProductCardHorizontal).motionMs = 300;
            slotOf(SharedImageSource::Kind::AnnouncementHorizontal).motionMs = 300;
        }
    } g_motionDefaults;

    enum class Phase { Hidden, Entering, Shown, Exiting };

    // One instance: its own textures of the shared image and patch, and where its motion is.
    // Everything but the atomics is touched by the graphics thread only (tick and render).
    struct Instance {
        explicit Instance(Slot* of)
            : slot(of)
        {
        }
        Slot* slot = nullptr;
        quint64 uploadedGeneration = 0;
        quint64 uploadedPatchGeneration = 0;
        gs_texture_t* texture = nullptr;
        gs_texture_t* patch = nullptr;
        gs_effect_t* effect = nullptr;
        bool effectFailed = false;
        QPoint patchAt;
        SharedImageSource::Presentation presentation;
        int opaqueTop = 0; // the rows of the texture's image in which every pixel is opaque
        int opaqueBottom = 0;
        Phase phase = Phase::Hidden;
        double phaseSeconds = 0; // time in the current phase, from the frames' ticks
        double scrollSeconds = 0; // time since the current image came, for scrolling
        double lastTick = 1.0 / 30; // the frame interval, so the first frame already moves
        std::atomic<int> drawnWidth { -1 }; // -1: nothing uploaded yet, report the slot's size
        std::atomic<int> drawnHeight { -1 };
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

    const char* announcementName(void*)
    {
        return "Announcement bar";
    }

    void* createCard(obs_data_t* settings, obs_source_t*)
    {
        // A card source of the horizontal canvas (its scene is rendered by the second view) draws the
        // card painted for that canvas.
        const char* canvas = settings ? obs_data_get_string(settings, SharedImageSource::cardCanvasSetting) : nullptr;
        const bool horizontal = canvas && qstrcmp(canvas, SharedImageSource::horizontalCardSettingValue) == 0;
        return new Instance(&slotOf(
            horizontal ? SharedImageSource::Kind::ProductCardHorizontal : SharedImageSource::Kind::ProductCard));
    }

    void* createPattern(obs_data_t*, obs_source_t*)
    {
        return new Instance(&slotOf(SharedImageSource::Kind::TestPattern));
    }

    void* createAnnouncement(obs_data_t* settings, obs_source_t*)
    {
        // A bar of the horizontal canvas draws the bar painted for that canvas (as a card does).
        const char* canvas = settings ? obs_data_get_string(settings, SharedImageSource::cardCanvasSetting) : nullptr;
        const bool horizontal = canvas && qstrcmp(canvas, SharedImageSource::horizontalCardSettingValue) == 0;
        return new Instance(&slotOf(
            horizontal ? SharedImageSource::Kind::AnnouncementHorizontal : SharedImageSource::Kind::Announcement));
    }

    void destroyTextures(Instance* d)
    {
        if (d->texture) {
            gs_texture_destroy(d->texture);
            d->texture = nullptr;
        }
        if (d->patch) {
            gs_texture_destroy(d->patch);
            d->patch = nullptr;
        }
    }

    void destroyInstance(void* data)
    {
        auto* d = static_cast<Instance*>(data);
        // A source destroyed while showing gets no hide callback: take it out of the count here.
        if (d->showing.exchange(false))
            d->slot->showing.fetch_sub(1);
        if (d->texture || d->patch || d->effect) {
            obs_enter_graphics();
            destroyTextures(d);
            if (d->effect)
                gs_effect_destroy(d->effect);
            obs_leave_graphics();
        }
        delete d;
    }

    uint32_t instanceWidth(void* data)
    {
        auto* d = static_cast<Instance*>(data);
        const int w = d->drawnWidth.load();
        return w < 0 ? d->slot->width.load() : static_cast<uint32_t>(w);
    }

    uint32_t instanceHeight(void* data)
    {
        auto* d = static_cast<Instance*>(data);
        const int h = d->drawnHeight.load();
        return h < 0 ? d->slot->height.load() : static_cast<uint32_t>(h);
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

    void instanceTick(void* data, float seconds)
    {
        auto* d = static_cast<Instance*>(data);
        d->lastTick = seconds;
        d->phaseSeconds += seconds;
        d->scrollSeconds += seconds;
    }

    double motionSeconds(const Instance* d)
    {
        return d->slot->motionMs.load() / 1000.0;
    }

    void reportSize(Instance* d)
    {
        if (!d->texture) {
            d->drawnWidth = 0;
            d->drawnHeight = 0;
            return;
        }
        const bool scrolls = d->presentation.scrollPixelsPerSecond > 0 && d->presentation.scrollViewportWidth > 0;
        d->drawnWidth = static_cast<int>(
            scrolls ? uint32_t(d->presentation.scrollViewportWidth) : gs_texture_get_width(d->texture));
        d->drawnHeight = static_cast<int>(gs_texture_get_height(d->texture));
    }

    // IMAGE in a new texture of its own, the old one destroyed: no pixel buffer is mapped and no
    // texture still read by frames in flight is written to. With llvmpipe, gs_texture_set_image() on
    // the card's texture made the graphics thread wait for those frames to be rasterised first:
    // 8.7 ms per card change on average, up to 155 ms, against 0.6 ms (up to 5 ms) this way
    // (bench_card_latency, a card change every second, load 12-16).
    void replace(gs_texture_t*& texture, const QImage& image)
    {
        if (texture)
            gs_texture_destroy(texture);
        const uint8_t* bits = image.constBits();
        // Premultiplied ARGB32 is B, G, R, A in memory (little-endian only: see textureReady()).
        const gs_color_format format = image.format() == QImage::Format_ARGB32_Premultiplied ? GS_BGRA : GS_RGBA;
        texture = gs_texture_create(
            static_cast<uint32_t>(image.width()), static_cast<uint32_t>(image.height()), format, 1, &bits, 0);
    }

    // Graphics thread: takes the current image and patch if this instance has not uploaded them yet,
    // and moves the motion on to its next phase.
    void uploadIfNew(Instance* d)
    {
        QImage image;
        QImage patch;
        bool newImage = false;
        bool newPatch = false;
        {
            std::lock_guard lock(d->slot->mutex);
            if (d->slot->generation != d->uploadedGeneration) {
                image = d->slot->image; // shallow copy: the slot only ever replaces its image
                if (!image.isNull()) { // a card leaving keeps its presentation (its bar stays put)
                    d->presentation = d->slot->presentation;
                    d->opaqueTop = d->slot->opaqueTop;
                    d->opaqueBottom = d->slot->opaqueBottom;
                }
                d->uploadedGeneration = d->slot->generation;
                newImage = true;
            }
            if (d->slot->patchGeneration != d->uploadedPatchGeneration) {
                patch = d->slot->patch;
                d->patchAt = d->slot->patchAt;
                d->uploadedPatchGeneration = d->slot->patchGeneration;
                newPatch = true;
            }
        }
        // An instance nobody sees (a scene off the program) jumps to the end: it must not play a
        // stale motion when its scene comes on.
        const bool moves = motionSeconds(d) > 0 && d->showing.load();
        if (newImage) {
            if (image.isNull()) {
                if (d->texture && moves && d->phase != Phase::Hidden && d->phase != Phase::Exiting) {
                    // Slide out from where the motion is now (an entering card leaves from there).
                    const double progress
                        = d->phase == Phase::Entering ? std::min(1.0, d->phaseSeconds / motionSeconds(d)) : 1.0;
                    d->phase = Phase::Exiting;
                    d->phaseSeconds = (1.0 - progress) * motionSeconds(d);
                } else if (d->phase != Phase::Exiting) {
                    destroyTextures(d);
                    d->phase = Phase::Hidden;
                }
            } else {
                const uint64_t started = os_gettime_ns();
                replace(d->texture, image);
                const uint64_t took = os_gettime_ns() - started;
                d->slot->uploadNs.fetch_add(took);
                d->slot->timedUploads.fetch_add(1);
                quint64 longest = d->slot->uploadMaxNs.load();
                while (took > longest && !d->slot->uploadMaxNs.compare_exchange_weak(longest, took)) { }
                d->scrollSeconds = 0;
                if (!moves) {
                    d->phase = Phase::Shown;
                } else if (d->phase == Phase::Hidden || d->phase == Phase::Exiting) {
                    // Comes in; one frame interval already passed when this frame shows.
                    d->phase = Phase::Entering;
                    d->phaseSeconds = d->lastTick;
                } // Entering or Shown: replaced in place, the motion goes on
            }
            reportSize(d);
            d->slot->uploads.fetch_add(1);
        }
        if (newPatch) {
            if (patch.isNull()) {
                if (d->patch && d->phase != Phase::Exiting) {
                    gs_texture_destroy(d->patch);
                    d->patch = nullptr;
                }
            } else {
                replace(d->patch, patch);
            }
            d->slot->patchUploads.fetch_add(1);
        }
        if (d->phase == Phase::Entering && d->phaseSeconds >= motionSeconds(d))
            d->phase = Phase::Shown;
        if (d->phase == Phase::Exiting && d->phaseSeconds >= motionSeconds(d)) {
            destroyTextures(d);
            d->phase = Phase::Hidden;
            reportSize(d);
        }
    }

    // Draws the sub-region (X, Y, CX, CY) of TEXTURE with its top-left at (AT_X, AT_Y), with TECHNIQUE
    // ("Draw" or "DrawPixels").
    void drawRegion(gs_effect_t* effect, const char* technique, gs_texture_t* texture, float opacity, int x, int y,
        int cx, int cy, float atX, float atY)
    {
        if (cx <= 0 || cy <= 0)
            return;
        gs_effect_set_texture(gs_effect_get_param_by_name(effect, "image"), texture);
        gs_effect_set_float(gs_effect_get_param_by_name(effect, "opacity"), opacity);
        gs_matrix_push();
        gs_matrix_translate3f(atX, atY, 0.0f);
        while (gs_effect_loop(effect, technique))
            gs_draw_sprite_subregion(texture, 0, static_cast<uint32_t>(x), static_cast<uint32_t>(y),
                static_cast<uint32_t>(cx), static_cast<uint32_t>(cy));
        gs_matrix_pop();
    }

    bool isWhole(float value)
    {
        return std::fabs(value - std::round(value)) < 1e-4f;
    }

    // Whether the image is drawn 1:1 on the target's pixels: the current transform only moves it by
    // whole pixels, and the viewport is the canvas (libobs projects the canvas's pixels onto it, as it
    // does for the program and every scene drawn into a canvas-sized texture). Then each pixel's
    // centre falls on a texel's centre and the nearest texel is exactly what linear filtering gives.
    // Anything else (a scaled or rotated scene item, a preview of another size) filters linearly.
    bool drawnOneToOne()
    {
        matrix4 m;
        gs_matrix_get(&m);
        if (m.x.x != 1.0f || m.x.y != 0.0f || m.y.x != 0.0f || m.y.y != 1.0f || m.x.w != 0.0f || m.y.w != 0.0f
            || !isWhole(m.t.x) || !isWhole(m.t.y))
            return false;
        gs_rect viewport {};
        gs_get_viewport(&viewport);
        obs_video_info video {};
        return obs_get_video_info(&video) && viewport.cx == int(video.base_width)
            && viewport.cy == int(video.base_height);
    }

    // The rows of IMAGE (textureReady()) in which every pixel is opaque: the longest run of them,
    // [first, end); empty when there is none.
    std::pair<int, int> opaqueRows(const QImage& image)
    {
        int best = 0, bestFirst = 0, runFirst = -1;
        const int w = image.width();
        for (int y = 0; y <= image.height(); ++y) {
            bool opaque = false;
            if (y < image.height()) {
                // Bytewise AND of the row's pixels: its alpha byte is 255 only if every alpha is.
                const auto* px = reinterpret_cast<const uint32_t*>(image.constScanLine(y));
                uint32_t all = 0xFFFFFFFFu;
                for (int x = 0; x < w; ++x)
                    all &= px[x];
                opaque
                    = (image.format() == QImage::Format_ARGB32_Premultiplied ? qAlpha(all)
                                                                             : reinterpret_cast<const uchar*>(&all)[3])
                    == 0xFF;
            }
            if (opaque && runFirst < 0) {
                runFirst = y;
            } else if (!opaque && runFirst >= 0) {
                if (y - runFirst > best) {
                    best = y - runFirst;
                    bestFirst = runFirst;
                }
                runFirst = -1;
            }
        }
        return { bestFirst, bestFirst + best };
    }

    void renderInstance(void* data, gs_effect_t*)
    {
        auto* d = static_cast<Instance*>(data);
        // The effect is compiled at the source's first rendered frame, long before the first pin,
        // so a pin never waits for it.
        if (!d->effect) {
            if (d->effectFailed)
                return;
            char* errors = nullptr;
            d->effect = gs_effect_create(kOpacityEffect, "pinstage_opacity.effect", &errors);
            if (errors) {
                blog(LOG_ERROR, "pinstage: the card's opacity effect does not compile: %s", errors);
                bfree(errors);
            }
            if (!d->effect) {
                d->effectFailed = true; // said once in the log; the source stays empty
                return;
            }
        }
        uploadIfNew(d);
        if (!d->texture)
            return;
        const int w = static_cast<int>(gs_texture_get_width(d->texture));
        const int h = static_cast<int>(gs_texture_get_height(d->texture));

        // Motion: 0 = out of sight behind the lead, 1 = in place. Ease-out cubic: quick at first.
        double progress = 1.0;
        const double motion = motionSeconds(d);
        if (motion > 0 && d->phase == Phase::Entering)
            progress = std::clamp(d->phaseSeconds / motion, 0.0, 1.0);
        else if (motion > 0 && d->phase == Phase::Exiting)
            progress = std::clamp(1.0 - d->phaseSeconds / motion, 0.0, 1.0);
        const double eased = 1.0 - std::pow(1.0 - progress, 3.0);

        const bool previousSrgb = gs_framebuffer_srgb_enabled();
        gs_enable_framebuffer_srgb(false);
        gs_blend_state_push();
        gs_blend_function(GS_BLEND_ONE, GS_BLEND_INVSRCALPHA);

        const char* technique = drawnOneToOne() ? "DrawPixels" : "Draw";
        const SharedImageSource::Presentation& pres = d->presentation;
        if (pres.scrollPixelsPerSecond > 0 && pres.scrollViewportWidth > 0) {
            // A tile moving left and wrapping: two sub-regions side by side, moved, never repainted.
            const int viewport = std::min(pres.scrollViewportWidth, w);
            const int offset = static_cast<int>(std::fmod(d->scrollSeconds * pres.scrollPixelsPerSecond, double(w)));
            const int first = std::min(w - offset, viewport);
            const float opacity = static_cast<float>(eased);
            drawRegion(d->effect, technique, d->texture, opacity, offset, 0, first, h, 0.0f, 0.0f);
            if (first < viewport)
                drawRegion(d->effect, technique, d->texture, opacity, 0, 0, viewport - first, h, float(first), 0.0f);
        } else {
            // The lead stands still; the rest slides out from behind it (shifted left by SHIFT and
            // cut at the lead's edge) and fades in.
            const int lead = std::clamp(pres.fixedLeadWidth, 0, w);
            const int shift = static_cast<int>(std::lround((1.0 - eased) * (w - lead)));
            const auto opacity = static_cast<float>(eased);
            if (shift == 0 && eased >= 1.0 && drawnOneToOne()) {
                // In place and drawn 1:1 (nearly always): the image in one piece, its opaque rows
                // without blending (the same pixels: blending an opaque pixel with (ONE, INVSRCALPHA)
                // replaces what is under it), which spares llvmpipe reading and mixing the canvas under
                // most of the card. Not when scaled or rotated: linear filtering mixes the band's edge
                // rows with their transparent neighbours, which must then be blended.
                const int top = std::clamp(d->opaqueTop, 0, h);
                const int bottom = std::clamp(d->opaqueBottom, top, h);
                drawRegion(d->effect, technique, d->texture, 1.0f, 0, 0, w, top, 0.0f, 0.0f);
                if (bottom > top) {
                    gs_enable_blending(false);
                    drawRegion(d->effect, technique, d->texture, 1.0f, 0, top, w, bottom - top, 0.0f, float(top));
                    gs_enable_blending(true);
                }
                drawRegion(d->effect, technique, d->texture, 1.0f, 0, bottom, w, h - bottom, 0.0f, float(bottom));
            } else {
                if (lead > 0)
                    drawRegion(d->effect, technique, d->texture, 1.0f, 0, 0, lead, h, 0.0f, 0.0f);
                drawRegion(
                    d->effect, technique, d->texture, opacity, lead + shift, 0, w - lead - shift, h, float(lead), 0.0f);
            }
            if (d->patch) {
                const int pw = static_cast<int>(gs_texture_get_width(d->patch));
                const int ph = static_cast<int>(gs_texture_get_height(d->patch));
                const int shownX = d->patchAt.x() - shift;
                const int cut = std::max(0, lead - shownX);
                drawRegion(d->effect, technique, d->patch, opacity, cut, 0, pw - cut, ph, float(shownX + cut),
                    float(d->patchAt.y()));
            }
        }

        gs_blend_state_pop();
        gs_enable_framebuffer_srgb(previousSrgb);
    }

    // IMAGE in a format a texture takes as it is: premultiplied RGBA (GS_RGBA) or, on little-endian
    // machines, premultiplied ARGB32 (GS_BGRA: the cards' format, see CardPainter); else converted.
    QImage textureReady(const QImage& image)
    {
        const bool bgra = Q_BYTE_ORDER == Q_LITTLE_ENDIAN && image.format() == QImage::Format_ARGB32_Premultiplied;
        return bgra || image.format() == QImage::Format_RGBA8888_Premultiplied
            ? image
            : image.convertToFormat(QImage::Format_RGBA8888_Premultiplied);
    }

    void handOver(SharedImageSource::Kind kind, QImage image, const SharedImageSource::Presentation& presentation)
    {
        Slot& slot = slotOf(kind);
        const bool scrolls = presentation.scrollPixelsPerSecond > 0 && presentation.scrollViewportWidth > 0;
        const auto w = static_cast<uint32_t>(scrolls ? presentation.scrollViewportWidth : image.width());
        const auto h = static_cast<uint32_t>(image.height());
        const bool none = image.isNull();
        // On the caller's thread, not the graphics thread: which rows can be drawn without blending
        // (known already for the image on air: a re-pin).
        std::pair<int, int> opaque;
        if (!none) {
            bool known = false;
            {
                std::lock_guard lock(slot.mutex);
                if (image.cacheKey() == slot.image.cacheKey()) {
                    opaque = { slot.opaqueTop, slot.opaqueBottom };
                    known = true;
                }
            }
            if (!known)
                opaque = opaqueRows(image);
        }
        {
            std::lock_guard lock(slot.mutex);
            // The same pixels again (the same QImage data) as they are: nothing to hand over.
            if (!none && image.cacheKey() == slot.image.cacheKey()
                && presentation.fixedLeadWidth == slot.presentation.fixedLeadWidth
                && presentation.scrollPixelsPerSecond == slot.presentation.scrollPixelsPerSecond
                && presentation.scrollViewportWidth == slot.presentation.scrollViewportWidth) {
                slot.unchanged.fetch_add(1);
                return;
            }
            slot.image = std::move(image);
            slot.presentation = presentation;
            slot.opaqueTop = opaque.first;
            slot.opaqueBottom = opaque.second;
            ++slot.generation;
            if (none) {
                slot.patch = QImage();
                ++slot.patchGeneration;
            }
        }
        slot.width = none ? 0 : w;
        slot.height = none ? 0 : h;
    }

} // namespace

const char* SharedImageSource::typeId(Kind kind)
{
    switch (kind) {
    case Kind::ProductCard:
        return productCardTypeId;
    case Kind::TestPattern:
        return testPatternTypeId;
    case Kind::Announcement:
        return announcementTypeId;
    case Kind::ProductCardHorizontal:
        return productCardTypeId;
    case Kind::AnnouncementHorizontal:
        return announcementTypeId;
    }
    return productCardTypeId;
}

void SharedImageSource::registerTypes()
{
    // Registered anew after every obs_startup (libobs forgets types at shutdown); a second
    // registration in the same session is ignored by libobs.
    for (Kind kind : { Kind::ProductCard, Kind::TestPattern, Kind::Announcement }) {
        obs_source_info info {};
        info.id = typeId(kind);
        info.type = OBS_SOURCE_TYPE_INPUT;
        info.output_flags = OBS_SOURCE_VIDEO | OBS_SOURCE_CUSTOM_DRAW;
        switch (kind) {
        case Kind::ProductCard:
            info.get_name = cardName;
            info.create = createCard;
            break;
        case Kind::TestPattern:
            info.get_name = patternName;
            info.create = createPattern;
            break;
        case Kind::Announcement:
            info.get_name = announcementName;
            info.create = createAnnouncement;
            break;
        case Kind::ProductCardHorizontal:
        case Kind::AnnouncementHorizontal:
            break; // not a type of its own (a setting of the product card or announcement bar)
        }
        info.destroy = destroyInstance;
        info.get_width = instanceWidth;
        info.get_height = instanceHeight;
        info.show = instanceShow;
        info.hide = instanceHide;
        info.video_tick = instanceTick;
        info.video_render = renderInstance;
        obs_register_source(&info);
    }
}

void SharedImageSource::setImage(Kind kind, const QImage& image, const Presentation& presentation)
{
    handOver(kind, textureReady(image), presentation);
}

void SharedImageSource::setImage(Kind kind, const QImage& image)
{
    setImage(kind, image, Presentation());
}

void SharedImageSource::clear(Kind kind)
{
    handOver(kind, QImage(), Presentation());
}

void SharedImageSource::setPatch(Kind kind, const QImage& patch, QPoint at)
{
    Slot& slot = slotOf(kind);
    QImage converted = textureReady(patch);
    std::lock_guard lock(slot.mutex);
    slot.patch = std::move(converted);
    slot.patchAt = at;
    ++slot.patchGeneration;
}

void SharedImageSource::clearPatch(Kind kind)
{
    Slot& slot = slotOf(kind);
    std::lock_guard lock(slot.mutex);
    slot.patch = QImage();
    ++slot.patchGeneration;
}

void SharedImageSource::setMotionMs(Kind kind, int milliseconds)
{
    slotOf(kind).motionMs = std::max(0, milliseconds);
}

int SharedImageSource::motionMs(Kind kind)
{
    return slotOf(kind).motionMs.load();
}

quint64 SharedImageSource::uploadedCount(Kind kind)
{
    return slotOf(kind).uploads.load();
}

quint64 SharedImageSource::patchUploadedCount(Kind kind)
{
    return slotOf(kind).patchUploads.load();
}

int SharedImageSource::showingCount(Kind kind)
{
    return slotOf(kind).showing.load();
}

SharedImageSource::UploadTimes SharedImageSource::uploadTimes(Kind kind)
{
    const Slot& slot = slotOf(kind);
    return { slot.timedUploads.load(), slot.uploadNs.load() / 1e6, slot.uploadMaxNs.load() / 1e6 };
}

quint64 SharedImageSource::unchangedCount(Kind kind)
{
    return slotOf(kind).unchanged.load();
}

} // namespace pinstage
