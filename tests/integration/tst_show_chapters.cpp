// SPDX-License-Identifier: GPL-2.0-or-later
// Issue 10 end to end: a headless show run from its queue,
//   pinstage --headless --show Carousel --auto-advance 11 --stream-url rtmp://127.0.0.1:PORT/live ...
// (the show's settings carry the card template and theme: the cards are found only in that style)
// streamed into a private nginx-rtmp that records it, then
//   pinstage show export Carousel --format chapters   (and --format json, csv)
// The chapters must match the cards found in the decoded recording, in order, within one second:
// each chapter's card is recognised in the frames (compared with the card painted by the app's own
// painter) and the moment it first appears is within 1 s of the chapter's start.
#include "DemoShow.h"
#include "HeadlessProcess.h"
#include "HeadlessTestCase.h"
#include "MediaProbe.h"
#include "NginxRtmpServer.h"
#include "TestTempDir.h"
#include "XvfbServer.h"

#include "catalog/Catalog.h"
#include "overlay/CardPainter.h"
#include "overlay/CardTemplate.h"
#include "overlay/CardTheme.h"
#include "show/PinController.h"
#include "show/ShowBook.h"

#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <limits>
#include <memory>

#ifndef PINSTAGE_BINARY
#error "PINSTAGE_BINARY must name the pinstage executable (see tests/integration/CMakeLists.txt)"
#endif

using namespace pinstage;
using namespace pinstage::test;

namespace {

const QSize kCanvas(360, 640);
// YouTube's shortest chapter is 10 s; the card is painted a few ms after its take, so the last one
// gets a second more to stay a chapter of its own.
constexpr int kAdvanceSeconds = 11;
const QStringList kCodes = { QStringLiteral("PS-1001"), QStringLiteral("PS-1002"), QStringLiteral("PS-1003") };
// Not the default template (corner) nor the default accent.
const QJsonObject kSettings { { QStringLiteral("template"), QStringLiteral("lower-third") },
    { QStringLiteral("theme"), QJsonObject { { QStringLiteral("accent"), QStringLiteral("#00A0FF") } } } };

using Run = ProgramRun;

Run runPinstage(const QProcessEnvironment& env, const QString& workDir, const QStringList& args, int timeoutMs)
{
    return runProgram(QStringLiteral(PINSTAGE_BINARY), args, env, workDir, timeoutMs);
}

} // namespace

class tst_ShowChapters : public HeadlessTestCase {
    Q_OBJECT
public:
    tst_ShowChapters()
        : HeadlessTestCase(QStringLiteral(PINSTAGE_BINARY))
    {
    }

private slots:
    void chaptersMatchTheRecording();

private:
};

void tst_ShowChapters::chaptersMatchTheRecording()
{
    TestTempDir dir(QStringLiteral("showchapters"));
    QVERIFY(dir.isValid());
    const QString dataDir = dir.mkpath(QStringLiteral("data"));
    QString error;
    QStringList titles;
    // The show's settings style its cards (no --card-template): found in the frames only if applied.
    QVERIFY2(seedDemoShow(dataDir, QStringLiteral("Carousel"), queueOf(kCodes), kSettings, &titles, &error),
        qPrintable(error));
    std::unique_ptr<Catalog> catalog = Catalog::open(Catalog::pathInDataDir(dataDir), &error);
    QVERIFY2(catalog, qPrintable(error));

    QProcessEnvironment env = environment(dir);

    // Before the show ran: nothing to export, said plainly.
    const Run early = runPinstage(env, dir.path(),
        { QStringLiteral("show"), QStringLiteral("export"), QStringLiteral("Carousel"), QStringLiteral("--format"),
            QStringLiteral("chapters"), QStringLiteral("--data-dir"), dataDir },
        30000);
    QCOMPARE(early.exitCode, 1);
    QVERIFY2(early.err.contains("the show 'Carousel' has not run yet"), early.err.constData());

    NginxRtmpServer server;
    QVERIFY2(server.start(&error), qPrintable(error));
    const QString key = randomStreamKey();
    const Run show = runPinstage(env, dir.path(),
        { QStringLiteral("--headless"), QStringLiteral("--show"), QStringLiteral("Carousel"),
            QStringLiteral("--auto-advance"), QString::number(kAdvanceSeconds), QStringLiteral("--stream-url"),
            server.url(), QStringLiteral("--stream-key"), key, QStringLiteral("--canvas"), QStringLiteral("360x640"),
            QStringLiteral("--fps"), QStringLiteral("30"), QStringLiteral("--camera"), QStringLiteral("none"),
            QStringLiteral("--mic"), QStringLiteral("none"), QStringLiteral("--data-dir"), dataDir },
        120000);
    const QString describe = QStringLiteral("--- stdout ---\n%1\n--- stderr ---\n%2")
                                 .arg(QString::fromUtf8(show.out.right(3000)), QString::fromUtf8(show.err.right(3000)));
    QVERIFY2(show.exitCode == 0, qPrintable(describe));
    QVERIFY2(!show.out.contains(key.toUtf8()) && !show.err.contains(key.toUtf8()), "the stream key was printed");
    const QJsonObject stats = QJsonDocument::fromJson(lastNonEmptyLine(show.out)).object();
    qInfo().noquote() << "statistics:" << lastNonEmptyLine(show.out);
    QCOMPARE(stats.value(QStringLiteral("show")).toString(), QStringLiteral("Carousel"));
    QCOMPARE(stats.value(QStringLiteral("rehearsal")).toBool(), false);
    // The show ended by itself after the last card's time.
    QVERIFY2(std::abs(stats.value(QStringLiteral("duration_s")).toDouble() - kCodes.size() * kAdvanceSeconds) < 2.0,
        qPrintable(describe));

    const QString recording = server.recordingPath(key);
    QVERIFY2(NginxRtmpServer::waitForRecordingClosed(recording, 20000, &error),
        qPrintable(error + QStringLiteral("\n--- nginx ---\n") + server.errorLog()));
    server.stop();

    // The exports.
    const auto exportAs = [&](const QString& format) {
        return runPinstage(env, dir.path(),
            { QStringLiteral("show"), QStringLiteral("export"), QStringLiteral("Carousel"), QStringLiteral("--format"),
                format, QStringLiteral("--data-dir"), dataDir },
            30000);
    };
    const Run chaptersRun = exportAs(QStringLiteral("chapters"));
    QVERIFY2(chaptersRun.exitCode == 0, chaptersRun.err.constData());
    const Run jsonRun = exportAs(QStringLiteral("json"));
    QVERIFY2(jsonRun.exitCode == 0, jsonRun.err.constData());
    const Run csvRun = exportAs(QStringLiteral("csv"));
    QVERIFY2(csvRun.exitCode == 0, csvRun.err.constData());
    QVERIFY(csvRun.out.startsWith("stream_time,t_ms,at,event,title,sku,details"));
    QVERIFY(csvRun.out.contains(",take,"));
    qInfo().noquote() << "chapters:\n" + QString::fromUtf8(chaptersRun.out);
    const QStringList lines = QString::fromUtf8(chaptersRun.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    const QJsonArray chapters
        = QJsonDocument::fromJson(jsonRun.out).object().value(QStringLiteral("chapters")).toArray();
    QCOMPARE(lines.size(), kCodes.size());
    QCOMPARE(chapters.size(), kCodes.size());
    // The same log by its file (a headless run without --show has no show name to export by).
    const QStringList logs = QDir(dataDir + QStringLiteral("/shows"))
                                 .entryList({ QStringLiteral("show-*.jsonl") }, QDir::Files, QDir::Name);
    QVERIFY(!logs.isEmpty());
    const Run byFile = runPinstage(env, dir.path(),
        { QStringLiteral("show"), QStringLiteral("export"), dataDir + QStringLiteral("/shows/") + logs.last(),
            QStringLiteral("--format"), QStringLiteral("chapters") },
        30000);
    QVERIFY2(byFile.exitCode == 0, byFile.err.constData());
    QCOMPARE(byFile.out, chaptersRun.out);

    // What each card looks like on the program, painted by the app's painter in the show's style.
    const CardTemplate lowerThird = *CardTemplate::byName(QStringLiteral("lower-third"));
    const std::optional<CardTheme> theme
        = CardTheme::fromJson(kSettings.value(QStringLiteral("theme")).toObject(), &error);
    QVERIFY2(theme, qPrintable(error));
    const QRect card = lowerThird.layout(kCanvas, QRect()).cardRect;
    const QRect cardCore
        = card.adjusted(card.height() / 10, card.height() / 10, -card.height() / 10, -card.height() / 10);
    QList<QImage> painted;
    const QDateTime now = QDateTime::currentDateTime();
    for (const QString& code : kCodes) {
        const auto variant = catalog->variantByPinCode(code);
        QVERIFY(variant);
        painted.append(CardPainter::paint(PinController::cardFor(*variant, now), kCanvas, lowerThird, *theme)
                           .copy(cardCore.translated(-card.topLeft())));
    }
    // The card a frame shows: the index of the closest painted card, -1 when none is close.
    const auto cardAt = [&](double seconds, QString* what) {
        QString frameError;
        const QImage frame = MediaProbe::frameAt(recording, seconds, &frameError);
        if (frame.isNull()) {
            *what = frameError;
            return -2;
        }
        int best = -1;
        double bestDifference = std::numeric_limits<double>::max();
        QStringList differences;
        for (int i = 0; i < painted.size(); ++i) {
            const double d = MediaProbe::differenceOver(frame, cardCore, painted.at(i));
            differences.append(QString::number(d, 'f', 1));
            if (d < bestDifference) {
                bestDifference = d;
                best = i;
            }
        }
        *what = QStringLiteral("%1 s: differences %2").arg(seconds, 0, 'f', 2).arg(differences.join(QLatin1Char('/')));
        return bestDifference < 12 ? best : -1;
    };

    // Each chapter: the title, the time, and the card on screen from then on.
    QStringList seen;
    for (int i = 0; i < kCodes.size(); ++i) {
        const QJsonObject chapter = chapters.at(i).toObject();
        const qint64 startMs = chapter.value(QStringLiteral("start_ms")).toInteger();
        QCOMPARE(chapter.value(QStringLiteral("title")).toString(), titles.at(i));
        const qint64 s = startMs / 1000;
        QCOMPARE(lines.at(i),
            QStringLiteral("%1:%2 %3")
                .arg(s / 60, 2, 10, QLatin1Char('0'))
                .arg(s % 60, 2, 10, QLatin1Char('0'))
                .arg(titles.at(i)));
        if (i == 0)
            QCOMPARE(startMs, 0); // YouTube's rule: the first chapter at 00:00
        // In the middle of the chapter, its card.
        QString what;
        const int middle = cardAt(startMs / 1000.0 + kAdvanceSeconds / 2.0, &what);
        seen.append(what);
        QVERIFY2(middle == i, qPrintable(QStringLiteral("chapter %1 (%2): ").arg(i + 1).arg(titles.at(i)) + what));
        if (i == 0)
            continue;
        // The moment the card appears: the first of 0.25 s steps around the chapter's start that shows it.
        double appeared = -1;
        for (double t = startMs / 1000.0 - 1.5; t <= startMs / 1000.0 + 1.5; t += 0.25) {
            const int found = cardAt(t, &what);
            seen.append(what);
            if (found == i) {
                appeared = t;
                break;
            }
        }
        // Then to about 30 ms: halving the last step.
        for (double step = 0.125; appeared >= 0 && step > 0.02; step /= 2) {
            if (cardAt(appeared - step, &what) == i)
                appeared -= step;
            seen.append(what);
        }
        qInfo().noquote() << QStringLiteral("chapter %1 '%2' starts at %3 s; its card appears at %4 s")
                                 .arg(i + 1)
                                 .arg(titles.at(i))
                                 .arg(startMs / 1000.0, 0, 'f', 3)
                                 .arg(appeared, 0, 'f', 2);
        QVERIFY2(
            appeared >= 0 && std::abs(appeared - startMs / 1000.0) <= 1.0, qPrintable(seen.join(QLatin1Char('\n'))));
    }
}

int main(int argc, char** argv)
{
    // The test paints the expected cards with QPainter (fonts need a QGuiApplication); the pinstage
    // it starts gets the private Xvfb instead.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    tst_ShowChapters test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_show_chapters.moc"
