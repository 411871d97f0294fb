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

    /// Writes to the existing log PATH from now on (a resumed run continues its log). A last line
    /// cut short by a crash (no trailing newline) is removed first, so every line stays a whole
    /// event. Returns false (error() says why, naming the file) when PATH cannot be written.
    bool continueFile(const QString& path);
    /// RECORDING_CLOCK gives the position in the local recording in ms, or a negative value when
    /// nothing records: written as "rec_ms" on every line while it is >= 0.
    void setRecordingClock(ShowClock recordingClock) { m_recordingClock = std::move(recordingClock); }
    /// FIELDS are written on every line from now on (e.g. {"rehearsal": true}); {} removes them.
    void setStamp(const QJsonObject& fields) { m_stamp = fields; }

    /// The file written so far; empty before the first event.
    QString filePath() const { return m_file.fileName(); }
    QString error() const { return m_error; }

private:
    bool open();

    QString m_folder;
    ShowClock m_clock;
    ShowClock m_recordingClock;
    QJsonObject m_stamp;
    const Clock& m_wall;
    QFile m_file;
    QString m_error;
};

} // namespace pinstage
