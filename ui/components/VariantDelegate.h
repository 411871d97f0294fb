// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QStyledItemDelegate>

namespace pinstage {

class ThumbnailCache;

/// Paints one catalog row as a producer scans it: photo, title, variant, the price (the sale price
/// in the accent colour with the compare-at price struck through), stock (amber when low, red when
/// sold out) and a badge on the variant that is pinned: "ON AIR" (red) while viewers see its card,
/// "STAGED" (blue) while it waits in the preview (no stream, or the stream is away), as the queue
/// and the catalog's header say it. Reads only VariantListModel roles.
///
/// Thread contract: main thread. The thumbnail cache must outlive the delegate.
class VariantDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit VariantDelegate(ThumbnailCache& thumbnails, QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    /// The pin code (VariantRow::pinCode: the SKU when there is one) of the variant whose card is
    /// up (empty: none), shown with a badge.
    void setPinnedSku(const QString& pinCode) { m_pinnedSku = pinCode; }
    /// Whether viewers see the pinned card (ShowController::CardState::OnAir: "ON AIR") or it is
    /// staged in the preview only ("STAGED"). The caller repaints the view.
    void setPinnedOnAir(bool onAir) { m_pinnedOnAir = onAir; }
    bool isPinnedOnAir() const { return m_pinnedOnAir; }
    /// The badge's word for the pinned variant: "ON AIR" or "STAGED".
    QString pinnedBadge() const;
    static constexpr int LowStock = 5;

private:
    ThumbnailCache& m_thumbnails;
    QString m_pinnedSku;
    bool m_pinnedOnAir = false;
};

} // namespace pinstage
