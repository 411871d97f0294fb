// SPDX-License-Identifier: GPL-2.0-or-later
#include "models/VariantListModel.h"

#include "util/Clock.h"

#include <QMimeData>

namespace pinstage {

VariantListModel::VariantListModel(Catalog& catalog, QObject* parent)
    : QAbstractListModel(parent)
    , m_catalog(catalog)
{
    resetIds();
}

int VariantListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

QVariant VariantListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const VariantRow* v = rowAt(index.row());
    if (!v)
        return {};
    const QDateTime now = Clock::system().now();
    switch (role) {
    case Qt::DisplayRole:
        return v->variantTitle.isEmpty() ? v->productTitle : v->productTitle + QStringLiteral(" · ") + v->variantTitle;
    case Qt::ToolTipRole:
        return tr("%1\n%2 %3 · %4")
            .arg(v->productTitle, v->sku.isEmpty() ? tr("Pin code") : tr("SKU"), v->pinCode,
                formatMoney(v->priceCentsAt(now), v->currency));
    case Qt::AccessibleTextRole:
        return tr("%1, %2, %3")
            .arg(
                v->productTitle, formatMoney(v->priceCentsAt(now), v->currency), data(index, StockTextRole).toString());
    case SkuRole:
        return v->sku;
    case ProductTitleRole:
        return v->productTitle;
    case VariantTitleRole:
        return v->variantTitle;
    case PriceTextRole:
        return formatMoney(v->priceCentsAt(now), v->currency);
    case CompareAtTextRole: {
        const auto compareAt = v->compareAtCentsAt(now);
        return compareAt ? formatMoney(*compareAt, v->currency) : QString();
    }
    case OnSaleRole:
        return v->onSaleAt(now);
    case StockRole:
        return v->stock ? QVariant(*v->stock) : QVariant();
    case StockTextRole:
        if (!v->stock)
            return QString();
        if (*v->stock <= 0)
            return v->continuesSelling() ? tr("Available to order") : tr("Sold out");
        return tr("%1 in stock").arg(*v->stock);
    case ImagePathRole:
        return v->imagePath;
    case BarcodeRole:
        return v->barcode;
    case VariantIdRole:
        return v->variantId;
    case PinCodeRole:
        return v->pinCode;
    default:
        return {};
    }
}

QHash<int, QByteArray> VariantListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(SkuRole, "sku");
    names.insert(ProductTitleRole, "productTitle");
    names.insert(VariantTitleRole, "variantTitle");
    names.insert(PriceTextRole, "priceText");
    names.insert(CompareAtTextRole, "compareAtText");
    names.insert(OnSaleRole, "onSale");
    names.insert(StockRole, "stock");
    names.insert(StockTextRole, "stockText");
    names.insert(ImagePathRole, "imagePath");
    names.insert(BarcodeRole, "barcode");
    names.insert(VariantIdRole, "variantId");
    names.insert(PinCodeRole, "pinCode");
    return names;
}

void VariantListModel::setQuery(const QString& query)
{
    const QString q = query.trimmed();
    if (q == m_query)
        return;
    m_query = q;
    beginResetModel();
    resetIds();
    endResetModel();
}

void VariantListModel::reload()
{
    beginResetModel();
    resetIds();
    endResetModel();
}

std::optional<VariantRow> VariantListModel::variantAt(int row) const
{
    const VariantRow* v = rowAt(row);
    return v ? std::optional<VariantRow>(*v) : std::nullopt;
}

int VariantListModel::rowOfVariantId(qint64 variantId) const
{
    return int(m_ids.indexOf(variantId));
}

const VariantRow* VariantListModel::rowAt(int row) const
{
    if (row < 0 || row >= m_ids.size())
        return nullptr;
    const int page = row / PageSize;
    auto it = m_pages.find(page);
    if (it == m_pages.end()) {
        const int first = page * PageSize;
        const QList<qint64> ids = m_ids.mid(first, PageSize);
        QList<VariantRow> rows = m_catalog.variantsByIds(ids);
        // variantsByIds leaves out deleted ids; keep rows aligned with ids.
        if (rows.size() != ids.size()) {
            QHash<qint64, VariantRow> byId;
            for (VariantRow& r : rows)
                byId.emplace(r.variantId, std::move(r));
            rows.clear();
            for (qint64 id : ids)
                rows.append(byId.value(id)); // variantId 0 marks a hole
        }
        while (m_pages.size() >= MaxPages && !m_pageUse.isEmpty())
            m_pages.remove(m_pageUse.takeFirst());
        it = m_pages.emplace(page, std::move(rows));
    } else {
        m_pageUse.removeOne(page);
    }
    m_pageUse.append(page);
    const VariantRow& v = it.value().at(row - page * PageSize);
    return v.variantId == 0 ? nullptr : &v;
}

void VariantListModel::resetIds()
{
    m_pages.clear();
    m_pageUse.clear();
    m_ids = m_query.isEmpty() ? m_catalog.orderedVariantIds() : m_catalog.searchIds(m_query, SearchLimit);
}

Qt::ItemFlags VariantListModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags flags = QAbstractListModel::flags(index);
    if (index.isValid())
        flags |= Qt::ItemIsDragEnabled;
    return flags;
}

QStringList VariantListModel::mimeTypes() const
{
    return { QString::fromLatin1(kPinCodesMime) };
}

Qt::DropActions VariantListModel::supportedDragActions() const
{
    return Qt::CopyAction;
}

QMimeData* VariantListModel::mimeData(const QModelIndexList& indexes) const
{
    QStringList codes;
    for (const QModelIndex& index : indexes)
        if (const auto variant = variantAt(index.row()))
            codes.append(variant->pinCode.isEmpty() ? variant->sku : variant->pinCode);
    if (codes.isEmpty())
        return nullptr;
    auto* data = new QMimeData;
    data->setData(QString::fromLatin1(kPinCodesMime), codes.join(QLatin1Char('\n')).toUtf8());
    data->setText(codes.join(QLatin1Char('\n')));
    return data;
}

} // namespace pinstage
