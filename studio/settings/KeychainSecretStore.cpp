// SPDX-License-Identifier: GPL-2.0-or-later
#include "settings/KeychainSecretStore.h"

#include <qt6keychain/keychain.h>

namespace pinstage {
namespace {

    enum class Operation { Read, Write, Delete };

    QString what(Operation op)
    {
        switch (op) {
        case Operation::Read:
            return KeychainSecretStore::tr("read the stream key from the keychain");
        case Operation::Write:
            return KeychainSecretStore::tr("save the stream key in the keychain");
        case Operation::Delete:
            return KeychainSecretStore::tr("remove the stream key from the keychain");
        }
        return {};
    }

    // The keychain's own texts are for developers ("The name org.freedesktop.secrets was not provided
    // by any .service files"); sellers get what it means and what to do.
    SecretStore::Result resultOf(const QKeychain::Job& job, Operation op, const QString& secret)
    {
        using S = SecretStore::Status;
        const QString technical = job.errorString();
        const auto masked = [&] {
            QString text = technical;
            if (!secret.isEmpty())
                text.replace(secret, QStringLiteral("••••"));
            return text;
        };
        const bool noService = technical.contains(QLatin1String("org.freedesktop.secrets"))
            || technical.contains(QLatin1String("autolaunch"), Qt::CaseInsensitive)
            || technical.contains(QLatin1String("DBUS_SESSION_BUS_ADDRESS"))
            || technical.contains(QLatin1String("ServiceUnknown"))
            || technical.contains(QLatin1String("kwalletd"), Qt::CaseInsensitive)
            || technical.contains(QLatin1String("dbus-launch"), Qt::CaseInsensitive)
            || technical.contains(QLatin1String("D-Bus"), Qt::CaseInsensitive);
        switch (job.error()) {
        case QKeychain::NoError:
            return { S::Ok, {}, {} };
        case QKeychain::EntryNotFound:
            return { S::NotFound, {}, {} };
        case QKeychain::NoBackendAvailable:
        case QKeychain::NotImplemented:
            return { S::Unavailable, {},
                KeychainSecretStore::tr("No keychain service is running on this computer (such as GNOME Keyring or "
                                        "KWallet), so Pinstage could not %1. The key is kept for this session only.")
                    .arg(what(op)) };
        case QKeychain::AccessDeniedByUser:
            return { S::Denied, {},
                KeychainSecretStore::tr("The keychain stayed locked, so Pinstage could not %1. Unlock it (usually with "
                                        "your login password) and try again.")
                    .arg(what(op)) };
        case QKeychain::AccessDenied:
            return { S::Denied, {},
                KeychainSecretStore::tr("The keychain refused access, so Pinstage could not %1.").arg(what(op)) };
        case QKeychain::CouldNotDeleteEntry:
        case QKeychain::OtherError:
            break;
        }
        if (noService)
            return { S::Unavailable, {},
                KeychainSecretStore::tr("No keychain service is running on this computer (such as GNOME Keyring or "
                                        "KWallet), so Pinstage could not %1. The key is kept for this session only.")
                    .arg(what(op)) };
        return { S::Failed, {},
            KeychainSecretStore::tr("Pinstage could not %1 (the keychain said: %2).").arg(what(op), masked()) };
    }

    template <typename JobT> JobT* makeJob(KeychainSecretStore* store, const QString& id)
    {
        auto* job = new JobT(KeychainSecretStore::serviceName(), store);
        job->setAutoDelete(true);
        job->setInsecureFallback(false); // never a plain-text file
        job->setKey(id);
        return job;
    }

} // namespace

KeychainSecretStore::KeychainSecretStore(QObject* parent)
    : SecretStore(parent)
{
}

KeychainSecretStore::~KeychainSecretStore() = default;

QString KeychainSecretStore::serviceName()
{
    return QStringLiteral("Pinstage");
}

QString KeychainSecretStore::description() const
{
    return tr("the system keychain");
}

void KeychainSecretStore::readSecret(const QString& id, QObject* context, Callback callback)
{
    Q_ASSERT(context);
    auto* job = makeJob<QKeychain::ReadPasswordJob>(this, id);
    connect(job, &QKeychain::Job::finished, context, [callback = std::move(callback)](QKeychain::Job* j) {
        auto* read = static_cast<QKeychain::ReadPasswordJob*>(j);
        SecretStore::Result result = resultOf(*read, Operation::Read, read->textData());
        if (result.ok())
            result.value = read->textData();
        callback(result);
    });
    job->start();
}

void KeychainSecretStore::writeSecret(const QString& id, const QString& value, QObject* context, Callback callback)
{
    Q_ASSERT(context);
    auto* job = makeJob<QKeychain::WritePasswordJob>(this, id);
    job->setTextData(value);
    connect(job, &QKeychain::Job::finished, context, [callback = std::move(callback), value](QKeychain::Job* j) {
        callback(resultOf(*j, Operation::Write, value));
    });
    job->start();
}

void KeychainSecretStore::deleteSecret(const QString& id, QObject* context, Callback callback)
{
    Q_ASSERT(context);
    auto* job = makeJob<QKeychain::DeletePasswordJob>(this, id);
    connect(job, &QKeychain::Job::finished, context,
        [callback = std::move(callback)](QKeychain::Job* j) { callback(resultOf(*j, Operation::Delete, {})); });
    job->start();
}

} // namespace pinstage
