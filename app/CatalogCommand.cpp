// SPDX-License-Identifier: GPL-2.0-or-later
#include "CatalogCommand.h"

#include "catalog/Catalog.h"
#include "catalog/CatalogExporter.h"
#include "catalog/CatalogImporter.h"
#include "catalog/ImageCache.h"
#include "catalog/ImageFetcher.h"
#include "util/Clock.h"
#include "util/Paths.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace pinstage {

namespace {

    const char* const usage
        = "usage: pinstage catalog import FILE [--format auto|shopify|woocommerce|generic] [--map COLUMN=FIELD]... "
          "[--strict] [--dry-run]"
          " [--currency CODE]\n"
          "       pinstage catalog search QUERY [--limit N]\n"
          "       pinstage catalog export FILE\n"
          "       pinstage catalog stats\n"
          "       pinstage catalog images\n"
          "options for every command: --data-dir DIR, --json; --help or -h after a command shows its usage";

    struct CommandHelp {
        const char* name;
        const char* text;
    };

    // What `pinstage catalog COMMAND --help` prints (exit 0).
    const CommandHelp commandHelp[] = {
        { "import",
            "usage: pinstage catalog import FILE [--format auto|shopify|woocommerce|generic] [--map COLUMN=FIELD]... "
            "[--strict] [--dry-run]\n"
            "                               [--currency CODE] [--data-dir DIR] [--json]\n"
            "Imports a Shopify or WooCommerce product CSV (or any spreadsheet with --map) into the catalog; a "
            "re-import updates in place.\n"
            "  --format F         auto (default: detected from the header row), shopify, woocommerce or generic\n"
            "  --map COLUMN=FIELD a column of a generic spreadsheet (fields: title, sku, price, sale_price, "
            "compare_at_price, stock, image,\n"
            "                     barcode, vendor, tags, option1..3, sale_starts, sale_ends, inventory_policy, ...); "
            "repeatable\n"
            "  --strict           refuse the whole file at the first bad row\n"
            "  --dry-run          report what would change, write nothing\n"
            "  --currency CODE    ISO 4217 currency of the prices when the file has none (default USD)\n"
            "Exit codes: 0 done (rejected rows are listed), 1 refused or failed, 2 bad usage." },
        { "search",
            "usage: pinstage catalog search QUERY [--limit N] [--data-dir DIR] [--json]\n"
            "Prefix search over title, SKU, handle, vendor, tags and option values; an exact SKU, barcode or pin code "
            "comes first.\n"
            "Prices are those valid now (a scheduled sale counts only inside its dates). Each line starts with the "
            "variant's pin code.\n"
            "  --limit N          at most N variants (default 20)" },
        { "export",
            "usage: pinstage catalog export FILE [--data-dir DIR] [--json]\n"
            "Writes the catalog as a Shopify product CSV (plus Variant Currency and the sale schedule) that imports "
            "back unchanged." },
        { "stats",
            "usage: pinstage catalog stats [--data-dir DIR] [--json]\n"
            "Products, variants, on sale now, out of stock, on back-order, images cached / waiting / broken, schema "
            "revision." },
        { "images",
            "usage: pinstage catalog images [--data-dir DIR] [--json]\n"
            "Fetches and caches every product photo still waiting (local files and http(s) URLs)." },
    };

    struct Arguments {
        QString command;
        QStringList positional;
        QString dataDir;
        bool json = false;
        bool strict = false;
        bool dryRun = false;
        QString format = QStringLiteral("auto");
        QString currency = QStringLiteral("USD");
        QHash<QString, QString> map;
        int limit = 20;
        bool help = false;
    };

    int usageError(QTextStream& err, const QString& message)
    {
        err << "pinstage catalog: " << message << "\n" << usage << "\n";
        err.flush();
        return 2;
    }

    void printJson(QTextStream& out, const QJsonValue& value)
    {
        out << (value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject()))
                   .toJson(QJsonDocument::Indented);
        out.flush();
    }

    QJsonValue optionalJson(const std::optional<qint64>& value)
    {
        return value ? QJsonValue(*value) : QJsonValue();
    }

    /// A variant as `search --json` prints it: prices as valid at NOW, each formatted and in cents.
    QJsonObject variantJson(const VariantRow& row, const QDateTime& now)
    {
        const std::optional<qint64> compareAt = row.compareAtCentsAt(now);
        QJsonObject json { { "variantId", row.variantId }, { "productId", row.productId }, { "sku", row.sku },
            { "pinCode", row.pinCode }, { "handle", row.handle }, { "title", row.productTitle },
            { "variantTitle", row.variantTitle }, { "vendor", row.vendor }, { "priceCents", row.priceCentsAt(now) },
            { "price", formatMoney(row.priceCentsAt(now), row.currency) },
            { "compareAtCents", optionalJson(compareAt) },
            { "compareAt", compareAt ? QJsonValue(formatMoney(*compareAt, row.currency)) : QJsonValue() },
            { "currency", row.currency }, { "onSale", row.onSaleAt(now) }, { "saleStarts", row.sale.starts() },
            { "saleEnds", row.sale.ends() }, { "stock", row.stock ? QJsonValue(*row.stock) : QJsonValue() },
            { "inventoryPolicy", inventoryPolicyId(row.inventoryPolicy) }, { "soldOut", row.soldOut() },
            { "barcode", row.barcode }, { "imagePath", row.imagePath }, { "imageUrl", row.imageUrl } };
        const std::optional<QDateTime> change = row.nextPriceChangeAfter(now);
        json.insert("nextPriceChange", change ? QJsonValue(change->toString(Qt::ISODate)) : QJsonValue());
        return json;
    }

    /// `catalog images`: the app's own background cache (local files and URLs), waited for here.
    int runImages(Catalog& catalog, const QString& dataDir, bool json, QTextStream& out, QTextStream& err)
    {
        QHash<qint64, ImageFetcher::PendingImage> pending;
        for (const ImageFetcher::PendingImage& image : ImageFetcher::pendingImages(catalog))
            pending.insert(image.id, image);

        struct Outcome {
            ImageFetcher::PendingImage image;
            ImageFetcher::Result result;
        };
        QList<Outcome> outcomes;
        ImportReport report;
        QEventLoop loop;
        ImageCache cache(catalog.path(), ImageFetcher::cacheDirIn(dataDir));
        QObject::connect(&cache, &ImageCache::imageProcessed, &loop,
            [&](qint64 id, ImageFetcher::Status status, const QString& cachedPath, const QString& error) {
                outcomes.append({ pending.value(id), { status, cachedPath, error } });
            });
        QObject::connect(&cache, &ImageCache::finished, &loop, [&](const ImportReport& r) {
            report = r;
            loop.quit();
        });
        cache.start();
        loop.exec();
        if (!report.succeeded()) {
            err << "pinstage catalog images: " << report.summary() << "\n";
            return 1;
        }

        int cached = 0;
        QList<const Outcome*> broken, deferred;
        for (const Outcome& o : std::as_const(outcomes)) {
            if (o.result.status == ImageFetcher::Status::Cached)
                ++cached;
            else if (o.result.status == ImageFetcher::Status::Deferred)
                deferred.append(&o);
            else
                broken.append(&o);
        }
        const int stillPending = catalog.stats(Clock::system().now()).imagesPending;
        if (json) {
            const auto list = [](const QList<const Outcome*>& items) {
                QJsonArray array;
                for (const Outcome* o : items)
                    array.append(QJsonObject { { "imageId", o->image.id }, { "product", o->image.handle },
                        { "source", o->image.source }, { "reason", o->result.error } });
                return array;
            };
            printJson(out,
                QJsonObject { { "cached", cached }, { "broken", int(broken.size()) }, { "pending", stillPending },
                    { "brokenImages", list(broken) }, { "pendingImages", list(deferred) } });
            return 0;
        }
        out << "cached " << cached << ", broken " << broken.size() << ", still pending " << stillPending << "\n";
        for (const Outcome* o : std::as_const(broken))
            out << "  broken: product '" << o->image.handle << "': " << o->result.error << "\n";
        for (const Outcome* o : std::as_const(deferred))
            out << "  pending: product '" << o->image.handle << "': " << o->result.error << "\n";
        return 0;
    }

} // namespace

int runCatalogCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    Arguments a;
    for (int i = 0; i < args.size(); ++i) {
        const QString& word = args.at(i);
        auto value = [&](QString* target) {
            if (i + 1 >= args.size())
                return false;
            *target = args.at(++i);
            return true;
        };
        if (word == QLatin1String("--help") || word == QLatin1String("-h")) {
            a.help = true;
        } else if (word == QLatin1String("--json")) {
            a.json = true;
        } else if (word == QLatin1String("--strict")) {
            a.strict = true;
        } else if (word == QLatin1String("--dry-run")) {
            a.dryRun = true;
        } else if (word == QLatin1String("--data-dir")) {
            if (!value(&a.dataDir))
                return usageError(err, QStringLiteral("--data-dir needs a folder"));
        } else if (word == QLatin1String("--format")) {
            if (!value(&a.format))
                return usageError(err, QStringLiteral("--format needs a value"));
        } else if (word == QLatin1String("--currency")) {
            if (!value(&a.currency) || a.currency.size() != 3)
                return usageError(err, QStringLiteral("--currency needs a three-letter ISO 4217 code, e.g. EUR"));
            a.currency = a.currency.toUpper();
        } else if (word == QLatin1String("--limit")) {
            QString text;
            bool ok = false;
            if (value(&text))
                a.limit = text.toInt(&ok);
            if (!ok || a.limit <= 0)
                return usageError(err, QStringLiteral("--limit needs a positive number"));
        } else if (word == QLatin1String("--map")) {
            QString mapping;
            const int eq = value(&mapping) ? int(mapping.lastIndexOf(QLatin1Char('='))) : -1;
            if (eq <= 0 || eq == mapping.size() - 1)
                return usageError(err, QStringLiteral("--map needs COLUMN=FIELD, e.g. --map \"Product name=title\""));
            a.map.insert(mapping.left(eq), mapping.mid(eq + 1));
        } else if (word.startsWith(QLatin1String("--"))) {
            if (args.contains(QLatin1String("--help")) || args.contains(QLatin1String("-h")))
                a.help = true; // "import --bogus --help": the usage is what was asked for
            else
                return usageError(err, QStringLiteral("unknown option %1").arg(word));
        } else if (a.command.isEmpty()) {
            a.command = word;
        } else {
            a.positional.append(word);
        }
    }
    if (a.command == QLatin1String("help")) {
        // `pinstage catalog help [COMMAND]`
        a.help = true;
        a.command = a.positional.value(0);
    }
    if (a.help) {
        for (const CommandHelp& help : commandHelp) {
            if (a.command == QLatin1String(help.name)) {
                out << help.text << "\n";
                out.flush();
                return 0;
            }
        }
        out << usage << "\n";
        out.flush();
        return 0;
    }
    if (a.command.isEmpty())
        return usageError(err, QStringLiteral("missing command"));
    const QStringList commands = { "import", "search", "export", "stats", "images" };
    if (!commands.contains(a.command))
        return usageError(err, QStringLiteral("unknown command '%1'").arg(a.command));
    const int wanted = a.command == QLatin1String("stats") || a.command == QLatin1String("images") ? 0 : 1;
    if (a.positional.size() != wanted) {
        return usageError(err,
            wanted ? QStringLiteral("'%1' needs exactly one %2")
                         .arg(a.command, a.command == QLatin1String("search") ? "QUERY" : "FILE")
                   : QStringLiteral("'%1' takes no arguments").arg(a.command));
    }
    const auto format = catalogFormatFromId(a.format);
    if (!format)
        return usageError(
            err, QStringLiteral("unknown format '%1' (auto, shopify, woocommerce or generic)").arg(a.format));

    if (a.dataDir.isEmpty())
        a.dataDir = defaultDataDir();
    QString error;
    if (!ensureDir(a.dataDir, &error)) {
        err << "pinstage catalog: " << error << "\n";
        return 1;
    }
    const auto catalog = Catalog::open(Catalog::pathInDataDir(a.dataDir), &error);
    if (!catalog) {
        err << "pinstage catalog: " << error << "\n";
        return 1;
    }

    if (a.command == QLatin1String("import")) {
        const QString file = a.positional.first();
        const QFileInfo info(file);
        if (!info.isFile()) {
            const QString why = !info.exists() ? QStringLiteral("no such file")
                : info.isDir()                 ? QStringLiteral("this is a folder, not a CSV file")
                                               : QStringLiteral("not a regular file (a device or a pipe?)");
            err << "pinstage catalog import: " << QDir::toNativeSeparators(file) << ": " << why << "\n";
            return 1;
        }
        ImportOptions options;
        options.format = *format;
        options.columnMap = a.map;
        options.strict = a.strict;
        options.dryRun = a.dryRun;
        options.currency = a.currency;
        CatalogImporter importer(*catalog);
        ImportReport report = importer.importFile(file, options);
        if (report.succeeded() && !a.dryRun)
            ImageFetcher::processPending(*catalog, ImageFetcher::cacheDirIn(a.dataDir), &report);
        if (a.json)
            printJson(out, report.toJson());
        if (!report.succeeded()) {
            err << "pinstage catalog import: " << report.summary() << "\n";
            return 1;
        }
        if (!a.json) {
            out << report.summary() << "\n";
            for (const auto& issue : std::as_const(report.rejected))
                out << "  rejected: " << issue.text() << "\n";
            for (const auto& issue : std::as_const(report.warnings))
                out << "  warning: " << issue.text() << "\n";
        }
        return 0;
    }

    const QDateTime now = Clock::system().now();
    if (a.command == QLatin1String("search")) {
        const QString query = a.positional.first();
        const QList<VariantRow> rows = catalog->search(query, a.limit);
        if (a.json) {
            QJsonArray array;
            for (const VariantRow& row : rows)
                array.append(variantJson(row, now));
            printJson(out, array);
            return 0;
        }
        for (const VariantRow& row : rows) {
            QString line = row.pinCode.leftJustified(14) + QLatin1Char(' ') + row.productTitle;
            if (!row.variantTitle.isEmpty())
                line += QStringLiteral(" (") + row.variantTitle + QLatin1Char(')');
            line += QStringLiteral("  ") + formatMoney(row.priceCentsAt(now), row.currency);
            if (const auto compareAt = row.compareAtCentsAt(now))
                line += QStringLiteral(" (was ") + formatMoney(*compareAt, row.currency) + QLatin1Char(')');
            if (!row.stock)
                line += QStringLiteral("  stock not tracked");
            else if (row.continuesSelling() && *row.stock <= 0)
                line += QStringLiteral("  stock %1, available to order (continue selling)").arg(*row.stock);
            else
                line += QStringLiteral("  stock %1").arg(*row.stock);
            out << line << "\n";
        }
        if (rows.isEmpty())
            out << "no variant matches '" << query << "'\n";
        return 0;
    }

    if (a.command == QLatin1String("export")) {
        const CatalogExporter::Result result = CatalogExporter(*catalog).exportCsv(a.positional.first());
        if (!result.ok) {
            err << "pinstage catalog export: " << result.error << "\n";
            return 1;
        }
        if (a.json)
            printJson(out,
                QJsonObject { { "file", QFileInfo(a.positional.first()).absoluteFilePath() },
                    { "products", result.products }, { "variants", result.variants } });
        else
            out << "exported " << result.products << " products, " << result.variants << " variants to "
                << QDir::toNativeSeparators(a.positional.first()) << "\n";
        return 0;
    }

    if (a.command == QLatin1String("images"))
        return runImages(*catalog, a.dataDir, a.json, out, err);

    const CatalogStats stats = catalog->stats(now);
    if (a.json) {
        printJson(out,
            QJsonObject { { "file", catalog->path() }, { "schemaRevision", catalog->schemaVersion() },
                { "products", stats.products }, { "variants", stats.variants }, { "onSale", stats.onSale },
                { "saleNotRunning", stats.saleNotRunning }, { "outOfStock", stats.outOfStock },
                { "backorder", stats.backorder }, { "continueSelling", stats.continueSelling },
                { "withoutCode", stats.withoutCode },
                { "images",
                    QJsonObject { { "total", stats.images }, { "cached", stats.imagesCached },
                        { "pending", stats.imagesPending }, { "broken", stats.imagesBroken } } } });
        return 0;
    }
    out << "catalog " << QDir::toNativeSeparators(catalog->path()) << " (schema revision " << catalog->schemaVersion()
        << ")\n"
        << "products " << stats.products << ", variants " << stats.variants << ", on sale " << stats.onSale << " ("
        << stats.saleNotRunning << " more with a sale price outside its dates), out of stock " << stats.outOfStock
        << ", on back-order " << stats.backorder << " (out of stock, still sold)\n"
        << "continue selling when out of stock " << stats.continueSelling << ", without SKU or barcode "
        << stats.withoutCode << " (pinned by pin code)\n"
        << "images " << stats.images << ": " << stats.imagesCached << " cached, " << stats.imagesPending << " waiting, "
        << stats.imagesBroken << " missing or broken\n";
    return 0;
}

} // namespace pinstage
