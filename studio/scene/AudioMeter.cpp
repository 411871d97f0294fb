// SPDX-License-Identifier: GPL-2.0-or-later
#include "scene/AudioMeter.h"

#include "util/Clock.h"

#include <algorithm>

namespace pinstage {
namespace {

    float loudest(const float values[MAX_AUDIO_CHANNELS], int channels)
    {
        float best = -std::numeric_limits<float>::infinity();
        for (int i = 0; i < channels; ++i)
            best = std::max(best, values[i]);
        return best;
    }

} // namespace

AudioMeter::AudioMeter(obs_source_t* source, QObject* parent)
    : QObject(parent)
    , m_source(source)
    , m_volmeter(obs_volmeter_create(OBS_FADER_LOG))
{
    obs_volmeter_add_callback(m_volmeter, &AudioMeter::onVolmeter, this);
    obs_volmeter_attach_source(m_volmeter, source);
}

AudioMeter::~AudioMeter()
{
    // libobs holds its callback lock while calling us: after removal no callback is running.
    obs_volmeter_remove_callback(m_volmeter, &AudioMeter::onVolmeter, this);
    obs_volmeter_detach_source(m_volmeter);
    obs_volmeter_destroy(m_volmeter);
}

// libobs audio thread: merge, and post at most one call per interval. Never blocks for long.
void AudioMeter::onVolmeter(void* param, const float magnitude[MAX_AUDIO_CHANNELS],
    const float peak[MAX_AUDIO_CHANNELS], const float inputPeak[MAX_AUDIO_CHANNELS])
{
    auto* self = static_cast<AudioMeter*>(param);
    self->m_measurements.fetch_add(1);
    const int channels = std::max(1, obs_volmeter_get_nr_channels(self->m_volmeter));
    const qint64 now = Clock::system().monotonicMs();
    // libobs's meter ignores the user's mute; a muted source is silent in the mix, so say so.
    const bool muted = obs_source_muted(self->m_source);
    AudioLevels out;
    {
        std::lock_guard lock(self->m_mutex);
        AudioLevels& p = self->m_pending;
        if (!muted) {
            p.peakDb = std::max(p.peakDb, loudest(peak, channels));
            p.magnitudeDb = std::max(p.magnitudeDb, loudest(magnitude, channels));
        }
        p.inputPeakDb = std::max(p.inputPeakDb, loudest(inputPeak, channels));
        if (self->m_posted.load() || now - self->m_lastPostMs < minIntervalMs)
            return;
        out = p;
        p = AudioLevels();
        self->m_lastPostMs = now;
        self->m_posted = true;
    }
    // If the meter is destroyed before this runs, Qt drops the call with its context object.
    QMetaObject::invokeMethod(
        self, [self, out] { self->deliver(out); }, Qt::QueuedConnection);
}

void AudioMeter::deliver(const AudioLevels& levels)
{
    m_posted = false;
    m_last = levels;
    ++m_updates;
    emit levelsChanged(levels);
}

} // namespace pinstage
