// SPDX-License-Identifier: GPL-2.0-or-later
#include "CommandLine.h"

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
