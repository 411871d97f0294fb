// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "catalog/InventoryPolicy.h"
#include "catalog/SaleSchedule.h"

#include <QList>
#include <QString>

#include <array>
#include <optional>

namespace pinstage {

/// One product as read from a file, before it is matched against the catalog. The parsers of
/// each format produce these; CatalogWriter stores them.
struct ImportedProduct {
    struct Variant {
        int line = 0; ///< for rejections found while writing (a SKU owned by another product)
        QString sku;
        std::array<QString, 3> options;
        qint64 priceCents = 0; ///< the sale price when compareAtCents is higher
        std::optional<qint64> compareAtCents; ///< the regular price while on sale
        SaleSchedule sale; ///< when the sale price applies (WooCommerce's sale dates)
        QString currency;
        std::optional<int> stock;
        InventoryPolicy inventoryPolicy = InventoryPolicy::Deny;
        QString barcode;
        QString imageSource; ///< one of the product's image sources, or empty
    };
    struct Image {
        QString source; ///< http(s) URL or absolute local path
        QString alt;
    };

    int line = 0;
    QString handle;
    QString title;
    QString description; ///< plain text
    QString vendor;
    QString productType;
    QString tags; ///< "a, b, c"
    QString status = QStringLiteral("active");
    std::array<QString, 3> optionNames;
    QList<Variant> variants;
    QList<Image> images;
};

} // namespace pinstage

// Every member is a Qt implicitly shared type, a std::array of them or a plain value, all of which
// may be moved in memory with memcpy: lists of these grow by reallocation instead of element moves
// (a 100k-variant import appends each variant and product once).
Q_DECLARE_TYPEINFO(pinstage::ImportedProduct::Variant, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(pinstage::ImportedProduct::Image, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(pinstage::ImportedProduct, Q_RELOCATABLE_TYPE);
