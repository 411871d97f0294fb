// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "MediaInfo.h"

#include <QColor>
#include <QImage>
#include <QRect>
#include <QString>

#include <optional>
#include <vector>

namespace pinstage::test {

/// Reads media files with libavformat/libavcodec/libswscale to check what a test produced.
///
/// Both functions read the whole file (they are meant for short test clips and recordings), are
/// reentrant, and may be called from any thread. Every FFmpeg handle has an RAII owner.
class MediaProbe {
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

    /// Decodes the first audio stream from FROM_SECONDS (counted from its first packet) for
    /// SECONDS (or to the end) and returns it mixed down to mono, as floats in [-1, 1].
    /// Returns nullopt and sets *error when there is no audio stream or decoding fails.
    struct Audio {
        int sampleRate = 0;
        std::vector<float> samples; ///< mono
    };
    static std::optional<Audio> decodeAudio(
        const QString& path, double fromSeconds, double seconds, QString* error = nullptr);

    /// The RMS level of SAMPLES in dBFS (a full-scale sine is -3 dBFS; silence -inf).
    static double rmsDbfs(const std::vector<float>& samples);
    /// The share (0–1) of the signal's energy within about 20 Hz of FREQUENCY (Goertzel DFT of
    /// Hann-windowed 100 ms blocks): about 1 for a pure tone there, about 0 for other tones or noise.
    static double energyShareAt(const std::vector<float>& samples, int sampleRate, double frequency);
    /// The frequency, in STEP Hz steps from MIN to MAX, holding the most energy (Goertzel scan).
    static double dominantFrequency(
        const std::vector<float>& samples, int sampleRate, double min = 50, double max = 4000, double step = 5);

    /// The mean colour of rect (clipped to the image) in image; invalid when nothing remains.
    static QColor meanColor(const QImage& image, const QRect& rect);

    /// Mean absolute difference per RGB channel (0-255) between A and B inside RECT (both images
    /// cover RECT): 0 for the same pixels.
    static double difference(const QImage& a, const QImage& b, const QRect& rect);

    /// Mean absolute difference per RGB channel (0-255) between FRAME inside RECT and EXPECTED (an
    /// image of RECT's size, premultiplied RGBA) drawn over that part of the frame: transparent
    /// parts of EXPECTED count as equal, so a card's drawing is compared without its background.
    static double differenceOver(const QImage& frame, const QRect& rect, const QImage& expected);

    /// Each of red, green and blue of A and B within TOLERANCE (0-255) of each other.
    static bool coloursClose(const QColor& a, const QColor& b, int tolerance);
};

} // namespace pinstage::test
