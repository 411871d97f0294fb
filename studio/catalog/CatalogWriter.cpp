// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog/CatalogWriter.h"

#include "catalog/Catalog.h"

#include <QVarLengthArray>

#include <sqlite3.h>

namespace pinstage {

CatalogWriter::CatalogWriter(sqlite3* db, ImportReport& report, QString skuColumn)
    : m_db(db)
    , m_report(report)
    , m_skuColumn(std::move(skuColumn))
    , m_findProduct(db,
          "SELECT id, title, description, vendor, product_type, tags, status, option1_name, option2_name, option3_name"
          " FROM products WHERE handle = ?")
    , m_insertProduct(db,
          "INSERT INTO products (handle, title, description, vendor, product_type, tags, status,"
          " option1_name, option2_name, option3_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    , m_updateProduct(db,
          "UPDATE products SET title = ?2, description = ?3, vendor = ?4, product_type = ?5, tags = ?6,"
          " status = ?7, option1_name = ?8, option2_name = ?9, option3_name = ?10 WHERE id = ?1")
    , m_skuOwner(db,
          "SELECT p.handle FROM variants v JOIN products p ON p.id = v.product_id WHERE v.sku = ? AND p.handle <> ? "
          "LIMIT 1")
    , m_insertVariant(db,
          "INSERT INTO variants (product_id, position, sku, option1, option2, option3, price_cents, compare_at_cents,"
          " currency, stock, barcode, image_source, sale_starts, sale_ends, inventory_policy)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    , m_updateVariant(db,
          "UPDATE variants SET position = ?2, sku = ?3, option1 = ?4, option2 = ?5, option3 = ?6, price_cents = ?7,"
          " compare_at_cents = ?8, currency = ?9, stock = ?10, barcode = ?11, image_source = ?12, sale_starts = ?13,"
          " sale_ends = ?14, inventory_policy = ?15 WHERE id = ?1")
    , m_deleteVariant(db, "DELETE FROM variants WHERE id = ?")
    , m_productVariants(db,
          "SELECT id, position, COALESCE(sku, ''), option1, option2, option3, price_cents, compare_at_cents, currency,"
          " stock, barcode, image_source, sale_starts, sale_ends, inventory_policy FROM variants WHERE product_id = ?"
          " ORDER BY position, id")
    , m_productImages(db, "SELECT id, source, alt_text FROM images WHERE product_id = ? ORDER BY position, id")
    , m_insertImage(db, "INSERT INTO images (product_id, position, source, alt_text) VALUES (?, ?, ?, ?)")
    , m_updateImage(db, "UPDATE images SET position = ?2, alt_text = ?3 WHERE id = ?1")
    , m_deleteImage(db, "DELETE FROM images WHERE id = ?")
{
    for (const SqliteStatement* s :
        { &m_findProduct, &m_insertProduct, &m_updateProduct, &m_skuOwner, &m_insertVariant, &m_updateVariant,
            &m_deleteVariant, &m_productVariants, &m_productImages, &m_insertImage, &m_updateImage, &m_deleteImage }) {
        if (!s->isValid() && m_error.isEmpty())
            m_error = s->error();
    }
    SqliteStatement anyVariant(db, "SELECT EXISTS (SELECT 1 FROM variants)");
    if (anyVariant.step())
        m_catalogHadVariants = anyVariant.integer(0) != 0;
    else if (m_error.isEmpty())
        m_error = anyVariant.isValid() ? QStringLiteral("cannot read the catalog") : anyVariant.error();
}

bool CatalogWriter::isValid() const
{
    return m_error.isEmpty();
}

bool CatalogWriter::fail(const SqliteStatement& statement)
{
    m_error = statement.error();
    return false;
}

namespace {

    bool sameVariant(const ImportedProduct::Variant& a, const ImportedProduct::Variant& b)
    {
        return a.sku == b.sku && a.options == b.options && a.priceCents == b.priceCents
            && a.compareAtCents == b.compareAtCents && a.currency == b.currency && a.stock == b.stock
            && a.barcode == b.barcode && a.imageSource == b.imageSource && a.sale == b.sale
            && a.inventoryPolicy == b.inventoryPolicy;
    }

    void bindVariant(SqliteStatement& s, int first, const ImportedProduct::Variant& v)
    {
        s.bind(first, v.sku);
        s.bind(first + 1, v.options[0]);
        s.bind(first + 2, v.options[1]);
        s.bind(first + 3, v.options[2]);
        s.bind(first + 4, v.priceCents);
        s.bind(first + 5, v.compareAtCents);
        s.bind(first + 6, v.currency);
        s.bind(first + 7, v.stock);
        s.bind(first + 8, v.barcode);
        s.bind(first + 9, v.imageSource);
        s.bind(first + 10, v.sale.starts());
        s.bind(first + 11, v.sale.ends());
        s.bind(first + 12, inventoryPolicyId(v.inventoryPolicy));
    }

    void bindProductFields(SqliteStatement& s, const ImportedProduct& p)
    {
        s.bind(2, p.title);
        s.bind(3, p.description);
        s.bind(4, p.vendor);
        s.bind(5, p.productType);
        s.bind(6, p.tags);
        s.bind(7, p.status);
        s.bind(8, p.optionNames[0]);
        s.bind(9, p.optionNames[1]);
        s.bind(10, p.optionNames[2]);
    }

} // namespace

bool CatalogWriter::insertVariant(qint64 productId, const ImportedProduct::Variant& variant, int position)
{
    m_insertVariant.reset();
    m_insertVariant.bind(1, productId);
    m_insertVariant.bind(2, position);
    bindVariant(m_insertVariant, 3, variant);
    return m_insertVariant.exec() || fail(m_insertVariant);
}

bool CatalogWriter::insertProduct(const ImportedProduct& product, qint64* id)
{
    m_insertProduct.reset();
    m_insertProduct.bind(1, product.handle);
    bindProductFields(m_insertProduct, product);
    if (!m_insertProduct.exec())
        return fail(m_insertProduct);
    *id = sqlite3_last_insert_rowid(m_db);
    return true;
}

bool CatalogWriter::writeImages(qint64 productId, bool productIsNew, const ImportedProduct& product, bool* changed)
{
    struct Stored {
        qint64 id;
        QString source;
        QString alt;
    };
    QList<Stored> stored;
    if (!productIsNew) {
        m_productImages.reset();
        m_productImages.bind(1, productId);
        while (m_productImages.step())
            stored.append({ m_productImages.int64(0), m_productImages.text(1), m_productImages.text(2) });
        if (m_productImages.failed())
            return fail(m_productImages);
    }

    bool same = stored.size() == product.images.size();
    for (int i = 0; same && i < stored.size(); ++i)
        same = stored.at(i).source == product.images.at(i).source && stored.at(i).alt == product.images.at(i).alt;
    if (same)
        return true;
    *changed = true;
    for (const Stored& s : stored) {
        const bool kept = std::any_of(
            product.images.cbegin(), product.images.cend(), [&](const auto& i) { return i.source == s.source; });
        if (!kept) {
            m_deleteImage.reset();
            m_deleteImage.bind(1, s.id);
            if (!m_deleteImage.exec())
                return fail(m_deleteImage);
        }
    }
    for (int position = 0; position < product.images.size(); ++position) {
        const ImportedProduct::Image& image = product.images.at(position);
        const auto existing
            = std::find_if(stored.cbegin(), stored.cend(), [&](const Stored& s) { return s.source == image.source; });
        if (existing != stored.cend()) {
            m_updateImage.reset();
            m_updateImage.bind(1, existing->id);
            m_updateImage.bind(2, position + 1);
            m_updateImage.bind(3, image.alt);
            if (!m_updateImage.exec())
                return fail(m_updateImage);
        } else {
            m_insertImage.reset();
            m_insertImage.bind(1, productId);
            m_insertImage.bind(2, position + 1);
            m_insertImage.bind(3, image.source);
            m_insertImage.bind(4, image.alt);
            if (!m_insertImage.exec())
                return fail(m_insertImage);
            ++m_report.imagesQueued;
        }
    }
    return true;
}

bool CatalogWriter::write(const ImportedProduct& incoming)
{
    // A SKU may move between variants of one product, never silently from another product. A
    // catalog that was empty when the import began has no other owner: the parsers already refuse
    // a SKU that a file names twice (ProductCsvParser::claimSku).
    QVarLengthArray<const ImportedProduct::Variant*, 8> variants;
    for (const ImportedProduct::Variant& variant : incoming.variants) {
        if (!variant.sku.isEmpty() && m_catalogHadVariants) {
            m_skuOwner.reset();
            m_skuOwner.bind(1, variant.sku);
            m_skuOwner.bind(2, incoming.handle);
            if (m_skuOwner.step()) {
                m_report.reject(variant.line, m_skuColumn,
                    QStringLiteral("SKU '%1' already belongs to product '%2' in the catalog")
                        .arg(variant.sku, m_skuOwner.text(0)));
                continue;
            }
            if (m_skuOwner.failed())
                return fail(m_skuOwner);
        }
        variants.append(&variant);
    }
    if (variants.isEmpty())
        return true;
    for (const ImportedProduct::Variant* variant : std::as_const(variants)) {
        if (!variant->sku.isEmpty() || !variant->barcode.isEmpty())
            continue;
        if (m_report.variantsWithoutCode++ == 0) {
            QStringList values;
            for (const QString& value : variant->options) {
                if (!value.isEmpty() && value != QLatin1String("Default Title"))
                    values.append(value);
            }
            m_report.pinCodeExample = Catalog::pinCodeFor(QString(), incoming.handle, values, int(variants.size()));
        }
    }

    m_findProduct.reset();
    m_findProduct.bind(1, incoming.handle);
    if (!m_findProduct.step()) {
        if (m_findProduct.failed())
            return fail(m_findProduct);
        qint64 productId = 0;
        if (!insertProduct(incoming, &productId))
            return false;
        bool ignored = false;
        if (!writeImages(productId, true, incoming, &ignored))
            return false;
        for (int i = 0; i < variants.size(); ++i) {
            if (!insertVariant(productId, *variants.at(i), i + 1))
                return false;
        }
        ++m_report.productsAdded;
        m_report.variantsAdded += int(variants.size());
        return true;
    }

    const qint64 productId = m_findProduct.int64(0);
    bool productChanged = m_findProduct.text(1) != incoming.title || m_findProduct.text(2) != incoming.description
        || m_findProduct.text(3) != incoming.vendor || m_findProduct.text(4) != incoming.productType
        || m_findProduct.text(5) != incoming.tags || m_findProduct.text(6) != incoming.status
        || m_findProduct.text(7) != incoming.optionNames[0] || m_findProduct.text(8) != incoming.optionNames[1]
        || m_findProduct.text(9) != incoming.optionNames[2];
    m_findProduct.reset();
    if (productChanged) {
        m_updateProduct.reset();
        m_updateProduct.bind(1, productId);
        bindProductFields(m_updateProduct, incoming);
        if (!m_updateProduct.exec())
            return fail(m_updateProduct);
    }
    if (!writeImages(productId, false, incoming, &productChanged))
        return false;

    QList<StoredVariant> stored;
    m_productVariants.reset();
    m_productVariants.bind(1, productId);
    while (m_productVariants.step()) {
        StoredVariant s;
        s.id = m_productVariants.int64(0);
        s.position = m_productVariants.integer(1);
        s.data.sku = m_productVariants.text(2);
        s.data.options = { m_productVariants.text(3), m_productVariants.text(4), m_productVariants.text(5) };
        s.data.priceCents = m_productVariants.int64(6);
        s.data.compareAtCents = m_productVariants.optionalInt64(7);
        s.data.currency = m_productVariants.text(8);
        if (!m_productVariants.isNull(9))
            s.data.stock = m_productVariants.integer(9);
        s.data.barcode = m_productVariants.text(10);
        s.data.imageSource = m_productVariants.text(11);
        s.data.sale = SaleSchedule(m_productVariants.text(12), m_productVariants.text(13));
        s.data.inventoryPolicy = inventoryPolicyFromText(m_productVariants.text(14)).value_or(InventoryPolicy::Deny);
        stored.append(std::move(s));
    }
    if (m_productVariants.failed())
        return fail(m_productVariants);

    // Match: SKU first, then identical option values among variants without a SKU match.
    QList<int> matchOf(variants.size(), -1);
    for (int i = 0; i < variants.size(); ++i) {
        if (variants.at(i)->sku.isEmpty())
            continue;
        for (int j = 0; j < stored.size(); ++j) {
            if (!stored.at(j).matched && stored.at(j).data.sku == variants.at(i)->sku) {
                matchOf[i] = j;
                stored[j].matched = true;
                break;
            }
        }
    }
    for (int i = 0; i < variants.size(); ++i) {
        if (matchOf.at(i) >= 0)
            continue;
        for (int j = 0; j < stored.size(); ++j) {
            if (!stored.at(j).matched && stored.at(j).data.options == variants.at(i)->options
                && (stored.at(j).data.sku.isEmpty() || variants.at(i)->sku.isEmpty())) {
                matchOf[i] = j;
                stored[j].matched = true;
                break;
            }
        }
    }
    for (const StoredVariant& s : stored) {
        if (s.matched)
            continue;
        m_deleteVariant.reset();
        m_deleteVariant.bind(1, s.id);
        if (!m_deleteVariant.exec())
            return fail(m_deleteVariant);
        ++m_report.variantsRemoved;
    }
    for (int i = 0; i < variants.size(); ++i) {
        const ImportedProduct::Variant& variant = *variants.at(i);
        if (matchOf.at(i) < 0) {
            if (!insertVariant(productId, variant, i + 1))
                return false;
            ++m_report.variantsAdded;
            continue;
        }
        const StoredVariant& s = stored.at(matchOf.at(i));
        if (sameVariant(s.data, variant) && s.position == i + 1) {
            ++m_report.variantsUnchanged;
            continue;
        }
        m_updateVariant.reset();
        m_updateVariant.bind(1, s.id);
        m_updateVariant.bind(2, i + 1);
        bindVariant(m_updateVariant, 3, variant);
        if (!m_updateVariant.exec())
            return fail(m_updateVariant);
        // A new position alone (another variant was removed) is not a change the seller made.
        if (sameVariant(s.data, variant))
            ++m_report.variantsUnchanged;
        else
            ++m_report.variantsUpdated;
    }
    if (productChanged)
        ++m_report.productsUpdated;
    else
        ++m_report.productsUnchanged;
    return true;
}

} // namespace pinstage
