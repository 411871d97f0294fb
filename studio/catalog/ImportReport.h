// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "catalog/CatalogFormat.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace pinstage {

/// What an import did (or, in a dry run, would do). A plain value, safe to pass between threads.
///
/// Counting rules: a product is "updated" when any of its own fields or its image list changed,
/// "unchanged" otherwise; variants are counted on their own. Rejected rows were not written;
/// warnings are rows that were imported with a note (e.g. a barcode a spreadsheet turned into
/// 3.65275E+11).
class ImportReport {
public:
    struct Issue {
        int line = 0; ///< 1-based line in the file where the row starts; 0: not tied to a row
        QString column; ///< the header name of the offending column; empty when the whole row
        QString message;
        /// "line 7, column 'Variant Price': '12,x' is not a price"
        QString text() const;
    };

    QString fileName;
    CatalogFormat format = CatalogFormat::Auto; ///< the detected or forced format
    QString encoding; ///< how the bytes were read: "UTF-8 without a byte-order mark", "UTF-16LE with a byte-order
                      ///< mark", ...
    bool dryRun = false;
    bool strict = false;
    /// The whole file was refused (not a product CSV, missing column, --strict and an error,
    /// unreadable): nothing was written. refusal says why.
    bool refused = false;
    QString refusal;
    /// Stopped on request before committing: nothing was written.
    bool cancelled = false;

    int rowsRead = 0;
    int productsAdded = 0;
    int productsUpdated = 0;
    int productsUnchanged = 0;
    int variantsAdded = 0;
    int variantsUpdated = 0;
    int variantsUnchanged = 0;
    int variantsRemoved = 0; ///< variants of a re-imported product that the file no longer has
    int imagesQueued = 0; ///< new or changed images waiting for the image cache
    /// Variants of the file with neither a SKU nor a barcode: they are pinned by pin code
    /// (Catalog::pinCodeFor), and the summary says how. pinCodeExample is the first one's code.
    int variantsWithoutCode = 0;
    QString pinCodeExample;
    QList<Issue> rejected;
    QList<Issue> warnings;

    /// True when the import was written (or would be, in a dry run), possibly with rejected rows.
    bool succeeded() const { return !refused && !cancelled; }
    int rowsRejected() const { return int(rejected.size()); }

    void reject(int line, const QString& column, const QString& message);
    void warn(int line, const QString& column, const QString& message);
    void refuse(const QString& message);

    /// One paragraph for people: "Imported 12 products (3 added, 2 updated, 7 unchanged) ...".
    QString summary() const;
    QJsonObject toJson() const;
};

} // namespace pinstage
