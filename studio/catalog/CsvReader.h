// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace pinstage {

/// Reads RFC 4180 CSV as shops and spreadsheets actually write it: UTF-8 with or without a BOM,
/// UTF-16 LE/BE and UTF-32 LE/BE with a BOM (Excel's "Unicode Text" is UTF-16LE with a BOM and
/// tabs), UTF-16 without a BOM when every other byte is zero, Windows-1252 when the bytes are not
/// UTF-8; CRLF or LF, quoted fields holding the delimiter, quotes ("") and newlines, and ',', ';'
/// or tab as delimiter, guessed from the header line.
///
/// Bytes that are no text at all (a NUL byte without a UTF-16/32 byte-order mark, a spreadsheet
/// workbook, an image) are not read: binaryReason() says what was found and next() returns false.
///
/// One record at a time, in place over the file's bytes: a 30 MB export is not copied into
/// millions of QStrings. field() converts only the columns a caller asks for.
class CsvReader {
public:
    explicit CsvReader(QByteArray data);

    /// The encoding the bytes were read in.
    enum class Encoding { Utf8, Utf16LE, Utf16BE, Utf32LE, Utf32BE, Windows1252 };

    char delimiter() const { return m_delimiter; }
    /// True when the file started with a byte-order mark (of whatever encoding()).
    bool hadBom() const { return m_hadBom; }
    /// True when the bytes were not valid UTF-8 and were read as Windows-1252 instead.
    bool wasLatin1() const { return m_encoding == Encoding::Windows1252; }
    Encoding encoding() const { return m_encoding; }
    /// "UTF-16LE with a byte-order mark", "UTF-8", ... for reports.
    QString encodingDescription() const;
    /// Empty for text; otherwise what the bytes are instead ("a ZIP archive (an .xlsx or .ods
    /// workbook is one) ..."), and the reader holds no records.
    QString binaryReason() const { return m_binaryReason; }

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
    QString m_binaryReason;
    char m_delimiter = ',';
    Encoding m_encoding = Encoding::Utf8;
    bool m_hadBom = false;
    bool m_unterminated = false;
    bool m_noFinalNewline = false;
};

} // namespace pinstage
