// SPDX-License-Identifier: GPL-2.0-or-later
// The horizontal second canvas's configuration (issue 11 item 2), without libobs: the headless flags
// (--stream-canvas, the Nth for the Nth URL; --horizontal-canvas; --horizontal-scene), a destination's
// canvas in the settings file, a scene's own canvas in the collection file, and the default landscape
// scene's layout for a 16:9 canvas.
#include "CommandLine.h"

#include "overlay/AnnouncementPainter.h"
#include "overlay/CardLayout.h"
#include "overlay/SharedImageSource.h"
#include "scene/CollectionFile.h"
#include "scene/DefaultCollection.h"
#include "settings/Settings.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace pinstage;

class tst_CanvasConfig : public QObject {
    Q_OBJECT

private slots:
    void streamCanvasBelongsToNthUrl()
    {
        QString error;
        const auto cl = CommandLine::parse(
            { "pinstage", "--headless", "--stream-url", "rtmp://a.example/live", "--stream-key", "k_1",
                "--stream-canvas", "vertical", "--stream-url", "rtmp://b.example/live2", "--stream-key", "k_2",
                "--stream-canvas", "Horizontal", "--horizontal-canvas", "640x360", "--horizontal-scene", "Wide" },
            &error);
        QVERIFY2(cl, qPrintable(error));
        QCOMPARE(cl->destinations.size(), 2);
        QCOMPARE(cl->destinations.at(0).canvas, DestinationCanvas::Vertical);
        QCOMPARE(cl->destinations.at(1).canvas, DestinationCanvas::Horizontal);
        QCOMPARE(cl->horizontalCanvas, std::optional<QSize>(QSize(640, 360)));
        QCOMPARE(cl->horizontalScene, QStringLiteral("Wide"));

        const auto single = CommandLine::parse({ "pinstage", "--headless", "--stream-url", "rtmp://a.example/live",
                                                   "--stream-key", "k_1", "--stream-canvas", "horizontal" },
            &error);
        QVERIFY2(single, qPrintable(error));
        QCOMPARE(single->destinations.front().canvas, DestinationCanvas::Horizontal);
        QVERIFY(!single->horizontalCanvas);

        const auto none = CommandLine::parse(
            { "pinstage", "--headless", "--stream-url", "rtmp://a.example/live", "--stream-key", "k_1" }, &error);
        QVERIFY2(none, qPrintable(error));
        QCOMPARE(none->destinations.front().canvas, DestinationCanvas::Vertical);
    }

    void badValuesNameTheFlag_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        const QStringList two { "pinstage", "--headless", "--stream-url", "rtmp://a.example/live", "--stream-key",
            "k_1", "--stream-url", "rtmp://b.example/live", "--stream-key", "k_2" };
        QTest::newRow("word") << (two + QStringList { "--stream-canvas", "vertical", "--stream-canvas", "landscape" })
                              << QStringLiteral("--stream-canvas #2: expected vertical or horizontal, got 'landscape'");
        QTest::newRow("count") << (two + QStringList { "--stream-canvas", "horizontal" })
                               << QStringLiteral("--stream-canvas is given 1 time for 2 --stream-url");
        QTest::newRow("size") << (two + QStringList { "--horizontal-canvas", "1920x1081" })
                              << QStringLiteral("--horizontal-canvas: ");
        QTest::newRow("scene") << (two + QStringList { "--horizontal-scene", " " })
                               << QStringLiteral("--horizontal-scene: the scene name is empty");
        QTest::newRow("twice") << (two
            + QStringList { "--horizontal-canvas", "640x360", "--horizontal-canvas", "64x36" })
                               << QStringLiteral("--horizontal-canvas is given more than once");
        QTest::newRow("window") << QStringList { "pinstage", "--stream-canvas", "horizontal" }
                                << QStringLiteral("--stream-canvas");
    }

    void badValuesNameTheFlag()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        QString error;
        QVERIFY(!CommandLine::parse(args, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY(!error.contains(QLatin1String("k_1")) && !error.contains(QLatin1String("k_2")));
    }

    void destinationCanvasIsSaved()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("pinstage.ini"));
        {
            Settings s(path);
            QVERIFY(s.load());
            StreamDestination youtube { QStringLiteral("YouTube"), QStringLiteral("rtmp://a.rtmp.youtube.com/live2"),
                QStringLiteral("youtube-rtmps"), DestinationCanvas::Horizontal };
            s.setDestination(youtube);
            s.setDestination({ QStringLiteral("TikTok"), QStringLiteral("rtmp://push.example.com/live") });
            s.setHorizontalCanvas(QSize(1280, 720));
            QString error;
            QVERIFY2(s.save(&error), qPrintable(error));
        }
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY2(text.contains("canvas=horizontal"), text.constData());
        QCOMPARE(text.count("canvas=horizontal"), 1); // absent for a vertical destination
        Settings again(path);
        QVERIFY(again.load());
        QCOMPARE(again.destination(QStringLiteral("YouTube"))->canvas, DestinationCanvas::Horizontal);
        QCOMPARE(again.destination(QStringLiteral("TikTok"))->canvas, DestinationCanvas::Vertical);
        QCOMPARE(again.horizontalCanvas(), QSize(1280, 720));
        QVERIFY(again.warnings().isEmpty());

        // Back to vertical: the key goes away.
        StreamDestination youtube = *again.destination(QStringLiteral("YouTube"));
        youtube.canvas = DestinationCanvas::Vertical;
        again.setDestination(youtube);
        QVERIFY(again.save());
        f.close();
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(!f.readAll().contains("canvas=horizontal"));
    }

    void badDestinationCanvasIsReported()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("pinstage.ini"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[general]\nversion=2\n\n[destination/1]\nname=YouTube\nurl=rtmp://a.example/live2\ncanvas=diagonal\n"
                "\n[video]\nhorizontal_canvas=1x1\n");
        f.close();
        Settings s(path);
        QVERIFY(s.load());
        QCOMPARE(s.destination(QStringLiteral("YouTube"))->canvas, DestinationCanvas::Vertical);
        QCOMPARE(s.horizontalCanvas(), QSize(1920, 1080));
        const QString warnings = s.warnings().join(QLatin1Char('\n'));
        QVERIFY2(warnings.contains(QLatin1String("\"diagonal\" is not a canvas (vertical or horizontal)")),
            qPrintable(warnings));
        QVERIFY2(warnings.contains(QLatin1String("horizontal_canvas")), qPrintable(warnings));
        QVERIFY2(warnings.contains(path), qPrintable(warnings)); // the place names the file
    }

    void defaultHorizontalSceneIsLaidOutFor16x9()
    {
        DefaultCollection::Options options;
        options.canvas = QSize(1080, 1920);
        options.title = QStringLiteral("Shop");
        options.logoFile = QStringLiteral("/tmp/logo.png");
        const CollectionDocument doc = DefaultCollection::create(options);
        const QSize canvas(1920, 1080);
        const DefaultCollection::HorizontalScene made = DefaultCollection::horizontalScene(doc, "Landscape", canvas);
        QCOMPARE(made.scene.canvas, canvas);
        QStringList names;
        for (const SceneItemDocument& item : made.scene.items)
            names.append(item.source);
        QCOMPARE(names,
            QStringList({ "Test pattern", "Camera", "Logo", DefaultCollection::titleName(),
                DefaultCollection::horizontalCardName(), DefaultCollection::horizontalAnnouncementName() }));
        // The camera fills the landscape frame; the card sits where the default template puts it there,
        // the announcement bar where its painter lays it out for 16:9.
        QCOMPARE(made.scene.items.at(1).transform.bounds, QSizeF(canvas));
        QCOMPARE(made.scene.items.at(1).transform.boundsType, QStringLiteral("scale_outer"));
        QCOMPARE(made.scene.items.at(4).transform.pos, QPointF(CardLayout::cardRect(canvas).topLeft()));
        QCOMPARE(made.scene.items.last().transform.pos, QPointF(AnnouncementPainter::barRect(canvas).topLeft()));
        QVERIFY(QRect(QPoint(), canvas).contains(CardLayout::cardRect(canvas)));
        // Two sources of its own, both painted for the horizontal canvas: its card and its bar.
        QCOMPARE(made.newSources.size(), 2);
        QCOMPARE(made.newSources.front().type, QLatin1String(SharedImageSource::productCardTypeId));
        QCOMPARE(made.newSources.back().type, QLatin1String(SharedImageSource::announcementTypeId));
        for (const auto& source : made.newSources)
            QCOMPARE(source.settings.value(QLatin1String(SharedImageSource::cardCanvasSetting)).toString(),
                QStringLiteral("horizontal"));
    }

    void sceneCanvasRoundTripsInTheCollectionFile()
    {
        CollectionDocument doc = DefaultCollection::create({});
        const DefaultCollection::HorizontalScene made
            = DefaultCollection::horizontalScene(doc, QStringLiteral("Landscape"), QSize(1280, 720));
        doc.sources += made.newSources;
        doc.scenes.append(made.scene);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("scenes.json"));
        QString error;
        QVERIFY2(CollectionFile::write(path, doc, &error), qPrintable(error));
        const CollectionFile::Result read = CollectionFile::read(path);
        QCOMPARE(read.status, CollectionFile::Status::Loaded);
        QCOMPARE(read.document.scene(QStringLiteral("Landscape"))->canvas, QSize(1280, 720));
        QVERIFY(read.document.scene(QStringLiteral("Main"))->canvas.isEmpty());
        QCOMPARE(read.document, doc);

        // A broken scene canvas is refused, naming the file and the field.
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray text = f.readAll();
        f.close();
        text.replace("\"width\": 1280", "\"width\": 12800");
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text);
        f.close();
        const CollectionFile::Result broken = CollectionFile::read(path);
        QCOMPARE(broken.status, CollectionFile::Status::Refused);
        QVERIFY2(broken.error.contains(path) && broken.error.contains(QLatin1String(".canvas.width")),
            qPrintable(broken.error));
    }
};

QTEST_GUILESS_MAIN(tst_CanvasConfig)
#include "tst_canvasconfig.moc"
