// SPDX-License-Identifier: GPL-2.0-or-later
#include "settings/DestinationBook.h"

#include "obs/ObsLog.h"
#include "settings/Settings.h"

#include <QPointer>

#include <memory>

namespace pinstage {

DestinationBook::DestinationBook(Settings& settings, SecretStore& keychain, QObject* parent)
    : QObject(parent)
    , m_settings(settings)
    , m_keychain(keychain)
{
    if (!m_keychainBuilt)
        m_keychainAnswers = false; // built without one: none will ever answer
}

DestinationBook::~DestinationBook() = default;

QList<StreamDestination> DestinationBook::destinations() const
{
    return m_settings.destinations();
}

std::optional<StreamDestination> DestinationBook::selected() const
{
    const QString name = m_settings.selectedDestinationName();
    return name.isEmpty() ? std::nullopt : m_settings.destination(name);
}

void DestinationBook::loadKey(const QString& name, QObject* context, SecretStore::Callback callback)
{
    const QString id = SecretStore::streamKeyId(name);
    QPointer<DestinationBook> self(this);
    m_session.readSecret(
        id, context, [self, id, context, callback = std::move(callback)](const SecretStore::Result& session) {
            if (session.ok() || !self) {
                callback(session);
                return;
            }
            self->m_keychain.readSecret(id, context, [self, id, callback](const SecretStore::Result& result) {
                if (result.ok())
                    ObsLog::addSecret(result.value);
                if (self && result.ok()) // (a build without a keychain reads this session's memory)
                    self->m_keyPlace.insert(id, self->m_keychainBuilt ? KeyPlace::Keychain : KeyPlace::Session);
                if (self)
                    self->noteKeychain(result);
                // No keychain (or one that answers again but has not got the key yet): the seller's key file.
                if (self && !result.ok() && self->m_keyFile && self->m_keyFileOptIn) {
                    QString error;
                    const std::optional<QString> key = self->m_keyFile->read(id, &error);
                    self->m_keyFileError = error;
                    if (key) {
                        ObsLog::addSecret(*key);
                        self->m_keyPlace.insert(id, KeyPlace::KeyFile);
                        callback({ SecretStore::Status::Ok, *key, {} });
                    } else if (!error.isEmpty()) {
                        qWarning("key file: %s", qPrintable(error));
                        callback({ SecretStore::Status::Failed, {}, error });
                    } else {
                        callback({ SecretStore::Status::NotFound, {}, {} });
                    }
                    return;
                }
                callback(result);
            });
        });
}

void DestinationBook::save(const StreamDestination& destination, const QString& key, bool remember, QObject* context,
    std::function<void(const SaveResult&)> callback)
{
    SaveResult result;
    result.destination = StreamDestination { destination.name.trimmed(), destination.url.trimmed(),
        destination.presetId.trimmed(), destination.canvas };
    if (result.destination.presetId.isEmpty())
        result.destination.presetId = StreamDestination().presetId;
    QString error;
    if (m_settings.setDestination(result.destination, &error)) {
        m_settings.setSelectedDestinationName(result.destination.name);
        result.settingsSaved = m_settings.save(&error);
    }
    if (!result.settingsSaved)
        result.problem = error;

    const QString id = SecretStore::streamKeyId(result.destination.name);
    ObsLog::addSecret(key);
    // This session's copy first: whatever the keychain says, the key works until Pinstage quits.
    if (key.isEmpty())
        m_session.deleteSecret(id, this, [](const SecretStore::Result&) {});
    else
        m_session.writeSecret(id, key, this, [](const SecretStore::Result&) {});

    QPointer<QObject> ctx(context);
    const bool hadContext = context != nullptr;
    auto finish
        = [this, id, hadKey = !key.isEmpty(), ctx, hadContext, callback = std::move(callback)](const SaveResult& r) {
              if (hadKey)
                  m_keyPlace.insert(id,
                      r.keyInFile           ? KeyPlace::KeyFile
                          : r.keyRemembered ? KeyPlace::Keychain
                                            : KeyPlace::Session);
              else
                  m_keyPlace.remove(id);
              emit saved(r);
              if (callback && (!hadContext || ctx))
                  callback(r);
          };

    // The seller's key file, when opted in and no keychain answers.
    const auto toKeyFile = [this, id, key](SaveResult& r) {
        QString fileError;
        if (m_keyFile && m_keyFile->write(id, key, &fileError)) {
            r.keyRemembered = true;
            r.keyInFile = true;
            return true;
        }
        qWarning("key file: %s", qPrintable(fileError));
        r.problem = r.problem.isEmpty() ? fileError : r.problem + QLatin1Char(' ') + fileError;
        return false;
    };
    // A key goes to the file only when the seller asked to remember it (REMEMBER) and opted in to the
    // file: never otherwise, whatever the keychain says.
    if (m_keyFile && m_keyFileOptIn && remember && !key.isEmpty() && m_keychainAnswers == false) {
        toKeyFile(result);
        // Answered later, as the keychain would: never before save() returns.
        QMetaObject::invokeMethod(
            this, [finish, result] { finish(result); }, Qt::QueuedConnection);
        return;
    }
    if (m_keyFile && m_keyFileOptIn && (key.isEmpty() || !remember)) {
        QString ignored;
        // No key, or one for this session only: none in the file either (an earlier one must not come back).
        m_keyFile->write(id, QString(), &ignored);
    }

    if (remember && !key.isEmpty()) {
        m_keychain.writeSecret(
            id, key, this, [this, id, result, finish, toKeyFile](const SecretStore::Result& written) mutable {
                if (written.ok() && m_keyFile) {
                    QString ignored;
                    m_keyFile->write(id, QString(), &ignored); // the keychain has it now: not also in the file
                }
                noteKeychain(written);
                result.keyRemembered = written.ok();
                if (!written.ok() && m_keyFile && m_keyFileOptIn && toKeyFile(result)) {
                    qWarning("keychain: %s", qPrintable(written.error));
                } else if (!written.ok()) {
                    // The raw keychain error (often a D-Bus message) goes to the log; the seller reads
                    // what it means for the show.
                    qWarning("keychain: %s", qPrintable(written.error));
                    const QString said
                        = QStringLiteral("The keychain did not answer, so the key for “%1” is kept for this "
                                         "session only: enter it again after restarting Pinstage.")
                              .arg(result.destination.name);
                    result.problem = result.problem.isEmpty() ? said : result.problem + QLatin1Char(' ') + said;
                }
                finish(result);
            });
    } else if (m_keychainAnswers == false) {
        // No keychain answers (the dialog said so before Save): there is nothing remembered to
        // remove, and asking it only yields a D-Bus error. The key is this session's.
        QMetaObject::invokeMethod(
            this, [finish, result] { finish(result); }, Qt::QueuedConnection);
    } else {
        // Not remembered: a key remembered earlier for this destination must not come back.
        m_keychain.deleteSecret(id, this, [result, finish](const SecretStore::Result& deleted) mutable {
            if (!deleted.ok() && deleted.status != SecretStore::Status::NotFound
                && deleted.status != SecretStore::Status::Unavailable) {
                // The raw keychain text goes to the log; the seller reads what it means.
                qWarning("keychain: %s", qPrintable(deleted.error));
                const QString said = tr("The key for “%1” is kept for this session only. A key saved for it "
                                        "earlier may still be in the keychain: save again once the keychain "
                                        "answers to remove it.")
                                         .arg(result.destination.name);
                result.problem = result.problem.isEmpty() ? said : result.problem + QLatin1Char(' ') + said;
            }
            finish(result);
        });
    }
}

bool DestinationBook::remove(const QString& name, QObject* context, std::function<void(const QString&)> callback)
{
    if (!m_settings.destination(name))
        return false;
    const QString id = SecretStore::streamKeyId(name);
    QString problem;
    m_settings.removeDestination(name);
    m_keyPlace.remove(id);
    QString error;
    if (!m_settings.save(&error))
        problem = error;
    m_session.deleteSecret(id, this, [](const SecretStore::Result&) {});
    if (m_keyFile && m_keyFile->exists()) {
        QString fileError;
        if (!m_keyFile->write(id, QString(), &fileError)) {
            qWarning("key file: %s", qPrintable(fileError));
            problem = problem.isEmpty() ? fileError : problem + QLatin1Char(' ') + fileError;
        }
    }
    QPointer<QObject> ctx(context);
    const bool hadContext = context != nullptr;
    auto finish = [this, name, ctx, hadContext, callback = std::move(callback)](const QString& said) {
        emit removed(name, said);
        if (callback && (!hadContext || ctx))
            callback(said);
    };
    if (m_keychainAnswers == false) {
        // No keychain answers (or none is built in): nothing was remembered there, and asking it
        // only yields a D-Bus error.
        QMetaObject::invokeMethod(
            this, [finish, problem] { finish(problem); }, Qt::QueuedConnection);
        return true;
    }
    m_keychain.deleteSecret(id, this, [this, name, problem, finish](const SecretStore::Result& deleted) mutable {
        if (!deleted.ok() && deleted.status != SecretStore::Status::NotFound) {
            // The raw keychain text goes to the log; the seller reads what it means.
            qWarning("keychain: %s", qPrintable(deleted.error));
            const QString said = tr("“%1” is removed, but the keychain did not answer, so a key saved for it may "
                                    "still be there: remove it with the system's passwords tool.")
                                     .arg(name);
            problem = problem.isEmpty() ? said : problem + QLatin1Char(' ') + said;
        }
        noteKeychain(deleted);
        finish(problem);
    });
    return true;
}

DestinationBook::KeyPlace DestinationBook::keyPlace(const QString& name) const
{
    return m_keyPlace.value(SecretStore::streamKeyId(name), KeyPlace::Session);
}

QString DestinationBook::keyPlaceText(KeyPlace place) const
{
    switch (place) {
    case KeyPlace::Keychain:
        return m_keychain.description();
    case KeyPlace::KeyFile:
        return tr("your key file");
    case KeyPlace::Session:
        break;
    }
    return tr("this session's memory (until Pinstage quits)");
}

bool DestinationBook::select(const QString& name, QString* error)
{
    if (!m_settings.destination(name))
        return false;
    m_settings.setSelectedDestinationName(name);
    QString saveError;
    const bool ok = m_settings.save(&saveError);
    if (!ok && error)
        *error = saveError;
    emit selectedChanged(name);
    return ok;
}

void DestinationBook::setKeychainBuilt(bool built)
{
    m_keychainBuilt = built;
    m_keychainAnswers = built ? std::nullopt : std::optional<bool>(false);
}

void DestinationBook::noteKeychain(const SecretStore::Result& result)
{
    if (!m_keychainBuilt)
        return; // the session's memory answered: still no keychain (and the key file stays)
    m_keychainAnswers = result.ok() || result.status == SecretStore::Status::NotFound;
    if (*m_keychainAnswers && m_keyFile && m_keyFile->exists())
        moveKeyFileToKeychain();
}

void DestinationBook::setKeyFilePath(const QString& path)
{
    m_keyFile.emplace(path);
    m_keyFileOptIn = m_keyFile->exists();
}

bool DestinationBook::setKeyFileOptIn(bool on, QString* error)
{
    m_keyFileOptIn = on && m_keyFile;
    if (on || !m_keyFile)
        return true;
    QString why;
    if (!m_keyFile->remove(&why)) {
        if (error)
            *error = why;
        return false;
    }
    m_keyFileError.clear();
    return true;
}

void DestinationBook::moveKeyFileToKeychain()
{
    if (m_moving)
        return;
    QString error;
    const auto keys = m_keyFile->readAll(&error);
    if (!keys) {
        m_keyFileError = error;
        qWarning("key file: %s", qPrintable(error));
        return;
    }
    if (keys->isEmpty()) {
        m_keyFile->remove(&error);
        return;
    }
    // Each key into the keychain; the file goes once every one is there.
    m_moving = true;
    auto left = std::make_shared<int>(int(keys->size()));
    auto failed = std::make_shared<bool>(false);
    for (auto it = keys->cbegin(); it != keys->cend(); ++it) {
        m_keychain.writeSecret(it.key(), it.value(), this, [this, left, failed](const SecretStore::Result& written) {
            if (!written.ok())
                *failed = true;
            if (--*left > 0)
                return;
            m_moving = false;
            QString why;
            if (!*failed && m_keyFile->remove(&why)) {
                m_keyFileOptIn = false;
                qInfo("key file: the keychain answers again; the stream keys moved into it and %s was removed",
                    qPrintable(m_keyFile->path()));
            }
        });
    }
}

void DestinationBook::probeKeychain(QObject* context, std::function<void(bool answers)> callback)
{
    if (m_keychainAnswers) {
        const bool answers = *m_keychainAnswers;
        QMetaObject::invokeMethod(
            context, [callback = std::move(callback), answers] { callback(answers); }, Qt::QueuedConnection);
        return;
    }
    QPointer<DestinationBook> self(this);
    m_keychain.readSecret(SecretStore::streamKeyId(QStringLiteral("#probe")), context,
        [self, callback = std::move(callback)](const SecretStore::Result& result) {
            if (!self)
                return;
            if (!result.ok() && result.status != SecretStore::Status::NotFound)
                qWarning("keychain: %s", qPrintable(result.error)); // the raw reason, for the log only
            self->noteKeychain(result);
            callback(*self->m_keychainAnswers);
        });
}

} // namespace pinstage
