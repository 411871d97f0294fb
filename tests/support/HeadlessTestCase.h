// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QObject>
#include <QProcessEnvironment>
#include <QString>

#include <memory>

namespace pinstage::test {

class TestTempDir;
class XvfbServer;

/// The base of the tests that run the real `pinstage` binary headless: initTestCase() checks that
/// the binary was built and starts a private Xvfb (libobs renders through Mesa on it);
/// cleanupTestCase() stops it. A test class derives from it, passes PINSTAGE_BINARY, and does not
/// declare initTestCase()/cleanupTestCase() itself.
///
/// Thread: the test's (main) thread. Errors: the slots fail the test, naming what is missing.
class HeadlessTestCase : public QObject {
    Q_OBJECT
public:
    /// BINARY: the path of the built `pinstage` (the tests' PINSTAGE_BINARY definition).
    explicit HeadlessTestCase(QString binary, QObject* parent = nullptr);
    ~HeadlessTestCase() override;

protected:
    QString binary() const { return m_binary; }
    const XvfbServer& xvfb() const { return *m_xvfb; }
    /// The environment for one run: confinedEnvironment() on this display and DIR, without
    /// PINSTAGE_STREAM_KEY (a key must come from the flags under test) and without QT_QPA_PLATFORM
    /// (the binary chooses xcb for libobs itself).
    QProcessEnvironment environment(const TestTempDir& dir) const;

private slots:
    void initTestCase();
    void cleanupTestCase();

private:
    QString m_binary;
    std::unique_ptr<XvfbServer> m_xvfb;
};

} // namespace pinstage::test
