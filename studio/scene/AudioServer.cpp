// SPDX-License-Identifier: GPL-2.0-or-later
#include "scene/AudioServer.h"

#include <QDir>
#include <QFile>

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace pinstage {

AudioServer::Status AudioServer::probe()
{
    Status status;
    QString socketPath;
    const QString server = qEnvironmentVariable("PULSE_SERVER");
    if (!server.isEmpty()) {
        // The first entry is what libpulse tries first; "unix:PATH" or a bare path is a socket.
        QString first = server.section(QLatin1Char(' '), 0, 0);
        if (first.startsWith(QLatin1String("unix:")))
            socketPath = first.mid(5);
        else if (first.startsWith(QLatin1Char('/')))
            socketPath = first;
        else {
            status.available = true;
            status.where = first;
            return status;
        }
    } else if (!qEnvironmentVariableIsEmpty("PULSE_RUNTIME_PATH")) {
        socketPath = QDir(qEnvironmentVariable("PULSE_RUNTIME_PATH")).filePath(QStringLiteral("native"));
    } else if (!qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        socketPath = QDir(qEnvironmentVariable("XDG_RUNTIME_DIR")).filePath(QStringLiteral("pulse/native"));
    } else {
        status.why = QStringLiteral("no audio server: neither PULSE_SERVER nor XDG_RUNTIME_DIR is set");
        return status;
    }
    status.where = socketPath;

    const QByteArray path = QFile::encodeName(socketPath);
    sockaddr_un address {};
    address.sun_family = AF_UNIX;
    if (path.size() >= qsizetype(sizeof(address.sun_path))) {
        status.why = QStringLiteral("no audio server: the socket path %1 is too long").arg(socketPath);
        return status;
    }
    std::memcpy(address.sun_path, path.constData(), size_t(path.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        status.why = QStringLiteral("no audio server: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return status;
    }
    const int rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address));
    const int connectErrno = errno;
    ::close(fd);
    if (rc != 0) {
        status.why = QStringLiteral("no audio server at %1 (%2)")
                         .arg(socketPath, QString::fromLocal8Bit(std::strerror(connectErrno)));
        return status;
    }
    status.available = true;
    return status;
}

} // namespace pinstage
