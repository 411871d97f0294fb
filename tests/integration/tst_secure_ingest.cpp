// SPDX-License-Identifier: GPL-2.0-or-later
// RTMPS and SRT (issue 11 item 3), end to end through libobs's own outputs, with real servers on
// loopback that the test starts in its temporary folders and stops by pid:
//  - RTMPS: nginx's stream module terminates TLS in front of nginx-rtmp with a certificate from a
//    throwaway CA (TestCertificateAuthority). The real `pinstage --headless` runs in a private mount
//    namespace in which the system CA bundle also holds that CA, so libobs (obs-outputs, mbedtls)
//    verifies the certificate; the machine's trust store is never touched. Without that namespace the
//    same stream is refused at once, with the certificate problem named (no hang).
//  - SRT: an srt:// destination goes through obs-ffmpeg's MPEG-TS output (libsrt) to ffmpeg listening
//    on loopback with an SRT passphrase; a wrong passphrase is refused at once.
// Each received stream is probed (codecs, size, duration); no stream key or passphrase reaches
// stdout, stderr, the data folder or the log.
#include "HeadlessProcess.h"
#include "HeadlessTestCase.h"
#include "MediaProbe.h"
#include "NginxRtmpServer.h"
#include "TestCertificateAuthority.h"
#include "TestTempDir.h"
#include "XvfbServer.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTest>

#include <cmath>
#include <memory>

#ifndef PINSTAGE_BINARY
#error "PINSTAGE_BINARY must name the pinstage executable (see tests/integration/CMakeLists.txt)"
#endif

using namespace pinstage::test;

namespace {

const QSize kCanvas(360, 640);

QString readAll(const QString& dir)
{
    QString text;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly))
            text += QString::fromUtf8(f.readAll());
    }
    return text;
}

QByteArray sha256Of(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

/// Whether something listens on UDP 127.0.0.1:PORT (from /proc/net/udp: local address 0100007F).
bool udpBound(int port)
{
    QFile f(QStringLiteral("/proc/net/udp"));
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray needle = QStringLiteral("0100007F:%1").arg(port, 4, 16, QLatin1Char('0')).toUpper().toLatin1();
    return f.readAll().contains(needle);
}

/// ffmpeg as an SRT listener on loopback writing what it receives, unchanged, to an MPEG-TS file.
class SrtListener {
public:
    ~SrtListener() { stop(); }
    bool start(const QString& output, const QString& passphrase, QString* error)
    {
        m_output = output;
        for (int attempt = 0; attempt < 8; ++attempt) {
            m_port = QRandomGenerator::global()->bounded(20000, 60000);
            if (udpBound(m_port))
                continue;
            m_process.setProcessChannelMode(QProcess::MergedChannels);
            m_process.setStandardInputFile(QProcess::nullDevice());
            m_process.setStandardOutputFile(output + QStringLiteral(".log"));
            m_process.start(QStringLiteral("ffmpeg"),
                { QStringLiteral("-nostdin"), QStringLiteral("-hide_banner"), QStringLiteral("-y"),
                    QStringLiteral("-f"), QStringLiteral("mpegts"), QStringLiteral("-i"),
                    QStringLiteral("srt://127.0.0.1:%1?mode=listener&passphrase=%2").arg(m_port).arg(passphrase),
                    QStringLiteral("-c"), QStringLiteral("copy"), output });
            if (!m_process.waitForStarted(5000)) {
                *error = QStringLiteral("cannot start ffmpeg: %1").arg(m_process.errorString());
                return false;
            }
            QElapsedTimer waited;
            waited.start();
            while (waited.elapsed() < 10000 && m_process.state() == QProcess::Running && !udpBound(m_port))
                QTest::qWait(50); // until ffmpeg's socket is bound (a condition, within 10 s)
            if (udpBound(m_port) && m_process.state() == QProcess::Running)
                return true;
            stop(); // the port was taken meanwhile, or ffmpeg failed: try another
        }
        *error = QStringLiteral("ffmpeg did not listen for SRT: %1").arg(log());
        return false;
    }
    /// Waits for ffmpeg to end on its own (the caller has gone), else ends it (SIGTERM: it still
    /// writes the file's end), by its pid.
    void finish(int timeoutMs)
    {
        if (m_process.state() != QProcess::NotRunning && !m_process.waitForFinished(timeoutMs))
            stop();
    }
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(2000);
        }
    }
    int port() const { return m_port; }
    QString log() const
    {
        QFile f(m_output + QStringLiteral(".log"));
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll().right(3000)) : QString();
    }

private:
    QProcess m_process;
    QString m_output;
    int m_port = 0;
};

} // namespace

class tst_SecureIngest : public HeadlessTestCase {
    Q_OBJECT
public:
    tst_SecureIngest()
        : HeadlessTestCase(QStringLiteral(PINSTAGE_BINARY))
    {
    }

private slots:
    void rtmpsVerifiedAgainstPrivateCa();
    void rtmpsRefusedWithoutTheCa();
    void srtThroughLibobsMpegTsOutput();
    void srtWrongPassphraseRefused();

private:
    using Run = ProgramRun;
    /// Runs PROGRAM (pinstage itself, or a command that runs it) with ARGS until it ends.
    Run run(const QString& program, const QStringList& args, const TestTempDir& dir, int timeoutMs) const;
    static QStringList showArgs(const QString& url, const QString& key, int seconds, const QString& dataDir);
    static void verifyNoLeak(const Run& run, const QString& dataDir, const QStringList& secrets);
    static void verifyReceived(const QString& path, double seconds, const QString& format, double tolerance = 2.0);
};

tst_SecureIngest::Run tst_SecureIngest::run(
    const QString& program, const QStringList& args, const TestTempDir& dir, int timeoutMs) const
{
    QProcessEnvironment env = confinedEnvironment(xvfb(), dir);
    env.remove(QStringLiteral("PINSTAGE_STREAM_KEY"));
    const Run r = runProgram(program, args, env, dir.path(), timeoutMs);
    keepOutput(r, dir.path());
    return r;
}

QStringList tst_SecureIngest::showArgs(const QString& url, const QString& key, int seconds, const QString& dataDir)
{
    return { QStringLiteral("--headless"), QStringLiteral("--stream-url"), url, QStringLiteral("--stream-key"), key,
        QStringLiteral("--duration"), QString::number(seconds), QStringLiteral("--canvas"), QStringLiteral("360x640"),
        QStringLiteral("--camera"), QStringLiteral("none"), QStringLiteral("--mic"), QStringLiteral("none"),
        QStringLiteral("--data-dir"), dataDir };
}

void tst_SecureIngest::verifyNoLeak(const Run& run, const QString& dataDir, const QStringList& secrets)
{
    for (const QString& secret : secrets) {
        QVERIFY2(!run.out.contains(secret.toUtf8()), "a secret appears on stdout");
        QVERIFY2(!run.err.contains(secret.toUtf8()), "a secret appears on stderr");
        const QStringList leaks = filesContaining(dataDir, secret.toUtf8());
        QVERIFY2(
            leaks.isEmpty(), qPrintable(QStringLiteral("a secret was written to: ") + leaks.join(QLatin1String(", "))));
    }
}

void tst_SecureIngest::verifyReceived(const QString& path, double seconds, const QString& format, double tolerance)
{
    QString error;
    const std::optional<MediaInfo> info = MediaProbe::probe(path, &error);
    QVERIFY2(info, qPrintable(error));
    qInfo() << "received" << QFileInfo(path).fileName() << QFileInfo(path).size() << "bytes:" << *info;
    QCOMPARE(info->formatName, format);
    QCOMPARE(info->videoCodec, QStringLiteral("h264"));
    QCOMPARE(info->audioCodec, QStringLiteral("aac"));
    QCOMPARE(QSize(info->width, info->height), kCanvas);
    QVERIFY2(std::abs(info->duration - seconds) <= tolerance,
        qPrintable(QStringLiteral("received %1 s, expected %2 s").arg(info->duration).arg(seconds)));
    QVERIFY2(info->maxVideoGap < 0.5, qPrintable(QString::number(info->maxVideoGap)));
}

void tst_SecureIngest::rtmpsVerifiedAgainstPrivateCa()
{
    TestTempDir dir(QStringLiteral("rtmps"));
    QVERIFY(dir.isValid());
    TestCertificateAuthority ca;
    QString error;
    QVERIFY2(ca.create(&error), qPrintable(error));
    NginxRtmpServer server;
    server.enableTls(ca.serverCertificatePath(), ca.serverKeyPath());
    QVERIFY2(server.start(&error), qPrintable(error));
    const QByteArray systemBundleBefore = sha256Of(TestCertificateAuthority::systemBundlePath());
    QVERIFY(!systemBundleBefore.isEmpty());

    const QString key = randomStreamKey();
    const QString dataDir = dir.mkpath(QStringLiteral("data"));
    constexpr int kSeconds = 8;
    const TestCertificateAuthority::Command command
        = ca.privateTrustCommand(QStringLiteral(PINSTAGE_BINARY), showArgs(server.rtmpsUrl(), key, kSeconds, dataDir));
    const Run r = run(command.program, command.arguments, dir, 120000);
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe() + server.errorLog()));
    verifyNoLeak(r, dataDir, { key });
    const QJsonObject stats = QJsonDocument::fromJson(lastNonEmptyLine(r.out)).object();
    qInfo().noquote() << "statistics:" << lastNonEmptyLine(r.out);
    const QJsonArray destinations = stats.value(QStringLiteral("destinations")).toArray();
    QCOMPARE(destinations.size(), 1);
    QCOMPARE(destinations.at(0).toObject().value(QStringLiteral("url")).toString(), server.rtmpsUrl());
    QVERIFY(destinations.at(0).toObject().value(QStringLiteral("bytes")).toDouble() > 0);

    // libobs's RTMP output made the TLS connection (to the terminator's port, not nginx-rtmp's).
    const QString engineLog = readAll(dataDir + QStringLiteral("/logs"));
    QVERIFY2(engineLog.contains(QStringLiteral("Connecting to RTMP URL %1").arg(server.rtmpsUrl())),
        qPrintable(engineLog.right(3000)));
    QVERIFY(!engineLog.contains(QLatin1String("Cert verify failed")));
    QVERIFY(server.rtmpsUrl() != server.url() && server.tlsPort() != server.port());

    // The machine's trust store is as it was, and no mount outlived the process.
    QCOMPARE(sha256Of(TestCertificateAuthority::systemBundlePath()), systemBundleBefore);
    QFile mounts(QStringLiteral("/proc/self/mountinfo"));
    QVERIFY(mounts.open(QIODevice::ReadOnly));
    QVERIFY(!mounts.readAll().contains("ca-certificates.crt"));

    // What the output says it sent arrived (by frames: on a loaded machine the first frames can come
    // late, so the stream may be shorter than the show).
    const double sentSeconds = destinations.at(0).toObject().value(QStringLiteral("frames")).toDouble() / 30.0;
    QVERIFY2(sentSeconds >= kSeconds / 2.0, qPrintable(QString::number(sentSeconds)));
    const QString recording = server.recordingPath(key);
    QVERIFY2(NginxRtmpServer::waitForRecordingClosed(recording, 20000, &error), qPrintable(error + server.errorLog()));
    server.stop();
    verifyReceived(recording, sentSeconds, QStringLiteral("flv"), 1.0);
}

void tst_SecureIngest::rtmpsRefusedWithoutTheCa()
{
    TestTempDir dir(QStringLiteral("rtmps-refused"));
    QVERIFY(dir.isValid());
    TestCertificateAuthority ca;
    QString error;
    QVERIFY2(ca.create(&error), qPrintable(error));
    NginxRtmpServer server;
    server.enableTls(ca.serverCertificatePath(), ca.serverKeyPath());
    QVERIFY2(server.start(&error), qPrintable(error));

    // The same stream, without the private namespace: the machine does not trust the test CA.
    const QString key = randomStreamKey();
    const QString dataDir = dir.mkpath(QStringLiteral("data"));
    const Run r = run(QStringLiteral(PINSTAGE_BINARY), showArgs(server.rtmpsUrl(), key, 30, dataDir), dir, 60000);
    qInfo() << "refused after" << r.elapsedMs << "ms";
    QVERIFY2(r.finished && r.exitCode == 1, qPrintable(r.describe()));
    QVERIFY2(r.elapsedMs < 20000, qPrintable(r.describe())); // refused at once, not after the show's 30 s
    QVERIFY2(r.err.contains("The RTMP server sent an invalid SSL certificate"), qPrintable(r.describe()));
    verifyNoLeak(r, dataDir, { key });
    // The log names the certificate problem as mbedtls found it.
    const QString engineLog = readAll(dataDir + QStringLiteral("/logs"));
    QVERIFY2(engineLog.contains(QLatin1String("Cert verify failed")), qPrintable(engineLog.right(3000)));
    QVERIFY2(
        engineLog.contains(QLatin1String("not correctly signed by the trusted CA")), qPrintable(engineLog.right(3000)));
    // Nothing got through to nginx-rtmp.
    server.stop();
    QVERIFY(QFileInfo(server.recordingPath(key)).size() <= 0);
}

void tst_SecureIngest::srtThroughLibobsMpegTsOutput()
{
    TestTempDir dir(QStringLiteral("srt"));
    QVERIFY(dir.isValid());
    const QString passphrase = QStringLiteral("pass_") + randomStreamKey().mid(5, 20);
    const QString received = dir.filePath(QStringLiteral("received.ts"));
    SrtListener listener;
    QString error;
    QVERIFY2(listener.start(received, passphrase, &error), qPrintable(error));

    const QString key = randomStreamKey(); // sent as the SRT stream id
    const QString dataDir = dir.mkpath(QStringLiteral("data"));
    constexpr int kSeconds = 8;
    const QString url
        = QStringLiteral("srt://127.0.0.1:%1?latency=200000&passphrase=%2").arg(listener.port()).arg(passphrase);
    const Run r = run(QStringLiteral(PINSTAGE_BINARY), showArgs(url, key, kSeconds, dataDir), dir, 120000);
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe() + listener.log()));
    verifyNoLeak(r, dataDir, { key, passphrase });
    const QJsonObject stats = QJsonDocument::fromJson(lastNonEmptyLine(r.out)).object();
    qInfo().noquote() << "statistics:" << lastNonEmptyLine(r.out);
    const QJsonObject destination = stats.value(QStringLiteral("destinations")).toArray().at(0).toObject();
    QCOMPARE(destination.value(QStringLiteral("url")).toString(),
        QStringLiteral("srt://127.0.0.1:%1?••••").arg(listener.port()));
    QVERIFY(destination.value(QStringLiteral("bytes")).toDouble() > 0);

    // libobs's own MPEG-TS output over libsrt carried it.
    const QString engineLog = readAll(dataDir + QStringLiteral("/logs"));
    QVERIFY2(engineLog.contains(QLatin1String("(ffmpeg_mpegts_muxer) created")), qPrintable(engineLog.right(3000)));
    QVERIFY2(
        engineLog.contains(QLatin1String("[obs-ffmpeg mpegts muxer / libsrt]")), qPrintable(engineLog.right(3000)));

    // What the output says it sent arrived. (obs-ffmpeg's MPEG-TS output sent its first packet 0.4 to
    // 2.5 s after it connected on this loaded machine: the stream is that much shorter than the show.
    // Measured and printed.)
    const double sentSeconds = destination.value(QStringLiteral("frames")).toDouble() / 30.0;
    qInfo().noquote() << QStringLiteral("SRT: %1 s of a %2 s show sent").arg(sentSeconds, 0, 'f', 2).arg(kSeconds);
    QVERIFY2(sentSeconds >= kSeconds / 2.0, qPrintable(QString::number(sentSeconds)));
    listener.finish(20000);
    verifyReceived(received, sentSeconds, QStringLiteral("mpegts"), 1.0);
}

void tst_SecureIngest::srtWrongPassphraseRefused()
{
    TestTempDir dir(QStringLiteral("srt-refused"));
    QVERIFY(dir.isValid());
    const QString received = dir.filePath(QStringLiteral("received.ts"));
    SrtListener listener;
    QString error;
    QVERIFY2(listener.start(received, QStringLiteral("the_listeners_passphrase"), &error), qPrintable(error));

    const QString key = randomStreamKey();
    const QString wrong = QStringLiteral("wrong_") + randomStreamKey().mid(5, 20);
    const QString dataDir = dir.mkpath(QStringLiteral("data"));
    const QString url = QStringLiteral("srt://127.0.0.1:%1?passphrase=%2").arg(listener.port()).arg(wrong);
    const Run r = run(QStringLiteral(PINSTAGE_BINARY), showArgs(url, key, 30, dataDir), dir, 60000);
    qInfo() << "refused after" << r.elapsedMs << "ms";
    QVERIFY2(r.finished && r.exitCode == 1, qPrintable(r.describe()));
    QVERIFY2(r.elapsedMs < 20000, qPrintable(r.describe()));
    QVERIFY2(r.err.contains("the server refused"), qPrintable(r.describe()));
    verifyNoLeak(r, dataDir, { key, wrong });
    const QString engineLog = readAll(dataDir + QStringLiteral("/logs"));
    QVERIFY2(
        engineLog.contains(QLatin1String("Connection rejected, wrong password")), qPrintable(engineLog.right(3000)));
    listener.stop();
}

QTEST_GUILESS_MAIN(tst_SecureIngest)
#include "tst_secure_ingest.moc"
