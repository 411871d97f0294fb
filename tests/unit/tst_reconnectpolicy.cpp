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
    void certificateFailureFromTheLog();
    void ingestSocketOnLoopback();
};

void tst_ReconnectPolicy::scheduleIsQuickThenBacksOffToTheCap()
{
    // Quick tries for a time window after the drop (10 s), however many tries fit in it: on a loaded
    // machine ten tries took 7-8 s.
    const StreamOutput::ReconnectPolicy p;
    QCOMPARE(p.quickWindowMs, 10000);
    for (qint64 since : { 0, 400, 5000, 9999 })
        QCOMPARE(StreamOutput::retryDelayMs(p, since, 0), 500);
    // After the window: 2 s, ×1.5 each (counted from the window's end), up to the cap.
    QCOMPARE(StreamOutput::retryDelayMs(p, 10000, 0), 2000);
    QCOMPARE(StreamOutput::retryDelayMs(p, 12000, 1), 3000);
    QCOMPARE(StreamOutput::retryDelayMs(p, 15000, 2), 4500);
    int previous = 0;
    for (int i = 0; i < 30; ++i) {
        const int d = StreamOutput::retryDelayMs(p, 10000 + i * 30000, i);
        QVERIFY(d >= previous);
        QVERIFY(d <= 30000);
        previous = d;
    }
    QCOMPARE(StreamOutput::retryDelayMs(p, 3'600'000, 1000), 30000); // never gives up, never past the cap
}

void tst_ReconnectPolicy::whatHeals()
{
    QVERIFY(StreamOutput::canHeal(OBS_OUTPUT_DISCONNECTED, {}, true));
    QVERIFY(StreamOutput::canHeal(OBS_OUTPUT_CONNECT_FAILED, QStringLiteral("Connection refused"), false));
    QVERIFY(!StreamOutput::canHeal(
        OBS_OUTPUT_CONNECT_FAILED, QStringLiteral("The RTMP server sent an invalid SSL certificate."), false));
    // After this stream was live with a verified certificate: the network's doing (a captive portal),
    // retried like a drop.
    QVERIFY(StreamOutput::canHeal(
        OBS_OUTPUT_CONNECT_FAILED, QStringLiteral("The RTMP server sent an invalid SSL certificate."), true));
    QVERIFY(!StreamOutput::canHeal(OBS_OUTPUT_BAD_PATH, {}, false));
    // A refused key: wrong at the first connect; after it was accepted, a server holding the old session.
    QVERIFY(!StreamOutput::canHeal(OBS_OUTPUT_INVALID_STREAM, {}, false));
    QVERIFY(StreamOutput::canHeal(OBS_OUTPUT_INVALID_STREAM, {}, true));
    QVERIFY(!StreamOutput::canHeal(OBS_OUTPUT_ENCODE_ERROR, {}, true));
    QVERIFY(!StreamOutput::canHeal(OBS_OUTPUT_UNSUPPORTED, {}, true));
}

void tst_ReconnectPolicy::certificateFailureFromTheLog()
{
    // librtmp's own lines (obs-outputs 29, rtmp.c RTMP_Connect1), in English whatever the locale.
    QString detail;
    QVERIFY(StreamOutput::isCertificateVerifyFailure(
        QStringLiteral(
            "RTMP_Connect1, Cert verify failed: 8 (The certificate is not correctly signed by the trusted CA)"),
        &detail));
    QCOMPARE(detail, QStringLiteral("The certificate is not correctly signed by the trusted CA"));
    QVERIFY(StreamOutput::isCertificateVerifyFailure(
        QStringLiteral("RTMP_Connect1, TLS_Connect failed: -0x2700"), &detail));
    QVERIFY(detail.isEmpty());
    // Other TLS failures and network failures are not certificate failures.
    QVERIFY(!StreamOutput::isCertificateVerifyFailure(QStringLiteral("RTMP_Connect1, TLS_Connect failed: -0x7780")));
    QVERIFY(!StreamOutput::isCertificateVerifyFailure(
        QStringLiteral("127.0.0.1 is offline. Try a different server (ECONNREFUSED).")));
    QVERIFY(!StreamOutput::isCertificateVerifyFailure(QStringLiteral("Connection to rtmps://a/b failed: -2")));
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
    // Without addresses (a host name is never looked up a second time): any address on the port.
    IngestSocket::Endpoint anyAddress;
    anyAddress.port = endpoint.port;
    QCOMPARE(IngestSocket::find(anyAddress), found);
    QVERIFY(IngestSocket::socketInodes().contains(found.first().inode));
    // No thread of this test is libobs's connect thread.
    QVERIFY(IngestSocket::blockedOn(IngestSocket::threads(), anyAddress).isEmpty());

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
