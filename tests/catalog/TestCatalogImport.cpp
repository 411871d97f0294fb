// SPDX-License-Identifier: GPL-2.0-or-later
// Importers against named fixtures (tests/data/catalog), broken ones included: exact counts and
// exact messages, re-import, --strict, dry run, cancellation, export round trip, demo seed.

#include "CatalogTestUtil.h"

#include "catalog/CatalogExporter.h"
#include "catalog/CatalogImporter.h"
#include "catalog/ImageFetcher.h"
#include "catalog/Money.h"
#include "catalog/SqliteStatement.h"

#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QTest>

using namespace pinstage;
using namespace pinstage::test;

Q_DECLARE_METATYPE(pinstage::CatalogFormat)

class TestCatalogImport : public QObject {
    Q_OBJECT

private slots:
    void fixtures_data();
    void fixtures();
    void shopifyClassicFields();
    void wooCommerceFields();
    void genericSpreadsheetFields();
    void notAProductCsv();
    void missingColumn();
    void reimportUnchanged();
    void reimportUpdates();
    void strictRefusesWholeFile();
    void dryRunWritesNothing();
    void cancelLeavesCatalogAsItWas();
    void searchIndexFollowsBulkImports();
    void skuOwnedByAnotherProduct();
    void exportRoundTrip();
    void corruptImageIsReported();
    void demoSeed();
    void priceForms_data();
    void priceForms();

private:
    static QHash<QString, QString> germanMapping()
    {
        return { { "Produkt", "title" }, { "Artikelnummer", "sku" }, { "Preis", "price" },
            { "Angebotspreis", "sale_price" }, { "Bestand", "stock" }, { "Bild", "image" }, { "EAN", "barcode" } };
    }
};

void TestCatalogImport::fixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<CatalogFormat>("expectedFormat");
    QTest::addColumn<int>("products");
    QTest::addColumn<int>("variants");
    QTest::addColumn<QStringList>("rejected");
    QTest::addColumn<int>("warnings");

    QTest::newRow("shopify long-standing")
        << "shopify-classic.csv" << CatalogFormat::ShopifyClassic << 3 << 5 << QStringList() << 1;
    QTest::newRow("shopify new columns, CRLF")
        << "shopify-new.csv" << CatalogFormat::ShopifyNew << 2 << 3 << QStringList() << 0;
    QTest::newRow("woocommerce") << "woocommerce.csv" << CatalogFormat::WooCommerce << 4 << 5 << QStringList() << 1;
    QTest::newRow("BOM and CRLF") << "bom.csv" << CatalogFormat::ShopifyClassic << 1 << 2 << QStringList() << 0;
    QTest::newRow("semicolon separator, decimal comma")
        << "semicolon-shopify.csv" << CatalogFormat::ShopifyClassic << 1 << 1 << QStringList() << 0;
    QTest::newRow("quoted newline keeps line numbers")
        << "quoted-newline.csv" << CatalogFormat::ShopifyClassic << 1 << 1
        << QStringList { "line 5, column 'Variant Price': 'not-a-price' is not a price" } << 0;
    QTest::newRow("bad price") << "broken-bad-price.csv" << CatalogFormat::ShopifyClassic << 2 << 2
                               << QStringList { "line 3, column 'Variant Price': '12,x' is not a price",
                                      "line 4, column 'Variant Price': '-5.00' is not a price",
                                      "line 5, column 'Variant Compare At Price': 'abc' is not a price" }
                               << 0;
    QTest::newRow("unknown parent")
        << "broken-unknown-parent.csv" << CatalogFormat::WooCommerce << 2 << 2
        << QStringList { "line 4, column 'Parent': unknown parent 'NOPE': no variable product in this file has that "
                         "SKU or id",
               "line 5, column 'Parent': unknown parent 'id:99': no variable product in this file has that SKU or id",
               "line 6, column 'Parent': parent 'SOLO' is a simple product, not a variable one" }
        << 0;
    QTest::newRow("duplicate SKU")
        << "broken-duplicate-sku.csv" << CatalogFormat::ShopifyClassic << 2 << 3
        << QStringList { "line 4, column 'Variant SKU': duplicate SKU 'CND-1' (first used on line 2)" } << 0;
    QTest::newRow("truncated last line")
        << "broken-truncated.csv" << CatalogFormat::ShopifyClassic << 2 << 2
        << QStringList { "line 4, column 'Title': the last row stops after column 2 of 6 (the file looks truncated)" }
        << 0;
    QTest::newRow("unterminated quote")
        << "broken-unterminated-quote.csv" << CatalogFormat::ShopifyClassic << 1 << 1
        << QStringList { "line 3: a quoted field opened on this line is never closed (the file looks truncated)" } << 0;
}

void TestCatalogImport::fixtures()
{
    QFETCH(QString, file);
    QFETCH(CatalogFormat, expectedFormat);
    QFETCH(int, products);
    QFETCH(int, variants);
    QFETCH(QStringList, rejected);
    QFETCH(int, warnings);

    TempCatalog catalog;
    QVERIFY(catalog.catalog);
    const ImportReport report = CatalogImporter(*catalog).importFile(fixture(file), {});
    QVERIFY2(report.succeeded(), qPrintable(report.summary()));
    QCOMPARE(report.format, expectedFormat);
    QStringList texts;
    for (const auto& issue : report.rejected)
        texts.append(issue.text());
    QCOMPARE(texts, rejected);
    QCOMPARE(report.rowsRejected(), int(rejected.size()));
    QCOMPARE(report.warnings.size(), warnings);
    QCOMPARE(report.productsAdded, products);
    QCOMPARE(report.variantsAdded, variants);
    QCOMPARE(report.productsUpdated + report.productsUnchanged + report.variantsUpdated + report.variantsUnchanged, 0);
    QCOMPARE(catalog->productCount(), products);
    QCOMPARE(catalog->variantCount(), variants);
}

void TestCatalogImport::shopifyClassicFields()
{
    TempCatalog catalog;
    const ImportReport report = CatalogImporter(*catalog).importFile(fixture("shopify-classic.csv"), {});
    QCOMPARE(report.warnings.size(), 1);
    QCOMPARE(report.warnings.first().text(),
        QStringLiteral("line 6, column 'Variant Barcode': barcode '3.65275E+11' was turned into a number by a "
                       "spreadsheet; stored as "
                       "365275000000, but digits may have been lost: format the column as text and export again"));

    const auto m = catalog->variantBySku("TEE-M-WHT");
    QVERIFY(m);
    QCOMPARE(m->productTitle, QStringLiteral("Organic Cotton Tee"));
    QCOMPARE(m->variantTitle, QStringLiteral("M / White"));
    QCOMPARE(m->storedPriceCents, 2500);
    QCOMPARE(m->storedCompareAtCents, std::optional<qint64>(3000));
    QVERIFY(m->onSaleAt(testNow()));
    QCOMPARE(m->stock, std::optional<int>(0));
    QCOMPARE(m->vendor, QStringLiteral("Field Goods"));
    QCOMPARE(m->imageUrl, QFileInfo(fixture("images/tee-front.png")).absoluteFilePath()); // first product image

    const auto black = catalog->variantBySku("TEE-L-BLK");
    QVERIFY(black);
    QCOMPARE(black->stock, std::nullopt);
    QCOMPARE(black->imageUrl, QFileInfo(fixture("images/tee-black.png")).absoluteFilePath()); // its own image
    QVERIFY(!black->onSaleAt(testNow()));

    const auto wax = catalog->variantByCode("365275000000");
    QVERIFY(wax);
    QCOMPARE(wax->sku, QStringLiteral("WAX-01"));
    QCOMPARE(wax->productTitle, QStringLiteral("Wax Melts, Fig & Cassis"));
    QCOMPARE(wax->variantTitle, QString()); // "Default Title" is no option
    QCOMPARE(wax->storedPriceCents, 950);
    QCOMPARE(wax->imageUrl, QStringLiteral("https://cdn.example.com/wax.jpg"));
    QCOMPARE(wax->imagePath, QString()); // not fetched

    SqliteStatement description(
        catalog->handle(), "SELECT description, status, tags FROM products WHERE handle = 'wax-melts'");
    QVERIFY(description.step());
    QCOMPARE(description.text(0), QStringLiteral("Six melts. Burns clean.\n\nMade in Bristol."));
    QCOMPARE(description.text(1), QStringLiteral("draft"));
    SqliteStatement tee(catalog->handle(),
        "SELECT description, tags, (SELECT count(*) FROM images i WHERE i.product_id = p.id) FROM products p WHERE "
        "handle = 'tee'");
    QVERIFY(tee.step());
    QCOMPARE(tee.text(0), QStringLiteral("Soft & breathable."));
    QCOMPARE(tee.text(1), QStringLiteral("tops, cotton"));
    QCOMPARE(tee.integer(2), 4);
}

void TestCatalogImport::wooCommerceFields()
{
    TempCatalog catalog;
    const ImportReport report = CatalogImporter(*catalog).importFile(fixture("woocommerce.csv"), {});
    QCOMPARE(report.warnings.first().text(),
        QStringLiteral("line 6, column 'Type': grouped product 'Winter Bundle' skipped: a group has no price of its "
                       "own; its members "
                       "are imported from their own rows"));
    const auto medium = catalog->variantBySku("HOOD-M-NAVY"); // listed before its parent, linked by id:100
    QVERIFY(medium);
    QCOMPARE(medium->productTitle, QStringLiteral("Hoodie"));
    QCOMPARE(medium->variantTitle, QStringLiteral("M / Navy"));
    QCOMPARE(medium->storedPriceCents, 4500);
    QCOMPARE(medium->stock, std::optional<int>(4));
    QCOMPARE(medium->imageUrl, QStringLiteral("https://shop.example.com/hoodie-navy.jpg"));
    const auto large = catalog->variantBySku("HOOD-L-NAVY"); // linked by SKU, on sale
    QVERIFY(large);
    QCOMPARE(large->storedPriceCents, 3900);
    QCOMPARE(large->storedCompareAtCents, std::optional<qint64>(4500));
    QCOMPARE(large->stock, std::optional<int>(0));
    QCOMPARE(large->handle, QStringLiteral("hood"));
    const auto socks = catalog->variantBySku("SOCKS-3");
    QVERIFY(socks);
    QCOMPARE(socks->imageUrl, QStringLiteral("https://shop.example.com/socks-1.jpg"));
    QVERIFY(catalog->variantBySku("EXT-1"));
    QVERIFY(!catalog->variantBySku("BUNDLE"));
    SqliteStatement wrap(catalog->handle(), "SELECT status FROM products WHERE handle = 'gift-w'");
    QVERIFY(wrap.step());
    QCOMPARE(wrap.text(0), QStringLiteral("draft"));
}

void TestCatalogImport::genericSpreadsheetFields()
{
    TempCatalog catalog;
    ImportOptions options;
    options.columnMap = germanMapping();
    options.currency = QStringLiteral("EUR");
    const ImportReport report = CatalogImporter(*catalog).importFile(fixture("generic-semicolon.csv"), options);
    QVERIFY2(report.succeeded(), qPrintable(report.summary()));
    QCOMPARE(report.format, CatalogFormat::Generic);
    QCOMPARE(report.productsAdded, 3);
    QCOMPARE(report.rowsRejected(), 0);
    QCOMPARE(report.warnings.size(), 1);
    QCOMPARE(report.warnings.first().line, 3);
    const auto pot = catalog->variantBySku("TK-01");
    QVERIFY(pot);
    QCOMPARE(pot->storedPriceCents, 2990);
    QCOMPARE(pot->storedCompareAtCents, std::optional<qint64>(3490));
    QCOMPARE(pot->currency, QStringLiteral("EUR"));
    QCOMPARE(pot->barcode, QStringLiteral("4006381333931"));
    // The show's locale writes the price (en_US until set); a German show writes it the German way.
    QCOMPARE(formatMoney(pot->storedPriceCents, pot->currency), QStringLiteral("€29.90"));
    QCOMPARE(
        formatMoney(pot->storedPriceCents, pot->currency, QStringLiteral("de_DE")), QStringLiteral("29,90\u00A0€"));
    const auto advent = catalog->variantBySku("KS-04");
    QVERIFY(advent);
    QCOMPARE(advent->productTitle, QStringLiteral("Kerzenset \"Advent\""));
    QCOMPARE(advent->stock, std::nullopt);
}

void TestCatalogImport::notAProductCsv()
{
    TempCatalog catalog;
    const ImportReport report = CatalogImporter(*catalog).importFile(fixture("not-a-product.csv"), {});
    QVERIFY(report.refused);
    QCOMPARE(report.refusal,
        QStringLiteral("this is not a product CSV: the header row has 'Date', 'Amount', 'Description'; ")
            + CatalogImporter::expectedFormatsText());
    QCOMPARE(catalog->productCount(), 0);

    const ImportReport binary = CatalogImporter(*catalog).importFile(fixture("images/tee-front.png"), {});
    QVERIFY(binary.refused);
    QCOMPARE(binary.refusal,
        QStringLiteral("this is not a text file: a PNG image; ") + CatalogImporter::expectedFormatsText());
}

void TestCatalogImport::missingColumn()
{
    TempCatalog catalog;
    const ImportReport report = CatalogImporter(*catalog).importFile(fixture("broken-missing-column.csv"), {});
    QVERIFY(report.refused);
    QCOMPARE(report.refusal,
        QStringLiteral("the header row of this Shopify product CSV (long-standing columns) lacks the required column "
                       "'Variant Price'"));
    QCOMPARE(catalog->productCount(), 0);
}

void TestCatalogImport::reimportUnchanged()
{
    TempCatalog catalog;
    CatalogImporter importer(*catalog);
    importer.importFile(fixture("shopify-classic.csv"), {});
    const ImportReport again = importer.importFile(fixture("shopify-classic.csv"), {});
    QCOMPARE(again.productsAdded + again.productsUpdated, 0);
    QCOMPARE(again.productsUnchanged, 3);
    QCOMPARE(again.variantsAdded + again.variantsUpdated + again.variantsRemoved, 0);
    QCOMPARE(again.variantsUnchanged, 5);
    QCOMPARE(again.imagesQueued, 0);
}

void TestCatalogImport::reimportUpdates()
{
    TempCatalog catalog;
    CatalogImporter importer(*catalog);
    importer.importFile(fixture("shopify-classic.csv"), {});
    const qint64 mediumId = catalog->variantBySku("TEE-M-WHT")->variantId;
    const ImportReport update = importer.importFile(fixture("shopify-classic-update.csv"), {});
    QVERIFY2(update.succeeded(), qPrintable(update.summary()));
    QCOMPARE(update.productsAdded, 0);
    QCOMPARE(update.productsUpdated, 1); // wax melts: new title
    QCOMPARE(update.productsUnchanged, 2); // tee, gift card
    QCOMPARE(update.variantsAdded, 1); // TEE-XL-BLK
    QCOMPARE(update.variantsUpdated, 1); // TEE-M-WHT: new price
    QCOMPARE(update.variantsUnchanged, 3);
    QCOMPARE(update.variantsRemoved, 1); // TEE-L-BLK
    QCOMPARE(update.summary(),
        QDir::toNativeSeparators(fixture("shopify-classic-update.csv"))
            + QStringLiteral(" (Shopify product CSV (long-standing columns)): products 0 added, 1 updated, 2 "
                             "unchanged; variants 1 added, "
                             "1 updated, 3 unchanged, 1 removed; 0 rows rejected."));
    const auto medium = catalog->variantBySku("TEE-M-WHT");
    QCOMPARE(medium->variantId, mediumId); // updated in place
    QCOMPARE(medium->storedPriceCents, 2200);
    QVERIFY(!catalog->variantBySku("TEE-L-BLK"));
    QCOMPARE(catalog->search("blackcurrant", 5).size(), 1); // the search index follows the new title
    QCOMPARE(catalog->search("cassis", 5).size(), 0);
}

void TestCatalogImport::strictRefusesWholeFile()
{
    TempCatalog catalog;
    ImportOptions options;
    options.strict = true;
    const ImportReport report = CatalogImporter(*catalog).importFile(fixture("broken-bad-price.csv"), options);
    QVERIFY(report.refused);
    QCOMPARE(report.refusal,
        QStringLiteral("line 3, column 'Variant Price': '12,x' is not a price (--strict: the whole file was refused)"));
    QCOMPARE(report.rowsRead, 2); // stopped at the first error
    QCOMPARE(catalog->productCount(), 0);

    const ImportReport good = CatalogImporter(*catalog).importFile(fixture("shopify-new.csv"), options);
    QVERIFY(good.succeeded());
    QCOMPARE(catalog->productCount(), 2);
}

void TestCatalogImport::dryRunWritesNothing()
{
    TempCatalog catalog;
    const ImportReport preview = CatalogImporter(*catalog).preview(fixture("broken-duplicate-sku.csv"), {});
    QVERIFY(preview.dryRun);
    QCOMPARE(preview.format, CatalogFormat::ShopifyClassic);
    QCOMPARE(preview.productsAdded, 2);
    QCOMPARE(preview.variantsAdded, 3);
    QCOMPARE(preview.rowsRejected(), 1);
    QCOMPARE(catalog->productCount(), 0);
    QCOMPARE(catalog->variantCount(), 0);
}

void TestCatalogImport::cancelLeavesCatalogAsItWas()
{
    TempCatalog catalog;
    CatalogImporter importer(*catalog);
    importer.importFile(fixture("shopify-new.csv"), {});
    ImportOptions options;
    int calls = 0;
    options.progress = [&](double) { return ++calls < 1; }; // cancel at the first progress call
    const ImportReport report = importer.importFile(fixture("shopify-classic.csv"), options);
    QVERIFY(report.cancelled);
    QVERIFY(!report.succeeded());
    QCOMPARE(calls, 1);
    QCOMPARE(catalog->productCount(), 2);
    QCOMPARE(catalog->variantCount(), 3);
    QVERIFY(!catalog->variantBySku("TEE-S-WHT"));
}

void TestCatalogImport::searchIndexFollowsBulkImports()
{
    // Imports defer the search triggers (SearchIndexBatch): whatever happens, the triggers are
    // back afterwards and the index holds exactly one row per variant.
    TempCatalog catalog;
    auto checkIndex = [&](const char* step) {
        SqliteStatement q(catalog->handle(), R"SQL(
            SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%variant_search%'),
                   (SELECT count(*) FROM variant_search), (SELECT count(*) FROM variants),
                   (SELECT count(*) FROM variant_search WHERE rowid NOT IN (SELECT id FROM variants)))SQL");
        QVERIFY2(q.step(), step);
        QVERIFY2(q.integer(0) == 4, step);
        QVERIFY2(q.integer(1) == q.integer(2), step);
        QVERIFY2(q.integer(3) == 0, step);
        // Every index row holds what its variant holds now (an id reused after a delete included).
        SqliteStatement stale(catalog->handle(), R"SQL(
            SELECT count(*) FROM variants v JOIN products p ON p.id = v.product_id
            LEFT JOIN variant_search s ON s.rowid = v.id
            WHERE s.title IS NOT p.title OR s.sku IS NOT v.sku OR s.handle IS NOT p.handle
               OR s.vendor IS NOT p.vendor OR s.tags IS NOT p.tags OR s.barcode IS NOT v.barcode
               OR s.options IS NOT v.option1 || ' ' || v.option2 || ' ' || v.option3)SQL");
        QVERIFY2(stale.step() && stale.integer(0) == 0, step);
        // The bulk refresh's larger FTS5 hash is not left behind in the stored configuration.
        SqliteStatement hash(catalog->handle(), "SELECT v FROM variant_search_config WHERE k = 'hashsize'");
        QVERIFY2(!hash.step() || hash.integer(0) == 1048576, step);
    };
    CatalogImporter importer(*catalog);
    QVERIFY(importer.importFile(fixture("shopify-classic.csv"), {}).succeeded());
    checkIndex("first import");
    QVERIFY(importer.preview(fixture("shopify-classic-update.csv"), {}).dryRun);
    checkIndex("dry run");
    ImportOptions cancelling;
    cancelling.progress = [](double) { return false; };
    QVERIFY(importer.importFile(fixture("shopify-classic-update.csv"), cancelling).cancelled);
    checkIndex("cancelled import");
    const ImportReport update = importer.importFile(fixture("shopify-classic-update.csv"), {});
    QVERIFY(update.succeeded());
    checkIndex("update");
    // A variant removed and another added: the new row takes the freed id (the highest), and the
    // index row of that id must describe the new variant, not the removed one.
    const QByteArray before = "Handle,Title,Variant SKU,Variant Price,Option1 Name,Option1 Value\n"
                              "reuse,Reuse Mug,REUSE-1,8.00,Size,Small\nreuse,,REUSE-2,9.00,,Large\n";
    QVERIFY(importer.importData(before, QStringLiteral("before.csv"), {}).succeeded());
    checkIndex("before the id is freed");
    const qint64 freedId = catalog->variantBySku("REUSE-2")->variantId;
    const QByteArray after = "Handle,Title,Variant SKU,Variant Price,Option1 Name,Option1 Value\n"
                             "reuse,Reuse Mug,REUSE-1,8.00,Size,Small\nreuse,,PLAIN-3,9.00,,Giant\n";
    const ImportReport reused = importer.importData(after, QStringLiteral("after.csv"), {});
    QVERIFY(reused.succeeded());
    QCOMPARE(reused.variantsRemoved, 1);
    QCOMPARE(reused.variantsAdded, 1);
    QCOMPARE(catalog->variantBySku("PLAIN-3")->variantId, freedId);
    checkIndex("id reused");
    QCOMPARE(catalog->search("giant", 10).size(), 1);
    QCOMPARE(catalog->search("REUSE-2", 10).size(), 0);
    // A write outside an import is indexed by the triggers again.
    QVERIFY(sqliteExec(
        catalog->handle(), "UPDATE products SET title = 'Zanzibar Thing' WHERE id = (SELECT min(id) FROM products)"));
    QCOMPARE(catalog->search("zanzib", 10).size(), catalog->search("zanzib", 100).size());
    QVERIFY(!catalog->search("zanzib", 10).isEmpty());
    checkIndex("direct edit");
}

void TestCatalogImport::skuOwnedByAnotherProduct()
{
    TempCatalog catalog;
    CatalogImporter importer(*catalog);
    importer.importFile(fixture("bom.csv"), {});
    const QByteArray csv
        = "Handle,Title,Variant SKU,Variant Price\nshampoo,Shampoo Bar,SOAP-1,8.00\nshampoo,,SHAM-2,8.00\n";
    const ImportReport report = importer.importData(csv, QStringLiteral("clash.csv"), {});
    QCOMPARE(report.rowsRejected(), 1);
    QCOMPARE(report.rejected.first().text(),
        QStringLiteral("line 2, column 'Variant SKU': SKU 'SOAP-1' already belongs to product 'soap' in the catalog"));
    QCOMPARE(report.productsAdded, 1);
    QCOMPARE(report.variantsAdded, 1);
    QCOMPARE(catalog->variantBySku("SOAP-1")->handle, QStringLiteral("soap"));
}

void TestCatalogImport::exportRoundTrip()
{
    TempCatalog first;
    CatalogImporter importer(*first);
    importer.importFile(fixture("shopify-classic.csv"), {});
    importer.importFile(fixture("woocommerce.csv"), {});
    ImportOptions generic;
    generic.columnMap = germanMapping();
    generic.currency = QStringLiteral("EUR");
    importer.importFile(fixture("generic-semicolon.csv"), generic);
    importer.importFile(fixture("shopify-new.csv"), {});

    const QString exported = first.dir.filePath(QStringLiteral("export.csv"));
    const CatalogExporter::Result result = CatalogExporter(*first).exportCsv(exported);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(result.products, first->productCount());
    QCOMPARE(result.variants, first->variantCount());

    // Into the same catalog: nothing changes.
    const ImportReport again = importer.importFile(exported, {});
    QVERIFY2(again.succeeded(), qPrintable(again.summary()));
    QCOMPARE(again.rowsRejected(), 0);
    QCOMPARE(again.productsAdded + again.productsUpdated, 0);
    QCOMPARE(again.productsUnchanged, first->productCount());
    QCOMPARE(again.variantsAdded + again.variantsUpdated + again.variantsRemoved, 0);
    QCOMPARE(again.variantsUnchanged, first->variantCount());

    // Into an empty catalog: the same rows, and the same export byte for byte.
    TempCatalog second;
    const ImportReport fresh = CatalogImporter(*second).importFile(exported, {});
    QCOMPARE(fresh.rowsRejected(), 0);
    auto dump = [](const Catalog& c) {
        QStringList lines;
        for (const VariantRow& r : c.search(QString(), 1000))
            lines.append(QStringList { r.sku, r.handle, r.productTitle, r.variantTitle, r.vendor,
                QString::number(r.storedPriceCents),
                r.storedCompareAtCents ? QString::number(*r.storedCompareAtCents) : "-", r.currency,
                r.stock ? QString::number(*r.stock) : "-", r.barcode, r.imageUrl }
                             .join('|'));
        return lines;
    };
    QCOMPARE(dump(*second), dump(*first));
    const QString exportedAgain = second.dir.filePath(QStringLiteral("export.csv"));
    QVERIFY(CatalogExporter(*second).exportCsv(exportedAgain).ok);
    QFile a(exported), b(exportedAgain);
    QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    QCOMPARE(b.readAll(), a.readAll());
}

void TestCatalogImport::corruptImageIsReported()
{
    TempCatalog catalog;
    ImportReport report = CatalogImporter(*catalog).importFile(fixture("images.csv"), {});
    QCOMPARE(report.productsAdded, 4);
    QCOMPARE(report.imagesQueued, 4);
    const QString cacheDir = ImageFetcher::cacheDirIn(catalog.dir.path());
    QList<ImageFetcher::Status> statuses;
    const int processed = ImageFetcher::processPending(*catalog, cacheDir, &report, nullptr,
        [&](qint64, const ImageFetcher::Result& r) { statuses.append(r.status); });
    QCOMPARE(processed, 3); // the URL stays queued
    QCOMPARE(statuses,
        (QList<ImageFetcher::Status> { ImageFetcher::Status::Cached, ImageFetcher::Status::Broken,
            ImageFetcher::Status::Missing, ImageFetcher::Status::Deferred }));
    QCOMPARE(report.warnings.size(), 2);
    QVERIFY2(report.warnings.at(0).text().startsWith(QStringLiteral("product 'corrupt': image ")
                 + QDir::toNativeSeparators(fixture("images/broken.png")) + QStringLiteral(" cannot be read: ")),
        qPrintable(report.warnings.at(0).text()));
    QCOMPARE(report.warnings.at(1).text(),
        QStringLiteral("product 'missing': image %1 does not exist")
            .arg(QDir::toNativeSeparators(fixture("images/does-not-exist.png"))));
    const auto good = catalog->variantBySku("IMG-1");
    QVERIFY(QFileInfo(good->imagePath).isFile());
    QCOMPARE(QImage(good->imagePath).size(), QSize(480, 320)); // thumbnailed to fit 480x480
    QCOMPARE(catalog->variantBySku("IMG-2")->imagePath, QString());
    const CatalogStats stats = catalog->stats(testNow());
    QCOMPARE(stats.imagesCached, 1);
    QCOMPARE(stats.imagesBroken, 2);
    QCOMPARE(stats.imagesPending, 1);
}

void TestCatalogImport::demoSeed()
{
    TempCatalog catalog;
    QString error;
    QVERIFY2(seedDemoCatalog(*catalog, catalog.dir.path(), &error), qPrintable(error));
    QCOMPARE(catalog->productCount(), 12);
    QVERIFY(catalog->variantCount() >= 16);
    const auto sale = catalog->variantBySku("PS-1001");
    QVERIFY(sale);
    QVERIFY(sale->onSaleAt(testNow()));
    QVERIFY2(QFileInfo(sale->imagePath).isFile(), qPrintable(sale->imagePath));
    QVERIFY(catalog->variantBySku("PS-1002"));
    const CatalogStats stats = catalog->stats(testNow());
    QCOMPARE(stats.imagesCached, 12);
    QCOMPARE(stats.imagesBroken, 0);
    // Seeding again does nothing.
    QVERIFY(seedDemoCatalog(*catalog, catalog.dir.path(), &error));
    QCOMPARE(catalog->productCount(), 12);
}

QTEST_GUILESS_MAIN(TestCatalogImport)
void TestCatalogImport::priceForms_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("currency");
    QTest::addColumn<qint64>("expected"); // -1: not a price
    // The plain form every export writes (read by a fast path) ...
    QTest::newRow("24.99") << "24.99"
                           << "USD" << qint64(2499);
    QTest::newRow("1200") << "1200"
                          << "USD" << qint64(120000);
    QTest::newRow("5.5") << "5.5"
                         << "EUR" << qint64(550);
    QTest::newRow("0012.5") << "0012.5"
                            << "USD" << qint64(1250);
    QTest::newRow("0") << "0"
                       << "USD" << qint64(0);
    QTest::newRow("2500 JPY") << "2500"
                              << "JPY" << qint64(2500);
    QTest::newRow("13 digits") << "1234567890123"
                               << "USD" << qint64(123456789012300);
    // ... and what only the general reader accepts or refuses, the same as before the fast path.
    QTest::newRow("14 digits") << "12345678901234"
                               << "USD" << qint64(-1);
    QTest::newRow("2500.5 JPY") << "2500.5"
                                << "JPY" << qint64(-1);
    QTest::newRow("24.990") << "24.990"
                            << "USD" << qint64(2499);
    QTest::newRow("1.234") << "1.234"
                           << "USD" << qint64(-1);
    QTest::newRow("1,234") << "1,234"
                           << "USD" << qint64(123400);
    QTest::newRow("24,99") << "24,99"
                           << "EUR" << qint64(2499);
    QTest::newRow("$1,234.50") << "$1,234.50"
                               << "USD" << qint64(123450);
    QTest::newRow("1.234,50 €") << "1.234,50 €"
                                << "EUR" << qint64(123450);
    QTest::newRow("12.") << "12."
                         << "USD" << qint64(1200);
    QTest::newRow(".5") << ".5"
                        << "USD" << qint64(50);
    QTest::newRow("-5.00") << "-5.00"
                           << "USD" << qint64(-1);
    QTest::newRow("12.5x") << "12.5x"
                           << "USD" << qint64(-1);
    QTest::newRow("free") << "free"
                          << "USD" << qint64(-1);
}

void TestCatalogImport::priceForms()
{
    QFETCH(QString, text);
    QFETCH(QString, currency);
    QFETCH(qint64, expected);
    QCOMPARE(parseMoney(text, currency).value_or(-1), expected);
}

#include "TestCatalogImport.moc"
