// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog/CsvReader.h"

#include <QStringDecoder>

namespace pinstage {

CsvReader::CsvReader(QByteArray data)
    : m_data(std::move(data))
{
    if (m_data.startsWith("\xEF\xBB\xBF")) {
        m_hadBom = true;
        m_data.remove(0, 3);
    }
    {
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const QString decoded = utf8(m_data);
        if (utf8.hasError()) {
            // Spreadsheet programs on Windows save "CSV" in the ANSI code page.
            QStringDecoder cp1252("Windows-1252");
            m_data = (cp1252.isValid() ? QString(cp1252(m_data)) : QString::fromLatin1(m_data)).toUtf8();
            m_latin1 = true;
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
                m_fields.append({-start - 1, int(m_scratch.size()) - start});
            } else {
                const qsizetype start = m_pos;
                while (m_pos < size && data[m_pos] != m_delimiter && data[m_pos] != '\n' && data[m_pos] != '\r')
                    ++m_pos;
                if (m_pos > start)
                    blankLine = false;
                m_fields.append({int(start), int(m_pos - start)});
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
