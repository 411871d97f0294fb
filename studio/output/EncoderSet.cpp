// SPDX-License-Identifier: GPL-2.0-or-later
#include "output/EncoderSet.h"

namespace pinstage {

EncoderSet::EncoderSet(const EncoderSettings& settings)
    : m_settings(settings)
{
}

bool EncoderSet::setSettings(const EncoderSettings& settings, QString* error)
{
    if ((m_video && obs_encoder_active(m_video)) || (m_audio && obs_encoder_active(m_audio))) {
        *error = QStringLiteral("the encoder settings cannot change while the encoders are in use (a stream or a "
                                "recording is running or still stopping)");
        return false;
    }
    m_settings = settings;
    // Made again, with the new settings, by the next ensure(); the outputs take them at their next start.
    m_video = nullptr;
    m_audio = nullptr;
    return true;
}

bool EncoderSet::sameVideo(const EncoderSettings& a, const EncoderSettings& b)
{
    return a.videoBitrateKbps == b.videoBitrateKbps && a.keyframeSeconds == b.keyframeSeconds
        && a.x264Preset == b.x264Preset && a.x264Tune == b.x264Tune && a.x264Options == b.x264Options;
}

bool EncoderSet::ensure(QString* error)
{
    if (m_audioFrom) {
        if (!m_audioFrom->ensure(error))
            return false;
        if (m_audio != m_audioFrom->audio())
            m_audio = obs_encoder_get_ref(m_audioFrom->audio());
    }
    if (m_video && m_audio)
        return true;
    OBSDataAutoRelease video = obs_data_create();
    obs_data_set_string(video, "rate_control", "CBR");
    obs_data_set_int(video, "bitrate", m_settings.videoBitrateKbps);
    obs_data_set_int(video, "keyint_sec", m_settings.keyframeSeconds);
    obs_data_set_string(video, "preset", m_settings.x264Preset.toUtf8().constData());
    obs_data_set_string(video, "profile", "high");
    // obs_x264 starts from x264_param_default_preset(preset, tune), then applies "x264opts"
    // (space-separated NAME=VALUE, each through x264_param_parse) over its own settings.
    obs_data_set_string(video, "tune", m_settings.x264Tune.toUtf8().constData());
    obs_data_set_string(video, "x264opts", m_settings.x264Options.toUtf8().constData());
    const QByteArray videoName = m_audioFrom
        ? QStringLiteral("Program video %1 kbps").arg(m_settings.videoBitrateKbps).toUtf8()
        : QByteArrayLiteral("Program video");
    m_video = obs_video_encoder_create("obs_x264", videoName.constData(), video, nullptr);
    if (!m_audio) {
        OBSDataAutoRelease audio = obs_data_create();
        obs_data_set_int(audio, "bitrate", m_settings.audioBitrateKbps);
        m_audio = obs_audio_encoder_create("ffmpeg_aac", "Program audio", audio, 0, nullptr);
    }
    if (!m_video || !m_audio) {
        *error = QStringLiteral("the x264 or AAC encoder is missing (install the obs-studio package)");
        m_video = nullptr;
        m_audio = nullptr;
        return false;
    }
    obs_encoder_set_video(m_video, obs_get_video());
    if (!m_audioFrom)
        obs_encoder_set_audio(m_audio, obs_get_audio());
    return true;
}

} // namespace pinstage
