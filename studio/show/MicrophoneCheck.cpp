// SPDX-License-Identifier: GPL-2.0-or-later
#include "show/MicrophoneCheck.h"

#include "scene/AudioMeter.h"
#include "scene/SceneCollection.h"
#include "util/Clock.h"

#include <obs.h>

namespace pinstage {

MicrophoneCheck::MicrophoneCheck(SceneCollection& scenes, Clock& clock, QObject* parent)
    : QObject(parent)
    , m_scenes(scenes)
    , m_clock(clock)
    , m_timer(clock.createTimer(this))
{
    connect(m_timer, &ClockTimer::timeout, this, &MicrophoneCheck::evaluate);
    connect(&m_scenes, &SceneCollection::changed, this, &MicrophoneCheck::refresh);
    rewire();
}

MicrophoneCheck::~MicrophoneCheck() = default;

bool MicrophoneCheck::isLive() const
{
    return m_state == ShowController::State::Live || m_state == ShowController::State::Reconnecting;
}

void MicrophoneCheck::setShowState(ShowController::State state)
{
    const bool wasLive = isLive();
    m_state = state;
    if (isLive() && !wasLive) {
        // A show that just went live gets the full grace period before "silent".
        const qint64 now = m_clock.monotonicMs();
        for (const QString& mic : std::as_const(m_microphones))
            m_lastSound[mic] = now;
        m_timer->start(checkIntervalMs);
    } else if (!isLive()) {
        m_timer->stop();
    }
    evaluate();
}

void MicrophoneCheck::refresh()
{
    rewire();
    evaluate();
}

void MicrophoneCheck::rewire()
{
    QStringList mics;
    for (const QString& name : m_scenes.audioSourceNames()) {
        const SourceDocument* doc = m_scenes.document().source(name);
        if (doc && doc->type == QLatin1String("pulse_input_capture"))
            mics.append(name);
    }
    if (mics == m_microphones && !m_meterConnections.isEmpty())
        return;
    for (const QMetaObject::Connection& c : std::as_const(m_meterConnections))
        disconnect(c);
    m_meterConnections.clear();
    m_microphones = mics;
    const qint64 now = m_clock.monotonicMs();
    for (const QString& mic : std::as_const(m_microphones)) {
        if (!m_lastSound.contains(mic))
            m_lastSound.insert(mic, now);
        AudioMeter* meter = m_scenes.meter(mic);
        if (!meter)
            continue;
        m_meterConnections.append(
            connect(meter, &AudioMeter::levelsChanged, this, [this, mic](const AudioLevels& levels) {
                if (levels.inputPeakDb > silenceDb)
                    m_lastSound[mic] = m_clock.monotonicMs();
            }));
    }
}

void MicrophoneCheck::evaluate()
{
    QString warning;
    if (isLive()) {
        const qint64 now = m_clock.monotonicMs();
        for (const QString& mic : std::as_const(m_microphones)) {
            obs_source_t* source = m_scenes.source(mic);
            if (!source)
                continue;
            if (obs_source_muted(source)) {
                warning = tr("The microphone “%1” is muted: viewers do not hear you. Unmute it in the audio mixer.")
                              .arg(mic);
                break;
            }
            const qint64 quietMs = now - m_lastSound.value(mic, now);
            if (quietMs >= silenceMs) {
                warning = tr("The microphone “%1” has been silent for %2 s (below %3 dBFS): check that it is "
                             "plugged in and switched on.")
                              .arg(mic)
                              .arg(quietMs / 1000)
                              .arg(int(silenceDb));
                break;
            }
        }
    }
    if (warning != m_warning) {
        m_warning = warning;
        emit warningChanged(m_warning);
    }
}

} // namespace pinstage
