// SPDX-License-Identifier: GPL-2.0-or-later
#include "models/QueueModel.h"

#include "show/RunOfShow.h"
#include "util/Clock.h"

#include <QMimeData>

namespace pinstage {

QueueModel::QueueModel(RunOfShow& run, Catalog& catalog, QObject* parent)
    : QAbstractListModel(parent)
    , m_run(run)
    , m_catalog(catalog)
{
    connect(&m_run, &RunOfShow::queueChanged, this, &QueueModel::reload);
    connect(&m_run, &RunOfShow::openChanged, this, &QueueModel::reload);
    connect(&m_run, &RunOfShow::cueChanged, this, [this] {
        if (!m_rows.isEmpty())
            emit dataChanged(index(0), index(int(m_rows.size()) - 1), { CueRole });
    });
    reload();
}

void QueueModel::reload()
{
    beginResetModel();
    m_rows.clear();
    if (m_run.isOpen()) {
        for (const QueueItem& item : m_run.queue()) {
            Row row;
            row.item = item;
            row.variant = item.variantId ? m_catalog.variantById(*item.variantId) : std::nullopt;
            if (!row.variant)
                row.variant = m_catalog.variantByPinCode(item.code);
            m_rows.append(row);
        }
    }
    endResetModel();
}

int QueueModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant QueueModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() < 0 || index.row() >= m_rows.size())
        return {};
    const Row& row = m_rows.at(index.row());
    const QueueItem& item = row.item;
    switch (role) {
    case Qt::DisplayRole: {
        QString text = row.variant ? row.variant->productTitle : item.code;
        if (row.variant && !row.variant->variantTitle.isEmpty())
            text += QStringLiteral(" · ") + row.variant->variantTitle;
        return text;
    }
    case Qt::ToolTipRole:
        return item.talkingPoints.isEmpty() ? tr("%1 (no talking points)").arg(item.code)
                                            : tr("%1\nTalking points: %2").arg(item.code, item.talkingPoints);
    case Qt::AccessibleTextRole: {
        const QVariant cue = data(index, CueRole);
        const Cue c = Cue(cue.toInt());
        const QString prefix = c == Cue::OnAir ? tr("On air: ") : c == Cue::NextUp ? tr("Next up: ") : QString();
        return prefix + data(index, Qt::DisplayRole).toString();
    }
    case ItemIdRole:
        return item.id;
    case PositionRole:
        return index.row() + 1;
    case CodeRole:
        return item.code;
    case TitleRole:
        return row.variant ? row.variant->productTitle : item.code;
    case VariantTitleRole:
        return row.variant ? row.variant->variantTitle : QString();
    case PriceTextRole:
        return row.variant ? formatMoney(row.variant->priceCentsAt(Clock::system().now()), row.variant->currency)
                           : QString();
    case ImagePathRole:
        return row.variant ? row.variant->imagePath : QString();
    case TemplateRole:
        return item.templateName;
    case SaleSecondsRole:
        return item.saleSeconds ? QVariant(*item.saleSeconds) : QVariant();
    case StockRole:
        return item.stock ? QVariant(*item.stock) : QVariant();
    case TalkingPointsRole:
        return item.talkingPoints;
    case CueRole: {
        if (m_run.onAirItem() == item.id)
            return int(Cue::OnAir);
        if (m_run.nextUpItem() == item.id)
            return int(Cue::NextUp);
        return int(Cue::None);
    }
    case MissingRole:
        return !row.variant.has_value();
    default:
        return {};
    }
}

QHash<int, QByteArray> QueueModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(ItemIdRole, "itemId");
    names.insert(PositionRole, "position");
    names.insert(CodeRole, "code");
    names.insert(TitleRole, "title");
    names.insert(VariantTitleRole, "variantTitle");
    names.insert(PriceTextRole, "priceText");
    names.insert(ImagePathRole, "imagePath");
    names.insert(TemplateRole, "template");
    names.insert(SaleSecondsRole, "saleSeconds");
    names.insert(StockRole, "stock");
    names.insert(TalkingPointsRole, "talkingPoints");
    names.insert(CueRole, "cue");
    names.insert(MissingRole, "missing");
    return names;
}

Qt::ItemFlags QueueModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled; // drops between rows and below the last
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled;
}

Qt::DropActions QueueModel::supportedDropActions() const
{
    return Qt::MoveAction | Qt::CopyAction;
}

Qt::DropActions QueueModel::supportedDragActions() const
{
    return Qt::MoveAction;
}

QStringList QueueModel::mimeTypes() const
{
    return { QString::fromLatin1(kQueueMime), QString::fromLatin1(kPinCodesMime) };
}

QMimeData* QueueModel::mimeData(const QModelIndexList& indexes) const
{
    QStringList positions;
    QStringList codes;
    for (const QModelIndex& index : indexes) {
        if (!index.isValid() || index.row() >= m_rows.size())
            continue;
        positions.append(QString::number(index.row() + 1));
        codes.append(m_rows.at(index.row()).item.code);
    }
    if (positions.isEmpty())
        return nullptr;
    auto* data = new QMimeData;
    data->setData(QString::fromLatin1(kQueueMime), positions.join(QLatin1Char(',')).toUtf8());
    data->setText(codes.join(QLatin1Char('\n')));
    return data;
}

bool QueueModel::canDropMimeData(
    const QMimeData* data, Qt::DropAction action, int, int, const QModelIndex& parent) const
{
    if (!data || !m_run.isOpen() || (action != Qt::MoveAction && action != Qt::CopyAction))
        return false;
    Q_UNUSED(parent);
    return data->hasFormat(QString::fromLatin1(kQueueMime)) || data->hasFormat(QString::fromLatin1(kPinCodesMime));
}

bool QueueModel::dropMimeData(
    const QMimeData* data, Qt::DropAction action, int row, int column, const QModelIndex& parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    // Where it lands, as a 0-based insertion row: between rows (ROW), on a row (after it), or at
    // the end (an empty place below the last row).
    int insertRow = row;
    if (insertRow < 0)
        insertRow = parent.isValid() ? parent.row() + 1 : int(m_rows.size());
    insertRow = std::clamp(insertRow, 0, int(m_rows.size()));

    QString error;
    if (data->hasFormat(QString::fromLatin1(kQueueMime))) {
        const QStringList parts = QString::fromUtf8(data->data(QString::fromLatin1(kQueueMime)))
                                      .split(QLatin1Char(','), Qt::SkipEmptyParts);
        if (parts.size() != 1)
            return false; // one card at a time (the view selects one)
        bool ok = false;
        const int from = parts.first().toInt(&ok);
        if (!ok || from < 1 || from > m_rows.size())
            return false;
        // Dropping below itself: the card leaves its place first, so the target is one higher.
        int to = insertRow + 1;
        if (to > from)
            --to;
        if (to == from)
            return false;
        if (!m_run.move(from, to, &error)) {
            emit dropFailed(error);
            return false;
        }
        return true;
    }
    const QStringList codes = QString::fromUtf8(data->data(QString::fromLatin1(kPinCodesMime)))
                                  .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    int position = insertRow + 1;
    bool added = false;
    for (const QString& code : codes) {
        QueueItem item;
        item.code = code.trimmed();
        if (item.code.isEmpty())
            continue;
        // At the end: position 0 appends (RunOfShow::add).
        if (!m_run.add(item, position > m_run.queue().size() ? 0 : position, &error)) {
            emit dropFailed(error);
            break;
        }
        added = true;
        ++position;
    }
    return added;
}

int QueueModel::rowOfItem(qint64 itemId) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).item.id == itemId)
            return i;
    return -1;
}

std::optional<QueueItem> QueueModel::itemAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return std::nullopt;
    return m_rows.at(row).item;
}

} // namespace pinstage
