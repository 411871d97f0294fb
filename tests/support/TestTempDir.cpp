// SPDX-License-Identifier: GPL-2.0-or-later
#include "TestTempDir.h"

#include <QDebug>
#include <QDir>
#include <QTest>

namespace pinstage::test {

TestTempDir::TestTempDir(const QString& prefix)
    : m_dir(QDir::tempPath() + QStringLiteral("/pinstage-") + prefix + QStringLiteral("-XXXXXX"))
{
}

TestTempDir::~TestTempDir()
{
    const bool keepIt = m_keep || QTest::currentTestFailed() || qEnvironmentVariableIsSet("PINSTAGE_KEEP_TEST_DIRS");
    m_dir.setAutoRemove(!keepIt);
    if (keepIt && m_dir.isValid())
        qInfo().noquote() << "Keeping test folder for diagnosis:" << m_dir.path();
}

bool TestTempDir::isValid() const
{
    return m_dir.isValid();
}

QString TestTempDir::path() const
{
    return m_dir.path();
}

QString TestTempDir::filePath(const QString& relative) const
{
    return m_dir.filePath(relative);
}

QString TestTempDir::mkpath(const QString& relative) const
{
    const QString p = filePath(relative);
    return QDir().mkpath(p) ? p : QString();
}

void TestTempDir::keep()
{
    m_keep = true;
}

} // namespace pinstage::test
