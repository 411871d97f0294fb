// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace pinstage {

/// One line of a show log (see ShowLog for the line format).
struct ShowLogEntry {
    int line = 0; ///< 1-based line in the file, for messages
    /// Show time in milliseconds ("t_ms"). After a "resumed" event (a run continued after a crash,
    /// whose stream clock starts again at 0) the times go on from where the part before it ended,
    /// as in the stream's video, which does not hold the time the app was down: its last line, or
    /// when a card was on air, the card's pin plus the "on_air_ms" the "resumed" line carries (how
    /// long it had been up, stored every half second). "fields" keeps t_ms as written.
    qint64 tMs = 0;
    QString at; ///< wall-clock time as written ("at", ISO 8601 local time)
    QString event; ///< "live", "pin", "unpin", "flash_sale_started", ...
    QJsonObject fields; ///< the whole line, the fields above included
};

/// A chapter of the show's video: from START_MS (show time relative to the start of the video)
/// on, TITLE is what the show is about.
struct ShowChapter {
    qint64 startMs = 0;
    QString title;
    QString sku; ///< the product's SKU; empty for the intro (and a product without one)
    QString code; ///< the pin code the product was taken to air with; empty for time without a product
    /// Where it ends, ms on the same clock as startMs: the next chapter's start, the last one's the
    /// end of the show (or recording). -1: not known (a chapter made by hand: up to the next one).
    qint64 endMs = -1;
};

/// How a recording logged by a show log ("file" of its "recording_started" line) and a file on
/// disk belong together: the same file, a file of the same name (the recording moved, or the MP4
/// made from it: "show.mp4" or, for an .mp4/.mov recording, "show-chapters.mp4"), or not at all.
enum class RecordingMatch { None, SameName, SameFile };

/// Reads a show log and turns it into what the post-show review needs: a spreadsheet (CSV), a
/// JSON document and the chapter list a YouTube description accepts.
///
/// Thread contract: plain functions of their arguments; any thread.
namespace ShowLogExport {

    /// Every event of the log at PATH, in file order. A line that is not a JSON object with a
    /// numeric "t_ms" and a string "event" is an error: nullopt and ERROR says
    /// "FILE:LINE: what is wrong". Blank lines are skipped. A last line cut short by a crash
    /// (no trailing newline and not valid JSON) is dropped, with WARNING saying so: a log
    /// survives a crash up to its last complete event.
    std::optional<QList<ShowLogEntry>> read(const QString& path, QString* error, QString* warning = nullptr);

    /// Where the video starts, in show time: the first "live" event (the stream's first frame;
    /// the VOD starts there), else the first "rehearsal_started", else the first
    /// "recording_started", else 0.
    qint64 videoStartMs(const QList<ShowLogEntry>& entries);

    /// The one rule for matching a recording with its show log (the remux, `show clips`, the
    /// window's Cut clips…): LOGGED, the path a "recording_started" line names, and FILE, a
    /// recording or the MP4 made from it. SameFile when both are the same absolute path; SameName
    /// when FILE's base name is LOGGED's, or LOGGED's with "-chapters" (the MP4 of an .mp4/.mov
    /// recording): the whole name, so "show" never matches "show-2" (a resumed show's second part).
    RecordingMatch matchRecording(const QString& logged, const QString& file);

    /// The index in ENTRIES of the "recording_started" line of FILE (matchRecording): the first
    /// that names FILE itself, else the first of the same name; -1 when none does (or FILE is
    /// empty: then the first "recording_started", -1 when there is none). MATCH, when given, says
    /// which rule found it.
    int recordingStart(const QList<ShowLogEntry>& entries, const QString& file, RecordingMatch* match = nullptr);

    /// Every recording the log names, in order ("file" of each "recording_started"; once each).
    QStringList recordings(const QList<ShowLogEntry>& entries);

    /// A show log that went live more than once (the window: End show, then Go Live again; one log
    /// per session) holds several streams, each a video of its own whose show clock starts at 0
    /// again. The entries of each, in file order: a stream runs from the line after the previous
    /// stream's "stream_stopped" (a card staged before it went live belongs to it) to its own
    /// "stream_stopped"; what follows the last one belongs to it too. A log that went live once
    /// (or never) is one part: ENTRIES.
    QList<QList<ShowLogEntry>> streams(const QList<ShowLogEntry>& entries);

    /// chapters() of each of streams(ENTRIES), in order.
    QList<QList<ShowChapter>> streamChapters(
        const QList<ShowLogEntry>& entries, qint64 minimumMs = 10000, const QString& intro = QStringLiteral("Intro"));

    /// chaptersText() of each stream (streamChapters()); from the second on, each list follows a
    /// blank line and a "Stream N (live at HH:MM:SS):" line, for the description of its own video.
    QString streamChaptersText(const QList<ShowLogEntry>& entries);

    /// What the show was about, in order: a chapter opens at every "pin" of a product other than
    /// the one already on air, titled with the product's title (and " – VARIANT" when the pin
    /// names a variant). Time without a product on air is a chapter of its own: INTRO before the
    /// first product, "Between products" after an unpin with another product later, "Outro" after
    /// the last product's unpin (so a product's chapter ends when its card came down). The rules YouTube sets for
    /// chapters in a description (support.google.com/youtube/answer/9884579): the first starts at
    /// 00:00 and each lasts at least 10 seconds. A chapter shorter than MINIMUMMS followed by a
    /// long one (the intro, a pin corrected at once) gives way to it (that one starts earlier); one
    /// followed by another short one (a quick run of products) is absorbed by the chapter before,
    /// which keeps the title viewers saw at its start; a short last chapter goes into the one
    /// before, and neighbours with the same title become one. Times are relative to
    /// videoStartMs(); the show ends at the last event. A product on air at the start of the
    /// video (pinned before or as it went live) opens it at 00:00. A resumed run (a "resumed"
    /// line) goes on after the part before it, as read() puts it: one list for the whole run.
    /// ENTRIES are one stream's (streams()): a log that went live twice gives the first stream's
    /// chapters here (streamChapters() gives each). What precedes the video's start in the file
    /// (a card staged before going live) is at 00:00.
    QList<ShowChapter> chapters(
        const QList<ShowLogEntry>& entries, qint64 minimumMs = 10000, const QString& intro = QStringLiteral("Intro"));

    /// The chapters of the local recording RECORDING_FILE (its path as logged in
    /// "recording_started"; empty: the first recording of the log), one per product taken to air
    /// while it recorded, the same rules as chapters() with MINIMUMMS. Times are positions in that
    /// recording in ms: "rec_ms" where the line has it, else the show time since its
    /// "recording_started". A product already on air when the recording started gives the first
    /// chapter its title. RECORDINGMS, the recording's length when known (ms; -1: the log's last
    /// time in it), is where the last chapter ends, so the time after the last unpin is an
    /// "Outro". The recording is found with recordingStart(). Empty when the log has no
    /// "recording_started" for it (ERROR, when given, says so, naming RECORDING_FILE).
    QList<ShowChapter> recordingChapters(const QList<ShowLogEntry>& entries, const QString& recordingFile,
        qint64 minimumMs = 1000, const QString& intro = QStringLiteral("Intro"), QString* error = nullptr,
        qint64 recordingMs = -1);

    /// "MM:SS TITLE" lines (H:MM:SS from the first hour on), as pasted into a description.
    /// YouTube shows chapters only when there are at least three.
    QString chaptersText(const QList<ShowChapter>& chapters);

    /// One row per event: stream_time (H:MM:SS.mmm from the video's start, negative before
    /// it), t_ms, at, event, title, sku, details (the remaining fields as compact JSON).
    /// UTF-8, comma separated, RFC 4180 quoting, a header row.
    QByteArray toCsv(const QList<ShowLogEntry>& entries);

    /// {"video_start_ms": N, "events": [ every line as written ], "chapters": [{"start_ms", "end_ms",
    /// "time", "title", "sku"}], "recordings": [{"file", "chapters": [the same, in that recording's
    /// time]}], "streams": [{"live_at", "chapters"}]}: "chapters" are the (first) stream's (the
    /// whole run, a resumed one's parts after each other), "streams" each stream's (streams()),
    /// "recordings" each local recording's own (a resumed run records each part into its own file).
    QByteArray toJson(const QList<ShowLogEntry>& entries);

} // namespace ShowLogExport

} // namespace pinstage
