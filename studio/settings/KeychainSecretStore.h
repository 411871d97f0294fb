// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "settings/SecretStore.h"

namespace pinstage {

/// Secrets in the OS keychain through QtKeychain: on Linux the Secret Service over the D-Bus
/// session bus (GNOME Keyring, KWallet, KeePassXC), under the service name "Pinstage" and the id
/// given (e.g. "stream-key/TikTok"). QtKeychain's plain-text fallback is never used.
///
/// Keychain errors become plain words: "no keychain service is running", "the keychain stayed
/// locked", "access was refused". The secret is never part of an error text (it is masked out of
/// the keychain's own message should that ever contain it).
///
/// Thread contract: main thread, with a running event loop (jobs are asynchronous; the Secret
/// Service may show an unlock prompt). Jobs belong to the store: destroying it abandons them
/// without calling back.
class KeychainSecretStore : public SecretStore {
    Q_OBJECT
public:
    explicit KeychainSecretStore(QObject* parent = nullptr);
    ~KeychainSecretStore() override;

    static QString serviceName();

    void readSecret(const QString& id, QObject* context, Callback callback) override;
    void writeSecret(const QString& id, const QString& value, QObject* context, Callback callback) override;
    void deleteSecret(const QString& id, QObject* context, Callback callback) override;
    bool isPersistent() const override { return true; }
    QString description() const override;
};

} // namespace pinstage
