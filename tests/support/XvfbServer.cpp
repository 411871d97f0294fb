// SPDX-License-Identifier: GPL-2.0-or-later
#include "XvfbServer.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QScopeGuard>
#include <QStandardPaths>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>
#include <xcb/xcb.h>

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
            m_screen, QStringLiteral("-nolisten"), QStringLiteral("tcp"),
            // No server reset when the last client leaves: a test that looks at the screen between
            // two runs of the binary must not race a reset (a connection during one could hang).
            QStringLiteral("-noreset") });
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

QStringList XvfbServer::mappedWindowTitles() const
{
    QStringList titles;
    if (m_display.isEmpty())
        return titles;
    int screenNumber = 0;
    xcb_connection_t* connection = xcb_connect(m_display.toLocal8Bit().constData(), &screenNumber);
    const auto closeConnection = qScopeGuard([connection] { xcb_disconnect(connection); });
    if (xcb_connection_has_error(connection))
        return titles;
    xcb_screen_iterator_t screens = xcb_setup_roots_iterator(xcb_get_setup(connection));
    for (int i = 0; i < screenNumber && screens.rem > 1; ++i)
        xcb_screen_next(&screens);
    const xcb_screen_t* screen = screens.data;
    const auto internAtom = [connection](const char* name) {
        xcb_intern_atom_reply_t* reply = xcb_intern_atom_reply(
            connection, xcb_intern_atom(connection, 1, uint16_t(std::strlen(name)), name), nullptr);
        const xcb_atom_t atom = reply ? reply->atom : xcb_atom_t(XCB_ATOM_NONE);
        std::free(reply);
        return atom;
    };
    const xcb_atom_t netWmName = internAtom("_NET_WM_NAME");
    const xcb_atom_t utf8String = internAtom("UTF8_STRING");
    const auto property = [connection](xcb_window_t window, xcb_atom_t name, xcb_atom_t type) {
        QString text;
        if (name == XCB_ATOM_NONE)
            return text;
        xcb_get_property_reply_t* reply
            = xcb_get_property_reply(connection, xcb_get_property(connection, 0, window, name, type, 0, 1024), nullptr);
        if (reply && xcb_get_property_value_length(reply) > 0) {
            const QByteArray bytes(
                static_cast<const char*>(xcb_get_property_value(reply)), xcb_get_property_value_length(reply));
            text = type == XCB_ATOM_STRING ? QString::fromLatin1(bytes) : QString::fromUtf8(bytes);
        }
        std::free(reply);
        return text;
    };
    xcb_query_tree_reply_t* tree = xcb_query_tree_reply(connection, xcb_query_tree(connection, screen->root), nullptr);
    if (!tree)
        return titles;
    const xcb_window_t* children = xcb_query_tree_children(tree);
    for (int i = 0; i < xcb_query_tree_children_length(tree); ++i) {
        xcb_get_window_attributes_reply_t* attributes
            = xcb_get_window_attributes_reply(connection, xcb_get_window_attributes(connection, children[i]), nullptr);
        const bool viewable = attributes && attributes->map_state == XCB_MAP_STATE_VIEWABLE;
        std::free(attributes);
        if (!viewable)
            continue;
        QString title = property(children[i], netWmName, utf8String);
        if (title.isEmpty())
            title = property(children[i], XCB_ATOM_WM_NAME, XCB_ATOM_STRING);
        if (!title.isEmpty())
            titles.append(title);
    }
    std::free(tree);
    return titles;
}

} // namespace pinstage::test
