// SPDX-License-Identifier: GPL-2.0-or-later
// Issue 9 through the real pipeline: the promo code and the QR code of the product page reach the
// viewers. A headless show streamed into a private nginx-rtmp,
//   pinstage --headless ... --canvas 720x1280 --card-template spotlight --pin PS-1001@1
//            --promo-code LIVE10 --shop-url https://shop.example.com/
// and, in the recording nginx made, decoded after the pin:
// - the QR code is in the picture where the painter put it, and every module of it (sampled at its
//   centre) is dark exactly where libqrencode's matrix of https://shop.example.com/products/HANDLE is:
//   the code a phone reads is the product page;
// - the card is the card painted with the promo code and the QR code (not the one without them).
// And a bad --shop-url or --promo-code exits 2, naming the flag, before anything starts.
#include "HeadlessProcess.h"
#include "HeadlessTestCase.h"
#include "MediaProbe.h"
#include "NginxRtmpServer.h"
#include "TestTempDir.h"
#include "XvfbServer.h"

#include "catalog/Catalog.h"
#include "overlay/CardExtras.h"
#include "overlay/CardPainter.h"
#include "overlay/CardTemplate.h"
#include "overlay/QrCode.h"
#include "show/PinController.h"

#include <QGuiApplication>
#include <QPainter>
#include <QProcess>
#include <QTest>

#include <memory>

#ifndef PINSTAGE_BINARY
#error "PINSTAGE_BINARY must name the pinstage executable (see tests/integration/CMakeLists.txt)"
#endif

using namespace pinstage;
using namespace pinstage::test;

namespace {

const QSize kCanvas(720, 1280);
const QString kShopUrl = QStringLiteral("https://shop.example.com/");
const QString kPromo = QStringLiteral("LIVE10");

/// How many of the QR code's modules FRAME shows wrong at RECT (QrCode::render's layout: whole-pixel
/// modules centred in a white square), and how many there are.
std::pair<int, int> wrongModules(const QImage& frame, const QRect& rect, const QString& text)
{
    const QImage modules = QrCode::modules(text);
    const int n = modules.width();
    const int scale = std::max(1, rect.width() / (n + 4));
    const int offset = (rect.width() - n * scale) / 2;
    int wrong = 0;
    for (int y = 0; y < n; ++y) {
        for (int x = 0; x < n; ++x) {
            const QPoint at(rect.x() + offset + x * scale + scale / 2, rect.y() + offset + y * scale + scale / 2);
            if ((qGray(frame.pixel(at)) < 128) != (qGray(modules.pixel(x, y)) < 128))
                ++wrong;
        }
    }
    return { wrong, n * n };
}

} // namespace

class tst_CardExtrasStream : public HeadlessTestCase {
    Q_OBJECT
public:
    tst_CardExtrasStream()
        : HeadlessTestCase(QStringLiteral(PINSTAGE_BINARY))
    {
    }

private slots:
    void qrCodeAndPromoCodeOnAir();
    void badFlagsExitTwoNamingTheFlag_data();
    void badFlagsExitTwoNamingTheFlag();

private:
};

void tst_CardExtrasStream::qrCodeAndPromoCodeOnAir()
{
    TestTempDir dir(QStringLiteral("cardextras"));
    QVERIFY(dir.isValid());
    NginxRtmpServer server;
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    const QString key = randomStreamKey();
    const QString dataDir = dir.mkpath(QStringLiteral("data"));
    QProcess process;
    QProcessEnvironment env = environment(dir);
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(dir.path());
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(QStringLiteral(PINSTAGE_BINARY),
        headlessShowArgs(server.url(), key, 4, dataDir,
            { QStringLiteral("--camera"), QStringLiteral("none"), QStringLiteral("--mic"), QStringLiteral("none"),
                QStringLiteral("--card-template"), QStringLiteral("spotlight"), QStringLiteral("--pin"),
                QStringLiteral("PS-1001@1"), QStringLiteral("--promo-code"), kPromo, QStringLiteral("--shop-url"),
                kShopUrl },
            QSize(720, 1280)));
    QVERIFY2(process.waitForFinished(90000), "pinstage did not finish within 90 s");
    const QByteArray out = process.readAllStandardOutput();
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
        qPrintable(QStringLiteral("--- stdout ---\n%1\n--- stderr ---\n%2")
                       .arg(QString::fromUtf8(out.right(3000)), QString::fromUtf8(err.right(3000)))));
    const QString recording = server.recordingPath(key);
    QVERIFY2(NginxRtmpServer::waitForRecordingClosed(recording, 20000, &error),
        qPrintable(error + QStringLiteral("\n--- nginx ---\n") + server.errorLog()));
    server.stop();

    // The card the viewers should see, painted by the same painter: the catalog's mug with the extras.
    std::unique_ptr<Catalog> catalog = Catalog::open(Catalog::pathInDataDir(dataDir), &error);
    QVERIFY2(catalog, qPrintable(error));
    const std::optional<VariantRow> mug = catalog->variantByPinCode(QStringLiteral("PS-1001"));
    QVERIFY(mug);
    CardExtras extras;
    extras.promoCode = kPromo;
    extras.shopUrl = *CardExtras::checkShopUrl(kShopUrl, &error);
    const QString url = extras.productUrlFor(mug->handle);
    QCOMPARE(url, QStringLiteral("https://shop.example.com/products/speckled-stoneware-mug"));
    const CardContent plain = PinController::cardFor(*mug, QDateTime::currentDateTime());
    CardContent withExtras = plain;
    extras.applyTo(withExtras, mug->handle);
    const CardTemplate spotlight = *CardTemplate::byName(QStringLiteral("spotlight"));
    const CardTemplateLayout layout = spotlight.layout(kCanvas, QRect());
    QRect qr;
    const QImage expected = CardPainter::paint(withExtras, kCanvas, spotlight, CardTheme(), {}, &qr);
    const QImage without = CardPainter::paint(plain, kCanvas, spotlight, CardTheme());
    QVERIFY(!qr.isEmpty());
    const QRect qrOnCanvas = qr.translated(layout.cardRect.topLeft());
    // Whole-pixel modules of at least 3 pixels: what survives the encoder and a phone's camera.
    const int modules = QrCode::modules(url).width();
    QVERIFY2(qr.width() / (modules + 4) >= 3,
        qPrintable(QStringLiteral("%1 px for %2 modules").arg(qr.width()).arg(modules)));

    const QImage frame = MediaProbe::frameAt(recording, 3.0, &error);
    QVERIFY2(!frame.isNull(), qPrintable(error));
    QCOMPARE(frame.size(), kCanvas);
    frame.save(dir.filePath(QStringLiteral("frame-3.0.png")));
    frame.copy(qrOnCanvas).save(dir.filePath(QStringLiteral("qr-3.0.png")));
    const auto [wrong, total] = wrongModules(frame, qrOnCanvas, url);
    qInfo("QR code at %d,%d %dx%d: %d of %d modules differ from the product URL's", qrOnCanvas.x(), qrOnCanvas.y(),
        qrOnCanvas.width(), qrOnCanvas.height(), wrong, total);
    QCOMPARE(wrong, 0);
    // Before the pin there is no code there.
    const QImage before = MediaProbe::frameAt(recording, 0.5, &error);
    QVERIFY2(!before.isNull(), qPrintable(error));
    QVERIFY(wrongModules(before, qrOnCanvas, url).first > total / 5);

    // The whole card: the one with the promo code and the QR code, not the one without.
    const QRect card = layout.cardRect;
    const int corner = card.width() / 20;
    const QRect core = card.adjusted(corner, corner, -corner, -corner);
    const double toExpected = MediaProbe::differenceOver(frame, core, expected.copy(core.translated(-card.topLeft())));
    const double toWithout = MediaProbe::differenceOver(frame, core, without.copy(core.translated(-card.topLeft())));
    qInfo(
        "the card differs from the card with the extras by %.1f, from the one without by %.1f", toExpected, toWithout);
    QVERIFY2(toExpected < 8 && toExpected * 2 < toWithout,
        qPrintable(QStringLiteral("%1 vs %2").arg(toExpected).arg(toWithout)));
}

void tst_CardExtrasStream::badFlagsExitTwoNamingTheFlag_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("says");
    QTest::newRow("ftp") << QStringList { "--shop-url", "ftp://shop.example.com" }
                         << "pinstage: --shop-url: \"ftp://shop.example.com\" is not an http:// or https:// address";
    QTest::newRow("no host") << QStringList { "--shop-url", "https:///products" } << "pinstage: --shop-url:";
    QTest::newRow("long promo") << QStringList { "--promo-code", QString(40, QLatin1Char('Z')) }
                                << "pinstage: --promo-code: ";
}

void tst_CardExtrasStream::badFlagsExitTwoNamingTheFlag()
{
    QFETCH(QStringList, args);
    QFETCH(QString, says);
    TestTempDir dir(QStringLiteral("cardextras-bad"));
    QProcess process;
    QProcessEnvironment env = environment(dir);
    process.setProcessEnvironment(env);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(QStringLiteral(PINSTAGE_BINARY),
        QStringList { QStringLiteral("--headless"), QStringLiteral("--stream-url"),
            QStringLiteral("rtmp://127.0.0.1:1/live"), QStringLiteral("--stream-key"), QStringLiteral("k"),
            QStringLiteral("--data-dir"), dir.filePath(QStringLiteral("data")) }
            + args);
    QVERIFY(process.waitForFinished(30000));
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QCOMPARE(process.exitCode(), 2);
    QVERIFY2(err.startsWith(says), qPrintable(err));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("data")))); // refused before anything started
}

int main(int argc, char** argv)
{
    // The test paints the expected card with QPainter (fonts need a QGuiApplication); the pinstage it
    // starts gets the private Xvfb instead.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    tst_CardExtrasStream test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_cardextras_stream.moc"
