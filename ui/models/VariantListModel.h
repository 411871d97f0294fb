// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "catalog/Catalog.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>

#include <optional>

namespace pinstage {

/// The catalog as a flat list of variants, for the catalog panel.
///
/// It knows every id at once (Catalog::orderedVariantIds: ~1 MB for 100,000 variants) so the view
/// can size its scroll bar, and fetches the rows themselves lazily, one page at a time, when the
/// view asks for them. Only a bounded number of pages is kept, so memory stays flat however far
/// the producer scrolls. setQuery() swaps the id list for a search result (search as you type).
///
/// Prices are those valid when a row is drawn (Clock::system(): a scheduled sale shows only inside
/// its dates).
///
/// Thread contract: main thread, like the Catalog it reads. The catalog must outlive the model.
class VariantListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        SkuRole = Qt::UserRole + 1,
        ProductTitleRole,
        VariantTitleRole,
        PriceTextRole, ///< "$24.99": what the buyer pays now
        CompareAtTextRole, ///< "$34.99" when on sale (shown struck through), else empty
        OnSaleRole,
        StockRole, ///< int, or an invalid QVariant when stock is not tracked
        StockTextRole, ///< "12 in stock", "Sold out", "Available to order" (back-orders), "" when not tracked
        ImagePathRole,
        BarcodeRole,
        VariantIdRole,
        PinCodeRole, ///< what pins it: the SKU, or HANDLE[/VALUES] without one
    };
    Q_ENUM(Role)

    static constexpr int PageSize = 64;
    static constexpr int MaxPages = 64; ///< ~4,000 rows in memory at most

    explicit VariantListModel(Catalog& catalog, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    /// Rows drag out (to the queue panel) as kPinCodesMime: their pin codes, one a line.
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    Qt::DropActions supportedDragActions() const override;
    static constexpr const char* kPinCodesMime = "application/x-pinstage-pin-codes";

    /// Shows the variants matching QUERY (Catalog::searchIds), best first; empty shows them all.
    void setQuery(const QString& query);
    QString query() const { return m_query; }
    /// Reloads after the catalog changed (an import), keeping the query.
    void reload();

    /// The row at ROW (fetched if needed); nullopt when out of range or deleted meanwhile.
    std::optional<VariantRow> variantAt(int row) const;
    /// The row showing the variant with SKU, or -1 (only looks at the ids, no fetch).
    int rowOfVariantId(qint64 variantId) const;

    /// Search results are capped: a query is for finding, not browsing (the catalog ranks at most
    /// 256 matches anyway; typing another letter narrows them).
    static constexpr int SearchLimit = 256;

private:
    const VariantRow* rowAt(int row) const;
    void resetIds();

    Catalog& m_catalog;
    QString m_query;
    QList<qint64> m_ids;
    // Cached pages, with the order they were used in for eviction. Mutable: data() is const.
    mutable QHash<int, QList<VariantRow>> m_pages;
    mutable QList<int> m_pageUse;
};

} // namespace pinstage
