// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>
#include <QTemporaryDir>

namespace pinstage::test {

/// A temporary folder for one test function that is removed when the test passed and kept
/// (its path logged) when it failed, so the evidence survives for diagnosis; with the environment
/// variable PINSTAGE_KEEP_TEST_DIRS set, kept whatever the result (to look at a passing run's files).
///
/// Create it inside the test function (or a fixture living no longer than it): the decision is
/// taken in the destructor from QTest::currentTestFailed(). keep() forces keeping it.
/// Not thread-safe; use from the test thread.
class TestTempDir {
public:
    /// Creates <system temp>/pinstage-<prefix>-XXXXXX.
    explicit TestTempDir(const QString& prefix = QStringLiteral("test"));
    ~TestTempDir();

    TestTempDir(const TestTempDir&) = delete;
    TestTempDir& operator=(const TestTempDir&) = delete;

    bool isValid() const;
    QString path() const;
    /// path() + '/' + relative.
    QString filePath(const QString& relative) const;
    /// Creates (recursively) and returns filePath(relative); an empty string on failure.
    QString mkpath(const QString& relative) const;
    /// Keep the folder whatever the test result.
    void keep();

private:
    QTemporaryDir m_dir;
    bool m_keep = false;
};

} // namespace pinstage::test
