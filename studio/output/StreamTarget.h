// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

class QUrl;

namespace pinstage {

struct StreamTargetEntry;

/// Where the program goes: an RTMP(S) server URL and its stream key (the key is a secret:
/// it is registered with the log redactor and never printed).
struct StreamTarget {
    QString url;
    QString key;

    /// Checks the URL (rtmp:// or rtmps://, a host, no stream name after the application path:
    /// see IngestUrl; or srt://HOST:PORT with libsrt's options in its query, the key then being the
    /// SRT stream id) and the key (StreamKey's rule; the key must already be trimmed, as fromEntry()
    /// leaves it). The error names the field as URL_FIELD / KEY_FIELD (the command-line flags by
    /// default; a dialog passes its labels, the command line the key's actual source) and never
    /// contains the key or any secret part of the URL.
    bool validate(QString* error, const QString& urlField = QStringLiteral("--stream-url"),
        const QString& keyField = QStringLiteral("--stream-key")) const;

    /// The URL half of validate(): KEY, when given, is masked if the URL holds it.
    static bool validateUrl(const QString& url, QString* error,
        const QString& urlField = QStringLiteral("--stream-url"),
        const QString& keyField = QStringLiteral("--stream-key"), const QString& key = {});

    /// The part of validateUrl() for srt:// addresses: a host, a port, no user info, no path; any
    /// query (libsrt's options: mode, latency, passphrase, streamid…) is allowed. SHOWN_URL is the
    /// URL as errors may show it (secrets masked).
    static bool validateSrtUrl(const QUrl& parsed, QString* error, const QString& urlField, const QString& shownUrl);

    /// Makes a target of what the seller entered, as every front end must: the key rule
    /// (StreamKey::check) applied to KEY when one was entered (an empty KEY means none); a stream
    /// name pasted into URL after its application path moved into the key when no key was entered
    /// or when it is that same key, and said so in the entry's note; refused, with how to enter
    /// it, when a different key was entered too. Does not require a key (call validate() for a
    /// complete target). Pure: any thread.
    static StreamTargetEntry fromEntry(
        const QString& url, const QString& key, const QString& urlField, const QString& keyField);
};

/// What StreamTarget::fromEntry() made of an entry.
struct StreamTargetEntry {
    StreamTarget target; ///< trimmed URL and key, split when the URL held the key
    QString note; ///< one line to show the seller when the URL was split; never holds the key
    QString error; ///< one line naming the field; never holds the key
    bool ok() const { return error.isEmpty(); }
    bool split() const { return !note.isEmpty(); }
};

} // namespace pinstage
