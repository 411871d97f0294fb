// SPDX-License-Identifier: GPL-2.0-or-later
// Issue 10, "nothing lost", through the real binary: a headless show
//   pinstage --headless --show Resume --auto-advance 5 --record FILE ...
// whose queue has flash-sale cards is killed with SIGKILL at random moments (seeded; the seed is
// printed, PINSTAGE_TEST_SEED repeats a run), restarted each time with --resume, and checked:
// - the queue is in the same order, the card on air is the one taken last before the kill, and
//   Next up the one after it;
// - a flash sale running at the kill resumes with the time it had left then (within 1 s);
// - the show log: every whole line written before the kill is still there, unchanged, followed
//   by "resumed";
// - the last resume runs the show to its end: every card taken exactly once, in order, and the
//   run closed.
#include "DemoShow.h"
#include "HeadlessProcess.h"
#include "HeadlessTestCase.h"
#include "TestTempDir.h"
#include "XvfbServer.h"

#include "catalog/Catalog.h"
#include "show/ShowBook.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTest>

#include <csignal>
#include <memory>

#ifndef PINSTAGE_BINARY
#error "PINSTAGE_BINARY must name the pinstage executable (see tests/integration/CMakeLists.txt)"
#endif

using namespace pinstage;
using namespace pinstage::test;

namespace {

constexpr int kAdvanceSeconds = 5;
constexpr int kSaleSeconds = 12;
const QStringList kCodes
    = { QStringLiteral("PS-1001"), QStringLiteral("PS-1002"), QStringLiteral("PS-1003"), QStringLiteral("PS-1006") };
const QList<std::optional<int>> kSales = { kSaleSeconds, std::nullopt, kSaleSeconds, std::nullopt };

QList<QJsonObject> parseLines(const QByteArray& data)
{
    QList<QJsonObject> events;
    for (const QByteArray& line : data.split('\n')) {
        if (!line.trimmed().isEmpty())
            events.append(QJsonDocument::fromJson(line).object());
    }
    return events;
}

/// The whole lines of DATA (a line cut short by the kill is not one).
QByteArray wholeLines(const QByteArray& data)
{
    return data.left(data.lastIndexOf('\n') + 1);
}

QString eventName(const QJsonObject& e)
{
    return e.value(QStringLiteral("event")).toString();
}

} // namespace

class tst_ShowResume : public HeadlessTestCase {
    Q_OBJECT
public:
    tst_ShowResume()
        : HeadlessTestCase(QStringLiteral(PINSTAGE_BINARY))
    {
    }

private slots:
    void killedAtRandomMomentsAndResumed();
    void rehearsalRecordsAndIsMarked();
    void sigtermEndsTheRun();
    void windowSigtermWhileAskingToResume();

private:
};

void tst_ShowResume::killedAtRandomMomentsAndResumed()
{
    const quint32 seed = qEnvironmentVariableIsSet("PINSTAGE_TEST_SEED")
        ? qEnvironmentVariableIntValue("PINSTAGE_TEST_SEED")
        : QRandomGenerator::global()->bounded(1u << 30);
    qInfo().noquote() << "seed" << seed << "(PINSTAGE_TEST_SEED repeats this run)";
    QRandomGenerator random(seed);

    TestTempDir dir(QStringLiteral("showresume"));
    QVERIFY(dir.isValid());
    const QString dataDir = dir.mkpath(QStringLiteral("data"));
    {
        QList<QueueItem> items = queueOf(kCodes);
        for (int i = 0; i < kCodes.size(); ++i)
            items[i].saleSeconds = kSales.at(i);
        QString error;
        QVERIFY2(seedDemoShow(dataDir, QStringLiteral("Resume"), items, {}, nullptr, &error), qPrintable(error));
    }
    const QString logFolder = dataDir + QStringLiteral("/shows");
    const auto logFile = [&]() -> QString {
        const QStringList files = QDir(logFolder).entryList({ QStringLiteral("show-*.jsonl") }, QDir::Files);
        return files.size() == 1 ? logFolder + QLatin1Char('/') + files.first() : QString();
    };
    const auto readAll = [](const QString& path) {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    };

    QProcessEnvironment env = environment(dir);
    const auto start = [&](QProcess& process, int segment, bool resume) {
        process.setProcessEnvironment(env);
        process.setWorkingDirectory(dir.path());
        process.setStandardInputFile(QProcess::nullDevice());
        QStringList args { QStringLiteral("--headless"), QStringLiteral("--show"), QStringLiteral("Resume"),
            QStringLiteral("--auto-advance"), QString::number(kAdvanceSeconds), QStringLiteral("--record"),
            dir.filePath(QStringLiteral("segment-%1.mkv").arg(segment)), QStringLiteral("--canvas"),
            QStringLiteral("360x640"), QStringLiteral("--fps"), QStringLiteral("15"), QStringLiteral("--camera"),
            QStringLiteral("none"), QStringLiteral("--mic"), QStringLiteral("none"), QStringLiteral("--data-dir"),
            dataDir };
        if (resume)
            args.append(QStringLiteral("--resume"));
        process.start(QStringLiteral(PINSTAGE_BINARY), args);
    };

    constexpr int kKills = 3;
    QByteArray before; // the log as the last kill left it
    int takenBefore = 0; // "take" events in it
    for (int segment = 0; segment <= kKills; ++segment) {
        QProcess process;
        start(process, segment, segment > 0);
        const auto describe = [&] {
            return QStringLiteral("segment %1 (seed %2)\n--- stdout ---\n%3\n--- stderr ---\n%4")
                .arg(segment)
                .arg(seed)
                .arg(QString::fromUtf8(process.readAllStandardOutput().right(2000)),
                    QString::fromUtf8(process.readAllStandardError().right(3000)));
        };
        // The segment is running once its log shows a take (the first) or "resumed".
        const QByteArray marker
            = segment == 0 ? QByteArrayLiteral("\"event\":\"take\"") : QByteArrayLiteral("\"event\":\"resumed\"");
        QTRY_VERIFY2_WITH_TIMEOUT(
            readAll(logFile()).mid(before.size()).contains(marker), qPrintable(describe()), 30000);

        if (segment > 0) {
            // Resumed: the whole lines from before the kill, unchanged, then "resumed".
            const QByteArray now = readAll(logFile());
            QVERIFY2(
                now.startsWith(before), qPrintable(QStringLiteral("the log lost or changed lines; ") + describe()));
            const QList<QJsonObject> added = parseLines(now.mid(before.size()));
            QVERIFY(!added.isEmpty());
            QCOMPARE(eventName(added.first()), QStringLiteral("resumed"));
            const QJsonObject resumed = added.first();
            // What was on air at the kill: the last take before it.
            const QList<QJsonObject> old = parseLines(before);
            QJsonObject lastTake;
            QJsonObject saleStart;
            for (const QJsonObject& e : old) {
                if (eventName(e) == QLatin1String("take"))
                    lastTake = e;
                if (eventName(e) == QLatin1String("flash_sale_started")
                    || eventName(e) == QLatin1String("flash_sale_resumed"))
                    saleStart = e;
            }
            QVERIFY(!lastTake.isEmpty());
            // A take is stored before it is logged: a kill between the two (microseconds) resumes
            // with the card taken, one after the last "take" line.
            const int takenPosition = resumed.value(QStringLiteral("position")).toInt();
            const bool caughtMidTake = takenPosition == lastTake.value(QStringLiteral("position")).toInt() + 1;
            if (caughtMidTake)
                qInfo().noquote() << "the kill fell between a take and its log line";
            else {
                QCOMPARE(resumed.value(QStringLiteral("code")).toString(),
                    lastTake.value(QStringLiteral("code")).toString());
                QCOMPARE(resumed.value(QStringLiteral("on_air_item")).toInteger(),
                    lastTake.value(QStringLiteral("item")).toInteger());
            }
            qInfo().noquote() << QStringLiteral("segment %1: resumed with %2 on air (%3 s up)")
                                     .arg(segment)
                                     .arg(resumed.value(QStringLiteral("code")).toString())
                                     .arg(resumed.value(QStringLiteral("on_air_ms")).toInteger() / 1000.0, 0, 'f', 1);
            const int position = takenPosition;
            if (position < kCodes.size()) {
                QVERIFY(resumed.contains(QStringLiteral("next_up_item")));
            } else {
                QVERIFY(!resumed.contains(QStringLiteral("next_up_item")));
            }
            if (kSales.at(position - 1) && !caughtMidTake) {
                // The sale's time left at the kill, from the wall-clock times: its start (or its
                // last resume, with what it had then) and the kill.
                QVERIFY(!saleStart.isEmpty());
                const QDateTime startedAt
                    = QDateTime::fromString(saleStart.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs);
                const double leftAtStart = eventName(saleStart) == QLatin1String("flash_sale_resumed")
                    ? saleStart.value(QStringLiteral("remaining_ms")).toInteger() / 1000.0
                    : saleStart.value(QStringLiteral("duration_s")).toInt();
                const QDateTime killedAt = QDateTime::fromString(
                    QString::fromUtf8(readAll(dir.filePath(QStringLiteral("killed-%1.txt").arg(segment - 1)))),
                    Qt::ISODateWithMs);
                QVERIFY(startedAt.isValid() && killedAt.isValid());
                const double expected = std::max(0.0, leftAtStart - startedAt.msecsTo(killedAt) / 1000.0);
                const double restored = resumed.value(QStringLiteral("sale_left_ms")).toInteger() / 1000.0;
                qInfo().noquote() << QStringLiteral("segment %1: the sale had %2 s left at the kill; resumed with %3 s")
                                         .arg(segment)
                                         .arg(expected, 0, 'f', 2)
                                         .arg(restored, 0, 'f', 2);
                QVERIFY2(std::abs(restored - expected) <= 1.0, qPrintable(describe()));
                QTRY_VERIFY_WITH_TIMEOUT(
                    readAll(logFile()).mid(before.size()).contains("\"event\":\"flash_sale_resumed\""), 5000);
                for (const QJsonObject& e : parseLines(readAll(logFile()).mid(before.size()))) {
                    if (eventName(e) == QLatin1String("flash_sale_resumed")) {
                        QCOMPARE(e.value(QStringLiteral("remaining_ms")).toInteger() / 1000.0, restored);
                        QCOMPARE(e.value(QStringLiteral("code")).toString(), kCodes.at(position - 1));
                    }
                }
            }
            // The queue, as stored, is the one the show was created with.
            QString error;
            const auto catalog = Catalog::open(Catalog::pathInDataDir(dataDir), &error);
            QVERIFY2(catalog, qPrintable(error));
            const auto show = ShowBook(*catalog).byName(QStringLiteral("Resume"));
            QVERIFY(show);
            QStringList codes;
            for (const QueueItem& item : show->queue)
                codes.append(item.code);
            QCOMPARE(codes, kCodes);
        }

        if (segment == kKills) {
            // The last one runs to the end of the queue and exits by itself.
            QVERIFY2(process.waitForFinished(60000), qPrintable(describe()));
            QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0, qPrintable(describe()));
            break;
        }
        // Kill at a random moment of the show (0.3-5.5 s from now: within a card, at a change, during
        // a sale; three kills stay inside the 20 s the show lasts).
        const int delayMs = 300 + int(random.bounded(5200u));
        qInfo().noquote() << QStringLiteral("segment %1: SIGKILL in %2 ms").arg(segment).arg(delayMs);
        QDeadlineTimer deadline(delayMs);
        while (!deadline.hasExpired() && process.state() == QProcess::Running)
            QTest::qWait(int(std::min<qint64>(50, deadline.remainingTime())));
        if (process.state() != QProcess::Running) {
            QFAIL(qPrintable(QStringLiteral("the show ended before its kill: ") + describe()));
        }
        const QDateTime killedAt = QDateTime::currentDateTime();
        ::kill(pid_t(process.processId()), SIGKILL);
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitStatus(), QProcess::CrashExit);
        {
            QFile stamp(dir.filePath(QStringLiteral("killed-%1.txt").arg(segment)));
            QVERIFY(stamp.open(QIODevice::WriteOnly));
            stamp.write(killedAt.toString(Qt::ISODateWithMs).toUtf8());
        }
        before = wholeLines(readAll(logFile()));
        takenBefore = 0;
        for (const QJsonObject& e : parseLines(before))
            takenBefore += eventName(e) == QLatin1String("take") ? 1 : 0;
        qInfo().noquote() << QStringLiteral("segment %1: killed with %2 cards taken, %3 log lines")
                                 .arg(segment)
                                 .arg(takenBefore)
                                 .arg(parseLines(before).size());
    }

    // The whole show: one log, each card taken once in order, "resumed" after each kill, closed.
    const QList<QJsonObject> all = parseLines(readAll(logFile()));
    QStringList taken;
    int resumes = 0;
    for (const QJsonObject& e : all) {
        if (eventName(e) == QLatin1String("take"))
            taken.append(e.value(QStringLiteral("code")).toString());
        resumes += eventName(e) == QLatin1String("resumed") ? 1 : 0;
    }
    QCOMPARE(taken, kCodes);
    QCOMPARE(resumes, kKills);
    QCOMPARE(eventName(all.last()), QStringLiteral("run_ended"));
    QString error;
    const auto catalog = Catalog::open(Catalog::pathInDataDir(dataDir), &error);
    QVERIFY2(catalog, qPrintable(error));
    ShowBook book(*catalog);
    const auto run = book.latestRun(book.byName(QStringLiteral("Resume"))->id);
    QVERIFY(run);
    QVERIFY(!run->endedAt.isEmpty());
    QVERIFY(!book.interruptedRun());
}

void tst_ShowResume::rehearsalRecordsAndIsMarked()
{
    // --rehearsal: the queue run the same way, recorded, nothing streamed, marked everywhere.
    TestTempDir dir(QStringLiteral("showrehearsal"));
    QVERIFY(dir.isValid());
    const QString dataDir = dir.mkpath(QStringLiteral("data"));
    {
        QList<QueueItem> items = queueOf({ QStringLiteral("PS-1001"), QStringLiteral("PS-1002") });
        items[0].saleSeconds = 2;
        QString error;
        QVERIFY2(seedDemoShow(dataDir, QStringLiteral("Dry run"), items, {}, nullptr, &error), qPrintable(error));
    }
    QProcessEnvironment env = environment(dir);
    QProcess process;
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(dir.path());
    process.setStandardInputFile(QProcess::nullDevice());
    const QString recording = dir.filePath(QStringLiteral("rehearsal.mkv"));
    process.start(QStringLiteral(PINSTAGE_BINARY),
        { QStringLiteral("--headless"), QStringLiteral("--show"), QStringLiteral("Dry run"),
            QStringLiteral("--rehearsal"), QStringLiteral("--record"), recording, QStringLiteral("--auto-advance"),
            QStringLiteral("2"), QStringLiteral("--canvas"), QStringLiteral("360x640"), QStringLiteral("--fps"),
            QStringLiteral("15"), QStringLiteral("--camera"), QStringLiteral("none"), QStringLiteral("--mic"),
            QStringLiteral("none"), QStringLiteral("--data-dir"), dataDir });
    QVERIFY(process.waitForFinished(60000));
    const QByteArray out = process.readAllStandardOutput();
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
        qPrintable(QString::fromUtf8(out + "\n" + err)));
    const QJsonObject stats = QJsonDocument::fromJson(lastNonEmptyLine(out)).object();
    QCOMPARE(stats.value(QStringLiteral("rehearsal")).toBool(), true);
    QCOMPARE(stats.value(QStringLiteral("show")).toString(), QStringLiteral("Dry run"));
    QVERIFY(QFileInfo(recording).size() > 0);
    const QString log = stats.value(QStringLiteral("show_log")).toString();
    QFile file(log);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(log));
    const QList<QJsonObject> events = parseLines(file.readAll());
    QStringList names;
    bool recordingRuns = false;
    for (const QJsonObject& e : events) {
        names.append(eventName(e));
        // Every line says rehearsal; from the recording's start every line says where it is in it.
        QVERIFY2(e.value(QStringLiteral("rehearsal")).toBool(), qPrintable(QJsonDocument(e).toJson()));
        if (eventName(e) == QLatin1String("recording_started"))
            recordingRuns = true;
        else if (eventName(e) == QLatin1String("recording_stopped"))
            recordingRuns = false;
        else if (recordingRuns)
            QVERIFY2(e.contains(QStringLiteral("rec_ms")), qPrintable(QJsonDocument(e).toJson()));
    }
    qInfo().noquote() << "rehearsal log:" << names.join(QLatin1Char(' '));
    QVERIFY(!names.contains(QStringLiteral("live")));
    QVERIFY(!names.contains(QStringLiteral("connecting")));
    QCOMPARE(names.count(QStringLiteral("take")), 2);
    QVERIFY(names.contains(QStringLiteral("flash_sale_started")));
    QVERIFY(names.contains(QStringLiteral("rehearsal_started")));
    QCOMPARE(names.last(), QStringLiteral("run_ended"));
}

void tst_ShowResume::sigtermEndsTheRun()
{
    // SIGTERM (a logout, a shutdown, a supervisor's stop) is an end the operator asked for, like
    // --duration: the run closes as ended, not interrupted (only a crash or kill -9 leaves it open).
    TestTempDir dir(QStringLiteral("showsigterm"));
    QVERIFY(dir.isValid());
    const QString dataDir = dir.mkpath(QStringLiteral("data"));
    QString error;
    QVERIFY2(seedDemoShow(dataDir, QStringLiteral("Terminated"),
                 queueOf({ QStringLiteral("PS-1001"), QStringLiteral("PS-1002") }), {}, nullptr, &error),
        qPrintable(error));
    const QString recording = dir.filePath(QStringLiteral("terminated.mkv"));
    QString logFile;
    const ProgramRun run = runProgram(QStringLiteral(PINSTAGE_BINARY),
        { QStringLiteral("--headless"), QStringLiteral("--show"), QStringLiteral("Terminated"),
            QStringLiteral("--auto-advance"), QStringLiteral("60"), QStringLiteral("--record"), recording,
            QStringLiteral("--canvas"), QStringLiteral("360x640"), QStringLiteral("--fps"), QStringLiteral("15"),
            QStringLiteral("--camera"), QStringLiteral("none"), QStringLiteral("--mic"), QStringLiteral("none"),
            QStringLiteral("--data-dir"), dataDir },
        environment(dir), dir.path(), 90000, [&](QProcess& process) {
            // On air: the first card's pin is in the show log.
            const QString shows = dataDir + QStringLiteral("/shows");
            QTRY_VERIFY_WITH_TIMEOUT(
                [&] {
                    const QStringList logs = QDir(shows).entryList({ QStringLiteral("show-*.jsonl") }, QDir::Files);
                    if (logs.size() != 1)
                        return false;
                    logFile = shows + QLatin1Char('/') + logs.first();
                    QFile file(logFile);
                    return file.open(QIODevice::ReadOnly) && file.readAll().contains("\"event\":\"pin\"");
                }(),
                30000);
            QCOMPARE(::kill(pid_t(process.processId()), SIGTERM), 0);
        });
    keepOutput(run, dir.path());
    QVERIFY2(run.ok(), qPrintable(run.describe()));
    QVERIFY(!logFile.isEmpty());
    // The statistics line and the recording, as after --duration.
    const QJsonObject stats = QJsonDocument::fromJson(lastNonEmptyLine(run.out)).object();
    QCOMPARE(stats.value(QStringLiteral("show")).toString(), QStringLiteral("Terminated"));
    QVERIFY(QFileInfo(recording).size() > 0);
    // The run is ended: in the catalog, in the show log, and in `show list`.
    QFile file(logFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QJsonObject> events = parseLines(file.readAll());
    QVERIFY(!events.isEmpty());
    QCOMPARE(eventName(events.last()), QStringLiteral("run_ended"));
    {
        const auto catalog = Catalog::open(Catalog::pathInDataDir(dataDir), &error);
        QVERIFY2(catalog, qPrintable(error));
        ShowBook book(*catalog);
        const auto stored = book.latestRun(book.byName(QStringLiteral("Terminated"))->id);
        QVERIFY(stored);
        QVERIFY2(!stored->endedAt.isEmpty(), "SIGTERM left the run interrupted");
        QVERIFY(!book.interruptedRun());
    }
    const ProgramRun list = runProgram(QStringLiteral(PINSTAGE_BINARY),
        { QStringLiteral("show"), QStringLiteral("list"), QStringLiteral("--json"), QStringLiteral("--data-dir"),
            dataDir },
        environment(dir), dir.path(), 30000);
    QVERIFY2(list.ok(), qPrintable(list.describe()));
    const QJsonObject latest = QJsonDocument::fromJson(list.out)
                                   .object()
                                   .value(QStringLiteral("shows"))
                                   .toArray()
                                   .at(0)
                                   .toObject()
                                   .value(QStringLiteral("latest_run"))
                                   .toObject();
    QCOMPARE(latest.value(QStringLiteral("state")).toString(), QStringLiteral("ended"));
    // --resume has nothing to continue.
    const ProgramRun resume = runProgram(QStringLiteral(PINSTAGE_BINARY),
        { QStringLiteral("--headless"), QStringLiteral("--show"), QStringLiteral("Terminated"),
            QStringLiteral("--resume"), QStringLiteral("--record"), dir.filePath(QStringLiteral("again.mkv")),
            QStringLiteral("--canvas"), QStringLiteral("360x640"), QStringLiteral("--camera"), QStringLiteral("none"),
            QStringLiteral("--mic"), QStringLiteral("none"), QStringLiteral("--data-dir"), dataDir },
        environment(dir), dir.path(), 60000);
    QVERIFY2(resume.finished && resume.exitCode != 0, qPrintable(resume.describe()));
    QVERIFY2(resume.err.contains("has no interrupted run to resume"), qPrintable(resume.describe()));
}

void tst_ShowResume::windowSigtermWhileAskingToResume()
{
    // The window: SIGTERM while the "Resume?" question waits for an answer (the seller logs out)
    // quits cleanly and leaves the question unanswered: the interrupted show is still offered at
    // the next start. Without a run in the way, SIGTERM quits the window cleanly too (exit 0, not
    // killed by the signal).
    TestTempDir dir(QStringLiteral("windowsigterm"));
    QVERIFY(dir.isValid());
    const QString dataDir = dir.mkpath(QStringLiteral("data"));
    QString error;
    QVERIFY2(seedDemoShow(dataDir, QStringLiteral("Asked"),
                 queueOf({ QStringLiteral("PS-1001"), QStringLiteral("PS-1002") }), {}, nullptr, &error),
        qPrintable(error));
    const QStringList common { QStringLiteral("--canvas"), QStringLiteral("360x640"), QStringLiteral("--fps"),
        QStringLiteral("15"), QStringLiteral("--camera"), QStringLiteral("none"), QStringLiteral("--mic"),
        QStringLiteral("none"), QStringLiteral("--data-dir"), dataDir };
    // An interrupted run: a headless show killed on air.
    const ProgramRun killed = runProgram(QStringLiteral(PINSTAGE_BINARY),
        QStringList { QStringLiteral("--headless"), QStringLiteral("--show"), QStringLiteral("Asked"),
            QStringLiteral("--auto-advance"), QStringLiteral("60"), QStringLiteral("--rehearsal"),
            QStringLiteral("--record"), dir.filePath(QStringLiteral("killed.mkv")) }
            + common,
        environment(dir), dir.path(), 90000, [&](QProcess& process) {
            QTRY_VERIFY_WITH_TIMEOUT(textOfFiles(dataDir + QStringLiteral("/shows"), { QStringLiteral("show-*.jsonl") })
                                         .contains(QLatin1String("\"event\":\"pin\"")),
                30000);
            QCOMPARE(::kill(pid_t(process.processId()), SIGKILL), 0);
        });
    keepOutput(killed, dir.path());
    const auto interruptedShow = [&]() -> QString {
        QString openError;
        const auto catalog = Catalog::open(Catalog::pathInDataDir(dataDir), &openError);
        if (!catalog)
            return QStringLiteral("(catalog: %1)").arg(openError);
        ShowBook book(*catalog);
        const std::optional<ShowRun> run = book.interruptedRun();
        return run ? QString::number(run->showId) : QString();
    };
    const QString interrupted = interruptedShow();
    QVERIFY2(!interrupted.isEmpty(), "the kill left no interrupted run");

    QProcessEnvironment env = environment(dir);
    env.insert(QStringLiteral("PINSTAGE_NO_FIRST_RUN"), QStringLiteral("1"));
    const auto runWindowUntil = [&](const QString& title, const char* what) {
        const ProgramRun window
            = runProgram(QStringLiteral(PINSTAGE_BINARY), common, env, dir.path(), 60000, [&](QProcess& process) {
                  QTRY_VERIFY2_WITH_TIMEOUT(
                      [&] {
                          for (const QString& shown : xvfb().mappedWindowTitles())
                              if (shown.contains(title))
                                  return true;
                          return false;
                      }(),
                      qPrintable(QStringLiteral("no window titled %1 (%2): %3")
                                     .arg(title, QLatin1String(what), xvfb().mappedWindowTitles().join(u'|'))),
                      40000);
                  QCOMPARE(::kill(pid_t(process.processId()), SIGTERM), 0);
              });
        keepOutput(window, dir.path());
        return window;
    };
    // 1. SIGTERM while the window asks whether to resume "Asked".
    const ProgramRun asked = runWindowUntil(QStringLiteral("Resume"), "the question");
    QVERIFY2(asked.ok(), qPrintable(asked.describe()));
    QVERIFY2(asked.elapsedMs < 60000, qPrintable(asked.describe()));
    QCOMPARE(interruptedShow(), interrupted); // unanswered: still offered at the next start
    // 2. Without a question: the main window, then SIGTERM.
    {
        const auto catalog = Catalog::open(Catalog::pathInDataDir(dataDir), &error);
        QVERIFY2(catalog, qPrintable(error));
        ShowBook book(*catalog);
        const std::optional<ShowRun> run = book.interruptedRun();
        QVERIFY(run);
        QVERIFY(book.endRun(run->id));
    }
    const ProgramRun plain = runWindowUntil(QStringLiteral("Pinstage"), "the main window");
    QVERIFY2(plain.ok(), qPrintable(plain.describe()));
    QVERIFY(interruptedShow().isEmpty());
}

QTEST_GUILESS_MAIN(tst_ShowResume)
#include "tst_show_resume.moc"
