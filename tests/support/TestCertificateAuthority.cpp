// SPDX-License-Identifier: GPL-2.0-or-later
#include "TestCertificateAuthority.h"

#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>

namespace pinstage::test {

namespace {

    bool writeFile(const QString& path, const QByteArray& bytes, QString* error)
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size()) {
            if (error)
                *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
            return false;
        }
        return true;
    }

} // namespace

TestCertificateAuthority::TestCertificateAuthority()
    : m_dir(QStringLiteral("tls"))
    , m_caName(
          QStringLiteral("Pinstage test CA %1").arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0')))
{
}

QString TestCertificateAuthority::systemBundlePath()
{
    return QStringLiteral("/etc/ssl/certs/ca-certificates.crt");
}

QString TestCertificateAuthority::caCertificatePath() const
{
    return m_dir.filePath(QStringLiteral("ca.crt"));
}

QString TestCertificateAuthority::serverCertificatePath() const
{
    return m_dir.filePath(QStringLiteral("server.crt"));
}

QString TestCertificateAuthority::serverKeyPath() const
{
    return m_dir.filePath(QStringLiteral("server.key"));
}

QString TestCertificateAuthority::trustBundlePath() const
{
    return m_dir.filePath(QStringLiteral("bundle.crt"));
}

QString TestCertificateAuthority::caName() const
{
    return m_caName;
}

void TestCertificateAuthority::keep()
{
    m_dir.keep();
}

bool TestCertificateAuthority::run(const QStringList& arguments, QString* error) const
{
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty()) {
        if (error)
            *error = QStringLiteral("openssl is not installed (Debian package openssl; packaging/install-deps.sh "
                                    "installs it)");
        return false;
    }
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setStandardInputFile(QProcess::nullDevice());
    process.setWorkingDirectory(m_dir.path());
    process.start(openssl, arguments);
    const bool finished = process.waitForFinished(30000);
    if (finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0)
        return true;
    if (!finished) {
        process.kill();
        process.waitForFinished(2000);
    }
    if (error) {
        *error = QStringLiteral("openssl %1 failed (%2): %3")
                     .arg(arguments.join(QLatin1Char(' ')),
                         finished ? QStringLiteral("exit code %1").arg(process.exitCode())
                                  : QStringLiteral("no answer in 30 s"),
                         QString::fromLocal8Bit(process.readAll()).trimmed());
    }
    return false;
}

bool TestCertificateAuthority::create(QString* error)
{
    if (!m_dir.isValid()) {
        if (error)
            *error = QStringLiteral("cannot create a temporary folder");
        return false;
    }
    const QString caConfig = m_dir.filePath(QStringLiteral("ca.cnf"));
    const QString serverExtensions = m_dir.filePath(QStringLiteral("server.ext"));
    if (!writeFile(caConfig,
            QByteArrayLiteral("[req]\n"
                              "distinguished_name = dn\n"
                              "x509_extensions = ca\n"
                              "[dn]\n"
                              "[ca]\n"
                              "basicConstraints = critical, CA:TRUE, pathlen:0\n"
                              "keyUsage = critical, keyCertSign, cRLSign\n"
                              "subjectKeyIdentifier = hash\n"),
            error)
        || !writeFile(serverExtensions,
            QByteArrayLiteral("basicConstraints = critical, CA:FALSE\n"
                              "keyUsage = critical, digitalSignature, keyEncipherment\n"
                              "extendedKeyUsage = serverAuth\n"
                              "subjectAltName = DNS:localhost, DNS:127.0.0.1, IP:127.0.0.1\n"
                              "authorityKeyIdentifier = keyid\n"),
            error))
        return false;

    const QStringList ecKey = { QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
        QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes") };
    // The CA: self-signed, 2 days.
    if (!run(QStringList { QStringLiteral("req"), QStringLiteral("-x509") } + ecKey
                + QStringList { QStringLiteral("-keyout"), QStringLiteral("ca.key"), QStringLiteral("-out"),
                    QStringLiteral("ca.crt"), QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                    QStringLiteral("/CN=") + m_caName, QStringLiteral("-config"), caConfig },
            error))
        return false;
    // The server's key and request, then the certificate the CA signs.
    if (!run(QStringList { QStringLiteral("req") } + ecKey
                + QStringList { QStringLiteral("-keyout"), QStringLiteral("server.key"), QStringLiteral("-out"),
                    QStringLiteral("server.csr"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost"),
                    QStringLiteral("-config"), caConfig },
            error))
        return false;
    if (!run({ QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), QStringLiteral("server.csr"),
                 QStringLiteral("-CA"), QStringLiteral("ca.crt"), QStringLiteral("-CAkey"), QStringLiteral("ca.key"),
                 QStringLiteral("-CAcreateserial"), QStringLiteral("-days"), QStringLiteral("2"),
                 QStringLiteral("-extfile"), serverExtensions, QStringLiteral("-out"), QStringLiteral("server.crt") },
            error))
        return false;
    QFile::setPermissions(serverKeyPath(), QFileDevice::ReadOwner | QFileDevice::WriteOwner);

    // The bundle: what the machine trusts, plus this CA.
    QFile system(systemBundlePath());
    if (!system.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read the system CA bundle %1: %2 (Debian package ca-certificates)")
                         .arg(system.fileName(), system.errorString());
        return false;
    }
    QFile ca(caCertificatePath());
    if (!ca.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(ca.fileName(), ca.errorString());
        return false;
    }
    QByteArray bundle = system.readAll();
    if (!bundle.endsWith('\n'))
        bundle += '\n';
    bundle += "# " + m_caName.toUtf8() + "\n" + ca.readAll();
    return writeFile(trustBundlePath(), bundle, error);
}

QString TestCertificateAuthority::trustLogPath() const
{
    return m_dir.filePath(QStringLiteral("trust.log"));
}

QString TestCertificateAuthority::trustLibraryPath()
{
    return QStringLiteral(PINSTAGE_TEST_TRUST_LIBRARY);
}

QProcessEnvironment TestCertificateAuthority::trustingEnvironment(QProcessEnvironment env) const
{
    const QString preload = env.value(QStringLiteral("LD_PRELOAD"));
    env.insert(QStringLiteral("LD_PRELOAD"),
        preload.isEmpty() ? trustLibraryPath() : trustLibraryPath() + QLatin1Char(':') + preload);
    env.insert(QStringLiteral("PINSTAGE_TEST_EXTRA_CA"), caCertificatePath());
    env.insert(QStringLiteral("PINSTAGE_TEST_TRUST_LOG"), trustLogPath());
    const QString asan = env.value(QStringLiteral("ASAN_OPTIONS"));
    env.insert(QStringLiteral("ASAN_OPTIONS"),
        asan.isEmpty() ? QStringLiteral("verify_asan_link_order=0")
                       : asan + QStringLiteral(":verify_asan_link_order=0"));
    return env;
}

} // namespace pinstage::test
