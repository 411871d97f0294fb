// SPDX-License-Identifier: GPL-2.0-or-later
// What an ingest outage costs, Pinstage's reconnect against libobs's: runs the real
// `pinstage --headless` (360x640@30, streaming to a private nginx-rtmp under a private Xvfb) and
//   1. stops nginx for 5 s (and 6 s: libobs's attempts come 2, 5 and 9.5 s after the drop, so one
//      second more decides between its best and its worst case) mid-stream and starts it again on the same port: prints
//      the seconds of stream lost, measured at the ingest: the show's duration_s minus the video the ingest received
//      (the first connection's FLV, copied when nginx went down, plus the second's; nginx truncates <key>.flv for the
//      new publisher). That is the outage, the wait for the next attempt and the wait for the next keyframe (keyframes
//      every 2 s);
//   2. SIGSTOPs nginx (it stops answering without closing the connection), and 8 s later (45 s
//      later: the send buffers are full) ends the show with SIGTERM (the same
//      ShowController::endShow as End show and --duration): prints the seconds until the process
//      exited (headless gives up waiting after 20 s and exits 1), and, from the show log, how long
//      the stream itself took to stop (what End show waits for in the window).
// Each round runs Pinstage's reconnect (StreamOutput::ReconnectPolicy) and libobs's own (the hidden
// headless flag --bench-libobs-reconnect: 20 attempts, 2 s then ×1.5, which Pinstage used before),
// interleaved in the same minute: the machine is shared and noisy.
//
// Usage: bench_reconnect [ROUNDS [--end-only]]   (default 1; a round takes about 4 minutes)
//        bench_reconnect ROUNDS --against OTHER_PINSTAGE [OUTAGE_SECONDS]
//            only the outage (5 s unless given), with Pinstage's reconnect, this build's binary and
//            OTHER_PINSTAGE (e.g. a copy of an earlier build) interleaved: the same minutes, the same
//            load (printed from /proc/loadavg with each run); prints the medians of the stream lost and
//            of reconnecting_s (drop to reconnect, before the wait for a keyframe). About 80 s a round.
// Not a ctest test: it prints numbers.
#include "FlvTags.h"
#include "HeadlessProcess.h"
#include "NginxRtmpServer.h"
#include "TestTempDir.h"
#include "XvfbServer.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <vector>

#include <signal.h>

#ifndef PINSTAGE_BINARY
#error "PINSTAGE_BINARY must name the pinstage executable (see tests/bench/CMakeLists.txt)"
#endif

using namespace pinstage::test;

namespace {

constexpr int kOutageSeconds = 5;
constexpr int kShowSeconds = 22;

double ingestSeconds(const QString& path)
{
    const std::optional<FlvTags> tags = QFileInfo::exists(path) ? scanFlv(path) : std::nullopt;
    return tags && tags->videoFrames > 0 ? tags->videoSeconds() : -1.0;
}

bool waitFor(const std::function<bool()>& condition, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!condition()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QThread::msleep(100);
    }
    return true;
}

/// The binary under test: this build's, or --against's.
QString s_binary = QStringLiteral(PINSTAGE_BINARY);
/// reconnecting_s of the last outageLoss() run (-1: none).
double s_lastReconnectingSeconds = -1;

/// The 1-minute load average (/proc/loadavg), for the record: the machine is shared.
QString loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll().split(' ').value(0)) : QStringLiteral("?");
}

void startShow(QProcess& p, const XvfbServer& xvfb, const TestTempDir& dir, bool libobs, const QString& url,
    const QString& key, int seconds)
{
    p.setProcessEnvironment(confinedEnvironment(xvfb, dir));
    p.setWorkingDirectory(dir.path());
    p.setStandardInputFile(QProcess::nullDevice());
    p.setStandardOutputFile(dir.filePath(QStringLiteral("out")));
    p.setStandardErrorFile(dir.filePath(QStringLiteral("err")));
    QStringList args { QStringLiteral("--headless"), QStringLiteral("--stream-url"), url,
        QStringLiteral("--stream-key"), key, QStringLiteral("--duration"), QString::number(seconds),
        QStringLiteral("--canvas"), QStringLiteral("360x640"), QStringLiteral("--fps"), QStringLiteral("30"),
        QStringLiteral("--record"), dir.filePath(QStringLiteral("local.mkv")), QStringLiteral("--data-dir"),
        dir.mkpath(QStringLiteral("data")) };
    if (libobs)
        args.append(QStringLiteral("--bench-libobs-reconnect")); // libobs's own reconnect, the baseline
    p.start(s_binary, args);
    p.waitForStarted(10000);
}

/// Seconds of stream lost for a 5 s outage; -1 on failure.
double outageLoss(const XvfbServer& xvfb, bool libobs, int outageSeconds)
{
    TestTempDir dir(QStringLiteral("bench-outage"));
    NginxRtmpServer server;
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "nginx: %s\n", qPrintable(error));
        return -1;
    }
    const QString key = randomStreamKey();
    const QString ingest = server.recordingPath(key);
    QProcess p;
    startShow(p, xvfb, dir, libobs, server.url(), key, kShowSeconds);
    if (!waitFor([&] { return ingestSeconds(ingest) >= 6 || p.state() != QProcess::Running; }, 40000))
        return -1;
    ::kill(static_cast<pid_t>(server.pid()), SIGTERM); // abrupt, as in tst_reconnect
    server.stopForOutage();
    const QString first = dir.filePath(QStringLiteral("before.flv"));
    QFile::copy(ingest, first);
    QThread::msleep(outageSeconds * 1000);
    if (!server.restart(&error))
        return -1;
    p.waitForFinished(120000);
    NginxRtmpServer::waitForRecordingClosed(ingest, 20000);
    server.stop();
    QFile out(dir.filePath(QStringLiteral("out")));
    out.open(QIODevice::ReadOnly);
    const QByteArray line = lastNonEmptyLine(out.readAll());
    const QJsonObject stats = QJsonDocument::fromJson(line).object();
    const double duration = stats.value(QStringLiteral("duration_s")).toDouble();
    const double before = std::max(0.0, ingestSeconds(first));
    const double after = std::max(0.0, ingestSeconds(ingest));
    if (duration <= 0 || after <= 0) {
        std::fprintf(stderr, "run failed (%s): %s\n", libobs ? "libobs" : "pinstage", line.constData());
        return -1;
    }
    std::printf("    %-8s show %.2f s, ingest received %.2f + %.2f s, reconnecting_s %.2f, attempts %d, load %s\n",
        libobs ? "libobs" : "pinstage", duration, before, after,
        stats.value(QStringLiteral("reconnecting_s")).toDouble(),
        stats.value(QStringLiteral("reconnect_attempts")).toInt(), qPrintable(loadAverage()));
    s_lastReconnectingSeconds = stats.value(QStringLiteral("reconnecting_s")).toDouble(-1);
    const double lost = duration - before - after;
    if (lost > outageSeconds + 3.0) {
        dir.keep(); // worth a look: the engine log (data/logs), the show log, stderr, both FLVs
        std::printf("    (kept %s: %.2f s lost for a %d s outage)\n", qPrintable(dir.path()), lost, outageSeconds);
    }
    return lost;
}

/// From the show log in DATA_DIR: seconds from the end being asked for (the show clock's t_ms of
/// "stream_stopped", counted from "live") to "stream_stopped" being logged, i.e. what the seller
/// waits for in the window; -1 when the log does not have both.
double streamStopSeconds(const QString& dataDir)
{
    const QDir shows(QDir(dataDir).filePath(QStringLiteral("shows")));
    QDateTime live;
    for (const QString& name : shows.entryList({ QStringLiteral("*.jsonl") }, QDir::Files, QDir::Name)) {
        QFile f(shows.filePath(name));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray& line : f.readAll().split('\n')) {
            const QJsonObject e = QJsonDocument::fromJson(line).object();
            const QString event = e.value(QStringLiteral("event")).toString();
            const QDateTime at = QDateTime::fromString(e.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs);
            if (event == QLatin1String("live"))
                live = at;
            else if (event == QLatin1String("stream_stopped") && live.isValid())
                return (live.msecsTo(at) - e.value(QStringLiteral("t_ms")).toDouble()) / 1000.0;
        }
    }
    return -1;
}

/// Seconds from SIGTERM to exit with the ingest SIGSTOPped; -1 on failure.
double endShowStalled(const XvfbServer& xvfb, bool libobs, int stallSeconds)
{
    TestTempDir dir(QStringLiteral("bench-endstall"));
    NginxRtmpServer server;
    QString error;
    if (!server.start(&error))
        return -1;
    const QString key = randomStreamKey();
    const QString ingest = server.recordingPath(key);
    QProcess p;
    startShow(p, xvfb, dir, libobs, server.url(), key, 600);
    if (!waitFor([&] { return ingestSeconds(ingest) >= 4 || p.state() != QProcess::Running; }, 40000))
        return -1;
    server.suspend();
    QThread::msleep(stallSeconds * 1000);
    QElapsedTimer t;
    t.start();
    ::kill(static_cast<pid_t>(p.processId()), SIGTERM);
    const bool done = p.waitForFinished(60000);
    const double took = t.elapsed() / 1000.0;
    server.resume();
    if (!done) {
        p.kill();
        p.waitForFinished(5000);
        server.stop();
        return 60.0; // did not end within a minute
    }
    // The stream's own stop (what End show waits for in the window) against the whole exit (the
    // recording's stop and remux, libobs's shutdown, the process's end).
    std::printf("    %-8s stream stopped %.2f s after the end was asked for; the process exited after %.2f s\n",
        libobs ? "libobs" : "pinstage", streamStopSeconds(dir.filePath(QStringLiteral("data"))), took);
    if (took > 3.0) {
        dir.keep(); // worth a look: the engine log is in data/logs
        std::printf("    (kept %s)\n", qPrintable(dir.path()));
    }
    server.stop();
    return took;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? -1 : v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(1, atoi(argv[1])) : 1;
    const bool endOnly = argc > 2 && QByteArray(argv[2]) == "--end-only";
    const QString other = argc > 3 && QByteArray(argv[2]) == "--against" ? QString::fromLocal8Bit(argv[3]) : QString();
    XvfbServer xvfb;
    QString error;
    if (!xvfb.start(&error)) {
        std::fprintf(stderr, "Xvfb: %s\n", qPrintable(error));
        return 1;
    }
    if (!other.isEmpty()) {
        // This build against another binary, interleaved, the 5 s outage only.
        if (!QFileInfo(other).isExecutable()) {
            std::fprintf(stderr, "--against %s: not an executable\n", qPrintable(other));
            return 2;
        }
        const int outage = argc > 4 ? std::clamp(atoi(argv[4]), 1, 60) : kOutageSeconds;
        std::vector<double> thisBuild, otherBuild, thisOffAir, otherOffAir;
        for (int r = 0; r < rounds; ++r) {
            std::printf("round %d\n", r + 1);
            for (const bool isOther : { r % 2 == 1, r % 2 == 0 }) { // who goes first alternates
                s_binary = isOther ? other : QStringLiteral(PINSTAGE_BINARY);
                const double loss = outageLoss(xvfb, false, outage);
                std::printf(
                    "  %s: %.2f s of stream lost for a %d s outage\n", isOther ? "other" : "this ", loss, outage);
                if (loss >= 0) {
                    (isOther ? otherBuild : thisBuild).push_back(loss);
                    (isOther ? otherOffAir : thisOffAir).push_back(s_lastReconnectingSeconds);
                }
                std::fflush(stdout);
            }
        }
        std::printf("median of %zu/%zu: stream lost for a %d s outage: this build %.2f s, %s %.2f s; reconnecting_s: "
                    "this build %.2f s, other %.2f s\n",
            thisBuild.size(), otherBuild.size(), outage, median(thisBuild), qPrintable(other), median(otherBuild),
            median(thisOffAir), median(otherOffAir));
        return 0;
    }
    std::vector<double> loss6Ours, loss6Libobs, lossOurs, lossLibobs, endOurs, endLibobs, longOurs, longLibobs;
    for (int r = 0; r < rounds; ++r) {
        std::printf("round %d\n", r + 1);
        for (int outage : { kOutageSeconds, kOutageSeconds + 1 }) {
            for (bool libobs : { false, true }) {
                if (endOnly)
                    break;
                const double loss = outageLoss(xvfb, libobs, outage);
                std::printf(
                    "  %s: %.2f s of stream lost for a %d s outage\n", libobs ? "libobs  " : "pinstage", loss, outage);
                if (outage == kOutageSeconds)
                    (libobs ? lossLibobs : lossOurs).push_back(loss);
                else
                    (libobs ? loss6Libobs : loss6Ours).push_back(loss);
                std::fflush(stdout);
            }
        }
        for (bool libobs : { false, true }) {
            const double end = endShowStalled(xvfb, libobs, 8);
            std::printf("  %s: End show 8 s into a stall took %.2f s\n", libobs ? "libobs  " : "pinstage", end);
            (libobs ? endLibobs : endOurs).push_back(end);
            std::fflush(stdout);
        }
        for (bool libobs : { false, true }) {
            // Long enough for the send buffers to fill (libobs's send then blocks).
            const double end = endShowStalled(xvfb, libobs, 45);
            std::printf("  %s: End show 45 s into a stall took %.2f s\n", libobs ? "libobs  " : "pinstage", end);
            (libobs ? longLibobs : longOurs).push_back(end);
            std::fflush(stdout);
        }
    }
    std::printf("median of %d: stream lost for a %d s outage: pinstage %.2f s, libobs %.2f s; End show 8 s into a "
                "stall: pinstage %.2f s, libobs %.2f s; 45 s into a stall: pinstage %.2f s, libobs %.2f s\n",
        rounds, kOutageSeconds, median(lossOurs), median(lossLibobs), median(endOurs), median(endLibobs),
        median(longOurs), median(longLibobs));
    std::printf("median of %d: stream lost for a %d s outage: pinstage %.2f s, libobs %.2f s\n", rounds,
        kOutageSeconds + 1, median(loss6Ours), median(loss6Libobs));
    return 0;
}
