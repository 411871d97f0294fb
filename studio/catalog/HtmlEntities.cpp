// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog/HtmlEntities.h"

#include <QStringDecoder>

#include <algorithm>
#include <cctype>

#include <libxml/HTMLparser.h>

namespace pinstage {

namespace {

    constexpr qsizetype kLongestReference = 32; // "&thetasym;" is 10; "&#x0000000010FFFF;" fits too

    /// The character a numeric reference stands for, HTML5's way.
    QString numericReference(QStringView digits, bool hex)
    {
        bool ok = false;
        const qulonglong value = digits.toULongLong(&ok, hex ? 16 : 10);
        if (!ok)
            return {};
        if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
            return QString(QChar::ReplacementCharacter);
        if (value >= 0x80 && value <= 0x9F) {
            // Windows-1252 bytes written as numbers by old editors: &#150; is an en dash.
            QStringDecoder cp1252("Windows-1252");
            const char byte = char(value);
            if (cp1252.isValid())
                return cp1252(QByteArrayView(&byte, 1));
        }
        const char32_t ch = char32_t(value);
        return QString::fromUcs4(&ch, 1);
    }

} // namespace

QString decodeHtmlEntities(const QString& text)
{
    qsizetype amp = text.indexOf(QLatin1Char('&'));
    if (amp < 0)
        return text;
    QString out;
    out.reserve(text.size());
    qsizetype done = 0;
    while (amp >= 0) {
        const qsizetype semicolon = text.indexOf(QLatin1Char(';'), amp + 1);
        QString decoded;
        if (semicolon > amp + 1 && semicolon - amp <= kLongestReference) {
            const QStringView body = QStringView(text).mid(amp + 1, semicolon - amp - 1);
            if (body.startsWith(QLatin1Char('#'))) {
                const bool hex = body.size() > 1 && (body.at(1) == QLatin1Char('x') || body.at(1) == QLatin1Char('X'));
                const QStringView digits = body.mid(hex ? 2 : 1);
                const bool allDigits = !digits.isEmpty() && std::all_of(digits.begin(), digits.end(), [hex](QChar c) {
                    return hex ? std::isxdigit(c.unicode() < 0x80 ? int(c.unicode()) : 0) != 0
                               : c.isDigit() && c.unicode() < 0x80;
                });
                if (allDigits)
                    decoded = numericReference(digits, hex);
            } else if (std::all_of(body.begin(), body.end(),
                           [](QChar c) { return c.unicode() < 0x80 && c.isLetterOrNumber(); })) {
                const QByteArray name = body.toLatin1();
                if (const htmlEntityDesc* entity
                    = htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.constData()))) {
                    const char32_t ch = char32_t(entity->value);
                    decoded = QString::fromUcs4(&ch, 1);
                }
            }
        }
        if (decoded.isNull()) {
            amp = text.indexOf(QLatin1Char('&'), amp + 1);
            continue;
        }
        out.append(QStringView(text).mid(done, amp - done));
        out.append(decoded);
        done = semicolon + 1;
        amp = text.indexOf(QLatin1Char('&'), done);
    }
    out.append(QStringView(text).mid(done));
    return out;
}

} // namespace pinstage
