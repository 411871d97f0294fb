// SPDX-License-Identifier: GPL-2.0-or-later
#include "output/StreamTarget.h"

#include "obs/ObsLog.h"

#include <QUrl>

namespace pinstage {

bool StreamTarget::validate(QString* error, const QString& urlField, const QString& keyField) const
{
    // The URL is echoed in errors; a key pasted into it (a common slip) must not be.
    QString shownUrl = ObsLog::redact(url);
    if (key.size() >= 4)
        shownUrl.replace(key, QStringLiteral("••••"));
    const QUrl parsed(url, QUrl::StrictMode);
    const QString scheme = parsed.scheme().toLower();
    if (url.trimmed().isEmpty()) {
        *error = QStringLiteral("%1: the server URL is empty").arg(urlField);
        return false;
    }
    if (!parsed.isValid() || (scheme != QLatin1String("rtmp") && scheme != QLatin1String("rtmps"))) {
        *error = QStringLiteral("%1: expected rtmp://HOST[:PORT]/APP or rtmps://…, got '%2'").arg(urlField, shownUrl);
        return false;
    }
    if (parsed.host().isEmpty()) {
        *error = QStringLiteral("%1: no host in '%2'").arg(urlField, shownUrl);
        return false;
    }
    if (key.isEmpty()) {
        *error = QStringLiteral("%1: the stream key is empty").arg(keyField);
        return false;
    }
    for (const QChar c : key) {
        if (c.isSpace() || !c.isPrint()) {
            *error = QStringLiteral("%1: the stream key contains spaces or control characters (was it pasted with extra text?)").arg(keyField);
            return false;
        }
    }
    return true;
}

} // namespace pinstage
