// SPDX-License-Identifier: GPL-2.0-or-later
#include "HeadlessTestCase.h"

#include "HeadlessProcess.h"
#include "TestTempDir.h"
#include "XvfbServer.h"

#include <QFileInfo>
#include <QTest>

namespace pinstage::test {

HeadlessTestCase::HeadlessTestCase(QString binary, QObject* parent)
    : QObject(parent)
    , m_binary(std::move(binary))
{
}

HeadlessTestCase::~HeadlessTestCase() = default;

QProcessEnvironment HeadlessTestCase::environment(const TestTempDir& dir) const
{
    QProcessEnvironment env = confinedEnvironment(*m_xvfb, dir);
    env.remove(QStringLiteral("PINSTAGE_STREAM_KEY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    return env;
}

void HeadlessTestCase::initTestCase()
{
    QVERIFY2(QFileInfo(m_binary).isExecutable(), qPrintable(QStringLiteral("pinstage was not built: ") + m_binary));
    m_xvfb = std::make_unique<XvfbServer>();
    QString error;
    QVERIFY2(m_xvfb->start(&error), qPrintable(error));
    qInfo().noquote() << "X display" << m_xvfb->display();
}

void HeadlessTestCase::cleanupTestCase()
{
    m_xvfb.reset();
}

} // namespace pinstage::test
