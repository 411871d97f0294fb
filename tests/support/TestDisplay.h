// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

namespace pinstage::test {

/// How long a GUI test waits for a window to show or take the focus (QTest::qWaitForWindowExposed,
/// qWaitForWindowActive), in ms: Qt's default of 5 s was not always enough on a loaded 2-core CI
/// machine while other tests ran.
inline constexpr int kWindowWaitMs = 20000;

class PulseAudioServer;
class XvfbServer;

/// For a test's main(), before its Q(Gui)Application exists: starts XVFB (and PULSE when given),
/// then points this process at them: DISPLAY and QT_QPA_PLATFORM=xcb for Qt and libobs (EGL on
/// X11 needs a real X server), and the PulseAudio variables so libobs's audio sources connect to
/// the private sound server rather than to a session's.
///
/// Returns false after printing the reason to stderr (the test's main then exits with 1: a missing
/// service is a failure, never a skip). Both servers are stopped by their destructors: declare
/// them before the application object so that they outlive it.
bool startTestDisplay(XvfbServer& xvfb, PulseAudioServer* pulse = nullptr);

} // namespace pinstage::test
