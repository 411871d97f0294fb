// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog/ProductCsvParser.h"

#include "catalog/CsvReader.h"
#include "catalog/HtmlEntities.h"
#include "catalog/Money.h"

#include <QDir>
#include <QRegularExpression>
#include <QUrl>

#include <cmath>

namespace pinstage {

ProductCsvParser::ProductCsvParser(ImportReport& report, const ImportOptions& options)
    : m_report(report)
    , m_options(options)
    , m_baseDir(options.baseDir)
{
}

ProductCsvParser::~ProductCsvParser() = default;

int ProductCsvParser::findColumn(std::initializer_list<const char*> names) const
{
    for (const char* name : names) {
        for (int i = 0; i < m_header.size(); ++i) {
            if (m_header.at(i).compare(QLatin1String(name), Qt::CaseInsensitive) == 0)
                return i;
        }
    }
    return -1;
}

QString ProductCsvParser::headerName(int column) const
{
    return column >= 0 && column < m_header.size() ? m_header.at(column) : QString();
}

QString ProductCsvParser::cell(const CsvReader& row, int column)
{
    return column < 0 ? QString() : row.field(column).trimmed();
}

QString ProductCsvParser::textCell(const CsvReader& row, int column) const
{
    const QString text = cell(row, column);
    return m_decodeHtml ? decodeHtmlEntities(text).trimmed() : text;
}

QString ProductCsvParser::readSaleDate(const CsvReader& row, int column, bool* ok)
{
    const QString text = cell(row, column);
    const std::optional<QString> stored = SaleSchedule::normalize(text);
    if (!stored) {
        m_report.reject(row.line(), headerName(column),
            QStringLiteral("'%1' is not a date (expected YYYY-MM-DD, or YYYY-MM-DD HH:MM[:SS] in local time)")
                .arg(text));
        *ok = false;
        return {};
    }
    return *stored;
}

SaleSchedule ProductCsvParser::readSaleSchedule(const CsvReader& row, int startColumn, int endColumn, bool* ok)
{
    const QString starts = readSaleDate(row, startColumn, ok);
    const QString ends = *ok ? readSaleDate(row, endColumn, ok) : QString();
    SaleSchedule schedule(starts, ends);
    if (*ok && !starts.isEmpty() && !ends.isEmpty() && schedule.endsAt() <= schedule.startsAt()) {
        m_report.warn(row.line(), headerName(endColumn),
            QStringLiteral("the sale ends (%1) before it starts (%2): its sale price is never used").arg(ends, starts));
    }
    return schedule;
}

InventoryPolicy ProductCsvParser::readInventoryPolicy(const CsvReader& row, int column, bool* ok)
{
    const QString text = cell(row, column);
    if (const auto policy = inventoryPolicyFromText(text))
        return *policy;
    m_report.reject(row.line(), headerName(column),
        QStringLiteral("'%1' is not an inventory policy (expected deny or continue, TRUE or FALSE, 0, 1 or notify)")
            .arg(text));
    *ok = false;
    return InventoryPolicy::Deny;
}

bool ProductCsvParser::requireColumns(const QList<QPair<int, const char*>>& columns)
{
    QStringList missing;
    for (const auto& [index, name] : columns) {
        if (index < 0)
            missing.append(QLatin1Char('\'') + QLatin1String(name) + QLatin1Char('\''));
    }
    if (missing.isEmpty())
        return true;
    m_report.refuse(QStringLiteral("the header row of this %1 lacks the required column%2 %3")
                        .arg(catalogFormatName(m_report.format), missing.size() > 1 ? QStringLiteral("s") : QString(),
                            missing.join(QStringLiteral(", "))));
    return false;
}

std::optional<qint64> ProductCsvParser::readPrice(
    const CsvReader& row, int column, const QString& currency, bool required, bool* ok)
{
    const QString text = cell(row, column);
    if (text.isEmpty()) {
        if (required) {
            m_report.reject(row.line(), headerName(column), QStringLiteral("the price is missing"));
            *ok = false;
        }
        return std::nullopt;
    }
    const auto value = parseMoney(text, currency);
    if (!value) {
        m_report.reject(row.line(), headerName(column), QStringLiteral("'%1' is not a price").arg(text));
        *ok = false;
    }
    return value;
}

std::optional<int> ProductCsvParser::readStock(const CsvReader& row, int column, bool* ok)
{
    const QString text = cell(row, column);
    if (text.isEmpty())
        return std::nullopt;
    bool parsed = false;
    if (text.size() <= 9) { // "12", "-3": up to 999,999,999 either way
        const int units = text.toInt(&parsed);
        if (parsed)
            return units;
    }
    const double value = text.toDouble(&parsed);
    if (!parsed || value != std::floor(value) || std::abs(value) > 1e9) {
        m_report.reject(
            row.line(), headerName(column), QStringLiteral("'%1' is not a whole number of items in stock").arg(text));
        *ok = false;
        return std::nullopt;
    }
    return int(value);
}

QString ProductCsvParser::readBarcode(const CsvReader& row, int column)
{
    QString text = cell(row, column);
    if (text.startsWith(QLatin1Char('\'')))
        text.remove(0, 1); // a leading apostrophe forces text in spreadsheets
    static const QRegularExpression scientific(QStringLiteral("^[0-9](?:[.,][0-9]+)?[eE]\\+?[0-9]{1,2}$"));
    if (text.contains(QLatin1Char('E'), Qt::CaseInsensitive) && scientific.match(text).hasMatch()) {
        const double value = QString(text).replace(QLatin1Char(','), QLatin1Char('.')).toDouble();
        QString digits = QString::number(value, 'f', 0);
        m_report.warn(row.line(), headerName(column),
            QStringLiteral("barcode '%1' was turned into a number by a spreadsheet; stored as %2, but digits may have "
                           "been lost: format the column as text and export again")
                .arg(text, digits));
        return digits;
    }
    return text;
}

QString ProductCsvParser::resolveImage(const QString& source) const
{
    QString trimmed = source.trimmed();
    if (trimmed.isEmpty())
        return {};
    if (trimmed.startsWith(QLatin1String("http://"), Qt::CaseInsensitive)
        || trimmed.startsWith(QLatin1String("https://"), Qt::CaseInsensitive))
        return trimmed;
    QString path = trimmed;
    if (trimmed.startsWith(QLatin1String("file:"), Qt::CaseInsensitive))
        path = QUrl(trimmed).toLocalFile();
    if (QDir::isRelativePath(path))
        path = QDir(m_baseDir.isEmpty() ? QDir::currentPath() : m_baseDir).filePath(path);
    return QDir::cleanPath(path);
}

bool ProductCsvParser::claimSku(const QString& sku, int line, int column)
{
    if (sku.isEmpty())
        return true;
    const auto it = m_skuLines.constFind(sku);
    if (it != m_skuLines.constEnd()) {
        m_report.reject(
            line, headerName(column), QStringLiteral("duplicate SKU '%1' (first used on line %2)").arg(sku).arg(*it));
        return false;
    }
    m_skuLines.insert(sku, line);
    return true;
}

QString ProductCsvParser::readStatus(const CsvReader& row, int column)
{
    const QString status = cell(row, column).toLower();
    if (status.isEmpty() || status == QLatin1String("active") || status == QLatin1String("draft")
        || status == QLatin1String("archived"))
        return status.isEmpty() ? QStringLiteral("active") : status;
    m_report.warn(row.line(), headerName(column),
        QStringLiteral("unknown status '%1' (expected active, draft or archived); imported as active").arg(status));
    return QStringLiteral("active");
}

QString ProductCsvParser::htmlToText(const QString& html)
{
    QString text;
    text.reserve(html.size());
    for (qsizetype i = 0; i < html.size(); ++i) {
        const QChar c = html.at(i);
        if (c == QLatin1Char('<')) {
            const qsizetype end = html.indexOf(QLatin1Char('>'), i);
            if (end < 0) {
                text.append(c);
                continue;
            }
            // The tag name: the first run of characters that are not spaces or '/' ("</p>",
            // "<br/>", "<p class=x>"). Done by hand: this runs for every tag of every body.
            auto separator = [](QChar ch) { return ch.isSpace() || ch == QLatin1Char('/'); };
            qsizetype from = i + 1;
            while (from < end && separator(html.at(from)))
                ++from;
            qsizetype to = from;
            while (to < end && !separator(html.at(to)))
                ++to;
            const QString name = html.mid(from, to - from).toLower();
            static const QStringList blocks
                = { "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "blockquote" };
            if (name == QLatin1String("br"))
                text.append(QLatin1Char('\n'));
            else if (blocks.contains(name))
                text.append(QLatin1Char('\n'));
            i = end;
        } else if (c == QLatin1Char('&')) {
            const qsizetype end = html.indexOf(QLatin1Char(';'), i);
            if (end < 0 || end - i > 32) {
                text.append(c);
                continue;
            }
            const QString reference = html.mid(i, end - i + 1);
            const QString decoded = decodeHtmlEntities(reference);
            if (decoded == reference) {
                text.append(c);
                continue;
            }
            text.append(decoded == QStringView(u"\u00A0") ? QStringLiteral(" ") : decoded);
            i = end;
        } else if (c == QLatin1Char('\n') || c == QLatin1Char('\r') || c == QLatin1Char('\t')) {
            text.append(QLatin1Char(' ')); // source line breaks are not significant in HTML
        } else {
            text.append(c);
        }
    }
    return normalizeText(text);
}

QString ProductCsvParser::textToHtml(const QString& text)
{
    return normalizeText(text).toHtmlEscaped().replace(QLatin1Char('\n'), QLatin1String("<br>"));
}

QString ProductCsvParser::normalizeText(const QString& text)
{
    QString unified = text;
    unified.replace(QLatin1String("\r\n"), QLatin1String("\n")).replace(QLatin1Char('\r'), QLatin1Char('\n'));
    QStringList lines;
    bool lastEmpty = true; // drops empty lines at the start
    for (const QString& line : unified.split(QLatin1Char('\n'))) {
        const QString simple = line.simplified();
        if (simple.isEmpty()) {
            if (!lastEmpty)
                lines.append(QString());
            lastEmpty = true;
        } else {
            lines.append(simple);
            lastEmpty = false;
        }
    }
    while (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    return lines.join(QLatin1Char('\n'));
}

QString ProductCsvParser::slugify(const QString& text)
{
    QString slug;
    bool dash = false;
    for (const QChar c : text.normalized(QString::NormalizationForm_KD)) {
        if (c.isLetterOrNumber() && c.unicode() < 0x80) {
            if (dash && !slug.isEmpty())
                slug.append(QLatin1Char('-'));
            slug.append(c.toLower());
            dash = false;
        } else if (c.isLetterOrNumber()) {
            if (dash && !slug.isEmpty())
                slug.append(QLatin1Char('-'));
            slug.append(c.toLower());
            dash = false;
        } else if (c.category() != QChar::Mark_NonSpacing) {
            dash = true;
        }
    }
    return slug;
}

QString ProductCsvParser::normalizeTags(const QString& tags)
{
    QStringList list;
    for (const QString& tag : tags.split(QLatin1Char(','))) {
        const QString simple = tag.simplified();
        if (!simple.isEmpty() && !list.contains(simple))
            list.append(simple);
    }
    return list.join(QStringLiteral(", "));
}

} // namespace pinstage
