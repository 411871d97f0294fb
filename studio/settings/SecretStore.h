// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace pinstage {

/// Where secrets (stream keys) are kept: the OS keychain (KeychainSecretStore) or, for tests and
/// when no keychain service exists, this process's memory (MemorySecretStore).
///
/// Every operation is asynchronous (a keychain may ask the user to unlock it): the callback runs
/// later on the calling thread's event loop, never before the call returns, and not at all when
/// CONTEXT was destroyed first. Errors are in words a seller understands and never contain the
/// secret.
///
/// Thread contract: main thread (the thread the store lives in); context must live there too.
class SecretStore : public QObject {
    Q_OBJECT
public:
    enum class Status {
        Ok,
        NotFound, ///< nothing stored under this id (not an error for a read)
        Unavailable, ///< no keychain service on this computer
        Denied, ///< the keychain stayed locked or refused access
        Failed, ///< anything else
    };
    Q_ENUM(Status)

    struct Result {
        Status status = Status::Failed;
        QString value; ///< the secret, for a successful read only
        QString error; ///< why it failed, for the seller; empty when Ok or NotFound
        bool ok() const { return status == Status::Ok; }
    };
    using Callback = std::function<void(const Result&)>;

    using QObject::QObject;
    ~SecretStore() override;

    virtual void readSecret(const QString& id, QObject* context, Callback callback) = 0;
    virtual void writeSecret(const QString& id, const QString& value, QObject* context, Callback callback) = 0;
    /// Deleting what does not exist reports NotFound.
    virtual void deleteSecret(const QString& id, QObject* context, Callback callback) = 0;

    /// True when secrets outlive this process (a keychain); false when kept for this session only.
    virtual bool isPersistent() const = 0;
    /// Where secrets are kept, for the UI ("the system keychain", "this session only").
    virtual QString description() const = 0;

    /// The id of a destination's stream key: "stream-key/<destination name>".
    static QString streamKeyId(const QString& destinationName);
};

} // namespace pinstage
