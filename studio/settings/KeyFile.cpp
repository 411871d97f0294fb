// SPDX-License-Identifier: GPL-2.0-or-later
#include "settings/KeyFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pinstage {
namespace {

    QString systemError(int error)
    {
        return QString::fromLocal8Bit(std::strerror(error));
    }

} // namespace

KeyFile::KeyFile(QString path)
    : m_path(std::move(path))
{
}

QString KeyFile::fileName()
{
    return QStringLiteral("stream-keys.json");
}

bool KeyFile::exists() const
{
    struct stat st { };
    return ::lstat(QFile::encodeName(m_path).constData(), &st) == 0;
}

std::optional<QHash<QString, QString>> KeyFile::readAll(QString* error) const
{
    const QByteArray name = QFile::encodeName(m_path);
    QHash<QString, QString> keys;
    struct stat st { };
    if (::lstat(name.constData(), &st) != 0) {
        if (errno == ENOENT)
            return keys;
        *error = QStringLiteral("%1: %2").arg(m_path, systemError(errno));
        return std::nullopt;
    }
    if (!S_ISREG(st.st_mode)) {
        *error = QStringLiteral("%1: not a regular file; the stream-key file must be one").arg(m_path);
        return std::nullopt;
    }
    if ((st.st_mode & 0077) != 0 || st.st_uid != ::getuid()) {
        *error = QStringLiteral("%1: its permissions are %2 (owner uid %3); a stream-key file must be readable by you "
                                "only: run chmod 600 on it, or turn the key file off and enter the key again")
                     .arg(m_path)
                     .arg(st.st_mode & 0777, 4, 8, QLatin1Char('0'))
                     .arg(st.st_uid);
        return std::nullopt;
    }
    const int fd = ::open(name.constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        *error = QStringLiteral("%1 cannot be read: %2").arg(m_path, systemError(errno));
        return std::nullopt;
    }
    QFile file;
    if (!file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        *error = QStringLiteral("%1 cannot be read: %2").arg(m_path, file.errorString());
        return std::nullopt;
    }
    const QByteArray bytes = file.readAll();
    QJsonParseError parse {};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parse);
    if (parse.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = parse.error != QJsonParseError::NoError
            ? QStringLiteral("%1, offset %2: not JSON (%3)").arg(m_path).arg(parse.offset).arg(parse.errorString())
            : QStringLiteral("%1: not a JSON object of stream keys").arg(m_path);
        return std::nullopt;
    }
    const QJsonObject object = doc.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isString()) {
            *error = QStringLiteral("%1, entry \"%2\": not a string").arg(m_path, it.key().left(80));
            return std::nullopt;
        }
        keys.insert(it.key(), it.value().toString());
    }
    return keys;
}

std::optional<QString> KeyFile::read(const QString& id, QString* error) const
{
    error->clear();
    const auto keys = readAll(error);
    if (!keys || !keys->contains(id))
        return std::nullopt;
    return keys->value(id);
}

bool KeyFile::write(const QString& id, const QString& key, QString* error)
{
    auto keys = readAll(error);
    if (!keys)
        return false;
    if (key.isEmpty())
        keys->remove(id);
    else
        keys->insert(id, key);
    if (keys->isEmpty())
        return remove(error);
    return writeAll(*keys, error);
}

bool KeyFile::remove(QString* error)
{
    if (::unlink(QFile::encodeName(m_path).constData()) != 0 && errno != ENOENT) {
        *error = QStringLiteral("%1 cannot be removed: %2").arg(m_path, systemError(errno));
        return false;
    }
    return true;
}

bool KeyFile::writeAll(const QHash<QString, QString>& keys, QString* error)
{
    QJsonObject object;
    for (auto it = keys.cbegin(); it != keys.cend(); ++it)
        object.insert(it.key(), it.value());
    const QByteArray bytes = QJsonDocument(object).toJson(QJsonDocument::Indented);
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath())) {
        *error = QStringLiteral("%1: its folder cannot be created").arg(m_path);
        return false;
    }
    // Created 0600 from the first byte (umask only removes bits), then renamed over the file.
    const QByteArray temp = QFile::encodeName(m_path + QStringLiteral(".new"));
    ::unlink(temp.constData());
    const int fd = ::open(temp.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, S_IRUSR | S_IWUSR);
    if (fd < 0) {
        *error = QStringLiteral("%1 cannot be written: %2").arg(m_path, systemError(errno));
        return false;
    }
    bool ok = ::fchmod(fd, S_IRUSR | S_IWUSR) == 0;
    qsizetype done = 0;
    while (ok && done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        done += n > 0 ? n : 0;
    }
    ok = ok && ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    if (!ok || ::rename(temp.constData(), QFile::encodeName(m_path).constData()) != 0) {
        *error = QStringLiteral("%1 cannot be written: %2").arg(m_path, systemError(ok ? errno : saved));
        ::unlink(temp.constData());
        return false;
    }
    return true;
}

} // namespace pinstage
