// SPDX-License-Identifier: GPL-2.0-or-later
#include "settings/DestinationBook.h"

#include "obs/ObsLog.h"
#include "settings/Settings.h"

#include <QPointer>

namespace pinstage {

DestinationBook::DestinationBook(Settings& settings, SecretStore& keychain, QObject* parent)
    : QObject(parent)
    , m_settings(settings)
    , m_keychain(keychain)
{
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
            self->m_keychain.readSecret(id, context, [self, callback](const SecretStore::Result& result) {
                if (result.ok())
                    ObsLog::addSecret(result.value);
                if (self)
                    self->noteKeychain(result);
                callback(result);
            });
        });
}

void DestinationBook::save(const StreamDestination& destination, const QString& key, bool remember, QObject* context,
    std::function<void(const SaveResult&)> callback)
{
    SaveResult result;
    result.destination
        = StreamDestination { destination.name.trimmed(), destination.url.trimmed(), destination.presetId.trimmed() };
    if (result.destination.presetId.isEmpty())
        result.destination.presetId = StreamDestination().presetId;
    m_settings.setDestination(result.destination);
    m_settings.setSelectedDestinationName(result.destination.name);
    QString error;
    result.settingsSaved = m_settings.save(&error);
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
    auto finish = [this, ctx, hadContext, callback = std::move(callback)](const SaveResult& r) {
        emit saved(r);
        if (callback && (!hadContext || ctx))
            callback(r);
    };

    if (remember && !key.isEmpty()) {
        m_keychain.writeSecret(id, key, this, [this, result, finish](const SecretStore::Result& written) mutable {
            noteKeychain(written);
            result.keyRemembered = written.ok();
            if (!written.ok()) {
                // The raw keychain error (often a D-Bus message) goes to the log; the seller reads
                // what it means for the show.
                qWarning("keychain: %s", qPrintable(written.error));
                const QString said = QStringLiteral("The keychain did not answer, so the key for “%1” is kept for this "
                                                    "session only: enter it again after restarting Pinstage.")
                                         .arg(result.destination.name);
                result.problem = result.problem.isEmpty() ? said : result.problem + QLatin1Char(' ') + said;
            }
            finish(result);
        });
    } else {
        // Not remembered: a key remembered earlier for this destination must not come back.
        m_keychain.deleteSecret(id, this, [result, finish](const SecretStore::Result& deleted) mutable {
            if (!deleted.ok() && deleted.status != SecretStore::Status::NotFound
                && deleted.status != SecretStore::Status::Unavailable)
                result.problem
                    = result.problem.isEmpty() ? deleted.error : result.problem + QLatin1Char(' ') + deleted.error;
            finish(result);
        });
    }
}

void DestinationBook::noteKeychain(const SecretStore::Result& result)
{
    m_keychainAnswers = result.ok() || result.status == SecretStore::Status::NotFound;
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
