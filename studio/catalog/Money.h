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

} // namespace pinstage
