// SPDX-License-Identifier: GPL-2.0-or-later
#include "settings/MemorySecretStore.h"

#include <QMetaObject>

namespace pinstage {

MemorySecretStore::MemorySecretStore(QObject* parent)
    : SecretStore(parent)
{
}

MemorySecretStore::~MemorySecretStore()
{
    for (QString& secret : m_secrets)
        secret.fill(QLatin1Char(' ')); // do not leave keys in freed memory longer than needed
}

QString MemorySecretStore::description() const
{
    return tr("this session only (no keychain)");
}

void MemorySecretStore::setFailure(Status status, const QString& error)
{
    m_failure = status;
    m_failureText = error;
}

void MemorySecretStore::answer(QObject* context, Callback callback, Result result)
{
    Q_ASSERT(context);
    if (m_failure != Status::Ok)
        result = Result { m_failure, {}, m_failureText };
    // Queued, like a real keychain: never before the call returns; dropped when CONTEXT is gone.
    QMetaObject::invokeMethod(
        context, [callback = std::move(callback), result = std::move(result)] { callback(result); },
        Qt::QueuedConnection);
}

void MemorySecretStore::readSecret(const QString& id, QObject* context, Callback callback)
{
    const auto it = m_secrets.constFind(id);
    answer(context, std::move(callback),
        it == m_secrets.cend() ? Result { Status::NotFound, {}, {} } : Result { Status::Ok, *it, {} });
}

void MemorySecretStore::writeSecret(const QString& id, const QString& value, QObject* context, Callback callback)
{
    if (m_failure == Status::Ok)
        m_secrets.insert(id, value);
    answer(context, std::move(callback), Result { Status::Ok, {}, {} });
}

void MemorySecretStore::deleteSecret(const QString& id, QObject* context, Callback callback)
{
    const bool removed = m_failure == Status::Ok && m_secrets.remove(id) > 0;
    answer(context, std::move(callback), Result { removed ? Status::Ok : Status::NotFound, {}, {} });
}

} // namespace pinstage
