// SPDX-License-Identifier: GPL-2.0-or-later
// `pinstage catalog ...` end to end: app/CatalogCommand.cpp is compiled into this test.

#include "CatalogTestUtil.h"
#include "LocalHttpServer.h"

#include "CatalogCommand.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace pinstage;
using namespace pinstage::test;

class TestCatalogCommand : public QObject {
    Q_OBJECT

private slots:
    void exitCodes_data();
    void exitCodes();
    void importSearchExportStats();
    void imagesFetchesPendingPhotos();
    void helpForEveryCommand_data();
    void helpForEveryCommand();
    void oneLetterSearchFindsPrefixes();
    void searchJsonPricesAndPinCodes();
    void statsCountBackordersApart();

private:
    static int run(const QStringList& args, QString* out, QString* err)
    {
        QTextStream o(out), e(err);
        const int code = runCatalogCommand(args, o, e);
        o.flush();
        e.flush();
        return code;
    }
};

void TestCatalogCommand::exitCodes_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("errStart");
    QTest::newRow("no command") << QStringList() << 2 << "pinstage catalog: missing command";
    QTest::newRow("unknown command") << QStringList { "frobnicate" } << 2
                                     << "pinstage catalog: unknown command 'frobnicate'";
    QTest::newRow("bad format") << QStringList { "import", fixture("bom.csv"), "--format", "csv" } << 2
                                << "pinstage catalog: unknown format 'csv' (auto, shopify, woocommerce or generic)";
    QTest::newRow("bad map") << QStringList { "import", fixture("bom.csv"), "--map", "title" } << 2
                             << "pinstage catalog: --map needs COLUMN=FIELD";
    QTest::newRow("not a product csv") << QStringList { "import", fixture("not-a-product.csv") } << 1
                                       << "pinstage catalog import: "
            + QDir::toNativeSeparators(fixture("not-a-product.csv"))
            + ": refused, nothing was imported: this is not a product CSV";
    QTest::newRow("strict") << QStringList { "import", fixture("broken-bad-price.csv"), "--strict" } << 1
                            << "pinstage catalog import: " + QDir::toNativeSeparators(fixture("broken-bad-price.csv"))
            + ": refused, nothing was imported: line 3, column 'Variant Price': '12,x' is not a price";
    QTest::newRow("missing file") << QStringList { "import", "/nonexistent/x.csv" } << 1
                                  << "pinstage catalog import: /nonexistent/x.csv: no such file";
    QTest::newRow("a folder") << QStringList { "import", QDir::tempPath() } << 1
                              << "pinstage catalog import: " + QDir::toNativeSeparators(QDir::tempPath())
            + ": this is a folder, not a CSV file";
    QTest::newRow("a device") << QStringList { "import", "/dev/null" } << 1
                              << "pinstage catalog import: /dev/null: not a regular file";
}

void TestCatalogCommand::exitCodes()
{
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QString, errStart);
    QTemporaryDir dir;
    QString out, err;
    QCOMPARE(run(args + QStringList { "--data-dir", dir.path() }, &out, &err), code);
    QVERIFY2(err.startsWith(errStart), qPrintable(err));
}

void TestCatalogCommand::importSearchExportStats()
{
    QTemporaryDir dir;
    QString out, err;
    QCOMPARE(run({ "import", fixture("shopify-classic.csv"), "--data-dir", dir.path(), "--json" }, &out, &err), 0);
    const QJsonObject report = QJsonDocument::fromJson(out.toUtf8()).object();
    QCOMPARE(report.value("products").toObject().value("added").toInt(), 3);
    QCOMPARE(report.value("variants").toObject().value("added").toInt(), 5);
    QCOMPARE(report.value("rowsRejected").toInt(), 0);

    out.clear();
    QCOMPARE(run({ "search", "tee", "--limit", "2", "--json", "--data-dir", dir.path() }, &out, &err), 0);
    const QJsonArray hits = QJsonDocument::fromJson(out.toUtf8()).array();
    QCOMPARE(hits.size(), 2);
    QCOMPARE(hits.at(0).toObject().value("title").toString(), QStringLiteral("Organic Cotton Tee"));

    out.clear();
    QCOMPARE(run({ "search", "WAX-01", "--data-dir", dir.path() }, &out, &err), 0);
    QVERIFY2(out.startsWith(QStringLiteral("WAX-01         Wax Melts, Fig & Cassis  $9.50  stock 5")), qPrintable(out));

    const QString exported = dir.filePath("out.csv");
    out.clear();
    QCOMPARE(run({ "export", exported, "--data-dir", dir.path() }, &out, &err), 0);
    QCOMPARE(out, QStringLiteral("exported 3 products, 5 variants to %1\n").arg(QDir::toNativeSeparators(exported)));
    out.clear();
    QCOMPARE(run({ "import", exported, "--data-dir", dir.path() }, &out, &err), 0);
    QVERIFY2(
        out.contains(QStringLiteral(
            "products 0 added, 0 updated, 3 unchanged; variants 0 added, 0 updated, 5 unchanged; 0 rows rejected.")),
        qPrintable(out));

    out.clear();
    QCOMPARE(run({ "stats", "--json", "--data-dir", dir.path() }, &out, &err), 0);
    const QJsonObject stats = QJsonDocument::fromJson(out.toUtf8()).object();
    QCOMPARE(stats.value("products").toInt(), 3);
    QCOMPARE(stats.value("variants").toInt(), 5);
    QCOMPARE(stats.value("schemaRevision").toInt(), 7);
    QCOMPARE(stats.value("images").toObject().value("cached").toInt(), 4); // the tee's local photos
}

void TestCatalogCommand::imagesFetchesPendingPhotos()
{
    // Import caches local photos at once but never waits on the network: URLs stay pending until
    // `images` fetches them (a URL is cached, a 404 is broken with its reason, an unreachable host
    // stays pending for the next run).
    LocalHttpServer http;
    QVERIFY(http.isListening());
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("shop.csv"));
    {
        QFile file(csv);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QByteArray unreachable
            = QStringLiteral("http://127.0.0.1:%1/gone.png").arg(LocalHttpServer::closedPort()).toUtf8();
        file.write("Handle,Title,Variant SKU,Variant Price,Image Src\n"
                   "local-tee,Local Tee,T-1,10.00,"
            + fixture(QStringLiteral("images/tee-front.png")).toUtf8()
            + "\n"
              "web-tee,Web Tee,T-2,11.00,"
            + http.url(QStringLiteral("/photo.png")).toUtf8()
            + "\n"
              "lost-tee,Lost Tee,T-3,12.00,"
            + http.url(QStringLiteral("/missing.png")).toUtf8()
            + "\n"
              "far-tee,Far Tee,T-4,13.00,"
            + unreachable + "\n");
    }
    QString out, err;
    QCOMPARE(run({ "import", csv, "--data-dir", dir.path() }, &out, &err), 0);
    QCOMPARE(http.totalHits(), 0); // the import itself stays offline
    QVERIFY2(out.contains(QLatin1String("products 4 added")), qPrintable(out));

    out.clear();
    QCOMPARE(run({ "images", "--data-dir", dir.path() }, &out, &err), 0);
    QVERIFY2(out.startsWith(QLatin1String("cached 1, broken 1, still pending 1")), qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("broken: product 'lost-tee'"))
            && out.contains(QLatin1String("HTTP 404 from 127.0.0.1")),
        qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("pending: product 'far-tee'")), qPrintable(out));
    QCOMPARE(http.hits(QStringLiteral("/photo.png")), 1);

    // Run again: only what is still pending is tried, as JSON.
    out.clear();
    QCOMPARE(run({ "images", "--data-dir", dir.path(), "--json" }, &out, &err), 0);
    const QJsonObject json = QJsonDocument::fromJson(out.toUtf8()).object();
    QCOMPARE(json.value(QStringLiteral("cached")).toInt(), 0);
    QCOMPARE(json.value(QStringLiteral("pending")).toInt(), 1);
    QCOMPARE(http.hits(QStringLiteral("/photo.png")), 1);

    err.clear();
    QCOMPARE(run({ "images", "extra", "--data-dir", dir.path() }, &out, &err), 2);
}

void TestCatalogCommand::helpForEveryCommand_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("outStart");
    const QString general
        = QStringLiteral("usage: pinstage catalog import FILE [--format auto|shopify|woocommerce|generic]");
    QTest::newRow("catalog --help") << QStringList { "--help" } << general;
    QTest::newRow("catalog -h") << QStringList { "-h" } << general;
    QTest::newRow("catalog help") << QStringList { "help" } << general;
    QTest::newRow("import --help") << QStringList { "import", "--help" }
                                   << "usage: pinstage catalog import FILE [--format";
    QTest::newRow("import -h, with a file")
        << QStringList { "import", fixture("bom.csv"), "-h" } << "usage: pinstage catalog import FILE";
    QTest::newRow("import --bogus --help")
        << QStringList { "import", "--bogus", "--help" } << "usage: pinstage catalog import FILE";
    QTest::newRow("help import") << QStringList { "help", "import" } << "usage: pinstage catalog import FILE";
    QTest::newRow("search --help") << QStringList { "search", "--help" }
                                   << "usage: pinstage catalog search QUERY [--limit N]";
    QTest::newRow("search -h") << QStringList { "search", "-h" } << "usage: pinstage catalog search QUERY [--limit N]";
    QTest::newRow("export --help") << QStringList { "export", "--help" } << "usage: pinstage catalog export FILE";
    QTest::newRow("export -h") << QStringList { "export", "-h" } << "usage: pinstage catalog export FILE";
    QTest::newRow("stats --help") << QStringList { "stats", "--help" } << "usage: pinstage catalog stats";
    QTest::newRow("stats -h") << QStringList { "stats", "-h" } << "usage: pinstage catalog stats";
    QTest::newRow("images --help") << QStringList { "images", "--help" } << "usage: pinstage catalog images";
    QTest::newRow("images -h") << QStringList { "images", "-h" } << "usage: pinstage catalog images";
}

void TestCatalogCommand::helpForEveryCommand()
{
    QFETCH(QStringList, args);
    QFETCH(QString, outStart);
    QTemporaryDir dir;
    QString out, err;
    QCOMPARE(run(args + QStringList { "--data-dir", dir.path() }, &out, &err), 0);
    QVERIFY2(out.startsWith(outStart), qPrintable(out));
    QCOMPARE(err, QString());
    QVERIFY(!QFile::exists(Catalog::pathInDataDir(dir.path()))); // help touches no catalog
}

void TestCatalogCommand::oneLetterSearchFindsPrefixes()
{
    QTemporaryDir dir;
    QString out, err;
    QCOMPARE(run({ "import", fixture("shopify-classic.csv"), "--data-dir", dir.path() }, &out, &err), 0);
    // "M" matches words starting with M anywhere, as "Me" does: no title starts with M, but the
    // tee's SKU TEE-M-WHT has the word M and the wax melts' title the word "Melts" (title and SKU
    // words rank alike, then by title).
    for (const char* query : { "M", "m" }) {
        out.clear();
        QCOMPARE(run({ "search", query, "--data-dir", dir.path() }, &out, &err), 0);
        QVERIFY2(out.startsWith(
                     QStringLiteral("TEE-M-WHT      Organic Cotton Tee (M / White)  $25.00 (was $30.00)  stock 0\n"
                                    "WAX-01         Wax Melts, Fig & Cassis  $9.50  stock 5\n")),
            qPrintable(out));
        QCOMPARE(out.count(QLatin1Char('\n')), 2);
    }
    out.clear();
    QCOMPARE(run({ "search", "Me", "--data-dir", dir.path() }, &out, &err), 0);
    QCOMPARE(out.count(QLatin1Char('\n')), 1);
    out.clear();
    QCOMPARE(run({ "search", "c", "--json", "--data-dir", dir.path() }, &out, &err), 0);
    QStringList titles;
    for (const QJsonValue& hit : QJsonDocument::fromJson(out.toUtf8()).array())
        titles.append(hit.toObject().value("title").toString());
    titles.removeDuplicates();
    QCOMPARE(
        titles, (QStringList { "Gift Card", "Organic Cotton Tee", "Wax Melts, Fig & Cassis" })); // Card, Cotton, Cassis
}

void TestCatalogCommand::searchJsonPricesAndPinCodes()
{
    QTemporaryDir dir;
    QString out, err;
    QCOMPARE(run({ "import", fixture("woocommerce-sale-schedule.csv"), "--data-dir", dir.path() }, &out, &err), 0);
    auto hit = [&](const QString& query) {
        out.clear();
        if (run({ "search", query, "--json", "--limit", "1", "--data-dir", dir.path() }, &out, &err) != 0)
            return QJsonObject();
        return QJsonDocument::fromJson(out.toUtf8()).array().first().toObject();
    };
    // No dates: on sale whenever; both prices formatted and in cents.
    const QJsonObject socks = hit("SOCK-1");
    QCOMPARE(socks.value("price").toString(), QStringLiteral("$15.00"));
    QCOMPARE(socks.value("priceCents").toInt(), 1500);
    QCOMPARE(socks.value("compareAt").toString(), QStringLiteral("$20.00"));
    QCOMPARE(socks.value("compareAtCents").toInt(), 2000);
    QCOMPARE(socks.value("onSale").toBool(), true);
    QCOMPARE(socks.value("pinCode").toString(), QStringLiteral("SOCK-1"));
    QCOMPARE(socks.value("inventoryPolicy").toString(), QStringLiteral("deny"));
    // A sale that ended in 2023: the regular price, no compare-at.
    const QJsonObject scarf = hit("SCARF-1");
    QCOMPARE(scarf.value("price").toString(), QStringLiteral("$20.00"));
    QCOMPARE(scarf.value("priceCents").toInt(), 2000);
    QVERIFY(scarf.value("compareAt").isNull());
    QVERIFY(scarf.value("compareAtCents").isNull());
    QCOMPARE(scarf.value("onSale").toBool(), false);
    QCOMPARE(scarf.value("saleStarts").toString(), QStringLiteral("2023-01-01"));
    QCOMPARE(scarf.value("saleEnds").toString(), QStringLiteral("2023-01-31"));
    QVERIFY(scarf.value("nextPriceChange").isNull());
    out.clear();
    QCOMPARE(run({ "search", "SCARF-1", "--data-dir", dir.path() }, &out, &err), 0);
    QVERIFY2(out.startsWith(QStringLiteral("SCARF-1        Linen Scarf  $20.00  stock 10\n")), qPrintable(out));

    // Without SKUs: the import says how to pin them, search shows the codes and finds them.
    out.clear();
    QCOMPARE(run({ "import", fixture("shopify-no-skus.csv"), "--data-dir", dir.path() }, &out, &err), 0);
    QVERIFY2(out.contains(QStringLiteral("4 variants have neither a SKU nor a barcode: pin them by pin code")),
        qPrintable(out));
    out.clear();
    QCOMPARE(run({ "search", "linen-tee/l/white", "--data-dir", dir.path() }, &out, &err), 0);
    QVERIFY2(
        out.startsWith(QStringLiteral("linen-tee/L/White Linen Tee (L / White)  $25.00  stock 3\n")), qPrintable(out));
}

void TestCatalogCommand::statsCountBackordersApart()
{
    QTemporaryDir dir;
    QString out, err;
    QCOMPARE(run({ "import", fixture("shopify-inventory-policy.csv"), "--data-dir", dir.path() }, &out, &err), 0);
    out.clear();
    QCOMPARE(run({ "stats", "--data-dir", dir.path() }, &out, &err), 0);
    QVERIFY2(out.contains(QStringLiteral(
                 "products 2, variants 5, on sale 0 (0 more with a sale price outside its dates), out of stock 2, "
                 "on back-order 2 (out of stock, still sold)\n"
                 "continue selling when out of stock 3, without SKU or barcode 0 (pinned by pin code)\n")),
        qPrintable(out));
    out.clear();
    QCOMPARE(run({ "stats", "--json", "--data-dir", dir.path() }, &out, &err), 0);
    const QJsonObject stats = QJsonDocument::fromJson(out.toUtf8()).object();
    QCOMPARE(stats.value("outOfStock").toInt(), 2);
    QCOMPARE(stats.value("backorder").toInt(), 2);
    QCOMPARE(stats.value("continueSelling").toInt(), 3);
    out.clear();
    QCOMPARE(run({ "search", "CANDLE-L", "--data-dir", dir.path() }, &out, &err), 0);
    QVERIFY2(out.startsWith(QStringLiteral(
                 "CANDLE-L       Soy Candle (Large)  $18.00  stock -4, available to order (continue selling)\n")),
        qPrintable(out));
}

QTEST_GUILESS_MAIN(TestCatalogCommand)
#include "TestCatalogCommand.moc"
