// SPDX-License-Identifier: GPL-2.0-or-later
// seedDemoCatalog() from Catalog.h: the demo shop a first run starts with.
#include "catalog/Catalog.h"
#include "catalog/CatalogImporter.h"
#include "catalog/ImageFetcher.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>

namespace pinstage {

bool seedDemoCatalog(Catalog& catalog, const QString& dataDir, QString* error)
{
    QString ignored;
    QString& message = error ? *error : ignored;
    if (catalog.productCount() > 0)
        return true;

    QFile csv(QStringLiteral(":/demo/catalog.csv"));
    if (!csv.open(QIODevice::ReadOnly)) {
        message = QStringLiteral("the demo catalog is missing from the application resources (:/demo/catalog.csv)");
        return false;
    }
    // The CSV names its photos "images/NAME.png"; they are extracted next to the catalog so the
    // relative paths resolve against the data folder.
    const QString imageDir = QDir(dataDir).filePath(QStringLiteral("images"));
    if (!QDir().mkpath(imageDir)) {
        message = QStringLiteral("cannot create folder %1").arg(QDir::toNativeSeparators(imageDir));
        return false;
    }
    QDirIterator it(QStringLiteral(":/demo/images"), QDir::Files);
    while (it.hasNext()) {
        it.next();
        const QString target = QDir(imageDir).filePath(it.fileName());
        if (QFile::exists(target))
            continue;
        if (!QFile::copy(it.filePath(), target)) {
            message = QStringLiteral("cannot write the demo image %1").arg(QDir::toNativeSeparators(target));
            return false;
        }
        QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    }

    ImportOptions options;
    options.format = CatalogFormat::ShopifyClassic;
    options.baseDir = dataDir;
    CatalogImporter importer(catalog);
    const ImportReport report = importer.importData(csv.readAll(), QStringLiteral("demo catalog"), options);
    if (!report.succeeded() || !report.rejected.isEmpty()) {
        message = report.refused
            ? report.summary()
            : QStringLiteral("the demo catalog has a bad row: %1").arg(report.rejected.constFirst().text());
        return false;
    }
    // Twelve small local files: cached at once so the first catalog view has its photos.
    ImageFetcher::processPending(catalog, ImageFetcher::cacheDirIn(dataDir));
    return true;
}

} // namespace pinstage
