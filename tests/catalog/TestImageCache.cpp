// SPDX-License-Identifier: GPL-2.0-or-later
// ImageCache: thumbnails made on the worker thread and reported back to this one, a corrupt file
// reported instead of crashing, cancellation, and destroying the cache in the middle of a run.

#include "CatalogTestUtil.h"

#include "catalog/CatalogImporter.h"
#include "catalog/ImageCache.h"

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

private:
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
    QCOMPARE(statuses, (QList<ImageFetcher::Status>{ImageFetcher::Status::Cached, ImageFetcher::Status::Broken, ImageFetcher::Status::Missing,
                                                    ImageFetcher::Status::Deferred}));
    QVERIFY(QFileInfo(images.at(0).at(2).toString()).isFile());
    QVERIFY(images.at(1).at(3).toString().contains(QStringLiteral("cannot be read")));

    const ImportReport report = finished.at(0).at(0).value<ImportReport>();
    QCOMPARE(finished.at(0).at(1).toInt(), 3);
    QCOMPARE(finished.at(0).at(2).toBool(), false);
    QCOMPARE(report.warnings.size(), 2);
    QVERIFY2(report.warnings.at(0).text().startsWith(QStringLiteral("product 'corrupt': image ")), qPrintable(report.warnings.at(0).text()));
    QVERIFY(report.warnings.at(0).text().contains(QStringLiteral("cannot be read")));
    QVERIFY(report.warnings.at(1).text().startsWith(QStringLiteral("product 'missing': image ")));

    // The owner's own connection sees what the worker's connection wrote.
    const auto good = catalog->variantBySku("IMG-1");
    QVERIFY(good);
    QVERIFY(QFileInfo(good->imagePath).isFile());
    QCOMPARE(QImage(good->imagePath).size(), QSize(480, 320));
    const CatalogStats stats = catalog->stats();
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
    QVERIFY(catalog->stats().imagesPending > 0);
    QVERIFY(!cache.isRunning());

    // A later run picks up where the cancelled one stopped.
    finished.clear();
    cache.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
    QCOMPARE(finished.at(0).at(2).toBool(), false);
    QCOMPARE(catalog->stats().imagesPending, 0);
    QCOMPARE(catalog->stats().imagesCached, count);
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
    QTest::qWait(200); // results still queued for the destroyed cache must not be delivered
    QCOMPARE(signalsAfterDestruction, 0);
    QVERIFY(catalog->stats().imagesPending > 0);
    QVERIFY(catalog->stats().imagesCached >= 1);
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
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
    QCOMPARE(finished.at(0).at(2).toBool(), false);
    QTest::qWait(100);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(catalog->stats().imagesCached, 100);
}

void TestImageCache::placeholderHasTheRequestedSize()
{
    const QImage image = ImageCache::placeholder(QSize(96, 64));
    QCOMPARE(image.size(), QSize(96, 64));
    QVERIFY(!image.isNull());
}

QTEST_GUILESS_MAIN(TestImageCache)
#include "TestImageCache.moc"
