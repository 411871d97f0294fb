// SPDX-License-Identifier: GPL-2.0-or-later
// Shows and their queues in the catalog database, and `pinstage show create|list`.
#include "CatalogTestUtil.h"

#include "ShowCommand.h"
#include "catalog/CatalogImporter.h"
#include "catalog/SqliteStatement.h"
#include "show/ShowBook.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace pinstage;
using namespace pinstage::test;

namespace {

const QByteArray shop = "Handle,Title,Variant SKU,Variant Price,Option1 Name,Option1 Value,Variant Barcode\n"
                        "tee,Example T-Shirt,TS-BLUE-M,25.00,Size,M,4006381333931\n"
                        "tee,,TS-BLUE-L,25.00,,L,\n"
                        "mug,Speckled Mug,MUG-1,12.00,,,\n";

QStringList codes(const Show& show)
{
    QStringList list;
    for (const QueueItem& item : show.queue)
        list.append(QString::number(item.position) + QLatin1Char(':') + item.code);
    return list;
}

} // namespace

class TestShowBook : public QObject {
    Q_OBJECT

private slots:
    void createListAndReorder()
    {
        TempCatalog catalog;
        QVERIFY(CatalogImporter(*catalog).importData(shop, QStringLiteral("shop.csv"), {}).succeeded());
        ShowBook book(*catalog);
        QueueItem tee;
        tee.code = QStringLiteral("TS-BLUE-M");
        tee.saleSeconds = 120;
        tee.talkingPoints = QStringLiteral("100 % cotton");
        QueueItem mug;
        mug.code = QStringLiteral("MUG-1");
        QueueItem byBarcode;
        byBarcode.code = QStringLiteral("4006381333931");
        const auto id = book.create(QStringLiteral(" Friday Drop "), { tee, mug, byBarcode });
        QVERIFY2(id, qPrintable(book.error()));

        auto show = book.byName(QStringLiteral("friday drop")); // names ignore case
        QVERIFY(show);
        QCOMPARE(show->name, QStringLiteral("Friday Drop"));
        QCOMPARE(codes(*show), QStringList({ "1:TS-BLUE-M", "2:MUG-1", "3:4006381333931" }));
        QCOMPARE(show->queue.at(0).saleSeconds, std::optional<int>(120));
        QCOMPARE(show->queue.at(0).talkingPoints, QStringLiteral("100 % cotton"));
        QCOMPARE(show->queue.at(2).variantId, show->queue.at(0).variantId); // the barcode names the same variant

        QVERIFY2(book.move(*id, 3, 1), qPrintable(book.error()));
        QCOMPARE(codes(*book.byName(QStringLiteral("Friday Drop"))),
            QStringList({ "1:4006381333931", "2:TS-BLUE-M", "3:MUG-1" }));
        QVERIFY(book.move(*id, 1, 2));
        QCOMPARE(codes(*book.byName(QStringLiteral("Friday Drop"))),
            QStringList({ "1:TS-BLUE-M", "2:4006381333931", "3:MUG-1" }));
        QVERIFY(book.remove(*id, 2));
        QVERIFY(book.append(*id, byBarcode));
        QCOMPARE(codes(*book.byName(QStringLiteral("Friday Drop"))),
            QStringList({ "1:TS-BLUE-M", "2:MUG-1", "3:4006381333931" }));

        // Refused, and nothing changed.
        QVERIFY(!book.move(*id, 0, 2));
        QCOMPARE(book.error(), QStringLiteral("queue position 0 → 2: the queue has positions 1 to 3"));
        QVERIFY(!book.remove(*id, 4));
        QCOMPARE(book.error(), QStringLiteral("queue position 4: the queue has positions 1 to 3"));
        QVERIFY(!book.create(QStringLiteral("FRIDAY DROP")));
        QCOMPARE(book.error(), QStringLiteral("a show named 'Friday Drop' exists already"));
        QVERIFY(!book.create(QStringLiteral("  ")));
        QCOMPARE(book.error(), QStringLiteral("a show needs a name"));
        QueueItem unknown;
        unknown.code = QStringLiteral("NOPE-9");
        QVERIFY(!book.create(QStringLiteral("Saturday"), { mug, unknown }));
        QCOMPARE(book.error(),
            QStringLiteral("queue position 2: 'NOPE-9' is not a SKU, barcode or pin code in the catalog"));
        QVERIFY(!book.byName(QStringLiteral("Saturday")));
        QCOMPARE(book.list().size(), 1);

        // A variant deleted by a later import: the card stays in the queue, its link is cleared.
        const QByteArray withoutLarge = "Handle,Title,Variant SKU,Variant Price,Option1 Name,Option1 Value\n"
                                        "tee,Example T-Shirt,TS-BLUE-L,25.00,Size,L\n";
        QVERIFY(CatalogImporter(*catalog).importData(withoutLarge, QStringLiteral("shop2.csv"), {}).succeeded());
        show = book.byName(QStringLiteral("Friday Drop"));
        QCOMPARE(show->queue.size(), 3);
        QVERIFY(!show->queue.at(0).variantId);
        QVERIFY(show->queue.at(1).variantId);
    }

    void commandCreatesAndLists()
    {
        TempCatalog catalog;
        QVERIFY(CatalogImporter(*catalog).importData(shop, QStringLiteral("shop.csv"), {}).succeeded());
        const QString dataDir = catalog.dir.path();
        catalog.catalog.reset(); // the command opens the file itself

        auto run = [&](const QStringList& args, QString* out, QString* err) {
            QTextStream o(out), e(err);
            const int code = runShowCommand(args + QStringList { "--data-dir", dataDir }, o, e);
            o.flush();
            e.flush();
            return code;
        };
        QString out, err;
        QCOMPARE(run({ "create", "Friday Drop", "--add", "TS-BLUE-M:90", "--add", "MUG-1" }, &out, &err), 0);
        QCOMPARE(out, QStringLiteral("created show 'Friday Drop' with 2 cards in its queue\n"));
        out.clear();
        QCOMPARE(run({ "list" }, &out, &err), 0);
        QCOMPARE(out,
            QStringLiteral("Friday Drop  (2 cards)\n  1. TS-BLUE-M  Example T-Shirt – M  flash sale 90 s\n"
                           "  2. MUG-1  Speckled Mug\n"));
        out.clear();
        QCOMPARE(run({ "list", "--json" }, &out, &err), 0);
        const QJsonArray shows = QJsonDocument::fromJson(out.toUtf8()).object().value(QLatin1String("shows")).toArray();
        QCOMPARE(shows.size(), 1);
        const QJsonArray queue = shows.at(0).toObject().value(QLatin1String("queue")).toArray();
        QCOMPARE(queue.size(), 2);
        QCOMPARE(queue.at(0).toObject().value(QLatin1String("sale_seconds")).toInt(), 90);
        QVERIFY(queue.at(1).toObject().value(QLatin1String("sale_seconds")).isNull());

        // Bad input: the flag or the code named, exit 2 for usage and 1 for a failed operation.
        err.clear();
        QCOMPARE(run({ "create", "Saturday", "--add", "MUG-1:soon" }, &out, &err), 2);
        QVERIFY2(err.startsWith(QLatin1String("pinstage show: --add 'MUG-1:soon': the sale length after ':' must be")),
            qPrintable(err));
        err.clear();
        QCOMPARE(run({ "create", "Saturday", "--add", "MUG-1", "--add", "GHOST-2" }, &out, &err), 1);
        QCOMPARE(err,
            QStringLiteral("pinstage show create: queue position 2: 'GHOST-2' is not a SKU, barcode or pin code in "
                           "the catalog; nothing was stored\n"));
        err.clear();
        QCOMPARE(run({ "create" }, &out, &err), 2);
        QVERIFY(err.startsWith(QLatin1String("pinstage show: create needs a show NAME")));
        err.clear();
        QCOMPARE(run({ "list", "--add", "X" }, &out, &err), 2);
        QVERIFY(err.startsWith(QLatin1String("pinstage show: unknown option --add for 'list'")));
        err.clear();
        QCOMPARE(run({ "rename" }, &out, &err), 2);
        QVERIFY(err.startsWith(
            QLatin1String("pinstage show: unknown command 'rename' (create, list, delete, export or clips)")));
        err.clear();
        QCOMPARE(run({ "create", "Long sale", "--add", "MUG-1:86401" }, &out, &err), 2);
        QVERIFY2(err.contains(QLatin1String("must be a whole number of seconds from 1 to 86400")), qPrintable(err));
        out.clear();
        QCOMPARE(run({ "list" }, &out, &err), 0);
        QVERIFY(out.startsWith(QLatin1String("Friday Drop  (2 cards)"))); // Saturday was never stored
        QVERIFY(!out.contains(QLatin1String("Saturday")));

        // Delete: by name (case ignored); an unknown name is refused, naming it.
        QCOMPARE(run({ "create", "Empty" }, &out, &err), 0);
        out.clear();
        QCOMPARE(run({ "delete", "friday DROP" }, &out, &err), 0);
        QCOMPARE(out, QStringLiteral("deleted show 'Friday Drop' and its queue of 2 cards\n"));
        err.clear();
        QCOMPARE(run({ "delete", "Friday Drop" }, &out, &err), 1);
        QCOMPARE(err, QStringLiteral("pinstage show delete: there is no show named 'Friday Drop'\n"));
        out.clear();
        QCOMPARE(run({ "list" }, &out, &err), 0);
        QCOMPARE(out, QStringLiteral("Empty  (0 cards)\n"));

        // Export: the latest run's show log; a show that never ran is an error naming it.
        err.clear();
        QCOMPARE(run({ "export", "Empty", "--format", "chapters" }, &out, &err), 1);
        QVERIFY2(
            err.startsWith(QLatin1String("pinstage show export: the show 'Empty' has not run yet")), qPrintable(err));
        err.clear();
        QCOMPARE(run({ "export", "Empty" }, &out, &err), 2);
        QVERIFY2(err.startsWith(QLatin1String("pinstage show: export needs --format csv, json or chapters")),
            qPrintable(err));
        err.clear();
        QCOMPARE(run({ "export", "Empty", "--format", "xml" }, &out, &err), 2);
        QVERIFY2(err.startsWith(QLatin1String("pinstage show: --format: expected csv, json or chapters, got 'xml'")),
            qPrintable(err));
        err.clear();
        QCOMPARE(run({ "export", "Nobody", "--format", "csv" }, &out, &err), 1);
        QCOMPARE(err, QStringLiteral("pinstage show export: there is no show named 'Nobody'\n"));
        {
            // A run with its log, as RunOfShow stores it.
            QString openError;
            const auto reopened = Catalog::open(Catalog::pathInDataDir(dataDir), &openError);
            QVERIFY2(reopened, qPrintable(openError));
            ShowBook book(*reopened);
            const QString log = catalog.dir.filePath(QStringLiteral("show.jsonl"));
            QFile file(log);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(
                R"({"t_ms":0,"at":"2026-11-29T20:00:00.000","event":"live"})"
                "\n"
                R"({"t_ms":100,"at":"2026-11-29T20:00:00.100","event":"pin","code":"MUG-1","sku":"MUG-1","title":"Speckled Mug"})"
                "\n"
                R"({"t_ms":25000,"at":"2026-11-29T20:00:25.000","event":"pin","code":"TS-BLUE-M","sku":"TS-BLUE-M","title":"Example T-Shirt","variant":"M"})"
                "\n"
                R"({"t_ms":60000,"at":"2026-11-29T20:01:00.000","event":"stream_stopped"})"
                "\n");
            file.close();
            ShowRun showRun;
            showRun.showId = book.byName(QStringLiteral("Empty"))->id;
            showRun.logFile = log;
            QVERIFY2(book.startRun(showRun), qPrintable(book.error()));
        }
        out.clear();
        QCOMPARE(run({ "export", "empty", "--format", "chapters" }, &out, &err), 0);
        QCOMPARE(out, QStringLiteral("00:00 Speckled Mug\n00:25 Example T-Shirt – M\n"));
        out.clear();
        QCOMPARE(run({ "export", "Empty", "--format", "json" }, &out, &err), 0);
        QCOMPARE(QJsonDocument::fromJson(out.toUtf8()).object().value(QLatin1String("events")).toArray().size(), 4);
        out.clear();
        const QString csv = catalog.dir.filePath(QStringLiteral("show.csv"));
        QCOMPARE(run({ "export", "Empty", "--format", "csv", "--output", csv }, &out, &err), 0);
        QVERIFY2(out.contains(QLatin1String(" as csv to ")), qPrintable(out));
        QFile written(csv);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QVERIFY(written.readAll().startsWith("stream_time,t_ms,at,event,title,sku,details"));

        // The run above was never ended: list says it is interrupted and can be resumed.
        out.clear();
        QCOMPARE(run({ "list" }, &out, &err), 0);
        QVERIFY2(out.startsWith(QLatin1String("Empty  (0 cards)  interrupted run of ")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String(": --resume continues it\n")), qPrintable(out));
        out.clear();
        QCOMPARE(run({ "list", "--json" }, &out, &err), 0);
        const QJsonObject latest = QJsonDocument::fromJson(out.toUtf8())
                                       .object()
                                       .value(QLatin1String("shows"))
                                       .toArray()
                                       .at(0)
                                       .toObject()
                                       .value(QLatin1String("latest_run"))
                                       .toObject();
        QCOMPARE(latest.value(QLatin1String("state")).toString(), QStringLiteral("interrupted"));
        QVERIFY(latest.value(QLatin1String("ended_at")).isNull());
        {
            QString openError;
            const auto reopened = Catalog::open(Catalog::pathInDataDir(dataDir), &openError);
            QVERIFY2(reopened, qPrintable(openError));
            ShowBook book(*reopened);
            const auto last = book.latestRun(book.byName(QStringLiteral("Empty"))->id);
            QVERIFY(last);
            QVERIFY2(book.endRun(last->id), qPrintable(book.error()));
        }
        out.clear();
        QCOMPARE(run({ "list" }, &out, &err), 0);
        QVERIFY2(out.startsWith(QLatin1String("Empty  (0 cards)  last run ended ")), qPrintable(out));

        // Help for one command prints that command's usage only; the bare help prints them all.
        out.clear();
        QCOMPARE(run({ "list", "--help" }, &out, &err), 0);
        QVERIFY2(out.startsWith(QLatin1String("usage: pinstage show list [--json]")), qPrintable(out));
        QVERIFY2(!out.contains(QLatin1String("show create")), qPrintable(out));
        out.clear();
        QCOMPARE(run({ "--help" }, &out, &err), 0);
        for (const char* command : { "show create", "show list", "show delete", "show export" })
            QVERIFY2(out.contains(QLatin1String(command)), qPrintable(out));
        err.clear();
        QCOMPARE(run({ "export", "Empty", "--format", "xml" }, &out, &err), 2);
        QVERIFY2(
            err.contains(QLatin1String("usage: pinstage show export")) && !err.contains(QLatin1String("show create")),
            qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestShowBook)
#include "TestShowBook.moc"
