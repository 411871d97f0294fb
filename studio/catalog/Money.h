// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace pinstage {

/// Digits after the decimal point for an ISO 4217 currency: 0 for JPY, KRW and a few others,
/// 2 otherwise. Amounts are stored in these minor units.
int currencyExponent(const QString& currency);

/// Reads a price as shops and spreadsheets write it: "24.99", "24,99", "$1,234.50", "1.234,50 €",
/// "  12 ". The decimal separator is the last '.' or ',' followed by 1 or 2 digits (3 digits mean
/// a thousands separator: "1,234" is 1234). Returns nullopt for text that is not a price,
/// including negative amounts and more decimals than the currency has.
std::optional<qint64> parseMoney(const QString& text, const QString& currency);

/// The plain decimal form written into exported CSV files ("24.99", "2499" for JPY).
QString moneyToCsv(qint64 minorUnits, const QString& currency);

/// A price as the buyer reads it, in CURRENCY (ISO 4217; empty means USD) written the way LOCALE
/// writes money (an ICU/BCP 47 locale name, "de_DE" or "de-DE"; empty means moneyLocale()), through
/// ICU: `$25.00` (en_US, USD), `25,00 €` (de_DE, EUR), `1.299,00 €` (de_DE), `¥2,500` (en_US, JPY),
/// `€29.90` (en_US, EUR). MINORUNITS are in the currency's minor units (currencyExponent(), the
/// same digits the catalog stores), printed exactly (no floating point).
///
/// Spaces: the text is ICU's, unchanged, so a symbol after the number is joined by a no-break space
/// (U+00A0, "25,00\u00A0€") and some locales group thousands with U+202F: the card shows them as
/// they are, and they keep the amount on one line. An unknown locale falls back to ICU's root
/// ("€ 29.90"-style); an unknown currency code is printed as its code. Any thread.
QString formatMoney(qint64 minorUnits, const QString& currency, const QString& locale);
/// formatMoney() in moneyLocale().
QString formatMoney(qint64 minorUnits, const QString& currency);

/// The locale prices are written in when none is given: the show's locale set with setMoneyLocale(),
/// en_US until then (never the machine's LANG, so a card and a test look the same on every machine).
QString moneyLocale();
/// Sets moneyLocale() for the whole process ("de_DE"); empty restores en_US. Any thread.
void setMoneyLocale(const QString& locale);

} // namespace pinstage
