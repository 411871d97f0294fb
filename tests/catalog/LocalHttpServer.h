// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// A tiny HTTP/1.1 server on 127.0.0.1 for the image download tests: no internet, answers on the
// thread that creates it (the test's, which runs its event loop in QTRY_* and QSignalSpy::wait).
//
//   /photo.png            200, a real PNG (tests/data/catalog/images/tee-front.png, 640x427)
//   /missing.png          404
//   /redirect/N           302 to /redirect/N-1; /redirect/0 is the PNG
//   /to-file              302 to file:///etc/passwd
//   /page.html            200, an HTML page (not an image)
//   /huge-announced.png   200 with Content-Length 20 MB, sends 1 KB and then nothing
//   /huge-streamed.png    200 without Content-Length, 1 MB of bytes, then closes
//   /slow.png             200, headers and 10 of 1000 bytes, then nothing (never finishes)
// Anything after '?' is ignored (so one route can serve several catalog images).

#include "CatalogTestUtil.h"

#include <QFile>
#include <QHash>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

namespace pinstage::test {

class LocalHttpServer {
public:
    LocalHttpServer()
    {
        QFile png(fixture(QStringLiteral("images/tee-front.png")));
        if (png.open(QIODevice::ReadOnly))
            m_png = png.readAll();
        if (!m_server.listen(QHostAddress::LocalHost, 0))
            qWarning("LocalHttpServer: %s", qPrintable(m_server.errorString()));
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection()) {
                ++m_open;
                m_maxOpen = std::max(m_maxOpen, m_open);
                QObject::connect(socket, &QTcpSocket::disconnected, socket, [this, socket] {
                    --m_open;
                    socket->deleteLater();
                });
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { read(socket); });
            }
        });
    }

    ~LocalHttpServer()
    {
        // The sockets die with m_server, after the members their handlers use.
        for (QTcpSocket* socket : m_server.findChildren<QTcpSocket*>())
            QObject::disconnect(socket, nullptr, nullptr, nullptr);
    }

    bool isListening() const { return m_server.isListening(); }
    QString url(const QString& path) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path);
    }
    /// Requests received for a path (without its query).
    int hits(const QString& path) const { return m_hits.value(path); }
    int totalHits() const
    {
        int total = 0;
        for (int n : m_hits)
            total += n;
        return total;
    }
    int openConnections() const { return m_open; }
    int maxOpenConnections() const { return m_maxOpen; }
    const QByteArray& png() const { return m_png; }

    /// A port on 127.0.0.1 where nothing listens (it was free a moment ago).
    static quint16 closedPort()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        const quint16 port = probe.serverPort();
        probe.close();
        return port;
    }

private:
    void read(QTcpSocket* socket)
    {
        QByteArray& buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> requestLine = buffer.left(buffer.indexOf("\r\n")).split(' ');
        QString path = requestLine.size() >= 2 ? QString::fromLatin1(requestLine.at(1)) : QString();
        path = path.section(QLatin1Char('?'), 0, 0);
        ++m_hits[path];
        m_buffers.remove(socket);
        answer(socket, path);
    }

    static QByteArray head(int status, const QByteArray& reason, const QByteArray& headers)
    {
        return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n" + headers + "\r\n";
    }
    static void finish(QTcpSocket* socket, const QByteArray& bytes)
    {
        socket->write(bytes);
        socket->disconnectFromHost();
    }

    void answer(QTcpSocket* socket, const QString& path)
    {
        const QByteArray close = "Connection: close\r\n";
        if (path == QLatin1String("/photo.png") || path == QLatin1String("/redirect/0")) {
            finish(socket,
                head(200, "OK",
                    close + "Content-Type: image/png\r\nContent-Length: " + QByteArray::number(m_png.size()) + "\r\n")
                    + m_png);
        } else if (path.startsWith(QLatin1String("/redirect/"))) {
            const int n = path.mid(10).toInt();
            finish(socket,
                head(302, "Found",
                    close + "Location: /redirect/" + QByteArray::number(n - 1) + "\r\nContent-Length: 5\r\n")
                    + "moved");
        } else if (path == QLatin1String("/to-file")) {
            finish(socket, head(302, "Found", close + "Location: file:///etc/passwd\r\nContent-Length: 0\r\n"));
        } else if (path == QLatin1String("/page.html")) {
            const QByteArray body = "<!doctype html><html><body>Product photo moved</body></html>";
            finish(socket,
                head(200, "OK",
                    close + "Content-Type: text/html\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n")
                    + body);
        } else if (path == QLatin1String("/huge-announced.png")) {
            socket->write(
                head(200, "OK", "Content-Type: image/png\r\nContent-Length: 20971520\r\n") + QByteArray(1024, 'x'));
        } else if (path == QLatin1String("/huge-streamed.png")) {
            finish(
                socket, head(200, "OK", close + "Content-Type: image/png\r\n") + m_png + QByteArray(1024 * 1024, 'x'));
        } else if (path == QLatin1String("/slow.png")) {
            socket->write(head(200, "OK", "Content-Type: image/png\r\nContent-Length: 1000\r\n") + m_png.left(10));
        } else {
            finish(socket,
                head(404, "Not Found", close + "Content-Type: text/plain\r\nContent-Length: 9\r\n") + "not found");
        }
    }

    QTcpServer m_server;
    QByteArray m_png;
    QHash<QTcpSocket*, QByteArray> m_buffers;
    QHash<QString, int> m_hits;
    int m_open = 0;
    int m_maxOpen = 0;
};

} // namespace pinstage::test
