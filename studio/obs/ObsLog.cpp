// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/ObsLog.h"

#include "output/IngestUrl.h"

#include <util/base.h>

#include <QDateTime>
#include <QFile>
#include <QStringList>

extern "C" {
#include <libavutil/log.h>
}

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <thread>
#include <unistd.h>
#include <utility>

namespace pinstage::ObsLog {
namespace {

    constexpr int kEarlyLines = 500; // lines kept for the file while it is not open yet
    constexpr int kExitFlushMs = 2000;

    struct Line {
        QByteArray bytes;
        bool toStderr = false;
    };

    struct LogState {
        // Guarded by mutex, which is held only to push, pop or copy: never during I/O.
        std::mutex mutex;
        std::condition_variable wake; // lines or drops to write (the writer waits)
        std::condition_variable idle; // the writer finished a batch (flush() waits)
        std::deque<Line> queue;
        qsizetype queuedBytes = 0;
        std::uint64_t queuedTotal = 0; // lines ever queued
        std::uint64_t writtenTotal = 0; // queued lines the writer is done with
        std::uint64_t droppedSinceReport = 0;
        std::uint64_t droppedTotal = 0;
        bool writerBusy = false;
        bool toStderr = false;
        QStringList secrets; // longest first

        // Guarded by fileMutex: the writer while it writes, install() and uninstall().
        std::mutex fileMutex;
        QFile file;
        QList<QByteArray> early; // lines written before the file was opened
    };

    // Never destroyed: the writer thread and late log lines (static destructors, atexit) may still
    // use it while the process ends.
    LogState& state()
    {
        static LogState* s = new LogState;
        return *s;
    }

    const char* levelName(int level)
    {
        switch (level) {
        case LOG_ERROR:
            return "error";
        case LOG_WARNING:
            return "warning";
        case LOG_INFO:
            return "info";
        default:
            return "debug";
        }
    }

    QByteArray formatLine(int level, const QString& text)
    {
        return QStringLiteral("%1 [%2] %3\n")
            .arg(QDateTime::currentDateTime().toString(Qt::ISODateWithMs), QLatin1String(levelName(level)), text)
            .toUtf8();
    }

    // Writes all of DATA to FD, retrying on interruption; gives up on an error (a closed stderr).
    void writeAll(int fd, const QByteArray& data)
    {
        const char* p = data.constData();
        qsizetype left = data.size();
        while (left > 0) {
            const ssize_t n = ::write(fd, p, static_cast<size_t>(left));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return;
            p += n;
            left -= n;
        }
    }

    void writeBatch(LogState& s, const std::deque<Line>& batch)
    {
        QByteArray toStderr;
        {
            std::lock_guard lock(s.fileMutex);
            for (const Line& line : batch) {
                if (s.file.isOpen())
                    s.file.write(line.bytes);
                else if (s.early.size() < kEarlyLines)
                    s.early.append(line.bytes);
                if (line.toStderr)
                    toStderr.append(line.bytes);
            }
            if (s.file.isOpen())
                s.file.flush();
        }
        if (!toStderr.isEmpty())
            writeAll(STDERR_FILENO, toStderr);
    }

    [[noreturn]] void writerLoop()
    {
        LogState& s = state();
        std::deque<Line> batch;
        for (;;) {
            std::uint64_t dropped = 0;
            bool toStderr = false;
            {
                std::unique_lock lock(s.mutex);
                s.wake.wait(lock, [&s] { return !s.queue.empty() || s.droppedSinceReport > 0; });
                batch.swap(s.queue);
                s.queuedBytes = 0;
                dropped = std::exchange(s.droppedSinceReport, 0);
                toStderr = s.toStderr;
                s.writerBusy = true;
            }
            const std::uint64_t lines = batch.size();
            if (dropped > 0) {
                // Every line of this batch was queued before the queue filled up: the lost ones came after.
                batch.push_back(
                    { formatLine(LOG_WARNING,
                          QStringLiteral("pinstage: %1 log lines were dropped: the log file or stderr could not "
                                         "keep up")
                              .arg(dropped)),
                        toStderr });
            }
            writeBatch(s, batch);
            batch.clear();
            {
                std::lock_guard lock(s.mutex);
                s.writtenTotal += lines;
                s.writerBusy = false;
            }
            s.idle.notify_all();
        }
    }

    void startWriter()
    {
        static std::once_flag once;
        std::call_once(once, [] {
            std::thread(writerLoop).detach();
            std::atexit([] { flush(kExitFlushMs); });
        });
    }

    // Any thread, libobs's graphics thread included: formats and redacts here, then only queues.
    void writeLine(int level, const QString& text)
    {
        QByteArray bytes = formatLine(level, redact(text.trimmed()));
        LogState& s = state();
        startWriter();
        {
            std::lock_guard lock(s.mutex);
            if (s.queue.size() >= static_cast<size_t>(kMaxQueuedLines)
                || s.queuedBytes + bytes.size() > kMaxQueuedBytes) {
                ++s.droppedSinceReport;
                ++s.droppedTotal;
                return; // the writer is awake already: it has a full queue to write
            }
            s.queuedBytes += bytes.size();
            s.queue.push_back({ std::move(bytes), s.toStderr });
            ++s.queuedTotal;
        }
        s.wake.notify_one();
    }

    void obsHandler(int level, const char* format, va_list args, void*)
    {
        char buffer[4096];
        va_list copy;
        va_copy(copy, args);
        std::vsnprintf(buffer, sizeof buffer, format, copy);
        va_end(copy);
        writeLine(level, QString::fromUtf8(buffer));
    }

    // FFmpeg (used by libobs's AAC encoder and muxer) logs to stderr by default; keep it in our log.
    void ffmpegHandler(void* avClass, int level, const char* format, va_list args)
    {
        if (level > av_log_get_level())
            return;
        char buffer[2048];
        int printPrefix = 1;
        va_list copy;
        va_copy(copy, args);
        av_log_format_line(avClass, level, format, copy, buffer, sizeof buffer, &printPrefix);
        va_end(copy);
        writeLine(level <= AV_LOG_ERROR   ? LOG_ERROR
                : level <= AV_LOG_WARNING ? LOG_WARNING
                                          : LOG_INFO,
            QStringLiteral("ffmpeg: ") + QString::fromUtf8(buffer));
    }

    void qtHandler(QtMsgType type, const QMessageLogContext&, const QString& message)
    {
        int level = LOG_INFO;
        switch (type) {
        case QtDebugMsg:
            level = LOG_DEBUG;
            break;
        case QtInfoMsg:
            level = LOG_INFO;
            break;
        case QtWarningMsg:
            level = LOG_WARNING;
            break;
        case QtCriticalMsg:
        case QtFatalMsg:
            level = LOG_ERROR;
            break;
        }
        writeLine(level, QStringLiteral("qt: ") + message);
        if (type == QtFatalMsg) {
            flush(1000);
            std::fprintf(stderr, "pinstage: fatal: %s\n", qPrintable(redact(message)));
            std::abort();
        }
    }

} // namespace

void captureProcessMessages(bool alsoStderr)
{
    {
        LogState& s = state();
        std::lock_guard lock(s.mutex);
        s.toStderr = alsoStderr;
    }
    qInstallMessageHandler(qtHandler);
    av_log_set_level(AV_LOG_WARNING);
    av_log_set_callback(ffmpegHandler);
}

void install(const QString& logFile, bool alsoStderr)
{
    LogState& s = state();
    {
        std::lock_guard lock(s.mutex);
        s.toStderr = alsoStderr;
    }
    {
        std::lock_guard lock(s.fileMutex);
        if (s.file.isOpen())
            s.file.close();
        if (!logFile.isEmpty()) {
            s.file.setFileName(logFile);
            if (!s.file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text))
                std::fprintf(stderr, "pinstage: cannot write the log file %s\n", qPrintable(logFile));
        }
        if (s.file.isOpen()) {
            for (const QByteArray& line : std::as_const(s.early))
                s.file.write(line);
            s.file.flush();
        }
        s.early.clear();
    }
    base_set_log_handler(obsHandler, nullptr);
}

void uninstall()
{
    flush(kExitFlushMs);
    LogState& s = state();
    std::lock_guard lock(s.fileMutex);
    if (s.file.isOpen())
        s.file.close();
}

bool flush(int timeoutMs)
{
    LogState& s = state();
    std::unique_lock lock(s.mutex);
    const std::uint64_t target = s.queuedTotal;
    return s.idle.wait_for(lock, std::chrono::milliseconds(timeoutMs),
        [&s, target] { return s.writtenTotal >= target && s.droppedSinceReport == 0 && !s.writerBusy; });
}

std::uint64_t droppedLines()
{
    LogState& s = state();
    std::lock_guard lock(s.mutex);
    return s.droppedTotal;
}

void addSecret(const QString& secret)
{
    QStringList parts { secret };
    // A key with a query (TikTok's "stream-123?expire=…&sign=…"): its name and its query may be
    // logged apart.
    const qsizetype question = secret.indexOf(QLatin1Char('?'));
    if (question > 0) {
        parts.append(secret.left(question));
        parts.append(secret.mid(question + 1));
    }
    LogState& s = state();
    std::lock_guard lock(s.mutex);
    for (const QString& part : std::as_const(parts)) {
        if (part.trimmed().size() < 4 || s.secrets.contains(part))
            continue;
        s.secrets.append(part);
    }
    // Longest first, so that a key is masked whole before its name alone.
    std::stable_sort(
        s.secrets.begin(), s.secrets.end(), [](const QString& a, const QString& b) { return a.size() > b.size(); });
}

QString redact(const QString& text)
{
    QStringList secrets;
    {
        LogState& s = state();
        std::lock_guard lock(s.mutex);
        secrets = s.secrets; // shared, not copied: the lock is held for a reference count
    }
    QString result = text;
    for (const QString& secret : std::as_const(secrets))
        result.replace(secret, IngestUrl::mask());
    return IngestUrl::maskSecrets(result);
}

} // namespace pinstage::ObsLog
