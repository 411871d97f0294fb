// SPDX-License-Identifier: GPL-2.0-or-later
// Self-test of XvfbServer: a private display comes up, is reachable, and goes away with its owner.
#include "XvfbServer.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

#include <csignal>

using namespace pinstage::test;

class tst_XvfbServer : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void startsOnFreeDisplayAndStops();
    void twoServersGetDifferentDisplays();
};

void tst_XvfbServer::initTestCase()
{
    if (QStandardPaths::findExecutable(QStringLiteral("Xvfb")).isEmpty())
        QFAIL("Xvfb is not installed (Debian package xvfb; packaging/install-deps.sh installs it)");
    // PINSTAGE_TEST_USE_DISPLAY lets the other tests reuse a developer's display; this test is
    // about the private server itself, so it always starts its own.
    qunsetenv("PINSTAGE_TEST_USE_DISPLAY");
}

void tst_XvfbServer::startsOnFreeDisplayAndStops()
{
    qint64 pid = 0;
    QString display;
    {
        XvfbServer xvfb;
        QString error;
        QVERIFY2(xvfb.start(&error), qPrintable(error));
        QVERIFY(xvfb.isRunning());
        display = xvfb.display();
        QVERIFY2(QRegularExpression(QStringLiteral("^:\\d+$")).match(display).hasMatch(), qPrintable(display));
        pid = xvfb.pid();
        QVERIFY(pid > 0);
        QCOMPARE(xvfb.environment().value(QStringLiteral("DISPLAY")), display);
        // The server listens on its Unix socket (the filesystem one, unless another namespace
        // hides /tmp/.X11-unix from us).
        const QString socket = QStringLiteral("/tmp/.X11-unix/X") + display.mid(1);
        if (QFileInfo(QStringLiteral("/tmp/.X11-unix")).isDir())
            QVERIFY2(QFileInfo::exists(socket), qPrintable(socket));
    }
    // Gone with its owner: the pid no longer names a live process of ours.
    QTRY_VERIFY_WITH_TIMEOUT(::kill(static_cast<pid_t>(pid), 0) != 0, 5000);
}

void tst_XvfbServer::twoServersGetDifferentDisplays()
{
    XvfbServer a;
    XvfbServer b;
    QString error;
    QVERIFY2(a.start(&error), qPrintable(error));
    QVERIFY2(b.start(&error), qPrintable(error));
    QVERIFY(a.display() != b.display());
}

QTEST_GUILESS_MAIN(tst_XvfbServer)
#include "tst_xvfbserver.moc"
