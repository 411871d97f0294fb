// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "catalog/Catalog.h"
#include "overlay/CardContent.h"
#include "show/CardStage.h"

namespace pinstage {

/// How a catalog variant becomes a product card: the card's texts, prices and photo.
///
/// Thread contract: any thread (it reads the variant's photo file; no shared state).
class PinController {
public:
    /// The card a variant makes at NOW (the prices valid then: a scheduled sale counts only inside
    /// its dates), its photo loaded from the catalog's local image file (a missing or broken file
    /// gives the card's placeholder).
    static CardContent cardFor(const VariantRow& variant, const QDateTime& now);
    /// The same with the show's OVERRIDES (see CardOverrides): live stock, "N sold", and after a
    /// flash sale the regular price (the compare-at price when the shop has a sale price, else the
    /// price) with no compare-at and the banner "Sale ended".
    static CardContent cardFor(const VariantRow& variant, const QDateTime& now, const CardOverrides& overrides);
};

} // namespace pinstage
