// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "catalog/InventoryPolicy.h"
#include "catalog/SaleSchedule.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

struct sqlite3;

namespace pinstage {

/// One sellable variant with the product fields a card, a list row or a search hit needs.
/// A plain value: safe to copy across threads.
///
/// Prices depend on the moment: a sale price may be scheduled (WooCommerce's sale dates). Ask
/// priceCentsAt(now) / compareAtCentsAt(now) / onSaleAt(now) with the time from the Clock seam;
/// the stored* fields are what the shop exported, not what a buyer pays now.
struct VariantRow {
    qint64 variantId = 0;
    qint64 productId = 0;
    QString sku;
    QString pinCode; ///< what pins it (`--pin`, the barcode box): see Catalog::pinCodeFor()
    QString handle;
    QString productTitle;
    QString variantTitle; ///< option values joined by " / "; empty for a single-variant product
    QStringList optionValues; ///< the option values that are set, in order (no "Default Title")
    QString vendor;
    qint64 storedPriceCents = 0; ///< the exported price: the sale price when storedCompareAtCents is higher
    std::optional<qint64> storedCompareAtCents; ///< the exported compare-at (regular) price
    SaleSchedule sale; ///< when the sale price applies; isAlways() for Shopify's compare-at prices
    QString currency; ///< ISO 4217, e.g. "USD"
    std::optional<int> stock; ///< nullopt: stock not tracked; may be negative (back-orders)
    InventoryPolicy inventoryPolicy = InventoryPolicy::Deny;
    QString barcode;
    QString imagePath; ///< local file (cache or extracted resource); empty when none
    QString imageUrl; ///< where the image came from

    /// The shop has a sale price for this variant (whether or not its dates cover now).
    bool hasSalePrice() const { return storedCompareAtCents && *storedCompareAtCents > storedPriceCents; }
    /// The sale price applies at NOW: there is one and NOW is inside its schedule.
    bool onSaleAt(const QDateTime& now) const { return hasSalePrice() && sale.isActiveAt(now); }
    /// What the buyer pays at NOW: the sale price inside its schedule, the regular price outside.
    qint64 priceCentsAt(const QDateTime& now) const
    {
        return hasSalePrice() && !sale.isActiveAt(now) ? *storedCompareAtCents : storedPriceCents;
    }
    /// The struck-through original price at NOW; nullopt when no sale runs then.
    std::optional<qint64> compareAtCentsAt(const QDateTime& now) const
    {
        return onSaleAt(now) ? storedCompareAtCents : std::nullopt;
    }
    /// When the price changes next after NOW (a scheduled sale starts or ends), so a card on air
    /// can be painted again exactly then; nullopt when it never changes by itself.
    std::optional<QDateTime> nextPriceChangeAfter(const QDateTime& now) const
    {
        return hasSalePrice() ? sale.nextChangeAfter(now) : std::nullopt;
    }
    /// The shop keeps taking orders at zero or negative stock.
    bool continuesSelling() const { return inventoryPolicy == InventoryPolicy::Continue; }
    /// Tracked, at 0 or below, and the shop stops selling: announce SOLD OUT.
    bool soldOut() const { return stock && *stock <= 0 && !continuesSelling(); }
};

/// Counts for `pinstage catalog stats` and the catalog panel's footer.
struct CatalogStats {
    int products = 0;
    int variants = 0;
    int onSale = 0; ///< variants whose sale price applies at the moment asked
    int saleNotRunning = 0; ///< variants with a sale price whose dates do not cover that moment
    int outOfStock = 0; ///< sold out: tracked, stock <= 0, the shop stops selling
    int backorder = 0; ///< tracked, stock <= 0, but the shop keeps taking orders (continue selling)
    int continueSelling = 0; ///< variants whose shop keeps selling when out of stock, whatever their stock
    int withoutCode = 0; ///< variants with neither a SKU nor a barcode (pinned by their pin code)
    int images = 0;
    int imagesCached = 0;
    int imagesPending = 0; ///< not fetched yet (URLs wait for a build with a network client)
    int imagesBroken = 0; ///< missing or unreadable files
};

/// The local product catalog: one SQLite file (WAL, foreign keys, FTS5 search).
///
/// Thread contract: a Catalog object belongs to the thread that opened it; it is not thread-safe.
/// Other threads (import worker, image cache) open their own Catalog on the same file.
class Catalog {
public:
    ~Catalog();
    Catalog(const Catalog&) = delete;
    Catalog& operator=(const Catalog&) = delete;

    /// Opens (creating and migrating as needed) the catalog file. On failure returns nullptr and
    /// sets *error to a message naming the file and the reason; the file is never damaged.
    static std::unique_ptr<Catalog> open(const QString& path, QString* error);
    /// The catalog file inside a data folder.
    static QString pathInDataDir(const QString& dataDir);

    QString path() const;
    int schemaVersion() const;
    int variantCount() const;
    int productCount() const;

    std::optional<VariantRow> variantBySku(const QString& sku) const;
    std::optional<VariantRow> variantById(qint64 variantId) const;
    /// Exact SKU or barcode match (a barcode scanner types the code and Enter).
    std::optional<VariantRow> variantByCode(const QString& code) const;
    /// What every place that accepts a SKU uses (`--pin`, the barcode box, search): an exact SKU
    /// or barcode (variantByCode), else a pin code: HANDLE for a product's only variant,
    /// HANDLE/VALUE1[/VALUE2...] (its option values, case-insensitive) for one of several. A
    /// handle alone names no variant of a product with several. nullopt when nothing matches.
    std::optional<VariantRow> variantByPinCode(const QString& code) const;
    /// A variant's pin code: its SKU when it has one, else HANDLE when it is its product's only
    /// variant, else HANDLE/VALUE1[/VALUE2...] (option values that are set, in order; Shopify's
    /// "Default Title" placeholder is no value). Stable while the product's variants stay.
    static QString pinCodeFor(
        const QString& sku, const QString& handle, const QStringList& optionValues, int productVariants);
    /// Prefix search as you type over title, SKU, handle, vendor, tags and option values.
    /// An empty query lists everything ordered by title.
    QList<VariantRow> search(const QString& query, int limit) const;
    /// A window over all variants ordered by product title, then variant position.
    QList<VariantRow> variants(int offset, int limit) const;

    /// Every variant id in list order (product title, then variant position). 100,000 ids take a
    /// few tens of milliseconds and under 1 MB, which lets a list model know its size at once
    /// and fetch rows lazily by window.
    QList<qint64> orderedVariantIds() const;
    /// The ids search() would return, best first: an exact SKU/barcode hit, then FTS5 matches.
    QList<qint64> searchIds(const QString& query, int limit) const;
    /// The rows for ids, in the order given; ids that no longer exist are left out.
    QList<VariantRow> variantsByIds(const QList<qint64>& ids) const;
    int imageCount() const;
    /// Counts at NOW (whether a scheduled sale runs depends on it).
    CatalogStats stats(const QDateTime& now) const;
    /// Turns what a user typed into an FTS5 query: every word becomes a quoted prefix term, all
    /// of them required. Empty when the text has no letters or digits.
    static QString ftsQuery(const QString& text);

    sqlite3* handle() const;

private:
    explicit Catalog(sqlite3* db, QString path);
    sqlite3* m_db = nullptr;
    QString m_path;
};

/// Fills an empty catalog with the demo products embedded in the application resources
/// (":/demo/catalog.csv" and its photos, extracted into DATA_DIR/images). Does nothing when the
/// catalog already has products. Returns false and sets *error on failure.
bool seedDemoCatalog(Catalog& catalog, const QString& dataDir, QString* error);

/// "$24.99"-style display of an amount in minor units, in moneyLocale() (see Money.h).
QString formatMoney(qint64 cents, const QString& currency);

} // namespace pinstage
