// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QStyledItemDelegate>

namespace pinstage {

class ThumbnailCache;

/// Paints one catalog row as a producer scans it: photo, title, variant, the price (the sale price
/// in the accent colour with the compare-at price struck through), stock (amber when low, red when
/// sold out) and an ON AIR badge on the variant that is pinned. Reads only VariantListModel roles.
///
/// Thread contract: main thread. The thumbnail cache must outlive the delegate.
class VariantDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit VariantDelegate(ThumbnailCache& thumbnails, QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    /// The SKU on air (empty: none), shown with a badge.
    /// The pin code (VariantRow::pinCode: the SKU when there is one) of the variant on air.
    void setPinnedSku(const QString& pinCode) { m_pinnedSku = pinCode; }
    static constexpr int LowStock = 5;

private:
    ThumbnailCache& m_thumbnails;
    QString m_pinnedSku;
};

} // namespace pinstage
