// SPDX-License-Identifier: GPL-2.0-or-later
#include "overlay/CardExtras.h"

#include <QJsonValue>
#include <QUrl>

namespace pinstage {
namespace {

    const QString PromoCodeKey = QStringLiteral("promo_code");
    const QString ShopUrlKey = QStringLiteral("shop_url");

    QString quoted(const QString& value)
    {
        return QLatin1Char('"') + (value.size() > 60 ? value.left(57) + QStringLiteral("...") : value)
            + QLatin1Char('"');
    }

} // namespace

QString CardExtras::blankError(bool promoCode)
{
    return promoCode ? QStringLiteral("the promo code is empty; give one (such as LIVE10), or leave it out for none")
                     : QStringLiteral("the shop URL is empty; give the shop's address (such as "
                                      "https://shop.example.com), or leave it out for no QR code");
}

std::optional<QString> CardExtras::checkPromoCode(const QString& text, QString* error)
{
    const QString code = text.trimmed();
    for (const QChar c : code) {
        if (c.category() == QChar::Other_Control || c == QChar::LineSeparator || c == QChar::ParagraphSeparator) {
            if (error)
                *error = QStringLiteral("%1 has a line break or a control character; a promo code is one line")
                             .arg(quoted(code));
            return std::nullopt;
        }
    }
    if (code.size() > maxPromoCodeLength) {
        if (error)
            *error = QStringLiteral("%1 is %2 characters long; at most %3 fit the card")
                         .arg(quoted(code))
                         .arg(code.size())
                         .arg(maxPromoCodeLength);
        return std::nullopt;
    }
    return code;
}

std::optional<QString> CardExtras::checkShopUrl(const QString& text, QString* error)
{
    const QString given = text.trimmed();
    QString url = given;
    if (url.isEmpty())
        return url;
    // Errors quote what was given ("https://"), not the address with its trailing '/' dropped.
    const auto fail = [&](const QString& why) {
        if (error)
            *error = QStringLiteral("%1 %2").arg(quoted(given), why);
        return std::nullopt;
    };
    if (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    if (url.size() > maxShopUrlLength)
        return fail(QStringLiteral("is %1 characters long; at most %2 keep the QR code readable on a phone")
                        .arg(url.size())
                        .arg(maxShopUrlLength));
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid())
        return fail(QStringLiteral("is not a URL (%1)").arg(parsed.errorString()));
    const QString scheme = parsed.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return fail(QStringLiteral("is not an http:// or https:// address (such as https://shop.example.com)"));
    if (parsed.host().isEmpty())
        return fail(QStringLiteral("has no host name (such as https://shop.example.com)"));
    if (!parsed.userInfo().isEmpty())
        return fail(QStringLiteral("holds a user name or password; viewers would read it in the QR code"));
    if (parsed.hasQuery() || parsed.hasFragment())
        return fail(QStringLiteral("has a '?' or '#' part; give the shop's address only (\"/products/HANDLE\" is "
                                   "added to it)"));
    if (url.contains(QLatin1Char(' ')))
        return fail(QStringLiteral("has a space"));
    return url;
}

QString CardExtras::productUrlFor(const QString& handle, const QString& productUrl) const
{
    if (!productUrl.trimmed().isEmpty())
        return productUrl.trimmed();
    if (shopUrl.isEmpty() || handle.trimmed().isEmpty())
        return {};
    return shopUrl + QStringLiteral("/products/") + QString::fromLatin1(QUrl::toPercentEncoding(handle.trimmed()));
}

void CardExtras::applyTo(CardContent& content, const QString& handle, const QString& productUrl) const
{
    content.promoCode = promoCode;
    content.productUrl = productUrlFor(handle, productUrl);
}

std::optional<CardExtras> CardExtras::fromJson(const QJsonObject& settings, QString* error)
{
    CardExtras extras;
    for (const QString& key : { PromoCodeKey, ShopUrlKey }) {
        const QJsonValue value = settings.value(key);
        if (value.isUndefined() || value.isNull())
            continue;
        const auto fail = [&](const QString& why) {
            if (error)
                *error = QStringLiteral("show setting '%1': %2").arg(key, why);
            return std::nullopt;
        };
        if (!value.isString())
            return fail(QStringLiteral("expected a string"));
        QString why;
        const std::optional<QString> checked
            = key == PromoCodeKey ? checkPromoCode(value.toString(), &why) : checkShopUrl(value.toString(), &why);
        if (!checked)
            return fail(why);
        (key == PromoCodeKey ? extras.promoCode : extras.shopUrl) = *checked;
    }
    return extras;
}

void CardExtras::writeJson(QJsonObject& settings) const
{
    if (promoCode.isEmpty())
        settings.remove(PromoCodeKey);
    else
        settings.insert(PromoCodeKey, promoCode);
    if (shopUrl.isEmpty())
        settings.remove(ShopUrlKey);
    else
        settings.insert(ShopUrlKey, shopUrl);
}

} // namespace pinstage
