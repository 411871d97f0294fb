// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog/CatalogImporter.h"

#include "catalog/Catalog.h"
#include "catalog/CatalogWriter.h"
#include "catalog/CsvReader.h"
#include "catalog/GenericCsvParser.h"
#include "catalog/SearchIndexBatch.h"
#include "catalog/ShopifyCsvParser.h"
#include "catalog/SqliteTransaction.h"
#include "catalog/WooCommerceCsvParser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <memory>

namespace pinstage {
namespace {

    // True when the row has a non-blank value at or after column FROM (trailing empty columns, which
    // some spreadsheets add, are harmless).
    bool hasValueAfter(const CsvReader& row, int from)
    {
        for (int i = from; i < row.fieldCount(); ++i) {
            if (!row.field(i).trimmed().isEmpty())
                return true;
        }
        return false;
    }

} // namespace

CatalogImporter::CatalogImporter(Catalog& catalog)
    : m_catalog(catalog)
{
}

CatalogFormat CatalogImporter::detectFormat(const QStringList& header)
{
    if (ShopifyCsvParser::looksNew(header))
        return CatalogFormat::ShopifyNew;
    if (ShopifyCsvParser::looksClassic(header))
        return CatalogFormat::ShopifyClassic;
    if (WooCommerceCsvParser::looksLikeWooCommerce(header))
        return CatalogFormat::WooCommerce;
    if (!GenericCsvParser::identityMapping(header).isEmpty())
        return CatalogFormat::Generic;
    return CatalogFormat::Auto;
}

QString CatalogImporter::expectedFormatsText()
{
    return QStringLiteral(
        "expected a Shopify product CSV (columns Handle, Title, Variant Price, ... or URL handle, Title, Price, ...), "
        "a WooCommerce product CSV (Type, SKU, Name, Regular price, ...) or a spreadsheet with a column mapping "
        "(--map COLUMN=FIELD for at least title and price)");
}

ImportReport CatalogImporter::importFile(const QString& path, const ImportOptions& options)
{
    QFile file(path);
    const QString name = QDir::toNativeSeparators(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ImportReport report;
        report.fileName = name;
        report.strict = options.strict;
        report.dryRun = options.dryRun;
        report.refuse(QStringLiteral("cannot read the file: %1").arg(file.errorString()));
        return report;
    }
    ImportOptions withBase = options;
    if (withBase.baseDir.isEmpty())
        withBase.baseDir = QFileInfo(path).absolutePath();
    return importData(file.readAll(), name, withBase);
}

ImportReport CatalogImporter::preview(const QString& path, ImportOptions options)
{
    options.dryRun = true;
    return importFile(path, options);
}

ImportReport CatalogImporter::importData(QByteArray data, const QString& fileName, const ImportOptions& options)
{
    ImportReport report;
    report.fileName = fileName;
    report.strict = options.strict;
    report.dryRun = options.dryRun;
    report.format = options.format;

    CsvReader reader(std::move(data));
    if (!reader.binaryReason().isEmpty()) {
        report.refuse(
            QStringLiteral("this is not a text file: %1; %2").arg(reader.binaryReason(), expectedFormatsText()));
        return report;
    }
    report.encoding = reader.encodingDescription();
    if (!reader.next()) {
        report.refuse(QStringLiteral("the file is empty; %1").arg(expectedFormatsText()));
        return report;
    }
    if (reader.wasLatin1())
        report.warn(0, QString(), QStringLiteral("the file is not UTF-8; it was read as Windows-1252"));
    else if (!reader.hadBom() && reader.encoding() != CsvReader::Encoding::Utf8)
        report.warn(0, QString(),
            QStringLiteral("the file has no byte-order mark; it was read as %1 because every other byte is zero")
                .arg(reader.encodingDescription().section(QLatin1Char(' '), 0, 0)));
    QStringList header;
    for (int i = 0; i < reader.fieldCount(); ++i)
        header.append(reader.field(i).trimmed());
    while (!header.isEmpty() && header.constLast().isEmpty())
        header.removeLast(); // spreadsheets add empty trailing columns

    ImportOptions effective = options;
    if (effective.format == CatalogFormat::Auto && !effective.columnMap.isEmpty())
        effective.format = CatalogFormat::Generic;
    if (effective.format == CatalogFormat::Auto) {
        effective.format = detectFormat(header);
        if (effective.format == CatalogFormat::Generic)
            effective.columnMap = GenericCsvParser::identityMapping(header);
    } else if (effective.format == CatalogFormat::ShopifyClassic && ShopifyCsvParser::looksNew(header)) {
        effective.format = CatalogFormat::ShopifyNew; // "--format shopify" covers both header sets
    } else if (effective.format == CatalogFormat::Generic && effective.columnMap.isEmpty()) {
        effective.columnMap = GenericCsvParser::identityMapping(header);
    }
    report.format = effective.format;
    if (effective.format == CatalogFormat::Auto) {
        QStringList shown = header.mid(0, 8);
        for (QString& name : shown)
            name = name.left(40);
        report.refuse(
            QStringLiteral("this is not a product CSV: the header row has %1%2; %3")
                .arg(shown.isEmpty() ? QStringLiteral("no columns")
                                     : QLatin1Char('\'') + shown.join(QStringLiteral("', '")) + QLatin1Char('\''),
                    header.size() > shown.size() ? QStringLiteral(", ...") : QString(), expectedFormatsText()));
        return report;
    }

    std::unique_ptr<ProductCsvParser> parser;
    switch (effective.format) {
    case CatalogFormat::ShopifyClassic:
    case CatalogFormat::ShopifyNew:
        parser = std::make_unique<ShopifyCsvParser>(report, effective, effective.format == CatalogFormat::ShopifyNew);
        break;
    case CatalogFormat::WooCommerce:
        parser = std::make_unique<WooCommerceCsvParser>(report, effective);
        break;
    default:
        parser = std::make_unique<GenericCsvParser>(report, effective);
        break;
    }
    if (!parser->readHeader(header))
        return report;

    auto strictStop = [&] {
        if (!effective.strict || report.rejected.isEmpty())
            return false;
        report.refuse(
            QStringLiteral("%1 (--strict: the whole file was refused)").arg(report.rejected.constFirst().text()));
        return true;
    };
    auto cancelled = [&](double fraction) {
        if (effective.progress && !effective.progress(fraction)) {
            report.cancelled = true;
            return true;
        }
        return false;
    };

    while (reader.next()) {
        ++report.rowsRead;
        if (reader.unterminatedQuote()) {
            report.reject(reader.line(), QString(),
                QStringLiteral("a quoted field opened on this line is never closed (the file looks truncated)"));
        } else if (reader.atEndWithoutNewline() && reader.fieldCount() < header.size()) {
            report.reject(reader.line(), header.value(reader.fieldCount() - 1),
                QStringLiteral("the last row stops after column %1 of %2 (the file looks truncated)")
                    .arg(reader.fieldCount())
                    .arg(header.size()));
        } else if (reader.fieldCount() > header.size() && hasValueAfter(reader, header.size())) {
            // More values than columns: a separator inside an unquoted value shifted every column
            // after it (a decimal comma in "12,50" is the usual cause). Importing it would store
            // wrong prices without a word.
            report.reject(reader.line(), header.value(header.size() - 1),
                QStringLiteral("this row has %1 values but the header has %2 columns: a value holds the "
                               "separator without quotes (a decimal comma such as 12,50?); quote it or "
                               "export with another separator")
                    .arg(reader.fieldCount())
                    .arg(header.size()));
        } else {
            parser->readRecord(reader);
        }
        if (strictStop())
            return report;
        // Half of the progress bar is reading, half is writing.
        if ((report.rowsRead & 2047) == 0 && cancelled(reader.progress() * 0.5))
            return report;
    }
    const QList<ImportedProduct> products = parser->finish();
    if (strictStop())
        return report;

    sqlite3* db = m_catalog.handle();
    SqliteTransaction transaction(db);
    if (!transaction.isActive()) {
        report.refuse(QStringLiteral("cannot write to the catalog %1: %2")
                          .arg(QDir::toNativeSeparators(m_catalog.path()), transaction.error()));
        return report;
    }
    // The search index is brought up to date once at the end instead of row by row.
    SearchIndexBatch searchIndex(db);
    if (!searchIndex.start()) {
        report.refuse(QStringLiteral("cannot write to the catalog: %1").arg(searchIndex.error()));
        return report;
    }
    CatalogWriter writer(db, report, parser->skuColumnName());
    if (!writer.isValid()) {
        report.refuse(QStringLiteral("cannot write to the catalog: %1").arg(writer.error()));
        return report;
    }
    for (int i = 0; i < products.size(); ++i) {
        if (!writer.write(products.at(i))) {
            report.refuse(QStringLiteral("cannot write product '%1' (line %2) to the catalog: %3; nothing was imported")
                              .arg(products.at(i).handle)
                              .arg(products.at(i).line)
                              .arg(writer.error()));
            return report;
        }
        if (strictStop())
            return report;
        if ((i & 511) == 511 && cancelled(0.5 + 0.5 * double(i) / double(products.size())))
            return report;
    }
    if (cancelled(1.0))
        return report;
    if (effective.dryRun)
        return report; // the transaction rolls back
    if (!searchIndex.finish()) {
        report.refuse(QStringLiteral("cannot update the catalog's search index: %1; nothing was imported")
                          .arg(searchIndex.error()));
        return report;
    }
    if (!transaction.commit())
        report.refuse(QStringLiteral("cannot save the catalog %1: %2")
                          .arg(QDir::toNativeSeparators(m_catalog.path()), transaction.error()));
    return report;
}

} // namespace pinstage
