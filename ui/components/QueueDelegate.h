// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QStyledItemDelegate>

namespace pinstage {

/// Paints a row of the queue panel: its position, an "ON AIR" (red) or "NEXT UP" (amber) badge
/// with the word in it (never colour alone), the product and price, and a second line with the
/// flash sale, template, stock and the start of the talking points.
///
/// Thread contract: main thread.
class QueueDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit QueueDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    /// Whether the card the queue has on air is seen by viewers (true: "ON AIR" in red) or only
    /// staged in the preview while no stream or rehearsal runs (false: "STAGED" in blue), as the
    /// queue bar and the catalog say it. GUI thread; the caller repaints the view.
    void setOnAirLive(bool live) { m_live = live; }
    bool isOnAirLive() const { return m_live; }
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    bool m_live = true;
};

} // namespace pinstage
