// SPDX-License-Identifier: GPL-2.0-or-later
// The card templates' geometry (inside the safe area on any canvas, the countdown's place, the default
// template where the existing tests look), the title's wrapping and alignment, the discount rule, the
// brand theme (JSON and the settings file) and the QR code.
#include "overlay/AnnouncementPainter.h"
#include "overlay/CardLayout.h"
#include "overlay/CardPainter.h"
#include "overlay/CardTemplate.h"
#include "overlay/QrCode.h"
#include "settings/Settings.h"

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <vector>

using namespace pinstage;

namespace {

CardContent saleCard()
{
    CardContent card;
    card.title = QStringLiteral("Speckled Stoneware Mug");
    card.variantLabel = QStringLiteral("Sand / 350 ml");
    card.price = QStringLiteral("$19.00");
    card.compareAtPrice = QStringLiteral("$26.00");
    card.priceMinor = 1900;
    card.compareAtMinor = 2600;
    card.stock = 3;
    card.promoCode = QStringLiteral("LIVE10");
    card.productUrl = QStringLiteral("https://shop.example.com/products/mug");
    QImage photo(400, 400, QImage::Format_RGB32);
    photo.fill(QColor(20, 120, 220));
    card.photo = photo;
    return card;
}

// The columns of IMAGE (within ROWS) that hold dark ink (text), as [first, last]; {-1,-1} when none.
std::pair<int, int> inkColumns(const QImage& image, const QRect& area)
{
    int first = -1, last = -1;
    for (int x = area.left(); x <= area.right(); ++x) {
        for (int y = area.top(); y <= area.bottom(); ++y) {
            const QColor c = image.pixelColor(x, y);
            if (c.alpha() > 200 && c.lightness() < 90) {
                if (first < 0)
                    first = x;
                last = x;
                break;
            }
        }
    }
    return { first, last };
}

} // namespace

class tst_CardTemplate : public QObject {
    Q_OBJECT

private slots:
    void namesAndLookup()
    {
        QCOMPARE(CardTemplate::names(),
            QStringList({ QStringLiteral("corner"), QStringLiteral("lower-third"), QStringLiteral("spotlight") }));
        for (const QString& name : CardTemplate::names())
            QCOMPARE(CardTemplate::byName(name)->name(), name);
        QCOMPARE(CardTemplate::byName(QStringLiteral(" Lower-Third "))->kind(), CardTemplate::Kind::LowerThird);
        QVERIFY(!CardTemplate::byName(QStringLiteral("banner")));
        QVERIFY(!CardTemplate::byName(QString()));
        QCOMPARE(CardTemplate::defaultTemplate().name(), QStringLiteral("corner"));
    }

    // The default template keeps the card where DefaultCollection puts its source and where the
    // stream tests look for the accent bar.
    void defaultTemplateIsTheLegacyCard()
    {
        const QSize canvas(1080, 1920);
        QCOMPARE(CardLayout::cardRect(canvas), QRect(43, 922, 799, 346));
        QCOMPARE(CardLayout::accentBarRect(canvas), QRect(43, 922, 40, 346));
        QCOMPARE(CardPainter::paint(saleCard(), canvas).size(), QSize(799, 346));
    }

    void staysInsideTheSafeArea_data()
    {
        QTest::addColumn<QSize>("canvas");
        QTest::addColumn<QRect>("safeArea");
        for (const QSize canvas : { QSize(1080, 1920), QSize(360, 640), QSize(720, 1280), QSize(1920, 1080),
                 QSize(640, 360), QSize(1280, 720), QSize(1000, 1000), QSize(2160, 3840) }) {
            const int w = canvas.width(), h = canvas.height();
            const QString size = QStringLiteral("%1x%2").arg(w).arg(h);
            QTest::newRow(qPrintable(size + QStringLiteral(" whole"))) << canvas << QRect();
            // A TikTok-like vertical safe area: comments and buttons at the bottom and right.
            QTest::newRow(qPrintable(size + QStringLiteral(" tiktok")))
                << canvas << QRect(int(w * 0.05), int(h * 0.12), int(w * 0.78), int(h * 0.58));
            QTest::newRow(qPrintable(size + QStringLiteral(" title-safe")))
                << canvas << QRect(int(w * 0.1), int(h * 0.1), int(w * 0.8), int(h * 0.8));
        }
    }
    void staysInsideTheSafeArea()
    {
        QFETCH(QSize, canvas);
        QFETCH(QRect, safeArea);
        const QRect safe = safeArea.isEmpty() ? QRect(QPoint(0, 0), canvas) : safeArea;
        for (const QString& name : CardTemplate::names()) {
            for (const auto position :
                { CardTheme::Position::TemplateDefault, CardTheme::Position::TopLeft, CardTheme::Position::TopRight,
                    CardTheme::Position::BottomLeft, CardTheme::Position::BottomRight }) {
                CardTheme theme;
                theme.position = position;
                const CardTemplate tmpl = *CardTemplate::byName(name);
                const CardTemplateLayout layout = tmpl.layout(canvas, safeArea, theme);
                const QString what = QStringLiteral("%1 at %2: card %3,%4 %5x%6")
                                         .arg(name, CardTheme::positionName(position))
                                         .arg(layout.cardRect.x())
                                         .arg(layout.cardRect.y())
                                         .arg(layout.cardRect.width())
                                         .arg(layout.cardRect.height());
                QVERIFY2(safe.contains(layout.cardRect), qPrintable(what));
                const QRect inner(QPoint(0, 0), layout.cardRect.size());
                QVERIFY2(inner.contains(layout.photoRect), qPrintable(what));
                QVERIFY2(inner.contains(layout.accentBarRect), qPrintable(what));
                QVERIFY2(layout.photoRect.contains(layout.countdownRect), qPrintable(what));
                // Room for "mm:ss".
                QVERIFY2(layout.countdownRect.width() >= 2 * layout.countdownRect.height(), qPrintable(what));
                QVERIFY2(layout.cardRect.height() >= std::min(canvas.width(), canvas.height()) / 10, qPrintable(what));
                if (position == CardTheme::Position::TemplateDefault) {
                    const QImage image = CardPainter::paint(saleCard(), canvas, tmpl, theme, safeArea);
                    QCOMPARE(image.size(), layout.cardRect.size());
                }
            }
        }
    }

    void themePositionMovesTheCardToThatCorner()
    {
        const QSize canvas(1080, 1920);
        const QRect safe(60, 200, 900, 1200);
        CardTheme theme;
        theme.position = CardTheme::Position::TopRight;
        const QRect card = CardTemplate().layout(canvas, safe, theme).cardRect;
        // At the top: under the announcement bar, which crosses this safe area's top.
        const int top = std::max(safe.top(), AnnouncementPainter::barRect(canvas).bottom() + 1);
        QVERIFY(card.top() >= top);
        QVERIFY(card.top() - top < 100);
        QVERIFY(safe.right() - card.right() < 100);
        theme.position = CardTheme::Position::BottomLeft;
        const QRect low = CardTemplate().layout(canvas, safe, theme).cardRect;
        QVERIFY(low.left() - safe.left() < 100);
        QVERIFY(safe.bottom() - low.bottom() < 100);
    }

    // The announcement bar (at its default place, across the canvas near the top) never covers a card:
    // every template, orientation and position lays the card out below it, inside the safe area.
    void cardsClearTheAnnouncementBar()
    {
        for (const QSize canvas :
            { QSize(1080, 1920), QSize(720, 1280), QSize(360, 640), QSize(1920, 1080), QSize(1280, 720) }) {
            const QRect bar = AnnouncementPainter::barRect(canvas);
            const QRect whole(QPoint(0, 0), canvas);
            const QRect frame = whole.adjusted(canvas.width() / 20, canvas.height() / 20, -canvas.width() / 20,
                -canvas.height() / 20); // Custom's graphics-safe 5 %
            for (const QRect& safe : { QRect(), frame }) {
                for (const QString& name : CardTemplate::names()) {
                    for (const CardTheme::Position position : { CardTheme::Position::TemplateDefault,
                             CardTheme::Position::TopLeft, CardTheme::Position::TopRight,
                             CardTheme::Position::BottomLeft, CardTheme::Position::BottomRight }) {
                        CardTheme theme;
                        theme.position = position;
                        const QRect card = CardTemplate::byName(name)->layout(canvas, safe, theme).cardRect;
                        const QString what = QStringLiteral("%1 at %2x%3, %4, safe %5: card %6,%7 %8x%9")
                                                 .arg(name)
                                                 .arg(canvas.width())
                                                 .arg(canvas.height())
                                                 .arg(CardTheme::positionName(position))
                                                 .arg(safe.isEmpty() ? QStringLiteral("whole") : QStringLiteral("5 %"))
                                                 .arg(card.x())
                                                 .arg(card.y())
                                                 .arg(card.width())
                                                 .arg(card.height());
                        QVERIFY2(!card.intersects(bar), qPrintable(what));
                        QVERIFY2((safe.isEmpty() ? whole : safe).contains(card), qPrintable(what));
                    }
                }
            }
        }
    }

    void lowerThirdSitsLowAndSpotlightIsBig()
    {
        for (const QSize canvas : { QSize(1080, 1920), QSize(1920, 1080) }) {
            const QRect lower = CardTemplate::byName(QStringLiteral("lower-third"))->layout(canvas, {}).cardRect;
            QVERIFY(lower.top() > canvas.height() * 0.7);
            const QRect spot = CardTemplate::byName(QStringLiteral("spotlight"))->layout(canvas, {}).cardRect;
            const CardTemplateLayout corner = CardTemplate().layout(canvas, {});
            const CardTemplateLayout spotlight = CardTemplate::byName(QStringLiteral("spotlight"))->layout(canvas, {});
            QVERIFY(spot.width() * spot.height() > 3 * corner.cardRect.width() * corner.cardRect.height());
            QVERIFY(spotlight.photoRect.width() > 2 * corner.photoRect.width());
        }
    }

    void countdownAreaShowsOnlyThePhoto()
    {
        // Whatever the card says, the countdown's rect holds the photo (the flash patch goes over it).
        const QSize canvas(1080, 1920);
        for (const QString& name : CardTemplate::names()) {
            const CardTemplate tmpl = *CardTemplate::byName(name);
            const QRect rect = tmpl.layout(canvas, {}).countdownRect;
            const QImage image = CardPainter::paint(saleCard(), canvas, tmpl, CardTheme());
            for (int y = rect.top(); y <= rect.bottom(); y += 3)
                for (int x = rect.left(); x <= rect.right(); x += 3)
                    QCOMPARE(image.pixelColor(x, y).rgb(), QColor(20, 120, 220).rgb());
        }
    }

    void rightToLeftTitleIsRightAligned()
    {
        const QSize canvas(1080, 1920);
        const CardTemplate spotlight = *CardTemplate::byName(QStringLiteral("spotlight"));
        const CardTemplateLayout layout = spotlight.layout(canvas, {});
        CardContent card;
        card.price = QStringLiteral("$19.00");
        card.title = QStringLiteral("נר סויה"); // short: one line
        QVERIFY(card.titleIsRightToLeft());
        const QRect titleBand(0, layout.photoRect.bottom() + 20, layout.cardRect.width(), 60);
        const auto rtl = inkColumns(CardPainter::paint(card, canvas, spotlight, CardTheme()), titleBand);
        card.title = QStringLiteral("Soy candle");
        QVERIFY(!card.titleIsRightToLeft());
        const auto ltr = inkColumns(CardPainter::paint(card, canvas, spotlight, CardTheme()), titleBand);
        QVERIFY(rtl.first >= 0 && ltr.first >= 0);
        // Left-to-right starts at the photo's left edge; right-to-left ends at its right edge.
        QVERIFY2(std::abs(ltr.first - layout.photoRect.left()) < 12, qPrintable(QString::number(ltr.first)));
        QVERIFY2(std::abs(rtl.second - layout.photoRect.right()) < 12, qPrintable(QString::number(rtl.second)));
    }

    void longTitleStaysInTwoLines()
    {
        // However long, the title takes at most two lines: the card's price stays where it is.
        const QSize canvas(1080, 1920);
        CardContent shortTitle = saleCard();
        shortTitle.productUrl.clear();
        shortTitle.title = QStringLiteral("Mug Mug Mug Mug Mug Mug Mug Mug Mug Mug");
        CardContent longTitle = shortTitle;
        longTitle.title = QString(QStringLiteral("Mug ")).repeated(60) + QStringLiteral("END");
        for (const QString& name : CardTemplate::names()) {
            const CardTemplate tmpl = *CardTemplate::byName(name);
            const QImage a = CardPainter::paint(shortTitle, canvas, tmpl, CardTheme());
            const QImage b = CardPainter::paint(longTitle, canvas, tmpl, CardTheme());
            // The lower half differs nowhere: price, stock and promo rows are untouched.
            const int rows = a.height();
            int differing = 0;
            const int from = tmpl.kind() == CardTemplate::Kind::Spotlight ? rows * 7 / 8 : rows * 3 / 4;
            for (int y = from; y < rows; ++y)
                for (int x = 0; x < a.width(); ++x)
                    differing += a.pixel(x, y) != b.pixel(x, y);
            QVERIFY2(differing == 0, qPrintable(name + QStringLiteral(": ") + QString::number(differing)));
        }
    }

    void discountIsRoundedDown_data()
    {
        QTest::addColumn<qint64>("price");
        QTest::addColumn<qint64>("compareAt");
        QTest::addColumn<QString>("badge");
        QTest::newRow("20 % exactly") << qint64(2000) << qint64(2500) << QStringLiteral("\u221220 %");
        QTest::newRow("26.9 % is 26") << qint64(1900) << qint64(2600) << QStringLiteral("\u221226 %");
        QTest::newRow("16.7 % is 16") << qint64(2499) << qint64(3000) << QStringLiteral("\u221216 %");
        QTest::newRow("99.99 %") << qint64(1) << qint64(10000) << QStringLiteral("\u221299 %");
        QTest::newRow("under 1 %: no number") << qint64(9950) << qint64(10000) << QString();
        QTest::newRow("not lower: no number") << qint64(3000) << qint64(3000) << QString();
    }
    void discountIsRoundedDown()
    {
        QFETCH(qint64, price);
        QFETCH(qint64, compareAt);
        QFETCH(QString, badge);
        CardContent card;
        card.price = QStringLiteral("x");
        card.compareAtPrice = QStringLiteral("y");
        card.priceMinor = price;
        card.compareAtMinor = compareAt;
        QCOMPARE(card.discountText(), badge);
        card.compareAtPrice.clear(); // not on sale: no badge
        QCOMPARE(card.discountText(), QString());
    }

    void themeJsonRoundTrip()
    {
        CardTheme theme;
        theme.background = QColor(0x10, 0x10, 0x20, 230);
        theme.text = Qt::white;
        theme.accent = QColor(0x00, 0xC2, 0xA8);
        theme.sale = QColor(0xFF, 0xB0, 0x00);
        theme.fontFamily = QStringLiteral("DejaVu Sans");
        theme.logoPath = QStringLiteral("/tmp/logo.png");
        theme.cornerRadius = 32;
        theme.position = CardTheme::Position::BottomRight;
        const QByteArray json = QJsonDocument(theme.toJson()).toJson();
        QString error;
        const auto back = CardTheme::fromJson(QJsonDocument::fromJson(json).object(), &error);
        QVERIFY2(back, qPrintable(error));
        QVERIFY(*back == theme);
        // Absent fields keep the defaults.
        QVERIFY(*CardTheme::fromJson(QJsonObject(), &error) == CardTheme());
    }

    void themeJsonErrorsNameTheField_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("colour") << QByteArray("{\"accent\": \"#12\"}")
                                << QStringLiteral("card theme field 'accent': \"#12\" is not a colour");
        QTest::newRow("radius range") << QByteArray("{\"corner_radius\": -3}")
                                      << QStringLiteral(
                                             "card theme field 'corner_radius': -3 is not between 0 and 200");
        QTest::newRow("radius type") << QByteArray("{\"corner_radius\": true}")
                                     << QStringLiteral("card theme field 'corner_radius': expected a number");
        QTest::newRow("position") << QByteArray("{\"position\": \"middle\"}")
                                  << QStringLiteral("card theme field 'position': \"middle\" is not a card position");
        QTest::newRow("unknown") << QByteArray("{\"colour\": \"red\"}")
                                 << QStringLiteral("card theme field 'colour': not a card theme field");
    }
    void themeJsonErrorsNameTheField()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        QString why;
        QVERIFY(!CardTheme::fromJson(QJsonDocument::fromJson(json).object(), &why));
        QVERIFY2(why.startsWith(error), qPrintable(why));
    }

    void themeIsStoredWithTheSettings()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("pinstage.ini"));
        CardTheme theme;
        theme.accent = QColor(0x00, 0xC2, 0xA8);
        theme.cornerRadius = 8;
        theme.position = CardTheme::Position::TopLeft;
        {
            Settings settings(path);
            QVERIFY(settings.load());
            QVERIFY(settings.cardTheme() == CardTheme());
            QCOMPARE(settings.cardTemplateName(), QStringLiteral("corner"));
            settings.setCardTheme(theme);
            settings.setCardTemplateName(QStringLiteral("spotlight"));
            settings.setMoneyLocaleName(QStringLiteral("de_DE"));
            QVERIFY(settings.save());
        }
        Settings again(path);
        QVERIFY(again.load());
        QVERIFY(again.warnings().isEmpty());
        QVERIFY(again.cardTheme() == theme);
        QCOMPARE(again.cardTemplateName(), QStringLiteral("spotlight"));
        QCOMPARE(again.moneyLocaleName(), QStringLiteral("de_DE"));
    }

    void badSettingsValueKeepsTheDefaultAndNamesTheKey()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("pinstage.ini"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[general]\nversion=2\n\n[card]\naccent=#00c2a8\nbackground=not-a-colour\ncorner_radius=999\n"
                   "template=banner\n");
        file.close();
        Settings settings(path);
        QVERIFY(settings.load());
        const QStringList warnings = settings.warnings();
        QCOMPARE(warnings.size(), 3);
        QVERIFY2(warnings.at(0).contains(QStringLiteral("line 6, [card] background")), qPrintable(warnings.at(0)));
        QVERIFY2(
            warnings.at(0).contains(QStringLiteral("\"not-a-colour\" is not a colour")), qPrintable(warnings.at(0)));
        QVERIFY2(warnings.at(1).contains(QStringLiteral("line 7, [card] corner_radius")), qPrintable(warnings.at(1)));
        QVERIFY2(warnings.at(2).contains(QStringLiteral("line 8, [card] template")), qPrintable(warnings.at(2)));
        const CardTheme theme = settings.cardTheme();
        QCOMPARE(theme.accent, QColor(0x00, 0xC2, 0xA8)); // the good value is used
        QCOMPARE(theme.background, CardTheme().background); // the bad ones keep their defaults
        QCOMPARE(theme.cornerRadius, CardTheme().cornerRadius);
        QCOMPARE(settings.cardTemplateName(), QStringLiteral("corner"));
    }

    void qrCodeHasFinderPatterns()
    {
        const QImage code = QrCode::modules(QStringLiteral("https://shop.example.com/products/mug"));
        QVERIFY(!code.isNull());
        QCOMPARE((code.width() - 21) % 4, 0); // version N is 17 + 4N modules
        QCOMPARE(code.width(), code.height());
        // The three 7x7 finder patterns: dark ring, light ring, dark 3x3 centre.
        for (const QPoint corner : { QPoint(0, 0), QPoint(code.width() - 7, 0), QPoint(0, code.width() - 7) }) {
            QCOMPARE(qGray(code.pixel(corner + QPoint(0, 0))), 0);
            QCOMPARE(qGray(code.pixel(corner + QPoint(1, 1))), 255);
            QCOMPARE(qGray(code.pixel(corner + QPoint(3, 3))), 0);
            QCOMPARE(qGray(code.pixel(corner + QPoint(6, 6))), 0);
        }
        const QImage rendered = QrCode::render(QStringLiteral("https://shop.example.com/products/mug"), 200);
        QCOMPARE(rendered.size(), QSize(200, 200));
        QCOMPARE(qGray(rendered.pixel(0, 0)), 255); // quiet zone
        QVERIFY(QrCode::modules(QString()).isNull());
        QVERIFY(QrCode::modules(QString(5000, QLatin1Char('x'))).isNull()); // too long for a QR code
    }
};

QTEST_MAIN(tst_CardTemplate)
#include "tst_cardtemplate.moc"
