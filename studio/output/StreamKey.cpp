// SPDX-License-Identifier: GPL-2.0-or-later
#include "output/StreamKey.h"

namespace pinstage::StreamKey {
namespace {

    QString trimmedKey(const QString& raw)
    {
        QString key = raw;
        if (key.startsWith(QChar(0xFEFF)))
            key.remove(0, 1);
        return key.trimmed();
    }

    // What the seller would call the character (the key itself is never shown).
    QString describe(QChar c)
    {
        const QString code = QStringLiteral("U+%1").arg(c.unicode(), 4, 16, QLatin1Char('0')).toUpper();
        if (c == QLatin1Char(' '))
            return QStringLiteral("a space");
        if (c == QLatin1Char('\t'))
            return QStringLiteral("a tab");
        if (c == QLatin1Char('\n') || c == QLatin1Char('\r'))
            return QStringLiteral("a line break");
        if (c.isSpace())
            return QStringLiteral("a space character (%1)").arg(code);
        if (c.category() == QChar::Other_Format)
            return QStringLiteral("an invisible character (%1)").arg(code);
        return QStringLiteral("a control character (%1)").arg(code);
    }

} // namespace

Checked check(const QString& raw, const QString& source)
{
    Checked result;
    const QString key = trimmedKey(raw);
    if (key.isEmpty()) {
        result.error = QStringLiteral("%1: the stream key is empty").arg(source);
        return result;
    }
    for (qsizetype i = 0; i < key.size(); ++i) {
        const QChar c = key.at(i);
        // Surrogates are halves of a printable character outside the BMP: fine.
        if (c.isSurrogate() || (!c.isSpace() && c.isPrint()))
            continue;
        result.error = QStringLiteral("%1: the stream key contains %2 inside it (character %3 of %4); only "
                                      "whitespace around the key is removed: copy the key again, on its own")
                           .arg(source, describe(c))
                           .arg(i + 1)
                           .arg(key.size());
        return result;
    }
    result.key = key;
    return result;
}

} // namespace pinstage::StreamKey
