// SPDX-License-Identifier: GPL-2.0-or-later
// Settings: defaults, round trip, migrations from layouts 0 and 1, refused files left byte for
// byte as they were, atomic saves, and no stream key ever kept in the file.
#include "settings/IniDocument.h"
#include "settings/Settings.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace pinstage;

class tst_Settings : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void defaultsWithoutFile();
    void roundTrip();
    void destinationsReplaceByName();
    void removeDestination();
    void urlSecretsAreNeverStored();
    void migratesFromVersion0();
    void migratesFromVersion1();
    void currentVersionKeepsUnknownKeysAndWarnsOfBadEntries();
    void refusesBrokenFile_data();
    void refusesBrokenFile();
    void refusesNewerVersion();
    void unreadableFileIsRefused();
    void keyInFileIsDroppedAndNeverWrittenBack();
    void saveIsAtomic();
    void keyInSavedUrlIsReportedMasked();
    void iniValuesSurviveEscaping();
    void badKeepOriginalIsReportedAndKeeps();

private:
    QString fixture(const QString& name);
    QString copyFixture(const QTemporaryDir& dir, const QString& name);
    static QByteArray bytesOf(const QString& path);
};

void tst_Settings::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

QString tst_Settings::fixture(const QString& name)
{
    const QString path = QFINDTESTDATA(QStringLiteral("data/settings/") + name);
    return path;
}

QString tst_Settings::copyFixture(const QTemporaryDir& dir, const QString& name)
{
    const QString from = fixture(name);
    const QString to = dir.filePath(QStringLiteral("pinstage.ini"));
    QFile::remove(to);
    if (from.isEmpty() || !QFile::copy(from, to))
        return {};
    QFile::setPermissions(to, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return to;
}

QByteArray tst_Settings::bytesOf(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void tst_Settings::defaultsWithoutFile()
{
    QTemporaryDir dir;
    Settings s(dir.filePath(QStringLiteral("sub/pinstage.ini")));
    QString error;
    QVERIFY2(s.load(&error), qPrintable(error));
    QVERIFY(s.isWritable());
    QVERIFY(s.destinations().isEmpty());
    QVERIFY(s.selectedDestinationName().isEmpty());
    QCOMPARE(s.lastImportFolder(), Settings::defaultLastImportFolder());
    QCOMPARE(s.recordingFolder(), Settings::defaultRecordingFolder());
    QVERIFY(s.recordingFolder().endsWith(QLatin1String("/Pinstage")));
    QVERIFY(!QFileInfo::exists(s.filePath())); // loading never creates the file
    QVERIFY(Settings::defaultFilePath().endsWith(QLatin1String("/pinstage.ini")));
}

void tst_Settings::roundTrip()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("new/folder/pinstage.ini"));
    {
        Settings s(path);
        QVERIFY(s.load());
        s.setDestination({ QStringLiteral("TikTok shop"), QStringLiteral("rtmp://push.example.com/live/") });
        s.setDestination({ QStringLiteral("YouTube"), QStringLiteral("rtmps://a.rtmps.youtube.com:443/live2") });
        s.setSelectedDestinationName(QStringLiteral("YouTube"));
        s.setLastImportFolder(QStringLiteral("/home/seller/Ünïcode exports"));
        s.setRecordingFolder(QStringLiteral("/media/usb/shows"));
        QString error;
        QVERIFY2(s.save(&error), qPrintable(error));
    }
    Settings s(path);
    QString error;
    QVERIFY2(s.load(&error), qPrintable(error));
    QCOMPARE(s.fileVersion(), Settings::CurrentVersion);
    QVERIFY(!s.needsSave());
    QVERIFY(s.warnings().isEmpty());
    const QList<StreamDestination> expected { { QStringLiteral("TikTok shop"),
                                                  QStringLiteral("rtmp://push.example.com/live/") },
        { QStringLiteral("YouTube"), QStringLiteral("rtmps://a.rtmps.youtube.com:443/live2") } };
    QCOMPARE(s.destinations(), expected);
    QCOMPARE(s.selectedDestinationName(), QStringLiteral("YouTube"));
    QCOMPARE(s.lastImportFolder(), QStringLiteral("/home/seller/Ünïcode exports"));
    QCOMPARE(s.recordingFolder(), QStringLiteral("/media/usb/shows"));
    QVERIFY(bytesOf(path).contains("version=2"));
}

void tst_Settings::destinationsReplaceByName()
{
    QTemporaryDir dir;
    Settings s(dir.filePath(QStringLiteral("pinstage.ini")));
    QVERIFY(s.load());
    s.setDestination({ QStringLiteral("TikTok"), QStringLiteral("rtmp://a.example.com/live") });
    s.setDestination({ QStringLiteral("TikTok"), QStringLiteral("rtmp://b.example.com/live") });
    s.setDestination({ QString(), QStringLiteral("rtmp://ignored.example.com/live") });
    QCOMPARE(s.destinations().size(), 1);
    QCOMPARE(s.destination(QStringLiteral("TikTok"))->url, QStringLiteral("rtmp://b.example.com/live"));
    QVERIFY(!s.destination(QStringLiteral("Nope")));
}

void tst_Settings::removeDestination()
{
    QTemporaryDir dir;
    Settings s(dir.filePath(QStringLiteral("pinstage.ini")));
    QVERIFY(s.load());
    s.setDestination({ QStringLiteral("A"), QStringLiteral("rtmp://a.example.com/live") });
    s.setDestination({ QStringLiteral("B"), QStringLiteral("rtmp://b.example.com/live") });
    s.setSelectedDestinationName(QStringLiteral("A"));
    QVERIFY(s.removeDestination(QStringLiteral("A")));
    QVERIFY(!s.removeDestination(QStringLiteral("A")));
    QCOMPARE(s.destinations().size(), 1);
    QVERIFY(s.selectedDestinationName().isEmpty());
}

void tst_Settings::urlSecretsAreNeverStored()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("pinstage.ini"));
    Settings s(path);
    QVERIFY(s.load());
    // An SRT destination without secrets is a destination like any other.
    QVERIFY(
        s.setDestination({ QStringLiteral("Backup"), QStringLiteral("srt://ingest.example.com:9000?mode=caller") }));
    QCOMPARE(s.destinations().size(), 1);
    QVERIFY(s.save());

    // A passphrase, a stream id, a token or user info in the address is refused, naming the field,
    // and what was stored stays as it was.
    const QStringList secretUrls { QStringLiteral("srt://ingest.example.com:9000?passphrase=S3cretPass"),
        QStringLiteral("srt://ingest.example.com:9000?streamid=S3cretPass&mode=caller"),
        QStringLiteral("rtmp://host.example.com/live?token=S3cretPass"),
        QStringLiteral("rtmp://seller:S3cretPass@host.example.com/live") };
    for (const QString& url : secretUrls) {
        QString error;
        QVERIFY2(!s.setDestination({ QStringLiteral("Backup"), url }, &error), qPrintable(url));
        QVERIFY2(error.contains(QLatin1String("field url")), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1String("S3cretPass")), qPrintable(error));
        QVERIFY(!Settings::isStorableStreamUrl(url));
    }
    QCOMPARE(s.destination(QStringLiteral("Backup"))->url, QStringLiteral("srt://ingest.example.com:9000?mode=caller"));
    QVERIFY(s.save());
    QVERIFY(!bytesOf(path).contains("S3cretPass"));

    // A file written by hand (or by an older Pinstage) with a passphrase: a warning that names the
    // place, with the secret masked.
    QFile f(path);
    QVERIFY(f.open(QIODevice::Append));
    f.write("\n[destination/9]\nname=Hand\nurl=srt://h.example.com:9000?passphrase=S3cretPass\n");
    f.close();
    Settings again(path);
    QVERIFY(again.load());
    const QString warnings = again.warnings().join(QLatin1Char('\n'));
    QVERIFY2(warnings.contains(QLatin1String("[destination/9] url")) && warnings.contains(QLatin1String("passphrase")),
        qPrintable(warnings));
    QVERIFY2(!warnings.contains(QLatin1String("S3cretPass")), qPrintable(warnings));
}

void tst_Settings::migratesFromVersion0()
{
    QTemporaryDir dir;
    const QString path = copyFixture(dir, QStringLiteral("v0.ini"));
    QVERIFY(!path.isEmpty());
    const QByteArray original = bytesOf(path);
    Settings s(path);
    QString error;
    QVERIFY2(s.load(&error), qPrintable(error));
    QCOMPARE(s.fileVersion(), 0);
    QVERIFY(s.needsSave());
    QCOMPARE(s.destinations().size(), 1);
    QCOMPARE(s.destinations().first().name, QStringLiteral("push.example.com"));
    QCOMPARE(s.destinations().first().url, QStringLiteral("rtmp://push.example.com/live"));
    QCOMPARE(s.selectedDestinationName(), QStringLiteral("push.example.com"));
    QCOMPARE(s.lastImportFolder(), QStringLiteral("/home/seller/Shop exports"));
    QCOMPARE(bytesOf(path), original); // loading migrates in memory only

    QVERIFY2(s.save(&error), qPrintable(error));
    QCOMPARE(bytesOf(path + QStringLiteral(".v0.bak")), original); // the old layout is kept once
    const QByteArray saved = bytesOf(path);
    QVERIFY(saved.contains("version=2"));
    QVERIFY(!saved.contains("stream_url"));
    QVERIFY(!saved.contains("last_import_dir"));

    Settings again(path);
    QVERIFY(again.load());
    QVERIFY(!again.needsSave());
    QCOMPARE(again.destinations(), s.destinations());
}

void tst_Settings::migratesFromVersion1()
{
    QTemporaryDir dir;
    const QString path = copyFixture(dir, QStringLiteral("v1.ini"));
    QVERIFY(!path.isEmpty());
    Settings s(path);
    QString error;
    QVERIFY2(s.load(&error), qPrintable(error));
    QCOMPARE(s.fileVersion(), 1);
    QVERIFY(s.needsSave());
    QCOMPARE(s.destinations().size(), 2);
    QCOMPARE(s.selectedDestinationName(), QStringLiteral("TikTok shop")); // was "selected=2"
    QCOMPARE(s.lastImportFolder(), QStringLiteral("/srv/exports"));
    QCOMPARE(s.recordingFolder(), Settings::defaultRecordingFolder()); // new in 2: its default
    QVERIFY2(s.save(&error), qPrintable(error));
    QVERIFY(QFileInfo::exists(path + QStringLiteral(".v1.bak")));
    const QByteArray saved = bytesOf(path);
    QVERIFY(saved.contains("selected_destination=TikTok shop"));
    QVERIFY(!saved.contains("selected=2"));
}

// Issue 6, fault 7: a destination saved with its key inside the URL (by an older Pinstage) is
// reported, and neither warning shows the key.
void tst_Settings::keyInSavedUrlIsReportedMasked()
{
    QTemporaryDir dir;
    const QString path = copyFixture(dir, QStringLiteral("key-in-url.ini"));
    QVERIFY(!path.isEmpty());
    Settings s(path);
    QVERIFY(s.load());
    const QString file = QDir::toNativeSeparators(path);
    QCOMPARE(s.warnings(),
        (QStringList { QStringLiteral("%1 line 7, [destination/1] url: the server URL holds a stream key after its "
                                      "application path (rtmp://push-rtmp-l11-va01.tiktokcdn.com/stage/••••); open "
                                      "the destination and save it again to move the key into the keychain.")
                           .arg(file),
            QStringLiteral("%1 line 11, [destination/2] url: \"https://push.example.com/live/••••\" is not "
                           "an rtmp://, rtmps://, srt:// or rist:// server URL; the destination is ignored.")
                .arg(file) }));
    QCOMPARE(s.destinations().size(), 1);
}

void tst_Settings::currentVersionKeepsUnknownKeysAndWarnsOfBadEntries()
{
    QTemporaryDir dir;
    const QString path = copyFixture(dir, QStringLiteral("v2.ini"));
    QVERIFY(!path.isEmpty());
    Settings s(path);
    QVERIFY(s.load());
    QVERIFY(!s.needsSave());
    QCOMPARE(s.destinations().size(), 1); // "Broken one" has an http:// URL
    QCOMPARE(s.warnings().size(), 1);
    const QString warning = s.warnings().first();
    QVERIFY2(warning.contains(QLatin1String("pinstage.ini line 14")) && warning.contains(QLatin1String("url")),
        qPrintable(warning));
    s.setRecordingFolder(QStringLiteral("/tmp/rec"));
    QVERIFY(s.save());
    const QByteArray saved = bytesOf(path);
    QVERIFY(saved.contains("future_option=kept as it is"));
    QVERIFY(saved.contains("http://not-an-ingest.example.com")); // reported, not lost
    QVERIFY(!QFileInfo::exists(path + QStringLiteral(".v2.bak")));
}

void tst_Settings::refusesBrokenFile_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("where");
    QTest::newRow("binary garbage") << QStringLiteral("garbage.ini") << QStringLiteral("line 1");
    QTest::newRow("a line that is not a setting") << QStringLiteral("bad-line.ini") << QStringLiteral("line 4");
}

void tst_Settings::refusesBrokenFile()
{
    QFETCH(QString, file);
    QFETCH(QString, where);
    QTemporaryDir dir;
    const QString path = copyFixture(dir, file);
    QVERIFY(!path.isEmpty());
    const QByteArray original = bytesOf(path);

    Settings s(path);
    QString error;
    QVERIFY(!s.load(&error));
    QVERIFY2(error.contains(QDir::toNativeSeparators(path)), qPrintable(error));
    QVERIFY2(error.contains(where), qPrintable(error));
    QCOMPARE(s.loadError(), error);
    QVERIFY(!s.isWritable());
    QVERIFY(s.destinations().isEmpty()); // defaults for this session

    s.setDestination({ QStringLiteral("X"), QStringLiteral("rtmp://x.example.com/live") });
    QString saveError;
    QVERIFY(!s.save(&saveError));
    QVERIFY2(saveError.contains(QDir::toNativeSeparators(path)), qPrintable(saveError));
    QCOMPARE(bytesOf(path), original);
    QCOMPARE(
        QDir(dir.path()).entryList(QDir::Files), QStringList { QStringLiteral("pinstage.ini") }); // no temp, no backup
}

void tst_Settings::refusesNewerVersion()
{
    QTemporaryDir dir;
    const QString path = copyFixture(dir, QStringLiteral("newer.ini"));
    QVERIFY(!path.isEmpty());
    const QByteArray original = bytesOf(path);
    Settings s(path);
    QString error;
    QVERIFY(!s.load(&error));
    QVERIFY2(error.contains(QLatin1String("newer Pinstage")) && error.contains(QLatin1String("99"))
            && error.contains(QDir::toNativeSeparators(path)),
        qPrintable(error));
    QVERIFY(!s.save());
    QCOMPARE(bytesOf(path), original);
}

void tst_Settings::unreadableFileIsRefused()
{
    // A directory where the file should be cannot be read by anyone, root included, so this part
    // runs everywhere (CI containers often run as root).
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("pinstage.ini"));
        QVERIFY(QDir().mkpath(path));
        const QString inside = path + QStringLiteral("/keep.txt");
        {
            QFile f(inside);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("untouched");
        }
        Settings s(path);
        QString error;
        QVERIFY(!s.load(&error));
        QVERIFY2(error.contains(QLatin1String("Could not read")) && error.contains(QDir::toNativeSeparators(path)),
            qPrintable(error));
        QVERIFY(!s.save());
        QVERIFY(QFileInfo(path).isDir());
        QCOMPARE(bytesOf(inside), QByteArray("untouched"));
    }
    // A file without read permission: what a user meets; root reads it anyway, so only a
    // non-root user can check it (the part above covers the refusal for root).
    if (::geteuid() != 0) {
        QTemporaryDir dir;
        const QString path = copyFixture(dir, QStringLiteral("v2.ini"));
        QVERIFY(QFile::setPermissions(path, QFileDevice::WriteOwner));
        Settings s(path);
        QString error;
        QVERIFY(!s.load(&error));
        QVERIFY2(error.contains(QLatin1String("Could not read")), qPrintable(error));
        QVERIFY(!s.save());
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QCOMPARE(bytesOf(path), bytesOf(fixture(QStringLiteral("v2.ini"))));
    }
}

void tst_Settings::keyInFileIsDroppedAndNeverWrittenBack()
{
    QTemporaryDir dir;
    const QString path = copyFixture(dir, QStringLiteral("with-key.ini"));
    QVERIFY(!path.isEmpty());
    Settings s(path);
    QVERIFY(s.load());
    QVERIFY(s.needsSave());
    QCOMPARE(s.warnings().size(), 1);
    QVERIFY2(s.warnings().first().contains(QLatin1String("line 8")), qPrintable(s.warnings().first()));
    QVERIFY(!s.warnings().first().contains(QLatin1String("sk_live_PLAINTEXT_0001"))); // never in a message
    QCOMPARE(s.destinations().size(), 1);
    QVERIFY(s.save());
    QVERIFY(!bytesOf(path).contains("sk_live_PLAINTEXT_0001"));
    QVERIFY(!bytesOf(path).contains("stream_key"));
}

void tst_Settings::saveIsAtomic()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("pinstage.ini"));
    Settings s(path);
    QVERIFY(s.load());
    s.setDestination({ QStringLiteral("A"), QStringLiteral("rtmp://a.example.com/live") });
    QVERIFY(s.save());
    const QByteArray before = bytesOf(path);

    // A save that cannot complete (the folder is read-only: QSaveFile cannot create its temporary
    // file) leaves the previous file whole, and nothing else behind.
    if (::geteuid() != 0) {
        QVERIFY(QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        s.setDestination({ QStringLiteral("B"), QStringLiteral("rtmp://b.example.com/live") });
        QString error;
        QVERIFY(!s.save(&error));
        QVERIFY2(error.contains(QDir::toNativeSeparators(path)), qPrintable(error));
        QVERIFY(QFile::setPermissions(
            dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
        QCOMPARE(bytesOf(path), before);
    }
    // A successful save replaces the file by rename (a new inode), never rewriting it in place.
    struct stat st1 { };
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &st1), 0);
    s.setDestination({ QStringLiteral("C"), QStringLiteral("rtmp://c.example.com/live") });
    QVERIFY(s.save());
    struct stat st2 { };
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &st2), 0);
    QVERIFY(st1.st_ino != st2.st_ino);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList { QStringLiteral("pinstage.ini") });
}

void tst_Settings::iniValuesSurviveEscaping()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("pinstage.ini"));
    const QString odd = QStringLiteral("C:\\Exports\\new\nline\t= [x] # not a comment ; either");
    {
        Settings s(path);
        QVERIFY(s.load());
        s.setLastImportFolder(odd);
        QVERIFY(s.save());
    }
    Settings s(path);
    QVERIFY(s.load());
    QCOMPARE(s.lastImportFolder(), odd);

    QString error;
    QVERIFY(!IniDocument::parse("[a]\nk=bad \\q escape\n", &error));
    QVERIFY2(error.startsWith(QLatin1String("line 2")), qPrintable(error));
    QVERIFY(!IniDocument::parse("k=v\n", &error));
    QVERIFY(!IniDocument::parse("[a]\nk=1\nk=2\n", &error));
    QVERIFY2(error.contains(QLatin1String("line 3")) && error.contains(QLatin1String("line 2")), qPrintable(error));
    QVERIFY(!IniDocument::parse("[a]\n[a]\n", &error));
    QVERIFY(!IniDocument::parse("[a]\nk=\xff\xfe\n", &error));
    QVERIFY(IniDocument::parse("\xEF\xBB\xBF# comment\r\n; another\r\n[a]\r\nk = v \r\n", &error));
}

// [recording] keep_original removes a recording only on a clear "no"; anything else is reported
// naming the file, line and key (review finding), and the recording is kept.
void tst_Settings::badKeepOriginalIsReportedAndKeeps()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("pinstage.ini"));
    const auto write = [&path](const QByteArray& value) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("[general]\nversion=2\n\n[recording]\nkeep_original=" + value + "\n");
    };
    write("maybe");
    {
        Settings s(path);
        QVERIFY(s.load());
        QCOMPARE(s.warnings(),
            QStringList { QStringLiteral("%1 line 5, [recording] keep_original: \"maybe\" is neither true nor false; "
                                         "the original recording is kept.")
                              .arg(QDir::toNativeSeparators(path)) });
        QVERIFY(s.keepOriginalRecording());
    }
    for (const QByteArray& no : { QByteArray("false"), QByteArray("No"), QByteArray("0") }) {
        write(no);
        Settings s(path);
        QVERIFY(s.load());
        QVERIFY2(s.warnings().isEmpty(), qPrintable(s.warnings().join(QLatin1Char('\n'))));
        QVERIFY2(!s.keepOriginalRecording(), no.constData());
    }
    for (const QByteArray& yes : { QByteArray("true"), QByteArray("YES"), QByteArray("1") }) {
        write(yes);
        Settings s(path);
        QVERIFY(s.load());
        QVERIFY(s.warnings().isEmpty());
        QVERIFY2(s.keepOriginalRecording(), yes.constData());
    }
}

QTEST_GUILESS_MAIN(tst_Settings)
#include "tst_settings.moc"
