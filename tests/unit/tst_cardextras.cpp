// SPDX-License-Identifier: GPL-2.0-or-later
// Issue 9: the promo code and the shop URL (the card's QR code of the product page) reach the card
// from every place a seller sets them — the settings file's [card] section, --promo-code / --shop-url,
// a show's settings JSON — each checked with an error naming the key or flag; the real card stage
// (CatalogCardStage on its worker thread, the demo catalog) puts them on the pinned card; and a
// card prepared before its pin (CardStage::prepare) is the same card, already painted.
#include "CommandLine.h"

#include "catalog/Catalog.h"
#include "overlay/CardExtras.h"
#include "overlay/CardPainter.h"
#include "overlay/ProductCardLayer.h"
#include "overlay/QrCode.h"
#include "settings/Settings.h"
#include "show/CatalogCardStage.h"
#include "show/PinController.h"

#include <QFile>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace pinstage;

namespace {

const QString Mug = QStringLiteral("PS-1001"); // the demo catalog's speckled-stoneware-mug
const QString MugUrl = QStringLiteral("https://shop.example.com/products/speckled-stoneware-mug");

// Whether IMAGE shows the QR code of TEXT at RECT: every module's centre is dark exactly where the
// code's own matrix (QrCode::modules) is, in the layout QrCode::render uses.
bool showsQrCode(const QImage& image, const QRect& rect, const QString& text, QString* why)
{
    const QImage modules = QrCode::modules(text);
    if (modules.isNull() || rect.isEmpty()) {
        *why = QStringLiteral("no code or no rect");
        return false;
    }
    const int n = modules.width();
    const int scale = std::max(1, rect.width() / (n + 4));
    const int offset = (rect.width() - n * scale) / 2;
    int wrong = 0;
    for (int y = 0; y < n; ++y) {
        for (int x = 0; x < n; ++x) {
            const QPoint at(rect.x() + offset + x * scale + scale / 2, rect.y() + offset + y * scale + scale / 2);
            const bool dark = qGray(image.pixel(at)) < 128;
            if (dark != (qGray(modules.pixel(x, y)) < 128))
                ++wrong;
        }
    }
    *why = QStringLiteral("%1 of %2 modules differ").arg(wrong).arg(n * n);
    return wrong == 0;
}

} // namespace

class tst_CardExtras : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void promoCodeIsChecked_data();
    void promoCodeIsChecked();
    void shopUrlIsChecked_data();
    void shopUrlIsChecked();
    void productUrlFromTheShopAndTheHandle();
    void showSettingsJsonNamesTheKey();
    void settingsFileKeepsThemAndNamesABadLine();
    void commandLineFlagsAreCheckedAndNamed();

    void pinnedCardCarriesThem();
    void extrasChangedWhileOnAirRepaintTheCard();
    void preparedCardIsTheCardPinned();
    void painterDrawsTheQrCodeOfTheUrl();
    void finishedCardsAreCachedWithTheSamePixels();

private:
    QTemporaryDir m_dir;
    QString m_catalogPath;
};

void tst_CardExtras::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    m_catalogPath = Catalog::pathInDataDir(m_dir.path());
    std::unique_ptr<Catalog> catalog = Catalog::open(m_catalogPath, &error);
    QVERIFY2(catalog, qPrintable(error));
    QVERIFY2(seedDemoCatalog(*catalog, m_dir.path(), &error), qPrintable(error));
    QVERIFY(catalog->variantByPinCode(Mug));
}

void tst_CardExtras::promoCodeIsChecked_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // empty with a non-empty error: refused
    QTest::addColumn<QString>("error");
    QTest::newRow("plain") << "LIVE10"
                           << "LIVE10"
                           << "";
    QTest::newRow("trimmed") << "  LIVE10 "
                             << "LIVE10"
                             << "";
    QTest::newRow("empty is none") << ""
                                   << ""
                                   << "";
    QTest::newRow("24 characters") << QString(24, QLatin1Char('A')) << QString(24, QLatin1Char('A')) << "";
    QTest::newRow("too long") << QString(25, QLatin1Char('A')) << ""
                              << "25 characters long; at most 24";
    QTest::newRow("line break") << "LIVE\n10"
                                << ""
                                << "line break";
}

void tst_CardExtras::promoCodeIsChecked()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QFETCH(QString, error);
    QString why;
    const std::optional<QString> code = CardExtras::checkPromoCode(text, &why);
    if (error.isEmpty()) {
        QVERIFY2(code, qPrintable(why));
        QCOMPARE(*code, expected);
    } else {
        QVERIFY(!code);
        QVERIFY2(why.contains(error), qPrintable(why));
    }
}

void tst_CardExtras::shopUrlIsChecked_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("error");
    QTest::newRow("https") << "https://shop.example.com"
                           << "https://shop.example.com"
                           << "";
    QTest::newRow("trailing slash") << "https://shop.example.com/ "
                                    << "https://shop.example.com"
                                    << "";
    QTest::newRow("http with a path") << "http://example.com/shop"
                                      << "http://example.com/shop"
                                      << "";
    QTest::newRow("empty is none") << ""
                                   << ""
                                   << "";
    QTest::newRow("ftp") << "ftp://shop.example.com"
                         << ""
                         << "not an http:// or https:// address";
    QTest::newRow("no scheme") << "shop.example.com"
                               << ""
                               << "not an http:// or https:// address";
    QTest::newRow("no host") << "https://"
                             << ""
                             << "\"https://\" has no host name";
    QTest::newRow("password") << "https://me:secret@shop.example.com"
                              << ""
                              << "user name or password";
    QTest::newRow("query") << "https://shop.example.com/?ref=live"
                           << ""
                           << "'?' or '#'";
    QTest::newRow("too long") << QStringLiteral("https://shop.example.com/") + QString(90, QLatin1Char('a')) << ""
                              << "at most 100";
}

void tst_CardExtras::shopUrlIsChecked()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QFETCH(QString, error);
    QString why;
    const std::optional<QString> url = CardExtras::checkShopUrl(text, &why);
    if (error.isEmpty()) {
        QVERIFY2(url, qPrintable(why));
        QCOMPARE(*url, expected);
    } else {
        QVERIFY(!url);
        QVERIFY2(why.contains(error), qPrintable(why));
    }
}

void tst_CardExtras::productUrlFromTheShopAndTheHandle()
{
    CardExtras extras;
    QCOMPARE(extras.productUrlFor(QStringLiteral("mug")), QString()); // no shop: no QR code
    extras.shopUrl = QStringLiteral("https://shop.example.com");
    QCOMPARE(extras.productUrlFor(QStringLiteral("speckled-stoneware-mug")), MugUrl);
    QCOMPARE(extras.productUrlFor(QStringLiteral("café mug")),
        QStringLiteral("https://shop.example.com/products/caf%C3%A9%20mug"));
    QCOMPARE(extras.productUrlFor(QString()), QString());
    // A product URL the catalog stores wins over the shop's pattern.
    QCOMPARE(extras.productUrlFor(QStringLiteral("mug"), QStringLiteral("https://other.example/p/1")),
        QStringLiteral("https://other.example/p/1"));
    extras.promoCode = QStringLiteral("LIVE10");
    CardContent card;
    extras.applyTo(card, QStringLiteral("speckled-stoneware-mug"));
    QCOMPARE(card.promoCode, QStringLiteral("LIVE10"));
    QCOMPARE(card.productUrl, MugUrl);
}

void tst_CardExtras::showSettingsJsonNamesTheKey()
{
    QString error;
    const auto extras
        = CardExtras::fromJson(QJsonObject { { "promo_code", "LIVE10" }, { "shop_url", "https://shop.example.com/" },
                                   { "template", "corner" } },
            &error);
    QVERIFY2(extras, qPrintable(error));
    QCOMPARE(extras->promoCode, QStringLiteral("LIVE10"));
    QCOMPARE(extras->shopUrl, QStringLiteral("https://shop.example.com"));
    QJsonObject written;
    extras->writeJson(written);
    QCOMPARE(CardExtras::fromJson(written, &error), extras);
    QVERIFY(CardExtras::fromJson({}, &error)->isEmpty());

    QVERIFY(!CardExtras::fromJson(QJsonObject { { "shop_url", "ftp://x" } }, &error));
    QVERIFY2(error.startsWith(QStringLiteral("show setting 'shop_url':")), qPrintable(error));
    QVERIFY(!CardExtras::fromJson(QJsonObject { { "promo_code", 10 } }, &error));
    QCOMPARE(error, QStringLiteral("show setting 'promo_code': expected a string"));
}

void tst_CardExtras::settingsFileKeepsThemAndNamesABadLine()
{
    const QString path = m_dir.filePath(QStringLiteral("extras.ini"));
    {
        Settings settings(path);
        QVERIFY(settings.load());
        QVERIFY(settings.cardExtras().isEmpty());
        settings.setCardExtras({ QStringLiteral("LIVE10"), QStringLiteral("https://shop.example.com") });
        QVERIFY(settings.save());
    }
    {
        Settings settings(path);
        QVERIFY(settings.load());
        QCOMPARE(settings.cardExtras(),
            (CardExtras { QStringLiteral("LIVE10"), QStringLiteral("https://shop.example.com") }));
        QVERIFY(settings.warnings().isEmpty());
        settings.setCardExtras({});
        QVERIFY(settings.save());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY2(!text.contains("promo_code") && !text.contains("shop_url"), text.constData());
    }
    // Hand-written bad values: each left out, reported with the file, line and key.
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("[general]\nversion=2\n\n[card]\npromo_code=LIVE10\nshop_url=ftp://shop.example.com\n");
    file.close();
    Settings settings(path);
    QVERIFY(settings.load());
    QCOMPARE(settings.cardExtras().promoCode, QStringLiteral("LIVE10"));
    QCOMPARE(settings.cardExtras().shopUrl, QString());
    const QString warnings = settings.warnings().join(QLatin1Char('\n'));
    QVERIFY2(warnings.contains(QStringLiteral("line 6, [card] shop_url")), qPrintable(warnings));
    QVERIFY2(warnings.contains(QStringLiteral("not an http:// or https:// address")), qPrintable(warnings));

    // Named but empty: reported with the line and key, and left out.
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("[general]\nversion=2\n\n[card]\npromo_code=  \nshop_url=\n");
    file.close();
    Settings blank(path);
    QVERIFY(blank.load());
    QVERIFY(blank.cardExtras().isEmpty());
    const QString blankWarnings = blank.warnings().join(QLatin1Char('\n'));
    QVERIFY2(blankWarnings.contains(QStringLiteral("line 5, [card] promo_code: the promo code is empty")),
        qPrintable(blankWarnings));
    QVERIFY2(blankWarnings.contains(QStringLiteral("line 6, [card] shop_url: the shop URL is empty")),
        qPrintable(blankWarnings));
}

void tst_CardExtras::commandLineFlagsAreCheckedAndNamed()
{
    const QStringList base { QStringLiteral("pinstage"), QStringLiteral("--headless"), QStringLiteral("--stream-url"),
        QStringLiteral("rtmp://127.0.0.1/live"), QStringLiteral("--stream-key"), QStringLiteral("k") };
    QString error;
    auto cl = CommandLine::parse(
        base + QStringList { "--promo-code", "LIVE10", "--shop-url=https://shop.example.com/" }, &error);
    QVERIFY2(cl, qPrintable(error));
    QCOMPARE(cl->promoCode, QStringLiteral("LIVE10"));
    QCOMPARE(cl->shopUrl, QStringLiteral("https://shop.example.com"));
    // The window takes them too (they are not headless cues).
    QVERIFY(CommandLine::parse({ "pinstage", "--shop-url", "https://shop.example.com" }, &error));

    for (const auto& [args, flag, says] : {
             std::tuple { QStringList { "--shop-url", "ftp://shop.example.com" }, QStringLiteral("--shop-url"),
                 QStringLiteral("not an http:// or https:// address") },
             std::tuple {
                 QStringList { "--shop-url", "https://" }, QStringLiteral("--shop-url"), QStringLiteral("no host") },
             std::tuple { QStringList { "--promo-code", QString(30, QLatin1Char('X')) }, QStringLiteral("--promo-code"),
                 QStringLiteral("at most 24") },
             std::tuple { QStringList { "--promo-code", "A", "--promo-code", "B" }, QStringLiteral("--promo-code"),
                 QStringLiteral("more than once") },
             // Named but empty: refused (leaving the flag out means none).
             std::tuple { QStringList { "--shop-url", "" }, QStringLiteral("--shop-url"),
                 QStringLiteral("the shop URL is empty") },
             std::tuple {
                 QStringList { "--shop-url=" }, QStringLiteral("--shop-url"), QStringLiteral("the shop URL is empty") },
             std::tuple { QStringList { "--promo-code", "   " }, QStringLiteral("--promo-code"),
                 QStringLiteral("the promo code is empty") },
             std::tuple { QStringList { "--promo-code", "" }, QStringLiteral("--promo-code"),
                 QStringLiteral("the promo code is empty") },
             // What was given is quoted, not the address with its trailing '/' dropped.
             std::tuple { QStringList { "--shop-url", "https://" }, QStringLiteral("--shop-url"),
                 QStringLiteral("\"https://\" has no host name") },
         }) {
        QVERIFY(!CommandLine::parse(base + args, &error));
        QVERIFY2(error.startsWith(flag), qPrintable(error));
        QVERIFY2(error.contains(says), qPrintable(error));
    }
    QVERIFY(CommandLine::usage().contains(QStringLiteral("--promo-code TEXT")));
    QVERIFY(CommandLine::usage().contains(QStringLiteral("--shop-url URL")));
}

void tst_CardExtras::pinnedCardCarriesThem()
{
    ProductCardLayer layer(QSize(360, 640));
    CatalogCardStage stage(m_catalogPath, layer);
    stage.setExtras({ QStringLiteral("LIVE10"), QStringLiteral("https://shop.example.com") });
    QSignalSpy staged(&stage, &CardStage::staged);
    stage.stage(1, Mug, QDateTime::currentDateTimeUtc());
    QVERIFY(staged.wait(10000));
    QVERIFY(layer.current());
    QCOMPARE(layer.current()->promoCode, QStringLiteral("LIVE10"));
    QCOMPARE(layer.current()->productUrl, MugUrl);
    // What PinController builds is kept: title, price.
    QCOMPARE(layer.current()->title, QStringLiteral("Speckled Stoneware Mug"));
    QCOMPARE(staged.at(0).at(2).toString(), layer.current()->price);

    // Without extras the card has neither.
    stage.setExtras({});
    stage.stage(2, Mug, QDateTime::currentDateTimeUtc());
    QVERIFY(staged.wait(10000));
    QVERIFY(layer.current()->promoCode.isEmpty());
    QVERIFY(layer.current()->productUrl.isEmpty());
}

void tst_CardExtras::extrasChangedWhileOnAirRepaintTheCard()
{
    ProductCardLayer layer(QSize(360, 640));
    CatalogCardStage stage(m_catalogPath, layer);
    QSignalSpy staged(&stage, &CardStage::staged);
    stage.stage(1, Mug, QDateTime::currentDateTimeUtc());
    QVERIFY(staged.wait(10000));
    QVERIFY(layer.current()->productUrl.isEmpty());
    // The worker runs requests in order: a staging after setExtras() sees the card repainted.
    stage.setExtras({ QStringLiteral("SAVE5"), QStringLiteral("https://shop.example.com") });
    stage.stage(2, QStringLiteral("PS-1002"), QDateTime::currentDateTimeUtc());
    QVERIFY(staged.wait(10000));
    QCOMPARE(layer.current()->promoCode, QStringLiteral("SAVE5"));
    QVERIFY2(layer.current()->productUrl.startsWith(QStringLiteral("https://shop.example.com/products/")),
        qPrintable(layer.current()->productUrl));
}

void tst_CardExtras::preparedCardIsTheCardPinned()
{
    const QSize canvas(1080, 1920);
    ProductCardLayer layer(canvas);
    CatalogCardStage stage(m_catalogPath, layer);
    const CardExtras extras { QStringLiteral("LIVE10"), QStringLiteral("https://shop.example.com") };
    stage.setExtras(extras);
    CardPainter::clearCaches();
    QSignalSpy staged(&stage, &CardStage::staged);
    QSignalSpy failed(&stage, &CardStage::failed);
    stage.prepare(QStringLiteral("NO-SUCH-CODE")); // ignored: nothing shown, nothing emitted
    stage.prepare(Mug);
    // The prepare ran on the worker before this staging (requests run in order); the staging then
    // paints a card already in the painter's cache.
    stage.stage(1, QStringLiteral("PS-1002"), QDateTime::currentDateTimeUtc());
    QVERIFY(staged.wait(10000));
    QCOMPARE(failed.count(), 0);
    std::unique_ptr<Catalog> catalog = Catalog::open(m_catalogPath, nullptr);
    CardContent mug = PinController::cardFor(*catalog->variantByPinCode(Mug), QDateTime::currentDateTimeUtc());
    extras.applyTo(mug, QStringLiteral("speckled-stoneware-mug"));
    // Painted already, with the extras: its pin is a lookup (bench_card_latency times it).
    QVERIFY(CardPainter::isCached(mug, canvas, layer.cardTemplate(), layer.theme(), layer.safeArea()));
    CardContent plain = mug;
    plain.promoCode.clear();
    QVERIFY(!CardPainter::isCached(plain, canvas, layer.cardTemplate(), layer.theme(), layer.safeArea()));
    const QImage image = CardPainter::paint(mug, canvas, layer.cardTemplate(), layer.theme(), layer.safeArea());
    // The very card a fresh paint gives.
    CardPainter::clearCaches();
    QCOMPARE(image, CardPainter::paint(mug, canvas, layer.cardTemplate(), layer.theme(), layer.safeArea()));
}

void tst_CardExtras::painterDrawsTheQrCodeOfTheUrl()
{
    std::unique_ptr<Catalog> catalog = Catalog::open(m_catalogPath, nullptr);
    const VariantRow mug = *catalog->variantByPinCode(Mug);
    CardContent card = PinController::cardFor(mug, QDateTime::currentDateTimeUtc());
    const QSize canvas(720, 1280);
    for (const QString& name : CardTemplate::names()) {
        const CardTemplate tmpl = *CardTemplate::byName(name);
        QRect qr;
        CardPainter::paint(card, canvas, tmpl, CardTheme(), {}, &qr);
        QVERIFY2(qr.isEmpty(), qPrintable(name)); // no URL: no code
        CardContent withUrl = card;
        CardExtras { QStringLiteral("LIVE10"), QStringLiteral("https://shop.example.com") }.applyTo(
            withUrl, mug.handle);
        const QImage image = CardPainter::paint(withUrl, canvas, tmpl, CardTheme(), {}, &qr);
        QVERIFY2(!qr.isEmpty() && QRect(QPoint(0, 0), image.size()).contains(qr), qPrintable(name));
        QString why;
        QVERIFY2(showsQrCode(image, qr, MugUrl, &why), qPrintable(name + QStringLiteral(": ") + why));
    }
}

void tst_CardExtras::finishedCardsAreCachedWithTheSamePixels()
{
    CardContent card;
    card.title = QStringLiteral("Speckled Stoneware Mug");
    card.price = QStringLiteral("$19.00");
    card.stock = 3;
    const QSize canvas(540, 960);
    CardPainter::clearCaches();
    const QImage first = CardPainter::paint(card, canvas);
    const QImage again = CardPainter::paint(card, canvas);
    QCOMPARE(again, first);
    // Any field of the content is part of the key: another stock is another card.
    CardContent other = card;
    other.stock = 2;
    QVERIFY(CardPainter::paint(other, canvas) != first);
    CardTheme theme;
    theme.accent = QColor(0x22, 0x88, 0xFF);
    QVERIFY(CardPainter::paint(card, canvas, CardTemplate::defaultTemplate(), theme) != first);
    CardPainter::clearCaches();
    QCOMPARE(CardPainter::paint(card, canvas), first);
}

QTEST_MAIN(tst_CardExtras)
#include "tst_cardextras.moc"
