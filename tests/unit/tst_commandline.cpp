// SPDX-License-Identifier: GPL-2.0-or-later
#include "CommandLine.h"
#include "ScenesCommand.h"

#include <QTemporaryDir>
#include <QTest>

using pinstage::CommandLine;

class TestCommandLine : public QObject {
    Q_OBJECT

private slots:
    void init() { qunsetenv("PINSTAGE_STREAM_KEY"); }

    void defaultsOpenTheWindow()
    {
        QString error;
        const auto cl = CommandLine::parse({QStringLiteral("pinstage")}, &error);
        QVERIFY2(cl, qPrintable(error));
        QCOMPARE(cl->mode, CommandLine::Mode::Gui);
        QCOMPARE(cl->canvas, QSize(1080, 1920));
        QCOMPARE(cl->fps, 30);
        QVERIFY(cl->pins.isEmpty());
    }

    void headlessContract()
    {
        QString error;
        const auto cl = CommandLine::parse(
            {"pinstage", "--headless", "--stream-url", "rtmp://127.0.0.1:1935/live", "--stream-key", "s3cr3t",
             "--duration", "10", "--record", "/tmp/a.mkv", "--canvas", "360x640", "--fps", "25", "--pin", "PS-1002@7.5",
             "--pin", "PS-1001@4", "--unpin-at", "9", "--unpin-at", "6", "--data-dir", "/tmp/d"},
            &error);
        QVERIFY2(cl, qPrintable(error));
        QCOMPARE(cl->mode, CommandLine::Mode::Headless);
        QCOMPARE(cl->streamUrl, QStringLiteral("rtmp://127.0.0.1:1935/live"));
        QCOMPARE(cl->streamKey, QStringLiteral("s3cr3t"));
        QCOMPARE(*cl->durationSeconds, 10.0);
        QCOMPARE(cl->recordFile, QStringLiteral("/tmp/a.mkv"));
        QCOMPARE(cl->canvas, QSize(360, 640));
        QCOMPARE(cl->fps, 25);
        QCOMPARE(cl->pins.size(), 2);
        QCOMPARE(cl->pins[0].sku, QStringLiteral("PS-1001")); // sorted by time
        QCOMPARE(cl->pins[0].atSeconds, 4.0);
        QCOMPARE(cl->pins[1].sku, QStringLiteral("PS-1002"));
        QCOMPARE(cl->pins[1].atSeconds, 7.5);
        QCOMPARE(cl->unpinTimes, (QList<double>{6, 9}));
        QCOMPARE(cl->dataDir, QStringLiteral("/tmp/d"));
    }

    void inlineValuesAndSkuWithAt()
    {
        QString error;
        const auto cl = CommandLine::parse({"pinstage", "--headless", "--stream-url=rtmp://h/live", "--stream-key=k3y!",
                                            "--pin=MUG@BLUE@3"},
                                           &error);
        QVERIFY2(cl, qPrintable(error));
        QCOMPARE(cl->pins.first().sku, QStringLiteral("MUG@BLUE")); // the last '@' separates the time
        QCOMPARE(cl->pins.first().atSeconds, 3.0);
    }

    void keyFromFileOrEnvironment()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("key"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("live_123_abc\n");
        file.close();
        QString error;
        auto cl = CommandLine::parse({"pinstage", "--headless", "--stream-url", "rtmp://h/live", "--stream-key-file", path}, &error);
        QVERIFY2(cl, qPrintable(error));
        QCOMPARE(cl->streamKey, QStringLiteral("live_123_abc"));

        qputenv("PINSTAGE_STREAM_KEY", "from-env");
        cl = CommandLine::parse({"pinstage", "--headless", "--stream-url", "rtmp://h/live"}, &error);
        QVERIFY2(cl, qPrintable(error));
        QCOMPARE(cl->streamKey, QStringLiteral("from-env"));
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected"); // a fragment the one-line error must contain

        const QStringList live = {"pinstage", "--headless", "--stream-url", "rtmp://h/live", "--stream-key", "SECRETKEY"};
        QTest::newRow("unknown flag") << (live + QStringList{"--bogus"}) << "unknown option '--bogus'";
        QTest::newRow("stray word") << (live + QStringList{"extra"}) << "unexpected argument 'extra'";
        QTest::newRow("missing value") << (live + QStringList{"--duration"}) << "--duration needs a value";
        QTest::newRow("canvas letters") << (live + QStringList{"--canvas", "12xq"}) << "--canvas: expected WIDTHxHEIGHT";
        QTest::newRow("canvas odd") << (live + QStringList{"--canvas", "361x640"}) << "--canvas: 361x640: width and height must be even";
        QTest::newRow("canvas huge") << (live + QStringList{"--canvas", "9000x640"}) << "--canvas: 9000x640 is out of range";
        QTest::newRow("fps zero") << (live + QStringList{"--fps", "0"}) << "--fps: expected a whole number";
        QTest::newRow("fps text") << (live + QStringList{"--fps", "thirty"}) << "--fps: expected a whole number";
        QTest::newRow("duration negative") << (live + QStringList{"--duration", "-3"}) << "--duration: expected a number of seconds above 0";
        QTest::newRow("duration nan") << (live + QStringList{"--duration", "nan"}) << "--duration: expected a number of seconds";
        QTest::newRow("pin without time") << (live + QStringList{"--pin", "PS-1001"}) << "--pin: expected SKU@SECONDS";
        QTest::newRow("pin without sku") << (live + QStringList{"--pin", "@4"}) << "--pin: expected SKU@SECONDS";
        QTest::newRow("pin bad time") << (live + QStringList{"--pin", "PS-1@soon"}) << "--pin: expected a number of seconds";
        QTest::newRow("pin after the end") << (live + QStringList{"--duration", "5", "--pin", "PS-1@6"}) << "the stream ends at 5 s";
        QTest::newRow("unpin bad") << (live + QStringList{"--unpin-at", "x"}) << "--unpin-at: expected a number of seconds";
        QTest::newRow("twice") << (live + QStringList{"--fps", "30", "--fps", "25"}) << "--fps is given more than once";
        QTest::newRow("no url") << QStringList{"pinstage", "--headless"} << "--headless needs --stream-url";
        QTest::newRow("no key") << QStringList{"pinstage", "--headless", "--stream-url", "rtmp://h/live"} << "needs a stream key";
        QTest::newRow("pin in window") << QStringList{"pinstage", "--pin", "A@1"} << "--pin only works with --headless";
        QTest::newRow("empty data dir") << (live + QStringList{"--data-dir", ""}) << "--data-dir: the folder name is empty";
        QTest::newRow("switch with value") << QStringList{"pinstage", "--headless=yes"} << "--headless takes no value";
        QTest::newRow("scene switch without time")
            << (live + QStringList { "--switch", "Main" }) << "--switch: expected SCENE@SECONDS";
        QTest::newRow("scene switch without scene")
            << (live + QStringList { "--switch", "@5" }) << "--switch: expected SCENE@SECONDS";
        QTest::newRow("scene switch bad time")
            << (live + QStringList { "--switch", "Main@later" }) << "--switch: expected a number of seconds";
        QTest::newRow("scene switch after the end") << (live + QStringList { "--duration", "5", "--switch", "Main@5" })
                                                    << "--switch Main@5: the stream ends at 5 s";
        QTest::newRow("scene switch in window")
            << QStringList { "pinstage", "--switch", "Main@1" } << "--switch only works with --headless";
        QTest::newRow("empty mic") << (live + QStringList { "--mic", "" })
                                   << "--mic: expected a PulseAudio source name or none";
        QTest::newRow("empty scene") << (live + QStringList { "--scene", " " }) << "--scene: the scene name is empty";
        QTest::newRow("empty collection")
            << (live + QStringList { "--scene-collection=" }) << "--scene-collection: the file name is empty";
        QTest::newRow("collection twice")
            << (live + QStringList { "--scene-collection", "a", "--scene-collection", "b" })
            << "--scene-collection is given more than once";
    }

    void badInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        QString error;
        const auto cl = CommandLine::parse(args, &error);
        QVERIFY(!cl);
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1Char('\n')), "errors are one line");
        QVERIFY2(!error.contains(QLatin1String("SECRETKEY")), "the stream key must never appear in an error");
    }

    void scenesAndAudio()
    {
        QString error;
        const auto cl = CommandLine::parse(
            { "pinstage", "--headless", "--stream-url", "rtmp://h/live", "--stream-key", "k", "--duration", "20",
                "--scene-collection", "/tmp/show.json", "--scene", "Be right back", "--switch", "Main@12.5",
                "--switch=Be right back@5", "--switch", "A@B@1", "--mic", "none" },
            &error);
        QVERIFY2(cl, qPrintable(error));
        QCOMPARE(cl->sceneCollectionFile, QStringLiteral("/tmp/show.json"));
        QCOMPARE(cl->startScene, QStringLiteral("Be right back"));
        QCOMPARE(cl->microphone, QStringLiteral("none"));
        QCOMPARE(cl->switches.size(), 3);
        QCOMPARE(cl->switches[0].scene, QStringLiteral("A@B")); // sorted by time; the last '@' separates it
        QCOMPARE(cl->switches[0].atSeconds, 1.0);
        QCOMPARE(cl->switches[1].scene, QStringLiteral("Be right back"));
        QCOMPARE(cl->switches[1].atSeconds, 5.0);
        QCOMPARE(cl->switches[2].scene, QStringLiteral("Main"));
        QCOMPARE(cl->switches[2].atSeconds, 12.5);

        // The window takes the collection, the start scene and the microphone too.
        const auto gui = CommandLine::parse({ "pinstage", "--mic", "alsa_input.usb-mic", "--scene", "Main" }, &error);
        QVERIFY2(gui, qPrintable(error));
        QCOMPARE(gui->mode, CommandLine::Mode::Gui);
        QCOMPARE(gui->microphone, QStringLiteral("alsa_input.usb-mic"));
        QVERIFY(CommandLine::usage().contains(QLatin1String("--switch SCENE@SECONDS")));
        QVERIFY(CommandLine::usage().contains(QLatin1String("--mic DEVICE|none")));
        QVERIFY(CommandLine::usage().contains(QLatin1String("pinstage scenes list")));
    }

    void scenesCommand()
    {
        QString error;
        auto cmd = pinstage::ScenesCommand::parse({ "list" }, &error);
        QVERIFY2(cmd, qPrintable(error));
        QCOMPARE(cmd->action, pinstage::ScenesCommand::Action::List);
        QVERIFY(!cmd->json);
        cmd = pinstage::ScenesCommand::parse(
            { "list", "--json", "--data-dir", "/tmp/d", "--scene-collection=/tmp/s.json" }, &error);
        QVERIFY2(cmd, qPrintable(error));
        QVERIFY(cmd->json);
        QCOMPARE(cmd->dataDir, QStringLiteral("/tmp/d"));
        QCOMPARE(cmd->sceneCollectionFile, QStringLiteral("/tmp/s.json"));
        for (const QStringList& help : { QStringList { "--help" }, QStringList { "-h" },
                 QStringList { "list", "--help" }, QStringList { "list", "-h" } })
            QCOMPARE(pinstage::ScenesCommand::parse(help, &error)->action, pinstage::ScenesCommand::Action::Help);

        const QList<QPair<QStringList, QString>> bad = {
            { {}, "scenes: expected a command: list" },
            { { "show" }, "scenes: unknown command 'show'" },
            { { "list", "--bogus" }, "scenes list: unknown option '--bogus'" },
            { { "list", "extra" }, "scenes list: unexpected argument 'extra'" },
            { { "list", "--data-dir" }, "--data-dir needs a value" },
            { { "list", "--json=yes" }, "--json takes no value" },
        };
        for (const auto& [args, expected] : bad) {
            QVERIFY2(!pinstage::ScenesCommand::parse(args, &error), qPrintable(args.join(' ')));
            QVERIFY2(error.startsWith(expected), qPrintable(error));
        }
    }

    void helpAndVersion()
    {
        QString error;
        QCOMPARE(CommandLine::parse({"pinstage", "--help"}, &error)->mode, CommandLine::Mode::Help);
        QCOMPARE(CommandLine::parse({"pinstage", "--version"}, &error)->mode, CommandLine::Mode::Version);
        QVERIFY(CommandLine::usage().contains(QLatin1String("--pin SKU@SECONDS")));
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
