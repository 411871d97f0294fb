// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QDebug>
#include <QList>
#include <QString>

namespace pinstage::test {

/// What MediaProbe::probe() found in a media file. Times are in seconds, relative to the file's
/// own timestamps (for a recording of a live stream, the first packet is at or near 0).
struct MediaInfo {
    QString formatName; ///< libavformat's short name, e.g. "flv"
    // Video (first video stream); empty codec when there is none.
    QString videoCodec; ///< libavcodec's short name, e.g. "h264"
    int width = 0;
    int height = 0;
    double avgFrameRate = 0.0; ///< avg_frame_rate, 0 when unknown
    double realFrameRate = 0.0; ///< r_frame_rate, 0 when unknown
    double frameRate = 0.0; ///< avgFrameRate when known, else realFrameRate
    double measuredFrameRate = 0.0; ///< (frames - 1) / (last pts - first pts), from the packets
    qint64 videoFrames = 0; ///< video packets in the file
    double videoStart = 0.0; ///< pts of the first video packet
    QList<double> keyframeTimes; ///< pts of every video keyframe, ascending
    double maxKeyframeInterval = 0.0; ///< largest gap between consecutive keyframes (0 if < 2)
    double maxVideoGap = 0.0; ///< largest gap between consecutive video frames, by pts (0 if < 2)
    double maxVideoGapAt = 0.0; ///< pts of the frame before that gap
    /// How the encoder ordered the frames: with B-frames some packets are decoded before they are
    /// shown (pts != dts) and the decoder must hold frames back (has_b_frames > 0).
    QString videoProfile; ///< H.264 profile as libavcodec names it, e.g. "High"
    qint64 reorderedVideoPackets = 0; ///< video packets whose pts differs from their dts
    int videoReorderDelay = 0; ///< frames the decoder holds back to reorder (codecpar video_delay)
    // Audio (first audio stream); empty codec when there is none.
    QString audioCodec; ///< e.g. "aac"
    int sampleRate = 0;
    int channels = 0;
    qint64 audioPackets = 0;
    // Length.
    double containerDuration = 0.0; ///< what the container declares, 0 when it does not
    double packetDuration = 0.0; ///< from the packets: last end - first start, any stream
    double duration = 0.0; ///< packetDuration when known, else containerDuration

    bool hasVideo() const { return !videoCodec.isEmpty(); }
    bool hasAudio() const { return !audioCodec.isEmpty(); }
};

QDebug operator<<(QDebug debug, const MediaInfo& info);

} // namespace pinstage::test
