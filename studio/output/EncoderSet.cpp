// SPDX-License-Identifier: GPL-2.0-or-later
#include "output/EncoderSet.h"

namespace pinstage {

EncoderSet::EncoderSet(const EncoderSettings& settings)
    : m_settings(settings)
{
}

bool EncoderSet::ensure(QString* error)
{
    if (m_video && m_audio)
        return true;
    OBSDataAutoRelease video = obs_data_create();
    obs_data_set_string(video, "rate_control", "CBR");
    obs_data_set_int(video, "bitrate", m_settings.videoBitrateKbps);
    obs_data_set_int(video, "keyint_sec", m_settings.keyframeSeconds);
    obs_data_set_string(video, "preset", m_settings.x264Preset.toUtf8().constData());
    obs_data_set_string(video, "profile", "high");
    m_video = obs_video_encoder_create("obs_x264", "Program video", video, nullptr);
    OBSDataAutoRelease audio = obs_data_create();
    obs_data_set_int(audio, "bitrate", m_settings.audioBitrateKbps);
    m_audio = obs_audio_encoder_create("ffmpeg_aac", "Program audio", audio, 0, nullptr);
    if (!m_video || !m_audio) {
        *error = QStringLiteral("the x264 or AAC encoder is missing (install the obs-studio package)");
        m_video = nullptr;
        m_audio = nullptr;
        return false;
    }
    obs_encoder_set_video(m_video, obs_get_video());
    obs_encoder_set_audio(m_audio, obs_get_audio());
    return true;
}

} // namespace pinstage
