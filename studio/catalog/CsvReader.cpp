// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog/CsvReader.h"

#include <QStringDecoder>

#include <algorithm>

namespace pinstage {

namespace {

    /// What a file that is not text is, by its first bytes, for the refusal message.
    QString binaryKind(const QByteArray& data)
    {
        struct Magic {
            QByteArrayView bytes;
            const char* what;
        };
        static const Magic magics[] = {
            { QByteArrayView("PK\x03\x04", 4),
                "a ZIP archive (an Excel .xlsx or LibreOffice .ods workbook is one): save the sheet as \"CSV UTF-8\" "
                "or \"Unicode Text\" and "
                "import that" },
            { QByteArrayView("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8),
                "an old Excel .xls workbook: save the sheet as \"CSV UTF-8\" or \"Unicode Text\" and import that" },
            { QByteArrayView("SQLite format 3\0", 16), "an SQLite database" },
            { QByteArrayView("%PDF", 4), "a PDF document" },
            { QByteArrayView("\x89PNG", 4), "a PNG image" },
            { QByteArrayView("\xFF\xD8\xFF", 3), "a JPEG image" },
            { QByteArrayView("GIF8", 4), "a GIF image" },
            { QByteArrayView("\x1F\x8B", 2), "a gzip-compressed file: unpack it first" },
        };
        for (const Magic& magic : magics) {
            if (data.startsWith(magic.bytes))
                return QString::fromLatin1(magic.what);
        }
        const qsizetype nul = data.indexOf('\0');
        return QStringLiteral("it holds binary data (a NUL byte at offset %1, and no UTF-16 or UTF-32 byte-order mark)")
            .arg(nul);
    }

    /// UTF-16 without a byte-order mark: nearly every character of the first few KB has a zero high
    /// byte (Latin text), in the same half of each byte pair. Returns 0 (no), 1 (LE) or 2 (BE).
    int bomlessUtf16(const QByteArray& data)
    {
        const qsizetype pairs = std::min<qsizetype>(data.size(), 4096) / 2;
        if (pairs < 2)
            return 0;
        qsizetype le = 0, be = 0;
        for (qsizetype i = 0; i < pairs; ++i) {
            const char a = data.at(2 * i), b = data.at(2 * i + 1);
            le += a != 0 && b == 0;
            be += a == 0 && b != 0;
        }
        if (le * 10 >= pairs * 9)
            return 1;
        if (be * 10 >= pairs * 9)
            return 2;
        return 0;
    }

} // namespace

CsvReader::CsvReader(QByteArray data)
    : m_data(std::move(data))
{
    // The byte-order mark decides; UTF-32LE's starts like UTF-16LE's, so it is tested first.
    struct Bom {
        QByteArrayView bytes;
        Encoding encoding;
        QStringConverter::Encoding converter;
    };
    static const Bom boms[] = {
        { QByteArrayView("\xFF\xFE\0\0", 4), Encoding::Utf32LE, QStringConverter::Utf32LE },
        { QByteArrayView("\0\0\xFE\xFF", 4), Encoding::Utf32BE, QStringConverter::Utf32BE },
        { QByteArrayView("\xEF\xBB\xBF", 3), Encoding::Utf8, QStringConverter::Utf8 },
        { QByteArrayView("\xFF\xFE", 2), Encoding::Utf16LE, QStringConverter::Utf16LE },
        { QByteArrayView("\xFE\xFF", 2), Encoding::Utf16BE, QStringConverter::Utf16BE },
    };
    for (const Bom& bom : boms) {
        if (m_data.startsWith(bom.bytes)) {
            m_hadBom = true;
            m_encoding = bom.encoding;
            m_data.remove(0, bom.bytes.size());
            break;
        }
    }
    if (!m_hadBom && m_data.contains('\0')) {
        const int utf16 = bomlessUtf16(m_data);
        if (utf16 == 0) {
            m_binaryReason = binaryKind(m_data);
            m_data.clear();
            return;
        }
        m_encoding = utf16 == 1 ? Encoding::Utf16LE : Encoding::Utf16BE;
    }
    if (m_encoding != Encoding::Utf8) {
        const auto converter = m_encoding == Encoding::Utf16LE ? QStringConverter::Utf16LE
            : m_encoding == Encoding::Utf16BE                  ? QStringConverter::Utf16BE
            : m_encoding == Encoding::Utf32LE                  ? QStringConverter::Utf32LE
                                                               : QStringConverter::Utf32BE;
        QStringDecoder decoder(converter, QStringDecoder::Flag::Stateless);
        const QString text = decoder(m_data);
        const qsizetype unit = m_encoding == Encoding::Utf16LE || m_encoding == Encoding::Utf16BE ? 2 : 4;
        if (m_data.size() % unit != 0 || decoder.hasError() || text.contains(QChar(0))) {
            const QString name = encodingDescription().section(QLatin1Char(' '), 0, 0);
            m_binaryReason = m_hadBom
                ? QStringLiteral(
                    "it holds binary data (it starts with a %1 byte-order mark, but the rest is not %1 text)")
                      .arg(name)
                : QStringLiteral(
                    "it holds binary data (it looks like %1 without a byte-order mark, but is not %1 text)")
                      .arg(name);
            m_data.clear();
            return;
        }
        m_data = text.toUtf8();
    } else {
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const QString decoded = utf8(m_data);
        if (utf8.hasError()) {
            // Spreadsheet programs on Windows save "CSV" in the ANSI code page.
            QStringDecoder cp1252("Windows-1252");
            m_data = (cp1252.isValid() ? QString(cp1252(m_data)) : QString::fromLatin1(m_data)).toUtf8();
            m_encoding = Encoding::Windows1252;
        }
    }
    // The delimiter that occurs most often in the header line outside quotes; ties favour ','.
    int commas = 0, semicolons = 0, tabs = 0;
    bool quoted = false;
    for (qsizetype i = 0; i < m_data.size(); ++i) {
        const char c = m_data.at(i);
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted)
            commas += c == ',', semicolons += c == ';', tabs += c == '\t';
    }
    if (semicolons > commas && semicolons >= tabs)
        m_delimiter = ';';
    else if (tabs > commas && tabs > semicolons)
        m_delimiter = '\t';
}

QString CsvReader::encodingDescription() const
{
    QString name;
    switch (m_encoding) {
    case Encoding::Utf8:
        name = QStringLiteral("UTF-8");
        break;
    case Encoding::Utf16LE:
        name = QStringLiteral("UTF-16LE");
        break;
    case Encoding::Utf16BE:
        name = QStringLiteral("UTF-16BE");
        break;
    case Encoding::Utf32LE:
        name = QStringLiteral("UTF-32LE");
        break;
    case Encoding::Utf32BE:
        name = QStringLiteral("UTF-32BE");
        break;
    case Encoding::Windows1252:
        name = QStringLiteral("Windows-1252");
        break;
    }
    if (m_encoding == Encoding::Windows1252)
        return name;
    return name + (m_hadBom ? QStringLiteral(" with a byte-order mark") : QStringLiteral(" without a byte-order mark"));
}

QString CsvReader::field(int index) const
{
    if (index < 0 || index >= m_fields.size())
        return {};
    const Span span = m_fields.at(index);
    if (span.start >= 0)
        return QString::fromUtf8(m_data.constData() + span.start, span.length);
    return QString::fromUtf8(m_scratch.constData() + (-span.start - 1), span.length);
}

bool CsvReader::next()
{
    const char* data = m_data.constData();
    const qsizetype size = m_data.size();
    for (;;) {
        m_fields.clear();
        m_scratch.clear();
        m_unterminated = false;
        m_noFinalNewline = false;
        if (m_pos >= size)
            return false;
        m_line = m_nextLine;

        bool endOfRecord = false;
        bool blankLine = true;
        while (!endOfRecord) {
            if (m_pos < size && data[m_pos] == '"') {
                // Quoted field: copy into scratch, undoubling quotes.
                blankLine = false;
                const int start = int(m_scratch.size());
                ++m_pos;
                bool closed = false;
                while (m_pos < size) {
                    const char c = data[m_pos];
                    if (c == '"') {
                        if (m_pos + 1 < size && data[m_pos + 1] == '"') {
                            m_scratch.append('"');
                            m_pos += 2;
                            continue;
                        }
                        ++m_pos;
                        closed = true;
                        break;
                    }
                    if (c == '\n')
                        ++m_nextLine;
                    m_scratch.append(c);
                    ++m_pos;
                }
                if (!closed)
                    m_unterminated = true;
                // Text after the closing quote up to the delimiter ("abc"def) is kept, as spreadsheets do.
                while (m_pos < size && data[m_pos] != m_delimiter && data[m_pos] != '\n' && data[m_pos] != '\r')
                    m_scratch.append(data[m_pos++]);
                m_fields.append({ -start - 1, int(m_scratch.size()) - start });
            } else {
                const qsizetype start = m_pos;
                while (m_pos < size && data[m_pos] != m_delimiter && data[m_pos] != '\n' && data[m_pos] != '\r')
                    ++m_pos;
                if (m_pos > start)
                    blankLine = false;
                m_fields.append({ int(start), int(m_pos - start) });
            }
            if (m_pos >= size) {
                m_noFinalNewline = true;
                endOfRecord = true;
            } else if (data[m_pos] == m_delimiter) {
                blankLine = false;
                ++m_pos;
            } else {
                // CRLF, LF or a lone CR ends the record.
                if (data[m_pos] == '\r' && m_pos + 1 < size && data[m_pos + 1] == '\n')
                    ++m_pos;
                ++m_pos;
                ++m_nextLine;
                endOfRecord = true;
            }
        }
        if (!blankLine)
            return true;
    }
}

} // namespace pinstage
