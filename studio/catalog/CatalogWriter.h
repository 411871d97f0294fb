// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "catalog/ImportReport.h"
#include "catalog/ImportedProduct.h"
#include "catalog/SqliteStatement.h"

struct sqlite3;

namespace pinstage {

/// Stores imported products, matching them against the catalog: a product by its handle, a
/// variant by its SKU (or, without SKU, by its option values). Counts what it added, changed and
/// left alone into the report. Variants of a matched product that the file no longer lists are
/// removed; products the file does not mention are kept (a file may hold part of a shop).
///
/// The caller owns the transaction; the writer only runs statements inside it.
class CatalogWriter {
public:
    CatalogWriter(sqlite3* db, ImportReport& report, QString skuColumn);

    /// False when the statements cannot be prepared (error() says why).
    bool isValid() const;
    /// Writes one product. A variant whose SKU belongs to another product of the catalog is
    /// rejected; a product left without variants is skipped. False on a database error.
    bool write(const ImportedProduct& product);
    QString error() const { return m_error; }

private:
    struct StoredVariant {
        qint64 id = 0;
        ImportedProduct::Variant data;
        int position = 0;
        bool matched = false;
    };
    bool insertProduct(const ImportedProduct& product, qint64* id);
    bool insertVariant(qint64 productId, const ImportedProduct::Variant& variant, int position);
    /// PRODUCTISNEW: inserted by this write, so it has no stored images to compare with.
    bool writeImages(qint64 productId, bool productIsNew, const ImportedProduct& product, bool* changed);
    bool fail(const SqliteStatement& statement);

    sqlite3* m_db;
    ImportReport& m_report;
    QString m_skuColumn;
    QString m_error;
    bool m_catalogHadVariants = true; ///< when false, no SKU can belong to another product yet
    SqliteStatement m_findProduct, m_insertProduct, m_updateProduct, m_skuOwner, m_insertVariant, m_updateVariant,
        m_deleteVariant, m_productVariants, m_productImages, m_insertImage, m_updateImage, m_deleteImage;
};

} // namespace pinstage
