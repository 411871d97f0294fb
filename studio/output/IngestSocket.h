// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QHostAddress>
#include <QList>
#include <QSet>
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
/// Limits: Linux only. An endpoint with addresses matches those only (resolve() looks a host name
/// up, blocking); without addresses, any address on the port: StreamOutput never resolves a host
/// name a second time (a round-robin or geo host may answer another address than libobs got), it
/// tells its attempt's socket by what appeared since the attempt began and by the socket its
/// connect thread is blocked on (blockedOn()). Two destinations on the same host and port cannot be
/// told apart by the kernel's view alone: StreamOutput claims the socket it connected with (see
/// claim()).
///
/// Thread contract: any thread (the claims are guarded by a mutex).
class IngestSocket {
public:
    struct Endpoint {
        QList<QHostAddress> addresses; ///< empty: any address (a host name: never resolved again)
        quint16 port = 0;
        bool isValid() const { return port != 0; }
    };
    /// One connected (or connecting) socket to the endpoint.
    struct Connection {
        int fd = -1;
        quint64 inode = 0;
        int tcpState = 0; ///< the kernel's TCP state (1 established, 2 SYN sent, ...)
        bool operator==(const Connection&) const = default;
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
    /// The inodes of every socket this process holds now (/proc/self/fd): taken before an attempt
    /// starts, the sockets found afterwards that are not in it are that attempt's or a sibling's.
    static QSet<quint64> socketInodes();
    /// The threads of this process now (/proc/self/task): taken around obs_output_start(), the new
    /// ones hold the attempt's connect thread (libobs creates it there, on the calling thread).
    static QList<int> threads();
    /// The sockets to ENDPOINT that one of THREADS, if named as libobs's RTMP connect thread
    /// ("rtmp-stream: connect_thread"), is blocked on now (connect, send or receive: the descriptor
    /// is its system call's first argument, /proc/self/task/TID/syscall). This identifies an
    /// attempt's own socket whatever address its host name resolved to, and never a sibling
    /// destination's socket to the same host and port. Empty when the thread runs, waits on
    /// something else (a DNS lookup) or has ended.
    static QList<Connection> blockedOn(const QList<int>& threads, const Endpoint& endpoint);
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
