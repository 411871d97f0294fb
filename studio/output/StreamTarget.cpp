// SPDX-License-Identifier: GPL-2.0-or-later
#include "output/StreamTarget.h"

#include "obs/ObsLog.h"
#include "output/IngestUrl.h"
#include "output/StreamKey.h"

#include <QUrl>

namespace pinstage {

bool StreamTarget::validate(QString* error, const QString& urlField, const QString& keyField) const
{
    if (!validateUrl(url, error, urlField, keyField, key))
        return false;
    const StreamKey::Checked checked = StreamKey::check(key, keyField);
    if (!checked.ok()) {
        *error = checked.error;
        return false;
    }
    if (checked.key != key) {
        *error = QStringLiteral("%1: the stream key has whitespace around it").arg(keyField);
        return false;
    }
    return true;
}

bool StreamTarget::validateUrl(
    const QString& url, QString* error, const QString& urlField, const QString& keyField, const QString& key)
{
    // The URL is echoed in errors; a key pasted into it (a common slip) must not be.
    QString shownUrl = IngestUrl::maskAddress(ObsLog::redact(url));
    if (key.size() >= 4)
        shownUrl.replace(key, IngestUrl::mask());
    const QUrl parsed(url, QUrl::StrictMode);
    const QString scheme = parsed.scheme().toLower();
    if (url.trimmed().isEmpty()) {
        *error = QStringLiteral("%1: the server URL is empty").arg(urlField);
        return false;
    }
    if (parsed.isValid() && scheme == QLatin1String("srt"))
        return validateSrtUrl(parsed, error, urlField, shownUrl);
    if (!parsed.isValid() || (scheme != QLatin1String("rtmp") && scheme != QLatin1String("rtmps"))) {
        *error = QStringLiteral("%1: expected rtmp://HOST[:PORT]/APP or rtmps://…, got '%2'").arg(urlField, shownUrl);
        return false;
    }
    if (parsed.host().isEmpty()) {
        *error = QStringLiteral("%1: no host in '%2'").arg(urlField, shownUrl);
        return false;
    }
    const QString path = parsed.path();
    if (path.isEmpty() || path == QLatin1String("/")) {
        *error = QStringLiteral("%1: no application path in '%2' (expected rtmp://HOST[:PORT]/APP, e.g. "
                                "rtmp://live.example.com/live)")
                     .arg(urlField, shownUrl);
        return false;
    }
    if (parsed.hasQuery() || !parsed.userInfo().isEmpty()) {
        // A query or a user name is part of a key (a signature, a token, a password): libobs would
        // log it with the server URL.
        *error = QStringLiteral("%1: '%2' carries a query or a user name; enter the server alone "
                                "(rtmp[s]://HOST[:PORT]/APP) and put the rest in %3")
                     .arg(urlField, shownUrl, keyField);
        return false;
    }
    if (const std::optional<IngestUrl::Parts> parts = IngestUrl::split(url)) {
        // Never hand libobs a URL holding a key: it logs the server URL in the clear.
        *error = QStringLiteral("%1: '%2' goes on after its application path; enter the server alone (%3) and "
                                "the stream key in %4")
                     .arg(urlField, shownUrl, parts->server, keyField);
        return false;
    }
    return true;
}

bool StreamTarget::validateSrtUrl(const QUrl& parsed, QString* error, const QString& urlField, const QString& shownUrl)
{
    // srt://HOST:PORT[?OPTION=VALUE&…]: SRT has no default port and no application path; the
    // options (mode, latency, passphrase, streamid…) are libsrt's and stay in the URL.
    if (parsed.host().isEmpty()) {
        *error = QStringLiteral("%1: no host in '%2'").arg(urlField, shownUrl);
        return false;
    }
    if (parsed.port() <= 0) {
        *error = QStringLiteral("%1: no port in '%2' (SRT has no default port: srt://HOST:PORT, e.g. "
                                "srt://ingest.example.com:9000)")
                     .arg(urlField, shownUrl);
        return false;
    }
    if (!parsed.userInfo().isEmpty()) {
        *error = QStringLiteral("%1: '%2' carries a user name; SRT takes none (a stream id goes in the stream key, "
                                "a passphrase in ?passphrase=)")
                     .arg(urlField, shownUrl);
        return false;
    }
    if (!parsed.path().isEmpty() && parsed.path() != QLatin1String("/")) {
        *error = QStringLiteral("%1: '%2' has a path; an SRT address is srt://HOST:PORT[?OPTIONS] (the stream id "
                                "goes in the stream key)")
                     .arg(urlField, shownUrl);
        return false;
    }
    return true;
}

StreamTargetEntry StreamTarget::fromEntry(
    const QString& url, const QString& key, const QString& urlField, const QString& keyField)
{
    StreamTargetEntry entry;
    entry.target.url = url.trimmed();
    QString enteredKey;
    if (!key.isEmpty()) {
        const StreamKey::Checked checked = StreamKey::check(key, keyField);
        if (!checked.ok()) {
            entry.error = checked.error;
            return entry;
        }
        enteredKey = checked.key;
    }
    entry.target.key = enteredKey;

    const std::optional<IngestUrl::Parts> parts = IngestUrl::split(entry.target.url);
    if (!parts)
        return entry;
    const QString shownUrl = parts->server + QLatin1Char('/') + IngestUrl::mask();
    if (!enteredKey.isEmpty() && enteredKey != parts->streamName) {
        entry.error = QStringLiteral("%1: '%2' goes on after its application path and a stream key is entered too "
                                     "(%3): enter the server alone (%4) and the stream key in %3")
                          .arg(urlField, shownUrl, keyField, parts->server);
        return entry;
    }
    const StreamKey::Checked fromUrl = StreamKey::check(parts->streamName, urlField);
    if (!fromUrl.ok()) {
        entry.error = fromUrl.error;
        return entry;
    }
    entry.target.url = parts->server;
    entry.target.key = fromUrl.key;
    entry.note = enteredKey.isEmpty()
        ? QStringLiteral("%1 held the stream key after the application path ('%2'): using %3 as the server and "
                         "the rest as the stream key (enter the key on its own to keep it out of the URL)")
              .arg(urlField, shownUrl, parts->server)
        : QStringLiteral("%1 also held the stream key ('%2'): using %3 as the server")
              .arg(urlField, shownUrl, parts->server);
    return entry;
}

} // namespace pinstage
