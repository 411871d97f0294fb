// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QList>
#include <QString>

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

    /// Copies every audio and video packet of INPUT into the MP4 OUTPUT (no re-encoding;
    /// timestamps from 0, the index at the front for playback while downloading) with CHAPTERS
    /// (titles as metadata "title"; each ends where the next starts, the last at the end). Written
    /// to OUTPUT.part first, checked (it opens, same streams, same duration within 1 s, every
    /// chapter), then renamed to OUTPUT (replacing an older one). INPUT is never touched. False
    /// and ERROR (naming the file) when anything fails; no OUTPUT then.
    bool toMp4(const QString& input, const QString& output, const QList<ShowChapter>& chapters,
        const Progress& progress, QString* error);

    /// Copies the part of INPUT from CUT.startMs to CUT.endMs (keyframes, see ClipPlan) into the
    /// MP4 OUTPUT, timestamps from 0, no re-encoding. False and ERROR (naming the file) on failure.
    bool cutClip(const QString& input, const QString& output, const ClipCut& cut, QString* error);

} // namespace RecordingRemux

} // namespace pinstage
