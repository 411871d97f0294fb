// SPDX-License-Identifier: GPL-2.0-or-later
#include "HeadlessProcess.h"

#include "FlvTags.h"

#include "TestTempDir.h"
#include "XvfbServer.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>

namespace pinstage::test {

QString randomStreamKey()
{
    QString key = QStringLiteral("live_");
    for (int i = 0; i < 4; ++i)
        key += QString::number(QRandomGenerator::system()->generate(), 16).rightJustified(8, QLatin1Char('0'));
    return key;
}

QByteArray lastNonEmptyLine(const QByteArray& text)
{
    const QList<QByteArray> lines = text.split('\n');
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        QByteArray line = it->trimmed();
        if (!line.isEmpty())
            return line;
    }
    return {};
}

QStringList filesContaining(const QString& dir, const QByteArray& needle)
{
    QStringList hits;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.size() < 64 * 1024 * 1024 && file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
            hits.append(file.fileName());
    }
    return hits;
}

QString textOfFiles(const QString& dir, const QStringList& nameFilters)
{
    QString text;
    QDirIterator it(dir, nameFilters, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly))
            text += QString::fromUtf8(f.readAll());
    }
    return text;
}

QProcessEnvironment confinedEnvironment(const XvfbServer& xvfb, const TestTempDir& dir)
{
    QProcessEnvironment env = xvfb.environment();
    const QString home = dir.mkpath(QStringLiteral("home"));
    const QString runtime = dir.mkpath(QStringLiteral("runtime"));
    QFile::setPermissions(runtime, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/.local/share"));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/.cache"));
    // No session bus: a bus address that does not exist, so libdbus fails at once instead of
    // autolaunching one (it forks dbus-launch from its connection thread and waits for it: under
    // ASan the forked child deadlocked in malloc and the show hung at "connecting"; without ASan
    // it leaves a dbus-daemon behind). A test that needs a bus sets its own.
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
        QStringLiteral("unix:path=") + runtime + QStringLiteral("/no-session-bus"));
    return env;
}

QString ProgramRun::describe() const
{
    return QStringLiteral("finished=%1 status=%2 code=%3 after %4 ms\n--- stdout ---\n%5\n--- stderr ---\n%6")
        .arg(finished)
        .arg(exitStatus == QProcess::NormalExit ? QStringLiteral("normal") : QStringLiteral("crash"))
        .arg(exitCode)
        .arg(elapsedMs)
        .arg(QString::fromUtf8(out.right(3000)), QString::fromUtf8(err.right(3000)));
}

ProgramRun runProgram(const QString& program, const QStringList& args, const QProcessEnvironment& env,
    const QString& workDir, int timeoutMs, const std::function<void(QProcess&)>& whileRunning)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(workDir);
    process.setStandardInputFile(QProcess::nullDevice());
    ProgramRun run;
    QElapsedTimer clock;
    clock.start();
    process.start(program, args);
    if (whileRunning && process.waitForStarted(10000))
        whileRunning(process);
    run.finished = process.waitForFinished(timeoutMs);
    if (!run.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    run.elapsedMs = clock.elapsed();
    run.exitStatus = process.exitStatus();
    run.exitCode = run.finished && run.exitStatus == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

void keepOutput(const ProgramRun& run, const QString& dir)
{
    for (const auto& [name, bytes] :
        { std::pair { "pinstage.stdout", &run.out }, std::pair { "pinstage.stderr", &run.err } }) {
        QFile file(QDir(dir).filePath(QLatin1String(name)));
        if (file.open(QIODevice::Append))
            file.write(*bytes);
    }
}

QStringList headlessShowArgs(const QString& url, const QString& key, int seconds, const QString& dataDir,
    const QStringList& more, QSize canvas, int fps)
{
    return QStringList { QStringLiteral("--headless"), QStringLiteral("--stream-url"), url,
        QStringLiteral("--stream-key"), key, QStringLiteral("--duration"), QString::number(seconds),
        QStringLiteral("--canvas"), QStringLiteral("%1x%2").arg(canvas.width()).arg(canvas.height()),
        QStringLiteral("--fps"), QString::number(fps), QStringLiteral("--data-dir"), dataDir }
    + more;
}

BackgroundRun::~BackgroundRun()
{
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished(5000);
    }
}

void BackgroundRun::start(
    const QString& program, const QStringList& args, const QProcessEnvironment& env, const TestTempDir& dir)
{
    m_out = dir.filePath(QStringLiteral("pinstage.stdout"));
    m_err = dir.filePath(QStringLiteral("pinstage.stderr"));
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(dir.path());
    process.setStandardInputFile(QProcess::nullDevice());
    process.setStandardOutputFile(m_out);
    process.setStandardErrorFile(m_err);
    process.start(program, args);
}

namespace {
    QByteArray readWhole(const QString& path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
} // namespace

QByteArray BackgroundRun::stdOut() const
{
    return readWhole(m_out);
}

QByteArray BackgroundRun::stdErr() const
{
    return readWhole(m_err);
}

bool waitForIngestVideo(const QString& flvPath, double seconds, const QProcess& publisher, int timeoutMs)
{
    (void)QTest::qWaitFor(
        [&] { return ingestVideoSeconds(flvPath) >= seconds || publisher.state() != QProcess::Running; }, timeoutMs);
    return ingestVideoSeconds(flvPath) >= seconds;
}

} // namespace pinstage::test
