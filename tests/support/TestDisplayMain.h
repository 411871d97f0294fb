// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "PulseAudioServer.h"
#include "TestDisplay.h"
#include "XvfbServer.h"

#include <QString>
#include <QTest>

#include <functional>
#include <optional>

namespace pinstage::test {

/// The main() of a test that needs a real X server (libobs's EGL on X11): starts a private Xvfb of
/// SCREEN ("WxHxDEPTH") and, with SOUND, a private PulseAudio server (startTestDisplay), then runs
/// the QtTest class TEST in an application of type APP (QApplication or QGuiApplication: the
/// including file brings its header) with QTest::qExec, after PREPARE (if any) ran on the
/// application (a theme). The servers outlive the application. SOURCEFILE is the test's __FILE__
/// (for QFINDTESTDATA, as QTEST_SET_MAIN_SOURCE_PATH sets it).
///
/// Returns the test's exit code, or 1 when a server did not start (startTestDisplay said why on
/// stderr: a missing service is a failure, never a skip). Thread: main(), before any Qt object.
template <class Test, class App>
int execWithTestDisplay(int argc, char** argv, const QString& screen, bool sound, const char* sourceFile,
    const std::function<void(App&)>& prepare = {})
{
    XvfbServer xvfb(screen);
    std::optional<PulseAudioServer> pulse;
    if (sound)
        pulse.emplace();
    if (!startTestDisplay(xvfb, pulse ? &*pulse : nullptr))
        return 1;
    int result = 0;
    {
        App app(argc, argv);
        if (prepare)
            prepare(app);
#ifdef QT_TESTCASE_BUILDDIR
        QTest::setMainSourcePath(sourceFile, QT_TESTCASE_BUILDDIR);
#else
        QTest::setMainSourcePath(sourceFile);
#endif
        Test test;
        result = QTest::qExec(&test, argc, argv);
    }
    return result;
}

} // namespace pinstage::test
