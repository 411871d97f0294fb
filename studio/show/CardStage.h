// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "catalog/Catalog.h"
#include "overlay/CountdownPainter.h"

#include <QDateTime>
#include <QObject>
#include <QString>

#include <optional>

namespace pinstage {

/// What the show changes on a card, over the catalog's values (flash sale, live stock).
struct CardOverrides {
    std::optional<int> stock; ///< units left as the show knows them; nullopt: the catalog's
    std::optional<int> soldCount; ///< "N sold"; nullopt: no counter
    bool saleEnded = false; ///< the flash sale ended: the regular price, no compare-at, "Sale ended"
    bool operator==(const CardOverrides&) const = default;
};

/// Puts a product card on the program (the card sources of every scene) or takes it off. Looking
/// the variant up, decoding its photo and painting the card may take tens of milliseconds, so an
/// implementation does them away from the caller's thread; results arrive as signals, in the order
/// of the requests. CatalogCardStage is the real one; unit tests use a fake.
///
/// Thread contract: requests and signals on the main thread.
class CardStage : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    /// Paints the card of the variant whose pin code (SKU, or handle[/option values]) is CODE,
    /// with the prices valid at NOW, and shows it from the next rendered frame. Replaces any card
    /// shown. REQUEST identifies the request in the answer.
    virtual void stage(quint64 request, const QString& code, const QDateTime& now) = 0;
    /// Shows no card from the next rendered frame.
    virtual void clear() = 0;
    /// stage() with the show's OVERRIDES applied. The default ignores them (fakes that do not care).
    virtual void stageWith(quint64 request, const QString& code, const QDateTime& now, const CardOverrides& overrides)
    {
        Q_UNUSED(overrides);
        stage(request, code, now);
    }
    /// Paints the card of CODE ahead of its pin, off air, so that stage() of it later shows a card
    /// already painted (its photo scaled, its text shaped) instead of paying that on the pin: the run
    /// of show calls it for Next up. The card is painted with the prices valid now, the current
    /// style and extras and no overrides (a later stage with other overrides repaints only the text).
    /// Nothing is shown and nothing is emitted; an unknown CODE is ignored here (stage() reports it).
    /// The default does nothing (fakes that do not paint).
    virtual void prepare(const QString& code) { Q_UNUSED(code); }
    /// Shows FACE as the countdown over the card (a patch: the card is not repainted); nullopt
    /// removes it. Kept over later stagings until removed or clear().
    virtual void setCountdown(const std::optional<CountdownPainter::Face>& face) { Q_UNUSED(face); }
    /// Shows TEXT in the announcement bar (SCROLLING: moving); an empty TEXT clears the bar.
    virtual void setAnnouncement(const QString& text, bool scrolling)
    {
        Q_UNUSED(text);
        Q_UNUSED(scrolling);
    }

signals:
    /// The card for REQUEST is in the picture. PRICE is the price text it shows.
    void staged(quint64 request, const pinstage::VariantRow& variant, const QString& price);
    /// REQUEST could not be shown (unknown code, unreadable catalog); what was shown is unchanged.
    void failed(quint64 request, const QString& code, const QString& error);
};

} // namespace pinstage
