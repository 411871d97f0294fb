// SPDX-License-Identifier: GPL-2.0-or-later
// Issue 9 through the real pipeline: a headless flash sale streamed into a private nginx-rtmp,
//   pinstage --headless ... --flash-sale PS-1001@2+4 --stock PS-1001=21@4 --announce "...@1"
//            --announce-clear-at 9 --unpin-at 8
// and, in the recording nginx made, decoded at chosen times:
// - the card (its accent bar, then the whole card compared with the card painted by the same
//   painter: title, photo, sale price and struck-through compare-at);
// - a mm:ss countdown that goes down one step a second (the patch region matched against every
//   face CountdownPainter paints: digits are painted deterministically, no OCR);
// - "SALE ENDED" and the card with the regular price once the time is up;
// - the card gone after the unpin; the announcement bar there and then gone.
// Frames the test looked at are written to the test folder (kept on failure) as PNGs.
#include "HeadlessProcess.h"
#include "HeadlessTestCase.h"
#include "MediaProbe.h"
#include "NginxRtmpServer.h"
#include "ShowLogEvents.h"
#include "TestTempDir.h"
#include "XvfbServer.h"

#include "catalog/Catalog.h"
#include "overlay/AnnouncementPainter.h"
#include "overlay/CardLayout.h"
#include "overlay/CardPainter.h"
#include "overlay/CardTemplate.h"
#include "overlay/CountdownPainter.h"
#include "overlay/ProductCardLayer.h"
#include "show/PinController.h"

#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QProcess>
#include <QTest>

#include <cmath>
#include <limits>
#include <memory>

#ifndef PINSTAGE_BINARY
#error "PINSTAGE_BINARY must name the pinstage executable (see tests/integration/CMakeLists.txt)"
#endif

using namespace pinstage;
using namespace pinstage::test;

namespace {

const QSize kCanvas(360, 640);
constexpr int kSaleAt = 2; // s
constexpr int kSaleSeconds = 4;
constexpr int kStockAt = 4;
constexpr int kUnpinAt = 8;
constexpr int kStreamSeconds = 10;
constexpr int kColourTolerance = 40;

QString faceName(const CountdownPainter::Face& face)
{
    return face.ended ? QStringLiteral("SALE ENDED") : CountdownPainter::text(face.remainingSeconds);
}

} // namespace

class tst_FlashSaleStream : public HeadlessTestCase {
    Q_OBJECT
public:
    tst_FlashSaleStream()
        : HeadlessTestCase(QStringLiteral(PINSTAGE_BINARY))
    {
    }

private slots:
    void flashSaleOnAir();

private:
};

void tst_FlashSaleStream::flashSaleOnAir()
{
    TestTempDir dir(QStringLiteral("flashsale"));
    QVERIFY(dir.isValid());
    NginxRtmpServer server;
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));

    const QString key = randomStreamKey();
    const QString dataDir = dir.mkpath(QStringLiteral("data"));
    const QString announcement = QStringLiteral("Free shipping today");
    // Too long for a 360-pixel bar: it scrolls.
    const QString ticker = QStringLiteral("Use code LIVE10 for 10 % off everything until midnight");
    QProcess process;
    QProcessEnvironment env = environment(dir);
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(dir.path());
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(QStringLiteral(PINSTAGE_BINARY),
        headlessShowArgs(server.url(), key, kStreamSeconds, dataDir,
            { QStringLiteral("--camera"), QStringLiteral("none"), QStringLiteral("--mic"), QStringLiteral("none"),
                QStringLiteral("--card-template"), QStringLiteral("lower-third"), QStringLiteral("--flash-sale"),
                QStringLiteral("PS-1001@%1+%2").arg(kSaleAt).arg(kSaleSeconds), QStringLiteral("--stock"),
                QStringLiteral("PS-1001=21@%1").arg(kStockAt), QStringLiteral("--announce"),
                announcement + QStringLiteral("@1"), QStringLiteral("--announce"), ticker + QStringLiteral("@7"),
                QStringLiteral("--announce-clear-at"), QStringLiteral("9"), QStringLiteral("--unpin-at"),
                QString::number(kUnpinAt) }));
    QVERIFY2(process.waitForFinished(90000), "pinstage did not finish within 90 s");
    const QByteArray out = process.readAllStandardOutput();
    const QByteArray err = process.readAllStandardError();
    const QString describe = QStringLiteral("--- stdout ---\n%1\n--- stderr ---\n%2")
                                 .arg(QString::fromUtf8(out.right(3000)), QString::fromUtf8(err.right(3000)));
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0, qPrintable(describe));
    QVERIFY2(!out.contains(key.toUtf8()) && !err.contains(key.toUtf8()), "the stream key was printed");

    // The final JSON line reports the sale, the stock change and the announcement like the pins.
    const QJsonObject stats = QJsonDocument::fromJson(lastNonEmptyLine(out)).object();
    qInfo().noquote() << "statistics:" << lastNonEmptyLine(out);
    const QJsonArray sales = stats.value(QStringLiteral("sales")).toArray();
    QCOMPARE(sales.size(), 2);
    QCOMPARE(sales.at(0).toObject().value(QStringLiteral("action")).toString(), QStringLiteral("start"));
    QCOMPARE(sales.at(0).toObject().value(QStringLiteral("sku")).toString(), QStringLiteral("PS-1001"));
    QCOMPARE(sales.at(0).toObject().value(QStringLiteral("duration_s")).toInt(), kSaleSeconds);
    QVERIFY(std::abs(sales.at(0).toObject().value(QStringLiteral("t")).toDouble() - kSaleAt) < 0.3);
    QCOMPARE(sales.at(1).toObject().value(QStringLiteral("action")).toString(), QStringLiteral("end"));
    QCOMPARE(sales.at(1).toObject().value(QStringLiteral("reason")).toString(), QStringLiteral("time"));
    QCOMPARE(sales.at(1).toObject().value(QStringLiteral("sold")).toInt(), 3); // 24 in the catalog, 21 left
    QVERIFY(std::abs(sales.at(1).toObject().value(QStringLiteral("t")).toDouble() - (kSaleAt + kSaleSeconds)) < 0.3);
    const QJsonArray stock = stats.value(QStringLiteral("stock")).toArray();
    QCOMPARE(stock.size(), 1);
    QCOMPARE(stock.at(0).toObject().value(QStringLiteral("stock")).toInt(), 21);
    const QJsonArray announcements = stats.value(QStringLiteral("announcements")).toArray();
    QCOMPARE(announcements.size(), 3);
    QCOMPARE(announcements.at(0).toObject().value(QStringLiteral("text")).toString(), announcement);
    QCOMPARE(announcements.at(0).toObject().value(QStringLiteral("scrolling")).toBool(), false);
    QCOMPARE(announcements.at(1).toObject().value(QStringLiteral("text")).toString(), ticker);
    QCOMPARE(announcements.at(1).toObject().value(QStringLiteral("scrolling")).toBool(), true);
    QCOMPARE(announcements.at(2).toObject().value(QStringLiteral("action")).toString(), QStringLiteral("clear"));
    const QJsonArray pins = stats.value(QStringLiteral("pins")).toArray();
    QCOMPARE(pins.size(), 2);
    QCOMPARE(pins.at(1).toObject().value(QStringLiteral("action")).toString(), QStringLiteral("unpin"));

    // The show log has the sale, the stock and the announcement as they happened.
    const QStringList shows = showLogFiles(dataDir);
    QCOMPARE(shows.size(), 1);
    QCOMPARE(eventNames(readShowLog(shows.first())),
        (QStringList { QStringLiteral("connecting"), QStringLiteral("live"), QStringLiteral("announcement"),
            QStringLiteral("flash_sale_started"), QStringLiteral("pin"), QStringLiteral("stock"),
            QStringLiteral("flash_sale_ended"), QStringLiteral("price_changed"), QStringLiteral("announcement"),
            QStringLiteral("unpin"), QStringLiteral("announcement_cleared"), QStringLiteral("stream_stopped") }));

    const QString recording = server.recordingPath(key);
    QVERIFY2(NginxRtmpServer::waitForRecordingClosed(recording, 20000, &error),
        qPrintable(error + QStringLiteral("\n--- nginx ---\n") + server.errorLog()));
    server.stop();

    // What the frames should show, painted by the same painters the app uses.
    // The show runs with --card-template lower-third: the card, its accent block and the
    // countdown sit where that template puts them.
    const CardTemplate lowerThird = *CardTemplate::byName(QStringLiteral("lower-third"));
    const CardTemplateLayout layout = lowerThird.layout(kCanvas, QRect());
    const QRect card = layout.cardRect;
    const QRect patch = layout.countdownRect.translated(card.topLeft());
    // The pill's middle (its round ends blend with the card under them).
    const QRect patchCore = patch.adjusted(patch.height() / 2, 1, -patch.height() / 2, -1);
    const QRect bar = layout.accentBarRect.translated(card.topLeft()).adjusted(2, 2, -2, -2);
    QList<CountdownPainter::Face> faces;
    for (int s = kSaleSeconds + 1; s >= 0; --s)
        faces.append({ s, false });
    faces.append({ 0, true });
    // Where the running faces differ from each other (the digits that change), in frame pixels:
    // running faces are told apart there, so one changed digit is not drowned in the whole pill.
    QRect digits;
    for (int i = 0; i + 1 < faces.size() - 1; ++i) {
        const QImage a = CountdownPainter::paint(faces.at(i), patch.size());
        const QImage b = CountdownPainter::paint(faces.at(i + 1), patch.size());
        for (int y = 0; y < a.height(); ++y) {
            for (int x = 0; x < a.width(); ++x) {
                if (a.pixel(x, y) != b.pixel(x, y))
                    digits |= QRect(x, y, 1, 1);
            }
        }
    }
    digits = digits.translated(patch.topLeft()).intersected(patchCore);
    QVERIFY(!digits.isEmpty());
    // The face FRAME shows: the closest over the pill's middle (running or ended), then among the
    // running faces the closest over the digits. BEST and RUNNER_UP are the differences that decided.
    const auto faceIn = [&](const QImage& frame, double* best, double* runnerUp) {
        const auto closest = [&](const QRect& area, bool runningOnly, double* first, double* second) {
            *first = std::numeric_limits<double>::max();
            *second = *first;
            CountdownPainter::Face found;
            for (const CountdownPainter::Face& face : faces) {
                if (runningOnly && face.ended)
                    continue;
                const QImage painted
                    = CountdownPainter::paint(face, patch.size()).copy(area.translated(-patch.topLeft()));
                const double d = MediaProbe::differenceOver(frame, area, painted);
                if (d < *first) {
                    *second = *first;
                    *first = d;
                    found = face;
                } else if (d < *second) {
                    *second = d;
                }
            }
            return found;
        };
        const CountdownPainter::Face overall = closest(patchCore, false, best, runnerUp);
        if (overall.ended)
            return overall;
        return closest(digits, true, best, runnerUp);
    };

    std::unique_ptr<Catalog> catalog = Catalog::open(Catalog::pathInDataDir(dataDir), &error);
    QVERIFY2(catalog, qPrintable(error));
    const std::optional<VariantRow> variant = catalog->variantByPinCode(QStringLiteral("PS-1001"));
    QVERIFY(variant);
    const QDateTime now = QDateTime::currentDateTime();
    CardOverrides ended;
    ended.stock = 21;
    ended.soldCount = 3;
    ended.saleEnded = true;
    const QImage saleCard = CardPainter::paint(PinController::cardFor(*variant, now), kCanvas, lowerThird, CardTheme());
    const QImage endedCard
        = CardPainter::paint(PinController::cardFor(*variant, now, ended), kCanvas, lowerThird, CardTheme());
    // The card's text side (the countdown sits over the photo), away from its rounded corners.
    const int corner = card.height() / 10;
    const QRect cardCore(QPoint(card.x() + layout.photoRect.right() + 4, card.y() + corner),
        QPoint(card.right() - corner, card.bottom() - corner));

    // Mid-second samples: the recording starts within a frame or two of the show clock.
    struct Sample {
        double at;
        int remaining; // -1: "SALE ENDED"; -2: no card
    };
    const QList<Sample> samples
        = { { 1.5, -2 }, { 2.5, 4 }, { 3.5, 3 }, { 4.5, 2 }, { 5.5, 1 }, { 6.5, -1 }, { 7.5, -1 }, { 8.7, -2 } };
    QStringList seen;
    for (const Sample& sample : samples) {
        const QImage frame = MediaProbe::frameAt(recording, sample.at, &error);
        QVERIFY2(!frame.isNull(), qPrintable(error));
        QCOMPARE(frame.size(), kCanvas);
        frame.save(dir.filePath(QStringLiteral("frame-%1.png").arg(sample.at, 0, 'f', 1)));
        const QColor barMean = MediaProbe::meanColor(frame, bar);
        double best = 0;
        double runnerUp = 0;
        const CountdownPainter::Face face = faceIn(frame, &best, &runnerUp);
        const QString what = QStringLiteral("%1 s: bar %2, countdown looks like %3 (difference %4, next best %5)")
                                 .arg(sample.at)
                                 .arg(barMean.name(), faceName(face))
                                 .arg(best, 0, 'f', 1)
                                 .arg(runnerUp, 0, 'f', 1);
        seen.append(what);
        qInfo().noquote() << what;
        if (sample.remaining == -2) {
            QVERIFY2(!MediaProbe::coloursClose(barMean, CardLayout::accentColor(), kColourTolerance),
                qPrintable(QStringLiteral("a card where none should be: ") + what));
            QVERIFY2(best > 25, qPrintable(QStringLiteral("a countdown where no card should be: ") + what));
            continue;
        }
        QVERIFY2(MediaProbe::coloursClose(barMean, CardLayout::accentColor(), kColourTolerance),
            qPrintable(QStringLiteral("no card: ") + what));
        const CountdownPainter::Face expected { sample.remaining < 0 ? 0 : sample.remaining, sample.remaining < 0 };
        QVERIFY2(face == expected,
            qPrintable(QStringLiteral("expected %1; ").arg(faceName(expected)) + what + QStringLiteral("\n")
                + seen.join(QLatin1Char('\n'))));
        QVERIFY2(best < 15 && runnerUp > best * 1.5, qPrintable(QStringLiteral("not a clear match: ") + what));

        // The rest of the card: the sale card (sale price, compare-at) before the end, the regular
        // price after it; each frame is closer to the card it should be than to the other.
        const double toSale
            = MediaProbe::differenceOver(frame, cardCore, saleCard.copy(cardCore.translated(-card.topLeft())));
        const double toEnded
            = MediaProbe::differenceOver(frame, cardCore, endedCard.copy(cardCore.translated(-card.topLeft())));
        const QString cardWhat
            = QStringLiteral("%1 s: card differs from the sale card by %2, from the ended card by %3")
                  .arg(sample.at)
                  .arg(toSale, 0, 'f', 1)
                  .arg(toEnded, 0, 'f', 1);
        qInfo().noquote() << cardWhat;
        if (sample.remaining == -1)
            QVERIFY2(toEnded < 12 && toEnded < toSale, qPrintable(cardWhat));
        else if (sample.at < kStockAt)
            QVERIFY2(toSale < 12 && toSale < toEnded, qPrintable(cardWhat));
    }

    // The announcement bar: up from 1 s, cleared at 9 s.
    const QRect barArea = AnnouncementPainter::barRect(kCanvas);
    const QImage expectedBar = AnnouncementPainter::paintStatic(announcement, kCanvas);
    const QImage withBar = MediaProbe::frameAt(recording, 5.0, &error);
    const QImage withoutBar = MediaProbe::frameAt(recording, 9.7, &error);
    QVERIFY2(!withBar.isNull() && !withoutBar.isNull(), qPrintable(error));
    withBar.save(dir.filePath(QStringLiteral("frame-5.0.png")));
    withoutBar.save(dir.filePath(QStringLiteral("frame-9.7.png")));
    // The motion, for the eye (the pin at 2 s, the unpin at 8 s): not compared, the recording's
    // first frame is only within a frame or two of the show clock.
    for (double at : { 2.0, 2.05, 2.1, 2.2, 2.4, 8.0, 8.05, 8.1, 8.2, 8.4 }) {
        const QImage frame = MediaProbe::frameAt(recording, at, &error);
        if (!frame.isNull())
            frame.copy(card.adjusted(-4, -4, 4, 4))
                .save(dir.filePath(QStringLiteral("motion-%1.png").arg(at, 0, 'f', 2)));
    }
    const double barOn = MediaProbe::differenceOver(withBar, barArea, expectedBar);
    const double barOff = MediaProbe::differenceOver(withoutBar, barArea, expectedBar);
    qInfo().noquote() << "announcement bar: differs by" << barOn << "while up," << barOff << "after the clear";
    QVERIFY2(barOn < 12, qPrintable(QString::number(barOn)));
    QVERIFY2(barOff > 25, qPrintable(QString::number(barOff)));
    // The static line stands still; the ticker moves (the texture is moved, not repainted).
    const QImage still = MediaProbe::frameAt(recording, 4.0, &error);
    const QImage tickerA = MediaProbe::frameAt(recording, 7.6, &error);
    const QImage tickerB = MediaProbe::frameAt(recording, 8.4, &error);
    QVERIFY2(!still.isNull() && !tickerA.isNull() && !tickerB.isNull(), qPrintable(error));
    tickerA.copy(barArea).save(dir.filePath(QStringLiteral("ticker-7.6.png")));
    tickerB.copy(barArea).save(dir.filePath(QStringLiteral("ticker-8.4.png")));
    const QImage stillBar = still.copy(barArea).convertToFormat(QImage::Format_RGBA8888_Premultiplied);
    const QImage movedBar = tickerA.copy(barArea).convertToFormat(QImage::Format_RGBA8888_Premultiplied);
    const double stillMoved = MediaProbe::differenceOver(withBar, barArea, stillBar);
    const double tickerMoved = MediaProbe::differenceOver(tickerB, barArea, movedBar);
    qInfo().noquote() << "announcement bar: static line changed by" << stillMoved << "in 1 s, the ticker by"
                      << tickerMoved << "in 0.8 s";
    QVERIFY2(stillMoved < 3, qPrintable(QString::number(stillMoved)));
    QVERIFY2(tickerMoved > 10, qPrintable(QString::number(tickerMoved)));
}

int main(int argc, char** argv)
{
    // The test paints the expected card and countdown with QPainter (fonts need a QGuiApplication);
    // it draws nothing on screen. The pinstage it starts gets the private Xvfb instead.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    tst_FlashSaleStream test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_flashsale_stream.moc"
