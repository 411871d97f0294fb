// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/ObsLog.h"
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
        QTest::newRow("rtmp") << "rtmp://127.0.0.1:1935/live" << "abcd1234" << "";
        QTest::newRow("rtmps") << "rtmps://a.rtmps.youtube.com:443/live2" << "abcd-1234" << "";
        QTest::newRow("http") << "http://example.com/live" << "abcd1234" << "--stream-url: expected rtmp://";
        QTest::newRow("no host") << "rtmp:///live" << "abcd1234" << "--stream-url: no host";
        QTest::newRow("empty url") << "" << "abcd1234" << "--stream-url: the server URL is empty";
        QTest::newRow("empty key") << "rtmp://h/live" << "" << "--stream-key: the stream key is empty";
        QTest::newRow("key with space") << "rtmp://h/live" << "abcd 1234" << "--stream-key: the stream key contains spaces";
        // A key pasted into the URL (never registered as a secret) is still not echoed back.
        QTest::newRow("key in bad url") << "http://h/live/unregistered_77aa" << "unregistered_77aa" << "--stream-url: expected rtmp://";
        QTest::newRow("key in url without host") << "rtmp:///live/unregistered_77aa" << "unregistered_77aa" << "--stream-url: no host";
    }

    void streamTargetValidation()
    {
        QFETCH(QString, url);
        QFETCH(QString, key);
        QFETCH(QString, expected);
        QString error;
        const bool ok = StreamTarget{url, key}.validate(&error);
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
        const StreamTarget badUrl{QStringLiteral("ftp://h/x"), QStringLiteral("abcd1234")};
        QVERIFY(!badUrl.validate(&error, urlField, keyField));
        QVERIFY2(error.startsWith(QLatin1String("Server URL: ")), qPrintable(error));
        const StreamTarget noKey{QStringLiteral("rtmp://h/x"), QString()};
        QVERIFY(!noKey.validate(&error, urlField, keyField));
        QVERIFY2(error.startsWith(QLatin1String("Stream key: ")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestRedaction)
#include "tst_redaction.moc"
