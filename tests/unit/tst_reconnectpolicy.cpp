// SPDX-License-Identifier: GPL-2.0-or-later
// Issue 11: StreamOutput's reconnect schedule and what it retries, and IngestSocket on a real
// loopback connection (found from /proc, progress from TCP_INFO, abort wakes a blocked peer).
#include "output/IngestSocket.h"
#include "output/StreamOutput.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <obs.h>

using namespace pinstage;

class tst_ReconnectPolicy : public QObject {
    Q_OBJECT

private slots:
    void scheduleIsQuickThenBacksOffToTheCap();
    void whatHeals();
    void ingestSocketOnLoopback();
};

void tst_ReconnectPolicy::scheduleIsQuickThenBacksOffToTheCap()
{
    const StreamOutput::ReconnectPolicy p;
    for (int i = 0; i < 10; ++i)
        QCOMPARE(StreamOutput::retryDelayMs(p, i), 500);
    QCOMPARE(StreamOutput::retryDelayMs(p, 10), 2000);
    QCOMPARE(StreamOutput::retryDelayMs(p, 11), 3000);
    QCOMPARE(StreamOutput::retryDelayMs(p, 12), 4500);
    int previous = 0;
    for (int i = 10; i < 40; ++i) {
        const int d = StreamOutput::retryDelayMs(p, i);
        QVERIFY(d >= previous);
        QVERIFY(d <= 30000);
        previous = d;
    }
    QCOMPARE(StreamOutput::retryDelayMs(p, 1000), 30000); // never gives up, never grows past the cap
}

void tst_ReconnectPolicy::whatHeals()
{
    QVERIFY(StreamOutput::canHeal(OBS_OUTPUT_DISCONNECTED, {}, true));
    QVERIFY(StreamOutput::canHeal(OBS_OUTPUT_CONNECT_FAILED, QStringLiteral("Connection refused"), false));
    QVERIFY(!StreamOutput::canHeal(
        OBS_OUTPUT_CONNECT_FAILED, QStringLiteral("The RTMP server sent an invalid SSL certificate."), false));
    QVERIFY(!StreamOutput::canHeal(OBS_OUTPUT_BAD_PATH, {}, false));
    // A refused key: wrong at the first connect; after it was accepted, a server holding the old session.
    QVERIFY(!StreamOutput::canHeal(OBS_OUTPUT_INVALID_STREAM, {}, false));
    QVERIFY(StreamOutput::canHeal(OBS_OUTPUT_INVALID_STREAM, {}, true));
    QVERIFY(!StreamOutput::canHeal(OBS_OUTPUT_ENCODE_ERROR, {}, true));
    QVERIFY(!StreamOutput::canHeal(OBS_OUTPUT_UNSUPPORTED, {}, true));
}

void tst_ReconnectPolicy::ingestSocketOnLoopback()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    const IngestSocket::Endpoint endpoint
        = IngestSocket::resolve(QStringLiteral("rtmp://127.0.0.1:%1/live").arg(server.serverPort()));
    QVERIFY(endpoint.isValid());
    QCOMPARE(IngestSocket::find(endpoint).size(), 0);

    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(client.waitForConnected(5000));
    QVERIFY(server.waitForNewConnection(5000));
    QTcpSocket* peer = server.nextPendingConnection();
    QVERIFY(peer);

    const QList<IngestSocket::Connection> found = IngestSocket::find(endpoint);
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first().fd, int(client.socketDescriptor()));
    QCOMPARE(found.first().tcpState, 1);

    client.write(QByteArray(1000, 'x'));
    QVERIFY(client.waitForBytesWritten(5000));
    QTRY_COMPARE(peer->bytesAvailable(), qint64(1000));
    QTRY_VERIFY(IngestSocket::progress(found.first())->bytesAcked >= 1000);

    // The port alone is not enough: another address does not match.
    IngestSocket::Endpoint other = endpoint;
    other.addresses = { QHostAddress(QStringLiteral("127.0.0.2")) };
    QCOMPARE(IngestSocket::find(other).size(), 0);

    // Abort: the server sees the connection reset.
    QSignalSpy closed(peer, &QTcpSocket::disconnected);
    QVERIFY(IngestSocket::abort(found.first()));
    QTRY_VERIFY(closed.count() > 0 || peer->state() != QAbstractSocket::ConnectedState);
    // A descriptor that no longer holds that socket is left alone.
    IngestSocket::Connection stale = found.first();
    stale.inode += 1;
    QVERIFY(!IngestSocket::abort(stale));
    QVERIFY(!IngestSocket::progress(stale));
}

QTEST_GUILESS_MAIN(tst_ReconnectPolicy)
#include "tst_reconnectpolicy.moc"
