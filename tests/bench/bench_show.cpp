// SPDX-License-Identifier: GPL-2.0-or-later
// What a show costs: runs the real `pinstage --headless` binary at 1080x1920@30 with the default
// scene collection, streaming to a private nginx-rtmp under a private Xvfb, and prints
//   - CPU seconds per streamed minute: the child's user + system time (wait4 rusage, all threads,
//     start-up and shutdown included) per minute on air (duration_s of the statistics line), and
//     the steady on-air rate from /proc/PID/stat sampled between the first accepted frame and the
//     last sample before exit;
//   - peak RSS: ru_maxrss from wait4 (the kernel's high-water mark, like VmHWM);
//   - lagged frames: frames_lagged / frames_rendered of the statistics line (libobs counts every
//     frame interval in its total, the lagged ones included: obs-video.c video_sleep());
//   - time from launch to the first frame accepted by the ingest: nginx-rtmp records every tag it
//     accepts into <key>.flv as it arrives, and this program scans that growing file for the first
//     video tag carrying a picture (see tests/support/FlvTags.h). Pulling the stream back with a
//     player instead would add the player's own connect and keyframe wait, and a decoder competing
//     for the 2 cores being measured.
//
// Usage: bench_show [SECONDS] [-- EXTRA PINSTAGE ARGUMENTS...]   (default 60 s)
// Not a ctest test: it prints numbers. Run it on a quiet machine; the load average is printed.
#include "FlvTags.h"
#include "HeadlessProcess.h"
#include "NginxRtmpServer.h"
#include "TestTempDir.h"
#include "XvfbServer.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PINSTAGE_BINARY
#error "PINSTAGE_BINARY must name the pinstage executable (see tests/bench/CMakeLists.txt)"
#endif

using namespace pinstage::test;

namespace {

constexpr const char* kCanvas = "1080x1920";
constexpr int kFps = 30;

/// utime + stime of PID in seconds from /proc/PID/stat; nullopt once it is gone.
std::optional<double> cpuSeconds(pid_t pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray stat = file.readAll();
    // The command name (field 2) is in parentheses and may contain spaces: count from the last ')'.
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return std::nullopt;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    // fields[0] is field 3 (state); utime is field 14, stime field 15.
    if (fields.size() < 13)
        return std::nullopt;
    const double ticks = double(::sysconf(_SC_CLK_TCK));
    return (fields.at(11).toDouble() + fields.at(12).toDouble()) / ticks;
}

double loadAverage()
{
    double load[1] = { 0 };
    return ::getloadavg(load, 1) == 1 ? load[0] : -1;
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

int fail(const QString& message, TestTempDir* dir = nullptr)
{
    if (dir)
        dir->keep();
    std::fprintf(stderr, "bench_show: %s\n", qPrintable(message));
    if (dir)
        std::fprintf(stderr, "bench_show: kept %s\n", qPrintable(dir->path()));
    return 1;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int seconds = 60;
    QStringList extra;
    const QStringList args = app.arguments().mid(1);
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--")) {
            extra = args.mid(i + 1);
            break;
        }
        bool ok = false;
        seconds = args.at(i).toInt(&ok);
        if (!ok || seconds < 5) {
            std::fprintf(stderr, "usage: bench_show [SECONDS >= 5] [-- EXTRA PINSTAGE ARGUMENTS...]\n");
            return 2;
        }
    }

    TestTempDir dir(QStringLiteral("bench-show"));
    if (!dir.isValid())
        return fail(QStringLiteral("cannot create a temporary folder"));
    XvfbServer xvfb;
    QString error;
    if (!xvfb.start(&error))
        return fail(error, &dir);
    NginxRtmpServer server;
    if (!server.start(&error))
        return fail(error, &dir);

    const QString key = randomStreamKey();
    const QString ingest = server.recordingPath(key);
    const QString dataDir = dir.mkpath(QStringLiteral("data"));
    const QString outPath = dir.filePath(QStringLiteral("pinstage.stdout"));
    const QString errPath = dir.filePath(QStringLiteral("pinstage.stderr"));
    QStringList command { QStringLiteral(PINSTAGE_BINARY), QStringLiteral("--headless"), QStringLiteral("--stream-url"),
        server.url(), QStringLiteral("--stream-key"), key, QStringLiteral("--duration"), QString::number(seconds),
        QStringLiteral("--canvas"), QString::fromLatin1(kCanvas), QStringLiteral("--fps"), QString::number(kFps),
        QStringLiteral("--data-dir"), dataDir };
    command += extra;

    // posix_spawn rather than QProcess: only the parent that reaps the child gets its rusage.
    std::vector<QByteArray> argStore;
    for (const QString& a : std::as_const(command))
        argStore.push_back(a.toLocal8Bit());
    std::vector<char*> argvChild;
    for (QByteArray& a : argStore)
        argvChild.push_back(a.data());
    argvChild.push_back(nullptr);
    std::vector<QByteArray> envStore;
    for (const QString& e : confinedEnvironment(xvfb, dir).toStringList())
        envStore.push_back(e.toLocal8Bit());
    std::vector<char*> envChild;
    for (QByteArray& e : envStore)
        envChild.push_back(e.data());
    envChild.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    const QByteArray outFile = outPath.toLocal8Bit();
    const QByteArray errFile = errPath.toLocal8Bit();
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outFile.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errFile.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);

    const double loadBefore = loadAverage();
    std::printf("bench_show: %d s at %s@%d, default scene collection, load average before %.2f\n", seconds, kCanvas,
        kFps, loadBefore);
    std::fflush(stdout);

    QElapsedTimer sinceLaunch;
    sinceLaunch.start();
    pid_t pid = 0;
    const int spawned = ::posix_spawn(&pid, argvChild[0], &actions, nullptr, argvChild.data(), envChild.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0)
        return fail(
            QStringLiteral("cannot start %1: %2").arg(command.first(), QString::fromLocal8Bit(std::strerror(spawned))),
            &dir);

    // Poll until the child exits: the ingest's file for the first picture (every 5 ms until it
    // came, then rarely), /proc for the CPU time (every 100 ms).
    qint64 firstFrameMs = -1;
    std::optional<double> cpuAtFirstFrame;
    std::optional<double> lastCpu;
    qint64 lastCpuMs = -1;
    qint64 lastIngestSize = -1;
    int status = 0;
    rusage usage {};
    QElapsedTimer lastSample;
    lastSample.start();
    const QDeadlineTimer deadline((seconds + 120) * 1000);
    for (;;) {
        const pid_t done = ::wait4(pid, &status, WNOHANG, &usage);
        if (done == pid)
            break;
        if (done < 0 && errno != EINTR)
            return fail(QStringLiteral("wait4: %1").arg(QString::fromLocal8Bit(std::strerror(errno))), &dir);
        if (deadline.hasExpired()) {
            ::kill(pid, SIGKILL);
            ::wait4(pid, &status, 0, &usage);
            return fail(QStringLiteral("pinstage did not end within %1 s").arg(seconds + 120), &dir);
        }
        if (firstFrameMs < 0) {
            const qint64 size = QFileInfo(ingest).size();
            if (size != lastIngestSize) {
                lastIngestSize = size;
                const std::optional<FlvTags> tags = scanFlv(ingest);
                if (tags && tags->videoFrames > 0) {
                    firstFrameMs = sinceLaunch.elapsed();
                    cpuAtFirstFrame = cpuSeconds(pid);
                }
            }
        }
        if (lastSample.elapsed() >= 100) {
            lastSample.restart();
            if (const std::optional<double> cpu = cpuSeconds(pid)) {
                lastCpu = cpu;
                lastCpuMs = sinceLaunch.elapsed();
            }
        }
        QThread::usleep(firstFrameMs < 0 ? 5000 : 20000);
    }
    const qint64 wallMs = sinceLaunch.elapsed();

    const QByteArray out = readAll(outPath);
    const QByteArray err = readAll(errPath);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        return fail(QStringLiteral("pinstage ended with %1\n--- stderr ---\n%2")
                        .arg(WIFEXITED(status) ? QStringLiteral("exit code %1").arg(WEXITSTATUS(status))
                                               : QStringLiteral("signal %1").arg(WTERMSIG(status)),
                            QString::fromUtf8(err.right(3000))),
            &dir);
    }
    const QJsonObject stats = QJsonDocument::fromJson(lastNonEmptyLine(out)).object();
    if (stats.isEmpty())
        return fail(QStringLiteral("no statistics line on stdout"), &dir);

    const double onAir = stats.value(QStringLiteral("duration_s")).toDouble();
    const double rendered = stats.value(QStringLiteral("frames_rendered")).toDouble();
    const double lagged = stats.value(QStringLiteral("frames_lagged")).toDouble();
    const double cpuTotal = double(usage.ru_utime.tv_sec) + usage.ru_utime.tv_usec / 1e6 + double(usage.ru_stime.tv_sec)
        + usage.ru_stime.tv_usec / 1e6;
    const double peakMb = double(usage.ru_maxrss) / 1024.0; // ru_maxrss is in KiB on Linux

    std::printf("CPU: %.1f CPU-s per streamed minute (%.1f CPU-s in all, %.1f s on air, %.1f s from launch to exit)\n",
        onAir > 0 ? cpuTotal * 60.0 / onAir : 0.0, cpuTotal, onAir, wallMs / 1000.0);
    if (cpuAtFirstFrame && lastCpu && lastCpuMs > firstFrameMs) {
        const double window = (lastCpuMs - firstFrameMs) / 1000.0;
        std::printf("CPU on air: %.1f CPU-s per minute (/proc/PID/stat from the first accepted frame to %.1f s later; "
                    "start-up took %.1f CPU-s)\n",
            (*lastCpu - *cpuAtFirstFrame) * 60.0 / window, window, *cpuAtFirstFrame);
    }
    std::printf("peak RSS: %.0f MB\n", peakMb);
    std::printf("lagged frames: %.0f of %.0f frame intervals (%.2f %%)\n", lagged, rendered,
        rendered > 0 ? 100.0 * lagged / rendered : 0.0);
    if (firstFrameMs >= 0)
        std::printf("launch to first frame accepted by the ingest: %.2f s\n", firstFrameMs / 1000.0);
    else
        std::printf("launch to first frame accepted by the ingest: never (no picture in %s)\n", qPrintable(ingest));
    std::printf("load average after: %.2f\n", loadAverage());
    std::printf("statistics: %s\n", lastNonEmptyLine(out).constData());
    return firstFrameMs >= 0 ? 0 : 1;
}
