// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "overlay/CardContent.h"
#include "overlay/CountdownPainter.h"

#include <QRect>
#include <QSize>
#include <QString>

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
    /// Takes the card (and its countdown) off.
    void hide();
    /// Paints FACE (CountdownPainter) at countdownRect() and hands it over as a patch over the card:
    /// the card itself is neither repainted nor uploaded again.
    void showCountdown(const CountdownPainter::Face& face);
    void hideCountdown();
    /// Where the countdown goes in the card image (card image pixels, for the current canvas).
    QRect countdownRect() const { return countdownRectFor(m_canvas, m_templateName); }
    /// The same for CANVAS and TEMPLATE_NAME: the one place that asks the card template for its
    /// countdownRect (until templates report one: CountdownPainter::defaultRect). Any thread.
    static QRect countdownRectFor(QSize canvas, const QString& templateName = {});
    /// The card template's name (`--card-template`); kept and passed on to the painter once the
    /// templates exist. Empty: the default.
    void setTemplateName(const QString& name) { m_templateName = name; }
    QString templateName() const { return m_templateName; }
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
    std::optional<CountdownPainter::Face> m_countdown;
    QString m_templateName;
};

} // namespace pinstage
