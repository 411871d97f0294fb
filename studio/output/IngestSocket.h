// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>

#include <optional>

namespace pinstage {

/// The TCP connections this process holds to one ingest (host and port of an RTMP(S) URL), seen
/// from the kernel: libobs's RTMP output does not expose its socket, so they are found through
/// /proc/self/net/tcp{,6} (remote address and port) and /proc/self/fd (which descriptor holds
/// which socket inode). Used to watch a connection's progress (TCP_INFO: bytes the server
/// acknowledged, bytes still waiting) and to abort a connection that no longer answers: a send()
/// or recv() blocked in libobs's threads then returns at once with an error.
///
/// Limits: Linux only; only IP addresses are matched, so a host name is resolved first (resolve(),
/// blocking: call it off the main thread or accept the resolver's delay). Two destinations on the
/// same host and port cannot be told apart by the kernel's view alone: StreamOutput claims the
/// socket it connected with (see claim()).
///
/// Thread contract: any thread (the claims are guarded by a mutex).
class IngestSocket {
public:
    struct Endpoint {
        QList<QHostAddress> addresses;
        quint16 port = 0;
        bool isValid() const { return port != 0 && !addresses.isEmpty(); }
    };
    /// One connected (or connecting) socket to the endpoint.
    struct Connection {
        int fd = -1;
        quint64 inode = 0;
        int tcpState = 0; ///< the kernel's TCP state (1 established, 2 SYN sent, ...)
    };
    /// What the kernel says about a connection (TCP_INFO).
    struct Progress {
        quint64 bytesAcked = 0; ///< bytes of ours the server acknowledged (whole connection)
        quint32 unackedSegments = 0; ///< segments sent and not acknowledged yet
        quint32 notSentBytes = 0; ///< bytes written by libobs and not sent yet (window closed)
        quint32 serverWindow = 0; ///< the receive window the server advertises (0: full), bytes
        bool pending() const { return unackedSegments > 0 || notSentBytes > 0; }
    };

    /// Host and port of an rtmp:// or rtmps:// URL (default ports 1935 and 443); the host is
    /// resolved with the system resolver (blocking). Invalid on a malformed URL or unknown host.
    static Endpoint resolve(const QString& url);

    /// Sockets of this process connected or connecting to ENDPOINT, oldest descriptor first.
    static QList<Connection> find(const Endpoint& endpoint);
    /// TCP_INFO of a connection; nullopt when the descriptor no longer holds that socket.
    static std::optional<Progress> progress(const Connection& connection);
    /// Makes the connection fail now (SO_LINGER 0 then shutdown(SHUT_RDWR)): blocked sends and
    /// receives return with an error, and the close that follows sends a reset. Checks first
    /// that the descriptor still holds that socket; returns false when it does not.
    static bool abort(const Connection& connection);

    /// Claims: StreamOutput marks the socket its connection uses so that another destination to the
    /// same ingest does not watch or abort it. Any thread.
    static bool isClaimed(quint64 inode);
    static void claim(quint64 inode);
    static void release(quint64 inode);
};

} // namespace pinstage
