// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>

#include <memory>

namespace pinstage::test {

class TestTempDir;

/// A private PulseAudio server for one test: its runtime folder (XDG_RUNTIME_DIR and
/// PULSE_RUNTIME_PATH, mode 0700), HOME and script live in a TestTempDir, so it never meets a
/// session's sound server. It loads module-native-protocol-unix (anonymous clients allowed),
/// module-null-sink (the default sink, so desktop-audio capture has a monitor) and
/// module-sine-source at sineFrequency Hz as the default source: a process whose environment
/// has addTo() applied records that tone as its microphone.
///
/// `pulseaudio` and `pactl` (Debian: pulseaudio, pulseaudio-utils) must be installed: start()
/// fails, naming the packages, when they are not. Use from the test thread; start() and stop()
/// block (start() waits until `pactl info` answers, stop() until the process ended).
class PulseAudioServer {
public:
    static constexpr int sineFrequency = 440;

    PulseAudioServer();
    ~PulseAudioServer();
    PulseAudioServer(const PulseAudioServer&) = delete;
    PulseAudioServer& operator=(const PulseAudioServer&) = delete;

    /// Starts the server and waits (up to 20 s) until it answers. False and *error (with the
    /// server's own output) on failure.
    bool start(QString* error = nullptr);
    /// SIGTERM by PID, SIGKILL after 5 s. Idempotent.
    void stop();

    bool isRunning() const;
    qint64 pid() const;
    /// The runtime folder (XDG_RUNTIME_DIR); the socket is pulse/native in it.
    QString runtimeDir() const;
    /// Points ENV at this server (XDG_RUNTIME_DIR, PULSE_RUNTIME_PATH; PULSE_SERVER removed).
    void addTo(QProcessEnvironment& env) const;
    /// What the server printed so far (for failure messages).
    QString output() const;

private:
    QProcessEnvironment environment() const;

    std::unique_ptr<TestTempDir> m_dir;
    std::unique_ptr<QProcess> m_process;
    mutable QByteArray m_output;
};

} // namespace pinstage::test
