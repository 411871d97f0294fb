// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QList>
#include <QString>

#include <atomic>
#include <functional>
#include <optional>

#include "output/ClipPlan.h"
#include "show/ShowLogExport.h"

namespace pinstage {

/// The recording made a finished asset, with FFmpeg's libavformat and no re-encoding: remuxed to
/// MP4 with chapters, and cut into clips at keyframes.
///
/// Thread contract: plain blocking functions of their arguments, for a worker thread (RemuxJob
/// runs them off the main thread); PROGRESS is called on the calling thread. Errors name the file.
/// Times are milliseconds from the start of the recording.
namespace RecordingRemux {

    /// What a media file holds, as ffprobe would say it.
    struct MediaInfo {
        qint64 durationMs = 0;
        int videoStreams = 0;
        int audioStreams = 0;
        QList<ShowChapter> chapters; ///< start and title of each chapter
        QList<qint64> chapterEndsMs;
        QList<qint64> keyframesMs; ///< the video's keyframes (only when asked for)
    };

    using Progress = std::function<void(double fraction)>;

    /// Opens FILE and reads its streams, duration and chapters; with KEYFRAMES also the times of
    /// the video's keyframes (from the index when the container has one, else by reading the file).
    std::optional<MediaInfo> probe(const QString& file, QString* error, bool keyframes = false);

    /// Where the MP4 of RECORDING goes: the same name with ".mp4" ("show.mkv" → "show.mp4"; an
    /// .mp4/.mov recording → "show-chapters.mp4").
    QString mp4PathFor(const QString& recording);

    /// PATH when nothing is there yet, else the first free "NAME-2.EXT", "NAME-3.EXT", ...: a
    /// remux never replaces a file it did not write in the same call (an earlier part of a resumed
    /// show, or a seller's own file of that name).
    QString unusedPath(const QString& path);

    /// Copies every audio and video packet of INPUT into the MP4 OUTPUT (no re-encoding;
    /// timestamps from 0, the index at the front for playback while downloading) with CHAPTERS
    /// (titles as metadata "title"; each ends where the next starts, the last at the end). Written
    /// to OUTPUT.part first, checked (it opens, same streams, same duration within 1 s, every
    /// chapter), then renamed to OUTPUT in one step (rename(2): an OUTPUT already there is replaced
    /// atomically; pick OUTPUT with unusedPath() to keep it). INPUT is never touched. False and
    /// ERROR (naming the file) when anything fails, or when CANCEL (checked at every packet; may be
    /// null) becomes true; no OUTPUT and no OUTPUT.part then.
    bool toMp4(const QString& input, const QString& output, const QList<ShowChapter>& chapters,
        const Progress& progress, QString* error, const std::atomic_bool* cancel = nullptr);

    /// Copies the part of INPUT from CUT.startMs to CUT.endMs (keyframes, see ClipPlan) into the
    /// MP4 OUTPUT, timestamps from 0, no re-encoding: the video from the keyframe at the start, the
    /// audio over the same span. False and ERROR (naming the file and the time) on failure, a read
    /// error before the clip's end included, or when CANCEL (may be null) becomes true.
    bool cutClip(const QString& input, const QString& output, const ClipCut& cut, QString* error,
        const std::atomic_bool* cancel = nullptr);

    /// For a command that runs without the studio's log (`pinstage show clips`): FFmpeg's own
    /// messages (libavformat's "[mp4 @ 0x…] Starting second pass: moving the moov atom…" and the
    /// like) no longer reach stderr. Warnings go to WARNING, one line each without FFmpeg's
    /// "[mp4 @ 0x…]" prefix; errors are left out (the functions above report them, naming the
    /// file), and so is everything below a warning. Call on the main thread before the first
    /// remux or cut (it replaces FFmpeg's process-wide log callback, as ObsLog does for the studio).
    void routeFfmpegLog(std::function<void(const QString& line)> warning);

} // namespace RecordingRemux

} // namespace pinstage
