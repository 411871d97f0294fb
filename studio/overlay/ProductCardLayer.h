// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "overlay/CardContent.h"

#include <QSize>

#include <optional>

namespace pinstage {

/// The product card: paints a card and puts it on air, or takes it off. Every
/// `pinstage_product_card` source (SharedImageSource) in any scene shows this one current card.
///
/// Thread contract: main thread. show() paints on the calling thread (a few ms) and hands the
/// pixels to the graphics thread; the card is in the next rendered frame.
class ProductCardLayer {
public:
    ProductCardLayer(QSize canvas);

    QSize canvas() const { return m_canvas; }

    void show(const CardContent& content);
    void hide();
    bool isShowing() const { return m_current.has_value(); }
    const std::optional<CardContent>& current() const { return m_current; }

    /// How many card images the card sources have taken in, all instances together
    /// (see SharedImageSource::uploadedCount).
    quint64 uploadedCount() const;

    /// Repaints the current card for a new canvas size.
    void setCanvas(QSize canvas);

private:
    QSize m_canvas;
    std::optional<CardContent> m_current;
};

} // namespace pinstage
