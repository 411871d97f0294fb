// SPDX-License-Identifier: GPL-2.0-or-later
#include "components/VariantDelegate.h"

#include "models/VariantListModel.h"
#include "overlay/CardLayout.h"
#include "utility/ThumbnailCache.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace pinstage {
namespace {

    constexpr int Margin = 8;
    constexpr int RowHeight = 64;

    const QColor Accent(0xff, 0x4d, 0x6d); // sale price, ON AIR badge
    const QColor Staged(0x5b, 0x8d, 0xef); // STAGED badge (as the queue's)
    const QColor Muted(0x8b, 0x93, 0xa1);
    const QColor Text(0xe8, 0xea, 0xee);
    const QColor Amber(0xf5, 0xa5, 0x24);
    const QColor SoldOut(0xef, 0x44, 0x44);
    const QColor Good(0x4a, 0xde, 0x80);
    const QColor Selected(0x2a, 0x3a, 0x5c);
    const QColor Hover(0x1f, 0x25, 0x30);
    const QColor Placeholder(0x2a, 0x2f, 0x3a);

} // namespace

VariantDelegate::VariantDelegate(ThumbnailCache& thumbnails, QObject* parent)
    : QStyledItemDelegate(parent)
    , m_thumbnails(thumbnails)
{
}

QString VariantDelegate::pinnedBadge() const
{
    return m_pinnedOnAir ? tr("ON AIR") : tr("STAGED");
}

QSize VariantDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    Q_UNUSED(index);
    return QSize(option.rect.width() > 0 ? option.rect.width() : 320, RowHeight);
}

void VariantDelegate::paint(QPainter* p, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    const QRect r = option.rect;
    const bool selected = option.state & QStyle::State_Selected;
    const bool hover = option.state & QStyle::State_MouseOver;
    const QString code = index.data(VariantListModel::PinCodeRole).toString();
    const bool onAir = !m_pinnedSku.isEmpty() && code == m_pinnedSku;

    if (selected)
        p->fillRect(r, Selected);
    else if (hover)
        p->fillRect(r, Hover);
    const QColor badgeColour = m_pinnedOnAir ? Accent : Staged;
    if (onAir)
        p->fillRect(QRect(r.left(), r.top(), 3, r.height()), badgeColour);
    p->setPen(QColor(0x22, 0x27, 0x30));
    p->drawLine(r.left() + Margin, r.bottom(), r.right() - Margin, r.bottom());

    // Photo
    const int side = r.height() - 2 * Margin;
    const QRect photo(r.left() + Margin + 2, r.top() + Margin, side, side);
    QPainterPath clip;
    clip.addRoundedRect(photo, 6, 6);
    const QPixmap thumb = m_thumbnails.thumbnail(index.data(VariantListModel::ImagePathRole).toString());
    if (!thumb.isNull()) {
        p->save();
        p->setClipPath(clip);
        p->drawPixmap(photo, thumb);
        p->restore();
    } else {
        p->fillPath(clip, Placeholder);
    }

    // Right column: price over stock.
    // The card's own font families: a title with emoji or CJK reads in the list as it will on air.
    QFont base = option.font;
    base.setFamilies(CardLayout::fontFamilies());
    QFont bold = base;
    bold.setBold(true);
    QFont small = base;
    small.setPointSizeF(base.pointSizeF() * 0.9);
    const QFontMetrics fmBold(bold);
    const QFontMetrics fmSmall(small);

    const QString price = index.data(VariantListModel::PriceTextRole).toString();
    const QString compareAt = index.data(VariantListModel::CompareAtTextRole).toString();
    const bool onSale = index.data(VariantListModel::OnSaleRole).toBool();
    const QVariant stockValue = index.data(VariantListModel::StockRole);
    const QString stockText = index.data(VariantListModel::StockTextRole).toString();

    const int line1 = r.top() + Margin + fmBold.ascent() + 2;
    const int line2 = r.bottom() - Margin - fmSmall.descent() - 2;
    int right = r.right() - Margin - 2;

    p->setFont(bold);
    p->setPen(onSale ? Accent : Text);
    const int priceW = fmBold.horizontalAdvance(price);
    p->drawText(right - priceW, line1, price);
    int priceLeft = right - priceW;
    if (!compareAt.isEmpty()) {
        QFont struck = small;
        struck.setStrikeOut(true);
        p->setFont(struck);
        p->setPen(Muted);
        const int w = QFontMetrics(struck).horizontalAdvance(compareAt);
        priceLeft -= w + 6;
        p->drawText(priceLeft, line1, compareAt);
    }

    if (!stockText.isEmpty()) {
        const int stock = stockValue.toInt();
        p->setFont(small);
        p->setPen(stock <= 0 ? SoldOut : stock <= LowStock ? Amber : Good);
        p->drawText(right - fmSmall.horizontalAdvance(stockText), line2, stockText);
    }

    // Middle: title over variant (and SKU), elided to what is left.
    const int textLeft = photo.right() + Margin + 4;
    int titleRight = priceLeft - Margin;
    if (onAir) {
        const QString badge = pinnedBadge();
        QFont badgeFont = small;
        badgeFont.setBold(true);
        const QFontMetrics fm(badgeFont);
        const QRect badgeRect(right - fm.horizontalAdvance(badge) - 10, r.top() + r.height() / 2 - fm.height() / 2 - 1,
            fm.horizontalAdvance(badge) + 10, fm.height() + 2);
        // Sits left of the stock line's end, under the price.
        QRect placed = badgeRect.translated(-(fmSmall.horizontalAdvance(stockText) + (stockText.isEmpty() ? 0 : 8)),
            (line2 - fmSmall.ascent() / 2) - badgeRect.center().y());
        p->setPen(Qt::NoPen);
        p->setBrush(badgeColour);
        p->drawRoundedRect(placed, 4, 4);
        p->setFont(badgeFont);
        p->setPen(Qt::white);
        p->drawText(placed, Qt::AlignCenter, badge);
    }

    p->setFont(bold);
    p->setPen(Text);
    const QString title = index.data(VariantListModel::ProductTitleRole).toString();
    p->drawText(textLeft, line1, fmBold.elidedText(title, Qt::ElideRight, qMax(0, titleRight - textLeft)));

    QString second = index.data(VariantListModel::VariantTitleRole).toString();
    if (!code.isEmpty()) // the SKU, or the pin code of a variant without one
        second = second.isEmpty() ? code : second + QStringLiteral("  ·  ") + code;
    p->setFont(small);
    p->setPen(Muted);
    int secondRight = right - Margin - (stockText.isEmpty() ? 0 : fmSmall.horizontalAdvance(stockText) + Margin);
    if (onAir)
        secondRight -= 60;
    p->drawText(textLeft, line2, fmSmall.elidedText(second, Qt::ElideRight, qMax(0, secondRight - textLeft)));

    if (option.state & QStyle::State_HasFocus && selected) {
        p->setPen(QPen(QColor(0x5b, 0x8d, 0xef), 1));
        p->setBrush(Qt::NoBrush);
        p->drawRect(r.adjusted(0, 0, -1, -1));
    }
    p->restore();
}

} // namespace pinstage
