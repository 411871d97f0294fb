// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QImage>
#include <QPoint>

#include <obs.h>

namespace pinstage {

/// App-registered libobs source types whose every instance draws one shared, application-painted
/// image: the product card (`pinstage_product_card`), the announcement bar
/// (`pinstage_announcement`) and the built-in test pattern (`pinstage_test_pattern`). Any scene may
/// hold any number of instances, at any position and size; all of them show the current image of
/// their type. Pixels are handed over under a short lock and uploaded lazily by the graphics thread
/// in each instance's next render, so a new image is in the next rendered frame. Each new image (and
/// patch) goes into a new texture of its size and the old one is destroyed, never written over: with
/// llvmpipe, writing a texture that frames in flight still read stalls the graphics thread.
///
/// Motion (card and announcement; the test pattern has none): an image that appears where nothing
/// was shown slides in from the image's left edge and fades in over motionMs() (300 ms by default),
/// and clear() slides it back out and fades it the same way, all in the source's render through
/// gs_matrix_translate, texture sub-regions and an opacity parameter, timed by the frames' ticks:
/// nothing is repainted for it. The first FIXED_LEAD_WIDTH pixels of the image (the card's accent
/// bar) stand still and fully opaque from the first frame, so the card is in the next rendered frame;
/// the rest comes out from behind them. A new image while one is shown replaces it in place (no
/// empty frame, never two images).
///
/// Patch: a small image drawn over the shown image at a point (image pixels), uploaded on its own,
/// so a flash-sale countdown tick uploads a few kilobytes and never repaints the card.
///
/// Scrolling (the announcement bar): with scrollPixelsPerSecond > 0 the image is a tile that the
/// source shows SCROLL_VIEWPORT_WIDTH pixels of, moving left at that speed and wrapping around;
/// the texture is only moved (sub-region and translation), never repainted.
///
/// Thread contract: registerTypes() on the main thread once after every obs_startup, before a
/// collection creates such a source. setImage()/setPatch()/clear() from any thread but the graphics
/// thread (painting happens on the caller's thread). The counters may be read from any thread.
class SharedImageSource {
public:
    /// ProductCardHorizontal: the card painted for the horizontal (16:9) canvas (issue 11), drawn by
    /// the `pinstage_product_card` sources whose setting `canvas` is `"horizontal"`
    /// (horizontalCardSettingValue); the others draw ProductCard. AnnouncementHorizontal: the
    /// announcement bar painted for the horizontal canvas, drawn by the `pinstage_announcement` sources
    /// with the same setting; the others draw Announcement.
    enum class Kind { ProductCard, TestPattern, Announcement, ProductCardHorizontal, AnnouncementHorizontal };
    static constexpr const char* productCardTypeId = "pinstage_product_card";
    /// The product card's (and the announcement bar's) source setting that picks the canvas it draws for.
    /// Read once, when the source is created: changing it on an existing source has no effect.
    static constexpr const char* cardCanvasSetting = "canvas";
    static constexpr const char* horizontalCardSettingValue = "horizontal";
    static constexpr const char* testPatternTypeId = "pinstage_test_pattern";
    static constexpr const char* announcementTypeId = "pinstage_announcement";

    /// How an image is presented (see the class comment).
    struct Presentation {
        int fixedLeadWidth = 0; ///< pixels at the image's left that appear at once, unmoved
        double scrollPixelsPerSecond = 0; ///< 0: still
        int scrollViewportWidth = 0; ///< the source's width while scrolling (pixels)
    };

    static void registerTypes();
    static const char* typeId(Kind kind);

    /// Shows IMAGE (premultiplied RGBA or ARGB32 as it is, any other format converted to premultiplied
    /// RGBA; its size in pixels is the source's size unless
    /// it scrolls) in every instance of KIND from their next rendered frame. The image already
    /// handed over (the same QImage data, e.g. a card from CardPainter's cache) with the same
    /// presentation is not handed over again: nothing is uploaded (unchangedCount()).
    static void setImage(Kind kind, const QImage& image, const Presentation& presentation);
    static void setImage(Kind kind, const QImage& image);
    /// Shows nothing in every instance of KIND from their next rendered frame (after the exit motion,
    /// when KIND has motion; the size is 0x0 once it ended). Removes the patch too.
    static void clear(Kind kind);
    /// Draws PATCH over the image of KIND with its top-left at AT (image pixels), from the next
    /// rendered frame, until the next setPatch() or clearPatch(). Only PATCH is uploaded.
    static void setPatch(Kind kind, const QImage& patch, QPoint at);
    static void clearPatch(Kind kind);
    /// The duration of the enter and exit motion of KIND, in milliseconds (0: none). Defaults: 300
    /// for the card and the announcement, 0 for the test pattern.
    static void setMotionMs(Kind kind, int milliseconds);
    static int motionMs(Kind kind);

    /// How many images the instances of KIND have uploaded so far (every instance counts).
    static quint64 uploadedCount(Kind kind);
    /// How many patches the instances of KIND have uploaded so far (every instance counts).
    static quint64 patchUploadedCount(Kind kind);
    /// How many instances of KIND are showing (in a scene that is on the program or a view) now.
    static int showingCount(Kind kind);

    /// Time the graphics thread spent taking images of KIND into textures (every instance; patches
    /// not included), since the start: how many, in total and the longest, in milliseconds.
    struct UploadTimes {
        quint64 count = 0;
        double totalMs = 0;
        double maxMs = 0;
    };
    static UploadTimes uploadTimes(Kind kind);
    /// How many setImage() calls of KIND handed over the image already shown (the same pixels: a
    /// re-pin of the card on air, a style applied again) and were dropped: nothing is uploaded for them.
    static quint64 unchangedCount(Kind kind);
};

} // namespace pinstage
