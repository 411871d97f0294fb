// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <obs.hpp>

#include <QObject>

#include <atomic>
#include <mutex>

namespace pinstage {

/// The levels of one audio source over the last interval, by value. Units: dBFS (0 = full scale;
/// -inf when silent), the loudest channel.
struct AudioLevels {
    float peakDb = -std::numeric_limits<float>::infinity(); ///< after volume and mute (muted: -inf)
    float magnitudeDb = -std::numeric_limits<float>::infinity(); ///< RMS-like, after volume and mute
    float inputPeakDb = -std::numeric_limits<float>::infinity(); ///< before volume and mute
};

/// A level meter on one audio source (libobs `obs_volmeter`). libobs measures on its audio
/// thread about every 20 ms; the meter keeps the loudest values there and posts them to the
/// main thread with one queued call at most every minIntervalMs (at most 30 per second), so a
/// busy UI thread never receives a backlog.
///
/// Thread contract: create, use and destroy on the main thread; levelsChanged() is emitted on
/// the main thread. Destroying it detaches from libobs first: no callback runs afterwards.
class AudioMeter : public QObject {
    Q_OBJECT
public:
    static constexpr int minIntervalMs = 34;

    AudioMeter(obs_source_t* source, QObject* parent = nullptr);
    ~AudioMeter() override;

    /// The last levels delivered to the main thread.
    AudioLevels levels() const { return m_last; }
    /// How many times levelsChanged() was emitted (for tests and statistics).
    quint64 updates() const { return m_updates; }
    /// How many measurements libobs made (about 47 a second while the source delivers audio);
    /// any thread.
    quint64 measurements() const { return m_measurements.load(); }

signals:
    void levelsChanged(const pinstage::AudioLevels& levels);

private:
    static void onVolmeter(void* param, const float magnitude[MAX_AUDIO_CHANNELS], const float peak[MAX_AUDIO_CHANNELS],
        const float inputPeak[MAX_AUDIO_CHANNELS]);
    void deliver(const AudioLevels& levels);

    obs_source_t* m_source = nullptr; // not owned: the collection holds it longer than the meter
    obs_volmeter_t* m_volmeter = nullptr;
    // Audio thread side: accumulated since the last post.
    std::mutex m_mutex;
    AudioLevels m_pending; // guarded by m_mutex
    qint64 m_lastPostMs = 0; // guarded by m_mutex
    std::atomic<bool> m_posted { false };
    std::atomic<quint64> m_measurements { 0 };
    // Main thread side.
    AudioLevels m_last;
    quint64 m_updates = 0;
};

} // namespace pinstage

Q_DECLARE_METATYPE(pinstage::AudioLevels)
