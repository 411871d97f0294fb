// SPDX-License-Identifier: GPL-2.0-or-later
// The headless flags for several destinations (issue 11): --stream-url / --stream-key /
// --stream-key-file repeated (the Nth key for the Nth URL), --stream-bitrate, --stop-destination,
// --upload-kbps, --reconnect-tries. Errors name the flag and its number, never a key.
#include "CommandLine.h"
#include "output/VideoBitrate.h"
#include "settings/Settings.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace pinstage;

class TestDestinationFlags : public QObject {
    Q_OBJECT

private slots:
    void nthKeyBelongsToNthUrl()
    {
        QTemporaryDir dir;
        const QString keyFile = dir.filePath(QStringLiteral("yt.key"));
        QFile f(keyFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("yt_key_222\n");
        f.close();
        QString error;
        const auto cl = CommandLine::parse(
            { "pinstage", "--headless", "--stream-url", "rtmp://a.example/live", "--stream-url",
                "rtmp://b.example/live2", "--stream-key", "tt_key_111", "--stream-key-file", keyFile, "--stream-url",
                "rtmp://c.example/app", "--stream-key", "bk_key_333", "--stream-bitrate", "0", "--stream-bitrate", "0",
                "--stream-bitrate", "1500", "--upload-kbps", "8000", "--stop-destination", "3@20", "--duration", "60" },
            &error);
        QVERIFY2(cl, qPrintable(error));
        QCOMPARE(cl->destinations.size(), 3);
        QCOMPARE(cl->destinations.at(0).url, QStringLiteral("rtmp://a.example/live"));
        QCOMPARE(cl->destinations.at(0).key, QStringLiteral("tt_key_111"));
        QCOMPARE(cl->destinations.at(1).key, QStringLiteral("yt_key_222"));
        QCOMPARE(cl->destinations.at(1).keySource, QStringLiteral("--stream-key-file #2 ") + keyFile);
        QCOMPARE(cl->destinations.at(2).key, QStringLiteral("bk_key_333"));
        QCOMPARE(cl->destinations.at(2).keySource, QStringLiteral("--stream-key #3"));
        QCOMPARE(cl->destinations.at(2).videoBitrateKbps, 1500);
        QCOMPARE(cl->destinations.at(0).videoBitrateKbps, 0);
        // The first destination is also the classic single-destination fields.
        QCOMPARE(cl->streamUrl, QStringLiteral("rtmp://a.example/live"));
        QCOMPARE(cl->streamKey, QStringLiteral("tt_key_111"));
        QCOMPARE(cl->uploadKbps, std::optional<int>(8000));
        QCOMPARE(cl->destinationStops.size(), 1);
        QCOMPARE(cl->destinationStops.front().first, 3);
        QCOMPARE(cl->destinationStops.front().second, 20.0);
    }

    void oneUrlIsAsBefore()
    {
        QString error;
        const auto cl = CommandLine::parse(
            { "pinstage", "--headless", "--stream-url", "rtmp://a.example/live", "--stream-key", "k3y_1" }, &error);
        QVERIFY2(cl, qPrintable(error));
        QCOMPARE(cl->destinations.size(), 1);
        QCOMPARE(cl->destinations.front().keySource, QStringLiteral("--stream-key"));
        QVERIFY(!cl->uploadKbps);
        QCOMPARE(cl->reconnectTries, 0); // never give up unless told
    }

    void reconnectTriesBoundsTheRetries()
    {
        QString error;
        const auto cl = CommandLine::parse({ "pinstage", "--headless", "--stream-url", "rtmp://a.example/live",
                                               "--stream-key", "k3y_1", "--reconnect-tries", "12" },
            &error);
        QVERIFY2(cl, qPrintable(error));
        QCOMPARE(cl->reconnectTries, 12);
        QVERIFY(CommandLine::usage().contains(QLatin1String("--reconnect-tries N")));
        // Without --headless it is refused like the other headless flags.
        QVERIFY(!CommandLine::parse({ "pinstage", "--reconnect-tries", "3" }, &error));
        QVERIFY2(error.contains(QLatin1String("--reconnect-tries")), qPrintable(error));
    }

    // Issue 8: one range for a video bitrate (VideoBitrate): what --stream-bitrate accepts is what
    // the settings file (and so the Settings dialog) accepts, at both ends.
    void bitrateRangeIsTheWindows_data()
    {
        QTest::addColumn<int>("kbps");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("below the lowest") << VideoBitrate::MinKbps - 1 << false;
        QTest::newRow("the lowest") << VideoBitrate::MinKbps << true;
        QTest::newRow("4500") << 4500 << true;
        QTest::newRow("the highest") << VideoBitrate::MaxKbps << true;
        QTest::newRow("above the highest") << VideoBitrate::MaxKbps + 1 << false;
        QTest::newRow("the old command line's lowest") << 100 << false;
        QTest::newRow("the old command line's highest") << 50000 << false;
    }

    void bitrateRangeIsTheWindows()
    {
        QFETCH(int, kbps);
        QFETCH(bool, accepted);
        QCOMPARE(Settings::EncoderBitrateMinKbps, VideoBitrate::MinKbps);
        QCOMPARE(Settings::EncoderBitrateMaxKbps, VideoBitrate::MaxKbps);
        QString error;
        const auto cl = CommandLine::parse({ "pinstage", "--headless", "--stream-url", "rtmp://a.example/live",
                                               "--stream-key", "k3y_1", "--stream-bitrate", QString::number(kbps) },
            &error);
        QCOMPARE(bool(cl), accepted);
        if (!accepted)
            QVERIFY2(
                error.contains(QStringLiteral("from %1 to %2").arg(VideoBitrate::MinKbps).arg(VideoBitrate::MaxKbps)),
                qPrintable(error));

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("pinstage.ini"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QStringLiteral("[general]\nversion=%1\n[encoder]\nbitrate_kbps=%2\n")
                       .arg(Settings::CurrentVersion)
                       .arg(kbps)
                       .toUtf8());
        file.close();
        Settings settings(path);
        QVERIFY2(settings.load(), qPrintable(settings.loadError()));
        const bool settingsAccepts = !settings.warnings().join(QLatin1Char(' ')).contains(QLatin1String("bitrate"));
        QVERIFY2(settingsAccepts == accepted, qPrintable(settings.warnings().join(QLatin1Char(' '))));
        if (accepted)
            QCOMPARE(settings.encoder(QSize(1080, 1920), 30).videoBitrateKbps, kbps);
    }

    void usageNamesTheFlags()
    {
        for (const char* flag : { "--stream-bitrate KBPS", "--stop-destination N@SECONDS", "--upload-kbps KBPS" })
            QVERIFY2(CommandLine::usage().contains(QLatin1String(flag)), flag);
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        const QStringList two { "--stream-url", "rtmp://a.example/live", "--stream-url", "rtmp://b.example/live" };
        QTest::newRow("one key for two urls") << two + QStringList { "--stream-key", "sekrit_one" }
                                              << "2 --stream-url but 1 stream key: give one --stream-key or "
                                                 "--stream-key-file per URL, the Nth key for the Nth URL";
        QTest::newRow("three keys for two urls")
            << two + QStringList { "--stream-key", "sekrit_one", "--stream-key", "sekrit_two", "--stream-key", "x3" }
            << "2 --stream-url but 3 stream keys: give one --stream-key or --stream-key-file per URL, the Nth key "
               "for the Nth URL";
        QTest::newRow("second key empty") << two + QStringList { "--stream-key", "sekrit_one", "--stream-key", "" }
                                          << "--stream-key #2: the stream key is empty";
        QTest::newRow("second key with a space")
            << two + QStringList { "--stream-key", "sekrit_one", "--stream-key", "sek rit" }
            << "--stream-key #2: the stream key contains a space inside it";
        QTest::newRow("second url bad") << QStringList { "--stream-url", "rtmp://a.example/live", "--stream-url",
            "http://b.example/live", "--stream-key", "sekrit_one", "--stream-key", "sekrit_two" }
                                        << "--stream-url #2";
        QTest::newRow("same destination twice") << QStringList { "--stream-url", "rtmp://a.example/live",
            "--stream-url", "rtmp://a.example/live", "--stream-key", "sekrit_one", "--stream-key",
            "sekrit_one" } << "--stream-url #2: the same server and key as --stream-url #1 (each destination once)";
        QTest::newRow("bitrate count")
            << two
                + QStringList { "--stream-key", "sekrit_one", "--stream-key", "sekrit_two", "--stream-bitrate", "900" }
            << "--stream-bitrate is given 1 time for 2 --stream-url: give one per URL, the Nth for the Nth URL (0 "
               "for the show's bitrate)";
        QTest::newRow("bitrate count, plural") << two
                + QStringList { "--stream-key", "sekrit_one", "--stream-key", "sekrit_two", "--stream-bitrate", "900",
                      "--stream-bitrate", "900", "--stream-bitrate", "900" }
                                               << "--stream-bitrate is given 3 times for 2 --stream-url";
        QTest::newRow("bitrate bad") << two
                + QStringList { "--stream-key", "sekrit_one", "--stream-key", "sekrit_two", "--stream-bitrate", "0",
                      "--stream-bitrate", "fast" }
                                     << "--stream-bitrate #2: expected the video bitrate in kbit/s from 300 to 20000, "
                                        "or 0 for the show's, got 'fast'";
        QTest::newRow("upload bad")
            << two + QStringList { "--stream-key", "a_1", "--stream-key", "b_2", "--upload-kbps", "8M" }
            << "--upload-kbps: expected the upload in kbit/s, a whole number from 1 to 10000000 "
               "(e.g. 8000 for 8 Mbit/s), got '8M'";
        QTest::newRow("reconnect tries bad")
            << QStringList { "--stream-url", "rtmp://a.example/live", "--stream-key", "sekrit_one", "--reconnect-tries",
                   "many" }
            << "--reconnect-tries: expected how many tries to make before giving up, a whole number from 0 (never "
               "give up) to 1000, got 'many'";
        QTest::newRow("stop destination out of range")
            << two + QStringList { "--stream-key", "a_1", "--stream-key", "b_2", "--stop-destination", "3@5" }
            << "--stop-destination 3@5: there are only 2 --stream-url";
        QTest::newRow("stop destination after the end") << two
                + QStringList { "--stream-key", "a_1", "--stream-key", "b_2", "--stop-destination", "2@50",
                      "--duration", "30" } << "--stop-destination 2@50: the stream ends at 30 s, before that time";
        QTest::newRow("one url, two keys") << QStringList { "--stream-url", "rtmp://a.example/live", "--stream-key",
            "a_1", "--stream-key", "b_2" } << "--stream-key is given more than once (one key per --stream-url)";
    }

    void errors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        QString error;
        const auto cl = CommandLine::parse(QStringList { "pinstage", "--headless" } + args, &error);
        QVERIFY(!cl);
        QVERIFY2(error.startsWith(expected), qPrintable(error));
        for (const char* key : { "sekrit_one", "sekrit_two", "sek rit" })
            QVERIFY2(!error.contains(QLatin1String(key)), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestDestinationFlags)
#include "tst_destinationflags.moc"
