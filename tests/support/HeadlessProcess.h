// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace pinstage::test {

class TestTempDir;
class XvfbServer;

/// Helpers shared by the tests that run the real `pinstage` binary.

/// A stream key that cannot occur by accident, so finding it in any output proves a leak.
QString randomStreamKey();

/// The last line of TEXT that is not blank (the headless statistics line, the one-line error).
QByteArray lastNonEmptyLine(const QByteArray& text);

/// Every file under DIR whose bytes contain NEEDLE (logs, settings, caches: a secret must be in none).
QStringList filesContaining(const QString& dir, const QByteArray& needle);

/// An environment on XVFB's display with HOME and the XDG folders inside DIR, so that nothing the
/// binary (or libobs, Mesa, fontconfig) writes lands in a real profile.
QProcessEnvironment confinedEnvironment(const XvfbServer& xvfb, const TestTempDir& dir);

} // namespace pinstage::test
