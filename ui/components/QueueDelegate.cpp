// SPDX-License-Identifier: GPL-2.0-or-later
#include "components/QueueDelegate.h"

#include "models/QueueModel.h"

#include <QPainter>
#include <QPainterPath>

namespace pinstage {
namespace {
    const QColor OnAir(0xff, 0x3b, 0x5c);
    const QColor NextUp(0xf5, 0xa5, 0x24);
    const QColor Text(0xe8, 0xea, 0xee);
    const QColor Muted(0x8b, 0x93, 0xa1);
    const QColor Selected(0x2a, 0x3a, 0x5c);
    const QColor Hover(0x1f, 0x25, 0x30);
    const QColor Missing(0xef, 0x44, 0x44);

    QString saleText(int seconds)
    {
        return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    }
} // namespace

QueueDelegate::QueueDelegate(QObject* parent)
    : QStyledItemDelegate(parent)
{
}

QSize QueueDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const
{
    const QFontMetrics fm(option.font);
    return { 300, fm.height() * 2 + 22 };
}

void QueueDelegate::paint(QPainter* p, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    const QRect r = option.rect.adjusted(2, 2, -2, -2);
    const auto cue = QueueModel::Cue(index.data(QueueModel::CueRole).toInt());
    const bool selected = option.state.testFlag(QStyle::State_Selected);
    const QColor staged(0x5b, 0x8d, 0xef);
    const QColor cueColour = cue == QueueModel::Cue::OnAir ? (m_live ? OnAir : staged) : NextUp;

    // Background: selection, hover, or a tint of the cue colour.
    QColor background = selected                         ? Selected
        : option.state.testFlag(QStyle::State_MouseOver) ? Hover
                                                         : QColor(0, 0, 0, 0);
    if (!selected && cue != QueueModel::Cue::None) {
        background = cueColour;
        background.setAlpha(cue == QueueModel::Cue::OnAir ? 46 : 30);
    }
    QPainterPath box;
    box.addRoundedRect(r, 6, 6);
    p->fillPath(box, background);
    if (cue != QueueModel::Cue::None) {
        p->setPen(QPen(cueColour, 1.5));
        p->drawPath(box);
        p->fillRect(QRect(r.left(), r.top() + 4, 4, r.height() - 8), cueColour);
    }
    if (option.state.testFlag(QStyle::State_HasFocus)) {
        p->setPen(QPen(QColor(0x5b, 0x8d, 0xef), 1));
        p->drawRoundedRect(QRectF(r).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
    }

    QFont base = option.font;
    const QFontMetrics fm(base);
    const int line1 = r.top() + 8;
    const int line2 = line1 + fm.height() + 4;
    int x = r.left() + 12;

    // Position.
    QFont bold = base;
    bold.setBold(true);
    p->setFont(bold);
    p->setPen(Muted);
    const QString position = QString::number(index.data(QueueModel::PositionRole).toInt());
    const QRect posRect(x, line1, QFontMetrics(bold).horizontalAdvance(QStringLiteral("88")), fm.height());
    p->drawText(posRect, Qt::AlignRight | Qt::AlignVCenter, position);
    x = posRect.right() + 10;

    // Cue badge with its word.
    if (cue != QueueModel::Cue::None) {
        QFont badgeFont = bold;
        badgeFont.setPointSizeF(base.pointSizeF() * 0.8);
        const QString word = cue == QueueModel::Cue::OnAir ? (m_live ? tr("ON AIR") : tr("STAGED")) : tr("NEXT UP");
        const QFontMetrics bfm(badgeFont);
        const QRect badge(x, line1, bfm.horizontalAdvance(word) + 12, fm.height());
        QPainterPath pill;
        pill.addRoundedRect(badge, 4, 4);
        p->fillPath(pill, cueColour);
        p->setFont(badgeFont);
        p->setPen(cue == QueueModel::Cue::OnAir ? QColor(Qt::white) : QColor(0x1a, 0x12, 0x00));
        p->drawText(badge, Qt::AlignCenter, word);
        x = badge.right() + 8;
    }

    // Price on the right, the product's title in the rest.
    const QString price = index.data(QueueModel::PriceTextRole).toString();
    p->setFont(bold);
    const int priceWidth = QFontMetrics(bold).horizontalAdvance(price);
    const QRect priceRect(r.right() - 10 - priceWidth, line1, priceWidth, fm.height());
    p->setPen(Text);
    p->drawText(priceRect, Qt::AlignRight | Qt::AlignVCenter, price);
    const bool missing = index.data(QueueModel::MissingRole).toBool();
    const QRect titleRect(x, line1, priceRect.left() - 10 - x, fm.height());
    p->setPen(missing ? Missing : Text);
    const QString title = index.data(Qt::DisplayRole).toString();
    p->drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetrics(bold).elidedText(
            missing ? tr("%1 (not in the catalog)").arg(title) : title, Qt::ElideRight, titleRect.width()));

    // Second line: sale, template, stock, talking points.
    QStringList details;
    const QVariant sale = index.data(QueueModel::SaleSecondsRole);
    if (sale.isValid())
        details.append(tr("Sale %1").arg(saleText(sale.toInt())));
    const QString templateName = index.data(QueueModel::TemplateRole).toString();
    if (!templateName.isEmpty())
        details.append(tr("Template %1").arg(templateName));
    const QVariant stock = index.data(QueueModel::StockRole);
    if (stock.isValid())
        details.append(tr("Stock %1").arg(stock.toInt()));
    const QString points = index.data(QueueModel::TalkingPointsRole).toString().simplified();
    details.append(points.isEmpty() ? tr("no talking points") : QStringLiteral("“%1”").arg(points));
    p->setFont(base);
    p->setPen(Muted);
    const int detailsLeft = posRect.right() + 10;
    const QRect detailsRect(detailsLeft, line2, r.right() - 10 - detailsLeft, fm.height());
    p->drawText(detailsRect, Qt::AlignLeft | Qt::AlignVCenter,
        fm.elidedText(details.join(QStringLiteral(" · ")), Qt::ElideRight, detailsRect.width()));
    p->restore();
}

} // namespace pinstage
