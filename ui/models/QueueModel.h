// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "catalog/Catalog.h"
#include "show/ShowBook.h"

#include <QAbstractListModel>
#include <QList>

#include <optional>

namespace pinstage {

class RunOfShow;

/// The open show's queue (RunOfShow::queue()) as a list for the queue panel: one row per card,
/// in queue order, with what the catalog knows of its product and whether it is On air or Next up.
///
/// Drag and drop: rows drag out as kQueueMime (their 1-based positions); a drop of kQueueMime
/// moves the card (RunOfShow::move), a drop of kPinCodesMime (dragged from the catalog, one pin
/// code a line) adds the cards at the drop place (RunOfShow::add). Rows are never removed by the
/// view (removeRows() refuses): every change goes through RunOfShow, and the model follows its
/// signals (a reset per change: a show has tens of cards, not thousands).
///
/// Thread contract: main thread. RUN and CATALOG must outlive the model.
class QueueModel : public QAbstractListModel {
    Q_OBJECT
public:
    /// MIME type of rows dragged inside the queue: the 1-based positions, as text, comma-separated.
    static constexpr const char* kQueueMime = "application/x-pinstage-queue-positions";
    /// MIME type of products dragged from the catalog: pin codes, UTF-8, one a line.
    static constexpr const char* kPinCodesMime = "application/x-pinstage-pin-codes";

    enum class Cue { None, OnAir, NextUp };
    Q_ENUM(Cue)

    enum Role {
        ItemIdRole = Qt::UserRole + 1, ///< qint64 queue item id
        PositionRole, ///< int, 1-based
        CodeRole, ///< the code as entered
        TitleRole, ///< product title (or the code when the catalog no longer has it)
        VariantTitleRole,
        PriceTextRole, ///< what the buyer pays now, formatted
        ImagePathRole,
        TemplateRole, ///< the card template; empty: the show's
        SaleSecondsRole, ///< int, or invalid when the card has no flash sale
        StockRole, ///< int, or invalid: the catalog's
        TalkingPointsRole,
        CueRole, ///< Cue (as int)
        MissingRole, ///< bool: the code is no longer in the catalog
    };
    Q_ENUM(Role)

    QueueModel(RunOfShow& run, Catalog& catalog, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    Qt::DropActions supportedDropActions() const override;
    Qt::DropActions supportedDragActions() const override;
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    bool canDropMimeData(
        const QMimeData* data, Qt::DropAction action, int row, int column, const QModelIndex& parent) const override;
    bool dropMimeData(
        const QMimeData* data, Qt::DropAction action, int row, int column, const QModelIndex& parent) override;

    /// The row of queue item ITEMID, -1 when it is not in the queue.
    int rowOfItem(qint64 itemId) const;
    /// The queue item at ROW.
    std::optional<QueueItem> itemAt(int row) const;
    /// Re-reads the queue and the products (after a catalog import).
    void reload();

signals:
    /// A drop was refused by the run of show (ERROR names the position or the code).
    void dropFailed(const QString& error);

private:
    struct Row {
        QueueItem item;
        std::optional<VariantRow> variant;
    };

    RunOfShow& m_run;
    Catalog& m_catalog;
    QList<Row> m_rows;
};

} // namespace pinstage
