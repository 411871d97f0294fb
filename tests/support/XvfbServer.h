// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace pinstage::test {

/// A private X server for tests that need a native window or OpenGL.
///
/// start() runs `Xvfb -displayfd FD -screen 0 <screen> -nolisten tcp`: Xvfb picks a free display
/// itself and writes its number to FD once it accepts connections, so there is no fixed ":N" to
/// collide with other processes on a shared machine. The destructor (or stop()) ends exactly that
/// process, by its pid.
///
/// If the environment variable PINSTAGE_TEST_USE_DISPLAY is set, no server is started: display()
/// is the variable's value when it looks like ":N" (or "host:N"), otherwise $DISPLAY.
///
/// Use from the test thread only. start() blocks until the server is ready or the timeout passes.
class XvfbServer {
public:
    explicit XvfbServer(QString screen = QStringLiteral("1280x1024x24"));
    ~XvfbServer();

    XvfbServer(const XvfbServer&) = delete;
    XvfbServer& operator=(const XvfbServer&) = delete;

    /// Starts the server (or adopts the existing display, see above). Returns false and sets
    /// *error with the reason and Xvfb's own output when it could not start in time.
    bool start(QString* error = nullptr, int timeoutMs = 15000);
    /// Terminates the server we started (SIGTERM, then SIGKILL after 5 s). Idempotent.
    void stop();

    bool isRunning() const;
    /// ":N", empty before start().
    QString display() const;
    /// The Xvfb pid, or 0 when an existing display is reused or nothing runs.
    qint64 pid() const;
    /// True when PINSTAGE_TEST_USE_DISPLAY made us reuse an existing display.
    bool isReusingDisplay() const;
    /// base with DISPLAY set to display() and QT_QPA_PLATFORM=xcb, for child processes.
    QProcessEnvironment environment(QProcessEnvironment base = QProcessEnvironment::systemEnvironment()) const;
    /// The titles of the top-level windows mapped on this display now (_NET_WM_NAME, else WM_NAME),
    /// read through a connection of the test's own: what a child process shows on the screen
    /// (a dialog's question, the main window). Empty when nothing runs or nothing is mapped.
    QStringList mappedWindowTitles() const;

private:
    QString log() const;

    QString m_screen;
    QString m_display;
    bool m_reusing = false;
    QTemporaryDir m_logDir; // Xvfb's output goes to a file: a pipe nobody drains could block it
    QProcess m_process;
};

} // namespace pinstage::test
