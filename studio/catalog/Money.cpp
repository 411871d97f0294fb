// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog/Money.h"

#include "catalog/Catalog.h"

#include <QMutex>
#include <QMutexLocker>

#include <unicode/unum.h>

#include <array>
#include <map>
#include <memory>

namespace pinstage {

int currencyExponent(const QString& currency)
{
    static const QStringList zeroDecimals = { "JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XAF", "XOF", "PYG" };
    return zeroDecimals.contains(currency.toUpper()) ? 0 : 2;
}

namespace {

    /// What nearly every export writes: ASCII digits, then optionally '.' and one to EXPONENT
    /// digits ("24.99", "1200", "5.5"). Gives what the general reader below gives for them;
    /// nullopt means "not this simple form", not "not a price".
    std::optional<qint64> parsePlainMoney(QStringView text, int exponent)
    {
        qint64 whole = 0;
        qsizetype i = 0;
        for (; i < text.size() && text[i] >= u'0' && text[i] <= u'9'; ++i) {
            if (i == 13)
                return std::nullopt;
            whole = whole * 10 + (text[i].unicode() - u'0');
        }
        if (i == 0)
            return std::nullopt;
        qint64 fraction = 0;
        int decimals = 0;
        if (i < text.size()) {
            if (text[i] != u'.')
                return std::nullopt;
            for (++i; i < text.size() && text[i] >= u'0' && text[i] <= u'9'; ++i) {
                fraction = fraction * 10 + (text[i].unicode() - u'0');
                ++decimals;
            }
            if (i < text.size() || decimals == 0 || decimals > exponent)
                return std::nullopt;
        }
        for (; decimals < exponent; ++decimals)
            fraction *= 10;
        qint64 scale = 1;
        for (int e = 0; e < exponent; ++e)
            scale *= 10;
        return whole * scale + fraction;
    }

} // namespace

std::optional<qint64> parseMoney(const QString& text, const QString& currency)
{
    const int plainExponent = currencyExponent(currency);
    if (const auto plain = parsePlainMoney(text, plainExponent))
        return plain;

    QString digits;
    digits.reserve(text.size());
    for (const QChar c : text) {
        if (c.isDigit() || c == QLatin1Char('.') || c == QLatin1Char(','))
            digits.append(c);
        else if (c == QLatin1Char('-'))
            return std::nullopt; // negative prices are not sellable
        else if (c.isLetter() && c.isUpper() && currency.contains(c))
            continue; // "USD 12.00"
        else if (c.isSpace() || c == QChar(0x00A0) || c == QChar(0x202F) || c == QLatin1Char('\''))
            continue; // thousands spacing: "1 234,50", "1'234.50"
        else if (c.category() == QChar::Symbol_Currency)
            continue;
        else
            return std::nullopt;
    }
    if (std::none_of(digits.cbegin(), digits.cend(), [](QChar c) { return c.isDigit(); }))
        return std::nullopt;

    const int lastSep = std::max(digits.lastIndexOf(QLatin1Char('.')), digits.lastIndexOf(QLatin1Char(',')));
    QString whole = digits;
    QString fraction;
    if (lastSep >= 0) {
        const int after = int(digits.size()) - lastSep - 1;
        const bool onlyOneKind = !digits.left(lastSep).contains(
            digits.at(lastSep) == QLatin1Char('.') ? QLatin1Char(',') : QLatin1Char('.'));
        const bool repeated = digits.count(digits.at(lastSep)) > 1;
        if (after == 3 && onlyOneKind && repeated) {
            // "1,234,567": thousands only.
        } else if (after == 3 && onlyOneKind && digits.at(lastSep) == QLatin1Char(',')) {
            // "1,234": thousands (a decimal comma with three decimals does not occur in prices).
        } else if (after == 3 && onlyOneKind && digits.at(lastSep) == QLatin1Char('.') && lastSep > 0) {
            // "1.234" is ambiguous; shops export "1234.000"-style only with more decimals, so
            // treat the dot as a decimal point and let the decimals check below decide.
            fraction = digits.mid(lastSep + 1);
            whole = digits.left(lastSep);
        } else {
            fraction = digits.mid(lastSep + 1);
            whole = digits.left(lastSep);
        }
        whole.remove(QLatin1Char('.'));
        whole.remove(QLatin1Char(','));
    }
    if (whole.isEmpty())
        whole = QStringLiteral("0");
    const int exponent = currencyExponent(currency);
    // Trailing zeros beyond the currency's decimals are harmless ("24.990"); others are not.
    while (fraction.size() > exponent && fraction.endsWith(QLatin1Char('0')))
        fraction.chop(1);
    if (fraction.size() > exponent)
        return std::nullopt;
    while (fraction.size() < exponent)
        fraction.append(QLatin1Char('0'));
    bool ok = false;
    const qint64 units = (whole + fraction).toLongLong(&ok);
    if (!ok || whole.size() > 13)
        return std::nullopt;
    return units;
}

QString moneyToCsv(qint64 minorUnits, const QString& currency)
{
    const int exponent = currencyExponent(currency);
    if (exponent == 0)
        return QString::number(minorUnits);
    const QString sign = minorUnits < 0 ? QStringLiteral("-") : QString();
    const qint64 value = std::abs(minorUnits);
    return sign + QString::number(value / 100) + QLatin1Char('.')
        + QStringLiteral("%1").arg(value % 100, 2, 10, QLatin1Char('0'));
}

namespace {

    QMutex localeMutex;
    QString currentLocale; // guarded by localeMutex; empty: en_US

    struct FormatterDeleter {
        void operator()(UNumberFormat* f) const { unum_close(f); }
    };
    using Formatter = std::unique_ptr<UNumberFormat, FormatterDeleter>;

    // One ICU formatter per locale and currency and thread (opening one costs far more than formatting).
    UNumberFormat* formatterFor(const QString& locale, const QString& currency, int exponent)
    {
        thread_local std::map<QString, Formatter> formatters;
        const QString key = locale + QLatin1Char('@') + currency;
        const auto found = formatters.find(key);
        if (found != formatters.end())
            return found->second.get();
        UErrorCode status = U_ZERO_ERROR;
        const QByteArray localeId = locale.toUtf8();
        Formatter formatter(unum_open(UNUM_CURRENCY, nullptr, 0, localeId.constData(), nullptr, &status));
        if (U_FAILURE(status) || !formatter)
            return nullptr;
        std::array<UChar, 4> code {};
        for (int i = 0; i < 3 && i < currency.size(); ++i)
            code[size_t(i)] = currency.at(i).unicode();
        unum_setTextAttribute(formatter.get(), UNUM_CURRENCY_CODE, code.data(), 3, &status);
        // The digits the catalog stores for this currency, whatever ICU's table says.
        unum_setAttribute(formatter.get(), UNUM_MIN_FRACTION_DIGITS, exponent);
        unum_setAttribute(formatter.get(), UNUM_MAX_FRACTION_DIGITS, exponent);
        if (U_FAILURE(status))
            return nullptr;
        return formatters.emplace(key, std::move(formatter)).first->second.get();
    }

} // namespace

QString moneyLocale()
{
    QMutexLocker lock(&localeMutex);
    return currentLocale.isEmpty() ? QStringLiteral("en_US") : currentLocale;
}

void setMoneyLocale(const QString& locale)
{
    QMutexLocker lock(&localeMutex);
    currentLocale = locale.trimmed();
    currentLocale.replace(QLatin1Char('-'), QLatin1Char('_'));
}

QString formatMoney(qint64 minorUnits, const QString& currency)
{
    return formatMoney(minorUnits, currency, moneyLocale());
}

QString formatMoney(qint64 minorUnits, const QString& currency, const QString& locale)
{
    const QString code = currency.isEmpty() ? QStringLiteral("USD") : currency.trimmed().toUpper();
    QString localeId = locale.isEmpty() ? moneyLocale() : locale.trimmed();
    localeId.replace(QLatin1Char('-'), QLatin1Char('_'));
    const int exponent = currencyExponent(code);
    // The exact decimal number: "1299.00" from 129900 minor units.
    const QString number = moneyToCsv(minorUnits, code);
    UNumberFormat* formatter = code.size() == 3 ? formatterFor(localeId, code, exponent) : nullptr;
    if (formatter) {
        const QByteArray digits = number.toLatin1();
        std::array<UChar, 128> out {};
        UErrorCode status = U_ZERO_ERROR;
        const int32_t length = unum_formatDecimal(
            formatter, digits.constData(), int32_t(digits.size()), out.data(), int32_t(out.size()), nullptr, &status);
        if (U_SUCCESS(status) && length > 0 && length <= int32_t(out.size()))
            return QString(reinterpret_cast<const QChar*>(out.data()), length);
    }
    return number + QLatin1Char(' ') + code; // not a currency code ICU can use: plain, never wrong
}

} // namespace pinstage
