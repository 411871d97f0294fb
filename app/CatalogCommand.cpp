// SPDX-License-Identifier: GPL-2.0-or-later
#include "CatalogCommand.h"

#include "catalog/Catalog.h"
#include "catalog/CatalogExporter.h"
#include "catalog/CatalogImporter.h"
#include "catalog/ImageCache.h"
#include "catalog/ImageFetcher.h"
#include "util/Paths.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace pinstage {

namespace {

const char* const usage =
    "usage: pinstage catalog import FILE [--format auto|shopify|woocommerce|generic] [--map COLUMN=FIELD]... [--strict] [--dry-run]"
    " [--currency CODE]\n"
    "       pinstage catalog search QUERY [--limit N]\n"
    "       pinstage catalog export FILE\n"
    "       pinstage catalog stats\n"
    "       pinstage catalog images\n"
    "options for every command: --data-dir DIR, --json";

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
};

int usageError(QTextStream& err, const QString& message)
{
    err << "pinstage catalog: " << message << "\n" << usage << "\n";
    err.flush();
    return 2;
}

void printJson(QTextStream& out, const QJsonValue& value)
{
    out << (value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject())).toJson(QJsonDocument::Indented);
    out.flush();
}

QJsonObject variantJson(const VariantRow& row)
{
    QJsonObject json{{"variantId", row.variantId},
                     {"productId", row.productId},
                     {"sku", row.sku},
                     {"handle", row.handle},
                     {"title", row.productTitle},
                     {"variantTitle", row.variantTitle},
                     {"vendor", row.vendor},
                     {"priceCents", row.priceCents},
                     {"price", formatMoney(row.priceCents, row.currency)},
                     {"currency", row.currency},
                     {"onSale", row.onSale()},
                     {"barcode", row.barcode},
                     {"imagePath", row.imagePath},
                     {"imageUrl", row.imageUrl}};
    json.insert("compareAtCents", row.compareAtCents ? QJsonValue(*row.compareAtCents) : QJsonValue());
    json.insert("stock", row.stock ? QJsonValue(*row.stock) : QJsonValue());
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
                         outcomes.append({pending.value(id), {status, cachedPath, error}});
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
    const int stillPending = catalog.stats().imagesPending;
    if (json) {
        const auto list = [](const QList<const Outcome*>& items) {
            QJsonArray array;
            for (const Outcome* o : items)
                array.append(QJsonObject{{"imageId", o->image.id}, {"product", o->image.handle}, {"source", o->image.source}, {"reason", o->result.error}});
            return array;
        };
        printJson(out, QJsonObject{{"cached", cached},
                                   {"broken", int(broken.size())},
                                   {"pending", stillPending},
                                   {"brokenImages", list(broken)},
                                   {"pendingImages", list(deferred)}});
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
        if (word == QLatin1String("--json")) {
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
            return usageError(err, QStringLiteral("unknown option %1").arg(word));
        } else if (a.command.isEmpty()) {
            a.command = word;
        } else {
            a.positional.append(word);
        }
    }
    if (a.command.isEmpty())
        return usageError(err, QStringLiteral("missing command"));
    const QStringList commands = {"import", "search", "export", "stats", "images"};
    if (!commands.contains(a.command))
        return usageError(err, QStringLiteral("unknown command '%1'").arg(a.command));
    const int wanted = a.command == QLatin1String("stats") || a.command == QLatin1String("images") ? 0 : 1;
    if (a.positional.size() != wanted) {
        return usageError(err, wanted ? QStringLiteral("'%1' needs exactly one %2").arg(a.command, a.command == QLatin1String("search") ? "QUERY" : "FILE")
                                      : QStringLiteral("'%1' takes no arguments").arg(a.command));
    }
    const auto format = catalogFormatFromId(a.format);
    if (!format)
        return usageError(err, QStringLiteral("unknown format '%1' (auto, shopify, woocommerce or generic)").arg(a.format));

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

    if (a.command == QLatin1String("search")) {
        const QString query = a.positional.first();
        const QList<VariantRow> rows = catalog->search(query, a.limit);
        if (a.json) {
            QJsonArray array;
            for (const VariantRow& row : rows)
                array.append(variantJson(row));
            printJson(out, array);
            return 0;
        }
        for (const VariantRow& row : rows) {
            QString line = row.sku.leftJustified(14) + QLatin1Char(' ') + row.productTitle;
            if (!row.variantTitle.isEmpty())
                line += QStringLiteral(" (") + row.variantTitle + QLatin1Char(')');
            line += QStringLiteral("  ") + formatMoney(row.priceCents, row.currency);
            if (row.onSale())
                line += QStringLiteral(" (was ") + formatMoney(*row.compareAtCents, row.currency) + QLatin1Char(')');
            line += row.stock ? QStringLiteral("  stock %1").arg(*row.stock) : QStringLiteral("  stock not tracked");
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
            printJson(out, QJsonObject{{"file", QFileInfo(a.positional.first()).absoluteFilePath()}, {"products", result.products}, {"variants", result.variants}});
        else
            out << "exported " << result.products << " products, " << result.variants << " variants to "
                << QDir::toNativeSeparators(a.positional.first()) << "\n";
        return 0;
    }

    if (a.command == QLatin1String("images"))
        return runImages(*catalog, a.dataDir, a.json, out, err);

    const CatalogStats stats = catalog->stats();
    if (a.json) {
        printJson(out, QJsonObject{{"file", catalog->path()},
                                   {"schemaRevision", catalog->schemaVersion()},
                                   {"products", stats.products},
                                   {"variants", stats.variants},
                                   {"onSale", stats.onSale},
                                   {"outOfStock", stats.outOfStock},
                                   {"images", QJsonObject{{"total", stats.images},
                                                          {"cached", stats.imagesCached},
                                                          {"pending", stats.imagesPending},
                                                          {"broken", stats.imagesBroken}}}});
        return 0;
    }
    out << "catalog " << QDir::toNativeSeparators(catalog->path()) << " (schema revision " << catalog->schemaVersion() << ")\n"
        << "products " << stats.products << ", variants " << stats.variants << ", on sale " << stats.onSale << ", out of stock "
        << stats.outOfStock << "\n"
        << "images " << stats.images << ": " << stats.imagesCached << " cached, " << stats.imagesPending << " waiting, "
        << stats.imagesBroken << " missing or broken\n";
    return 0;
}

} // namespace pinstage
