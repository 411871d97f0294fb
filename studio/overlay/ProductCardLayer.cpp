// SPDX-License-Identifier: GPL-2.0-or-later
#include "overlay/ProductCardLayer.h"

#include "overlay/CardLayout.h"
#include "overlay/CardMemory.h"
#include "overlay/CardPainter.h"
#include "overlay/SharedImageSource.h"

#include <algorithm>

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
    // The accent block stands still while the rest of the card slides out from behind it (when
    // the template puts it on the card's leading edge).
    const CardTemplateLayout cardLayout = layout();
    SharedImageSource::Presentation presentation;
    presentation.fixedLeadWidth = cardLayout.accentBarRect.left() == 0 ? cardLayout.accentBarRect.width() : 0;
    SharedImageSource::setImage(SharedImageSource::Kind::ProductCard,
        CardPainter::paint(content, m_canvas, m_template, m_theme, m_safeArea), presentation);
    m_current = content;
}

bool ProductCardLayer::warmUp() const
{
    return CardMemory::prefault(warmBytes(m_canvas));
}

size_t ProductCardLayer::warmBytes(QSize canvas)
{
    const double share = double(std::max(0, canvas.width())) * std::max(0, canvas.height()) / (1080.0 * 1920.0);
    return std::max(size_t(8) << 20, size_t(share * double(size_t(40) << 20)));
}

void ProductCardLayer::prepare(const CardContent& content) const
{
    CardPainter::paint(content, m_canvas, m_template, m_theme, m_safeArea);
}

void ProductCardLayer::hide()
{
    SharedImageSource::clear(SharedImageSource::Kind::ProductCard);
    m_current.reset();
    m_countdown.reset();
}

QRect ProductCardLayer::countdownRectFor(QSize canvas, const QString& templateName)
{
    return CardTemplate::byName(templateName)
        .value_or(CardTemplate::defaultTemplate())
        .layout(canvas, QRect(), CardTheme())
        .countdownRect;
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

void ProductCardLayer::setStyle(const CardTemplate& cardTemplate, const CardTheme& theme, QRect safeArea)
{
    m_template = cardTemplate;
    m_theme = theme;
    m_safeArea = safeArea;
    if (m_current)
        show(*m_current);
    if (m_countdown)
        showCountdown(*m_countdown);
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
