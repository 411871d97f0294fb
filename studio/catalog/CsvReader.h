// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace pinstage {

/// Reads RFC 4180 CSV as shops and spreadsheets actually write it: UTF-8 with or without a BOM
/// (Windows-1252 when the bytes are not UTF-8), CRLF or LF, quoted fields holding the delimiter,
/// quotes ("") and newlines, and ',', ';' or tab as delimiter, guessed from the header line.
///
/// One record at a time, in place over the file's bytes: a 30 MB export is not copied into
/// millions of QStrings. field() converts only the columns a caller asks for.
class CsvReader {
public:
    explicit CsvReader(QByteArray data);

    char delimiter() const { return m_delimiter; }
    bool hadBom() const { return m_hadBom; }
    /// True when the bytes were not valid UTF-8 and were read as Windows-1252 instead.
    bool wasLatin1() const { return m_latin1; }

    /// Reads the next record, skipping lines that are entirely empty. False at the end.
    bool next();
    /// 1-based line number where the current record starts (a quoted newline makes a record
    /// span several lines; the next record's number accounts for that).
    int line() const { return m_line; }
    int fieldCount() const { return int(m_fields.size()); }
    /// The field, or an empty string past the end of a short row.
    QString field(int index) const;
    /// The record is the last one and is cut off: the file ended inside a quoted field.
    bool unterminatedQuote() const { return m_unterminated; }
    /// The record is the last one and the file does not end with a line break.
    bool atEndWithoutNewline() const { return m_noFinalNewline; }
    /// 0..1 of the bytes consumed, for progress.
    double progress() const { return m_data.isEmpty() ? 1.0 : double(m_pos) / double(m_data.size()); }

private:
    struct Span {
        int start;
        int length;
    };
    QByteArray m_data;
    QByteArray m_scratch; // unescaped bytes of quoted fields of the current record
    QList<Span> m_fields; // start < 0: in m_scratch at (-start - 1)
    qsizetype m_pos = 0;
    int m_line = 0;
    int m_nextLine = 1;
    char m_delimiter = ',';
    bool m_hadBom = false;
    bool m_latin1 = false;
    bool m_unterminated = false;
    bool m_noFinalNewline = false;
};

} // namespace pinstage
