// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QFile>
#include <QJsonObject>
#include <QString>

#include "util/Clock.h"

#include <functional>

namespace pinstage {

/// The show log: one JSON object a line, appended and flushed the moment something happens
/// (went live, pinned, unpinned, reconnecting, stopped), each stamped with the stream clock and
/// the wall clock. It is what the post-show review and the VOD chapters are built from, so it
/// is written as it happens and survives a crash up to the last event.
///
/// Line format (a contract, see README): {"t_ms": <stream ms>, "at": "<ISO 8601 local time>",
/// "event": "<name>", ...event fields}.
///
/// Thread contract: main thread. The file is created on the first event, so a session that
/// never goes live or pins leaves no file behind.
class ShowLog {
public:
    using ShowClock = std::function<qint64()>;

    /// FOLDER receives show-YYYYMMDD-HHMMSS.jsonl; SHOW_CLOCK gives the show time in ms ("t_ms");
    /// WALL gives the wall-clock time ("at") and names the file.
    ShowLog(QString folder, ShowClock showClock, const Clock& wall = Clock::system());

    /// Appends one event, stamped with the clock unless FIELDS carries its own "t_ms" (an event
    /// that ends the clock, such as a stop, knows its time better). Returns false if the log cannot be written (error()
    /// says why); the show goes on regardless.
    bool append(const QString& event, QJsonObject fields = {});

    /// The file written so far; empty before the first event.
    QString filePath() const { return m_file.fileName(); }
    QString error() const { return m_error; }

private:
    bool open();

    QString m_folder;
    ShowClock m_clock;
    const Clock& m_wall;
    QFile m_file;
    QString m_error;
};

} // namespace pinstage
