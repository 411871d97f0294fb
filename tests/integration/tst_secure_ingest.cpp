// SPDX-License-Identifier: GPL-2.0-or-later
// RTMPS and SRT (issue 11 item 3), end to end through libobs's own outputs, with real servers on
// loopback that the test starts in its temporary folders and stops by pid:
//  - RTMPS: nginx's stream module terminates TLS in front of nginx-rtmp with a certificate from a
//    throwaway CA (TestCertificateAuthority). The real `pinstage --headless` runs with the test trust
//    library preloaded, which adds that CA to the CAs libobs (obs-outputs, mbedtls) loads from
//    /etc/ssl/certs, so libobs verifies the certificate; the machine's trust store is only read (no
//    mount namespace, no root: it works the same in a container or a chroot). Without it the same
//    stream is refused at once, with the certificate problem named, not retried (no hang), and the
//    final JSON line says why.
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
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTest>

#include <cmath>
#include <csignal>
#include <functional>
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
    /// Listens on PORT (0: a random free one) with PASSPHRASE, writing to OUTPUT.
    bool start(const QString& output, const QString& passphrase, QString* error, int port = 0)
    {
        m_output = output;
        for (int attempt = 0; attempt < 8; ++attempt) {
            m_port = port > 0 ? port : QRandomGenerator::global()->bounded(20000, 60000);
            // The same port again: until the last listener let it go (a random one: try another).
            if (port > 0)
                (void)QTest::qWaitFor([this] { return !udpBound(m_port); }, 5000);
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
    void rtmpsCertificateFailingAfterLiveIsRetried();
    void srtThroughLibobsMpegTsOutput();
    void srtWrongPassphraseRefused();
    void srtDropMidShowHeals();

private:
    using Run = ProgramRun;
    /// Runs pinstage with ARGS until it ends; with TRUST, trusting that CA too (trustingEnvironment()).
    Run run(const QStringList& args, const TestTempDir& dir, int timeoutMs,
        const TestCertificateAuthority* trust = nullptr, const std::function<void(QProcess&)>& whileRunning = {}) const;
    /// What every RTMPS test sets up: its folder (with a data folder), a stream key, a throwaway CA,
    /// and nginx-rtmp behind a TLS terminator with that CA's certificate for 127.0.0.1.
    struct RtmpsIngest {
        explicit RtmpsIngest(const QString& name)
            : dir(name)
        {
        }
        TestTempDir dir;
        TestCertificateAuthority ca;
        NginxRtmpServer server;
        QString key = randomStreamKey();
        QString dataDir;
    };
    /// Makes INGEST's CA and data folder and starts its server. Fails the test on error (check
    /// QTest::currentTestFailed()).
    static void startRtmpsIngest(RtmpsIngest& ingest);
    static QStringList showArgs(const QString& url, const QString& key, int seconds, const QString& dataDir);
    static void verifyNoLeak(const Run& run, const QString& dataDir, const QStringList& secrets);
    static void verifyReceived(const QString& path, double seconds, const QString& format, double tolerance = 2.0);
};

tst_SecureIngest::Run tst_SecureIngest::run(const QStringList& args, const TestTempDir& dir, int timeoutMs,
    const TestCertificateAuthority* trust, const std::function<void(QProcess&)>& whileRunning) const
{
    QProcessEnvironment env = confinedEnvironment(xvfb(), dir);
    env.remove(QStringLiteral("PINSTAGE_STREAM_KEY"));
    if (trust)
        env = trust->trustingEnvironment(env);
    Run r = runProgram(QStringLiteral(PINSTAGE_BINARY), args, env, dir.path(), timeoutMs, whileRunning);
    keepOutput(r, dir.path());
    return r;
}

void tst_SecureIngest::startRtmpsIngest(RtmpsIngest& ingest)
{
    QVERIFY(ingest.dir.isValid());
    ingest.dataDir = ingest.dir.mkpath(QStringLiteral("data"));
    QString error;
    QVERIFY2(ingest.ca.create(&error), qPrintable(error));
    ingest.server.enableTls(ingest.ca.serverCertificatePath(), ingest.ca.serverKeyPath());
    QVERIFY2(ingest.server.start(&error), qPrintable(error));
    // libobs connects to the terminator's port, not nginx-rtmp's.
    QVERIFY(ingest.server.rtmpsUrl() != ingest.server.url() && ingest.server.tlsPort() != ingest.server.port());
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
    RtmpsIngest ingest(QStringLiteral("rtmps"));
    startRtmpsIngest(ingest);
    if (QTest::currentTestFailed())
        return;
    auto& [dir, ca, server, key, dataDir] = ingest;
    const QByteArray systemBundleBefore = sha256Of(TestCertificateAuthority::systemBundlePath());
    QVERIFY(!systemBundleBefore.isEmpty());
    constexpr int kSeconds = 8;
    const Run r = run(showArgs(server.rtmpsUrl(), key, kSeconds, dataDir), dir, 120000, &ca);
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe() + server.errorLog()));
    verifyNoLeak(r, dataDir, { key });
    const QJsonObject stats = QJsonDocument::fromJson(lastNonEmptyLine(r.out)).object();
    qInfo().noquote() << "statistics:" << lastNonEmptyLine(r.out);
    const QJsonArray destinations = stats.value(QStringLiteral("destinations")).toArray();
    QCOMPARE(destinations.size(), 1);
    QCOMPARE(destinations.at(0).toObject().value(QStringLiteral("url")).toString(), server.rtmpsUrl());
    QVERIFY(destinations.at(0).toObject().value(QStringLiteral("bytes")).toDouble() > 0);

    // The preloaded library added the test CA (every certificate of it parsed) to what libobs loaded.
    QFile trustLog(ca.trustLogPath());
    QVERIFY2(trustLog.open(QIODevice::ReadOnly), "the test trust library never added the CA");
    const QString trusted = QString::fromUtf8(trustLog.readAll());
    qInfo().noquote() << trusted.trimmed();
    QVERIFY2(trusted.contains(ca.caCertificatePath() + QStringLiteral(" added (0)")), qPrintable(trusted));

    // libobs's RTMP output made the TLS connection (to the terminator's port, not nginx-rtmp's) and
    // verified the certificate.
    const QString engineLog = readAll(dataDir + QStringLiteral("/logs"));
    QVERIFY2(engineLog.contains(QStringLiteral("Connecting to RTMP URL %1").arg(server.rtmpsUrl())),
        qPrintable(engineLog.right(3000)));
    QVERIFY(!engineLog.contains(QLatin1String("Cert verify failed")));

    // The machine's trust store is as it was, and nothing was mounted over it.
    QCOMPARE(sha256Of(TestCertificateAuthority::systemBundlePath()), systemBundleBefore);
    QFile mounts(QStringLiteral("/proc/self/mountinfo"));
    QVERIFY(mounts.open(QIODevice::ReadOnly));
    QVERIFY(!mounts.readAll().contains("ca-certificates.crt"));

    // What the output says it sent arrived (by frames: on a loaded machine the first frames can come
    // late, so the stream may be shorter than the show).
    const double sentSeconds = destinations.at(0).toObject().value(QStringLiteral("frames")).toDouble() / 30.0;
    QVERIFY2(sentSeconds >= kSeconds / 2.0, qPrintable(QString::number(sentSeconds)));
    const QString recording = server.recordingPath(key);
    QString error;
    QVERIFY2(NginxRtmpServer::waitForRecordingClosed(recording, 20000, &error), qPrintable(error + server.errorLog()));
    server.stop();
    verifyReceived(recording, sentSeconds, QStringLiteral("flv"), 1.0);
}

void tst_SecureIngest::rtmpsRefusedWithoutTheCa()
{
    RtmpsIngest ingest(QStringLiteral("rtmps-refused"));
    startRtmpsIngest(ingest);
    if (QTest::currentTestFailed())
        return;
    auto& [dir, ca, server, key, dataDir] = ingest;

    // The same stream, without the test trust library: the machine does not trust the test CA. The
    // certificate is refused at the first try and not retried (StreamOutput: it cannot heal);
    // --reconnect-tries bounds the run should it be taken for a network failure after all.
    const Run r = run(showArgs(server.rtmpsUrl(), key, 30, dataDir)
            + QStringList { QStringLiteral("--reconnect-tries"), QStringLiteral("3") },
        dir, 60000);
    qInfo() << "refused after" << r.elapsedMs << "ms";
    QVERIFY2(r.finished && r.exitCode == 1, qPrintable(r.describe()));
    QVERIFY2(r.elapsedMs < 20000, qPrintable(r.describe())); // refused at once, not after the show's 30 s
    // The seller's words, naming the host (never the key); no retry.
    const QByteArray error = lastNonEmptyLine(r.err);
    qInfo().noquote() << "stderr:" << error;
    QVERIFY2(error.contains("the server's certificate could not be verified"), qPrintable(r.describe()));
    // In mbedtls's words, read from librtmp's log line on the connect thread (libobs's own message,
    // "The RTMP server sent an invalid SSL certificate.", is translated and not always set).
    QVERIFY2(error.contains("The certificate is not correctly signed by the trusted CA"), qPrintable(r.describe()));
    QVERIFY2(error.contains(QStringLiteral("127.0.0.1:%1").arg(server.tlsPort()).toUtf8()), qPrintable(r.describe()));
    QVERIFY2(error.contains("not retried"), qPrintable(r.describe()));
    QVERIFY2(!r.err.contains("gave up after"), qPrintable(r.describe()));
    verifyNoLeak(r, dataDir, { key });
    // The final JSON line says the same for the destination.
    const QJsonObject stats = QJsonDocument::fromJson(lastNonEmptyLine(r.out)).object();
    const QJsonObject destination = stats.value(QStringLiteral("destinations")).toArray().at(0).toObject();
    QCOMPARE(destination.value(QStringLiteral("state")).toString(), QStringLiteral("failed"));
    QCOMPARE(destination.value(QStringLiteral("url")).toString(), server.rtmpsUrl());
    QVERIFY2(destination.value(QStringLiteral("message"))
                 .toString()
                 .contains(QLatin1String("the server's certificate could not be verified")),
        qPrintable(QString::fromUtf8(r.out)));
    // The log names the certificate problem as mbedtls found it, and libobs connected once.
    const QString engineLog = readAll(dataDir + QStringLiteral("/logs"));
    QVERIFY2(engineLog.contains(QLatin1String("Cert verify failed")), qPrintable(engineLog.right(3000)));
    QVERIFY2(
        engineLog.contains(QLatin1String("not correctly signed by the trusted CA")), qPrintable(engineLog.right(3000)));
    QCOMPARE(engineLog.count(QStringLiteral("Connecting to RTMP URL %1").arg(server.rtmpsUrl())), 1);
    // Nothing got through to nginx-rtmp.
    server.stop();
    QVERIFY(QFileInfo(server.recordingPath(key)).size() <= 0);
}

void tst_SecureIngest::rtmpsCertificateFailingAfterLiveIsRetried()
{
    // Live over RTMPS with a verified certificate, then the ingest answers with one this machine does
    // not trust (what a captive portal or an intercepting proxy does): the destination keeps
    // reconnecting, saying why, and is back on air once the right certificate answers again. Only a
    // first connect's certificate failure ends a destination (rtmpsRefusedWithoutTheCa). The server
    // closing the TLS connection must not end the process either: libobs's TLS sends raise SIGPIPE.
    // The engine log is written at the end only: while the show runs, the conditions are nginx's
    // error log and pinstage's stderr.
    RtmpsIngest ingest(QStringLiteral("rtmps-intercepted"));
    startRtmpsIngest(ingest);
    if (QTest::currentTestFailed())
        return;
    auto& [dir, ca, server, key, dataDir] = ingest;
    TestCertificateAuthority interceptor;
    QString error;
    QVERIFY2(interceptor.create(&error), qPrintable(error));
    const auto stderrSoFar = [](QProcess& p) {
        p.setReadChannel(QProcess::StandardError);
        return QString::fromUtf8(p.peek(p.bytesAvailable()));
    };
    const QLatin1String refusedByPinstage("alert unknown ca"); // nginx: the client refused our certificate
    qint64 backOnAirMs = -1;
    // --duration far beyond the test: it ends the show by SIGTERM, as a seller's End show.
    const Run r = run(showArgs(server.rtmpsUrl(), key, 3600, dataDir), dir, 150000, &ca, [&](QProcess& p) {
        const auto running = [&p] { return p.state() == QProcess::Running; };
        // However this ends (a failed check returns early): SIGTERM, as a seller's End show.
        const auto endShow = qScopeGuard([&p] {
            if (p.processId() > 0)
                ::kill(static_cast<pid_t>(p.processId()), SIGTERM);
        });
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(server.recordingPath(key)).size() > 20000 || !running(), 40000);
        QVERIFY2(running(), qPrintable(stderrSoFar(p)));
        server.stopForOutage();
        server.enableTls(interceptor.serverCertificatePath(), interceptor.serverKeyPath());
        QString restartError;
        QVERIFY2(server.restart(&restartError), qPrintable(restartError));
        // Tried again and again against the wrong certificate (each refused by pinstage), and said.
        QTRY_VERIFY_WITH_TIMEOUT(server.errorLog().count(refusedByPinstage) >= 3 || !running(), 60000);
        QVERIFY2(running(), qPrintable(stderrSoFar(p) + server.errorLog()));
        QTRY_VERIFY_WITH_TIMEOUT(stderrSoFar(p).contains(QLatin1String("certificate could not be verified")), 10000);
        const QString said = stderrSoFar(p);
        qInfo().noquote() << "stderr while refused:" << said.trimmed();
        QVERIFY2(said.contains(QLatin1String("it was verified earlier in this show")), qPrintable(said));
        QVERIFY2(!said.contains(QLatin1String("not retried")), qPrintable(said));
        // The right certificate again: back on air.
        server.stopForOutage();
        server.enableTls(ca.serverCertificatePath(), ca.serverKeyPath());
        QVERIFY2(server.restart(&restartError), qPrintable(restartError));
        QElapsedTimer restored;
        restored.start();
        QTRY_VERIFY_WITH_TIMEOUT(stderrSoFar(p).contains(QLatin1String("reconnected at")) || !running(), 60000);
        backOnAirMs = restored.elapsed();
        QVERIFY2(running(), qPrintable(stderrSoFar(p) + server.errorLog()));
        qInfo("back on air %.2f s after the right certificate answered again", backOnAirMs / 1000.0);
        // nginx records the new connection's stream (from its start: record_append is off).
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(server.recordingPath(key)).size() > 20000 || !running(), 20000);
        QVERIFY2(running(), qPrintable(stderrSoFar(p)));
    });
    QVERIFY2(backOnAirMs >= 0, qPrintable(r.describe() + server.errorLog()));
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe() + server.errorLog()));
    QVERIFY2(!r.err.contains("not retried"), qPrintable(r.describe()));
    QCOMPARE(r.err.count("certificate could not be verified"), 1); // said once for the outage
    const QJsonObject stats = QJsonDocument::fromJson(lastNonEmptyLine(r.out)).object();
    qInfo().noquote() << "statistics:" << lastNonEmptyLine(r.out);
    const QJsonObject destination = stats.value(QStringLiteral("destinations")).toArray().at(0).toObject();
    QCOMPARE(destination.value(QStringLiteral("state")).toString(), QStringLiteral("stopped"));
    QCOMPARE(destination.value(QStringLiteral("reconnects")).toInt(), 1);
    QVERIFY(stats.value(QStringLiteral("reconnect_attempts")).toInt() >= 3);
    // The show log has each certificate retry with its reason; libobs's log the failures, then a
    // successful connect after the last of them.
    int certificateRetries = 0;
    for (const QString& line : readAll(dataDir + QStringLiteral("/shows")).split(QLatin1Char('\n'))) {
        const QJsonObject e = QJsonDocument::fromJson(line.toUtf8()).object();
        if (e.value(QStringLiteral("event")).toString() == QLatin1String("connect_retry")
            && e.value(QStringLiteral("reason"))
                   .toString()
                   .contains(QLatin1String("certificate could not be verified")))
            ++certificateRetries;
    }
    QVERIFY2(certificateRetries >= 3, qPrintable(readAll(dataDir + QStringLiteral("/shows"))));
    const QString engineLog = readAll(dataDir + QStringLiteral("/logs"));
    QVERIFY2(engineLog.count(QLatin1String("Cert verify failed")) >= 3, qPrintable(engineLog.right(3000)));
    const qsizetype lastFailure = engineLog.lastIndexOf(QLatin1String("Cert verify failed"));
    QVERIFY2(engineLog.indexOf(QStringLiteral("Connection to %1 successful").arg(server.rtmpsUrl()), lastFailure) > 0,
        qPrintable(engineLog.mid(lastFailure, 3000)));
    verifyNoLeak(r, dataDir, { key });
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
    const Run r = run(showArgs(url, key, kSeconds, dataDir), dir, 120000);
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
    const Run r = run(showArgs(url, key, 30, dataDir), dir, 60000);
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

// Issue 11: the SRT listener goes away mid-show (ffmpeg ends, closing its SRT socket) and comes back
// on the same port a few seconds later: the stream resumes, and stderr and the show log have the
// drop and the recovery.
void tst_SecureIngest::srtDropMidShowHeals()
{
    TestTempDir dir(QStringLiteral("srt-drop"));
    QVERIFY(dir.isValid());
    const QString passphrase = QStringLiteral("pass_") + randomStreamKey().mid(5, 20);
    const QString before = dir.filePath(QStringLiteral("received-before.ts"));
    const QString after = dir.filePath(QStringLiteral("received-after.ts"));
    SrtListener listener;
    QString error;
    QVERIFY2(listener.start(before, passphrase, &error), qPrintable(error));
    const int port = listener.port();

    const QString key = randomStreamKey();
    const QString dataDir = dir.mkpath(QStringLiteral("data"));
    constexpr int kShowSeconds = 26;
    constexpr int kOutageMs = 4000;
    const QString url = QStringLiteral("srt://127.0.0.1:%1?latency=200000&passphrase=%2").arg(port).arg(passphrase);
    QElapsedTimer clock;
    qint64 downAt = -1;
    qint64 backAt = -1;
    bool restarted = false;
    const Run r = run(showArgs(url, key, kShowSeconds, dataDir), dir, 180000, nullptr, [&](QProcess& process) {
        // On air once the listener has written a few seconds of stream (about 100 kB a second here).
        (void)QTest::qWaitFor(
            [&] { return QFileInfo(before).size() > 400000 || process.state() != QProcess::Running; }, 60000);
        if (process.state() != QProcess::Running)
            return;
        clock.start();
        listener.stop(); // SIGTERM: ffmpeg closes its SRT socket and the file
        downAt = clock.elapsed();
        // The outage's length is the scenario (nothing to wait for); the event loop runs meanwhile.
        QTest::qWait(kOutageMs);
        restarted = listener.start(after, passphrase, &error, port);
        backAt = clock.elapsed();
    });
    QVERIFY2(restarted, qPrintable(error));
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe() + listener.log()));
    verifyNoLeak(r, dataDir, { key, passphrase });
    qInfo("listener down at %.2f s, back at %.2f s (clock started at the drop)", downAt / 1000.0, backAt / 1000.0);

    const QJsonObject stats = QJsonDocument::fromJson(lastNonEmptyLine(r.out)).object();
    qInfo().noquote() << "statistics:" << lastNonEmptyLine(r.out);
    const QString err = QString::fromUtf8(r.err);
    qInfo().noquote() << "stderr:" << err.trimmed();
    const QString engineLog = readAll(dataDir + QStringLiteral("/logs"));
    // How libobs's MPEG-TS output saw the drop and the tries (libsrt's 100 ms connect polls left out).
    static const QRegularExpression evidence(
        QStringLiteral("\\[pinstage\\]|'Stream'|connection closed|failed|Session Summary|created"));
    for (const QString& line : engineLog.split(QLatin1Char('\n')))
        if (evidence.match(line).hasMatch())
            qInfo().noquote() << "engine log:" << line.left(200);

    // The drop was seen and healed: one drop, stderr and the show log say both.
    QCOMPARE(stats.value(QStringLiteral("reconnects")).toInt(-1), 1);
    const QRegularExpression dropped(QStringLiteral("dropped at ([0-9.]+) s; reconnecting"));
    const QRegularExpression back(QStringLiteral("reconnected at ([0-9.]+) s \\(([0-9.]+) s off air"));
    QVERIFY2(dropped.match(err).hasMatch(), qPrintable(err));
    const QRegularExpressionMatch backMatch = back.match(err);
    QVERIFY2(backMatch.hasMatch(), qPrintable(err));
    qInfo("SRT: %s s off air for a %.1f s outage", qPrintable(backMatch.captured(2)), kOutageMs / 1000.0);
    QStringList events;
    QDirIterator logs(dataDir + QStringLiteral("/shows"), { QStringLiteral("show-*.jsonl") }, QDir::Files);
    while (logs.hasNext()) {
        QFile f(logs.next());
        if (f.open(QIODevice::ReadOnly))
            for (const QByteArray& line : f.readAll().split('\n'))
                if (!line.trimmed().isEmpty())
                    events.append(QJsonDocument::fromJson(line).object().value(QStringLiteral("event")).toString());
    }
    qInfo().noquote() << "show log:" << events.join(QLatin1Char(' '));
    const qsizetype lost = events.indexOf(QStringLiteral("connection_lost"));
    const qsizetype healed = events.indexOf(QStringLiteral("reconnected"));
    QVERIFY2(lost >= 0 && healed > lost, qPrintable(events.join(QLatin1Char(' '))));

    // The listener received the stream again after the outage.
    listener.finish(20000);
    const std::optional<MediaInfo> second = MediaProbe::probe(after, &error);
    QVERIFY2(second, qPrintable(error + listener.log()));
    qInfo() << "received after the outage:" << *second;
    QVERIFY(second->hasVideo());
    QVERIFY2(second->duration >= 3.0, qPrintable(QString::number(second->duration)));
}

QTEST_GUILESS_MAIN(tst_SecureIngest)
#include "tst_secure_ingest.moc"
