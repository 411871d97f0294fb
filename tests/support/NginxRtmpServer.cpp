// SPDX-License-Identifier: GPL-2.0-or-later
#include "NginxRtmpServer.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QThread>

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <netinet/in.h>
#include <optional>
#include <sys/socket.h>
#include <unistd.h>

namespace pinstage::test {

namespace {

    constexpr auto kModule = "/usr/lib/nginx/modules/ngx_rtmp_module.so";
    constexpr auto kStreamModule = "/usr/lib/nginx/modules/ngx_stream_module.so";
    constexpr int kMinPort = 20000;
    constexpr int kMaxPort = 60000;
    constexpr int kAttempts = 12;

    /// A socket descriptor closed on scope exit.
    class Socket {
    public:
        Socket()
            : m_fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0))
        {
        }
        ~Socket()
        {
            if (m_fd >= 0)
                ::close(m_fd);
        }
        Socket(const Socket&) = delete;
        Socket& operator=(const Socket&) = delete;
        int fd() const { return m_fd; }

    private:
        int m_fd;
    };

    sockaddr_in loopback(int port)
    {
        sockaddr_in addr {};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return addr;
    }

    bool canBind(int port)
    {
        Socket s;
        if (s.fd() < 0)
            return false;
        const int one = 1;
        ::setsockopt(s.fd(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one); // as nginx does
        const sockaddr_in addr = loopback(port);
        return ::bind(s.fd(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
    }

    bool accepts(int port)
    {
        Socket s;
        if (s.fd() < 0)
            return false;
        const sockaddr_in addr = loopback(port);
        return ::connect(s.fd(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
    }

    int randomPort()
    {
        return QRandomGenerator::global()->bounded(kMinPort, kMaxPort + 1);
    }

} // namespace

NginxRtmpServer::NginxRtmpServer()
    : m_dir(QStringLiteral("nginx"))
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setStandardInputFile(QProcess::nullDevice());
}

NginxRtmpServer::~NginxRtmpServer()
{
    stop();
}

bool NginxRtmpServer::start(QString* error)
{
    if (isRunning())
        return true;
    if (!m_dir.isValid()) {
        if (error)
            *error = QStringLiteral("cannot create a temporary folder");
        return false;
    }
    if (!QFileInfo::exists(QString::fromLatin1(kModule))) {
        if (error)
            *error = QStringLiteral(
                "%1 is missing (Debian package libnginx-mod-rtmp; packaging/install-deps.sh installs it)")
                         .arg(QString::fromLatin1(kModule));
        return false;
    }
    if (!m_tlsCertificate.isEmpty() && !QFileInfo::exists(QString::fromLatin1(kStreamModule))) {
        if (error)
            *error = QStringLiteral("%1 is missing (Debian package libnginx-mod-stream; packaging/install-deps.sh "
                                    "installs it)")
                         .arg(QString::fromLatin1(kStreamModule));
        return false;
    }
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
        m_port = randomPort();
        if (!canBind(m_port))
            continue;
        if (!m_tlsCertificate.isEmpty()) {
            m_tlsPort = randomPort();
            if (m_tlsPort == m_port || !canBind(m_tlsPort))
                continue;
        }
        switch (launch(error)) {
        case Launch::Started:
            return true;
        case Launch::AddressInUse:
            continue; // someone took the port between our check and nginx's bind
        case Launch::Failed:
            return false;
        }
    }
    if (error)
        *error = QStringLiteral("no free port found in %1 attempts").arg(kAttempts);
    return false;
}

NginxRtmpServer::Launch NginxRtmpServer::launch(QString* error)
{
    auto fail = [&](const QString& message) {
        if (error)
            *error = message + QStringLiteral("\n--- nginx error log ---\n") + errorLog();
        return Launch::Failed;
    };

    if (!writeConfig(error))
        return Launch::Failed;
    QFile::remove(m_dir.filePath(QStringLiteral("logs/error.log")));

    const QString nginx = QStandardPaths::findExecutable(QStringLiteral("nginx"),
        { QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin"), QStringLiteral("/usr/bin") });
    if (nginx.isEmpty())
        return fail(
            QStringLiteral("nginx is not installed (Debian package nginx; packaging/install-deps.sh installs it)"));

    m_process.setStandardOutputFile(m_dir.filePath(QStringLiteral("logs/nginx.out")), QIODevice::Append);
    // -e: nginx opens its error log before reading the config; keep even that one in our folder.
    m_process.start(nginx,
        { QStringLiteral("-p"), m_dir.path() + QLatin1Char('/'), QStringLiteral("-c"),
            m_dir.filePath(QStringLiteral("nginx.conf")), QStringLiteral("-e"),
            m_dir.filePath(QStringLiteral("logs/error.log")) });
    if (!m_process.waitForStarted(5000))
        return fail(QStringLiteral("could not start nginx: %1").arg(m_process.errorString()));

    const QByteArray inUse = QByteArrayLiteral("Address already in use");
    const QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        if (errorLog().toUtf8().contains(inUse)) {
            // Still retrying bind() inside its start-up, before it handles signals gracefully
            // (SIGQUIT would dump core): nothing to lose, end it outright.
            m_process.kill();
            m_process.waitForFinished(5000);
            return Launch::AddressInUse;
        }
        if (m_process.state() != QProcess::Running || m_process.waitForFinished(0)) {
            return errorLog().toUtf8().contains(inUse)
                ? Launch::AddressInUse
                : fail(QStringLiteral("nginx exited with code %1").arg(m_process.exitCode()));
        }
        if (accepts(m_port) && (m_tlsCertificate.isEmpty() || accepts(m_tlsPort)))
            return Launch::Started;
        QThread::msleep(50); // polling the conditions above, within the 10 s deadline
    }
    stop();
    return fail(QStringLiteral("nginx did not accept connections on port %1 within 10 s").arg(m_port));
}

bool NginxRtmpServer::writeConfig(QString* error) const
{
    const QString dir = m_dir.path();
    for (const auto* sub : { "logs", "rec", "tmp" }) {
        if (m_dir.mkpath(QString::fromLatin1(sub)).isEmpty()) {
            if (error)
                *error = QStringLiteral("cannot create %1/%2").arg(dir, QString::fromLatin1(sub));
            return false;
        }
    }
    // As root, nginx would run its workers as "nobody", who cannot write into our 0700 folder.
    const QString user = ::geteuid() == 0 ? QStringLiteral("user root root;\n") : QString();
    // enableTls(): TLS terminated by nginx's stream module, passed on to the RTMP port in clear.
    // A graceful stop (stopForOutage) keeps a proxied TLS connection open until it closes by itself;
    // worker_shutdown_timeout closes it after 1 s, as the outage a test means.
    const QString tlsModule = m_tlsCertificate.isEmpty()
        ? QString()
        : QStringLiteral("load_module %1;\nworker_shutdown_timeout 1s;\n").arg(QString::fromLatin1(kStreamModule));
    const QString tls = m_tlsCertificate.isEmpty() ? QString()
                                                   : QStringLiteral("stream {\n"
                                                                    "    server {\n"
                                                                    "        listen 127.0.0.1:%1 ssl;\n"
                                                                    "        ssl_certificate %2;\n"
                                                                    "        ssl_certificate_key %3;\n"
                                                                    "        proxy_pass 127.0.0.1:%4;\n"
                                                                    "    }\n"
                                                                    "}\n")
                                                         .arg(m_tlsPort)
                                                         .arg(m_tlsCertificate, m_tlsKey)
                                                         .arg(m_port);
    // addPushTarget(): nginx-rtmp's relay, one `push` per target.
    QString push;
    for (const QString& target : m_pushTargets)
        push += QStringLiteral("            push %1;\n").arg(target);
    const QString config
        = QStringLiteral("# Written by pinstage_test_support (NginxRtmpServer)\n"
                         "%5"
                         "load_module %1;\n"
                         "daemon off;\n"
                         "master_process on;\n"
                         "worker_processes 1;\n"
                         "%2"
                         "pid %3/nginx.pid;\n"
                         "error_log %3/logs/error.log info;\n"
                         "events { worker_connections 64; }\n"
                         "rtmp {\n"
                         "    access_log %3/logs/rtmp-access.log;\n" // default is /var/log/nginx/access.log
                         "    server {\n"
                         "        listen 127.0.0.1:%4;\n"
                         "        chunk_size 4096;\n"
                         "        application live {\n"
                         "            live on;\n"
                         "            record all;\n"
                         "            record_path %3/rec;\n"
                         "            record_unique off;\n"
                         "            allow publish 127.0.0.1;\n"
                         "            deny publish all;\n"
                         "            allow play 127.0.0.1;\n"
                         "            deny play all;\n"
                         "%6"
                         "        }\n"
                         "    }\n"
                         "}\n"
                         "%7")
              .arg(QString::fromLatin1(kModule), user, dir)
              .arg(m_port)
              .arg(tlsModule, push, tls);
    QFile file(m_dir.filePath(QStringLiteral("nginx.conf")));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(config.toUtf8()) < 0) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    return true;
}

void NginxRtmpServer::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    const qint64 master = m_process.processId();
    if (master > 0)
        ::kill(static_cast<pid_t>(master), SIGQUIT); // graceful: finish and close recordings
    if (m_process.waitForFinished(5000))
        return;
    m_process.terminate(); // SIGTERM: fast shutdown
    if (m_process.waitForFinished(5000))
        return;
    m_process.kill();
    m_process.waitForFinished(2000);
}

void NginxRtmpServer::stopForOutage()
{
    stop();
}

QString NginxRtmpServer::startFailure(const QString& error)
{
    return QStringLiteral("cannot start the private RTMP ingest (Debian packages nginx and libnginx-mod-rtmp; "
                          "packaging/install-deps.sh installs them): ")
        + error;
}

bool NginxRtmpServer::restart(QString* error)
{
    if (isRunning())
        return true;
    if (m_port == 0)
        return start(error);
    // The port was ours a moment ago; a stray TIME_WAIT does not stop nginx (SO_REUSEADDR), but
    // another process could have taken it. Retry briefly before giving up.
    for (int attempt = 0; attempt < 5; ++attempt) {
        switch (launch(error)) {
        case Launch::Started:
            return true;
        case Launch::AddressInUse:
            // A back-off between tries of launch() (itself a condition: the port accepts), not a
            // wait for a state: whoever holds the port may let it go, and nothing tells when.
            QThread::msleep(500);
            continue;
        case Launch::Failed:
            return false;
        }
    }
    if (error)
        *error = QStringLiteral("port %1 stayed in use, cannot restart").arg(m_port);
    return false;
}

bool NginxRtmpServer::isRunning() const
{
    return m_process.state() == QProcess::Running;
}

namespace {

    /// PID and the processes whose parent it is (nginx's workers), from /proc.
    QList<pid_t> withChildren(pid_t pid)
    {
        QList<pid_t> all { pid };
        const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        for (const QString& entry : entries) {
            bool ok = false;
            const int child = entry.toInt(&ok);
            if (!ok)
                continue;
            QFile stat(QStringLiteral("/proc/%1/stat").arg(child));
            if (!stat.open(QIODevice::ReadOnly))
                continue;
            const QByteArray line = stat.readAll();
            const int close = line.lastIndexOf(')');
            const QList<QByteArray> fields = line.mid(close + 2).split(' ');
            if (fields.size() > 1 && fields.at(1).toInt() == pid)
                all.append(child);
        }
        return all;
    }

} // namespace

bool NginxRtmpServer::suspend()
{
    if (!isRunning())
        return false;
    for (pid_t p : withChildren(static_cast<pid_t>(pid())))
        ::kill(p, SIGSTOP);
    return true;
}

bool NginxRtmpServer::resume()
{
    if (pid() <= 0)
        return false;
    for (pid_t p : withChildren(static_cast<pid_t>(pid())))
        ::kill(p, SIGCONT);
    return true;
}

qint64 NginxRtmpServer::pid() const
{
    return isRunning() ? m_process.processId() : 0;
}

int NginxRtmpServer::port() const
{
    return m_port;
}

QString NginxRtmpServer::url() const
{
    return QStringLiteral("rtmp://127.0.0.1:%1/live").arg(m_port);
}

void NginxRtmpServer::enableTls(const QString& certificate, const QString& key)
{
    m_tlsCertificate = certificate;
    m_tlsKey = key;
}

int NginxRtmpServer::tlsPort() const
{
    return m_tlsPort;
}

QString NginxRtmpServer::rtmpsUrl() const
{
    return QStringLiteral("rtmps://127.0.0.1:%1/live").arg(m_tlsPort);
}

void NginxRtmpServer::addPushTarget(const QString& url)
{
    m_pushTargets.append(url);
}

QString NginxRtmpServer::configPath() const
{
    return m_dir.filePath(QStringLiteral("nginx.conf"));
}

QString NginxRtmpServer::directory() const
{
    return m_dir.path();
}

QString NginxRtmpServer::recordingDirectory() const
{
    return m_dir.filePath(QStringLiteral("rec"));
}

QString NginxRtmpServer::recordingPath(const QString& streamKey) const
{
    return recordingDirectory() + QLatin1Char('/') + streamKey + QStringLiteral(".flv");
}

QString NginxRtmpServer::errorLog() const
{
    QFile file(m_dir.filePath(QStringLiteral("logs/error.log")));
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromLocal8Bit(file.readAll().right(4000)).trimmed();
}

void NginxRtmpServer::keep()
{
    m_dir.keep();
}

namespace {

    /// Whether any process has PATH open, from /proc/*/fd; nullopt when /proc cannot tell (not
    /// readable for this user).
    std::optional<bool> isOpenByAnyProcess(const QString& path)
    {
        const QString target = QFileInfo(path).canonicalFilePath();
        if (target.isEmpty())
            return std::nullopt;
        bool sawAnyFd = false;
        const QStringList pids = QDir(QStringLiteral("/proc")).entryList({ QStringLiteral("[0-9]*") }, QDir::Dirs);
        for (const QString& pid : pids) {
            QDir fds(QStringLiteral("/proc/%1/fd").arg(pid));
            const QStringList entries = fds.entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot);
            sawAnyFd = sawAnyFd || !entries.isEmpty();
            for (const QString& fd : entries) {
                if (QFile::symLinkTarget(fds.filePath(fd)) == target)
                    return true;
            }
        }
        return sawAnyFd ? std::optional<bool>(false) : std::nullopt;
    }

} // namespace

bool NginxRtmpServer::waitForRecordingClosed(const QString& path, int timeoutMs, QString* error, int settleMs)
{
    // nginx closes the file when the publisher has gone: wait until no process has it open. Only
    // where /proc cannot tell (another user's processes) fall back to a size that stopped changing.
    const QDeadlineTimer deadline(timeoutMs);
    qint64 lastSize = -1;
    QElapsedTimer stableFor;
    while (!deadline.hasExpired()) {
        const QFileInfo info(path);
        const qint64 size = info.exists() ? info.size() : -1;
        if (size > 0) {
            const std::optional<bool> open = isOpenByAnyProcess(path);
            if (open.has_value() && !*open)
                return true;
            if (!open.has_value() && size == lastSize && stableFor.elapsed() >= settleMs)
                return true;
        }
        if (size != lastSize) {
            lastSize = size;
            stableFor.start();
        }
        QThread::msleep(50); // polling the condition above, within the deadline
    }
    if (error) {
        *error = lastSize < 0 ? QStringLiteral("%1 was never written").arg(path)
            : lastSize == 0
            ? QStringLiteral("%1 stayed empty").arg(path)
            : QStringLiteral("%1 was still open (nginx still recording) after %2 ms").arg(path).arg(timeoutMs);
    }
    return false;
}

int NginxRtmpServer::pickFreePort()
{
    for (int attempt = 0; attempt < 100; ++attempt) {
        const int port = randomPort();
        if (canBind(port) && !accepts(port))
            return port;
    }
    return 0;
}

} // namespace pinstage::test
