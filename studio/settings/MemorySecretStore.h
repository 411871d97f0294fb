// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "settings/SecretStore.h"

#include <QHash>

namespace pinstage {

/// Secrets in this process's memory only: gone when Pinstage quits. Used by unit tests, and as the
/// clear fallback when no keychain service exists (the UI then says keys are kept for this
/// session only). Behaves like a keychain otherwise: answers asynchronously, NotFound for a
/// missing id. setFailure() makes every following call fail with the given status (for tests of
/// error paths).
///
/// Thread contract: main thread.
class MemorySecretStore : public SecretStore {
    Q_OBJECT
public:
    explicit MemorySecretStore(QObject* parent = nullptr);
    ~MemorySecretStore() override;

    void readSecret(const QString& id, QObject* context, Callback callback) override;
    void writeSecret(const QString& id, const QString& value, QObject* context, Callback callback) override;
    void deleteSecret(const QString& id, QObject* context, Callback callback) override;
    bool isPersistent() const override { return false; }
    QString description() const override;

    /// Every call fails with STATUS (Ok turns failures off again).
    void setFailure(Status status, const QString& error);
    int size() const { return int(m_secrets.size()); }

private:
    void answer(QObject* context, Callback callback, Result result);

    QHash<QString, QString> m_secrets;
    Status m_failure = Status::Ok;
    QString m_failureText;
};

} // namespace pinstage
