// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QList>
#include <QSet>
#include <QString>

#include "show/ShowLogExport.h"

namespace pinstage {

/// One clip to cut from a recording: the part of the video where one product was on air, its
/// ends moved to keyframes so it is cut without re-encoding.
struct ClipCut {
    qint64 startMs = 0; ///< a keyframe's time in the recording, ms
    qint64 endMs = 0; ///< a keyframe's time (or the recording's end), ms, > startMs
    QString title; ///< the chapter's title (the product's)
    QString sku;
    QString fileName; ///< "SLUG-SKU.mp4", unique among the plan's clips
};

/// The pure part of cutting a recording into one clip per product: where to cut and what to call
/// the files.
///
/// Thread contract: plain functions of their arguments; any thread.
namespace ClipPlan {

    /// One cut per product chapter of CHAPTERS (a chapter with a code; the intro has none), from
    /// its start to the next chapter's start (the last one to DURATIONMS). Each end moves to the
    /// nearest of KEYFRAMESMS (times in ms, any order; the recording's start 0 and end DURATIONMS
    /// are always cut points), so a clip is never more than half a keyframe interval off at either
    /// end and its length is within one keyframe interval of its chapter's. A chapter that becomes
    /// empty (shorter than a keyframe interval) gives no clip. File names: fileName(), unique.
    QList<ClipCut> cuts(const QList<ShowChapter>& chapters, const QList<qint64>& keyframesMs, qint64 durationMs);

    /// A file name for a clip of TITLE (SKU): the title's letters and digits in lower case (any
    /// script: Arabic, Hebrew and CJK titles keep their letters), every run of anything else
    /// (spaces, punctuation, emoji, path characters, bidi controls) one '-', at most 60
    /// characters, then '-' and the SKU made the same way, then ".mp4". "clip" when nothing is
    /// left. When the name is in TAKEN already (compared without case) "-2", "-3", ... is added
    /// before ".mp4"; the name returned is added to TAKEN (lower case).
    QString fileName(const QString& title, const QString& sku, QSet<QString>* taken);

    /// TEXT as a file-name part (the rule of fileName()); at most MAXCHARS characters.
    QString slug(const QString& text, int maxChars = 60);

} // namespace ClipPlan

} // namespace pinstage
