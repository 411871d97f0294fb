// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "MediaInfo.h"

#include <QColor>
#include <QImage>
#include <QRect>
#include <QString>

#include <optional>

namespace pinstage::test {

/// Reads media files with libavformat/libavcodec/libswscale to check what a test produced.
///
/// Both functions read the whole file (they are meant for short test clips and recordings), are
/// reentrant, and may be called from any thread. Every FFmpeg handle has an RAII owner.
class MediaProbe
{
public:
    MediaProbe() = delete;

    /// Streams, codecs, geometry, rates, length, frame count and keyframes of path.
    /// Returns std::nullopt and sets *error when the file cannot be opened or parsed.
    static std::optional<MediaInfo> probe(const QString& path, QString* error = nullptr);

    /// Decodes the first video frame whose timestamp is >= seconds, counted from the first video
    /// frame of the file (so 0 is the first frame even if the file starts at a later pts), and
    /// returns it as QImage::Format_RGB888 at the stream's size. Returns a null image and sets
    /// *error when there is no such frame or decoding fails.
    static QImage frameAt(const QString& path, double seconds, QString* error = nullptr);

    /// The mean colour of rect (clipped to the image) in image; invalid when nothing remains.
    static QColor meanColor(const QImage& image, const QRect& rect);
};

} // namespace pinstage::test
