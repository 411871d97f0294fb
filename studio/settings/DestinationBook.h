// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "settings/KeyFile.h"
#include "settings/MemorySecretStore.h"
#include "settings/SecretStore.h"
#include "settings/StreamDestination.h"

#include <QHash>
#include <QObject>

#include <optional>

#include <functional>

namespace pinstage {

class Settings;

/// The saved streaming destinations with their keys: names and URLs in Settings, keys in a
/// SecretStore (the keychain). The destination dialog and the window use it; so do tests.
///
/// Keys entered this session are also held in memory (a MemorySecretStore), so that a key the
/// seller chose not to remember, or one the keychain could not take, still works until Pinstage
/// quits. A key is never written to Settings.
///
/// Thread contract: main thread. Callbacks are asynchronous and dropped when their context is
/// destroyed. Settings and the secret store must outlive this object.
class DestinationBook : public QObject {
    Q_OBJECT
public:
    struct SaveResult {
        StreamDestination destination;
        bool settingsSaved = false; ///< the name and URL are in the settings file
        bool keyRemembered = false; ///< the key is in the keychain (false: this session only)
        QString problem; ///< what went wrong, in words for the seller (never the key)
        bool keyInFile = false; ///< the key went to the seller's 0600 key file (no keychain answered)
    };

    DestinationBook(Settings& settings, SecretStore& keychain, QObject* parent = nullptr);
    ~DestinationBook() override;

    Settings& settings() const { return m_settings; }
    SecretStore& keychain() const { return m_keychain; }

    QList<StreamDestination> destinations() const;
    /// The selected destination, if it still exists.
    std::optional<StreamDestination> selected() const;

    /// Reads the key of destination NAME: this session's key first, then the keychain. A key
    /// read is registered with ObsLog so that it is masked in every log line from then on.
    void loadKey(const QString& name, QObject* context, SecretStore::Callback callback);

    /// Saves DESTINATION (name + URL) in Settings and selects it, then puts KEY in the keychain
    /// when REMEMBER (or, when not, keeps it for this session and removes any remembered one, from
    /// the keychain and the key file). A key is written to the key file only when REMEMBER and the
    /// seller opted in to the file (setKeyFileOptIn), never otherwise.
    /// The settings file is written at once; the keychain answers later, then saved() is emitted
    /// and CALLBACK (if any) runs.
    void save(const StreamDestination& destination, const QString& key, bool remember, QObject* context = nullptr,
        std::function<void(const SaveResult&)> callback = {});

    /// Removes the saved destination NAME (issue 8): from Settings (written at once; no longer the
    /// selected one), and its key from this session, the keychain and the key file. The keychain
    /// answers later, then removed() is emitted and CALLBACK (if any) runs with what went wrong, in
    /// words for the seller (never the key; empty: nothing). Unknown NAME: false, nothing happens.
    bool remove(
        const QString& name, QObject* context = nullptr, std::function<void(const QString& problem)> callback = {});

    /// Where the key of destination NAME is kept (issue 8: the dialog said "the keychain" on a
    /// computer without one): as the last save() or loadKey() of it found; Session when neither
    /// has answered yet.
    enum class KeyPlace { Session, Keychain, KeyFile };
    KeyPlace keyPlace(const QString& name) const;
    /// PLACE in words for the seller: the keychain's description(), "your key file", or "this
    /// session's memory (until Pinstage quits)".
    QString keyPlaceText(KeyPlace place) const;

    /// Makes the saved destination NAME the one Go Live streams to (issue 8: after removing it the
    /// list had no way to choose one but Edit ▸ Save): written to Settings at once, then
    /// selectedChanged(). Unknown NAME: false, nothing happens. False with *ERROR (naming the
    /// file) when the settings file cannot be written (the choice holds for this session).
    bool select(const QString& name, QString* error = nullptr);

    /// What the keychain said last: true when it answered (a key or "none saved"), false when it
    /// did not (no keychain service, locked, refused), nullopt before it was asked anything. Always
    /// false without a keychain in the build (keychainBuilt()).
    std::optional<bool> keychainAnswers() const { return m_keychainAnswers; }
    /// Whether this Pinstage was built with a keychain (QtKeychain, PINSTAGE_HAVE_KEYCHAIN; the
    /// default follows the build). Without one the secret store given is this session's memory:
    /// nothing answers as a keychain, so the key file is offered instead of "remember in the
    /// keychain", and a key file is never emptied into that memory. setKeychainBuilt(false) gives
    /// that build's behaviour (tests).
    bool keychainBuilt() const { return m_keychainBuilt; }
    void setKeychainBuilt(bool built);
    /// Asks the keychain once (a read of an id no destination uses) and calls CALLBACK with
    /// keychainAnswers(); answers at once (asynchronously) when it is already known.
    void probeKeychain(QObject* context, std::function<void(bool answers)> callback);

    /// The opt-in key file (KeyFile, 0600) for computers where no keychain answers: PATH is
    /// DATA_DIR/KeyFile::fileName(). Call once, before loading keys. The seller has opted in while
    /// the file exists (so the choice survives a restart without a line in the settings file).
    /// While opted in: a key the keychain cannot take goes to the file (SaveResult::keyInFile), and
    /// a key the keychain cannot give is read from it. When a keychain answers again, the file's
    /// keys move into it and the file is removed.
    void setKeyFilePath(const QString& path);
    /// The key file's path (empty before setKeyFilePath()).
    QString keyFilePath() const { return m_keyFile ? m_keyFile->path() : QString(); }
    bool keyFileOptedIn() const { return m_keyFileOptIn; }
    /// Opts in (the next save() of a key the keychain cannot take writes the file) or out: the
    /// file is removed at once. False with *error (naming the file) when it cannot be removed.
    bool setKeyFileOptIn(bool on, QString* error = nullptr);
    /// Why the key file could not be read last (naming the file; empty: no problem).
    QString keyFileError() const { return m_keyFileError; }

signals:
    /// After every save(), once the keychain answered.
    void saved(const pinstage::DestinationBook::SaveResult& result);
    /// After every remove(), once the keychain answered: NAME is gone, PROBLEM as remove() says.
    void removed(const QString& name, const QString& problem);
    /// select() chose NAME for Go Live (save() selects too, but does not emit this).
    void selectedChanged(const QString& name);

private:
    Settings& m_settings;
    SecretStore& m_keychain;
    MemorySecretStore m_session;
    std::optional<bool> m_keychainAnswers;
#ifdef PINSTAGE_HAVE_KEYCHAIN
    bool m_keychainBuilt = true;
#else
    bool m_keychainBuilt = false;
#endif
    void noteKeychain(const SecretStore::Result& result);
    /// A keychain answered: the key file's keys move into it, then the file goes.
    void moveKeyFileToKeychain();
    std::optional<KeyFile> m_keyFile;
    bool m_keyFileOptIn = false;
    bool m_moving = false;
    QString m_keyFileError;
    QHash<QString, KeyPlace> m_keyPlace; ///< by key id: where each key known this session is kept
};

} // namespace pinstage
Q_DECLARE_METATYPE(pinstage::DestinationBook::SaveResult)
