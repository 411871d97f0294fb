// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "overlay/CardExtras.h"
#include "overlay/CardTemplate.h"
#include "overlay/CardTheme.h"
#include "show/CardStage.h"

#include <QRect>

#include <QThread>

namespace pinstage {

class AnnouncementLayer;
class CardStageWorker;
class ProductCardLayer;

/// The real card stage: a worker thread with its own connection to the catalog looks the code
/// up, decodes the photo and paints the card, then hands the pixels to the card layer (a short
/// lock; the graphics thread uploads them at its next render). The UI thread only posts requests.
///
/// Thread contract: construct, call and destroy on the main thread; LAYER must outlive this
/// object and is used only from the worker thread after construction; so is ANNOUNCEMENTS (may be null:
/// announcements are then ignored). Countdown faces and the announcement bar are painted on the
/// worker too, never on the caller's or the graphics thread. The destructor stops the
/// worker (waiting for at most the request being painted, a few ms).
class CatalogCardStage final : public CardStage {
    Q_OBJECT
public:
    CatalogCardStage(const QString& catalogPath, ProductCardLayer& layer, AnnouncementLayer* announcements = nullptr,
        QObject* parent = nullptr);
    ~CatalogCardStage() override;

    void stage(quint64 request, const QString& code, const QDateTime& now) override;
    void clear() override;
    void stageWith(quint64 request, const QString& code, const QDateTime& now, const CardOverrides& overrides) override;
    void setCountdown(const std::optional<CountdownPainter::Face>& face) override;
    void setAnnouncement(const QString& text, bool scrolling) override;
    /// Paints CODE's card on the worker, off air (CardStage::prepare): its pin then shows a card
    /// already painted.
    void prepare(const QString& code) override;
    /// The promo code and shop URL applied to every card from the next staging (and to the card on
    /// air at once), on the worker in order with the stagings.
    void setExtras(const CardExtras& extras);
    /// The card's template, theme and safe area (ProductCardLayer::setStyle), applied on the
    /// worker in order with the stagings: the card on air is repainted in the new style.
    void setStyle(const CardTemplate& cardTemplate, const CardTheme& theme, QRect safeArea);
    /// The card layer of the second (horizontal) canvas, issue 11 (null: none): from then on every card,
    /// countdown and style goes to it too, painted for its canvas, on the worker in order with the
    /// stagings; the card on air appears on it at once. LAYER must outlive this object.
    /// ANNOUNCEMENTS (may be null) is that canvas's announcement bar: from then on every announcement
    /// goes to it too (scrolling only when the line also does not fit its bar); the line shown appears
    /// on it at once. It must outlive this object. Main thread; after this call both layers are painted
    /// on the card worker thread, so no other thread may paint them.
    void setSecondLayer(ProductCardLayer* layer, AnnouncementLayer* announcements = nullptr);

private:
    QThread m_thread;
    CardStageWorker* m_worker; // lives on m_thread; deleted when the thread finishes
};

} // namespace pinstage
