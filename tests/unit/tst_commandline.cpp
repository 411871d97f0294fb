// SPDX-License-Identifier: GPL-2.0-or-later
#include "CommandLine.h"
#include "ScenesCommand.h"

#include <QFile>
#include <QRegularExpression>
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
        const auto cl = CommandLine::parse({ QStringLiteral("pinstage") }, &error);
        QVERIFY2(cl, qPrintable(error));
        QCOMPARE(cl->mode, CommandLine::Mode::Gui);
        QCOMPARE(cl->canvas, QSize(1080, 1920));
        QCOMPARE(cl->fps, 30);
        QVERIFY(cl->pins.isEmpty());
    }

    void everyOptionIsInASynopsis()
    {
        // --help's usage lines name every option its "Options:" list explains (the trial found five
        // flags only in the list), so a seller reading one synopsis sees all it accepts.
        const QString usage = CommandLine::usage();
        const qsizetype optionsAt = usage.indexOf(QLatin1String("\nOptions:\n"));
        QVERIFY(optionsAt > 0);
        const QString synopses = usage.left(optionsAt);
        const QStringList lines = usage.mid(optionsAt).split(QLatin1Char('\n'));
        static const QRegularExpression option(QStringLiteral("^  (--[a-z-]+)"));
        int listed = 0;
        for (const QString& line : lines) {
            const QRegularExpressionMatch match = option.match(line);
            if (!match.hasMatch() || match.captured(1) == QLatin1String("--help"))
                continue;
            ++listed;
            const QString flag = match.captured(1);
            QVERIFY2(
                synopses.contains(QRegularExpression(QRegularExpression::escape(flag) + QStringLiteral("[ \\]|=]"))),
                qPrintable(flag + QStringLiteral(" is explained under Options but in no usage line")));
        }
        QVERIFY(listed >= 35);
    }

    void readmeShowsTheSameUsage()
    {
        // The README's "Command line" block is the scripts' reference: every usage line of --help
        // (without its two-space indent) is in it word for word, so the two cannot drift apart.
        QFile readme(qEnvironmentVariable("PINSTAGE_SOURCE_DIR") + QStringLiteral("/README.md"));
        QVERIFY2(readme.open(QIODevice::ReadOnly),
            qPrintable(readme.fileName() + QStringLiteral(": ") + readme.errorString()));
        const QString text = QString::fromUtf8(readme.readAll());
        const QString usage = CommandLine::usage();
        const QString synopses = usage.left(usage.indexOf(QLatin1String("\nOptions:\n")));
        int compared = 0;
        for (const QString& line : synopses.split(QLatin1Char('\n'))) {
            const bool usageLine
                = line.startsWith(QLatin1String("  pinstage ")) || line.startsWith(QLatin1String("           "));
            if (!usageLine || line.startsWith(QLatin1String("  pinstage catalog ")))
                continue; // the README lists each catalog command on its own line instead
            ++compared;
            QVERIFY2(text.contains(QLatin1Char('\n') + line.mid(2) + QLatin1Char('\n')),
                qPrintable(QStringLiteral("README.md lacks the usage line: ") + line.mid(2)));
        }
        QVERIFY(compared >= 20);
    }

    void benchReconnectFlagIsHiddenAndHeadlessOnly()
    {
        // The reconnect benchmark's baseline is a flag the benchmark passes, not an environment
        // switch: parsed in headless mode only, and never offered in --help.
        QString error;
        auto cl = CommandLine::parse({ "pinstage", "--headless", "--stream-url", "rtmp://127.0.0.1:1935/live",
                                         "--stream-key", "s3cr3t", "--bench-libobs-reconnect" },
            &error);
        QVERIFY2(cl, qPrintable(error));
        QVERIFY(cl->libobsReconnectBaseline);
        cl = CommandLine::parse(
            { "pinstage", "--headless", "--stream-url", "rtmp://127.0.0.1:1935/live", "--stream-key", "s3cr3t" },
            &error);
        QVERIFY2(cl, qPrintable(error));
        QVERIFY(!cl->libobsReconnectBaseline);
        QVERIFY(!CommandLine::parse({ "pinstage", "--bench-libobs-reconnect" }, &error));
        QVERIFY2(
            error.contains(QLatin1String("--bench-libobs-reconnect only works with --headless")), qPrintable(error));
        QVERIFY(!CommandLine::usage().contains(QLatin1String("bench")));
    }

    void headlessContract()
    {
        QString error;
        const auto cl = CommandLine::parse(
            { "pinstage", "--headless", "--stream-url", "rtmp://127.0.0.1:1935/live", "--stream-key", "s3cr3t",
                "--duration", "10", "--record", "/tmp/a.mkv", "--canvas", "360x640", "--fps", "25", "--pin",
                "PS-1002@7.5", "--pin", "PS-1001@4", "--unpin-at", "9", "--unpin-at", "6", "--data-dir", "/tmp/d" },
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
        QCOMPARE(cl->unpinTimes, (QList<double> { 6, 9 }));
        QCOMPARE(cl->dataDir, QStringLiteral("/tmp/d"));
        QVERIFY(cl->keepOriginalRecording); // the safe default: the recording stays beside its MP4

        const auto removing = CommandLine::parse(
            { "pinstage", "--headless", "--record", "/tmp/a.mkv", "--remove-original", "--duration", "3" }, &error);
        QVERIFY2(removing, qPrintable(error));
        QVERIFY(!removing->keepOriginalRecording);
    }

    void inlineValuesAndSkuWithAt()
    {
        QString error;
        const auto cl = CommandLine::parse(
            { "pinstage", "--headless", "--stream-url=rtmp://h/live", "--stream-key=k3y!", "--pin=MUG@BLUE@3" },
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
        auto cl = CommandLine::parse(
            { "pinstage", "--headless", "--stream-url", "rtmp://h/live", "--stream-key-file", path }, &error);
        QVERIFY2(cl, qPrintable(error));
        QCOMPARE(cl->streamKey, QStringLiteral("live_123_abc"));

        qputenv("PINSTAGE_STREAM_KEY", "from-env");
        cl = CommandLine::parse({ "pinstage", "--headless", "--stream-url", "rtmp://h/live" }, &error);
        QVERIFY2(cl, qPrintable(error));
        QCOMPARE(cl->streamKey, QStringLiteral("from-env"));
    }

    void showFlags()
    {
        QString error;
        auto cl = CommandLine::parse({ "pinstage", "--headless", "--stream-url", "rtmp://h/live", "--stream-key", "k",
                                         "--show", " Friday Drop ", "--auto-advance", "30", "--resume" },
            &error);
        QVERIFY2(cl, qPrintable(error));
        QCOMPARE(cl->showName, QStringLiteral("Friday Drop"));
        QCOMPARE(cl->autoAdvanceSeconds, std::optional<int>(30));
        QVERIFY(cl->resume);
        QVERIFY(!cl->rehearsal);
        cl = CommandLine::parse(
            { "pinstage", "--headless", "--show", "Friday", "--rehearsal", "--record", "/tmp/r.mkv" }, &error);
        QVERIFY2(cl, qPrintable(error));
        QVERIFY(cl->rehearsal);
        QVERIFY(!cl->autoAdvanceSeconds);
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected"); // a fragment the one-line error must contain

        const QStringList live
            = { "pinstage", "--headless", "--stream-url", "rtmp://h/live", "--stream-key", "SECRETKEY" };
        QTest::newRow("show empty") << (live + QStringList { "--show", " " }) << "--show: the show name is empty";
        QTest::newRow("auto-advance zero")
            << (live + QStringList { "--show", "F", "--auto-advance", "0" })
            << "--auto-advance: expected a whole number of seconds from 1 to 86400, got '0'";
        QTest::newRow("auto-advance fraction") << (live + QStringList { "--show", "F", "--auto-advance", "2.5" })
                                               << "--auto-advance: expected a whole number of seconds";
        QTest::newRow("auto-advance without show")
            << (live + QStringList { "--auto-advance", "5" }) << "--auto-advance needs --show NAME";
        QTest::newRow("resume without show") << (live + QStringList { "--resume" }) << "--resume needs --show NAME";
        QTest::newRow("resume twice") << (live + QStringList { "--show", "F", "--resume", "--resume" })
                                      << "--resume is given more than once";
        QTest::newRow("rehearsal streams nothing") << (live + QStringList { "--show", "F", "--rehearsal" })
                                                   << "--rehearsal streams nothing: leave out --stream-url";
        QTest::newRow("rehearsal needs a recording") << QStringList { "pinstage", "--headless", "--show", "F",
            "--rehearsal" } << "--rehearsal needs --record FILE";
        QTest::newRow("show in window") << QStringList { "pinstage", "--show", "F" }
                                        << "--show only works with --headless";
        QTest::newRow("clips without a recording")
            << (live + QStringList { "--clips" }) << "--clips needs --record FILE";
        QTest::newRow("clips in window") << QStringList { "pinstage", "--clips" }
                                         << "--clips only works with --headless";
        QTest::newRow("remove-original without a recording")
            << (live + QStringList { "--remove-original" }) << "--remove-original needs --record FILE";
        QTest::newRow("several urls in window")
            << QStringList { "pinstage", "--stream-url", "rtmp://a/live", "--stream-key", "K1", "--stream-url",
                   "rtmp://b/live", "--stream-key", "K2" }
            << "--stream-url is given 2 times: several destinations from the command line only work with --headless";
        QTest::newRow("remove-original in window")
            << QStringList { "pinstage", "--remove-original" } << "--remove-original only works with --headless";
        QTest::newRow("remove-original with a value")
            << (live + QStringList { "--record", "/tmp/a.mkv", "--remove-original=yes" })
            << "--remove-original takes no value";
        QTest::newRow("keyframe seconds zero") << (live + QStringList { "--keyframe-seconds", "0" })
                                               << "--keyframe-seconds: expected a whole number of seconds from 1 to 10";
        QTest::newRow("resume in window")
            << QStringList { "pinstage", "--resume" } << "--resume only works with --headless";
        QTest::newRow("unknown flag") << (live + QStringList { "--bogus" }) << "unknown option '--bogus'";
        QTest::newRow("stray word") << (live + QStringList { "extra" }) << "unexpected argument 'extra'";
        QTest::newRow("missing value") << (live + QStringList { "--duration" }) << "--duration needs a value";
        QTest::newRow("canvas letters") << (live + QStringList { "--canvas", "12xq" })
                                        << "--canvas: expected WIDTHxHEIGHT";
        QTest::newRow("canvas odd") << (live + QStringList { "--canvas", "361x640" })
                                    << "--canvas: 361x640: width and height must be even";
        QTest::newRow("canvas huge") << (live + QStringList { "--canvas", "9000x640" })
                                     << "--canvas: 9000x640 is out of range";
        QTest::newRow("fps zero") << (live + QStringList { "--fps", "0" }) << "--fps: expected a whole number";
        QTest::newRow("fps text") << (live + QStringList { "--fps", "thirty" }) << "--fps: expected a whole number";
        QTest::newRow("duration negative")
            << (live + QStringList { "--duration", "-3" }) << "--duration: expected a number of seconds above 0";
        QTest::newRow("duration nan") << (live + QStringList { "--duration", "nan" })
                                      << "--duration: expected a number of seconds";
        QTest::newRow("pin without time")
            << (live + QStringList { "--pin", "PS-1001" }) << "--pin: expected SKU@SECONDS";
        QTest::newRow("pin without sku") << (live + QStringList { "--pin", "@4" }) << "--pin: expected SKU@SECONDS";
        QTest::newRow("pin bad time") << (live + QStringList { "--pin", "PS-1@soon" })
                                      << "--pin: expected a number of seconds";
        QTest::newRow("pin after the end")
            << (live + QStringList { "--duration", "5", "--pin", "PS-1@6" }) << "the stream ends at 5 s";
        QTest::newRow("unpin after the end") << (live + QStringList { "--duration", "3", "--unpin-at", "20" })
                                             << "--unpin-at 20: the stream ends at 3 s, before that time";
        QTest::newRow("unpin bad") << (live + QStringList { "--unpin-at", "x" })
                                   << "--unpin-at: expected a number of seconds";
        QTest::newRow("twice") << (live + QStringList { "--fps", "30", "--fps", "25" })
                               << "--fps is given more than once";
        QTest::newRow("no url") << QStringList { "pinstage", "--headless" } << "--headless needs --stream-url";
        QTest::newRow("no key") << QStringList { "pinstage", "--headless", "--stream-url", "rtmp://h/live" }
                                << "needs a stream key";
        QTest::newRow("pin in window") << QStringList { "pinstage", "--pin", "A@1" }
                                       << "--pin only works with --headless";
        QTest::newRow("empty data dir") << (live + QStringList { "--data-dir", "" })
                                        << "--data-dir: the folder name is empty";
        QTest::newRow("switch with value")
            << QStringList { "pinstage", "--headless=yes" } << "--headless takes no value";
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
        QTest::newRow("unknown encoder profile")
            << (live + QStringList { "--encoder-profile", "zerolatency" })
            << "--encoder-profile: expected live-selling|quality, got 'zerolatency'";
        QTest::newRow("empty encoder profile") << (live + QStringList { "--encoder-profile=" })
                                               << "--encoder-profile: expected live-selling|quality, got ''";
        QTest::newRow("encoder profile twice")
            << (live + QStringList { "--encoder-profile", "quality", "--encoder-profile", "quality" })
            << "--encoder-profile is given more than once";
        QTest::newRow("collection twice")
            << (live + QStringList { "--scene-collection", "a", "--scene-collection", "b" })
            << "--scene-collection is given more than once";
        // Issue 9: the flash-sale flags, each error naming the flag and the bad part.
        QTest::newRow("unknown template") << (live + QStringList { "--card-template", "banner" })
                                          << "--card-template: unknown template 'banner' (known: corner, "
                                             "lower-third, spotlight)";
        QTest::newRow("template twice") << (live
            + QStringList { "--card-template", "corner", "--card-template", "spotlight" })
                                        << "--card-template is given more than once";
        QTest::newRow("sale without time") << (live + QStringList { "--flash-sale", "PS-1001" })
                                           << "--flash-sale: expected SKU@SECONDS+DURATION such as PS-1001@12+60, got "
                                              "'PS-1001' (no '@' before the time)";
        QTest::newRow("sale without sku")
            << (live + QStringList { "--flash-sale", "@3+60" }) << "got '@3+60' (nothing before '@')";
        QTest::newRow("sale without duration")
            << (live + QStringList { "--flash-sale", "PS-1@12" }) << "(the time '12' needs +DURATION";
        QTest::newRow("sale empty duration")
            << (live + QStringList { "--flash-sale", "PS-1@12+" }) << "(the time '12+' needs +DURATION";
        QTest::newRow("sale bad time") << (live + QStringList { "--flash-sale", "PS-1@soon+60" })
                                       << "--flash-sale: expected a number of "
                                          "seconds, got 'soon'";
        QTest::newRow("sale bad duration") << (live + QStringList { "--flash-sale", "PS-1@3+1.5" })
                                           << "--flash-sale: expected a whole number of seconds from 1 to 86400 "
                                              "after '+' (the sale's duration), got "
                                              "'1.5' in 'PS-1@3+1.5'";
        QTest::newRow("sale zero duration")
            << (live + QStringList { "--flash-sale", "PS-1@3+0" }) << "got '0' in 'PS-1@3+0'";
        QTest::newRow("sale after the end") << (live + QStringList { "--duration", "5", "--flash-sale", "PS-1@5+9" })
                                            << "--flash-sale PS-1@5+9: the stream ends at 5 s";
        QTest::newRow("sale in window") << QStringList { "pinstage", "--flash-sale", "A@1+5" }
                                        << "--flash-sale only works with --headless";
        QTest::newRow("announce without time")
            << (live + QStringList { "--announce", "Free shipping" }) << "--announce: expected TEXT@SECONDS";
        QTest::newRow("announce without text") << (live + QStringList { "--announce", " @3" })
                                               << "--announce: expected TEXT@SECONDS such as \"Free shipping "
                                                  "today@5\", got ' @3' (nothing before '@')";
        QTest::newRow("announce bad time")
            << (live + QStringList { "--announce", "Hi@x" }) << "--announce: expected a number of seconds, got 'x'";
        QTest::newRow("announce too long") << (live + QStringList { "--announce", QString(501, 'a') + "@1" })
                                           << "--announce: the text is 501 characters long";
        QTest::newRow("announce after the end")
            << (live + QStringList { "--duration", "5", "--announce", "Hi@7" }) << "--announce Hi@7: the stream ends";
        QTest::newRow("clear bad") << (live + QStringList { "--announce-clear-at", "-1" })
                                   << "--announce-clear-at: expected a number of seconds, got '-1'";
        QTest::newRow("stock without time")
            << (live + QStringList { "--stock", "PS-1=3" }) << "--stock: expected SKU=N@SECONDS such as PS-1001=3@20";
        QTest::newRow("stock without units")
            << (live + QStringList { "--stock", "PS-1@3" }) << "(no '=' between the SKU and the units)";
        QTest::newRow("stock without sku") << (live + QStringList { "--stock", "=3@3" }) << "(no SKU before '=')";
        QTest::newRow("stock empty units") << (live + QStringList { "--stock", "PS-1=@3" }) << "(no units after '=')";
        QTest::newRow("stock bad units") << (live + QStringList { "--stock", "PS-1=lots@3" })
                                         << "--stock: expected a whole number of units after '=' (negative for "
                                            "back-orders), got 'lots' in 'PS-1=lots@3'";
        QTest::newRow("stock after the end") << (live + QStringList { "--duration", "5", "--stock", "PS-1=2@8" })
                                             << "--stock PS-1=2@8: the stream ends at 5 s";
    }

    void flashSaleFlags()
    {
        QString error;
        const auto cl = CommandLine::parse(
            { "pinstage", "--headless", "--stream-url", "rtmp://h/live", "--stream-key", "k", "--card-template",
                "spotlight", "--flash-sale", "PS-1002@20+30", "--flash-sale=MUG@BLUE@4.5+90", "--announce",
                "Free shipping @ noon@2", "--announce", "Code LIVE10@1", "--announce-clear-at", "9", "--stock",
                "PS-1002=3@25", "--stock=PS-1002=-2@22" },
            &error);
        QVERIFY2(cl, qPrintable(error));
        QCOMPARE(cl->cardTemplate, QStringLiteral("spotlight"));
        QCOMPARE(cl->flashSales.size(), 2);
        QCOMPARE(cl->flashSales[0].sku, QStringLiteral("MUG@BLUE")); // sorted; the last '@' separates the time
        QCOMPARE(cl->flashSales[0].atSeconds, 4.5);
        QCOMPARE(cl->flashSales[0].durationSeconds, 90);
        QCOMPARE(cl->flashSales[1].sku, QStringLiteral("PS-1002"));
        QCOMPARE(cl->flashSales[1].durationSeconds, 30);
        QCOMPARE(cl->announcements.size(), 2);
        QCOMPARE(cl->announcements[0].text, QStringLiteral("Code LIVE10"));
        QCOMPARE(cl->announcements[1].text, QStringLiteral("Free shipping @ noon"));
        QCOMPARE(cl->announcements[1].atSeconds, 2.0);
        QCOMPARE(cl->announcementClearTimes, (QList<double> { 9 }));
        QCOMPARE(cl->stockChanges.size(), 2);
        QCOMPARE(cl->stockChanges[0].units, -2);
        QCOMPARE(cl->stockChanges[0].atSeconds, 22.0);
        QCOMPARE(cl->stockChanges[1].sku, QStringLiteral("PS-1002"));
        QCOMPARE(cl->stockChanges[1].units, 3);
        // The template also works with the window.
        const auto gui = CommandLine::parse({ "pinstage", "--card-template", "corner" }, &error);
        QVERIFY2(gui, qPrintable(error));
        QCOMPARE(gui->cardTemplate, QStringLiteral("corner"));
        QVERIFY(CommandLine::usage().contains(QLatin1String("--flash-sale SKU@SECONDS+DURATION")));
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
        // Every show command is in --help, with its flags as the README writes them.
        QVERIFY(CommandLine::usage().contains(
            QLatin1String("pinstage show clips NAME|LOG --recording FILE [--output DIR] [--data-dir DIR]")));
        QVERIFY(CommandLine::usage().contains(QLatin1String(
            "pinstage show export NAME|LOG --format csv|json|chapters [--output FILE] [--data-dir DIR]")));
    }

    void encoderProfile()
    {
        using Profile = pinstage::EncoderSettings::Profile;
        QString error;
        const QStringList live { "pinstage", "--headless", "--stream-url", "rtmp://h/live", "--stream-key", "k" };
        auto cl = CommandLine::parse(live, &error);
        QVERIFY2(cl, qPrintable(error));
        QCOMPARE(cl->encoderProfile, Profile::LiveSelling); // the default for live selling
        cl = CommandLine::parse(live + QStringList { "--encoder-profile", "quality" }, &error);
        QVERIFY2(cl, qPrintable(error));
        QCOMPARE(cl->encoderProfile, Profile::Quality);
        cl = CommandLine::parse(live + QStringList { "--encoder-profile=live-selling" }, &error);
        QVERIFY2(cl, qPrintable(error));
        QCOMPARE(cl->encoderProfile, Profile::LiveSelling);
        // The window takes it too (its streams and recordings use the same encoders).
        cl = CommandLine::parse({ "pinstage", "--encoder-profile", "quality" }, &error);
        QVERIFY2(cl, qPrintable(error));
        QCOMPARE(cl->encoderProfile, Profile::Quality);
        QVERIFY(CommandLine::usage().contains(QLatin1String("--encoder-profile live-selling|quality")));

        // The x264 options behind the names.
        const auto liveSelling = pinstage::EncoderSettings::forCanvas(QSize(1080, 1920), 30);
        QCOMPARE(liveSelling.profile, Profile::LiveSelling);
        for (const char* option : { "bframes=0", "rc-lookahead=0", "sync-lookahead=0" })
            QVERIFY2(liveSelling.x264Options.split(QLatin1Char(' ')).contains(QLatin1String(option)),
                qPrintable(liveSelling.x264Options));
        const auto quality = liveSelling.withProfile(Profile::Quality);
        QCOMPARE(quality.x264Options, QString()); // the preset's own settings, as before the profiles
        QCOMPARE(quality.videoBitrateKbps, liveSelling.videoBitrateKbps);
        QCOMPARE(quality.x264Preset, QStringLiteral("veryfast"));
        QCOMPARE(pinstage::EncoderSettings::profileName(Profile::Quality), QStringLiteral("quality"));
        QCOMPARE(pinstage::EncoderSettings::parseProfile(QStringLiteral("live-selling")), Profile::LiveSelling);
        QVERIFY(!pinstage::EncoderSettings::parseProfile(QStringLiteral("Quality")));
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
        QCOMPARE(CommandLine::parse({ "pinstage", "--help" }, &error)->mode, CommandLine::Mode::Help);
        QCOMPARE(CommandLine::parse({ "pinstage", "--version" }, &error)->mode, CommandLine::Mode::Version);
        QVERIFY(CommandLine::usage().contains(QLatin1String("--pin SKU@SECONDS")));
    }

    // Issue 6, fault 6: one rule for every source of a key, and errors naming the source used.
    void keyFromEverySourceIsTrimmed()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("key"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("\xEF\xBB\xBF  k3y_file\r\n"); // saved by Notepad: a byte-order mark, CRLF
        file.close();
        const QStringList live = { "pinstage", "--headless", "--stream-url", " rtmp://h/live \n" };
        QString error;

        auto cl = CommandLine::parse(live + QStringList { "--stream-key", " k3y_flag\t\n" }, &error);
        QVERIFY2(cl, qPrintable(error));
        QCOMPARE(cl->streamKey, QStringLiteral("k3y_flag"));
        QCOMPARE(cl->streamKeySource, QStringLiteral("--stream-key"));
        QCOMPARE(cl->streamUrl, QStringLiteral("rtmp://h/live"));

        cl = CommandLine::parse(live + QStringList { "--stream-key-file", path }, &error);
        QVERIFY2(cl, qPrintable(error));
        QCOMPARE(cl->streamKey, QStringLiteral("k3y_file"));
        QCOMPARE(cl->streamKeySource, QStringLiteral("--stream-key-file ") + path);

        qputenv("PINSTAGE_STREAM_KEY", "  k3y_env \n");
        cl = CommandLine::parse(live, &error);
        QVERIFY2(cl, qPrintable(error));
        QCOMPARE(cl->streamKey, QStringLiteral("k3y_env"));
        QCOMPARE(cl->streamKeySource, QStringLiteral("PINSTAGE_STREAM_KEY"));
        QVERIFY(cl->notes.isEmpty());
    }

    void badKeyNamesItsSource_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QByteArray>("environment"); // PINSTAGE_STREAM_KEY; empty: unset
        QTest::addColumn<QByteArray>("file"); // --stream-key-file's content; empty: no file
        QTest::addColumn<QString>("expected"); // the whole error; {file} is the key file's path
        const QString tail
            = QStringLiteral("; only whitespace around the key is removed: copy the key again, on its own");
        QTest::newRow("environment")
            << QStringList {} << QByteArray("live abc\n") << QByteArray()
            << "PINSTAGE_STREAM_KEY: the stream key contains a space inside it (character 5 of 8)" + tail;
        QTest::newRow("environment, blank")
            << QStringList {} << QByteArray(" \n") << QByteArray() << "PINSTAGE_STREAM_KEY: the stream key is empty";
        QTest::newRow("flag") << QStringList { "--stream-key", " live\tabc " } << QByteArray() << QByteArray()
                              << "--stream-key: the stream key contains a tab inside it (character 5 of 8)" + tail;
        QTest::newRow("flag, empty") << QStringList { "--stream-key", "" } << QByteArray("good_env_key") << QByteArray()
                                     << "--stream-key: the stream key is empty";
        QTest::newRow("file")
            << QStringList { "--stream-key-file", "{file}" } << QByteArray() << QByteArray("live_abc\nlive_def\n")
            << "--stream-key-file {file}: the stream key contains a line break inside it (character 9 of 17)" + tail;
        QTest::newRow("file, control character")
            << QStringList { "--stream-key-file", "{file}" } << QByteArray() << QByteArray("live\x1b[0m\n")
            << "--stream-key-file {file}: the stream key contains a control character (U+001B) inside it "
               "(character 5 "
               "of 8)"
                + tail;
        QTest::newRow("key in url and another key")
            << QStringList { "--stream-url", "rtmp://push.example.com/live/KEY_in_url_1" } << QByteArray("other_key_2")
            << QByteArray()
            << "--stream-url: 'rtmp://push.example.com/live/••••' goes on after its application path and a stream "
               "key "
               "is "
               "entered too (PINSTAGE_STREAM_KEY): enter the server alone (rtmp://push.example.com/live) and the "
               "stream "
               "key in PINSTAGE_STREAM_KEY";
        QTest::newRow("bad url") << QStringList { "--stream-url", "http://h/live", "--stream-key", "abcd1234" }
                                 << QByteArray() << QByteArray()
                                 << "--stream-url: expected rtmp://HOST[:PORT]/APP or rtmps://…, got 'http://h/live'";
    }

    void badKeyNamesItsSource()
    {
        QFETCH(QStringList, extra);
        QFETCH(QByteArray, environment);
        QFETCH(QByteArray, file);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("key"));
        if (!file.isEmpty()) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(file);
        }
        if (!environment.isEmpty())
            qputenv("PINSTAGE_STREAM_KEY", environment);
        QStringList args = { "pinstage", "--headless" };
        if (!extra.contains(QLatin1String("--stream-url")))
            args += QStringList { "--stream-url", "rtmp://h/live" };
        args += extra;
        args.replaceInStrings(QStringLiteral("{file}"), path);
        QString error;
        QVERIFY(!CommandLine::parse(args, &error));
        QCOMPARE(error, QString(expected).replace(QStringLiteral("{file}"), path));
    }

    void environmentIsReadOnlyWhenNeeded()
    {
        qputenv("PINSTAGE_STREAM_KEY", "bad key from an old shell");
        QString error;
        // A flag's key wins: the environment is not looked at.
        auto cl = CommandLine::parse(
            { "pinstage", "--headless", "--stream-url", "rtmp://h/live", "--stream-key", "k3y_flag" }, &error);
        QVERIFY2(cl, qPrintable(error));
        QCOMPARE(cl->streamKey, QStringLiteral("k3y_flag"));
        // The window without --stream-url needs no key.
        cl = CommandLine::parse({ "pinstage" }, &error);
        QVERIFY2(cl, qPrintable(error));
        QVERIFY(cl->streamKey.isEmpty());
    }

    // Issue 6, fault 7: a key inside the server URL is split off, and said so without the key.
    void keyInsideUrlIsSplit_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("server");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("shown"); // the URL as the note shows it
        QTest::newRow("plain") << "rtmp://push.example.com/live/KEY_abc123"
                               << "rtmp://push.example.com/live"
                               << "KEY_abc123"
                               << "rtmp://push.example.com/live/••••";
        QTest::newRow("tiktok-like")
            << "rtmp://push-rtmp-l11-va01.tiktokcdn.com/stage/stream-1234567890?expire=1767225600&sign=3f9a0c"
            << "rtmp://push-rtmp-l11-va01.tiktokcdn.com/stage"
            << "stream-1234567890?expire=1767225600&sign=3f9a0c"
            << "rtmp://push-rtmp-l11-va01.tiktokcdn.com/stage/••••";
        QTest::newRow("facebook") << "rtmps://live-api-s.facebook.com:443/rtmp/FB-123-0-Ab?s_bl=1&s_sw=0"
                                  << "rtmps://live-api-s.facebook.com:443/rtmp"
                                  << "FB-123-0-Ab?s_bl=1&s_sw=0"
                                  << "rtmps://live-api-s.facebook.com:443/rtmp/••••";
        QTest::newRow("youtube") << "rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop-qrst"
                                 << "rtmp://a.rtmp.youtube.com/live2"
                                 << "abcd-efgh-ijkl-mnop-qrst"
                                 << "rtmp://a.rtmp.youtube.com/live2/••••";
    }

    void keyInsideUrlIsSplit()
    {
        QFETCH(QString, url);
        QFETCH(QString, server);
        QFETCH(QString, key);
        QFETCH(QString, shown);
        QString error;
        const auto cl = CommandLine::parse({ "pinstage", "--headless", "--stream-url", url }, &error);
        QVERIFY2(cl, qPrintable(error));
        QCOMPARE(cl->streamUrl, server);
        QCOMPARE(cl->streamKey, key);
        QCOMPARE(cl->streamKeySource, QStringLiteral("--stream-url"));
        QCOMPARE(cl->notes,
            QStringList { QStringLiteral("--stream-url held the stream key after the application path ('%1'): using %2 "
                                         "as the server and the rest as the stream key (enter the key on its own to "
                                         "keep it out of the URL)")
                              .arg(shown, server) });
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
