// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog/ImportReport.h"

#include "util/Plural.h"

#include <QJsonArray>

namespace pinstage {

QString ImportReport::Issue::text() const
{
    QString where;
    if (line > 0)
        where = QStringLiteral("line %1").arg(line);
    if (!column.isEmpty())
        where += (where.isEmpty() ? QString() : QStringLiteral(", ")) + QStringLiteral("column '%1'").arg(column);
    return where.isEmpty() ? message : where + QStringLiteral(": ") + message;
}

void ImportReport::reject(int line, const QString& column, const QString& message)
{
    rejected.append({ line, column, message });
}

void ImportReport::warn(int line, const QString& column, const QString& message)
{
    warnings.append({ line, column, message });
}

void ImportReport::refuse(const QString& message)
{
    refused = true;
    refusal = message;
}

QString ImportReport::summary() const
{
    if (refused)
        return QStringLiteral("%1: refused, nothing was imported: %2").arg(fileName, refusal);
    if (cancelled)
        return QStringLiteral("%1: import cancelled, the catalog was not changed").arg(fileName);
    QString text = QStringLiteral(
        "%1 (%2)%3: products %4 added, %5 updated, %6 unchanged; variants %7 added, %8 updated, %9 unchanged")
                       .arg(fileName, catalogFormatName(format),
                           dryRun ? QStringLiteral(" [dry run, nothing written]") : QString())
                       .arg(productsAdded)
                       .arg(productsUpdated)
                       .arg(productsUnchanged)
                       .arg(variantsAdded)
                       .arg(variantsUpdated)
                       .arg(variantsUnchanged);
    if (variantsRemoved)
        text += QStringLiteral(", %1 removed").arg(variantsRemoved);
    text += rowsRejected() == 1 ? QStringLiteral("; 1 row rejected")
                                : QStringLiteral("; %1 rows rejected").arg(rowsRejected());
    if (!warnings.isEmpty())
        text += QStringLiteral(", ") + countOf(warnings.size(), QStringLiteral("warning"), QStringLiteral("warnings"));
    text += QLatin1Char('.');
    if (variantsWithoutCode > 0)
        text += QStringLiteral(
            " %1 %2 neither a SKU nor a barcode: pin %3 by pin code, the product's handle for its only variant or "
            "HANDLE/OPTION VALUES for one of several (e.g. --pin '%4@10'); `pinstage catalog search` shows every "
            "variant's code.")
                    .arg(variantsWithoutCode)
                    .arg(variantsWithoutCode == 1 ? QStringLiteral("variant has") : QStringLiteral("variants have"),
                        variantsWithoutCode == 1 ? QStringLiteral("it") : QStringLiteral("them"), pinCodeExample);
    return text;
}

QJsonObject ImportReport::toJson() const
{
    auto issues = [](const QList<Issue>& list) {
        QJsonArray array;
        for (const Issue& issue : list)
            array.append(
                QJsonObject { { "line", issue.line }, { "column", issue.column }, { "message", issue.message } });
        return array;
    };
    QJsonObject json {
        { "file", fileName },
        { "format", catalogFormatId(format) },
        { "encoding", encoding },
        { "dryRun", dryRun },
        { "strict", strict },
        { "refused", refused },
        { "cancelled", cancelled },
        { "rowsRead", rowsRead },
        { "rowsRejected", rowsRejected() },
        { "products",
            QJsonObject {
                { "added", productsAdded }, { "updated", productsUpdated }, { "unchanged", productsUnchanged } } },
        { "variants",
            QJsonObject { { "added", variantsAdded }, { "updated", variantsUpdated },
                { "unchanged", variantsUnchanged }, { "removed", variantsRemoved } } },
        { "imagesQueued", imagesQueued },
        { "variantsWithoutCode", variantsWithoutCode },
        { "rejected", issues(rejected) },
        { "warnings", issues(warnings) },
    };
    if (refused)
        json.insert("refusal", refusal);
    return json;
}

} // namespace pinstage
