// SPDX-License-Identifier: GPL-2.0-or-later
#include "TestDisplay.h"

#include "PulseAudioServer.h"
#include "XvfbServer.h"

#include <QProcessEnvironment>

#include <cstdio>

namespace pinstage::test {

bool startTestDisplay(XvfbServer& xvfb, PulseAudioServer* pulse)
{
    QString error;
    if (!xvfb.start(&error)) {
        fprintf(stderr, "cannot start Xvfb: %s\n", qPrintable(error));
        return false;
    }
    if (pulse) {
        if (!pulse->start(&error)) {
            fprintf(stderr, "cannot start PulseAudio: %s\n", qPrintable(error));
            return false;
        }
        QProcessEnvironment env;
        pulse->addTo(env);
        for (const QString& name : env.keys())
            qputenv(name.toLocal8Bit().constData(), env.value(name).toLocal8Bit());
        qunsetenv("PULSE_SERVER");
    }
    qputenv("DISPLAY", xvfb.display().toLocal8Bit());
    qputenv("QT_QPA_PLATFORM", "xcb");
    // No session bus unless the test brings one: an address that does not exist, so libdbus fails
    // at once instead of autolaunching a bus (it forks dbus-launch from its connection thread and
    // waits: under ASan the forked child deadlocked in malloc and tst_golive hung; without ASan a
    // dbus-daemon is left behind). The keychain tests use their own stores.
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/pinstage-tests-have-no-session-bus");
    return true;
}

} // namespace pinstage::test
