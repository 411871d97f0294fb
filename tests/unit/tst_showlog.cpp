// SPDX-License-Identifier: GPL-2.0-or-later
#include "show/ShowLog.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using pinstage::ShowLog;

class TestShowLog : public QObject {
    Q_OBJECT

private slots:
    void nothingIsWrittenBeforeTheFirstEvent()
    {
        QTemporaryDir dir;
        ShowLog log(dir.filePath(QStringLiteral("shows")), [] { return 0; });
        QVERIFY(log.filePath().isEmpty());
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("shows"))));
    }

    void eventsAreLinesStampedWithTheStreamClock()
    {
        QTemporaryDir dir;
        qint64 now = 0;
        ShowLog log(dir.filePath(QStringLiteral("shows")), [&now] { return now; });
        QVERIFY(log.append(QStringLiteral("live")));
        now = 4012;
        QVERIFY(log.append(QStringLiteral("pin"), { { QStringLiteral("sku"), QStringLiteral("PS-1001") } }));
        now = 9000;
        QVERIFY(log.append(QStringLiteral("unpin"), { { QStringLiteral("sku"), QStringLiteral("PS-1001") } }));

        // Read while the log is still open: every event is on disk as it happens.
        QFile file(log.filePath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.size(), 4); // three events and the final newline
        QVERIFY(lines.last().isEmpty());
        const QJsonObject pin = QJsonDocument::fromJson(lines.at(1)).object();
        QCOMPARE(pin.value(QStringLiteral("event")).toString(), QStringLiteral("pin"));
        QCOMPARE(pin.value(QStringLiteral("t_ms")).toInteger(), 4012);
        QCOMPARE(pin.value(QStringLiteral("sku")).toString(), QStringLiteral("PS-1001"));
        QVERIFY(QDateTime::fromString(pin.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs).isValid());
        QCOMPARE(QJsonDocument::fromJson(lines.at(2)).object().value(QStringLiteral("t_ms")).toInteger(), 9000);
    }

    void anEventMayCarryItsOwnTime()
    {
        QTemporaryDir dir;
        ShowLog log(dir.filePath(QStringLiteral("shows")), [] { return 0; }); // the clock already stopped
        QVERIFY(log.append(QStringLiteral("stream_stopped"), { { QStringLiteral("t_ms"), 30000 } }));
        QFile file(log.filePath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(file.readLine()).object().value(QStringLiteral("t_ms")).toInteger(), 30000);
    }

    void anUnwritableFolderIsReportedOnceAndTheShowGoesOn()
    {
        QTemporaryDir dir;
        const QString blocker = dir.filePath(QStringLiteral("not-a-folder"));
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly)); // a file where the folder should be
        file.close();
        ShowLog log(blocker + QStringLiteral("/shows"), [] { return 0; });
        QVERIFY(!log.append(QStringLiteral("live")));
        QVERIFY2(log.error().contains(QLatin1String("not-a-folder")), qPrintable(log.error()));
        QVERIFY(!log.append(QStringLiteral("pin")));
    }
};

QTEST_GUILESS_MAIN(TestShowLog)
#include "tst_showlog.moc"
