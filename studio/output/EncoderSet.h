// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "output/EncoderSettings.h"

#include <obs.hpp>

#include <QString>

namespace pinstage {

/// The program's encoders, x264 + AAC, created once and shared by every output whose settings
/// match (the streams and the recording), so the machine encodes the program once.
///
/// Thread contract: main thread; needs a running ObsContext for its whole life.
class EncoderSet {
public:
    explicit EncoderSet(const EncoderSettings& settings);

    /// Creates the encoders on first use. The error names the missing package.
    bool ensure(QString* error);
    obs_encoder_t* video() const { return m_video; }
    obs_encoder_t* audio() const { return m_audio; }
    const EncoderSettings& settings() const { return m_settings; }
    /// Uses SETTINGS from the next ensure() on (the encoders are made again). Refused, with
    /// *error saying why, while an output uses the encoders (libobs stops them shortly after the
    /// last output stopped: try again then).
    bool setSettings(const EncoderSettings& settings, QString* error);

    /// Takes the audio encoder of AUDIO_FROM (which must outlive this set) instead of making one:
    /// a destination with its own video bitrate shares the program's AAC encoder.
    void shareAudioWith(EncoderSet* audioFrom) { m_audioFrom = audioFrom; }
    /// True when A and B make the same video (bitrate, keyframe interval, preset, tune, x264
    /// options): outputs with such settings share one video encoder.
    static bool sameVideo(const EncoderSettings& a, const EncoderSettings& b);

private:
    EncoderSettings m_settings;
    OBSEncoderAutoRelease m_video;
    OBSEncoderAutoRelease m_audio;
    EncoderSet* m_audioFrom = nullptr;
};

} // namespace pinstage
