// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "TestTempDir.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace pinstage::test {

/// A throwaway certificate authority for one test, and a way to trust it without touching the
/// machine's trust store.
///
/// create() runs the `openssl` command-line tool (Debian package openssl) to make, in a TestTempDir
/// (kept when the test failed): a CA (EC P-256, "Pinstage test CA <random>", valid 2 days), a server
/// certificate it signs for localhost and 127.0.0.1 (subjectAltName DNS:localhost, DNS:127.0.0.1,
/// IP:127.0.0.1, serverAuth; mbedtls 2.28 matches an address only against a DNS name) with its key,
/// and a trust bundle = the system bundle (systemBundlePath()) + the CA.
///
/// libobs's RTMP output (obs-outputs, mbedtls) has no option for another CA file: it parses every
/// file of the folder /etc/ssl/certs/ (mbedtls_x509_crt_parse_path, a compiled-in path; seen with
/// strace). trustingEnvironment() therefore preloads a small test library (TestTrustShim.cpp,
/// LD_PRELOAD) that adds this CA to what that call parses, in that process (and its children) only.
/// It needs no root, no mount namespace and no writable /etc, so it works the same on a workstation,
/// in a container and in a chroot (where `/` is no mount point and cannot be made private: the bind
/// mount over the bundle used before failed there with "cannot change root filesystem propagation").
/// The machine's files are only read.
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

    /// ENV plus what makes a program started in it trust this CA besides the machine's CAs (see
    /// the class comment): LD_PRELOAD (prepended) names the test trust library, PINSTAGE_TEST_EXTRA_CA
    /// the CA, PINSTAGE_TEST_TRUST_LOG trustLogPath(); ASAN_OPTIONS gains verify_asan_link_order=0
    /// (a preloaded library comes before an ASan build's runtime). Valid after create().
    QProcessEnvironment trustingEnvironment(QProcessEnvironment env) const;
    /// The file the preloaded library appends a line to each time it added the CA to the CAs libobs
    /// loads (the evidence that it did; missing: it never did).
    QString trustLogPath() const;
    /// The preloaded library (built with the tests).
    static QString trustLibraryPath();

    /// Keep the folder even if the test passes.
    void keep();

private:
    bool run(const QStringList& arguments, QString* error) const;

    TestTempDir m_dir;
    QString m_caName;
};

} // namespace pinstage::test
