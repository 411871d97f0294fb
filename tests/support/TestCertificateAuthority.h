// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "TestTempDir.h"

#include <QString>
#include <QStringList>

namespace pinstage::test {

/// A throwaway certificate authority for one test, and a way to trust it without touching the
/// machine's trust store.
///
/// create() runs the `openssl` command-line tool (Debian package openssl) to make, in a TestTempDir
/// (kept when the test failed): a CA (EC P-256, "Pinstage test CA <random>", valid 2 days), a server
/// certificate it signs for localhost and 127.0.0.1 (subjectAltName DNS:localhost, IP:127.0.0.1,
/// serverAuth) with its key, and a trust bundle = the system bundle (systemBundlePath()) + the CA.
///
/// libobs's RTMP output (obs-outputs, mbedtls) has no option for another CA file: it parses every
/// file of the folder /etc/ssl/certs/ (mbedtls_x509_crt_parse_path; seen with strace), among them
/// the system bundle /etc/ssl/certs/ca-certificates.crt. privateTrustCommand() therefore runs a
/// program in a private mount namespace (`unshare --mount`, as root; `unshare --map-root-user
/// --mount` otherwise) in which the bundle is bind-mounted over that file: only that process tree
/// trusts the test CA, the mount disappears with it, the machine's files are never written.
///
/// Construct it inside the test function (the folder's keep-on-failure decision is that test's).
/// Use from the test thread only; create() blocks (well under a second on this machine).
class TestCertificateAuthority {
public:
    TestCertificateAuthority();

    TestCertificateAuthority(const TestCertificateAuthority&) = delete;
    TestCertificateAuthority& operator=(const TestCertificateAuthority&) = delete;

    /// Makes the CA, the server certificate and the bundle. On failure returns false and sets
    /// *error (the openssl command and its output, or the file that could not be read or written).
    bool create(QString* error = nullptr);

    /// PEM files (valid after create()).
    QString caCertificatePath() const;
    QString serverCertificatePath() const;
    QString serverKeyPath() const; ///< unencrypted, mode 0600
    /// The system bundle followed by the test CA.
    QString trustBundlePath() const;
    /// The CA's subject common name ("Pinstage test CA " + a random suffix).
    QString caName() const;

    /// The system CA bundle libobs reads among /etc/ssl/certs/: /etc/ssl/certs/ca-certificates.crt.
    static QString systemBundlePath();

    /// A program and its arguments.
    struct Command {
        QString program;
        QStringList arguments;
    };
    /// The command that runs PROGRAM with ARGUMENTS in a private mount namespace where
    /// systemBundlePath() shows trustBundlePath() (see the class comment). The program's exit code
    /// is the command's; if the namespace or the mount cannot be made, the command exits non-zero
    /// with unshare's or mount's error on stderr.
    Command privateTrustCommand(const QString& program, const QStringList& arguments) const;

    /// Keep the folder even if the test passes.
    void keep();

private:
    bool run(const QStringList& arguments, QString* error) const;

    TestTempDir m_dir;
    QString m_caName;
};

} // namespace pinstage::test
