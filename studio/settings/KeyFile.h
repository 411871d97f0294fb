// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QHash>
#include <QString>

#include <optional>

namespace pinstage {

/// The stream-key file a seller opts into when no keychain answers (issue 8: "a 0600 file the
/// seller opts into"): DATA_DIR/stream-keys.json, readable and writable by its owner only (mode
/// 0600), never the plain settings file. It maps a secret id (SecretStore::streamKeyId) to the key,
/// as a JSON object. Less safe than a keychain (anyone with the seller's login, or a backup of the
/// data folder, reads it), which the destination dialog says next to the choice.
///
/// Every write replaces the file atomically (a temporary file created 0600, flushed, renamed), so
/// the file is never readable by others, not even for a moment. A read refuses a file whose mode
/// lets the group or others in, that is not a regular file, cannot be read, or is not a JSON object
/// of strings: the error names the file (and the mode or the offset) and never holds a key.
///
/// Thread contract: any one thread at a time; blocking file I/O (a few hundred bytes).
class KeyFile {
public:
    /// PATH: the file (KeyFile::fileName() in the data folder).
    explicit KeyFile(QString path);

    /// "stream-keys.json".
    static QString fileName();
    const QString& path() const { return m_path; }
    bool exists() const;

    /// Every key in the file. nullopt with *error (naming the file) for a bad file; an empty map
    /// when the file does not exist.
    std::optional<QHash<QString, QString>> readAll(QString* error) const;
    /// The key of ID; nullopt with *error empty when the file has none, or with *error set (naming
    /// the file) for a bad file.
    std::optional<QString> read(const QString& id, QString* error) const;
    /// Stores KEY under ID (an empty KEY removes ID); the file is removed when nothing is left.
    bool write(const QString& id, const QString& key, QString* error);
    /// Removes the whole file (true when it is gone).
    bool remove(QString* error);

private:
    bool writeAll(const QHash<QString, QString>& keys, QString* error);

    QString m_path;
};

} // namespace pinstage
