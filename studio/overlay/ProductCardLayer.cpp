// SPDX-License-Identifier: GPL-2.0-or-later
#include "overlay/ProductCardLayer.h"

#include "overlay/CardLayout.h"
#include "overlay/CardPainter.h"
#include "overlay/SharedImageSource.h"

namespace pinstage {

ProductCardLayer::ProductCardLayer(QSize canvas)
    : m_canvas(canvas)
{
    SharedImageSource::clear(SharedImageSource::Kind::ProductCard);
}

quint64 ProductCardLayer::uploadedCount() const
{
    return SharedImageSource::uploadedCount(SharedImageSource::Kind::ProductCard);
}

void ProductCardLayer::show(const CardContent& content)
{
    // The accent bar stands still while the rest of the card slides out from behind it.
    SharedImageSource::Presentation presentation;
    presentation.fixedLeadWidth = CardLayout::accentBarRect(m_canvas).width();
    SharedImageSource::setImage(
        SharedImageSource::Kind::ProductCard, CardPainter::paint(content, m_canvas), presentation);
    m_current = content;
}

void ProductCardLayer::hide()
{
    SharedImageSource::clear(SharedImageSource::Kind::ProductCard);
    m_current.reset();
    m_countdown.reset();
}

QRect ProductCardLayer::countdownRectFor(QSize canvas, const QString& templateName)
{
    Q_UNUSED(templateName); // CardTemplate::byName(templateName).countdownRect once the templates land
    return CountdownPainter::defaultRect(CardLayout::cardRect(canvas).size());
}

void ProductCardLayer::showCountdown(const CountdownPainter::Face& face)
{
    const QRect rect = countdownRect();
    SharedImageSource::setPatch(
        SharedImageSource::Kind::ProductCard, CountdownPainter::paint(face, rect.size()), rect.topLeft());
    m_countdown = face;
}

void ProductCardLayer::hideCountdown()
{
    SharedImageSource::clearPatch(SharedImageSource::Kind::ProductCard);
    m_countdown.reset();
}

void ProductCardLayer::setCanvas(QSize canvas)
{
    m_canvas = canvas;
    if (m_current)
        show(*m_current);
    if (m_countdown)
        showCountdown(*m_countdown);
}

} // namespace pinstage
