// SPDX-License-Identifier: GPL-2.0-or-later
#include "PulseAudioServer.h"

#include "TestTempDir.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTest>

#include <csignal>
#include <sys/stat.h>

namespace pinstage::test {

PulseAudioServer::PulseAudioServer() = default;

PulseAudioServer::~PulseAudioServer()
{
    stop();
}

QString PulseAudioServer::runtimeDir() const
{
    return m_dir ? m_dir->filePath(QStringLiteral("run")) : QString();
}

void PulseAudioServer::addTo(QProcessEnvironment& env) const
{
    env.remove(QStringLiteral("PULSE_SERVER"));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir());
    env.insert(QStringLiteral("PULSE_RUNTIME_PATH"), runtimeDir() + QStringLiteral("/pulse"));
}

QProcessEnvironment PulseAudioServer::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    addTo(env);
    env.insert(QStringLiteral("HOME"), m_dir->filePath(QStringLiteral("home")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir->filePath(QStringLiteral("home/.config")));
    env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    return env;
}

QString PulseAudioServer::output() const
{
    if (m_process)
        m_output += m_process->readAll();
    return QString::fromLocal8Bit(m_output.right(4000));
}

bool PulseAudioServer::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

qint64 PulseAudioServer::pid() const
{
    return isRunning() ? m_process->processId() : 0;
}

bool PulseAudioServer::start(QString* error)
{
    auto fail = [&](const QString& message) {
        if (error)
            *error = message;
        stop();
        return false;
    };
    const QString pulseaudio = QStandardPaths::findExecutable(QStringLiteral("pulseaudio"));
    const QString pactl = QStandardPaths::findExecutable(QStringLiteral("pactl"));
    if (pulseaudio.isEmpty() || pactl.isEmpty())
        return fail(QStringLiteral("pulseaudio or pactl is not installed (Debian: pulseaudio pulseaudio-utils, "
                                   "see packaging/debian-packages.txt)"));

    m_dir = std::make_unique<TestTempDir>(QStringLiteral("pulse"));
    if (!m_dir->isValid())
        return fail(QStringLiteral("cannot create a temporary folder for PulseAudio"));
    const QString run = m_dir->mkpath(QStringLiteral("run"));
    m_dir->mkpath(QStringLiteral("run/pulse"));
    m_dir->mkpath(QStringLiteral("home/.config"));
    // libpulse refuses a runtime folder others can enter.
    if (::chmod(QFile::encodeName(run).constData(), 0700) != 0
        || ::chmod(QFile::encodeName(run + QStringLiteral("/pulse")).constData(), 0700) != 0)
        return fail(QStringLiteral("cannot make %1 private (mode 0700)").arg(run));

    const QString script = m_dir->filePath(QStringLiteral("test.pa"));
    QFile file(script);
    if (!file.open(QIODevice::WriteOnly))
        return fail(QStringLiteral("cannot write %1").arg(script));
    file.write(QStringLiteral("load-module module-native-protocol-unix auth-anonymous=1\n"
                              "load-module module-null-sink sink_name=pinstage_test_sink\n"
                              "load-module module-sine-source source_name=pinstage_test_sine frequency=%1\n"
                              "set-default-sink pinstage_test_sink\n"
                              "set-default-source pinstage_test_sine\n")
                   .arg(sineFrequency)
                   .toUtf8());
    file.close();

    m_process = std::make_unique<QProcess>();
    m_process->setProcessEnvironment(environment());
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setWorkingDirectory(m_dir->path());
    m_process->start(pulseaudio,
        { QStringLiteral("-n"), QStringLiteral("-F"), script, QStringLiteral("--daemonize=no"),
            QStringLiteral("--exit-idle-time=-1"), QStringLiteral("--log-target=stderr") });
    if (!m_process->waitForStarted(10000))
        return fail(QStringLiteral("pulseaudio did not start: %1").arg(m_process->errorString()));

    // Ready when a client gets an answer on the socket.
    bool ready = false;
    const bool answered = QTest::qWaitFor(
        [&] {
            if (!isRunning())
                return true;
            QProcess probe;
            probe.setProcessEnvironment(environment());
            probe.start(pactl, { QStringLiteral("info") });
            ready = probe.waitForFinished(5000) && probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0;
            return ready;
        },
        20000);
    if (!answered || !ready)
        return fail(QStringLiteral("pulseaudio did not answer `pactl info` within 20 s:\n%1").arg(output()));
    return true;
}

void PulseAudioServer::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        ::kill(pid_t(m_process->processId()), SIGTERM);
        if (!m_process->waitForFinished(5000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    output();
    m_process.reset();
}

} // namespace pinstage::test
