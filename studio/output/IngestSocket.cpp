// SPDX-License-Identifier: GPL-2.0-or-later
#include "output/IngestSocket.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QHostInfo>
#include <QSet>
#include <QUrl>

#include <algorithm>
#include <mutex>

#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace pinstage {
namespace {

    QSet<quint64>& claims()
    {
        static QSet<quint64> set;
        return set;
    }
    std::mutex& claimsMutex()
    {
        static std::mutex m;
        return m;
    }

    /// An address as /proc/net/tcp{,6} prints it: 32-bit words in host byte order, in hex.
    QHostAddress parseAddress(const QByteArray& hex)
    {
        if (hex.size() == 8) {
            const quint32 v = hex.toUInt(nullptr, 16);
            const quint32 host = ((v & 0xff) << 24) | (((v >> 8) & 0xff) << 16) | (((v >> 16) & 0xff) << 8) | (v >> 24);
            return QHostAddress(host);
        }
        if (hex.size() == 32) {
            Q_IPV6ADDR a;
            for (int word = 0; word < 4; ++word) {
                const quint32 v = hex.mid(word * 8, 8).toUInt(nullptr, 16);
                for (int b = 0; b < 4; ++b)
                    a[word * 4 + b] = static_cast<quint8>((v >> (8 * b)) & 0xff);
            }
            return QHostAddress(a);
        }
        return {};
    }

    QHash<quint64, int> socketDescriptors()
    {
        QHash<quint64, int> byInode;
        const QDir dir(QStringLiteral("/proc/self/fd"));
        const QStringList fds = dir.entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot);
        for (const QString& name : fds) {
            bool ok = false;
            const int fd = name.toInt(&ok);
            if (!ok)
                continue;
            char target[64] = {};
            const QByteArray path = QFile::encodeName(dir.filePath(name));
            const ssize_t n = ::readlink(path.constData(), target, sizeof(target) - 1);
            if (n <= 0)
                continue;
            const QByteArray link(target, static_cast<int>(n));
            if (!link.startsWith("socket:["))
                continue;
            const quint64 inode = link.mid(8, link.size() - 9).toULongLong(&ok);
            if (ok)
                byInode.insert(inode, fd);
        }
        return byInode;
    }

    bool holds(int fd, quint64 inode)
    {
        struct stat st = {};
        return ::fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode) && static_cast<quint64>(st.st_ino) == inode;
    }

} // namespace

IngestSocket::Endpoint IngestSocket::resolve(const QString& url)
{
    Endpoint e;
    const QUrl u(url);
    if (!u.isValid() || u.host().isEmpty())
        return e;
    const bool tls = u.scheme().compare(QLatin1String("rtmps"), Qt::CaseInsensitive) == 0;
    e.port = static_cast<quint16>(u.port(tls ? 443 : 1935));
    QHostAddress literal;
    if (literal.setAddress(u.host())) {
        e.addresses.append(literal);
        return e;
    }
    const QHostInfo info = QHostInfo::fromName(u.host());
    e.addresses = info.addresses();
    return e;
}

QList<IngestSocket::Connection> IngestSocket::find(const Endpoint& endpoint)
{
    QList<Connection> found;
    if (!endpoint.isValid())
        return found;
    QHash<quint64, int> fds;
    bool fdsRead = false;
    for (const char* table : { "/proc/self/net/tcp", "/proc/self/net/tcp6" }) {
        QFile file(QString::fromLatin1(table));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        file.readLine(); // header
        while (!file.atEnd()) {
            const QList<QByteArray> f = file.readLine().simplified().split(' ');
            if (f.size() < 10)
                continue;
            const QList<QByteArray> remote = f.at(2).split(':');
            if (remote.size() != 2 || remote.at(1).toUInt(nullptr, 16) != endpoint.port)
                continue;
            const QHostAddress address = parseAddress(remote.at(0));
            const bool match = endpoint.addresses.isEmpty()
                || std::any_of(endpoint.addresses.cbegin(), endpoint.addresses.cend(),
                    [&](const QHostAddress& a) { return a.isEqual(address, QHostAddress::TolerantConversion); });
            if (!match)
                continue;
            const int state = static_cast<int>(f.at(3).toUInt(nullptr, 16));
            // Established, SYN sent, or closing after the server's FIN (close wait): those a
            // blocked libobs thread may be waiting on.
            if (state != 1 && state != 2 && state != 8)
                continue;
            const quint64 inode = f.at(9).toULongLong();
            if (inode == 0)
                continue;
            if (!fdsRead) {
                fds = socketDescriptors();
                fdsRead = true;
            }
            const auto it = fds.constFind(inode);
            if (it != fds.cend())
                found.append({ it.value(), inode, state });
        }
    }
    std::sort(found.begin(), found.end(), [](const Connection& a, const Connection& b) { return a.fd < b.fd; });
    return found;
}

std::optional<IngestSocket::Progress> IngestSocket::progress(const Connection& connection)
{
    if (!holds(connection.fd, connection.inode))
        return std::nullopt;
    struct tcp_info info = {};
    socklen_t size = sizeof(info);
    if (::getsockopt(connection.fd, IPPROTO_TCP, TCP_INFO, &info, &size) != 0)
        return std::nullopt;
    Progress p;
    p.unackedSegments = info.tcpi_unacked;
    if (size >= offsetof(struct tcp_info, tcpi_bytes_acked) + sizeof(info.tcpi_bytes_acked))
        p.bytesAcked = info.tcpi_bytes_acked;
    if (size >= offsetof(struct tcp_info, tcpi_notsent_bytes) + sizeof(info.tcpi_notsent_bytes))
        p.notSentBytes = info.tcpi_notsent_bytes;
    if (size >= offsetof(struct tcp_info, tcpi_snd_wnd) + sizeof(info.tcpi_snd_wnd))
        p.serverWindow = info.tcpi_snd_wnd;
    return p;
}

bool IngestSocket::abort(const Connection& connection)
{
    if (!holds(connection.fd, connection.inode))
        return false;
    struct linger l = { 1, 0 };
    ::setsockopt(connection.fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
    return ::shutdown(connection.fd, SHUT_RDWR) == 0;
}

QSet<quint64> IngestSocket::socketInodes()
{
    const QHash<quint64, int> byInode = socketDescriptors();
    return QSet<quint64>(byInode.keyBegin(), byInode.keyEnd());
}

QList<int> IngestSocket::threads()
{
    QList<int> tids;
    const QStringList names = QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& name : names) {
        bool ok = false;
        const int tid = name.toInt(&ok);
        if (ok)
            tids.append(tid);
    }
    return tids;
}

QList<IngestSocket::Connection> IngestSocket::blockedOn(const QList<int>& threads, const Endpoint& endpoint)
{
    QList<Connection> found;
    if (threads.isEmpty() || !endpoint.isValid())
        return found;
    QList<Connection> sockets; // read once, when a thread is blocked on a descriptor
    bool socketsRead = false;
    for (const int tid : threads) {
        const QString task = QStringLiteral("/proc/self/task/%1/").arg(tid);
        QFile comm(task + QStringLiteral("comm"));
        if (!comm.open(QIODevice::ReadOnly) || !comm.readAll().startsWith("rtmp-stream: co"))
            continue; // ended, or not libobs's RTMP connect thread (its name is cut to 15 bytes)
        QFile syscall(task + QStringLiteral("syscall"));
        if (!syscall.open(QIODevice::ReadOnly))
            continue;
        // "NR ARG1 ARG2 …" while blocked in a system call; "running" or "-1 …" otherwise.
        const QList<QByteArray> f = syscall.readAll().simplified().split(' ');
        if (f.size() < 2)
            continue;
        bool ok = false;
        const long nr = f.at(0).toLong(&ok);
        if (!ok)
            continue;
        switch (nr) {
        case SYS_connect:
        case SYS_sendto:
        case SYS_recvfrom:
        case SYS_sendmsg:
        case SYS_recvmsg:
        case SYS_read:
        case SYS_write:
            break;
        default:
            continue; // DNS, a lock, a sleep: no socket of ours to tell
        }
        const int fd = static_cast<int>(f.at(1).toLongLong(&ok, 16));
        if (!ok)
            continue;
        if (!socketsRead) {
            sockets = find(endpoint);
            socketsRead = true;
        }
        for (const Connection& c : std::as_const(sockets))
            if (c.fd == fd && !found.contains(c))
                found.append(c);
    }
    return found;
}

bool IngestSocket::isClaimed(quint64 inode)
{
    const std::lock_guard lock(claimsMutex());
    return claims().contains(inode);
}

void IngestSocket::claim(quint64 inode)
{
    const std::lock_guard lock(claimsMutex());
    claims().insert(inode);
}

void IngestSocket::release(quint64 inode)
{
    const std::lock_guard lock(claimsMutex());
    claims().remove(inode);
}

} // namespace pinstage
