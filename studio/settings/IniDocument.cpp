// SPDX-License-Identifier: GPL-2.0-or-later
#include "settings/IniDocument.h"

#include <QObject>
#include <QStringDecoder>

namespace pinstage {
namespace {

    bool isNameChar(QChar c, bool allowSpace)
    {
        return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('_') || c == QLatin1Char('-')
            || c == QLatin1Char('.') || c == QLatin1Char('/') || (allowSpace && c == QLatin1Char(' '));
    }

    std::optional<QString> unescape(const QString& raw)
    {
        QString out;
        out.reserve(raw.size());
        for (qsizetype i = 0; i < raw.size(); ++i) {
            const QChar c = raw.at(i);
            if (c != QLatin1Char('\\')) {
                out.append(c);
                continue;
            }
            if (++i == raw.size())
                return std::nullopt;
            switch (raw.at(i).unicode()) {
            case '\\':
                out.append(QLatin1Char('\\'));
                break;
            case 'n':
                out.append(QLatin1Char('\n'));
                break;
            case 'r':
                out.append(QLatin1Char('\r'));
                break;
            case 't':
                out.append(QLatin1Char('\t'));
                break;
            default:
                return std::nullopt;
            }
        }
        return out;
    }

    QString escape(const QString& value)
    {
        QString out;
        out.reserve(value.size());
        for (const QChar c : value) {
            switch (c.unicode()) {
            case '\\':
                out.append(QLatin1String("\\\\"));
                break;
            case '\n':
                out.append(QLatin1String("\\n"));
                break;
            case '\r':
                out.append(QLatin1String("\\r"));
                break;
            case '\t':
                out.append(QLatin1String("\\t"));
                break;
            default:
                out.append(c);
            }
        }
        return out;
    }

    QString lineError(int line, const QString& what)
    {
        return QObject::tr("line %1: %2").arg(line).arg(what);
    }

} // namespace

bool IniDocument::isValidKey(const QString& key)
{
    if (key.isEmpty())
        return false;
    for (const QChar c : key)
        if (!isNameChar(c, false))
            return false;
    return true;
}

bool IniDocument::isValidSectionName(const QString& name)
{
    if (name.trimmed().isEmpty() || name.trimmed() != name)
        return false;
    for (const QChar c : name)
        if (!isNameChar(c, true))
            return false;
    return true;
}

std::optional<IniDocument> IniDocument::parse(const QByteArray& bytes, QString* error)
{
    auto fail = [error](int line, const QString& what) -> std::optional<IniDocument> {
        if (error)
            *error = lineError(line, what);
        return std::nullopt;
    };

    QByteArray data = bytes;
    if (data.startsWith("\xEF\xBB\xBF"))
        data.remove(0, 3);

    IniDocument doc;
    const QList<QByteArray> lines = data.split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        const int lineNo = i + 1;
        QByteArray rawLine = lines.at(i);
        if (rawLine.endsWith('\r'))
            rawLine.chop(1);
        if (rawLine.contains('\0'))
            return fail(lineNo, QObject::tr("binary data (a NUL byte): this is not a settings file"));
        QStringDecoder decoder(QStringDecoder::Utf8);
        const QString text = decoder.decode(rawLine);
        if (decoder.hasError())
            return fail(lineNo, QObject::tr("text that is not UTF-8"));
        for (const QChar c : text)
            if (c.category() == QChar::Other_Control && c != QLatin1Char('\t'))
                return fail(
                    lineNo, QObject::tr("a control character (U+%1)").arg(c.unicode(), 4, 16, QLatin1Char('0')));

        const QString line = text.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')) || line.startsWith(QLatin1Char(';')))
            continue;
        if (line.startsWith(QLatin1Char('['))) {
            if (!line.endsWith(QLatin1Char(']')))
                return fail(lineNo, QObject::tr("a section header without its closing ']'"));
            const QString name = line.mid(1, line.size() - 2);
            if (!isValidSectionName(name))
                return fail(lineNo,
                    QObject::tr("the section name \"%1\" is not valid (letters, digits, space, _ - . / only)")
                        .arg(name));
            if (doc.hasSection(name))
                return fail(lineNo,
                    QObject::tr("section [%1] appears a second time (first on line %2)")
                        .arg(name)
                        .arg(doc.sectionLine(name)));
            doc.m_sections.append(Section { name, {}, lineNo });
            continue;
        }
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq < 0)
            return fail(lineNo, QObject::tr("expected \"[section]\" or \"key=value\""));
        const QString key = line.left(eq).trimmed();
        if (!isValidKey(key))
            return fail(
                lineNo, QObject::tr("the key \"%1\" is not valid (letters, digits, _ - . / only)").arg(key.left(40)));
        if (doc.m_sections.isEmpty())
            return fail(lineNo, QObject::tr("the key \"%1\" comes before any [section]").arg(key));
        Section& section = doc.m_sections.last();
        for (const Entry& e : section.entries)
            if (e.key == key)
                return fail(lineNo,
                    QObject::tr("the key \"%1\" appears a second time in [%2] (first on line %3)")
                        .arg(key, section.name)
                        .arg(e.line));
        const std::optional<QString> value = unescape(line.mid(eq + 1).trimmed());
        if (!value)
            return fail(lineNo,
                QObject::tr("the value of \"%1\" has an invalid backslash escape (use \\\\ for a backslash)").arg(key));
        section.entries.append(Entry { key, *value, lineNo });
    }
    return doc;
}

QByteArray IniDocument::toBytes() const
{
    QString out;
    bool first = true;
    for (const Section& section : m_sections) {
        if (!first)
            out.append(QLatin1Char('\n'));
        first = false;
        out.append(QLatin1Char('[') + section.name + QLatin1String("]\n"));
        for (const Entry& e : section.entries)
            out.append(e.key + QLatin1Char('=') + escape(e.value) + QLatin1Char('\n'));
    }
    return out.toUtf8();
}

IniDocument::Section* IniDocument::find(const QString& section)
{
    for (Section& s : m_sections)
        if (s.name == section)
            return &s;
    return nullptr;
}

const IniDocument::Section* IniDocument::find(const QString& section) const
{
    for (const Section& s : m_sections)
        if (s.name == section)
            return &s;
    return nullptr;
}

QStringList IniDocument::sectionNames() const
{
    QStringList names;
    for (const Section& s : m_sections)
        names.append(s.name);
    return names;
}

bool IniDocument::hasSection(const QString& section) const
{
    return find(section) != nullptr;
}

bool IniDocument::contains(const QString& section, const QString& key) const
{
    return keys(section).contains(key);
}

QString IniDocument::value(const QString& section, const QString& key, const QString& fallback) const
{
    if (const Section* s = find(section))
        for (const Entry& e : s->entries)
            if (e.key == key)
                return e.value;
    return fallback;
}

int IniDocument::line(const QString& section, const QString& key) const
{
    if (const Section* s = find(section))
        for (const Entry& e : s->entries)
            if (e.key == key)
                return e.line;
    return 0;
}

int IniDocument::sectionLine(const QString& section) const
{
    const Section* s = find(section);
    return s ? s->line : 0;
}

QStringList IniDocument::keys(const QString& section) const
{
    QStringList out;
    if (const Section* s = find(section))
        for (const Entry& e : s->entries)
            out.append(e.key);
    return out;
}

void IniDocument::setValue(const QString& section, const QString& key, const QString& value)
{
    Q_ASSERT(isValidSectionName(section) && isValidKey(key));
    Section* s = find(section);
    if (!s) {
        m_sections.append(Section { section, {}, 0 });
        s = &m_sections.last();
    }
    for (Entry& e : s->entries) {
        if (e.key == key) {
            e.value = value;
            return;
        }
    }
    s->entries.append(Entry { key, value, 0 });
}

void IniDocument::remove(const QString& section, const QString& key)
{
    if (Section* s = find(section))
        s->entries.removeIf([&key](const Entry& e) { return e.key == key; });
}

void IniDocument::removeSection(const QString& section)
{
    m_sections.removeIf([&section](const Section& s) { return s.name == section; });
}

} // namespace pinstage
