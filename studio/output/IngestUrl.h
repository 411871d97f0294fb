// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace pinstage {

/// Ingest addresses: rtmp[s]://[USER@]HOST[:PORT]/APP[/STREAM…][?QUERY].
///
/// Platforms hand out the server (up to the application path APP) and the stream key separately,
/// but many show them as one address, and sellers paste it whole into the server field. Everything
/// after the application path, any query and any user info are secrets: they are the key, a
/// signature (`sign=`) or a password. Pure and re-entrant: any thread.
namespace IngestUrl {

    /// An ingest URL cut after its application path.
    struct Parts {
        QString server; ///< rtmp[s]://HOST[:PORT]/APP (no trailing slash)
        QString streamName; ///< what followed "/APP/", with its query: the stream key
    };

    /// Splits URL (trimmed) when a stream name follows its application path:
    ///   rtmp://push.example.com/live/KEY                → rtmp://push.example.com/live + KEY
    ///   rtmp://host/stage/stream-123?expire=1&sign=ab   → rtmp://host/stage + stream-123?expire=1&sign=ab
    ///   rtmps://live-api-s.facebook.com:443/rtmp/FB-1-0-Ab?s_bl=1 → rtmps://…:443/rtmp + FB-1-0-Ab?s_bl=1
    /// Returns nullopt when there is nothing to split (no stream name: "rtmp://h/live", "rtmp://h/live/",
    /// a query right after the application "rtmp://h/live?token=x") or URL is not rtmp(s)://HOST/APP….
    std::optional<Parts> split(const QString& url);

    /// TEXT with the secret parts of every rtmp://, rtmps://, srt:// and rist:// address in it masked
    /// as "••••": user info, whatever follows the application path, any query. The address ends at
    /// whitespace or a quote. "Connecting to rtmp://h/live/KEY" → "Connecting to rtmp://h/live/••••";
    /// "srt://h:9000?streamid=ID&passphrase=P" → "srt://h:9000?••••".
    QString maskSecrets(const QString& text);

    /// URL as an error may show it, whatever its scheme (a seller may paste an https:// or srt://
    /// address, or one without a scheme): user info, what follows the first path segment and any
    /// query masked. "http://h/live/KEY" → "http://h/live/••••".
    QString maskAddress(const QString& url);

    /// Whether URL (trimmed) is an srt:// or rist:// address: libobs sends those with its MPEG-TS
    /// output (ffmpeg_mpegts_muxer), not with its RTMP output.
    bool isMpegTsUrl(const QString& url);

    /// The values of URL's query parameters that are secrets, to register with the log redactor
    /// before the URL is handed to libobs: streamid, username, key, streamkey, *_key and every
    /// parameter whose name holds pass, secret, token, sign or auth (SRT's passphrase=, RIST's
    /// secret=, a signed URL's sign=), each as written and percent-decoded. "srt://h:9000?mode=caller&passphrase=P" → {
    /// "P" }.
    QStringList secretQueryValues(const QString& url);

    /// The mask that replaces a secret in logs and messages.
    inline QString mask()
    {
        return QStringLiteral("••••");
    }

} // namespace IngestUrl
} // namespace pinstage
