// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "catalog/CatalogFormat.h"

#include <QHash>
#include <QString>

#include <functional>

namespace pinstage {

/// How to read one product CSV.
struct ImportOptions {
    CatalogFormat format = CatalogFormat::Auto;
    /// Generic format: header name (case-insensitive) -> field. Fields: handle, title, description,
    /// vendor, type, tags, status, sku, barcode, price, sale_price, compare_at_price, currency,
    /// stock, image, option1..option3 (value; the column header becomes the option name).
    /// A mapping given with format Auto selects Generic.
    QHash<QString, QString> columnMap;
    /// Refuse the whole file at the first rejected row.
    bool strict = false;
    /// Compute the report without writing (a preview for the import dialog).
    bool dryRun = false;
    /// Currency of prices in files that do not say (Shopify and WooCommerce exports do not).
    QString currency = QStringLiteral("USD");
    /// Folder that relative image paths are resolved against; empty: the CSV file's folder.
    QString baseDir;
    /// Called now and then with the fraction done (0..1); return false to cancel. Called on the
    /// importing thread.
    std::function<bool(double)> progress;
};

} // namespace pinstage
