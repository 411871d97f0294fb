// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/ObsLog.h"

#include <util/base.h>

#include <QDateTime>
#include <QFile>
#include <QStringList>

extern "C" {
#include <libavutil/log.h>
}

#include <cstdarg>
#include <cstdio>
#include <mutex>

namespace pinstage::ObsLog {
namespace {

struct LogState {
    std::mutex mutex;
    QFile file;
    bool toStderr = false;
    QStringList secrets;
    QList<QByteArray> early; // lines logged before the file was opened
};

LogState& state()
{
    static LogState s;
    return s;
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

QString redactLocked(LogState& s, QString text)
{
    for (const QString& secret : std::as_const(s.secrets))
        text.replace(secret, QStringLiteral("••••"));
    return text;
}

void writeLine(int level, const QString& text)
{
    LogState& s = state();
    std::lock_guard lock(s.mutex);
    const QString line = QStringLiteral("%1 [%2] %3\n")
                             .arg(QDateTime::currentDateTime().toString(Qt::ISODateWithMs),
                                  QLatin1String(levelName(level)), redactLocked(s, text.trimmed()));
    const QByteArray bytes = line.toUtf8();
    if (s.file.isOpen()) {
        s.file.write(bytes);
        if (level <= LOG_WARNING)
            s.file.flush();
    } else if (s.early.size() < 500) {
        s.early.append(bytes);
    }
    if (s.toStderr)
        std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stderr);
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
    writeLine(level <= AV_LOG_ERROR ? LOG_ERROR : level <= AV_LOG_WARNING ? LOG_WARNING : LOG_INFO,
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
        }
        s.early.clear();
    }
    base_set_log_handler(obsHandler, nullptr);
}

void uninstall()
{
    LogState& s = state();
    std::lock_guard lock(s.mutex);
    if (s.file.isOpen())
        s.file.close();
}

void addSecret(const QString& secret)
{
    if (secret.trimmed().size() < 4)
        return;
    LogState& s = state();
    std::lock_guard lock(s.mutex);
    if (!s.secrets.contains(secret))
        s.secrets.append(secret);
}

QString redact(const QString& text)
{
    LogState& s = state();
    std::lock_guard lock(s.mutex);
    return redactLocked(s, text);
}

} // namespace pinstage::ObsLog
