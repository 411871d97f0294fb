// SPDX-License-Identifier: GPL-2.0-or-later
#include "overlay/CardPainter.h"

#include "overlay/CardLayout.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QTextLayout>

#include <cmath>

namespace pinstage {
namespace {

    const QColor kInk(0x16, 0x18, 0x1D);
    const QColor kMuted(0x6B, 0x70, 0x7B);
    const QColor kCardBackground(255, 255, 255, 246);
    const QColor kPlaceholder(0xE9, 0xEB, 0xEF);
    const QColor kLowStock(0xE8, 0x7A, 0x00);

    QFont cardFont(qreal pixelSize, int weight)
    {
        return CardLayout::font(pixelSize, weight);
    }

    // Lays TEXT out in at most MAXLINES lines of WIDTH, eliding the last one; returns the height used.
    qreal drawWrapped(QPainter& p, const QString& text, const QFont& font, QPointF topLeft, qreal width, int maxLines)
    {
        QTextLayout layout(text, font);
        layout.beginLayout();
        const QFontMetricsF metrics(font);
        qreal y = 0;
        int lines = 0;
        while (true) {
            QTextLine line = layout.createLine();
            if (!line.isValid())
                break;
            line.setLineWidth(width);
            ++lines;
            if (lines == maxLines) {
                const QString rest = text.mid(line.textStart());
                const QString elided = metrics.elidedText(rest.simplified(), Qt::ElideRight, width);
                p.setFont(font);
                p.drawText(QPointF(topLeft.x(), topLeft.y() + y + metrics.ascent()), elided);
                y += metrics.lineSpacing();
                break;
            }
            p.setFont(font);
            p.drawText(QPointF(topLeft.x(), topLeft.y() + y + metrics.ascent()),
                text.mid(line.textStart(), line.textLength()).trimmed());
            y += metrics.lineSpacing();
        }
        layout.endLayout();
        return y;
    }

    void drawPhoto(QPainter& p, const QImage& photo, const QRectF& box, qreal radius)
    {
        QPainterPath clip;
        clip.addRoundedRect(box, radius, radius);
        p.save();
        p.setClipPath(clip);
        if (photo.isNull()) {
            // Placeholder: a soft tile with a shopping-bag outline, so a missing photo still looks intended.
            p.fillRect(box, kPlaceholder);
            const qreal s = box.width();
            QRectF bag(box.x() + s * 0.3, box.y() + s * 0.36, s * 0.4, s * 0.36);
            p.setPen(QPen(kMuted, std::max(1.5, s * 0.035)));
            p.setBrush(Qt::NoBrush);
            p.drawRoundedRect(bag, s * 0.04, s * 0.04);
            p.drawArc(
                QRectF(bag.x() + bag.width() * 0.25, bag.y() - s * 0.12, bag.width() * 0.5, s * 0.24), 0, 180 * 16);
        } else {
            const QImage scaled
                = photo.scaled(box.size().toSize(), Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation);
            const QPointF offset((scaled.width() - box.width()) / 2, (scaled.height() - box.height()) / 2);
            p.drawImage(box.topLeft(), scaled, QRectF(offset, box.size()));
        }
        p.restore();
    }

} // namespace

QImage CardPainter::paint(const CardContent& content, QSize canvas)
{
    const QRect cardRect = CardLayout::cardRect(canvas);
    const QRect barRect = CardLayout::accentBarRect(canvas).translated(-cardRect.topLeft());
    QImage image(cardRect.size(), QImage::Format_RGBA8888_Premultiplied);
    image.fill(Qt::transparent);

    const qreal w = cardRect.width();
    const qreal h = cardRect.height();
    const qreal unit = h / 100.0; // every measure below is in hundredths of the card height
    const qreal radius = 6 * unit;
    const qreal pad = 7 * unit;

    QPainter p(&image);
    p.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);

    // Card body, then the accent bar on top with square outer corners: the bar is the card's
    // signature and must stay a solid block of colour (tests look for it in the encoded video).
    p.setPen(Qt::NoPen);
    p.setBrush(kCardBackground);
    p.drawRoundedRect(QRectF(0, 0, w, h), radius, radius);
    p.fillRect(barRect, CardLayout::accentColor());

    const qreal photoSize = h - 2 * pad;
    const QRectF photoBox(barRect.width() + pad, pad, photoSize, photoSize);
    drawPhoto(p, content.photo, photoBox, radius * 0.7);
    if (content.onSale()) {
        // The SALE badge sits on the photo's corner, leaving the text column to the title.
        const QFont badgeFont = cardFont(9 * unit, QFont::Bold);
        const QFontMetricsF fm(badgeFont);
        const QString badge = QStringLiteral("SALE");
        const QRectF pill(photoBox.left() + 3 * unit, photoBox.top() + 3 * unit, fm.horizontalAdvance(badge) + 6 * unit,
            fm.height() + 2 * unit);
        p.setPen(Qt::NoPen);
        p.setBrush(CardLayout::accentColor());
        p.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2);
        p.setPen(Qt::white);
        p.setFont(badgeFont);
        p.drawText(pill, Qt::AlignCenter, badge);
    }

    const qreal textX = photoBox.right() + pad;
    const qreal textWidth = std::max(1.0, w - textX - pad);
    qreal y = pad;

    p.setPen(kInk);
    y += drawWrapped(p, content.title, cardFont(12.5 * unit, QFont::Bold), QPointF(textX, y), textWidth, 2);
    if (!content.subtitle.isEmpty()) {
        p.setPen(kMuted);
        y += drawWrapped(p, content.subtitle, cardFont(9.5 * unit, QFont::Normal), QPointF(textX, y), textWidth, 1);
    }

    // Price row: the price the buyer pays, and the original price struck through when on sale.
    QFont was = cardFont(11 * unit, QFont::Normal);
    was.setStrikeOut(true);
    const qreal wasWidth
        = content.onSale() ? QFontMetricsF(was).horizontalAdvance(content.compareAtPrice) + 3 * unit : 0;
    // The price row must fit the text column: shrink the price (down to 60 %) rather than clip it.
    qreal priceSize = 19 * unit;
    QFont priceFont = cardFont(priceSize, QFont::Black);
    while (priceSize > 11 * unit && QFontMetricsF(priceFont).horizontalAdvance(content.price) + wasWidth > textWidth) {
        priceSize *= 0.92;
        priceFont = cardFont(priceSize, QFont::Black);
    }
    const QFontMetricsF priceMetrics(priceFont);
    const qreal priceBaseline = std::max(y + priceMetrics.ascent() + 1.5 * unit, h - pad - 13 * unit);
    p.setFont(priceFont);
    p.setPen(content.onSale() ? CardLayout::accentColor() : kInk);
    p.drawText(QPointF(textX, priceBaseline), content.price);
    if (content.onSale()) {
        p.setFont(was);
        p.setPen(kMuted);
        p.drawText(QPointF(textX + priceMetrics.horizontalAdvance(content.price) + 3 * unit, priceBaseline),
            content.compareAtPrice);
    }

    // Stock line: sellers want urgency when it is low and honesty when it is gone; a variant the
    // shop keeps selling is never announced gone (CardContent::stockState decides the words).
    const CardContent::StockState stockState = content.stockState();
    if (stockState != CardContent::StockState::Hidden) {
        QColor colour = kMuted;
        if (stockState == CardContent::StockState::SoldOut)
            colour = CardLayout::accentColor();
        else if (stockState == CardContent::StockState::Low)
            colour = kLowStock;
        const bool bold = stockState == CardContent::StockState::SoldOut || stockState == CardContent::StockState::Low;
        const QFont stockFont = cardFont(9.5 * unit, bold ? QFont::Bold : QFont::Normal);
        p.setFont(stockFont);
        p.setPen(colour);
        p.drawText(QPointF(textX, h - pad), content.stockText());
    }
    p.end();

    if (stockState == CardContent::StockState::SoldOut) {
        // Sold out: grey the whole card a little, keep the bar.
        QPainter veil(&image);
        veil.setCompositionMode(QPainter::CompositionMode_SourceAtop);
        veil.fillRect(QRectF(barRect.width(), 0, w - barRect.width(), h), QColor(255, 255, 255, 70));
    }
    return image;
}

} // namespace pinstage
