// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace pinstage {

/// A strict INI file held in memory, in file order: `[section]` headers, `key=value` lines, `#` or
/// `;` comment lines and blank lines. Values are UTF-8; a backslash escapes `\\`, `\n`, `\r`, `\t`.
///
/// Unlike QSettings, parse() refuses anything else (binary garbage, a line that is neither, a key
/// outside a section, a duplicate key or section, invalid UTF-8) and names the line, so a damaged
/// file is reported instead of being silently read as empty and then overwritten.
/// Comments are not kept: toBytes() writes sections and keys only.
///
/// Thread contract: a value type; no shared state.
class IniDocument {
public:
    struct Entry {
        QString key;
        QString value;
        int line = 0; ///< 1-based line in the parsed file; 0 when set in memory
    };
    struct Section {
        QString name;
        QList<Entry> entries;
        int line = 0;
    };

    /// Parses BYTES. On failure returns nothing and sets *error to "line N: what is wrong".
    static std::optional<IniDocument> parse(const QByteArray& bytes, QString* error);
    QByteArray toBytes() const;

    QStringList sectionNames() const;
    bool hasSection(const QString& section) const;
    bool contains(const QString& section, const QString& key) const;
    QString value(const QString& section, const QString& key, const QString& fallback = {}) const;
    /// The line KEY was read from (0 when unknown), for messages that name the place.
    int line(const QString& section, const QString& key) const;
    int sectionLine(const QString& section) const;
    QStringList keys(const QString& section) const;

    /// Sets a value, adding the section (at the end) and the key (at the end of it) when new.
    void setValue(const QString& section, const QString& key, const QString& value);
    void remove(const QString& section, const QString& key);
    void removeSection(const QString& section);

    static bool isValidKey(const QString& key);
    static bool isValidSectionName(const QString& name);

private:
    Section* find(const QString& section);
    const Section* find(const QString& section) const;

    QList<Section> m_sections;
};

} // namespace pinstage
