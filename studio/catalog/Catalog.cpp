// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog/Catalog.h"

#include "catalog/CatalogSchema.h"
#include "catalog/SqliteStatement.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>

#include <sqlite3.h>

#include <algorithm>
#include <array>

namespace pinstage {

namespace {

    // One SELECT for every VariantRow: the variant's own image when it has one, else the product's
    // first image; the product's variant count only where the pin code needs it (no SKU). Callers
    // append WHERE/ORDER BY.
    const char* const variantSelect = R"SQL(
SELECT v.id, v.product_id, COALESCE(v.sku, ''), p.handle, p.title, v.option1, v.option2, v.option3,
       p.vendor, v.price_cents, v.compare_at_cents, v.currency, v.stock, v.barcode,
       COALESCE(vi.cached_path, fi.cached_path, ''), COALESCE(vi.source, fi.source, ''),
       v.sale_starts, v.sale_ends, v.inventory_policy,
       CASE WHEN COALESCE(v.sku, '') = '' THEN (SELECT count(*) FROM variants c WHERE c.product_id = v.product_id) ELSE 1 END
FROM variants v
JOIN products p ON p.id = v.product_id
LEFT JOIN images vi ON vi.product_id = v.product_id AND v.image_source <> '' AND vi.source = v.image_source
LEFT JOIN images fi ON fi.id = (SELECT id FROM images WHERE product_id = v.product_id ORDER BY position, id LIMIT 1)
)SQL";

    const char* const listOrder = " ORDER BY p.title COLLATE NOCASE, p.id, v.position, v.id";

    VariantRow readVariant(const SqliteStatement& q)
    {
        VariantRow row;
        row.variantId = q.int64(0);
        row.productId = q.int64(1);
        row.sku = q.text(2);
        row.handle = q.text(3);
        row.productTitle = q.text(4);
        QStringList options;
        for (int column = 5; column <= 7; ++column) {
            const QString value = q.text(column);
            // Shopify's placeholder option of a product without real options.
            if (!value.isEmpty() && value != QLatin1String("Default Title"))
                options.append(value);
        }
        row.variantTitle = options.join(QStringLiteral(" / "));
        row.optionValues = options;
        row.vendor = q.text(8);
        row.storedPriceCents = q.int64(9);
        row.storedCompareAtCents = q.optionalInt64(10);
        row.currency = q.text(11);
        if (!q.isNull(12))
            row.stock = q.integer(12);
        row.barcode = q.text(13);
        row.imagePath = q.text(14);
        row.imageUrl = q.text(15);
        row.sale = SaleSchedule(q.text(16), q.text(17));
        row.inventoryPolicy = inventoryPolicyFromText(q.text(18)).value_or(InventoryPolicy::Deny);
        row.pinCode = Catalog::pinCodeFor(row.sku, row.handle, options, q.integer(19));
        return row;
    }

    QString openError(const QString& path, const QString& reason)
    {
        return QStringLiteral("Cannot open the catalog %1: %2").arg(QDir::toNativeSeparators(path), reason);
    }

    /// The words of a text as the unicode61 tokenizer sees them, folded for prefix comparison:
    /// lower case, diacritics removed ("Crème" -> "creme").
    QStringList matchTerms(const QString& text)
    {
        QStringList words;
        QString word;
        auto flush = [&] {
            if (!word.isEmpty())
                words.append(word);
            word.clear();
        };
        for (const QChar c : text) {
            if (c.isLetterOrNumber()) {
                if (c.unicode() < 0x80) {
                    word.append(c.toLower());
                } else {
                    for (const QChar d : QString(c).normalized(QString::NormalizationForm_KD)) {
                        if (d.isLetterOrNumber())
                            word.append(d.toCaseFolded());
                    }
                }
            } else if (c.category() != QChar::Mark_NonSpacing) {
                flush();
            }
        }
        flush();
        return words;
    }

    struct DbCloser {
        void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
    };

} // namespace

Catalog::Catalog(sqlite3* db, QString path)
    : m_db(db)
    , m_path(std::move(path))
{
}

Catalog::~Catalog()
{
    sqlite3_close_v2(m_db);
}

QString Catalog::pathInDataDir(const QString& dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("catalog.sqlite"));
}

std::unique_ptr<Catalog> Catalog::open(const QString& path, QString* error)
{
    QString ignored;
    QString& message = error ? *error : ignored;
    const QFileInfo info(path);
    if (!info.exists() && !info.absoluteDir().exists()) {
        message = openError(
            path, QStringLiteral("the folder %1 does not exist").arg(QDir::toNativeSeparators(info.absolutePath())));
        return nullptr;
    }

    // SQLite counts every allocation under a global mutex unless told otherwise (about 4 % of a
    // 100k-variant import); nothing here reads those counters (no heap limit is set). Only takes
    // effect before SQLite initialises, so it is done before the first open.
    static const int memoryStatistics = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    Q_UNUSED(memoryStatistics);

    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(
        path.toUtf8().constData(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    std::unique_ptr<sqlite3, DbCloser> db(raw);
    if (rc != SQLITE_OK) {
        message = openError(path, QString::fromUtf8(raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
        return nullptr;
    }
    sqlite3_busy_timeout(raw, 5000);

    // Inspect before writing anything: a foreign or newer file must be left byte for byte as it was.
    int tables = 0;
    bool hasProducts = false;
    {
        SqliteStatement q(raw, "SELECT name FROM sqlite_master WHERE type = 'table'");
        while (q.step()) {
            ++tables;
            hasProducts |= q.text(0) == QLatin1String("products");
        }
        if (q.failed() || !q.isValid()) {
            // SQLITE_NOTADB and friends: a truncated, corrupt or encrypted file.
            message = openError(path,
                QStringLiteral("%1 (it is not a Pinstage catalog or it is damaged; the file was not changed)")
                    .arg(q.error()));
            return nullptr;
        }
    }
    int applicationId = 0;
    {
        SqliteStatement q(raw, "PRAGMA application_id");
        if (q.step())
            applicationId = q.integer(0);
    }
    if ((applicationId != 0 && applicationId != CatalogSchema::applicationId) || (tables > 0 && !hasProducts)) {
        message = openError(path,
            QStringLiteral(
                "it is an SQLite database of another application, not a Pinstage catalog; the file was not changed"));
        return nullptr;
    }
    const int version = CatalogSchema::currentVersion(raw);
    const int latest = CatalogSchema::latestVersion();
    if (version > latest && CatalogSchema::minCompatibleVersion(raw) > latest) {
        message = openError(path,
            QStringLiteral("it was written by a newer Pinstage (catalog schema revision %1; this version knows up to "
                           "revision %2). The file was not changed: update Pinstage to open it.")
                .arg(version)
                .arg(latest));
        return nullptr;
    }

    QString sqlError;
    if (!sqliteExec(raw,
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = "
            "-32768; PRAGMA temp_store = MEMORY;",
            &sqlError)) {
        message = openError(path, sqlError);
        return nullptr;
    }
    if (!CatalogSchema::upgrade(raw, &sqlError)) {
        message = openError(path, sqlError + QStringLiteral(" (the file was left at revision %1)").arg(version));
        return nullptr;
    }
    return std::unique_ptr<Catalog>(new Catalog(db.release(), QFileInfo(path).absoluteFilePath()));
}

QString Catalog::path() const
{
    return m_path;
}

int Catalog::schemaVersion() const
{
    return CatalogSchema::currentVersion(m_db);
}

int Catalog::variantCount() const
{
    SqliteStatement q(m_db, "SELECT count(*) FROM variants");
    return q.step() ? q.integer(0) : 0;
}

int Catalog::productCount() const
{
    SqliteStatement q(m_db, "SELECT count(*) FROM products");
    return q.step() ? q.integer(0) : 0;
}

int Catalog::imageCount() const
{
    SqliteStatement q(m_db, "SELECT count(*) FROM images");
    return q.step() ? q.integer(0) : 0;
}

CatalogStats Catalog::stats(const QDateTime& now) const
{
    CatalogStats stats;
    SqliteStatement q(m_db, R"SQL(
        SELECT (SELECT count(*) FROM products), (SELECT count(*) FROM variants),
               (SELECT count(*) FROM variants WHERE compare_at_cents > price_cents AND sale_starts = '' AND sale_ends = ''),
               (SELECT count(*) FROM variants WHERE stock IS NOT NULL AND stock <= 0 AND inventory_policy <> 'continue'),
               (SELECT count(*) FROM variants WHERE stock IS NOT NULL AND stock <= 0 AND inventory_policy = 'continue'),
               (SELECT count(*) FROM variants WHERE inventory_policy = 'continue'),
               (SELECT count(*) FROM variants WHERE COALESCE(sku, '') = '' AND barcode = ''),
               (SELECT count(*) FROM images), (SELECT count(*) FROM images WHERE fetch_status = 'cached'),
               (SELECT count(*) FROM images WHERE fetch_status = 'pending'),
               (SELECT count(*) FROM images WHERE fetch_status IN ('broken', 'missing')))SQL");
    if (q.step()) {
        stats.products = q.integer(0);
        stats.variants = q.integer(1);
        stats.onSale = q.integer(2);
        stats.outOfStock = q.integer(3);
        stats.backorder = q.integer(4);
        stats.continueSelling = q.integer(5);
        stats.withoutCode = q.integer(6);
        stats.images = q.integer(7);
        stats.imagesCached = q.integer(8);
        stats.imagesPending = q.integer(9);
        stats.imagesBroken = q.integer(10);
    }
    // Scheduled sales are few: their windows are checked here, by the same rule as a card's.
    SqliteStatement scheduled(m_db,
        "SELECT sale_starts, sale_ends FROM variants"
        " WHERE compare_at_cents > price_cents AND (sale_starts <> '' OR sale_ends <> '')");
    while (scheduled.step()) {
        if (SaleSchedule(scheduled.text(0), scheduled.text(1)).isActiveAt(now))
            ++stats.onSale;
        else
            ++stats.saleNotRunning;
    }
    return stats;
}

QString Catalog::pinCodeFor(
    const QString& sku, const QString& handle, const QStringList& optionValues, int productVariants)
{
    if (!sku.isEmpty())
        return sku;
    if (productVariants <= 1 || optionValues.isEmpty())
        return handle;
    return handle + QLatin1Char('/') + optionValues.join(QLatin1Char('/'));
}

std::optional<VariantRow> Catalog::variantByPinCode(const QString& code) const
{
    if (auto exact = variantByCode(code))
        return exact;
    const QString trimmed = code.trimmed();
    const qsizetype slash = trimmed.indexOf(QLatin1Char('/'));
    const QString handle = (slash < 0 ? trimmed : trimmed.left(slash)).trimmed();
    if (handle.isEmpty())
        return std::nullopt;
    // Handles are slugs (lower case); an exact match first, then the code in lower case. Each is
    // a lookup of the unique handle index.
    SqliteStatement q(m_db, (QByteArray(variantSelect) + " WHERE p.handle = ? ORDER BY v.position, v.id").constData());
    QList<VariantRow> variants;
    for (const QString& candidate : { handle, handle.toLower() }) {
        q.reset();
        q.bind(1, candidate);
        while (q.step())
            variants.append(readVariant(q));
        if (!variants.isEmpty())
            break;
    }
    if (variants.isEmpty())
        return std::nullopt;
    if (slash < 0)
        return variants.size() == 1 ? std::optional<VariantRow>(variants.constFirst()) : std::nullopt;
    // The option values as the code spells them, compared case-insensitively, with the spaces
    // around '/' that a person may type ignored (a value holding '/' still matches).
    auto canonical = [](const QStringList& parts) {
        QStringList trimmedParts;
        for (const QString& part : parts)
            trimmedParts.append(part.trimmed());
        return trimmedParts.join(QLatin1Char('/'));
    };
    const QString wanted = canonical(trimmed.mid(slash + 1).split(QLatin1Char('/')));
    for (const VariantRow& variant : std::as_const(variants)) {
        if (!variant.optionValues.isEmpty()
            && canonical(variant.optionValues).compare(wanted, Qt::CaseInsensitive) == 0)
            return variant;
    }
    return std::nullopt;
}

std::optional<VariantRow> Catalog::variantBySku(const QString& sku) const
{
    if (sku.isEmpty())
        return std::nullopt;
    SqliteStatement q(m_db, (QByteArray(variantSelect) + " WHERE v.sku = ? LIMIT 1").constData());
    q.bind(1, sku);
    if (q.step())
        return readVariant(q);
    return std::nullopt;
}

std::optional<VariantRow> Catalog::variantById(qint64 variantId) const
{
    SqliteStatement q(m_db, (QByteArray(variantSelect) + " WHERE v.id = ?").constData());
    q.bind(1, variantId);
    if (q.step())
        return readVariant(q);
    return std::nullopt;
}

std::optional<VariantRow> Catalog::variantByCode(const QString& code) const
{
    const QString trimmed = code.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    // Exact SKU, then the SKU in upper case (typed by hand), then the barcode: each an index
    // lookup (a COLLATE NOCASE comparison would scan every variant).
    SqliteStatement q(m_db, (QByteArray(variantSelect) + " WHERE v.sku = ? LIMIT 1").constData());
    for (const QString& sku : { trimmed, trimmed.toUpper() }) {
        q.reset();
        q.bind(1, sku);
        if (q.step())
            return readVariant(q);
    }
    SqliteStatement barcode(
        m_db, (QByteArray(variantSelect) + " WHERE v.barcode = ? ORDER BY v.id LIMIT 1").constData());
    barcode.bind(1, trimmed);
    if (barcode.step())
        return readVariant(barcode);
    return std::nullopt;
}

QString Catalog::ftsQuery(const QString& text)
{
    QStringList terms;
    QString word;
    auto flush = [&] {
        if (!word.isEmpty())
            terms.append(QLatin1Char('"') + word + QLatin1String("\"*"));
        word.clear();
    };
    for (const QChar c : text) {
        if (c.isLetterOrNumber())
            word.append(c);
        else
            flush();
    }
    flush();
    return terms.join(QLatin1Char(' '));
}

QList<qint64> Catalog::searchIds(const QString& query, int limit) const
{
    QList<qint64> ids;
    if (limit <= 0)
        return ids;
    const QString match = ftsQuery(query);
    if (match.isEmpty()) {
        SqliteStatement q(m_db,
            "SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id"
            " ORDER BY p.title COLLATE NOCASE, p.id, v.position, v.id LIMIT ?");
        q.bind(1, limit);
        while (q.step())
            ids.append(q.int64(0));
        return ids;
    }
    if (const auto exact = variantByPinCode(query))
        ids.append(exact->variantId);
    const QString trimmed = query.trimmed();
    const bool codeLike = !trimmed.contains(QLatin1Char(' '))
        && std::any_of(trimmed.cbegin(), trimmed.cend(), [](QChar c) { return c.isDigit(); });
    if (codeLike) {
        // A SKU being typed ("PS-10", "sku-0001"): a range scan of the SKU index. FTS would split
        // it into "ps" + "10*", and a short numeric prefix matches thousands of distinct terms.
        SqliteStatement range(
            m_db, "SELECT id FROM variants WHERE sku >= ?1 AND sku < ?1 || char(1114111) ORDER BY sku LIMIT ?2");
        for (const QString& prefix : { trimmed, trimmed.toUpper() }) {
            range.reset();
            range.bind(1, prefix);
            range.bind(2, limit);
            while (range.step() && ids.size() < limit) {
                if (!ids.contains(range.int64(0)))
                    ids.append(range.int64(0));
            }
            if (!ids.isEmpty())
                return ids;
        }
    }
    if (trimmed.size() == 1 && trimmed.at(0).isLetterOrNumber()) {
        // The first key pressed: titles starting with it come first, in list order, as a range of
        // the NOCASE title index ("b" <= title < "c"; NOCASE folds ASCII only, as LIKE does). On a
        // large catalog they fill the list in well under a millisecond; when they do not, every
        // other word starting with it follows from the search index below, so "m" finds
        // "Stoneware Mug" as "mu" does.
        SqliteStatement first(m_db,
            "SELECT v.id FROM products p JOIN variants v ON v.product_id = p.id"
            " WHERE p.title >= ?1 COLLATE NOCASE AND p.title < ?2 COLLATE NOCASE"
            " ORDER BY p.title COLLATE NOCASE, p.id, v.position, v.id LIMIT ?3");
        const QChar letter = trimmed.at(0).toLower();
        first.bind(1, QString(letter));
        first.bind(2, QString(QChar(char16_t(letter.unicode() + 1))));
        first.bind(3, limit);
        while (first.step() && ids.size() < limit) {
            if (!ids.contains(first.int64(0)))
                ids.append(first.int64(0));
        }
        if (ids.size() >= limit)
            return ids;
    }
    // From the first character on, every word is matched as a prefix wherever it is (one
    // character reads the one-character prefix index of revision 4).
    // Only the first 256 matches (in rowid order) are ranked: enough to fill a result list, and
    // typing one more letter narrows the set. The ranking is done here rather than by bm25,
    // whose document-frequency pass would read the whole doclist of every prefix term (tens of
    // milliseconds for a one-letter word on 100,000 variants).
    struct Hit {
        qint64 id;
        int score;
        QString title;
    };
    QList<Hit> hits;
    const QStringList terms = matchTerms(query);
    SqliteStatement q(
        m_db, "SELECT rowid, title, sku, options, vendor FROM variant_search WHERE variant_search MATCH ? LIMIT 256");
    q.bind(1, match);
    while (q.step()) {
        // Title and SKU words weigh most, then option values, then the vendor; a term found
        // only in the handle, tags or barcode still counts a little.
        static constexpr int weights[] = { 4, 4, 2, 1 };
        const QString title = q.text(1);
        std::array<QStringList, 4> words;
        for (int column = 0; column < 4; ++column)
            words[column] = matchTerms(column == 0 ? title : q.text(column + 1));
        int score = 0;
        for (const QString& term : terms) {
            int best = 1;
            for (int column = 0; column < 4 && best < weights[column]; ++column) {
                if (std::any_of(words[column].cbegin(), words[column].cend(),
                        [&](const QString& w) { return w.startsWith(term); }))
                    best = weights[column];
            }
            score += best;
        }
        hits.append({ q.int64(0), score, title });
    }
    std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
        if (a.score != b.score)
            return a.score > b.score;
        const int byTitle = a.title.compare(b.title, Qt::CaseInsensitive);
        return byTitle != 0 ? byTitle < 0 : a.id < b.id;
    });
    const QSet<qint64> already(ids.cbegin(), ids.cend()); // the exact code, titles starting with the letter
    for (const Hit& hit : std::as_const(hits)) {
        if (ids.size() >= limit)
            break;
        if (!already.contains(hit.id))
            ids.append(hit.id);
    }
    return ids;
}

QList<VariantRow> Catalog::search(const QString& query, int limit) const
{
    return variantsByIds(searchIds(query, limit));
}

QList<VariantRow> Catalog::variants(int offset, int limit) const
{
    QList<VariantRow> rows;
    SqliteStatement q(m_db, (QByteArray(variantSelect) + listOrder + " LIMIT ? OFFSET ?").constData());
    q.bind(1, limit);
    q.bind(2, offset);
    while (q.step())
        rows.append(readVariant(q));
    return rows;
}

QList<qint64> Catalog::orderedVariantIds() const
{
    QList<qint64> ids;
    ids.reserve(variantCount());
    SqliteStatement q(m_db,
        (QByteArray("SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id") + listOrder).constData());
    while (q.step())
        ids.append(q.int64(0));
    return ids;
}

QList<VariantRow> Catalog::variantsByIds(const QList<qint64>& ids) const
{
    QList<VariantRow> rows;
    if (ids.isEmpty())
        return rows;
    // Chunks keep the statement small; the rows come back in id order and are put back in the
    // caller's order afterwards.
    constexpr int chunk = 500;
    QHash<qint64, VariantRow> byId;
    byId.reserve(ids.size());
    for (int start = 0; start < ids.size(); start += chunk) {
        const int count = std::min(chunk, int(ids.size()) - start);
        QByteArray sql(variantSelect);
        sql += " WHERE v.id IN (";
        for (int i = 0; i < count; ++i)
            sql += i ? ",?" : "?";
        sql += ")";
        SqliteStatement q(m_db, sql.constData());
        for (int i = 0; i < count; ++i)
            q.bind(i + 1, ids.at(start + i));
        while (q.step()) {
            VariantRow row = readVariant(q);
            byId.emplace(row.variantId, std::move(row));
        }
    }
    rows.reserve(ids.size());
    for (const qint64 id : ids) {
        const auto it = byId.constFind(id);
        if (it != byId.constEnd())
            rows.append(*it);
    }
    return rows;
}

sqlite3* Catalog::handle() const
{
    return m_db;
}

} // namespace pinstage
