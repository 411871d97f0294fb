// SPDX-License-Identifier: GPL-2.0-or-later
// Golden images of the product card: every template at 9:16 (360x640) and 16:9 (640x360) for a set of
// products that stress the layout (long title, sale, sold out, back-order, right-to-left, CJK, emoji,
// no photo), compared with the reference PNGs in tests/data/golden under a small tolerance, so a change
// in the card's look is a visible diff.
//
// Regenerate the references after an intended change (then look at them and commit them):
//   PINSTAGE_UPDATE_GOLDEN=1 ctest --test-dir build -R tst_cardgolden
// On a mismatch the test writes NAME-actual.png, NAME-expected.png and NAME-diff.png (differing pixels
// in red over a faded copy) into <temp>/pinstage-cardgolden/ and names them in the failure.
//
// The README's template screenshots (each template at 540x960 over a stand-in camera picture):
//   PINSTAGE_CARD_SCREENSHOTS=docs ctest --test-dir build -R tst_cardgolden
#include "catalog/Money.h"
#include "overlay/CardPainter.h"
#include "overlay/CardTemplate.h"

#include <QDir>
#include <QImageReader>
#include <QLinearGradient>
#include <QPainter>
#include <QStandardPaths>
#include <QTest>

using namespace pinstage;

namespace {

QString sourceDir()
{
    return qEnvironmentVariable("PINSTAGE_SOURCE_DIR", QStringLiteral(PINSTAGE_SOURCE_DIR_FALLBACK));
}

QImage demoPhoto(const QString& name)
{
    QImageReader reader(QDir(sourceDir()).filePath(QStringLiteral("resources/demo/images/") + name));
    const QImage image = reader.read();
    if (image.isNull())
        qFatal("demo photo %s: %s", qPrintable(name), qPrintable(reader.errorString()));
    return image;
}

struct Product {
    const char* name;
    CardContent card;
};

QList<Product> products()
{
    QList<Product> list;
    {
        CardContent c;
        c.title
            = QStringLiteral("Hand-poured Lavender & Cedar Soy Candle in a Reusable Amber Glass Jar with a Wooden Lid");
        c.variantLabel = QStringLiteral("Large / Amber");
        c.priceMinor = 2200;
        c.price = formatMoney(2200, QStringLiteral("USD"), QStringLiteral("en_US"));
        c.stock = 40;
        c.promoCode = QStringLiteral("LIVE10");
        c.photo = demoPhoto(QStringLiteral("lavender-candle.png"));
        list.append({ "long-title", c });
    }
    {
        CardContent c;
        c.title = QStringLiteral("Speckled Stoneware Mug");
        c.variantLabel = QStringLiteral("Sand / 350 ml");
        c.priceMinor = 1900;
        c.compareAtMinor = 2600;
        c.price = formatMoney(1900, QStringLiteral("USD"), QStringLiteral("en_US"));
        c.compareAtPrice = formatMoney(2600, QStringLiteral("USD"), QStringLiteral("en_US"));
        c.stock = 3;
        c.soldCount = 12;
        c.productUrl = QStringLiteral("https://shop.example.com/products/speckled-stoneware-mug");
        c.photo = demoPhoto(QStringLiteral("speckled-mug.png"));
        list.append({ "sale", c });
    }
    {
        CardContent c;
        c.title = QStringLiteral("Gold Hoop Earrings");
        c.variantLabel = QStringLiteral("14k / Small");
        c.priceMinor = 4800;
        c.price = formatMoney(4800, QStringLiteral("USD"), QStringLiteral("en_US"));
        c.stock = 0;
        c.photo = demoPhoto(QStringLiteral("gold-hoops.png"));
        list.append({ "sold-out", c });
    }
    {
        CardContent c;
        c.title = QStringLiteral("Handgewebte Leinentasche");
        c.variantLabel = QStringLiteral("Natur / Groß");
        c.priceMinor = 129900;
        c.price = formatMoney(129900, QStringLiteral("EUR"), QStringLiteral("de_DE"));
        c.stock = -4;
        c.continueSelling = true;
        c.photo = demoPhoto(QStringLiteral("linen-tote.png"));
        list.append({ "back-order", c });
    }
    {
        CardContent c;
        c.title = QStringLiteral("נר סויה בעבודת יד בניחוח לבנדר וארז, בצנצנת זכוכית");
        c.variantLabel = QStringLiteral("גדול");
        c.priceMinor = 8900;
        c.compareAtMinor = 11900;
        c.price = formatMoney(8900, QStringLiteral("ILS"), QStringLiteral("he_IL"));
        c.compareAtPrice = formatMoney(11900, QStringLiteral("ILS"), QStringLiteral("he_IL"));
        c.rightToLeft = true;
        c.stock = 8;
        c.photo = demoPhoto(QStringLiteral("beeswax-tapers.png"));
        list.append({ "rtl", c });
    }
    {
        CardContent c;
        c.title = QStringLiteral("手作りの陶器マグカップ 電子レンジ・食洗機対応 350ml");
        c.variantLabel = QStringLiteral("白 / 大");
        c.priceMinor = 2500;
        c.price = formatMoney(2500, QStringLiteral("JPY"), QStringLiteral("ja_JP"));
        c.stock = 12;
        c.photo = demoPhoto(QStringLiteral("bud-vase.png"));
        list.append({ "cjk", c });
    }
    {
        CardContent c;
        c.title = QStringLiteral("🔥 Face Roller ✨ Rose Quartz, limited drop 💗");
        c.priceMinor = 2900;
        c.price = formatMoney(2900, QStringLiteral("USD"), QStringLiteral("en_US"));
        c.stock = 25;
        c.photo = demoPhoto(QStringLiteral("face-roller.png"));
        list.append({ "emoji", c });
    }
    {
        CardContent c;
        c.title = QStringLiteral("Whipped Shea Body Butter");
        c.variantLabel = QStringLiteral("Unscented / 200 ml");
        c.priceMinor = 2400;
        c.price = formatMoney(2400, QStringLiteral("USD"), QStringLiteral("en_US"));
        c.banner = QStringLiteral("Sale ended");
        c.stock = 9;
        list.append({ "no-photo", c });
    }
    return list;
}

QList<QSize> canvases()
{
    return { QSize(360, 640), QSize(640, 360) };
}

QString canvasName(QSize canvas)
{
    return canvas.height() > canvas.width() ? QStringLiteral("9x16") : QStringLiteral("16x9");
}

struct Comparison {
    int differing = 0;
    int maxDiff = 0;
    QImage diff;
};

// A pixel differs when any channel (alpha too) differs by more than kChannelTolerance.
constexpr int kChannelTolerance = 24;
// The images match when at most this fraction of pixels differ (font rasterisation noise).
constexpr double kPixelFraction = 0.001;

Comparison compare(const QImage& actualIn, const QImage& expectedIn)
{
    const QImage actual = actualIn.convertToFormat(QImage::Format_RGBA8888);
    const QImage expected = expectedIn.convertToFormat(QImage::Format_RGBA8888);
    Comparison result;
    result.diff = QImage(actual.size(), QImage::Format_RGBA8888);
    for (int y = 0; y < actual.height(); ++y) {
        const uchar* a = actual.constScanLine(y);
        const uchar* e = expected.constScanLine(y);
        uchar* d = result.diff.scanLine(y);
        for (int x = 0; x < actual.width(); ++x) {
            int worst = 0;
            for (int c = 0; c < 4; ++c)
                worst = std::max(worst, std::abs(int(a[4 * x + c]) - int(e[4 * x + c])));
            result.maxDiff = std::max(result.maxDiff, worst);
            if (worst > kChannelTolerance) {
                ++result.differing;
                d[4 * x] = 255, d[4 * x + 1] = 0, d[4 * x + 2] = 0, d[4 * x + 3] = 255;
            } else {
                const int grey = (e[4 * x] + e[4 * x + 1] + e[4 * x + 2]) / 3;
                d[4 * x] = d[4 * x + 1] = d[4 * x + 2] = uchar(200 + grey / 5);
                d[4 * x + 3] = 255;
            }
        }
    }
    return result;
}

} // namespace

class tst_CardGolden : public QObject {
    Q_OBJECT

private slots:
    void matchesReference_data();
    void matchesReference();
    void screenshots();
};

void tst_CardGolden::matchesReference_data()
{
    QTest::addColumn<QString>("templateName");
    QTest::addColumn<QSize>("canvas");
    QTest::addColumn<int>("product");
    const QList<Product> list = products();
    for (const QString& name : CardTemplate::names()) {
        for (const QSize canvas : canvases()) {
            for (int i = 0; i < list.size(); ++i) {
                const QString row
                    = QStringLiteral("%1-%2-%3").arg(name, canvasName(canvas), QLatin1String(list.at(i).name));
                QTest::newRow(qPrintable(row)) << name << canvas << i;
            }
        }
    }
}

void tst_CardGolden::matchesReference()
{
    QFETCH(QString, templateName);
    QFETCH(QSize, canvas);
    QFETCH(int, product);
    const std::optional<CardTemplate> tmpl = CardTemplate::byName(templateName);
    QVERIFY(tmpl);
    const QImage actual = CardPainter::paint(products().at(product).card, canvas, *tmpl, CardTheme());
    QCOMPARE(actual.size(), tmpl->layout(canvas, QRect()).cardRect.size());

    const QString name = QString::fromLatin1(QTest::currentDataTag());
    const QString reference = QDir(sourceDir()).filePath(QStringLiteral("tests/data/golden/%1.png").arg(name));
    if (qEnvironmentVariableIntValue("PINSTAGE_UPDATE_GOLDEN")) {
        QVERIFY(QDir().mkpath(QFileInfo(reference).absolutePath()));
        QVERIFY2(actual.save(reference), qPrintable(reference));
        qInfo("wrote %s", qPrintable(reference));
        return;
    }
    const QImage expected(reference);
    QVERIFY2(!expected.isNull(),
        qPrintable(
            QStringLiteral("%1: no reference image; run with PINSTAGE_UPDATE_GOLDEN=1 to write it").arg(reference)));
    QVERIFY2(expected.size() == actual.size(),
        qPrintable(QStringLiteral("%1 is %2x%3, the card is %4x%5 (the layout changed: regenerate with "
                                  "PINSTAGE_UPDATE_GOLDEN=1 if intended)")
                       .arg(reference)
                       .arg(expected.width())
                       .arg(expected.height())
                       .arg(actual.width())
                       .arg(actual.height())));
    const Comparison result = compare(actual, expected);
    const int allowed = std::max(4, int(actual.width() * actual.height() * kPixelFraction));
    if (result.differing > allowed) {
        const QString outDir = QDir(QStandardPaths::writableLocation(QStandardPaths::TempLocation))
                                   .filePath(QStringLiteral("pinstage-cardgolden"));
        QDir().mkpath(outDir);
        const QString actualPath = QDir(outDir).filePath(name + QStringLiteral("-actual.png"));
        const QString expectedPath = QDir(outDir).filePath(name + QStringLiteral("-expected.png"));
        const QString diffPath = QDir(outDir).filePath(name + QStringLiteral("-diff.png"));
        actual.save(actualPath);
        expected.save(expectedPath);
        result.diff.save(diffPath);
        QFAIL(qPrintable(QStringLiteral("%1: %2 pixels differ by more than %3 (at most %4 may; largest difference %5); "
                                        "actual %6, diff %7 (regenerate with PINSTAGE_UPDATE_GOLDEN=1 if intended)")
                             .arg(reference)
                             .arg(result.differing)
                             .arg(kChannelTolerance)
                             .arg(allowed)
                             .arg(result.maxDiff)
                             .arg(actualPath, diffPath)));
    }
}

// Not a check: with PINSTAGE_CARD_SCREENSHOTS=DIR, writes DIR/card-TEMPLATE.png, each template at 540x960
// over a stand-in camera picture, for the README.
void tst_CardGolden::screenshots()
{
    const QString dir = qEnvironmentVariable("PINSTAGE_CARD_SCREENSHOTS");
    if (dir.isEmpty())
        return; // nothing asked for; the golden rows above are the checks
    const QSize canvas(540, 960);
    QList<Product> list = products();
    CardContent card = list.at(1).card; // the sale: photo, discount, stock, sold count, QR
    card.promoCode = QStringLiteral("LIVE10");
    const QImage camera = demoPhoto(QStringLiteral("lavender-candle.png"))
                              .scaled(canvas, Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation);
    for (const QString& name : CardTemplate::names()) {
        const CardTemplate tmpl = *CardTemplate::byName(name);
        QImage frame(canvas, QImage::Format_RGB32);
        QPainter p(&frame);
        p.drawImage(QPoint((canvas.width() - camera.width()) / 2, (canvas.height() - camera.height()) / 2), camera);
        QLinearGradient shade(0, 0, 0, canvas.height());
        shade.setColorAt(0, QColor(0, 0, 0, 60));
        shade.setColorAt(1, QColor(0, 0, 0, 140));
        p.fillRect(frame.rect(), shade);
        const QRect cardRect = tmpl.layout(canvas, QRect()).cardRect;
        p.drawImage(cardRect.topLeft(), CardPainter::paint(card, canvas, tmpl, CardTheme()));
        p.end();
        const QString path = QDir(dir).absoluteFilePath(QStringLiteral("card-%1.png").arg(name));
        QVERIFY2(frame.save(path), qPrintable(path));
        qInfo("wrote %s", qPrintable(path));
    }
}

QTEST_MAIN(tst_CardGolden)
#include "tst_cardgolden.moc"
