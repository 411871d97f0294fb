// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>

namespace pinstage::test {

/// What an FLV file holds so far, read from its tags without decoding anything: nginx-rtmp's
/// `record all` writes every tag it accepts from the publisher to <key>.flv as it arrives (one
/// write per tag, no buffering), so scanning the growing file tells what the ingest has accepted.
///
/// Only complete tags are counted (a tag still being written at the end of the file is not).
struct FlvTags {
    int videoFrames = 0; ///< video tags carrying a picture (an H.264 sequence header is not one)
    int audioFrames = 0; ///< audio tags carrying samples (an AAC sequence header is not one)
    qint64 firstVideoMs = -1; ///< FLV timestamp of the first picture, in ms; -1 before one arrived
    qint64 lastVideoMs = -1; ///< FLV timestamp of the latest picture, in ms
    bool firstVideoIsKeyframe = false;
    qint64 completeBytes = 0; ///< bytes up to the end of the last complete tag

    /// Stream time the ingest has received pictures for, in seconds (0 before two pictures).
    double videoSeconds() const { return firstVideoMs < 0 ? 0.0 : (lastVideoMs - firstVideoMs) / 1000.0; }
};

/// Scans PATH. Returns nullopt (and sets *error, naming the file and the byte offset) when the file
/// cannot be read or is not FLV; a file shorter than the FLV header is an empty result, since
/// nginx may not have written it yet. Thread: any. Reads the whole file each call.
std::optional<FlvTags> scanFlv(const QString& path, QString* error = nullptr);

/// The stream time the recording at PATH (nginx's <key>.flv of an ingest) holds pictures for so far,
/// in seconds (FlvTags::videoSeconds); -1 while it holds no picture (no file yet, or not FLV). Thread: any.
double ingestVideoSeconds(const QString& path);

} // namespace pinstage::test
