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

private:
    EncoderSettings m_settings;
    OBSEncoderAutoRelease m_video;
    OBSEncoderAutoRelease m_audio;
};

} // namespace pinstage
