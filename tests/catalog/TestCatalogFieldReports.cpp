// SPDX-License-Identifier: GPL-2.0-or-later
// The field reports of issue 6 (faults 1-5), one named fixture per case in tests/data/catalog:
// each is imported and checked for the exact stored values (the catalog's own columns) and the
// exact card a pin would put on air (PinController::cardFor at a given moment), and for what
// export and re-import keep.

#include "CatalogTestUtil.h"

#include "catalog/CatalogExporter.h"
#include "catalog/CatalogImporter.h"
#include "catalog/CsvReader.h"
#include "catalog/HtmlEntities.h"
#include "catalog/SqliteStatement.h"
#include "show/PinController.h"

#include <QFile>
#include <QTest>

using namespace pinstage;
using namespace pinstage::test;

namespace {

/// The stored row of a variant, as the catalog file holds it: "SKU|price|compare-at|stock|policy|starts|ends".
QString storedVariant(const Catalog& catalog, const QString& sku)
{
    SqliteStatement q(catalog.handle(),
        "SELECT sku, price_cents, compare_at_cents, stock, inventory_policy, sale_starts, sale_ends"
        " FROM variants WHERE sku = ?");
    q.bind(1, sku);
    if (!q.step())
        return QStringLiteral("(no variant %1)").arg(sku);
    QStringList fields;
    for (int column = 0; column < 7; ++column)
        fields.append(q.isNull(column) ? QStringLiteral("-") : q.text(column));
    return fields.join(QLatin1Char('|'));
}

/// What a card shows: "title|subtitle|price|compare-at|stock line".
QString cardText(const CardContent& card)
{
    return QStringList { card.title, card.variantLabel, card.price, card.compareAtPrice, card.stockText() }.join(
        QLatin1Char('|'));
}

QString cardAt(const Catalog& catalog, const QString& code, const QDateTime& now)
{
    const auto variant = catalog.variantByPinCode(code);
    return variant ? cardText(PinController::cardFor(*variant, now)) : QStringLiteral("(no variant %1)").arg(code);
}

QStringList issueTexts(const QList<ImportReport::Issue>& issues)
{
    QStringList texts;
    for (const auto& issue : issues)
        texts.append(issue.text());
    return texts;
}

QDateTime local(int y, int m, int d, int h = 0, int min = 0, int s = 0, int ms = 0)
{
    return QDateTime(QDate(y, m, d), QTime(h, min, s, ms), Qt::LocalTime);
}

} // namespace

class TestCatalogFieldReports : public QObject {
    Q_OBJECT

private slots:
    // 1: byte-order marks
    void encodings_data();
    void encodings();
    void binaryIsRefusedNamingWhatItIs_data();
    void binaryIsRefusedNamingWhatItIs();
    // 2: sale schedules
    void decimalCommaShiftsColumns();
    void saleSchedule();
    void saleScheduleAtTheEdges();
    void saleScheduleStatsAndExport();
    // 3: HTML character references
    void htmlEntitiesWooCommerce();
    void htmlEntitiesShopify();
    void htmlEntityForms_data();
    void htmlEntityForms();
    // 4: continue selling when out of stock
    void inventoryPolicyShopify();
    void inventoryPolicyShopifyNewHeaders();
    void backordersWooCommerce();
    void inventoryPolicySurvivesExport();
    // 5: pin codes
    void pinCodes();
};

void TestCatalogFieldReports::encodings_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<QString>("sku");
    QTest::addColumn<QString>("title");
    QTest::addColumn<qint64>("priceCents");
    QTest::addColumn<QStringList>("warnings");

    QTest::newRow("Excel Unicode Text: UTF-16LE, BOM, tabs")
        << "excel-unicode-text.txt"
        << "UTF-16LE with a byte-order mark"
        << "MUG-1" << QStringLiteral("Café Mug") << qint64(1200) << QStringList();
    QTest::newRow("UTF-16BE, BOM, commas")
        << "utf16be.csv"
        << "UTF-16BE with a byte-order mark"
        << "TEA-1" << QStringLiteral("Matcha Tea “Uji”") << qint64(1800) << QStringList();
    QTest::newRow("UTF-8, BOM, tabs") << "utf8-bom-tabs.txt"
                                      << "UTF-8 with a byte-order mark"
                                      << "SAVON-1" << QStringLiteral("Savon à l’olive") << qint64(750) << QStringList();
    QTest::newRow("UTF-16LE without BOM")
        << "utf16le-no-bom.txt"
        << "UTF-16LE without a byte-order mark"
        << "VASE-1" << QStringLiteral("Bud Vase – Sage") << qint64(2900)
        << QStringList { "the file has no byte-order mark; it was read as UTF-16LE because every other byte is zero" };
    QTest::newRow("UTF-8 BOM, CRLF (bom.csv)")
        << "bom.csv"
        << "UTF-8 with a byte-order mark"
        << "SOAP-1" << QStringLiteral("Olive Soap") << qint64(600) << QStringList();
}

void TestCatalogFieldReports::encodings()
{
    QFETCH(QString, file);
    QFETCH(QString, encoding);
    QFETCH(QString, sku);
    QFETCH(QString, title);
    QFETCH(qint64, priceCents);
    QFETCH(QStringList, warnings);

    TempCatalog catalog;
    const ImportReport report = CatalogImporter(*catalog).importFile(fixture(file), {});
    QVERIFY2(report.succeeded(), qPrintable(report.summary()));
    QCOMPARE(report.format, CatalogFormat::ShopifyClassic);
    QCOMPARE(report.encoding, encoding);
    QCOMPARE(report.rowsRejected(), 0);
    QCOMPARE(issueTexts(report.warnings), warnings);
    QCOMPARE(report.toJson().value("encoding").toString(), encoding);
    const auto variant = catalog->variantBySku(sku);
    QVERIFY(variant);
    QCOMPARE(variant->productTitle, title);
    QCOMPARE(variant->storedPriceCents, priceCents);
    QCOMPARE(PinController::cardFor(*variant, testNow()).title, title);
}

void TestCatalogFieldReports::binaryIsRefusedNamingWhatItIs_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("what");
    QTest::newRow("PNG image") << "images/tee-front.png"
                               << "a PNG image";
    QTest::newRow("xlsx workbook")
        << "broken-workbook.xlsx"
        << "a ZIP archive (an Excel .xlsx or LibreOffice .ods workbook is one): save the sheet as \"CSV UTF-8\" "
           "or \"Unicode Text\" and import that";
    QTest::newRow("NUL bytes, no BOM")
        << "broken-binary.csv"
        << "it holds binary data (a NUL byte at offset 13, and no UTF-16 or UTF-32 byte-order mark)";
}

void TestCatalogFieldReports::binaryIsRefusedNamingWhatItIs()
{
    QFETCH(QString, file);
    QFETCH(QString, what);
    TempCatalog catalog;
    const ImportReport report = CatalogImporter(*catalog).importFile(fixture(file), {});
    QVERIFY(report.refused);
    QCOMPARE(report.refusal,
        QStringLiteral("this is not a text file: %1; %2").arg(what, CatalogImporter::expectedFormatsText()));
    QCOMPARE(catalog->productCount(), 0);

    // A UTF-16 byte-order mark in front of bytes that are no UTF-16 text is refused too.
    QByteArray odd("\xFF\xFE"
                   "H\0a\0",
        6);
    odd.append('\x00'); // an odd byte count cannot be UTF-16
    const ImportReport broken = CatalogImporter(*catalog).importData(odd, QStringLiteral("odd.txt"), {});
    QVERIFY(broken.refused);
    QVERIFY2(broken.refusal.startsWith(
                 QStringLiteral("this is not a text file: it holds binary data (it starts with a UTF-16LE "
                                "byte-order mark, but the rest is not UTF-16LE text); expected")),
        qPrintable(broken.refusal));
}

void TestCatalogFieldReports::decimalCommaShiftsColumns()
{
    // "12,50" unquoted in a comma file: five values under four columns. Never import it as $12.00.
    TempCatalog catalog;
    const ImportReport report = CatalogImporter(*catalog).importFile(fixture("broken-decimal-comma.csv"), {});
    QVERIFY2(report.succeeded(), qPrintable(report.summary()));
    QCOMPARE(issueTexts(report.rejected),
        QStringList { "line 2, column 'Variant Price': this row has 5 values but the header has 4 columns: a value "
                      "holds the separator without quotes (a decimal comma such as 12,50?); quote it or export with "
                      "another separator" });
    QCOMPARE(report.variantsAdded, 2); // trailing empty columns (line 4) are harmless
    QVERIFY(!catalog->variantByPinCode(QStringLiteral("A1")));
}

void TestCatalogFieldReports::saleSchedule()
{
    TempCatalog catalog;
    const ImportReport report = CatalogImporter(*catalog).importFile(fixture("woocommerce-sale-schedule.csv"), {});
    QVERIFY2(report.succeeded(), qPrintable(report.summary()));
    QCOMPARE(issueTexts(report.rejected),
        QStringList { "line 8, column 'Date sale price starts': 'next week' is not a date (expected YYYY-MM-DD, or "
                      "YYYY-MM-DD HH:MM[:SS] in "
                      "local time)" });
    QCOMPARE(report.variantsAdded, 6);

    // Stored as exported: the sale price, the regular price, and the schedule.
    QCOMPARE(storedVariant(*catalog, "SCARF-1"), QStringLiteral("SCARF-1|1500|2000|10|deny|2023-01-01|2023-01-31"));
    QCOMPARE(storedVariant(*catalog, "BEANIE-1"), QStringLiteral("BEANIE-1|1500|2000|10|deny|2031-06-01|2031-06-30"));
    QCOMPARE(storedVariant(*catalog, "TOTE-1"), QStringLiteral("TOTE-1|1500|2000|10|deny|2024-01-01|2031-12-31"));
    QCOMPARE(storedVariant(*catalog, "MUG-1"), QStringLiteral("MUG-1|1500|2000|10|deny||2026-11-29"));
    QCOMPARE(storedVariant(*catalog, "CAP-1"), QStringLiteral("CAP-1|1500|2000|10|deny|2026-11-29T20:30:00|"));
    QCOMPARE(storedVariant(*catalog, "SOCK-1"), QStringLiteral("SOCK-1|1500|2000|10|deny||"));

    // The cards at 2026-11-29 20:00: a sale that ended, or starts next month, is no sale.
    const QDateTime now = testNow();
    QCOMPARE(cardAt(*catalog, "SCARF-1", now), QStringLiteral("Linen Scarf||$20.00||10 in stock"));
    QCOMPARE(cardAt(*catalog, "BEANIE-1", now), QStringLiteral("Wool Beanie||$20.00||10 in stock"));
    QCOMPARE(cardAt(*catalog, "TOTE-1", now), QStringLiteral("Cotton Tote||$15.00|$20.00|10 in stock"));
    QCOMPARE(
        cardAt(*catalog, "MUG-1", now), QStringLiteral("Stoneware Mug||$15.00|$20.00|10 in stock")); // its last day
    QCOMPARE(cardAt(*catalog, "CAP-1", now), QStringLiteral("Canvas Cap||$20.00||10 in stock")); // at 20:30
    QCOMPARE(
        cardAt(*catalog, "SOCK-1", now), QStringLiteral("Wool Socks||$15.00|$20.00|10 in stock")); // no dates: always

    // When each price changes next, so a card on air is painted again exactly then.
    auto next = [&](const char* sku) { return catalog->variantBySku(QLatin1String(sku))->nextPriceChangeAfter(now); };
    QCOMPARE(next("SCARF-1"), std::nullopt);
    QCOMPARE(next("BEANIE-1"), std::optional<QDateTime>(local(2031, 6, 1)));
    QCOMPARE(next("TOTE-1"), std::optional<QDateTime>(local(2032, 1, 1)));
    QCOMPARE(next("MUG-1"), std::optional<QDateTime>(local(2026, 11, 30)));
    QCOMPARE(next("CAP-1"), std::optional<QDateTime>(local(2026, 11, 29, 20, 30)));
    QCOMPARE(next("SOCK-1"), std::nullopt);

    // search --json and stats use the same rule (TestCatalogCommand checks the command's output).
    const auto scarf = catalog->variantBySku("SCARF-1");
    QCOMPARE(scarf->priceCentsAt(now), 2000);
    QCOMPARE(scarf->compareAtCentsAt(now), std::nullopt);
    QVERIFY(!scarf->onSaleAt(now));
    QVERIFY(scarf->onSaleAt(local(2023, 1, 15, 12)));
}

void TestCatalogFieldReports::saleScheduleAtTheEdges()
{
    TempCatalog catalog;
    QVERIFY(CatalogImporter(*catalog).importFile(fixture("woocommerce-sale-schedule.csv"), {}).succeeded());
    const auto beanie = catalog->variantBySku("BEANIE-1"); // 2031-06-01 .. 2031-06-30, whole days
    QCOMPARE(beanie->priceCentsAt(local(2031, 5, 31, 23, 59, 59, 999)), 2000);
    QCOMPARE(beanie->priceCentsAt(local(2031, 6, 1)), 1500);
    QCOMPARE(beanie->priceCentsAt(local(2031, 6, 30, 23, 59, 59, 999)), 1500); // the end date is included
    QCOMPARE(beanie->priceCentsAt(local(2031, 7, 1)), 2000);
    QCOMPARE(beanie->nextPriceChangeAfter(local(2031, 6, 1)), std::optional<QDateTime>(local(2031, 7, 1)));
    QCOMPARE(beanie->nextPriceChangeAfter(local(2031, 7, 1)), std::nullopt);

    // The card changes at the very millisecond the sale ends.
    const auto mug = catalog->variantBySku("MUG-1");
    const QDateTime end = *mug->nextPriceChangeAfter(testNow());
    QCOMPARE(cardText(PinController::cardFor(*mug, end.addMSecs(-1))),
        QStringLiteral("Stoneware Mug||$15.00|$20.00|10 in stock"));
    QCOMPARE(cardText(PinController::cardFor(*mug, end)), QStringLiteral("Stoneware Mug||$20.00||10 in stock"));

    // Forms a shop may write, and what is stored for them.
    QCOMPARE(SaleSchedule::normalize(" 2031-06-01 "), std::optional<QString>("2031-06-01"));
    QCOMPARE(SaleSchedule::normalize("2031-06-01 18:30"), std::optional<QString>("2031-06-01T18:30:00"));
    QCOMPARE(SaleSchedule::normalize("2031-06-01T18:30:05"), std::optional<QString>("2031-06-01T18:30:05"));
    QCOMPARE(SaleSchedule::normalize("2031-06-01T18:30:00Z"), std::optional<QString>("2031-06-01T18:30:00Z"));
    QCOMPARE(SaleSchedule::normalize("2031-06-01 18:30:00+0200"), std::optional<QString>("2031-06-01T18:30:00+02:00"));
    QCOMPARE(SaleSchedule::normalize(""), std::optional<QString>(QString()));
    QCOMPARE(SaleSchedule::normalize("2031-02-30"), std::nullopt);
    QCOMPARE(SaleSchedule::normalize("01/06/2031"), std::nullopt);
    const SaleSchedule utc(QStringLiteral("2031-06-01T18:30:00Z"), QString());
    QCOMPARE(utc.startsAt(), QDateTime(QDate(2031, 6, 1), QTime(18, 30), Qt::UTC));

    // A sale that ends before it starts is kept, with a warning, and never runs.
    const QByteArray backwards = "Type,SKU,Name,Date sale price starts,Date sale price ends,Sale price,Regular price\n"
                                 "simple,BACK-1,Backwards,2026-12-10,2026-12-01,5.00,9.00\n";
    const ImportReport report = CatalogImporter(*catalog).importData(backwards, QStringLiteral("backwards.csv"), {});
    QCOMPARE(issueTexts(report.warnings),
        QStringList { "line 2, column 'Date sale price ends': the sale ends (2026-12-01) before it starts "
                      "(2026-12-10): its sale price is "
                      "never used" });
    const auto back = catalog->variantBySku("BACK-1");
    QCOMPARE(back->priceCentsAt(local(2026, 12, 5)), 900);
    QCOMPARE(back->nextPriceChangeAfter(testNow()), std::nullopt);
}

void TestCatalogFieldReports::saleScheduleStatsAndExport()
{
    TempCatalog catalog;
    CatalogImporter importer(*catalog);
    QVERIFY(importer.importFile(fixture("woocommerce-sale-schedule.csv"), {}).succeeded());
    const CatalogStats stats = catalog->stats(testNow());
    QCOMPARE(stats.onSale, 3); // TOTE, MUG (its last day), SOCK (no dates)
    QCOMPARE(stats.saleNotRunning, 3); // SCARF (ended), BEANIE (next year), CAP (at 20:30)
    QCOMPARE(catalog->stats(local(2031, 6, 15)).onSale, 4); // BEANIE, TOTE, CAP (open end), SOCK

    // Export writes the schedule back; re-importing it changes nothing, into a new catalog too.
    const QString exported = catalog.dir.filePath(QStringLiteral("export.csv"));
    QVERIFY(CatalogExporter(*catalog).exportCsv(exported).ok);
    QFile file(exported);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray csv = file.readAll();
    QVERIFY2(csv.contains("SCARF-1,15.00,20.00,10,deny,,USD,2023-01-01,2023-01-31,"), csv.constData());
    QVERIFY2(csv.contains("CAP-1,15.00,20.00,10,deny,,USD,2026-11-29T20:30:00,,"), csv.constData());
    const ImportReport again = importer.importFile(exported, {});
    QCOMPARE(again.rowsRejected(), 0);
    QCOMPARE(again.variantsUnchanged, 6);
    QCOMPARE(again.variantsUpdated + again.variantsAdded + again.variantsRemoved, 0);
    TempCatalog second;
    QVERIFY(CatalogImporter(*second).importFile(exported, {}).succeeded());
    for (const char* sku : { "SCARF-1", "BEANIE-1", "TOTE-1", "MUG-1", "CAP-1", "SOCK-1" })
        QCOMPARE(storedVariant(*second, QLatin1String(sku)), storedVariant(*catalog, QLatin1String(sku)));
}

void TestCatalogFieldReports::htmlEntitiesWooCommerce()
{
    TempCatalog catalog;
    const ImportReport report = CatalogImporter(*catalog).importFile(fixture("woocommerce-html-entities.csv"), {});
    QVERIFY2(report.succeeded(), qPrintable(report.summary()));
    QCOMPARE(issueTexts(report.rejected), QStringList());
    QCOMPARE(report.variantsAdded, 5);

    const auto bw = catalog->variantBySku("SALT-BW");
    QVERIFY(bw);
    QCOMPARE(bw->productTitle, QStringLiteral("Salt & Pepper Grinder Set"));
    QCOMPARE(bw->variantTitle, QStringLiteral("Black & White"));
    QCOMPARE(bw->vendor, QStringLiteral("Kiln & Co."));
    QCOMPARE(cardAt(*catalog, "SALT-BW", testNow()),
        QStringLiteral("Salt & Pepper Grinder Set|Black & White|$34.00||6 in stock"));
    SqliteStatement product(
        catalog->handle(), "SELECT tags, product_type, option1_name FROM products WHERE handle = 'salt-set'");
    QVERIFY(product.step());
    QCOMPARE(product.text(0), QStringLiteral("salt & pepper, gifts"));
    QCOMPARE(product.text(1), QStringLiteral("Kitchen & Dining"));
    QCOMPARE(product.text(2), QStringLiteral("Finish"));
    QCOMPARE(catalog->search("pepper", 5).size(), 2);

    // Named, decimal and hexadecimal references, in titles and SKUs.
    QCOMPARE(cardAt(*catalog, QStringLiteral("CAFé-1"), testNow()),
        QStringLiteral("Café Mug – 12\" tall||$19.00||8 in stock"));
    QCOMPARE(cardAt(*catalog, "TEA-POT", testNow()), QStringLiteral("Tea Pot — Café ’n' More||$42.00||Only 3 left!"));
    // What is no reference stays as written; an old editor's &#150; is an en dash.
    QCOMPARE(cardAt(*catalog, "PLAIN-1", testNow()),
        QStringLiteral("Fish & Chips &amp Mushy Peas &bogus; – Bowl||$12.00||Only 1 left!"));

    // Export escapes what would read back as a reference; the round trip keeps every text.
    const QString exported = catalog.dir.filePath(QStringLiteral("export.csv"));
    QVERIFY(CatalogExporter(*catalog).exportCsv(exported).ok);
    const ImportReport again = CatalogImporter(*catalog).importFile(exported, {});
    QCOMPARE(again.rowsRejected(), 0);
    QCOMPARE(again.productsUnchanged, 4);
    QCOMPARE(again.variantsUnchanged, 5);
}

void TestCatalogFieldReports::htmlEntitiesShopify()
{
    // Shopify themes print titles as HTML, so shops migrated from WordPress carry "&amp;" that
    // buyers see as "&": decoded the same way.
    TempCatalog catalog;
    const ImportReport report = CatalogImporter(*catalog).importFile(fixture("shopify-html-entities.csv"), {});
    QVERIFY2(report.succeeded(), qPrintable(report.summary()));
    const auto cork = catalog->variantByPinCode("OV&1");
    QVERIFY(cork);
    QCOMPARE(cork->sku, QStringLiteral("OV&1"));
    QCOMPARE(cork->vendor, QStringLiteral("Leaf & Whisk"));
    QCOMPARE(cardAt(*catalog, "OV&2", testNow()), QStringLiteral("Oil & Vinegar Set|Glass & Steel|$26.00||"));
    SqliteStatement tags(catalog->handle(), "SELECT tags FROM products WHERE handle = 'oil-vinegar'");
    QVERIFY(tags.step());
    QCOMPARE(tags.text(0), QStringLiteral("kitchen, oil & vinegar"));
}

void TestCatalogFieldReports::htmlEntityForms_data()
{
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("out");
    QTest::newRow("named") << "Salt &amp; Pepper &eacute;&Eacute;&nbsp;&hellip;&apos;"
                           << QStringLiteral("Salt & Pepper éÉ\u00A0…'");
    QTest::newRow("decimal") << "&#8211;&#39;&#039;&#128512;" << QStringLiteral("–''😀");
    QTest::newRow("hexadecimal") << "&#x2013;&#X2014;&#xe9;&#x1F600;" << QStringLiteral("–—é😀");
    QTest::newRow("windows-1252 numbers") << "&#150;&#151;&#146;" << QStringLiteral("–—’");
    QTest::newRow("invalid numbers") << "&#0;&#xD800;&#1114112;" << QStringLiteral("\uFFFD\uFFFD\uFFFD");
    QTest::newRow("not references") << "AT&T & Co; &amp &unknown; &#; &#x; &#12a;"
                                    << "AT&T & Co; &amp &unknown; &#; &#x; &#12a;";
    QTest::newRow("decoded once") << "&amp;amp;"
                                  << "&amp;";
    QTest::newRow("no ampersand") << "Plain title"
                                  << "Plain title";
}

void TestCatalogFieldReports::htmlEntityForms()
{
    QFETCH(QString, in);
    QFETCH(QString, out);
    QCOMPARE(decodeHtmlEntities(in), out);
}

void TestCatalogFieldReports::inventoryPolicyShopify()
{
    TempCatalog catalog;
    const ImportReport report = CatalogImporter(*catalog).importFile(fixture("shopify-inventory-policy.csv"), {});
    QVERIFY2(report.succeeded(), qPrintable(report.summary()));
    QCOMPARE(issueTexts(report.rejected),
        QStringList { "line 7, column 'Variant Inventory Policy': 'maybe' is not an inventory policy (expected deny or "
                      "continue, TRUE or "
                      "FALSE, 0, 1 or notify)" });
    QCOMPARE(storedVariant(*catalog, "CANDLE-L"), QStringLiteral("CANDLE-L|1800|-|-4|continue||"));
    QCOMPARE(storedVariant(*catalog, "CANDLE-S"), QStringLiteral("CANDLE-S|1200|-|0|deny||"));
    QCOMPARE(storedVariant(*catalog, "CANDLE-T"), QStringLiteral("CANDLE-T|800|-|0|continue||"));
    QCOMPARE(storedVariant(*catalog, "CANDLE-G"), QStringLiteral("CANDLE-G|2200|-|3|continue||"));
    QCOMPARE(storedVariant(*catalog, "SOAP-OL"), QStringLiteral("SOAP-OL|600|-|-2|deny||"));

    // Never SOLD OUT, never a negative number when the shop keeps selling; deny at <= 0 is SOLD OUT.
    const QDateTime now = testNow();
    QCOMPARE(cardAt(*catalog, "CANDLE-L", now), QStringLiteral("Soy Candle|Large|$18.00||Available to order"));
    QCOMPARE(cardAt(*catalog, "CANDLE-T", now), QStringLiteral("Soy Candle|Travel|$8.00||Available to order"));
    QCOMPARE(cardAt(*catalog, "CANDLE-S", now), QStringLiteral("Soy Candle|Small|$12.00||SOLD OUT"));
    QCOMPARE(cardAt(*catalog, "CANDLE-G", now),
        QStringLiteral("Soy Candle|Gift|$22.00||3 in stock")); // more can be ordered: no "only 3 left"
    QCOMPARE(cardAt(*catalog, "SOAP-OL", now), QStringLiteral("Olive Soap||$6.00||SOLD OUT"));
    QCOMPARE(PinController::cardFor(*catalog->variantBySku("CANDLE-L"), now).stockState(),
        CardContent::StockState::Orderable);
    QCOMPARE(
        PinController::cardFor(*catalog->variantBySku("CANDLE-S"), now).stockState(), CardContent::StockState::SoldOut);

    const CatalogStats stats = catalog->stats(now);
    QCOMPARE(stats.outOfStock, 2); // CANDLE-S, SOAP-OL
    QCOMPARE(stats.backorder, 2); // CANDLE-L, CANDLE-T
    QCOMPARE(stats.continueSelling, 3); // ... and CANDLE-G
}

void TestCatalogFieldReports::inventoryPolicyShopifyNewHeaders()
{
    TempCatalog catalog;
    const ImportReport report = CatalogImporter(*catalog).importFile(fixture("shopify-new-continue-selling.csv"), {});
    QVERIFY2(report.succeeded(), qPrintable(report.summary()));
    QCOMPARE(report.format, CatalogFormat::ShopifyNew);
    QCOMPARE(storedVariant(*catalog, "PLANT-S"), QStringLiteral("PLANT-S|2800|-|-3|continue||"));
    QCOMPARE(storedVariant(*catalog, "PLANT-L"), QStringLiteral("PLANT-L|3800|-|0|deny||"));
    QCOMPARE(cardAt(*catalog, "PLANT-S", testNow()), QStringLiteral("Clay Planter|Small|$28.00||Available to order"));
    QCOMPARE(cardAt(*catalog, "PLANT-L", testNow()), QStringLiteral("Clay Planter|Large|$38.00||SOLD OUT"));
}

void TestCatalogFieldReports::backordersWooCommerce()
{
    TempCatalog catalog;
    const ImportReport report = CatalogImporter(*catalog).importFile(fixture("woocommerce-backorders.csv"), {});
    QVERIFY2(report.succeeded(), qPrintable(report.summary()));
    QCOMPARE(report.rowsRejected(), 0);
    QCOMPARE(storedVariant(*catalog, "BOOK-1"), QStringLiteral("BOOK-1|900|-|-5|continue||"));
    QCOMPARE(storedVariant(*catalog, "PEN-1"),
        QStringLiteral("PEN-1|2400|-|-1|continue||")); // notify: sold, the buyer is told
    QCOMPARE(storedVariant(*catalog, "INK-1"), QStringLiteral("INK-1|1200|-|0|deny||"));
    QCOMPARE(
        storedVariant(*catalog, "CASE-1"), QStringLiteral("CASE-1|1500|-|-|continue||")); // stock status "on backorder"
    QCOMPARE(cardAt(*catalog, "BOOK-1", testNow()), QStringLiteral("Field Notebook||$9.00||Available to order"));
    QCOMPARE(cardAt(*catalog, "PEN-1", testNow()), QStringLiteral("Brass Pen||$24.00||Available to order"));
    QCOMPARE(cardAt(*catalog, "INK-1", testNow()), QStringLiteral("Ink Bottle||$12.00||SOLD OUT"));
    QCOMPARE(cardAt(*catalog, "CASE-1", testNow()), QStringLiteral("Pen Case||$15.00||"));
    const CatalogStats stats = catalog->stats(testNow());
    QCOMPARE(stats.outOfStock, 1);
    QCOMPARE(stats.backorder, 2);
}

void TestCatalogFieldReports::inventoryPolicySurvivesExport()
{
    TempCatalog catalog;
    CatalogImporter importer(*catalog);
    QVERIFY(importer.importFile(fixture("shopify-inventory-policy.csv"), {}).succeeded());
    QVERIFY(importer.importFile(fixture("woocommerce-backorders.csv"), {}).succeeded());
    const QString exported = catalog.dir.filePath(QStringLiteral("export.csv"));
    QVERIFY(CatalogExporter(*catalog).exportCsv(exported).ok);
    QFile file(exported);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("CANDLE-L,18.00,,-4,continue,"));
    const ImportReport again = importer.importFile(exported, {});
    QCOMPARE(again.variantsUnchanged, catalog->variantCount());
    TempCatalog second;
    QVERIFY(CatalogImporter(*second).importFile(exported, {}).succeeded());
    for (const char* sku :
        { "CANDLE-L", "CANDLE-S", "CANDLE-T", "CANDLE-G", "SOAP-OL", "BOOK-1", "PEN-1", "INK-1", "CASE-1" })
        QCOMPARE(storedVariant(*second, QLatin1String(sku)), storedVariant(*catalog, QLatin1String(sku)));
    QCOMPARE(second->stats(testNow()).backorder, catalog->stats(testNow()).backorder);
}

void TestCatalogFieldReports::pinCodes()
{
    TempCatalog catalog;
    const ImportReport report = CatalogImporter(*catalog).importFile(fixture("shopify-no-skus.csv"), {});
    QVERIFY2(report.succeeded(), qPrintable(report.summary()));
    QCOMPARE(report.variantsWithoutCode, 4); // tote, 2 linen tees (the third has a barcode), the sand scarf
    QCOMPARE(report.toJson().value("variantsWithoutCode").toInt(), 4);
    QVERIFY2(report.summary().endsWith(QStringLiteral(
                 "0 rows rejected. 4 variants have neither a SKU nor a barcode: pin them by pin code, the product's "
                 "handle for "
                 "its only variant or HANDLE/OPTION VALUES for one of several (e.g. --pin 'linen-tee/M/White@10'); "
                 "`pinstage catalog search` shows every variant's code.")),
        qPrintable(report.summary()));
    QCOMPARE(catalog->stats(testNow()).withoutCode, 4);

    // Every variant has a code, and the code finds it again.
    QStringList codes;
    for (const VariantRow& row : catalog->search(QString(), 100)) {
        codes.append(row.pinCode);
        const auto found = catalog->variantByPinCode(row.pinCode);
        QVERIFY2(found && found->variantId == row.variantId, qPrintable(row.pinCode));
    }
    QCOMPARE(codes,
        (QStringList {
            "tote", "linen-tee/M/White", "linen-tee/L/White", "linen-tee/M/Black", "SCARF-R", "scarf/Sand" }));

    // Case-insensitive values, spaces around '/', the handle in any case; a handle alone names
    // only a single-variant product.
    QCOMPARE(catalog->variantByPinCode("linen-tee/m/white")->variantTitle, QStringLiteral("M / White"));
    QCOMPARE(catalog->variantByPinCode("LINEN-TEE / l / WHITE")->variantTitle, QStringLiteral("L / White"));
    QCOMPARE(catalog->variantByPinCode("Tote")->productTitle, QStringLiteral("Canvas Tote"));
    QCOMPARE(catalog->variantByPinCode("4006381333931")->variantTitle, QStringLiteral("M / Black")); // barcode
    QVERIFY(!catalog->variantByPinCode("linen-tee"));
    QVERIFY(!catalog->variantByPinCode("linen-tee/XL/White"));
    QVERIFY(!catalog->variantByPinCode("nothing"));
    // Search puts the exact code first; the card is the variant's.
    QCOMPARE(catalog->search("scarf/sand", 5).first().pinCode, QStringLiteral("scarf/Sand"));
    QCOMPARE(
        cardAt(*catalog, "linen-tee/l/white", testNow()), QStringLiteral("Linen Tee|L / White|$25.00||Only 3 left!"));
}

QTEST_GUILESS_MAIN(TestCatalogFieldReports)
#include "TestCatalogFieldReports.moc"
