// SPDX-License-Identifier: GPL-2.0-or-later
#include "overlay/ProductCardLayer.h"

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
    SharedImageSource::setImage(
        SharedImageSource::Kind::ProductCard, CardPainter::paint(content, m_canvas, m_template, m_theme, m_safeArea));
    m_current = content;
}

void ProductCardLayer::hide()
{
    SharedImageSource::clear(SharedImageSource::Kind::ProductCard);
    m_current.reset();
}

void ProductCardLayer::setStyle(const CardTemplate& cardTemplate, const CardTheme& theme, QRect safeArea)
{
    m_template = cardTemplate;
    m_theme = theme;
    m_safeArea = safeArea;
    if (m_current)
        show(*m_current);
}

void ProductCardLayer::setCanvas(QSize canvas)
{
    m_canvas = canvas;
    if (m_current)
        show(*m_current);
}

} // namespace pinstage
