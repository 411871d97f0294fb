// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QImage>

#include <obs.h>

namespace pinstage {

/// App-registered libobs source types whose every instance draws one shared, application-painted
/// image: the product card (`pinstage_product_card`) and the built-in test pattern
/// (`pinstage_test_pattern`). Any scene may hold any number of instances, at any position and
/// size; all of them show the current image of their type. Pixels are handed over under a short
/// lock and uploaded lazily by the graphics thread in each instance's next render, so a new image
/// is in the next rendered frame.
///
/// Thread contract: registerTypes() on the main thread once after every obs_startup, before a
/// collection creates such a source. setImage()/clear() from any thread but the graphics thread
/// (painting happens on the caller's thread). The counters may be read from any thread.
class SharedImageSource {
public:
    enum class Kind { ProductCard, TestPattern };
    static constexpr const char* productCardTypeId = "pinstage_product_card";
    static constexpr const char* testPatternTypeId = "pinstage_test_pattern";

    static void registerTypes();
    static const char* typeId(Kind kind);

    /// Shows IMAGE (converted to premultiplied RGBA; its size in pixels is the source's size) in
    /// every instance of KIND from their next rendered frame.
    static void setImage(Kind kind, const QImage& image);
    /// Shows nothing (size 0x0) in every instance of KIND from their next rendered frame.
    static void clear(Kind kind);
    /// How many images the instances of KIND have uploaded so far (every instance counts).
    static quint64 uploadedCount(Kind kind);
    /// How many instances of KIND are showing (in a scene that is on the program or a view) now.
    static int showingCount(Kind kind);
};

} // namespace pinstage
