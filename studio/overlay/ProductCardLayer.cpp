// SPDX-License-Identifier: GPL-2.0-or-later
#include "overlay/ProductCardLayer.h"

#include "overlay/CardPainter.h"

namespace pinstage {

ProductCardLayer::ProductCardLayer(QSize canvas)
    : m_source(QStringLiteral("Product card"))
    , m_canvas(canvas)
{
}

void ProductCardLayer::show(const CardContent& content)
{
    m_source.setImage(CardPainter::paint(content, m_canvas));
    m_current = content;
}

void ProductCardLayer::hide()
{
    m_source.clear();
    m_current.reset();
}

void ProductCardLayer::setCanvas(QSize canvas)
{
    m_canvas = canvas;
    if (m_current)
        show(*m_current);
}

} // namespace pinstage
