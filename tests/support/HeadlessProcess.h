// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSize>
#include <QString>
#include <QStringList>

#include <functional>

namespace pinstage::test {

class TestTempDir;
class XvfbServer;

/// Helpers shared by the tests that run the real `pinstage` binary.

/// A stream key that cannot occur by accident, so finding it in any output proves a leak.
QString randomStreamKey();

/// The last line of TEXT that is not blank (the headless statistics line, the one-line error).
QByteArray lastNonEmptyLine(const QByteArray& text);

/// Every file under DIR whose bytes contain NEEDLE (logs, settings, caches: a secret must be in none).
QStringList filesContaining(const QString& dir, const QByteArray& needle);

/// The text (UTF-8) of every file under DIR and its subfolders whose name matches one of
/// NAMEFILTERS (every file when empty), one after the other: the engine logs or the show logs of a
/// data folder, to search. Empty when there is none.
QString textOfFiles(const QString& dir, const QStringList& nameFilters = {});

/// An environment on XVFB's display with HOME and the XDG folders inside DIR, so that nothing the
/// binary (or libobs, Mesa, fontconfig) writes lands in a real profile, and no D-Bus session bus
/// (DBUS_SESSION_BUS_ADDRESS names a socket that does not exist: nothing is autolaunched).
QProcessEnvironment confinedEnvironment(const XvfbServer& xvfb, const TestTempDir& dir);

/// What one run of a program printed and how it ended.
struct ProgramRun {
    bool finished = false; ///< it ended within the time limit (else it was killed)
    QProcess::ExitStatus exitStatus = QProcess::NormalExit;
    int exitCode = -1; ///< -1 when it crashed or was killed
    qint64 elapsedMs = 0; ///< from start to end, wall clock
    QByteArray out;
    QByteArray err;
    /// Ended by itself with exit code 0.
    bool ok() const { return finished && exitStatus == QProcess::NormalExit && exitCode == 0; }
    /// How it ended and the last 3000 bytes of each output, for a failure message.
    QString describe() const;
};

/// Runs PROGRAM with ARGS in ENV and WORKDIR, stdin from /dev/null. WHILERUNNING (if any) runs
/// once the process has started (e.g. to cut the ingest mid-show), then the run is waited for;
/// after TIMEOUTMS it is killed (finished false). Thread: the test's; blocks.
ProgramRun runProgram(const QString& program, const QStringList& args, const QProcessEnvironment& env,
    const QString& workDir, int timeoutMs, const std::function<void(QProcess&)>& whileRunning = {});

/// Appends RUN's stdout and stderr to DIR/pinstage.stdout and DIR/pinstage.stderr: the evidence a
/// kept test folder (PINSTAGE_KEEP_TEST_DIRS) holds.
void keepOutput(const ProgramRun& run, const QString& dir);

/// The flags of a headless show streaming to URL with KEY: `--headless --stream-url URL --stream-key
/// KEY --duration SECONDS --canvas WxH --fps FPS --data-dir DATADIR`, then MORE (--record, --pin, …).
QStringList headlessShowArgs(const QString& url, const QString& key, int seconds, const QString& dataDir,
    const QStringList& more = {}, QSize canvas = QSize(360, 640), int fps = 30);

/// A program run in the background while the test acts on it (stops the ingest, sends a signal):
/// stdin from /dev/null, stdout and stderr into DIR/pinstage.stdout and DIR/pinstage.stderr (the
/// evidence a kept folder holds). The destructor kills it (and waits up to 5 s) if it still runs.
/// Thread: the test's.
class BackgroundRun {
public:
    BackgroundRun() = default;
    ~BackgroundRun();
    BackgroundRun(const BackgroundRun&) = delete;
    BackgroundRun& operator=(const BackgroundRun&) = delete;

    /// Starts PROGRAM with ARGS in ENV, working in DIR; check process.waitForStarted() after.
    void start(const QString& program, const QStringList& args, const QProcessEnvironment& env, const TestTempDir& dir);
    /// What it printed so far (read back from its files).
    QByteArray stdOut() const;
    QByteArray stdErr() const;

    QProcess process;

private:
    QString m_out;
    QString m_err;
};

/// Runs the event loop until the ingest's recording at FLVPATH holds SECONDS of pictures
/// (ingestVideoSeconds(), FlvTags.h) or PUBLISHER is no longer running, for at most TIMEOUTMS.
/// Returns whether the recording holds them. Thread: the test's; blocks.
bool waitForIngestVideo(const QString& flvPath, double seconds, const QProcess& publisher, int timeoutMs);

} // namespace pinstage::test
