// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QList>
#include <QString>

#include <memory>
#include <optional>

struct sqlite3;

namespace pinstage {

/// One sellable variant with the product fields a card, a list row or a search hit needs.
/// A plain value: safe to copy across threads.
struct VariantRow {
    qint64 variantId = 0;
    qint64 productId = 0;
    QString sku;
    QString handle;
    QString productTitle;
    QString variantTitle;               ///< option values joined by " / "; empty for a single-variant product
    QString vendor;
    qint64 priceCents = 0;              ///< the price the buyer pays now
    std::optional<qint64> compareAtCents; ///< original price shown struck through, when higher than the price
    QString currency;                   ///< ISO 4217, e.g. "USD"
    std::optional<int> stock;           ///< nullopt: stock not tracked
    QString barcode;
    QString imagePath;                  ///< local file (cache or extracted resource); empty when none
    QString imageUrl;                   ///< where the image came from

    bool onSale() const { return compareAtCents && *compareAtCents > priceCents; }
};

/// Counts for `pinstage catalog stats` and the catalog panel's footer.
struct CatalogStats {
    int products = 0;
    int variants = 0;
    int onSale = 0;       ///< variants whose compare-at price is above the price
    int outOfStock = 0;   ///< tracked variants with stock <= 0
    int images = 0;
    int imagesCached = 0;
    int imagesPending = 0; ///< not fetched yet (URLs wait for a build with a network client)
    int imagesBroken = 0;  ///< missing or unreadable files
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
    CatalogStats stats() const;
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

/// "$24.99", "€24,99"-style display of an amount in minor units.
QString formatMoney(qint64 cents, const QString& currency);

} // namespace pinstage
