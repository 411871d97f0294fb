// SPDX-License-Identifier: GPL-2.0-or-later
// Headless never touches D-Bus (issue 11 follow-up): its key comes from the flags, so it needs no
// session bus, and without one libdbus would autolaunch a bus (it forks dbus-launch from its
// connection thread: under ASan the forked child deadlocked, elsewhere a dbus-daemon may be left
// behind). The real `pinstage --headless` streams into a private nginx-rtmp with
// DBUS_SESSION_BUS_ADDRESS unset and a listening socket at $XDG_RUNTIME_DIR/bus, where libdbus and
// GDBus look next: nothing may connect to it. A `dbus-launch` first in PATH records any call (GLib's
// autolaunch finds it there; libdbus's uses /usr/bin/dbus-launch, which the bus socket makes unneeded).
#include "HeadlessProcess.h"
#include "HeadlessTestCase.h"
#include "NginxRtmpServer.h"
#include "TestTempDir.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QTest>

#ifndef PINSTAGE_BINARY
#error "PINSTAGE_BINARY must name the pinstage executable (see tests/integration/CMakeLists.txt)"
#endif

using namespace pinstage::test;

class tst_HeadlessNoDbus : public HeadlessTestCase {
    Q_OBJECT
public:
    tst_HeadlessNoDbus()
        : HeadlessTestCase(QStringLiteral(PINSTAGE_BINARY))
    {
    }

private slots:
    void headlessNeverTouchesTheSessionBus();
};

void tst_HeadlessNoDbus::headlessNeverTouchesTheSessionBus()
{
    TestTempDir dir(QStringLiteral("nodbus"));
    QVERIFY(dir.isValid());
    NginxRtmpServer server;
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));

    QProcessEnvironment env = environment(dir);
    env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    env.remove(QStringLiteral("DBUS_SYSTEM_BUS_ADDRESS"));
    // The session bus where libdbus and GDBus look when the variable is unset: a socket that counts.
    const QString runtime = env.value(QStringLiteral("XDG_RUNTIME_DIR"));
    QVERIFY(!runtime.isEmpty());
    QLocalServer bus;
    bus.setSocketOptions(QLocalServer::UserAccessOption);
    QVERIFY2(bus.listen(runtime + QStringLiteral("/bus")), qPrintable(bus.errorString()));
    // An autolaunch through PATH leaves its mark.
    const QString bin = dir.mkpath(QStringLiteral("bin"));
    const QString marker = dir.filePath(QStringLiteral("dbus-launch-called"));
    {
        QFile script(bin + QStringLiteral("/dbus-launch"));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("#!/bin/sh\necho \"$*\" >> '" + marker.toUtf8() + "'\nexit 1\n");
        script.close();
        QVERIFY(script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    }
    env.insert(QStringLiteral("PATH"), bin + QLatin1Char(':') + env.value(QStringLiteral("PATH")));

    const QString key = randomStreamKey();
    const ProgramRun run = runProgram(binary(),
        { QStringLiteral("--headless"), QStringLiteral("--stream-url"), server.url(), QStringLiteral("--stream-key"),
            key, QStringLiteral("--duration"), QStringLiteral("2"), QStringLiteral("--canvas"),
            QStringLiteral("360x640"), QStringLiteral("--camera"), QStringLiteral("none"), QStringLiteral("--mic"),
            QStringLiteral("none"), QStringLiteral("--data-dir"), dir.mkpath(QStringLiteral("data")) },
        env, dir.path(), 90000);
    keepOutput(run, dir.path());
    QVERIFY2(run.ok(), qPrintable(run.describe()));
    const QJsonObject stats = QJsonDocument::fromJson(lastNonEmptyLine(run.out)).object();
    QVERIFY2(stats.value(QStringLiteral("frames_sent")).toDouble() > 0, qPrintable(run.describe()));

    // Whatever connected while the show ran waits in the socket's backlog.
    int connections = 0;
    while (bus.waitForNewConnection(200)) {
        while (QLocalSocket* socket = bus.nextPendingConnection()) {
            ++connections;
            socket->deleteLater();
        }
    }
    QVERIFY2(connections == 0,
        qPrintable(QStringLiteral("%1 connection(s) to the session bus socket\n").arg(connections) + run.describe()));
    QVERIFY2(!QFile::exists(marker), "dbus-launch was called");
    server.stop();
}

QTEST_GUILESS_MAIN(tst_HeadlessNoDbus)
#include "tst_headless_nodbus.moc"
