// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "overlay/CardContent.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace pinstage {

/// What the seller adds to every card of a show: a promo code and the shop's address, from which
/// each card's QR code of the product page is made. A plain value; empty fields show nothing.
///
/// Set from the settings file (`[card] promo_code`, `[card] shop_url`), the command line
/// (`--promo-code TEXT`, `--shop-url URL`), a show's settings JSON (`"promo_code"`, `"shop_url"`) or the
/// card style dialog, always through the checks below, and applied by the card stage to the card
/// content PinController builds (Studio::setCardExtras).
///
/// Thread contract: a value type; any thread.
struct CardExtras {
    /// The longest promo code (characters): what fits the card's "CODE …" pill at every template.
    static constexpr int maxPromoCodeLength = 24;
    /// The longest shop URL (characters): with a product handle it must stay a QR code a phone reads
    /// from a card on a phone screen (about 45 modules at most).
    static constexpr int maxShopUrlLength = 100;

    QString promoCode; ///< `promo_code`: shown as "CODE LIVE10"; empty: none
    QString shopUrl; ///< `shop_url`: http(s)://HOST[/PATH], no query, no trailing '/'; empty: no QR code

    /// TEXT as a promo code (trimmed): at most maxPromoCodeLength characters, no line breaks or
    /// control characters. An empty TEXT is valid (no promo code). Nullopt with *error saying why
    /// (the caller prefixes the flag, key or field).
    static std::optional<QString> checkPromoCode(const QString& text, QString* error);
    /// TEXT as a shop URL (trimmed, one trailing '/' dropped): http or https, a host, no user name or
    /// password, no query or fragment, at most maxShopUrlLength characters. Empty is valid (no QR).
    static std::optional<QString> checkShopUrl(const QString& text, QString* error);

    /// Why a flag or a settings line that names a promo code (PROMOCODE) or a shop URL but gives an
    /// empty or blank value is refused (without the flag or key: the caller prefixes it). Leaving the
    /// flag or line out means none; the checks above take an empty text as none (the card style
    /// dialog's empty field, a show's settings clearing the studio's).
    static QString blankError(bool promoCode);

    /// The product page the QR code encodes: PRODUCTURL when the catalog stores one, else
    /// shopUrl + "/products/" + HANDLE (percent-encoded); empty when neither is known.
    QString productUrlFor(const QString& handle, const QString& productUrl = {}) const;
    /// Sets CONTENT's promo code and product URL (see productUrlFor).
    void applyTo(CardContent& content, const QString& handle, const QString& productUrl = {}) const;

    /// Reads "promo_code" and "shop_url" from a show's settings (absent keys: empty). Nullopt with
    /// *error naming the key ("show setting 'shop_url': …") on a bad value.
    static std::optional<CardExtras> fromJson(const QJsonObject& settings, QString* error);
    /// Writes "promo_code" and "shop_url" into SETTINGS (removed when empty).
    void writeJson(QJsonObject& settings) const;

    bool isEmpty() const { return promoCode.isEmpty() && shopUrl.isEmpty(); }
    bool operator==(const CardExtras& other) const = default;
};

} // namespace pinstage
