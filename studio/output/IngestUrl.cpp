// SPDX-License-Identifier: GPL-2.0-or-later
#include "output/IngestUrl.h"

#include <QUrl>

namespace pinstage::IngestUrl {
namespace {

    // Where an address written in a log line or a message ends.
    bool endsAddress(QChar c)
    {
        return c.isSpace() || c == QLatin1Char('"') || c == QLatin1Char('\'') || c == QLatin1Char('<')
            || c == QLatin1Char('>') || c == QLatin1Char('`') || c.category() == QChar::Other_Control;
    }

    // The length of "rtmp://" or "rtmps://" at FROM in TEXT (any case), else 0.
    qsizetype schemeLength(QStringView text, qsizetype from)
    {
        for (const QLatin1String scheme : { QLatin1String("rtmp://"), QLatin1String("rtmps://") }) {
            if (text.mid(from).startsWith(scheme, Qt::CaseInsensitive))
                return scheme.size();
        }
        return 0;
    }

    // The length of a scheme whose addresses maskSecrets() masks at FROM in TEXT (any case), else 0:
    // rtmp:// and rtmps://, and srt:// and rist:// (libobs's MPEG-TS output), whose queries carry
    // passphrase=, streamid= and other secrets.
    qsizetype maskedSchemeLength(QStringView text, qsizetype from)
    {
        if (const qsizetype rtmp = schemeLength(text, from))
            return rtmp;
        for (const QLatin1String scheme : { QLatin1String("srt://"), QLatin1String("rist://") }) {
            if (text.mid(from).startsWith(scheme, Qt::CaseInsensitive))
                return scheme.size();
        }
        return 0;
    }

    bool mayHoldAddress(const QString& text)
    {
        return text.contains(QLatin1String("rtmp"), Qt::CaseInsensitive)
            || text.contains(QLatin1String("srt://"), Qt::CaseInsensitive)
            || text.contains(QLatin1String("rist://"), Qt::CaseInsensitive);
    }

    qsizetype findAny(QStringView text, qsizetype from, QLatin1String stops)
    {
        for (qsizetype i = from; i < text.size(); ++i) {
            if (stops.contains(text.at(i)) || endsAddress(text.at(i)))
                return i;
        }
        return text.size();
    }

} // namespace

std::optional<Parts> split(const QString& url)
{
    const QString u = url.trimmed();
    const qsizetype scheme = schemeLength(u, 0);
    if (scheme == 0)
        return std::nullopt;
    const qsizetype authorityEnd = findAny(u, scheme, QLatin1String("/?#"));
    if (authorityEnd == scheme || authorityEnd >= u.size() || u.at(authorityEnd) != QLatin1Char('/'))
        return std::nullopt;
    const qsizetype appStart = authorityEnd + 1;
    const qsizetype appEnd = findAny(u, appStart, QLatin1String("/?#"));
    if (appEnd == appStart || appEnd >= u.size() || u.at(appEnd) != QLatin1Char('/'))
        return std::nullopt;
    qsizetype nameStart = appEnd + 1;
    while (nameStart < u.size() && u.at(nameStart) == QLatin1Char('/'))
        ++nameStart;
    if (nameStart >= u.size() || u.at(nameStart) == QLatin1Char('?') || u.at(nameStart) == QLatin1Char('#'))
        return std::nullopt; // a trailing slash, or a query without a stream name
    return Parts { u.left(appEnd), u.mid(nameStart) };
}

QString maskSecrets(const QString& text)
{
    if (!mayHoldAddress(text))
        return text;
    QString out;
    out.reserve(text.size());
    qsizetype i = 0;
    while (i < text.size()) {
        const QChar first = text.at(i).toLower();
        const qsizetype scheme
            = (first == QLatin1Char('r') || first == QLatin1Char('s')) ? maskedSchemeLength(text, i) : 0;
        if (scheme == 0) {
            out.append(text.at(i++));
            continue;
        }
        const qsizetype start = i + scheme;
        out.append(QStringView(text).mid(i, scheme));
        // Authority, with any USER[:PASSWORD]@ masked.
        const qsizetype authorityEnd = findAny(text, start, QLatin1String("/?#"));
        const QStringView authority = QStringView(text).mid(start, authorityEnd - start);
        const qsizetype at = authority.lastIndexOf(QLatin1Char('@'));
        if (at >= 0) {
            out.append(mask());
            out.append(authority.mid(at));
        } else {
            out.append(authority);
        }
        i = authorityEnd;
        if (i < text.size() && text.at(i) == QLatin1Char('/')) {
            const qsizetype appEnd = findAny(text, i + 1, QLatin1String("/?#"));
            out.append(QStringView(text).mid(i, appEnd - i));
            i = appEnd;
        }
        if (i < text.size() && !endsAddress(text.at(i))) {
            // "/" + stream name, "?" + query or "#" + fragment: secret up to the end of the address.
            const qsizetype end = findAny(text, i + 1, QLatin1String(""));
            out.append(text.at(i));
            if (end > i + 1)
                out.append(mask());
            i = end;
        }
    }
    return out;
}

QString maskAddress(const QString& url)
{
    // Read it as an rtmp:// address, then give it its own scheme back.
    const qsizetype separator = url.indexOf(QLatin1String("://"));
    const QString scheme = separator >= 0 ? url.left(separator) : QString();
    const QString rest = separator >= 0 ? url.mid(separator + 3) : url;
    const QString masked = maskSecrets(QStringLiteral("rtmp://") + rest).mid(7);
    return separator >= 0 ? scheme + QLatin1String("://") + masked : masked;
}

bool isMpegTsUrl(const QString& url)
{
    const QString u = url.trimmed();
    return u.startsWith(QLatin1String("srt://"), Qt::CaseInsensitive)
        || u.startsWith(QLatin1String("rist://"), Qt::CaseInsensitive);
}

QStringList secretQueryValues(const QString& url)
{
    QStringList values;
    const qsizetype question = url.indexOf(QLatin1Char('?'));
    if (question < 0)
        return values;
    QString query = url.mid(question + 1);
    query.truncate(query.indexOf(QLatin1Char('#')) >= 0 ? query.indexOf(QLatin1Char('#')) : query.size());
    for (const QString& item : query.split(QLatin1Char('&'), Qt::SkipEmptyParts)) {
        const qsizetype equals = item.indexOf(QLatin1Char('='));
        if (equals <= 0 || equals + 1 >= item.size())
            continue;
        const QString name = item.left(equals).toLower();
        // (Not every name holding "key": SRT's pbkeylen is a key length.)
        const bool secret = name == QLatin1String("streamid") || name.contains(QLatin1String("pass"))
            || name.contains(QLatin1String("secret")) || name == QLatin1String("key")
            || name.endsWith(QLatin1String("_key")) || name == QLatin1String("streamkey")
            || name.contains(QLatin1String("token")) || name.contains(QLatin1String("sign"))
            || name.contains(QLatin1String("auth")) || name == QLatin1String("username");
        if (!secret)
            continue;
        const QString value = item.mid(equals + 1);
        values.append(value);
        const QString decoded = QUrl::fromPercentEncoding(value.toUtf8());
        if (decoded != value)
            values.append(decoded);
    }
    return values;
}

} // namespace pinstage::IngestUrl
