// SPDX-License-Identifier: GPL-2.0-or-later
// The scene collection file (studio/scene/CollectionFile): a saved collection loads back equal,
// every source type's libobs settings round-trip untouched, an older file is migrated, a newer
// one and a broken one are refused with their name and place and never written.
#include "output/PlatformPreset.h"
#include "scene/CollectionFile.h"
#include "scene/DefaultCollection.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace pinstage;

namespace {

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Copies a fixture into DIR so that a test can prove the file is left as it was.
QString copied(const QTemporaryDir& dir, const QString& name)
{
    const QString to = dir.filePath(name);
    QFile::remove(to);
    if (!QFile::copy(QFINDTESTDATA(QStringLiteral("../data/scenes/") + name), to))
        return {};
    QFile::setPermissions(to, QFile::ReadOwner | QFile::WriteOwner);
    return to;
}

} // namespace

class TestCollectionFile : public QObject {
    Q_OBJECT

private slots:
    void defaultSceneStaysInEveryPlatformsSafeArea_data()
    {
        QTest::addColumn<QSize>("canvas");
        QTest::newRow("1080x1920") << QSize(1080, 1920);
        QTest::newRow("720x1280") << QSize(720, 1280);
        QTest::newRow("360x640") << QSize(360, 640);
        QTest::newRow("1920x1080") << QSize(1920, 1080);
        QTest::newRow("1280x720") << QSize(1280, 720);
    }

    void defaultSceneStaysInEveryPlatformsSafeArea()
    {
        // The logo ("badge"), the show title and "Be right back" are inside the safe area of every
        // platform preset (vertical apps and graphics-safe), whatever the canvas.
        QFETCH(QSize, canvas);
        const CollectionDocument doc = DefaultCollection::create(
            { canvas, QStringLiteral("Pinstage Demo Shop"), QStringLiteral("/x/logo.png") });
        for (const SafeMargins& margins : { SafeMargins::verticalApp(), SafeMargins::graphicsSafe() }) {
            PlatformPreset preset;
            preset.safeMargins = margins;
            const QRect safe = preset.safeArea(canvas);
            int checked = 0;
            for (const SceneDocument& scene : doc.scenes) {
                for (const SceneItemDocument& item : scene.items) {
                    if (item.source != QLatin1String("Logo") && item.source != QLatin1String("Title")
                        && item.source != QLatin1String("Be right back text"))
                        continue;
                    const QRectF box(item.transform.pos, item.transform.bounds);
                    QVERIFY2(box.width() > 0 && box.height() > 0, qPrintable(item.source));
                    QVERIFY2(QRectF(safe).contains(box),
                        qPrintable(QStringLiteral("%1 at %2,%3 %4x%5 leaves the safe area %6,%7 %8x%9")
                                       .arg(item.source)
                                       .arg(box.x())
                                       .arg(box.y())
                                       .arg(box.width())
                                       .arg(box.height())
                                       .arg(safe.x())
                                       .arg(safe.y())
                                       .arg(safe.width())
                                       .arg(safe.height())));
                    ++checked;
                }
            }
            QCOMPARE(checked, 3);
        }
    }

    void defaultCollectionRoundTrips()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        CollectionDocument doc = DefaultCollection::create(
            { QSize(360, 640), QStringLiteral("Pinstage Demo Shop"), QStringLiteral("/x/logo.png") });
        QCOMPARE(doc.scenes.size(), 2);
        QCOMPARE(doc.scenes.at(0).name, QStringLiteral("Main"));
        QCOMPARE(doc.scenes.at(1).name, QStringLiteral("Be right back"));
        QVERIFY(!doc.scenes.at(0).items.isEmpty());
        QVERIFY(doc.source(QStringLiteral("Microphone")));
        QCOMPARE(doc.source(QStringLiteral("Microphone"))->type, QStringLiteral("pulse_input_capture"));
        QCOMPARE(doc.source(QStringLiteral("Desktop audio"))->type, QStringLiteral("pulse_output_capture"));
        QVERIFY(!doc.source(QStringLiteral("Title"))
                     ->settings.value(QStringLiteral("text"))
                     .toString()
                     .startsWith(QStringLiteral("LIVE")));

        // Every kind of value libobs settings hold, and every transform field, with odd values.
        SourceDocument clip { QStringLiteral("Clip ✓"), QStringLiteral("ffmpeg_source"),
            QJsonObject { { QStringLiteral("local_file"), QStringLiteral("/media/loop.mp4") },
                { QStringLiteral("looping"), true }, { QStringLiteral("speed_percent"), 100 },
                { QStringLiteral("ratio"), 0.25 },
                { QStringLiteral("nested"), QJsonObject { { QStringLiteral("a"), QJsonArray { 1, 2, 3 } } } } },
            -6.5, true, 0 };
        doc.sources.append(clip);
        ItemTransform t;
        t.pos = { 12.5, -30 };
        t.scale = { 0.5, 2 };
        t.rotation = 90;
        t.boundsType = QStringLiteral("max_only");
        t.bounds = { 100, 200 };
        t.boundsAlignment = 5;
        t.crop = QMargins(1, 2, 3, 4);
        t.visible = false;
        t.locked = true;
        doc.scenes[1].items.append({ clip.name, t });
        doc.transition = QStringLiteral("cut");
        doc.transitionMs = 0;

        const QString path = dir.filePath(QStringLiteral("scenes.json"));
        QString error;
        QVERIFY2(CollectionFile::write(path, doc, &error), qPrintable(error));
        const CollectionFile::Result read = CollectionFile::read(path);
        QVERIFY2(read.status == CollectionFile::Status::Loaded, qPrintable(read.error));
        QCOMPARE(read.fileVersion, CollectionFile::currentVersion);
        QCOMPARE(read.document.sources, doc.sources);
        QCOMPARE(read.document.scenes, doc.scenes);
        QVERIFY(read.document == doc);

        // Written again, the bytes are the same: saving is stable (no churn in version control).
        const QByteArray first = readAll(path);
        QVERIFY2(CollectionFile::write(path, read.document, &error), qPrintable(error));
        QCOMPARE(readAll(path), first);
    }

    void missingFileIsReportedAsMissing()
    {
        QTemporaryDir dir;
        const CollectionFile::Result read = CollectionFile::read(dir.filePath(QStringLiteral("nope.json")));
        QCOMPARE(read.status, CollectionFile::Status::Missing);
    }

    void migratesVersion1()
    {
        QTemporaryDir dir;
        const QString path = copied(dir, QStringLiteral("v1.json"));
        QVERIFY(!path.isEmpty());
        const QByteArray before = readAll(path);
        const CollectionFile::Result read = CollectionFile::read(path);
        QVERIFY2(read.status == CollectionFile::Status::Migrated, qPrintable(read.error));
        QCOMPARE(read.fileVersion, 1);
        QCOMPARE(readAll(path), before); // reading never writes; the collection saves the migration

        const CollectionDocument& doc = read.document;
        QCOMPARE(doc.canvas, QSize(720, 1280));
        QCOMPARE(doc.currentScene, QStringLiteral("Show"));
        QCOMPARE(doc.scenes.size(), 2);
        QCOMPARE(doc.scenes.at(0).items.size(), 2);
        QCOMPARE(doc.scenes.at(1).items.size(), 2);
        // "Background" was in both scenes: one shared source now.
        QStringList names;
        for (const SourceDocument& s : doc.sources)
            names.append(s.name);
        QCOMPARE(names, (QStringList { "Background", "Logo", "Clip", "Microphone", "Desktop audio" }));
        QCOMPARE(doc.source(QStringLiteral("Clip"))->settings.value(QStringLiteral("looping")).toBool(), true);
        QCOMPARE(doc.source(QStringLiteral("Background"))->settings.value(QStringLiteral("color")).toInteger(),
            4281545523LL);
        // A v1 box became bounds the source is fitted into; no box: drawn at its own size.
        const ItemTransform& logo = doc.scenes.at(0).items.at(1).transform;
        QCOMPARE(logo.pos, QPointF(30, 40));
        QCOMPARE(logo.boundsType, QStringLiteral("scale_inner"));
        QCOMPARE(logo.bounds, QSizeF(200, 60));
        QCOMPARE(logo.visible, false);
        QCOMPARE(doc.scenes.at(1).items.at(1).transform.boundsType, QStringLiteral("none"));
        QCOMPARE(doc.source(QStringLiteral("Microphone"))->outputChannel, 3);

        // Saved as the current version, it loads as such.
        const QString saved = dir.filePath(QStringLiteral("saved.json"));
        QString error;
        QVERIFY2(CollectionFile::write(saved, doc, &error), qPrintable(error));
        const CollectionFile::Result again = CollectionFile::read(saved);
        QCOMPARE(again.status, CollectionFile::Status::Loaded);
        QVERIFY(again.document == doc);
    }

    void refusesNewerVersionUntouched()
    {
        QTemporaryDir dir;
        const QString path = copied(dir, QStringLiteral("newer.json"));
        const QByteArray before = readAll(path);
        const CollectionFile::Result read = CollectionFile::read(path);
        QCOMPARE(read.status, CollectionFile::Status::Refused);
        QCOMPARE(read.fileVersion, 3);
        QVERIFY2(read.error.startsWith(path + QStringLiteral(": written by a newer Pinstage")), qPrintable(read.error));
        QVERIFY2(read.error.contains(QStringLiteral("version 3")), qPrintable(read.error));
        QCOMPARE(readAll(path), before);
    }

    void reportsBrokenSyntaxWithLineAndColumn()
    {
        QTemporaryDir dir;
        const QString path = copied(dir, QStringLiteral("broken-syntax.json"));
        const QByteArray before = readAll(path);
        const CollectionFile::Result read = CollectionFile::read(path);
        QCOMPARE(read.status, CollectionFile::Status::Refused);
        // The comma is missing on line 6 before "settings" (its quote is in column 56); Qt reports
        // the place just past the first character it could not take.
        QVERIFY2(read.error.startsWith(path + QStringLiteral(":6:57: not a valid scene collection: ")),
            qPrintable(read.error));
        QCOMPARE(readAll(path), before);
    }

    void reportsBadFieldWithItsPath()
    {
        QTemporaryDir dir;
        const QString path = copied(dir, QStringLiteral("broken-field.json"));
        const CollectionFile::Result read = CollectionFile::read(path);
        QCOMPARE(read.status, CollectionFile::Status::Refused);
        QCOMPARE(read.error, path + QStringLiteral(": scenes[0].items[1].source: no source is named 'Camera'"));
    }

    void reportsBadValues_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        const QByteArray head = R"({"version":2,"sources":[{"name":"A","type":"color_source_v3","settings":{}}],)";
        QTest::newRow("no version") << QByteArray(R"({"scenes":[]})")
                                    << QStringLiteral("version: expected a whole number");
        QTest::newRow("no scenes") << head + R"("scenes":[]})" << QStringLiteral("scenes: the collection has no scene");
        QTest::newRow("bounds type") << head
                + R"("scenes":[{"name":"S","items":[{"source":"A","bounds":{"type":"huge"}}]}]})"
                                     << QStringLiteral("scenes[0].items[0].bounds.type: 'huge' is not one of");
        QTest::newRow("rotation") << head + R"("scenes":[{"name":"S","items":[{"source":"A","rotation":"left"}]}]})"
                                  << QStringLiteral("scenes[0].items[0].rotation: expected a number");
        QTest::newRow("duplicate scene") << head + R"("scenes":[{"name":"S","items":[]},{"name":"S","items":[]}]})"
                                         << QStringLiteral("scenes[1].name: a second scene named 'S'");
        QTest::newRow("current scene") << head + R"("current_scene":"X","scenes":[{"name":"S","items":[]}]})"
                                       << QStringLiteral("current_scene: no scene is named 'X'");
        QTest::newRow("channel") << QByteArray(
            R"({"version":2,"sources":[{"name":"A","type":"t","output_channel":9}],"scenes":[{"name":"S","items":[]}]})")
                                 << QStringLiteral("sources[0].output_channel: expected a number from 0 to 6");
        QTest::newRow("transition") << head + R"("transition":{"type":"wipe"},"scenes":[{"name":"S","items":[]}]})"
                                    << QStringLiteral("transition.type: expected \"cut\" or \"fade\"");
    }

    void reportsBadValues()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("scenes.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(json);
        f.close();
        const CollectionFile::Result read = CollectionFile::read(path);
        QCOMPARE(read.status, CollectionFile::Status::Refused);
        QVERIFY2(read.error.startsWith(path + QStringLiteral(": ") + expected), qPrintable(read.error));
        QCOMPARE(readAll(path), json);
    }

    void lineColumnCountsCharacters()
    {
        QCOMPARE(CollectionFile::lineColumn("abc", 0), QStringLiteral("1:1"));
        QCOMPARE(CollectionFile::lineColumn("a\nbc", 3), QStringLiteral("2:2"));
        QCOMPARE(CollectionFile::lineColumn("\"é\"x", 4), QStringLiteral("1:4")); // é is 2 bytes, 1 column
    }
};

QTEST_GUILESS_MAIN(TestCollectionFile)
#include "tst_collectionfile.moc"
