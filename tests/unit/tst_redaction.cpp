// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/ObsLog.h"
#include "output/IngestUrl.h"
#include "output/StreamKey.h"
#include "output/StreamOutput.h"
#include "output/StreamTarget.h"

#include <QTest>

using namespace pinstage;

class TestRedaction : public QObject {
    Q_OBJECT

private slots:
    void registeredSecretsAreMasked()
    {
        ObsLog::addSecret(QStringLiteral("live_9f8e7d6c"));
        const QString line = ObsLog::redact(QStringLiteral("Connecting to rtmp://h/live/live_9f8e7d6c now"));
        QVERIFY(!line.contains(QLatin1String("live_9f8e7d6c")));
        QVERIFY(line.contains(QLatin1String("rtmp://h/live/")));
    }

    void shortSecretsAreIgnored()
    {
        ObsLog::addSecret(QStringLiteral("ab"));
        QCOMPARE(ObsLog::redact(QStringLiteral("about")), QStringLiteral("about"));
    }

    void streamTargetValidation_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("expected"); // empty: valid
        QTest::newRow("rtmp") << "rtmp://127.0.0.1:1935/live"
                              << "abcd1234"
                              << "";
        QTest::newRow("rtmps") << "rtmps://a.rtmps.youtube.com:443/live2"
                               << "abcd-1234"
                               << "";
        QTest::newRow("http") << "http://example.com/live"
                              << "abcd1234"
                              << "--stream-url: expected rtmp://";
        QTest::newRow("no host") << "rtmp:///live"
                                 << "abcd1234"
                                 << "--stream-url: no host";
        QTest::newRow("empty url") << ""
                                   << "abcd1234"
                                   << "--stream-url: the server URL is empty";
        QTest::newRow("empty key") << "rtmp://h/live"
                                   << ""
                                   << "--stream-key: the stream key is empty";
        QTest::newRow("key with space") << "rtmp://h/live"
                                        << "abcd 1234"
                                        << "--stream-key: the stream key contains a space inside it";
        QTest::newRow("key around spaces") << "rtmp://h/live"
                                           << " abcd1234"
                                           << "--stream-key: the stream key has whitespace around it";
        QTest::newRow("key in url")
            << "rtmp://h/live/unregistered_88bb"
            << "abcd1234"
            << "--stream-url: 'rtmp://h/live/••••' goes on after its application path; enter the "
               "server alone (rtmp://h/live) and the stream key in --stream-key";
        // A key pasted into the URL (never registered as a secret) is still not echoed back.
        QTest::newRow("key in bad url") << "http://h/live/unregistered_77aa"
                                        << "unregistered_77aa"
                                        << "--stream-url: expected rtmp://";
        QTest::newRow("key in https url")
            << "https://h/live/unregistered_99cc"
            << ""
            << "--stream-url: expected rtmp://HOST[:PORT]/APP or rtmps://…, got 'https://h/live/••••'";
        QTest::newRow("key in url without scheme")
            << "h.example.com/live/unregistered_99cc?x=1"
            << ""
            << "--stream-url: expected rtmp://HOST[:PORT]/APP or rtmps://…, got 'h.example.com/live/••••'";
        QTest::newRow("key in url without host") << "rtmp:///live/unregistered_77aa"
                                                 << "unregistered_77aa"
                                                 << "--stream-url: no host";
        // A query or a user name is part of a key: libobs would print it in its "offline" lines.
        QTest::newRow("query after the app")
            << "rtmp://127.0.0.1:1/live?x=unregistered_55dd"
            << "abcd1234"
            << "--stream-url: 'rtmp://127.0.0.1:1/live?••••' carries a query or a user "
               "name; enter the server alone (rtmp[s]://HOST[:PORT]/APP) and put the "
               "rest in --stream-key";
        QTest::newRow("user info") << "rtmp://u:unregistered_66ee@h/live"
                                   << "abcd1234"
                                   << "--stream-url: 'rtmp://••••@h/live' carries a query or a user name";
        QTest::newRow("no application") << "rtmp://127.0.0.1:1"
                                        << "abcd1234"
                                        << "--stream-url: no application path in 'rtmp://127.0.0.1:1'";
        // SRT (libobs's MPEG-TS output): srt://HOST:PORT with libsrt's options; the key is the stream id.
        QTest::newRow("srt") << "srt://127.0.0.1:9000"
                             << "abcd1234"
                             << "";
        QTest::newRow("srt with options") << "srt://ingest.example.com:9000?mode=caller&latency=200000&passphrase="
                                             "unregistered_Pass_44"
                                          << "abcd1234"
                                          << "";
        QTest::newRow("srt without port") << "srt://ingest.example.com?passphrase=unregistered_Pass_44"
                                          << "abcd1234"
                                          << "--stream-url: no port in 'srt://ingest.example.com?••••' (SRT has no "
                                             "default port";
        QTest::newRow("srt with a path") << "srt://h:9000/live/unregistered_33ff"
                                         << "abcd1234"
                                         << "--stream-url: 'srt://h:9000/live/••••' has a path";
        QTest::newRow("srt with user info") << "srt://u:unregistered_66ee@h:9000"
                                            << "abcd1234"
                                            << "--stream-url: 'srt://••••@h:9000' carries a user name";
        QTest::newRow("srt without host") << "srt://:9000"
                                          << "abcd1234"
                                          << "--stream-url: no host";
        QTest::newRow("srt without key") << "srt://h:9000"
                                         << ""
                                         << "--stream-key: the stream key is empty";
    }

    void streamTargetValidation()
    {
        QFETCH(QString, url);
        QFETCH(QString, key);
        QFETCH(QString, expected);
        QString error;
        const bool ok = StreamTarget { url, key }.validate(&error);
        QCOMPARE(ok, expected.isEmpty());
        if (!ok) {
            QVERIFY2(error.startsWith(expected), qPrintable(error));
            if (key.size() >= 4)
                QVERIFY2(!error.contains(key), "the key never appears in an error");
        }
    }

    void validationNamesTheGivenFields()
    {
        QString error;
        const QString urlField = QStringLiteral("Server URL");
        const QString keyField = QStringLiteral("Stream key");
        const StreamTarget badUrl { QStringLiteral("ftp://h/x"), QStringLiteral("abcd1234") };
        QVERIFY(!badUrl.validate(&error, urlField, keyField));
        QVERIFY2(error.startsWith(QLatin1String("Server URL: ")), qPrintable(error));
        const StreamTarget noKey { QStringLiteral("rtmp://h/x"), QString() };
        QVERIFY(!noKey.validate(&error, urlField, keyField));
        QVERIFY2(error.startsWith(QLatin1String("Stream key: ")), qPrintable(error));
    }

    void secretWithQueryMasksItsParts()
    {
        ObsLog::addSecret(QStringLiteral("stream-9x8y7z?expire=1767225600&sign=c0ffee42"));
        QCOMPARE(ObsLog::redact(QStringLiteral("publishing stream-9x8y7z?expire=1767225600&sign=c0ffee42 now")),
            QStringLiteral("publishing •••• now"));
        QCOMPARE(ObsLog::redact(QStringLiteral("publishing stream-9x8y7z")), QStringLiteral("publishing ••••"));
        QCOMPARE(ObsLog::redact(QStringLiteral("args expire=1767225600&sign=c0ffee42")), QStringLiteral("args ••••"));
    }

    void redactMasksEveryIngestUrl()
    {
        // Nothing registered: the shape of the address alone tells what is secret.
        QCOMPARE(ObsLog::redact(QStringLiteral("Connecting to RTMP URL rtmp://push.example.com/live/unreg_KEY_1...")),
            QStringLiteral("Connecting to RTMP URL rtmp://push.example.com/live/••••"));
    }

    void splitIngestUrl_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("server"); // empty: nothing to split
        QTest::addColumn<QString>("streamName");
        QTest::newRow("plain") << "rtmp://push.example.com/live/KEY"
                               << "rtmp://push.example.com/live"
                               << "KEY";
        QTest::newRow("tiktok-like")
            << "rtmp://push-rtmp-l11-va01.tiktokcdn.com/stage/stream-1234567890?expire=1767225600&sign=3f9a0c"
            << "rtmp://push-rtmp-l11-va01.tiktokcdn.com/stage"
            << "stream-1234567890?expire=1767225600&sign=3f9a0c";
        QTest::newRow("facebook") << "rtmps://live-api-s.facebook.com:443/rtmp/FB-123-0-Ab?s_bl=1&s_sw=0"
                                  << "rtmps://live-api-s.facebook.com:443/rtmp"
                                  << "FB-123-0-Ab?s_bl=1&s_sw=0";
        QTest::newRow("youtube") << "rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop-qrst"
                                 << "rtmp://a.rtmp.youtube.com/live2"
                                 << "abcd-efgh-ijkl-mnop-qrst";
        QTest::newRow("case and spaces") << "  RTMP://Host:1935/live//K3y \n"
                                         << "RTMP://Host:1935/live"
                                         << "K3y";
        QTest::newRow("server only") << "rtmp://h/live"
                                     << ""
                                     << "";
        QTest::newRow("trailing slash") << "rtmps://live-api-s.facebook.com:443/rtmp/"
                                        << ""
                                        << "";
        QTest::newRow("query after app") << "rtmp://h/live?token=abc"
                                         << ""
                                         << "";
        QTest::newRow("query after slash") << "rtmp://h/live/?token=abc"
                                           << ""
                                           << "";
        QTest::newRow("no app") << "rtmp://h"
                                << ""
                                << "";
        QTest::newRow("no host") << "rtmp:///live/KEY"
                                 << ""
                                 << "";
        QTest::newRow("not rtmp") << "https://h/live/KEY"
                                  << ""
                                  << "";
    }

    void splitIngestUrl()
    {
        QFETCH(QString, url);
        QFETCH(QString, server);
        QFETCH(QString, streamName);
        const std::optional<IngestUrl::Parts> parts = IngestUrl::split(url);
        QCOMPARE(parts.has_value(), !server.isEmpty());
        if (parts) {
            QCOMPARE(parts->server, server);
            QCOMPARE(parts->streamName, streamName);
        }
    }

    void maskIngestUrls_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("masked");
        QTest::newRow("libobs connect line") << "Connecting to RTMP URL rtmp://push.example.com/live/KEY..."
                                             << "Connecting to RTMP URL rtmp://push.example.com/live/••••";
        QTest::newRow("tiktok-like in quotes") << "'rtmp://host/stage/stream-123?expire=1767225600&sign=3f9a' refused"
                                               << "'rtmp://host/stage/••••' refused";
        QTest::newRow("facebook") << "rtmps://live-api-s.facebook.com:443/rtmp/FB-123-0-Ab?s_bl=1&s_sw=0"
                                  << "rtmps://live-api-s.facebook.com:443/rtmp/••••";
        QTest::newRow("youtube") << "to rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop: ok"
                                 << "to rtmp://a.rtmp.youtube.com/live2/•••• ok";
        QTest::newRow("query after app") << "rtmp://h/app?token=abc def"
                                         << "rtmp://h/app?•••• def";
        QTest::newRow("user info") << "rtmp://user:pa55@h:1935/live"
                                   << "rtmp://••••@h:1935/live";
        QTest::newRow("two urls") << "rtmp://h/live and RTMPS://h2/x/y/z"
                                  << "rtmp://h/live and RTMPS://h2/x/••••";
        QTest::newRow("json string") << "{\"url\":\"rtmp://h/live/KEY\"}"
                                     << "{\"url\":\"rtmp://h/live/••••\"}";
        QTest::newRow("server only") << "rtmp://127.0.0.1:1935/live..."
                                     << "rtmp://127.0.0.1:1935/live...";
        QTest::newRow("trailing slash") << "rtmp://h/live/ next"
                                        << "rtmp://h/live/ next";
        QTest::newRow("no url") << "nothing to see: rtmp is a protocol"
                                << "nothing to see: rtmp is a protocol";
        // RTMPS and SRT addresses with passphrase= / streamid= in their query (issue 11 item 3).
        QTest::newRow("rtmps passphrase and streamid")
            << "Connecting to RTMP URL rtmps://h:443/app?passphrase=Pa55w0rd&streamid=publish:K3y..."
            << "Connecting to RTMP URL rtmps://h:443/app?••••";
        QTest::newRow("srt passphrase and streamid")
            << "[libsrt]: Connection to srt://ingest.example.com:9000?mode=caller&streamid=publish:live/K3y&"
               "passphrase=Pa55w0rd failed: No such process"
            << "[libsrt]: Connection to srt://ingest.example.com:9000?•••• failed: No such process";
        QTest::newRow("srt streamid first, upper case") << "SRT://127.0.0.1:9000?streamid=#!::r=live/K3y,m=publish"
                                                        << "SRT://127.0.0.1:9000?••••";
        QTest::newRow("srt user info") << "srt://user:Pa55w0rd@h:9000 refused"
                                       << "srt://••••@h:9000 refused";
        QTest::newRow("srt in quotes") << "Couldn't open 'srt://h:9000?passphrase=Pa55w0rd', I/O error"
                                       << "Couldn't open 'srt://h:9000?••••', I/O error";
        QTest::newRow("srt server only") << "Connected to srt://127.0.0.1:9000 in 3 ms"
                                         << "Connected to srt://127.0.0.1:9000 in 3 ms";
        QTest::newRow("rist secret") << "rist://h:1968?secret=Pa55w0rd&username=seller"
                                     << "rist://h:1968?••••";
        QTest::newRow("not srt") << "an https://h/x?passphrase=visible address is not an ingest"
                                 << "an https://h/x?passphrase=visible address is not an ingest";
    }

    void maskIngestUrls()
    {
        QFETCH(QString, text);
        QFETCH(QString, masked);
        QCOMPARE(IngestUrl::maskSecrets(text), masked);
    }

    void srtQuerySecretsAreRegistered()
    {
        // The values StreamOutput registers before it hands an srt:// URL to libobs: a libsrt line
        // that prints one alone (without the URL around it) is masked too.
        const QString url = QStringLiteral("srt://h:9000?mode=caller&latency=200000&passphrase=Srt_Pa55phrase_1&"
                                           "streamid=publish%3Alive%2FSrt_Id_2&pbkeylen=16");
        const QStringList secrets = IngestUrl::secretQueryValues(url);
        QCOMPARE(secrets,
            QStringList({ QStringLiteral("Srt_Pa55phrase_1"), QStringLiteral("publish%3Alive%2FSrt_Id_2"),
                QStringLiteral("publish:live/Srt_Id_2") }));
        for (const QString& secret : secrets)
            ObsLog::addSecret(secret);
        QCOMPARE(ObsLog::redact(QStringLiteral("HS: streamid publish:live/Srt_Id_2 rejected, passphrase "
                                               "Srt_Pa55phrase_1 wrong; latency 200000 mode caller")),
            QStringLiteral("HS: streamid •••• rejected, passphrase •••• wrong; latency 200000 mode caller"));
        QCOMPARE(ObsLog::redact(url), QStringLiteral("srt://h:9000?••••"));
        QVERIFY(IngestUrl::secretQueryValues(QStringLiteral("srt://h:9000")).isEmpty());
        QCOMPARE(IngestUrl::secretQueryValues(QStringLiteral("rist://h:1968?secret=R1st_S3cret&buffer=500")),
            QStringList { QStringLiteral("R1st_S3cret") });
    }

    void outputChosenByScheme_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("output");
        QTest::newRow("rtmp") << "rtmp://h/live"
                              << "rtmp_output";
        QTest::newRow("rtmps") << "rtmps://a.rtmps.youtube.com:443/live2"
                               << "rtmp_output";
        QTest::newRow("srt") << "srt://127.0.0.1:9000?latency=200000"
                             << "ffmpeg_mpegts_muxer";
        QTest::newRow("srt, upper case, spaces") << "  SRT://h:9000 "
                                                 << "ffmpeg_mpegts_muxer";
        QTest::newRow("rist") << "rist://h:1968"
                              << "ffmpeg_mpegts_muxer";
    }

    void outputChosenByScheme()
    {
        // As OBS Studio picks for a custom server (UI/window-basic-main-outputs.cpp): the URL's scheme.
        QFETCH(QString, url);
        QFETCH(QString, output);
        QCOMPARE(QString::fromLatin1(StreamOutput::outputIdFor(url)), output);
    }

    void streamKeyRule_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("raw");
        QTest::addColumn<QString>("key"); // the key to use; empty when refused
        QTest::addColumn<QString>("error"); // the exact error; empty when usable
        const QString tail
            = QStringLiteral("; only whitespace around the key is removed: copy the key again, on its own");
        QTest::newRow("plain") << "--stream-key"
                               << "live_123_abc"
                               << "live_123_abc"
                               << "";
        QTest::newRow("surrounding whitespace") << "PINSTAGE_STREAM_KEY"
                                                << " \tlive_123_abc\r\n"
                                                << "live_123_abc"
                                                << "";
        QTest::newRow("bom") << "--stream-key-file /k" << QString(QChar(0xFEFF)) + "live_123_abc\n"
                             << "live_123_abc"
                             << "";
        QTest::newRow("query") << "Stream key"
                               << "stream-123?expire=1&sign=ab"
                               << "stream-123?expire=1&sign=ab"
                               << "";
        QTest::newRow("space inside")
            << "PINSTAGE_STREAM_KEY"
            << "abc 1234"
            << ""
            << "PINSTAGE_STREAM_KEY: the stream key contains a space inside it (character 4 of 8)" + tail;
        QTest::newRow("tab inside") << "Stream key"
                                    << " abc\t123 "
                                    << ""
                                    << "Stream key: the stream key contains a tab inside it (character 4 of 7)" + tail;
        QTest::newRow("line break inside")
            << "--stream-key-file /k"
            << "abc\n123\n"
            << ""
            << "--stream-key-file /k: the stream key contains a line break inside it (character 4 of 7)" + tail;
        QTest::newRow("no-break space")
            << "--stream-key" << QString("abc") + QChar(0xA0) + "123"
            << ""
            << "--stream-key: the stream key contains a space character (U+00A0) inside it (character 4 of 7)" + tail;
        QTest::newRow("zero-width space")
            << "--stream-key" << QString("abc") + QChar(0x200B) + "123"
            << ""
            << "--stream-key: the stream key contains an invisible character (U+200B) inside it (character 4 of 7)"
                + tail;
        QTest::newRow("control")
            << "--stream-key"
            << "abcd\a"
            << ""
            << "--stream-key: the stream key contains a control character (U+0007) inside it (character 5 of 5)" + tail;
        QTest::newRow("empty") << "--stream-key"
                               << ""
                               << ""
                               << "--stream-key: the stream key is empty";
        QTest::newRow("only whitespace") << "PINSTAGE_STREAM_KEY"
                                         << " \n "
                                         << ""
                                         << "PINSTAGE_STREAM_KEY: the stream key is empty";
    }

    void streamKeyRule()
    {
        QFETCH(QString, source);
        QFETCH(QString, raw);
        QFETCH(QString, key);
        QFETCH(QString, error);
        const StreamKey::Checked checked = StreamKey::check(raw, source);
        QCOMPARE(checked.key, key);
        QCOMPARE(checked.error, error);
    }

    void targetFromEntry_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("keyField");
        QTest::addColumn<QString>("targetUrl");
        QTest::addColumn<QString>("targetKey");
        QTest::addColumn<QString>("note");
        QTest::addColumn<QString>("error");
        QTest::newRow("separate") << " rtmp://h/live "
                                  << " abcd1234\n"
                                  << "--stream-key"
                                  << "rtmp://h/live"
                                  << "abcd1234"
                                  << ""
                                  << "";
        QTest::newRow("no key yet") << "rtmp://h/live"
                                    << ""
                                    << "--stream-key"
                                    << "rtmp://h/live"
                                    << ""
                                    << ""
                                    << "";
        QTest::newRow("key in url")
            << "rtmp://push.example.com/live/KEY_abc123"
            << ""
            << "--stream-key"
            << "rtmp://push.example.com/live"
            << "KEY_abc123"
            << "--stream-url held the stream key after the application path ('rtmp://push.example.com/live/••••'): "
               "using rtmp://push.example.com/live as the server and the rest as the stream key (enter the key on its "
               "own to keep it out of the URL)"
            << "";
        QTest::newRow("tiktok-like key in url")
            << "rtmp://host/stage/stream-123?expire=1767225600&sign=3f9a"
            << ""
            << "--stream-key"
            << "rtmp://host/stage"
            << "stream-123?expire=1767225600&sign=3f9a"
            << "--stream-url held the stream key after the application path ('rtmp://host/stage/••••'): using "
               "rtmp://host/stage as the server and the rest as the stream key (enter the key on its own to keep it "
               "out "
               "of the URL)"
            << "";
        QTest::newRow("same key twice")
            << "rtmps://live-api-s.facebook.com:443/rtmp/FB-123-0-Ab?s_bl=1&s_sw=0"
            << "FB-123-0-Ab?s_bl=1&s_sw=0 "
            << "--stream-key"
            << "rtmps://live-api-s.facebook.com:443/rtmp"
            << "FB-123-0-Ab?s_bl=1&s_sw=0"
            << "--stream-url also held the stream key ('rtmps://live-api-s.facebook.com:443/rtmp/••••'): using "
               "rtmps://live-api-s.facebook.com:443/rtmp as the server"
            << "";
        QTest::newRow("different key too")
            << "rtmp://push.example.com/live/KEY_abc123"
            << "other_key_456"
            << "PINSTAGE_STREAM_KEY"
            << "rtmp://push.example.com/live/KEY_abc123"
            << "other_key_456"
            << ""
            << "--stream-url: 'rtmp://push.example.com/live/••••' goes on after its application path and a stream key "
               "is entered too (PINSTAGE_STREAM_KEY): enter the server alone (rtmp://push.example.com/live) and the "
               "stream key in PINSTAGE_STREAM_KEY";
        QTest::newRow("bad key")
            << "rtmp://h/live"
            << "ab cd"
            << "PINSTAGE_STREAM_KEY"
            << "rtmp://h/live"
            << ""
            << ""
            << "PINSTAGE_STREAM_KEY: the stream key contains a space inside it (character 3 of 5); "
               "only whitespace around the key is removed: copy the key again, on its own";
    }

    void targetFromEntry()
    {
        QFETCH(QString, url);
        QFETCH(QString, key);
        QFETCH(QString, keyField);
        QFETCH(QString, targetUrl);
        QFETCH(QString, targetKey);
        QFETCH(QString, note);
        QFETCH(QString, error);
        const StreamTargetEntry entry = StreamTarget::fromEntry(url, key, QStringLiteral("--stream-url"), keyField);
        QCOMPARE(entry.error, error);
        QCOMPARE(entry.note, note);
        if (entry.ok()) {
            QCOMPARE(entry.target.url, targetUrl);
            QCOMPARE(entry.target.key, targetKey);
        }
    }
};

QTEST_GUILESS_MAIN(TestRedaction)
#include "tst_redaction.moc"
