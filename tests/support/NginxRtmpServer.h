// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "TestTempDir.h"

#include <QProcess>
#include <QString>
#include <QStringList>

namespace pinstage::test {

/// A private nginx + RTMP module that accepts one test's streams and records them.
///
/// Everything lives in a TestTempDir (config, pid, error log, recordings), so it runs as root or
/// not and never touches /var or /etc; the folder is kept when the test failed (or after keep()).
/// The server listens on 127.0.0.1 at a random port in 20000–60000, retrying on "address in
/// use", with application `live` recording every stream to recordingPath(key) (nginx writes
/// <rec>/<key>.flv and closes it when the publisher disconnects).
///
/// Construct it inside the test function so the keep-on-failure decision sees that test's result.
/// Use from the test thread only; start(), stop() and the waits block.
class NginxRtmpServer {
public:
    NginxRtmpServer();
    ~NginxRtmpServer();

    NginxRtmpServer(const NginxRtmpServer&) = delete;
    NginxRtmpServer& operator=(const NginxRtmpServer&) = delete;

    /// Writes nginx.conf and starts nginx in the foreground; returns once the port accepts
    /// connections. On failure returns false and sets *error (with nginx's error log).
    bool start(QString* error = nullptr);
    /// A test's failure message for a start() that failed with ERROR: "cannot start the private RTMP
    /// ingest", the Debian packages it needs, then ERROR.
    static QString startFailure(const QString& error);
    /// Graceful stop by pid (SIGQUIT), then SIGTERM after 5 s, SIGKILL after 10 s. Idempotent.
    void stop();
    /// Simulates an outage: stops the server but keeps its port, folder and recordings.
    void stopForOutage();
    /// Starts again on the same port after stopForOutage().
    bool restart(QString* error = nullptr);

    bool isRunning() const;
    qint64 pid() const;
    int port() const;
    /// "rtmp://127.0.0.1:PORT/live" (the server URL; the stream key is the stream name).
    QString url() const;
    /// The folder holding config, logs and recordings.
    QString directory() const;
    QString recordingDirectory() const;
    /// Where nginx records the stream published with streamKey: <rec>/<key>.flv.
    QString recordingPath(const QString& streamKey) const;
    /// The tail of nginx's error log (for failure messages).
    QString errorLog() const;
    /// Keep the folder even if the test passes.
    void keep();

    /// A TLS terminator in front of the RTMP port (RTMPS): before start(), makes the same nginx also
    /// listen on 127.0.0.1 at a second random port with TLS (nginx's stream module, Debian package
    /// libnginx-mod-stream) and pass the decrypted bytes to its RTMP port. CERTIFICATE and KEY are
    /// PEM files (see TestCertificateAuthority). start() fails naming the module when it is missing.
    void enableTls(const QString& certificate, const QString& key);
    /// The TLS port (0 without enableTls() or before start()).
    int tlsPort() const;
    /// "rtmps://127.0.0.1:TLSPORT/live": an address, not a name (a fresh Debian chroot has no
    /// /etc/hosts, and "localhost" does not resolve there); the test certificate is made for it.
    QString rtmpsUrl() const;

    /// A relay: before start(), every stream published to `live` is also pushed on to URL with
    /// nginx-rtmp's `push` (rtmp://HOST:PORT/APP pushes under the same stream name;
    /// rtmp://HOST:PORT/APP/NAME under NAME, as a platform's key). Repeat for several targets.
    void addPushTarget(const QString& url);
    /// The path of the nginx.conf written at start() (to show in failure messages).
    QString configPath() const;
    /// Makes the server stop answering without closing anything (SIGSTOP to the master and its
    /// workers): connections stay open, the kernel accepts new ones into the backlog, nobody
    /// reads. resume() sends SIGCONT. Returns false when nginx does not run.
    bool suspend();
    bool resume();

    /// Waits until path exists, is not empty and no process has it open any more (from /proc), i.e.
    /// nginx has closed it. settleMs is used only where /proc cannot tell (processes of another
    /// user): then the size must not have changed for that long. Call after the publisher stopped.
    /// Returns false (and sets *error) on timeout.
    static bool waitForRecordingClosed(
        const QString& path, int timeoutMs, QString* error = nullptr, int settleMs = 1500);
    /// A port in 20000–60000 that nothing listens on right now (for "connection refused" tests).
    static int pickFreePort();

private:
    enum class Launch { Started, AddressInUse, Failed };
    Launch launch(QString* error);
    bool writeConfig(QString* error) const;

    TestTempDir m_dir;
    QProcess m_process;
    int m_port = 0;
    // enableTls() / addPushTarget() (additions for RTMPS and relay tests)
    QString m_tlsCertificate;
    QString m_tlsKey;
    int m_tlsPort = 0;
    QStringList m_pushTargets;
};

} // namespace pinstage::test
