// SPDX-License-Identifier: GPL-2.0-or-later
#include "overlay/CardLayout.h"
#include "overlay/CardPainter.h"
#include "overlay/TestPattern.h"

#include <QTest>

using namespace pinstage;

namespace {

CardContent sampleCard()
{
    CardContent card;
    card.title = QStringLiteral("Speckled Stoneware Mug");
    card.variantLabel = QStringLiteral("Sage / 12 oz");
    card.price = QStringLiteral("$19.00");
    card.compareAtPrice = QStringLiteral("$24.00");
    card.stock = 3;
    QImage photo(200, 200, QImage::Format_RGB32);
    photo.fill(QColor(20, 120, 220));
    card.photo = photo;
    return card;
}

int countPixels(const QImage& image, const QColor& colour, int tolerance)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - colour.red()) <= tolerance && std::abs(c.green() - colour.green()) <= tolerance
                && std::abs(c.blue() - colour.blue()) <= tolerance)
                ++n;
        }
    }
    return n;
}

} // namespace

class TestCardPainter : public QObject {
    Q_OBJECT

private slots:
    void cardHasTheLayoutSize_data()
    {
        QTest::addColumn<QSize>("canvas");
        QTest::newRow("1080x1920") << QSize(1080, 1920);
        QTest::newRow("720x1280") << QSize(720, 1280);
        QTest::newRow("360x640") << QSize(360, 640);
    }

    void cardHasTheLayoutSize()
    {
        QFETCH(QSize, canvas);
        const QImage card = CardPainter::paint(sampleCard(), canvas);
        QCOMPARE(card.size(), CardLayout::cardRect(canvas).size());
        QVERIFY(QRect(QPoint(0, 0), canvas).contains(CardLayout::cardRect(canvas)));
        // Above the bottom third, where platforms put comments and buttons.
        QVERIFY(CardLayout::cardRect(canvas).bottom() < canvas.height() * 2 / 3);
    }

    void accentBarIsSolid()
    {
        const QSize canvas(360, 640);
        const QImage card = CardPainter::paint(sampleCard(), canvas);
        const QRect bar = CardLayout::accentBarRect(canvas).translated(-CardLayout::cardRect(canvas).topLeft());
        for (int y = bar.top() + 2; y < bar.bottom() - 2; y += 7)
            QCOMPARE(card.pixelColor(bar.center().x(), y).rgb(), CardLayout::accentColor().rgb());
    }

    void photoIsDrawnAndPlaceholderWhenMissing()
    {
        const QSize canvas(720, 1280);
        CardContent card = sampleCard();
        const int photoBlue = countPixels(CardPainter::paint(card, canvas), QColor(20, 120, 220), 6);
        QVERIFY2(photoBlue > 1000, "the product photo must be on the card");
        card.photo = QImage();
        QCOMPARE(countPixels(CardPainter::paint(card, canvas), QColor(20, 120, 220), 6), 0);
    }

    void saleShowsInAccentColour()
    {
        const QSize canvas(720, 1280);
        CardContent card = sampleCard();
        const int withSale = countPixels(CardPainter::paint(card, canvas), CardLayout::accentColor(), 10);
        card.compareAtPrice.clear();
        const int withoutSale = countPixels(CardPainter::paint(card, canvas), CardLayout::accentColor(), 10);
        QVERIFY2(withSale > withoutSale + 200, "the SALE badge and the sale price are painted in the accent colour");
    }

    void outsideTheCardIsTransparent()
    {
        const QImage card = CardPainter::paint(sampleCard(), QSize(1080, 1920));
        QCOMPARE(card.pixelColor(card.width() - 1, 0).alpha(), 0); // the rounded corner
        QVERIFY(card.pixelColor(card.width() / 2, card.height() / 2).alpha() >= 240); // near-opaque body
    }

    void testPatternIsNotBlack()
    {
        const QImage pattern = TestPattern::paint(QSize(360, 640), QDateTime::currentDateTime());
        QCOMPARE(pattern.size(), QSize(360, 640));
        QVERIFY(countPixels(pattern, QColor(191, 191, 0), 2) > 1000); // the yellow bar
        // Where the card's accent bar sits, the pattern must not look like the accent (tests rely on it).
        const QRect bar = CardLayout::accentBarRect(QSize(360, 640));
        const QColor under = pattern.pixelColor(bar.center());
        QVERIFY(std::abs(under.red() - CardLayout::accentColor().red()) > 40
            || std::abs(under.green() - CardLayout::accentColor().green()) > 40
            || std::abs(under.blue() - CardLayout::accentColor().blue()) > 40);
    }
};

QTEST_MAIN(TestCardPainter)
#include "tst_cardpainter.moc"
