// SPDX-License-Identifier: GPL-2.0-or-later
#include "overlay/CardLayout.h"
#include "overlay/CardMemory.h"
#include "overlay/CardPainter.h"
#include "overlay/CardTemplate.h"
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

    // A stock change ("N sold", units left) of a card painted before redraws only its stock rows over
    // that card, and the result is the very card a whole paint gives; a change that moves the rows or
    // greys the card (sold out) paints it whole.
    void stockChangeRedrawsOnlyTheRows_data()
    {
        QTest::addColumn<QString>("templateName");
        QTest::addColumn<QSize>("canvas");
        QTest::addColumn<bool>("extras"); // a promo code and a QR code
        for (const QString& name : CardTemplate::names()) {
            for (const QSize canvas : { QSize(1080, 1920), QSize(360, 640), QSize(1280, 720) }) {
                for (const bool extras : { false, true }) {
                    QTest::addRow(
                        "%s %dx%d%s", qPrintable(name), canvas.width(), canvas.height(), extras ? " promo+qr" : "")
                        << name << canvas << extras;
                }
            }
        }
    }

    void stockChangeRedrawsOnlyTheRows()
    {
        QFETCH(QString, templateName);
        QFETCH(QSize, canvas);
        QFETCH(bool, extras);
        const CardTemplate tmpl = *CardTemplate::byName(templateName);
        CardContent card = sampleCard();
        card.stock = 12;
        card.soldCount = 3;
        if (extras) {
            card.promoCode = QStringLiteral("LIVE10");
            card.productUrl = QStringLiteral("https://shop.example.com/products/speckled-stoneware-mug");
        }
        const auto fresh = [&](const CardContent& c) {
            CardPainter::clearCaches();
            return CardPainter::paint(c, canvas, tmpl, CardTheme());
        };
        // Qt draws a glyph the first time it meets it at a size slightly differently (edges differ by a
        // few levels) from later times, when it comes from Qt's glyph cache: every card of this test is
        // painted once first, so that the comparisons below see only what the card painter does.
        for (const int stock : { 12, 11, 10, 9, 3, 0 }) {
            for (const int sold : { 3, 4, 5, 13 }) {
                CardContent c = card;
                c.stock = stock;
                c.soldCount = sold;
                fresh(c);
            }
        }
        const QImage before = fresh(card);

        for (const auto& [stock, sold] : { std::pair { 11, 4 }, std::pair { 10, 5 }, std::pair { 9, 13 } }) {
            CardContent changed = card;
            changed.stock = stock;
            changed.soldCount = sold;
            CardPainter::clearCaches();
            CardPainter::paint(card, canvas, tmpl, CardTheme());
            const quint64 fast = CardPainter::stockRowRepaints();
            const QImage repainted = CardPainter::paint(changed, canvas, tmpl, CardTheme());
            QCOMPARE(CardPainter::stockRowRepaints(), fast + 1);
            QVERIFY(repainted != before);
            const QImage whole = fresh(changed);
            QCOMPARE(repainted.size(), whole.size());
            QVERIFY2(repainted == whole,
                qPrintable(QStringLiteral("%1 sold %2: the repaint differs from a whole paint").arg(stock).arg(sold)));
        }

        // "Only 3 left!" is bold: another font, the rows may move; sold out greys the card.
        for (const int stock : { 3, 0 }) {
            CardContent changed = card;
            changed.stock = stock;
            CardPainter::clearCaches();
            CardPainter::paint(card, canvas, tmpl, CardTheme());
            const QImage repainted = CardPainter::paint(changed, canvas, tmpl, CardTheme());
            QVERIFY(repainted == fresh(changed));
        }
        // From sold out back in stock: painted whole (the veil must go).
        CardContent soldOut = card;
        soldOut.stock = 0;
        CardPainter::clearCaches();
        CardPainter::paint(soldOut, canvas, tmpl, CardTheme());
        const quint64 fast = CardPainter::stockRowRepaints();
        const QImage back = CardPainter::paint(card, canvas, tmpl, CardTheme());
        QCOMPARE(CardPainter::stockRowRepaints(), fast);
        QVERIFY(back == before);
    }

    // Issue 9 finding: the lower third with a QR code dropped a long promo code. The pill is always
    // drawn, inside the card, clear of the QR code, on every template and canvas.
    void longPromoCodeIsNeverDropped_data()
    {
        QTest::addColumn<QString>("templateName");
        QTest::addColumn<QSize>("canvas");
        QTest::addColumn<QString>("code");
        for (const QString& name : CardTemplate::names()) {
            for (const QSize canvas :
                { QSize(1080, 1920), QSize(720, 1280), QSize(360, 640), QSize(1920, 1080), QSize(640, 360) }) {
                for (const QString& code :
                    { QStringLiteral("SAVE 10%\U0001F525"), QStringLiteral("LIVE10"), QString(24, QLatin1Char('W')) }) {
                    QTest::addRow(
                        "%s %dx%d %s", qPrintable(name), canvas.width(), canvas.height(), qPrintable(code.left(10)))
                        << name << canvas << code;
                }
            }
        }
    }

    void longPromoCodeIsNeverDropped()
    {
        QFETCH(QString, templateName);
        QFETCH(QSize, canvas);
        QFETCH(QString, code);
        const CardTemplate tmpl = *CardTemplate::byName(templateName);
        CardContent card = sampleCard(); // on sale, "Only 3 left!"
        card.soldCount = 27;
        card.promoCode = code;
        card.productUrl = QStringLiteral("https://shop.example.com/products/speckled-stoneware-mug");
        CardPainter::clearCaches();
        QRect qr;
        QRect promo;
        const QImage image = CardPainter::paint(card, canvas, tmpl, CardTheme(), {}, &qr, &promo);
        QVERIFY2(!promo.isEmpty(), "the promo code was left out");
        QVERIFY2(image.rect().contains(promo),
            qPrintable(QStringLiteral("the pill %1,%2 %3x%4 leaves the %5x%6 card")
                           .arg(promo.x())
                           .arg(promo.y())
                           .arg(promo.width())
                           .arg(promo.height())
                           .arg(image.width())
                           .arg(image.height())));
        QVERIFY(!qr.isEmpty());
        QVERIFY2(!promo.adjusted(1, 1, -1, -1).intersects(qr), "the pill covers the QR code");
        // The pill's dashed outline is in the accent colour.
        QVERIFY(countPixels(image.copy(promo), CardLayout::accentColor(), 40) > 4);
        // The same rect comes back from the cache.
        QRect again;
        CardPainter::paint(card, canvas, tmpl, CardTheme(), {}, nullptr, &again);
        QCOMPARE(again, promo);
    }

    // Card images come from warm, reused memory: an image that dies gives its memory to the next one.
    void cardMemoryIsReused()
    {
        CardPainter::clearCaches();
        const size_t usedBefore = CardMemory::usedBytes();
        const uchar* first = nullptr;
        {
            QImage image = CardMemory::image(QSize(799, 346));
            QCOMPARE(image.format(), QImage::Format_RGBA8888_Premultiplied);
            image.fill(Qt::red);
            first = image.constBits();
            QVERIFY(CardMemory::usedBytes() >= usedBefore + size_t(799) * 346 * 4);
            const QImage copy = CardMemory::copy(image);
            QVERIFY(copy.constBits() != first);
            QCOMPARE(copy, image);
        }
        QCOMPARE(CardMemory::usedBytes(), usedBefore);
        const QImage again = CardMemory::image(QSize(799, 346));
        QCOMPARE(again.constBits(), first);
        QVERIFY(CardMemory::touchedBytes() >= size_t(799) * 346 * 4);
        QVERIFY(CardMemory::prefault(size_t(4) << 20, size_t(1) << 20) || !CardMemory::prefault(size_t(4) << 20));
        while (!CardMemory::prefault(size_t(4) << 20, size_t(1) << 20)) { }
        QVERIFY(CardMemory::touchedBytes() >= size_t(4) << 20);
        QCOMPARE(again.constBits(), first); // prefault never touches memory in use
        QVERIFY(CardMemory::image(QSize()).isNull());
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
