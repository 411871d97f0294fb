// SPDX-License-Identifier: GPL-2.0-or-later
// ImageCache: thumbnails made on the worker thread and reported back to this one, a corrupt file
// reported instead of crashing, cancellation, and destroying the cache in the middle of a run.
// Downloads go to LocalHttpServer on 127.0.0.1 only: these tests never use the internet.

#include "CatalogTestUtil.h"
#include "LocalHttpServer.h"

#include "catalog/CatalogImporter.h"
#include "catalog/ImageCache.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QSignalSpy>
#include <QTest>

using namespace pinstage;
using namespace pinstage::test;

class TestImageCache : public QObject {
    Q_OBJECT

private slots:
    void cachesLocalFilesAndReportsBrokenOnes();
    void cancelStopsTheRun();
    void destroyingMidRunIsSafe();
    void restartSupersedesTheRunningOne();
    void placeholderHasTheRequestedSize();
    void downloadsUrls_data();
    void downloadsUrls();
    void cancelAbortsDownloadsPromptly();
    void destroyingMidDownloadIsSafe();

private:
    /// Delivers every event already posted to this thread (queued signals and calls included):
    /// a barrier for "nothing more is on its way" once the thread that could post has been
    /// joined, or once it has answered a later request.
    static void drainPostedEvents()
    {
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
    }

    /// Imports a Shopify CSV (Handle, Title, Variant SKU, Variant Price, Image Src) written from
    /// rows of {handle, image source}; SKUs are the handles in upper case.
    static void importShopify(TempCatalog& catalog, const QList<std::pair<QString, QString>>& rows)
    {
        QByteArray csv = "Handle,Title,Variant SKU,Variant Price,Image Src\n";
        for (const auto& [handle, source] : rows)
            csv += QStringLiteral("%1,Product %1,%2,5.00,%3\n").arg(handle, handle.toUpper(), source).toUtf8();
        const QString csvPath = catalog.dir.filePath(QStringLiteral("shop.csv"));
        QFile file(csvPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(csv);
        file.close();
        const ImportReport report = CatalogImporter(*catalog).importFile(csvPath, {});
        QVERIFY2(report.succeeded(), qPrintable(report.summary()));
        QCOMPARE(report.imagesQueued, int(rows.size()));
    }
    /// Handle of each pending image, by image id.
    static QHash<qint64, QString> pendingHandles(Catalog& catalog)
    {
        QHash<qint64, QString> handles;
        for (const ImageFetcher::PendingImage& image : ImageFetcher::pendingImages(catalog))
            handles.insert(image.id, image.handle);
        return handles;
    }

    /// A catalog with `count` products, each with its own copy of a local photo.
    static void importManyImages(TempCatalog& catalog, int count)
    {
        const QString imageDir = catalog.dir.filePath(QStringLiteral("photos"));
        QVERIFY(QDir().mkpath(imageDir));
        QByteArray csv = "Handle,Title,Variant SKU,Variant Price,Image Src\n";
        for (int i = 0; i < count; ++i) {
            const QString name = QStringLiteral("photo-%1.png").arg(i);
            QVERIFY(QFile::copy(fixture(QStringLiteral("images/tee-front.png")), QDir(imageDir).filePath(name)));
            csv += QStringLiteral("p%1,Product %1,SKU-%1,5.00,photos/%2\n").arg(i).arg(name).toUtf8();
        }
        const QString csvPath = catalog.dir.filePath(QStringLiteral("many.csv"));
        QFile file(csvPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(csv);
        file.close();
        const ImportReport report = CatalogImporter(*catalog).importFile(csvPath, {});
        QVERIFY2(report.succeeded(), qPrintable(report.summary()));
        QCOMPARE(report.imagesQueued, count);
    }
};

void TestImageCache::cachesLocalFilesAndReportsBrokenOnes()
{
    TempCatalog catalog;
    QVERIFY(catalog.catalog);
    const ImportReport imported = CatalogImporter(*catalog).importFile(fixture("images.csv"), {});
    QCOMPARE(imported.imagesQueued, 4);

    ImageCache cache(catalog->path(), ImageFetcher::cacheDirIn(catalog.dir.path()));
    QSignalSpy images(&cache, &ImageCache::imageProcessed);
    QSignalSpy finished(&cache, &ImageCache::finished);
    cache.start();
    QVERIFY(cache.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QVERIFY(!cache.isRunning());

    QCOMPARE(images.size(), 4); // good, corrupt, missing, and the URL (deferred)
    QList<ImageFetcher::Status> statuses;
    for (const QList<QVariant>& args : std::as_const(images))
        statuses.append(args.at(1).value<ImageFetcher::Status>());
    QCOMPARE(statuses,
        (QList<ImageFetcher::Status> { ImageFetcher::Status::Cached, ImageFetcher::Status::Broken,
            ImageFetcher::Status::Missing, ImageFetcher::Status::Deferred }));
    QVERIFY(QFileInfo(images.at(0).at(2).toString()).isFile());
    QVERIFY(images.at(1).at(3).toString().contains(QStringLiteral("cannot be read")));

    const ImportReport report = finished.at(0).at(0).value<ImportReport>();
    QCOMPARE(finished.at(0).at(1).toInt(), 3);
    QCOMPARE(finished.at(0).at(2).toBool(), false);
    QCOMPARE(report.warnings.size(), 2);
    QVERIFY2(report.warnings.at(0).text().startsWith(QStringLiteral("product 'corrupt': image ")),
        qPrintable(report.warnings.at(0).text()));
    QVERIFY(report.warnings.at(0).text().contains(QStringLiteral("cannot be read")));
    QVERIFY(report.warnings.at(1).text().startsWith(QStringLiteral("product 'missing': image ")));

    // The owner's own connection sees what the worker's connection wrote.
    const auto good = catalog->variantBySku("IMG-1");
    QVERIFY(good);
    QVERIFY(QFileInfo(good->imagePath).isFile());
    QCOMPARE(QImage(good->imagePath).size(), QSize(480, 320));
    const CatalogStats stats = catalog->stats(testNow());
    QCOMPARE(stats.imagesCached, 1);
    QCOMPARE(stats.imagesBroken, 2);
    QCOMPARE(stats.imagesPending, 1);

    // A second run has nothing left but the URL.
    finished.clear();
    images.clear();
    cache.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QCOMPARE(finished.at(0).at(1).toInt(), 0);
    QCOMPARE(images.size(), 1);
}

void TestImageCache::cancelStopsTheRun()
{
    TempCatalog catalog;
    QVERIFY(catalog.catalog);
    constexpr int count = 300;
    importManyImages(catalog, count);
    if (QTest::currentTestFailed())
        return;

    ImageCache cache(catalog->path(), ImageFetcher::cacheDirIn(catalog.dir.path()));
    QSignalSpy finished(&cache, &ImageCache::finished);
    cache.start();
    cache.cancel(); // long before 300 photos can be decoded
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QCOMPARE(finished.at(0).at(2).toBool(), true);
    QVERIFY(finished.at(0).at(0).value<ImportReport>().cancelled);
    QVERIFY(finished.at(0).at(1).toInt() < count);
    QVERIFY(catalog->stats(testNow()).imagesPending > 0);
    QVERIFY(!cache.isRunning());

    // A later run picks up where the cancelled one stopped.
    finished.clear();
    cache.start();
    // 300 photos: seconds on a quiet machine, ~50 s under AddressSanitizer on a loaded one.
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 180000);
    QCOMPARE(finished.at(0).at(2).toBool(), false);
    QCOMPARE(catalog->stats(testNow()).imagesPending, 0);
    QCOMPARE(catalog->stats(testNow()).imagesCached, count);
}

void TestImageCache::destroyingMidRunIsSafe()
{
    TempCatalog catalog;
    QVERIFY(catalog.catalog);
    importManyImages(catalog, 200);
    if (QTest::currentTestFailed())
        return;

    QObject receiver; // outlives the cache: would see any signal emitted after destruction
    int signalsAfterDestruction = 0;
    bool destroyed = false;
    auto cache = std::make_unique<ImageCache>(catalog->path(), ImageFetcher::cacheDirIn(catalog.dir.path()));
    QSignalSpy images(cache.get(), &ImageCache::imageProcessed);
    connect(cache.get(), &ImageCache::imageProcessed, &receiver, [&] { signalsAfterDestruction += destroyed ? 1 : 0; });
    cache->start();
    QTRY_VERIFY_WITH_TIMEOUT(images.size() >= 1, 10000); // the worker is in the middle of the run
    cache.reset(); // cancels, then waits for at most the image being decoded
    destroyed = true;
    // Results still queued for the destroyed cache must not be delivered. The destructor joined
    // the worker thread, so everything it will ever post is in this thread's queue already:
    // delivering the whole queue is the barrier (no time involved).
    drainPostedEvents();
    QCOMPARE(signalsAfterDestruction, 0);
    QVERIFY(catalog->stats(testNow()).imagesPending > 0);
    QVERIFY(catalog->stats(testNow()).imagesCached >= 1);
}

void TestImageCache::restartSupersedesTheRunningOne()
{
    TempCatalog catalog;
    QVERIFY(catalog.catalog);
    importManyImages(catalog, 100);
    if (QTest::currentTestFailed())
        return;

    ImageCache cache(catalog->path(), ImageFetcher::cacheDirIn(catalog.dir.path()));
    QSignalSpy finished(&cache, &ImageCache::finished);
    cache.start();
    cache.start(); // the first run is cancelled and its finished() dropped
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 120000);
    QCOMPARE(finished.at(0).at(2).toBool(), false);
    // The first run's finished() (if it were delivered) would come before this one: the worker
    // runs the two requests in order and its results to this thread are delivered in the order
    // they were posted. Delivering whatever is still queued proves nothing else follows.
    drainPostedEvents();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(catalog->stats(testNow()).imagesCached, 100);
}

void TestImageCache::placeholderHasTheRequestedSize()
{
    const QImage image = ImageCache::placeholder(QSize(96, 64));
    QCOMPARE(image.size(), QSize(96, 64));
    QVERIFY(!image.isNull());
}

void TestImageCache::downloadsUrls_data()
{
    QTest::addColumn<QString>("handle");
    QTest::addColumn<QString>("path"); ///< on the local server; "local" for a file, "closed" for a dead port
    QTest::addColumn<ImageFetcher::Status>("status");
    QTest::addColumn<QStringList>("reason"); ///< each must appear in the error
    using S = ImageFetcher::Status;
    QTest::newRow("png") << "photo"
                         << "/photo.png" << S::Cached << QStringList();
    QTest::newRow("redirect chain") << "redirected"
                                    << "/redirect/3" << S::Cached << QStringList();
    QTest::newRow("local file") << "local"
                                << "local" << S::Cached << QStringList();
    QTest::newRow("404") << "gone"
                         << "/missing.png" << S::Broken << QStringList { "/missing.png: ", "HTTP 404 from 127.0.0.1" };
    QTest::newRow("too many redirects") << "loop"
                                        << "/redirect/9" << S::Broken
                                        << QStringList { "more than 5 redirects", "127.0.0.1" };
    QTest::newRow("redirect to file") << "tofile"
                                      << "/to-file" << S::Broken
                                      << QStringList { "127.0.0.1 redirects to 'file:///etc/passwd'",
                                             "only http and https" };
    QTest::newRow("not an image") << "page"
                                  << "/page.html" << S::Broken << QStringList { "what 127.0.0.1 sent is not an image" };
    QTest::newRow("announced too large") << "announced"
                                         << "/huge-announced.png" << S::Broken
                                         << QStringList {
                                                "larger than 256 KB (20971520 bytes), download from 127.0.0.1 stopped"
                                            };
    QTest::newRow("streamed too large") << "streamed"
                                        << "/huge-streamed.png" << S::Broken
                                        << QStringList { "larger than 256 KB", "from 127.0.0.1 stopped" };
    QTest::newRow("timeout") << "slow"
                             << "/slow.png" << S::Deferred
                             << QStringList { "no complete answer from 127.0.0.1 within 1 s",
                                    "tried again on the next run" };
    QTest::newRow("unreachable") << "unreachable"
                                 << "closed" << S::Deferred
                                 << QStringList { "cannot reach 127.0.0.1", "tried again on the next run" };
}

void TestImageCache::downloadsUrls()
{
    QFETCH(QString, handle);
    QFETCH(QString, path);
    QFETCH(ImageFetcher::Status, status);
    QFETCH(QStringList, reason);

    // Every row runs the whole catalog (all the cases at once, as a real export would), then
    // checks its own image: parallel downloads with every kind of answer in flight together.
    LocalHttpServer server;
    QVERIFY(server.isListening());
    TempCatalog catalog;
    QVERIFY(catalog.catalog);
    const QString photoDir = catalog.dir.filePath(QStringLiteral("photos"));
    QVERIFY(QDir().mkpath(photoDir));
    QVERIFY(QFile::copy(
        fixture(QStringLiteral("images/tee-back.png")), QDir(photoDir).filePath(QStringLiteral("back.png"))));
    const quint16 closedPort = LocalHttpServer::closedPort();
    QList<std::pair<QString, QString>> rows;
    QHash<QString, QString> sources;
    // The same cases as the _data table: handle -> path.
    const QList<std::pair<QString, QString>> table = { { "photo", "/photo.png" }, { "redirected", "/redirect/3" },
        { "local", "local" }, { "gone", "/missing.png" }, { "loop", "/redirect/9" }, { "tofile", "/to-file" },
        { "page", "/page.html" }, { "announced", "/huge-announced.png" }, { "streamed", "/huge-streamed.png" },
        { "slow", "/slow.png" }, { "unreachable", "closed" } };
    for (const auto& [h, p] : table) {
        const QString source = p == QLatin1String("local") ? QStringLiteral("photos/back.png")
            : p == QLatin1String("closed") ? QStringLiteral("http://127.0.0.1:%1/photo.png").arg(closedPort)
                                           : server.url(p);
        rows.append({ h, source });
        sources.insert(h, source);
    }
    importShopify(catalog, rows);
    if (QTest::currentTestFailed())
        return;
    const QHash<qint64, QString> handles = pendingHandles(*catalog);

    ImageCache cache(catalog->path(), ImageFetcher::cacheDirIn(catalog.dir.path()));
    NetworkImageFetcher::Limits limits;
    limits.timeout = std::chrono::milliseconds(1000);
    limits.maxBytes = 256 * 1024;
    cache.setNetworkLimits(limits);
    QSignalSpy images(&cache, &ImageCache::imageProcessed);
    QSignalSpy finished(&cache, &ImageCache::finished);
    QElapsedTimer clock;
    clock.start();
    cache.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 15000);
    QCOMPARE(finished.at(0).at(2).toBool(), false);
    QCOMPARE(images.size(), int(table.size()));
    QVERIFY2(clock.elapsed() < 10000, qPrintable(QString::number(clock.elapsed())));

    bool found = false;
    for (const QList<QVariant>& args : std::as_const(images)) {
        if (handles.value(args.at(0).toLongLong()) != handle)
            continue;
        found = true;
        const QString error = args.at(3).toString();
        QVERIFY2(args.at(1).value<ImageFetcher::Status>() == status, qPrintable(error));
        for (const QString& part : std::as_const(reason))
            QVERIFY2(error.contains(part), qPrintable(error));
        if (status != ImageFetcher::Status::Cached)
            QVERIFY2(error.startsWith(sources.value(handle) + QStringLiteral(": ")) || path == QLatin1String("local"),
                qPrintable(error));
    }
    QVERIFY(found);

    const auto variant = catalog->variantBySku(handle.toUpper());
    QVERIFY(variant);
    if (status == ImageFetcher::Status::Cached) {
        QVERIFY2(QFileInfo(variant->imagePath).isFile(), qPrintable(variant->imagePath));
        QCOMPARE(QImage(variant->imagePath).size(), QSize(480, 320)); // thumbnailed like a local file
    } else {
        QCOMPARE(variant->imagePath, QString());
    }

    const CatalogStats stats = catalog->stats(testNow());
    QCOMPARE(stats.imagesCached, 3);
    QCOMPARE(stats.imagesBroken, 6);
    QCOMPARE(stats.imagesPending, 2); // the slow one and the unreachable one
    const ImportReport report = finished.at(0).at(0).value<ImportReport>();
    QCOMPARE(report.warnings.size(), 6);
}

void TestImageCache::cancelAbortsDownloadsPromptly()
{
    LocalHttpServer server;
    TempCatalog catalog;
    QVERIFY(catalog.catalog);
    QList<std::pair<QString, QString>> rows;
    for (int i = 0; i < 6; ++i)
        rows.append({ QStringLiteral("p%1").arg(i), server.url(QStringLiteral("/slow.png?%1").arg(i)) });
    importShopify(catalog, rows);
    if (QTest::currentTestFailed())
        return;

    ImageCache cache(catalog->path(), ImageFetcher::cacheDirIn(catalog.dir.path())); // default limits: 15 s timeout
    QCOMPARE(cache.networkLimits().parallel, 4);
    QSignalSpy finished(&cache, &ImageCache::finished);
    cache.start();
    // Four requests in flight, none will finish, and the other two wait for a free slot (a slot
    // frees only when a transfer ends, and none does: the checks after the cancel below prove
    // that no fifth request was ever made).
    QTRY_COMPARE_WITH_TIMEOUT(server.hits("/slow.png"), 4, 10000);
    QElapsedTimer clock;
    clock.start();
    cache.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(finished.at(0).at(2).toBool(), true);
    QCOMPARE(finished.at(0).at(1).toInt(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(server.openConnections(), 0, 2000); // the requests were really aborted
    // finished() came back from the worker after it processed the abort, and every connection
    // the server saw is closed: a fifth request would have been made before that, and counted.
    QCOMPARE(server.hits("/slow.png"), 4);
    QCOMPARE(server.maxOpenConnections(), 4);
    QCOMPARE(catalog->stats(testNow()).imagesPending, 6);
    QVERIFY(!cache.isRunning());
}

void TestImageCache::destroyingMidDownloadIsSafe()
{
    LocalHttpServer server;
    TempCatalog catalog;
    QVERIFY(catalog.catalog);
    importShopify(catalog,
        { { "a", server.url("/slow.png?a") }, { "b", server.url("/photo.png") }, { "c", server.url("/slow.png?c") } });
    if (QTest::currentTestFailed())
        return;

    QObject receiver;
    int signalsAfterDestruction = 0;
    bool destroyed = false;
    auto cache = std::make_unique<ImageCache>(catalog->path(), ImageFetcher::cacheDirIn(catalog.dir.path()));
    connect(cache.get(), &ImageCache::imageProcessed, &receiver, [&] { signalsAfterDestruction += destroyed ? 1 : 0; });
    connect(cache.get(), &ImageCache::finished, &receiver, [&] { signalsAfterDestruction += destroyed ? 1 : 0; });
    cache->start();
    QTRY_COMPARE_WITH_TIMEOUT(server.hits("/slow.png"), 2, 10000);
    QElapsedTimer clock;
    clock.start();
    cache.reset(); // aborts the downloads, does not wait for them
    destroyed = true;
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
    drainPostedEvents(); // the worker thread is joined: all it posted is queued (see above)
    QCOMPARE(signalsAfterDestruction, 0);
    QTRY_COMPARE_WITH_TIMEOUT(server.openConnections(), 0, 2000);
    QCOMPARE(catalog->stats(testNow()).imagesPending + catalog->stats(testNow()).imagesCached, 3);
    QVERIFY(catalog->stats(testNow()).imagesPending >= 2);
}

QTEST_GUILESS_MAIN(TestImageCache)
#include "TestImageCache.moc"
