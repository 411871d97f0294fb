// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog/InventoryPolicy.h"

namespace pinstage {

QString inventoryPolicyId(InventoryPolicy policy)
{
    return policy == InventoryPolicy::Continue ? QStringLiteral("continue") : QStringLiteral("deny");
}

std::optional<InventoryPolicy> inventoryPolicyFromText(const QString& text)
{
    const QString key = text.trimmed().toLower();
    if (key.isEmpty() || key == QLatin1String("deny") || key == QLatin1String("false") || key == QLatin1String("no")
        || key == QLatin1String("0"))
        return InventoryPolicy::Deny;
    if (key == QLatin1String("continue") || key == QLatin1String("true") || key == QLatin1String("yes")
        || key == QLatin1String("1") || key == QLatin1String("notify"))
        return InventoryPolicy::Continue;
    return std::nullopt;
}

} // namespace pinstage
