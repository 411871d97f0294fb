// SPDX-License-Identifier: GPL-2.0-or-later
// Prices as buyers read them: the product's currency in the show's locale, through ICU.
#include "catalog/Catalog.h"
#include "catalog/Money.h"

#include <QTest>

using namespace pinstage;

class tst_Money : public QObject {
    Q_OBJECT

private slots:
    void cleanup() { setMoneyLocale(QString()); }

    void formatsInTheLocale_data()
    {
        QTest::addColumn<qint64>("minorUnits");
        QTest::addColumn<QString>("currency");
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("expected");
        // ICU joins a trailing symbol with a no-break space (U+00A0): the card shows it as it is.
        const QString nbsp(QChar(0x00A0));
        QTest::newRow("USD en_US") << qint64(2500) << "USD"
                                   << "en_US"
                                   << "$25.00";
        QTest::newRow("EUR de_DE") << qint64(2500) << "EUR"
                                   << "de_DE" << QStringLiteral("25,00") + nbsp + "€";
        QTest::newRow("JPY en_US") << qint64(2500) << "JPY"
                                   << "en_US"
                                   << "¥2,500";
        QTest::newRow("EUR de_DE thousands") << qint64(129900) << "EUR"
                                             << "de_DE" << QStringLiteral("1.299,00") + nbsp + "€";
        // Japanese writes the yen sign full width (CLDR): U+FFE5.
        QTest::newRow("JPY ja_JP") << qint64(2500) << "JPY"
                                   << "ja_JP" << QStringLiteral("\uFFE52,500");
        QTest::newRow("EUR en_US") << qint64(2990) << "EUR"
                                   << "en_US"
                                   << "€29.90";
        QTest::newRow("GBP en_GB") << qint64(1999) << "GBP"
                                   << "en_GB"
                                   << "£19.99";
        QTest::newRow("BCP 47 tag") << qint64(2500) << "EUR"
                                    << "de-DE" << QStringLiteral("25,00") + nbsp + "€";
        QTest::newRow("lower-case code") << qint64(950) << "usd"
                                         << "en_US"
                                         << "$9.50";
        QTest::newRow("no currency: USD") << qint64(950) << ""
                                          << "en_US"
                                          << "$9.50";
        QTest::newRow("large") << qint64(123456789) << "USD"
                               << "en_US"
                               << "$1,234,567.89";
        QTest::newRow("not a code") << qint64(950) << "DOLLARS"
                                    << "en_US"
                                    << "9.50 DOLLARS";
    }
    void formatsInTheLocale()
    {
        QFETCH(qint64, minorUnits);
        QFETCH(QString, currency);
        QFETCH(QString, locale);
        QFETCH(QString, expected);
        QCOMPARE(formatMoney(minorUnits, currency, locale), expected);
    }

    void defaultLocaleIsTheShowsThenEnUs()
    {
        QCOMPARE(moneyLocale(), QStringLiteral("en_US"));
        QCOMPARE(formatMoney(2500, QStringLiteral("USD")), QStringLiteral("$25.00"));
        QCOMPARE(formatMoney(2500, QStringLiteral("EUR")), QStringLiteral("€25.00"));
        setMoneyLocale(QStringLiteral("de-DE"));
        QCOMPARE(moneyLocale(), QStringLiteral("de_DE"));
        QCOMPARE(formatMoney(2500, QStringLiteral("EUR")), QStringLiteral("25,00\u00A0€"));
        QCOMPARE(formatMoney(2500, QStringLiteral("EUR"), QString()), QStringLiteral("25,00\u00A0€"));
        setMoneyLocale(QString());
        QCOMPARE(formatMoney(2500, QStringLiteral("EUR")), QStringLiteral("€25.00"));
    }

    void exactForLargeAmounts()
    {
        // No floating point on the way: the 17th digit is kept.
        QCOMPARE(formatMoney(Q_INT64_C(12345678901234567), QStringLiteral("USD"), QStringLiteral("en_US")),
            QStringLiteral("$123,456,789,012,345.67"));
    }
};

QTEST_GUILESS_MAIN(tst_Money)
#include "tst_money.moc"
