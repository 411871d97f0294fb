// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

#include <cstdint>

namespace pinstage {

/// Routes libobs's log (and Qt's and FFmpeg's messages) to one log file, with every secret masked:
/// registered secrets (stream keys, tokens) and the secret parts of every rtmp(s):// address
/// (IngestUrl::maskSecrets: what follows the application path, queries, user info). Secrets are
/// registered before they are handed to libobs, so that no log line, crash report or output can
/// carry them.
///
/// Threads: log lines arrive on any thread (libobs's graphics, output and encoder threads among
/// them). A line is formatted and redacted on the calling thread, then queued under a short lock;
/// one writer thread owned by this module writes the queue to the file and stderr. No caller ever
/// waits for a file or a terminal: a stalled stderr (a full pipe nobody reads) or a slow disk
/// stalls only the writer. When the queue is full (kMaxQueuedLines lines or kMaxQueuedBytes bytes)
/// new lines are dropped and counted, and the writer then logs how many were lost.
namespace ObsLog {

    /// The queue's bounds: beyond them lines are dropped (and counted), never waited for.
    constexpr int kMaxQueuedLines = 10000;
    constexpr qsizetype kMaxQueuedBytes = 8 * 1024 * 1024;

    /// Routes Qt's messages and FFmpeg's log into this log (held in memory until install() opens the
    /// file), so that stdout/stderr carry only what the command line promises. Call first in main().
    void captureProcessMessages(bool alsoStderr);

    /// Installs the libobs log handler. An empty path keeps no file. Thread-safe after install.
    void install(const QString& logFile, bool alsoStderr);
    /// Writes what is queued (waiting at most 2 s), then stops writing to the file (called at
    /// shutdown, after libobs is gone).
    void uninstall();

    /// Waits until every line queued so far has been written (file and stderr), at most TIMEOUTMS
    /// milliseconds. Returns false on timeout (the writer is stuck on a blocked stderr or disk).
    /// Called by uninstall(), before a fatal message aborts the process, and at exit (at most 2 s).
    bool flush(int timeoutMs);

    /// Lines dropped because the queue was full, since the process started.
    std::uint64_t droppedLines();

    /// Remembers SECRET so that any log line containing it is masked. Empty and very short strings
    /// are ignored (they would mask ordinary words). A key with a query ("name?expire=…&sign=…") also
    /// registers its name and its query. Thread-safe.
    void addSecret(const QString& secret);
    /// Returns TEXT with every registered secret and every secret part of an ingest URL replaced by
    /// "••••". Thread-safe; holds the lock only to copy the list of secrets.
    QString redact(const QString& text);

} // namespace ObsLog
} // namespace pinstage
