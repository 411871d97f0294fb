// SPDX-License-Identifier: GPL-2.0-or-later
// The small painters of issue 9: the flash-sale countdown patch and the announcement bar.
#include "overlay/AnnouncementPainter.h"
#include "overlay/CardLayout.h"
#include "overlay/CountdownPainter.h"
#include "overlay/ProductCardLayer.h"

#include <QTest>

using namespace pinstage;

class TestOnAirPainters : public QObject {
    Q_OBJECT

private slots:
    void countdownText()
    {
        QCOMPARE(CountdownPainter::text(0), QStringLiteral("00:00"));
        QCOMPARE(CountdownPainter::text(9), QStringLiteral("00:09"));
        QCOMPARE(CountdownPainter::text(75), QStringLiteral("01:15"));
        QCOMPARE(CountdownPainter::text(3605), QStringLiteral("60:05"));
        QCOMPARE(CountdownPainter::text(-3), QStringLiteral("00:00"));
    }

    void countdownFacesAreDeterministicAndDistinct()
    {
        for (const QSize canvas : { QSize(360, 640), QSize(1080, 1920), QSize(1920, 1080) }) {
            const QRect card = CardLayout::cardRect(canvas);
            const QRect rect = ProductCardLayer::countdownRectFor(canvas);
            QVERIFY2(QRect(QPoint(0, 0), card.size()).contains(rect), "the countdown stays on the card");
            const QImage four = CountdownPainter::paint({ 4, false }, rect.size());
            QCOMPARE(four.size(), rect.size());
            QCOMPARE(four, CountdownPainter::paint({ 4, false }, rect.size())); // same face, same pixels
            QVERIFY(four != CountdownPainter::paint({ 3, false }, rect.size()));
            QVERIFY(four != CountdownPainter::paint({ 0, true }, rect.size()));
            // The pill is opaque in its middle (the card never shows through the digits).
            QCOMPARE(four.pixelColor(rect.width() / 2, 1).alpha(), 255);
        }
    }

    void announcementBar()
    {
        const QSize canvas(360, 640);
        const QRect bar = AnnouncementPainter::barRect(canvas);
        QCOMPARE(bar.width(), canvas.width());
        QVERIFY(bar.height() >= 12);
        QVERIFY(AnnouncementPainter::fits(QStringLiteral("Free shipping"), canvas));
        const QString longLine = QStringLiteral("Use code LIVE10 for 10 % off everything in the shop until midnight");
        QVERIFY(!AnnouncementPainter::fits(longLine, canvas));
        QCOMPARE(AnnouncementPainter::paintStatic(QStringLiteral("Free shipping"), canvas).size(), bar.size());
        const QImage tile = AnnouncementPainter::paintTile(longLine, canvas);
        QCOMPARE(tile.height(), bar.height());
        QVERIFY2(tile.width() > bar.width(), "a long line makes a tile wider than the bar");
        QCOMPARE(AnnouncementPainter::paintTile(QStringLiteral("Hi"), canvas).width(), bar.width());
    }
};

QTEST_MAIN(TestOnAirPainters)
#include "tst_onairpainters.moc"
