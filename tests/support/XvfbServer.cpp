// SPDX-License-Identifier: GPL-2.0-or-later
#include "XvfbServer.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QStandardPaths>

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace pinstage::test {

namespace {

    /// Both ends of a pipe, closed on destruction unless released.
    class Pipe {
    public:
        Pipe() { m_ok = ::pipe2(m_fds, O_CLOEXEC) == 0; }
        ~Pipe()
        {
            closeRead();
            closeWrite();
        }
        Pipe(const Pipe&) = delete;
        Pipe& operator=(const Pipe&) = delete;

        bool ok() const { return m_ok; }
        int readFd() const { return m_fds[0]; }
        int writeFd() const { return m_fds[1]; }
        void closeRead() { closeFd(m_fds[0]); }
        void closeWrite() { closeFd(m_fds[1]); }

    private:
        static void closeFd(int& fd)
        {
            if (fd >= 0)
                ::close(fd);
            fd = -1;
        }
        int m_fds[2] = { -1, -1 };
        bool m_ok = false;
    };

} // namespace

XvfbServer::XvfbServer(QString screen)
    : m_screen(std::move(screen))
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setStandardInputFile(QProcess::nullDevice());
    if (m_logDir.isValid())
        m_process.setStandardOutputFile(m_logDir.filePath(QStringLiteral("xvfb.log")));
}

XvfbServer::~XvfbServer()
{
    stop();
}

bool XvfbServer::start(QString* error, int timeoutMs)
{
    auto fail = [error](const QString& message) {
        if (error)
            *error = message;
        return false;
    };

    if (isRunning())
        return true;

    if (qEnvironmentVariableIsSet("PINSTAGE_TEST_USE_DISPLAY")) {
        const QString wanted = qEnvironmentVariable("PINSTAGE_TEST_USE_DISPLAY");
        m_display = wanted.contains(QLatin1Char(':')) ? wanted : qEnvironmentVariable("DISPLAY");
        if (m_display.isEmpty())
            return fail(QStringLiteral("PINSTAGE_TEST_USE_DISPLAY is set but DISPLAY is empty"));
        m_reusing = true;
        return true;
    }

    const QString xvfb = QStandardPaths::findExecutable(QStringLiteral("Xvfb"));
    if (xvfb.isEmpty())
        return fail(
            QStringLiteral("Xvfb is not installed (Debian package xvfb; packaging/install-deps.sh installs it)"));

    Pipe pipe;
    if (!pipe.ok())
        return fail(QStringLiteral("pipe2() failed: %1").arg(qt_error_string(errno)));
    // The write end must survive exec in Xvfb; the read end stays ours only.
    ::fcntl(pipe.writeFd(), F_SETFD, 0);

    m_process.start(xvfb,
        { QStringLiteral("-displayfd"), QString::number(pipe.writeFd()), QStringLiteral("-screen"), QStringLiteral("0"),
            m_screen, QStringLiteral("-nolisten"), QStringLiteral("tcp") });
    const bool started = m_process.waitForStarted(5000);
    pipe.closeWrite(); // now only Xvfb holds it: EOF on the read end means it went away
    if (!started)
        return fail(QStringLiteral("could not start Xvfb: %1").arg(m_process.errorString()));

    // Xvfb writes "N\n" once it accepts connections.
    QByteArray number;
    const QDeadlineTimer deadline(timeoutMs);
    while (!number.endsWith('\n')) {
        pollfd pfd { pipe.readFd(), POLLIN, 0 };
        const int remaining = static_cast<int>(deadline.remainingTime());
        const int rc = ::poll(&pfd, 1, remaining < 0 ? 0 : remaining);
        if (rc < 0 && errno == EINTR)
            continue;
        if (rc <= 0) {
            stop();
            return fail(QStringLiteral("Xvfb did not report a display within %1 ms: %2").arg(timeoutMs).arg(log()));
        }
        char buf[32];
        const ssize_t n = ::read(pipe.readFd(), buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            m_process.waitForFinished(2000);
            const QString output = log();
            stop();
            return fail(QStringLiteral("Xvfb exited before reporting a display: %1").arg(output));
        }
        number.append(buf, n);
    }

    bool ok = false;
    const int n = number.trimmed().toInt(&ok);
    if (!ok || n < 0) {
        stop();
        return fail(QStringLiteral("Xvfb reported an invalid display number: %1").arg(QString::fromLatin1(number)));
    }
    m_display = QStringLiteral(":%1").arg(n);
    return true;
}

void XvfbServer::stop()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate(); // SIGTERM to our pid
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(2000);
        }
    }
    m_display.clear();
    m_reusing = false;
}

bool XvfbServer::isRunning() const
{
    return m_reusing || (m_process.state() == QProcess::Running && !m_display.isEmpty());
}

QString XvfbServer::display() const
{
    return m_display;
}

qint64 XvfbServer::pid() const
{
    return m_reusing ? 0 : m_process.processId();
}

bool XvfbServer::isReusingDisplay() const
{
    return m_reusing;
}

QString XvfbServer::log() const
{
    QFile file(m_logDir.filePath(QStringLiteral("xvfb.log")));
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromLocal8Bit(file.readAll().right(4000)).trimmed();
}

QProcessEnvironment XvfbServer::environment(QProcessEnvironment base) const
{
    base.insert(QStringLiteral("DISPLAY"), m_display);
    base.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
    return base;
}

} // namespace pinstage::test
