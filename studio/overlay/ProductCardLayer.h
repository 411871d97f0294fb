// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "overlay/CardContent.h"
#include "overlay/CardTemplate.h"
#include "overlay/CardTheme.h"
#include "overlay/CountdownPainter.h"

#include <QRect>
#include <QSize>
#include <QString>

#include <cstddef>
#include <optional>

namespace pinstage {

/// The product card: paints a card and puts it on air, or takes it off. Every
/// `pinstage_product_card` source (SharedImageSource) in any scene shows this one current card.
///
/// Thread contract: one thread at a time (the card stage's worker in the studio). show() paints on the calling thread
/// (a few ms) and hands the pixels to the graphics thread; the card is in the next rendered frame.
class ProductCardLayer {
public:
    ProductCardLayer(QSize canvas);

    QSize canvas() const { return m_canvas; }

    /// Paints CONTENT and puts it on air; the countdown (if any) stays over it.
    void show(const CardContent& content);
    /// Paints CONTENT in the current style without showing it, so that a later show() of the same
    /// content costs a cache lookup (CardPainter's caches).
    void prepare(const CardContent& content) const;
    /// Takes the card (and its countdown) off.
    void hide();
    /// Paints FACE (CountdownPainter) at countdownRect() and hands it over as a patch over the card:
    /// the card itself is neither repainted nor uploaded again.
    void showCountdown(const CountdownPainter::Face& face);
    void hideCountdown();
    /// Where the countdown goes in the card image (card image pixels): the template's
    /// countdownRect for the current canvas, safe area and theme.
    QRect countdownRect() const { return layout().countdownRect; }
    /// The countdown's rect for CANVAS and the template named TEMPLATE_NAME (the default for an
    /// unknown or empty name), on the whole canvas with the default theme. Any thread.
    static QRect countdownRectFor(QSize canvas, const QString& templateName = {});
    bool isShowing() const { return m_current.has_value(); }
    const std::optional<CardContent>& current() const { return m_current; }

    /// Makes the memory the cards of this canvas will be painted into warm (CardMemory::prefault of
    /// warmBytes(canvas())), one step of at most 2 MiB (a few ms) per call, so that the first cards of
    /// a show cost no page faults. Returns true once it is all done (then it costs nothing). The card
    /// stage calls it on its thread, step by step between requests, when it starts.
    bool warmUp() const;
    /// The card memory warmUp() prepares for CANVAS: enough for the finished-card and photo caches at
    /// 1080x1920 (40 MB), in proportion to the canvas's pixels, at least 8 MB.
    static size_t warmBytes(QSize canvas);

    /// How many card images the card sources have taken in, all instances together
    /// (see SharedImageSource::uploadedCount).
    quint64 uploadedCount() const;

    /// Repaints the current card for a new canvas size.
    void setCanvas(QSize canvas);

    /// The card's template, brand theme and safe area (canvas pixels; empty: the whole canvas); repaints
    /// the current card (and its countdown). Default: CardTemplate::defaultTemplate(), CardTheme(), the
    /// whole canvas. The card source must sit at layout().cardRect.topLeft() on the canvas: the caller
    /// moves it when the template, the safe area or the theme's position changes.
    void setStyle(const CardTemplate& cardTemplate, const CardTheme& theme, QRect safeArea);
    const CardTemplate& cardTemplate() const { return m_template; }
    const CardTheme& theme() const { return m_theme; }
    QRect safeArea() const { return m_safeArea; }
    /// Where the card goes and what it reserves (the flash-sale countdown's rect), for the current style.
    CardTemplateLayout layout() const { return m_template.layout(m_canvas, m_safeArea, m_theme); }

private:
    QSize m_canvas;
    std::optional<CardContent> m_current;
    CardTemplate m_template;
    CardTheme m_theme;
    QRect m_safeArea;
    std::optional<CountdownPainter::Face> m_countdown;
};

} // namespace pinstage
