// SPDX-License-Identifier: GPL-2.0-or-later
#include "DemoShow.h"

#include "catalog/Catalog.h"

namespace pinstage::test {

QList<QueueItem> queueOf(const QStringList& codes)
{
    QList<QueueItem> items;
    for (const QString& code : codes) {
        QueueItem item;
        item.code = code;
        items.append(item);
    }
    return items;
}

bool seedDemoShow(const QString& dataDir, const QString& name, const QList<QueueItem>& items,
    const QJsonObject& settings, QStringList* titles, QString* error)
{
    std::unique_ptr<Catalog> catalog = Catalog::open(Catalog::pathInDataDir(dataDir), error);
    if (!catalog || !seedDemoCatalog(*catalog, dataDir, error))
        return false;
    for (const QueueItem& item : items) {
        const auto variant = catalog->variantByPinCode(item.code);
        if (!variant) {
            *error = QStringLiteral("%1: not in the demo catalog").arg(item.code);
            return false;
        }
        if (titles)
            titles->append(variant->variantTitle.isEmpty()
                    ? variant->productTitle
                    : variant->productTitle + QStringLiteral(" – ") + variant->variantTitle);
    }
    ShowBook book(*catalog);
    if (!book.create(name, items, settings)) {
        *error = book.error();
        return false;
    }
    return true;
}

} // namespace pinstage::test
