// SPDX-License-Identifier: GPL-2.0-or-later
// KeychainSecretStore against a real Secret Service: a private D-Bus session bus and an unlocked
// GNOME Keyring in a temporary HOME, started and stopped by this test (no display, no services
// needed). secret-tool checks from outside that the key is where QtKeychain says it is, and the
// keyring file is checked not to hold it in plain text.
#include "settings/KeychainSecretStore.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace pinstage;

namespace {

const QString Id = QStringLiteral("stream-key/Test show");
const QString FirstKey = QStringLiteral("sk_live_first_4f3e2d1c");
const QString SecondKey = QStringLiteral("sk_live_second_9a8b7c6d");

} // namespace

class tst_Keychain : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void writeReadOverwriteDelete();
    void missingServiceIsReportedInPlainWords();

private:
    SecretStore::Result run(const std::function<void(QObject*, SecretStore::Callback)>& call);
    std::optional<QString> secretToolLookup(const QString& id);
    bool keyringFilesContain(const QString& text);
    bool secretsNameOwned();
    void stop(QProcess& process);

    QTemporaryDir m_home;
    QProcess m_bus;
    QProcess m_keyring;
    KeychainSecretStore m_store;
};

void tst_Keychain::initTestCase()
{
    for (const auto& [tool, package] :
        { std::pair { "dbus-daemon", "dbus-daemon" }, std::pair { "dbus-send", "dbus-bin" },
            std::pair { "gnome-keyring-daemon", "gnome-keyring" }, std::pair { "secret-tool", "libsecret-tools" } }) {
        if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
            QFAIL(qPrintable(
                QStringLiteral("%1 is not installed (Debian package %2; packaging/install-deps.sh installs it)")
                    .arg(QString::fromLatin1(tool), QString::fromLatin1(package))));
    }
    QVERIFY(m_home.isValid());
    const QString home = m_home.path();
    for (const char* sub : { "data", "config", "cache", "runtime" })
        QVERIFY(QDir(home).mkpath(QString::fromLatin1(sub)));
    QVERIFY(QFile::setPermissions(
        home + QStringLiteral("/runtime"), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));

    // Everything the keychain touches lives in the temporary HOME; nothing reaches the real one.
    qputenv("HOME", QFile::encodeName(home));
    qputenv("XDG_DATA_HOME", QFile::encodeName(home + QStringLiteral("/data")));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(home + QStringLiteral("/config")));
    qputenv("XDG_CACHE_HOME", QFile::encodeName(home + QStringLiteral("/cache")));
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(home + QStringLiteral("/runtime")));
    qunsetenv("DISPLAY");
    qunsetenv("WAYLAND_DISPLAY");
    qunsetenv("GNOME_KEYRING_CONTROL");

    // A private session bus without service activation, so only our keyring can answer.
    const QString config = home + QStringLiteral("/bus.conf");
    {
        QFile f(config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
                               " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                               "<busconfig><type>session</type><listen>unix:path=%1/bus</listen>\n"
                               "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
                               "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n")
                    .arg(home)
                    .toUtf8());
    }
    m_bus.start(QStringLiteral("dbus-daemon"),
        { QStringLiteral("--config-file=") + config, QStringLiteral("--nofork"), QStringLiteral("--print-address=1") });
    QVERIFY2(m_bus.waitForStarted(5000), qPrintable(m_bus.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(m_bus.canReadLine() || m_bus.state() != QProcess::Running, 5000);
    const QByteArray address = m_bus.readLine().trimmed();
    QVERIFY2(!address.isEmpty(), m_bus.readAllStandardError().constData());
    qputenv("DBUS_SESSION_BUS_ADDRESS", address);

    // GNOME Keyring with only the Secret Service, its login keyring created and unlocked with a
    // password given on stdin.
    m_keyring.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_keyring.start(QStringLiteral("gnome-keyring-daemon"),
        { QStringLiteral("--foreground"), QStringLiteral("--unlock"), QStringLiteral("--components=secrets") });
    QVERIFY2(m_keyring.waitForStarted(5000), qPrintable(m_keyring.errorString()));
    m_keyring.write("pinstage-test-password");
    m_keyring.closeWriteChannel();
    QTRY_VERIFY_WITH_TIMEOUT(secretsNameOwned() || m_keyring.state() != QProcess::Running, 15000);
    QVERIFY2(m_keyring.state() == QProcess::Running, "gnome-keyring-daemon exited before offering the Secret Service");
}

void tst_Keychain::cleanupTestCase()
{
    stop(m_keyring);
    stop(m_bus);
}

void tst_Keychain::stop(QProcess& process)
{
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(5000)) {
        process.kill();
        process.waitForFinished(5000);
    }
}

bool tst_Keychain::secretsNameOwned()
{
    QProcess send;
    send.start(QStringLiteral("dbus-send"),
        { QStringLiteral("--session"), QStringLiteral("--dest=org.freedesktop.DBus"),
            QStringLiteral("--type=method_call"), QStringLiteral("--print-reply"),
            QStringLiteral("/org/freedesktop/DBus"), QStringLiteral("org.freedesktop.DBus.NameHasOwner"),
            QStringLiteral("string:org.freedesktop.secrets") });
    send.waitForFinished(5000);
    return send.readAllStandardOutput().contains("boolean true");
}

SecretStore::Result tst_Keychain::run(const std::function<void(QObject*, SecretStore::Callback)>& call)
{
    QObject context;
    std::optional<SecretStore::Result> result;
    call(&context, [&result](const SecretStore::Result& r) { result = r; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 20000))
        return { SecretStore::Status::Failed, {}, QStringLiteral("the keychain did not answer in 20 s") };
    return *result;
}

// What the Secret Service holds, asked from outside Pinstage (QtKeychain stores a password under
// the attributes server=<service>, user=<key>).
std::optional<QString> tst_Keychain::secretToolLookup(const QString& id)
{
    QProcess tool;
    tool.start(QStringLiteral("secret-tool"),
        { QStringLiteral("lookup"), QStringLiteral("server"), KeychainSecretStore::serviceName(),
            QStringLiteral("user"), id });
    if (!tool.waitForFinished(10000) || tool.exitCode() != 0)
        return std::nullopt;
    return QString::fromUtf8(tool.readAllStandardOutput()).trimmed();
}

bool tst_Keychain::keyringFilesContain(const QString& text)
{
    QDirIterator it(m_home.path() + QStringLiteral("/data"), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    bool sawKeyring = false;
    while (it.hasNext()) {
        QFile f(it.next());
        sawKeyring = sawKeyring || f.fileName().endsWith(QLatin1String(".keyring"));
        if (f.open(QIODevice::ReadOnly) && (f.readAll().contains(text.toUtf8())))
            return true;
    }
    if (!sawKeyring)
        qWarning("no keyring file was written under %s", qPrintable(m_home.path()));
    return false;
}

void tst_Keychain::writeReadOverwriteDelete()
{
    QVERIFY(m_store.isPersistent());

    SecretStore::Result r = run([&](QObject* c, auto cb) { m_store.writeSecret(Id, FirstKey, c, cb); });
    QVERIFY2(r.ok(), qPrintable(r.error));
    r = run([&](QObject* c, auto cb) { m_store.readSecret(Id, c, cb); });
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.value, FirstKey);
    QCOMPARE(secretToolLookup(Id), std::optional<QString>(FirstKey));

    r = run([&](QObject* c, auto cb) { m_store.writeSecret(Id, SecondKey, c, cb); });
    QVERIFY2(r.ok(), qPrintable(r.error));
    r = run([&](QObject* c, auto cb) { m_store.readSecret(Id, c, cb); });
    QCOMPARE(r.value, SecondKey);
    QCOMPARE(secretToolLookup(Id), std::optional<QString>(SecondKey));
    QVERIFY(!keyringFilesContain(SecondKey)); // encrypted on disk
    QVERIFY(!keyringFilesContain(FirstKey));

    r = run([&](QObject* c, auto cb) { m_store.deleteSecret(Id, c, cb); });
    QVERIFY2(r.ok(), qPrintable(r.error));
    r = run([&](QObject* c, auto cb) { m_store.readSecret(Id, c, cb); });
    QCOMPARE(r.status, SecretStore::Status::NotFound);
    QVERIFY(r.error.isEmpty());
    QCOMPARE(secretToolLookup(Id), std::nullopt);
}

void tst_Keychain::missingServiceIsReportedInPlainWords()
{
    stop(m_keyring); // the Secret Service goes away; the bus stays (nothing can be activated on it)
    QTRY_VERIFY_WITH_TIMEOUT(!secretsNameOwned(), 5000);
    const SecretStore::Result r = run([&](QObject* c, auto cb) { m_store.writeSecret(Id, FirstKey, c, cb); });
    QVERIFY(!r.ok());
    QCOMPARE(r.status, SecretStore::Status::Unavailable);
    QVERIFY2(r.error.contains(QLatin1String("No keychain service")), qPrintable(r.error));
    QVERIFY(!r.error.contains(FirstKey));
    QVERIFY(!r.error.contains(QLatin1String("org.freedesktop")));
}

QTEST_GUILESS_MAIN(tst_Keychain)
#include "tst_keychain.moc"
