// SPDX-License-Identifier: GPL-2.0-or-later
#include "show/CatalogCardStage.h"

#include "overlay/AnnouncementLayer.h"
#include "overlay/AnnouncementPainter.h"
#include "overlay/ProductCardLayer.h"
#include "show/PinController.h"

#include <QMetaObject>

#include <memory>

namespace pinstage {

/// Runs on the stage's thread: owns that thread's catalog connection and every call to the layer.
class CardStageWorker : public QObject {
public:
    CardStageWorker(QString catalogPath, ProductCardLayer& layer, AnnouncementLayer* announcements)
        : m_path(std::move(catalogPath))
        , m_layer(layer)
        , m_announcements(announcements)
    {
    }

    bool openCatalog(QString* error)
    {
        if (!m_catalog)
            m_catalog = Catalog::open(m_path, error);
        return m_catalog != nullptr;
    }

    /// The card the layer shows for VARIANT: PinController's content with the show's extras.
    CardContent contentFor(const VariantRow& variant, const QDateTime& now, const CardOverrides& overrides) const
    {
        CardContent card = PinController::cardFor(variant, now, overrides);
        m_extras.applyTo(card, variant.handle);
        return card;
    }

    void prepare(const QString& code)
    {
        QString error;
        if (!openCatalog(&error))
            return; // stage() reports it
        if (const std::optional<VariantRow> variant = m_catalog->variantByPinCode(code))
            m_layer.prepare(contentFor(*variant, QDateTime::currentDateTimeUtc(), {}));
    }

    void setExtras(const CardExtras& extras)
    {
        if (extras == m_extras)
            return;
        m_extras = extras;
        if (const std::optional<CardContent>& current = m_layer.current()) {
            CardContent card = *current;
            m_extras.applyTo(card, m_onAirHandle);
            m_layer.show(card);
            if (m_second)
                m_second->show(card);
        }
    }

    void stage(CatalogCardStage* stage, quint64 request, const QString& code, const QDateTime& now,
        const CardOverrides& overrides)
    {
        QString error;
        if (!openCatalog(&error)) {
            fail(stage, request, code, error);
            return;
        }
        const std::optional<VariantRow> variant = m_catalog->variantByPinCode(code);
        if (!variant) {
            fail(stage, request, code,
                QStringLiteral("unknown code '%1': no variant in the catalog %2 has it as its SKU, barcode or pin code")
                    .arg(code, m_path));
            return;
        }
        const CardContent card = contentFor(*variant, now, overrides);
        m_layer.show(card);
        if (m_second)
            m_second->show(card);
        m_onAirHandle = variant->handle;
        QMetaObject::invokeMethod(
            stage, [stage, request, v = *variant, price = card.price] { emit stage->staged(request, v, price); },
            Qt::QueuedConnection);
    }

    void clear()
    {
        m_layer.hide();
        m_countdown.reset();
        if (m_second)
            m_second->hide();
    }

    /// The card layer of the second canvas (issue 11; null: none): from now on it shows what LAYER
    /// shows, painted for its canvas, in the same template and theme (without the safe area, which is
    /// in the program's pixels). The card on air (and its countdown) appears on it at once.
    void setSecondLayer(ProductCardLayer* second, AnnouncementLayer* announcements)
    {
        if (m_secondAnnouncements != announcements) {
            if (m_secondAnnouncements)
                m_secondAnnouncements->hide();
            m_secondAnnouncements = announcements;
            if (m_secondAnnouncements && m_announcements && m_announcements->isShowing())
                showSecondAnnouncement(m_announcements->text(), m_announcements->scrolling());
        }
        if (m_second == second)
            return;
        if (m_second)
            m_second->hide();
        m_second = second;
        if (!m_second)
            return;
        m_second->setStyle(m_layer.cardTemplate(), m_layer.theme(), QRect());
        if (const std::optional<CardContent>& current = m_layer.current())
            m_second->show(*current);
        if (m_countdown)
            m_second->showCountdown(*m_countdown);
    }

    /// One step of the layer's warm-up, then the next one queued behind whatever came meanwhile (a pin
    /// waits for one step at most).
    void warmUp()
    {
        if (!m_layer.warmUp())
            QMetaObject::invokeMethod(
                this, [this] { warmUp(); }, Qt::QueuedConnection);
    }

    void setStyle(const CardTemplate& cardTemplate, const CardTheme& theme, QRect safeArea)
    {
        m_layer.setStyle(cardTemplate, theme, safeArea);
        if (m_second)
            m_second->setStyle(cardTemplate, theme, QRect());
    }

    void setCountdown(const std::optional<CountdownPainter::Face>& face)
    {
        if (face)
            m_layer.showCountdown(*face);
        else
            m_layer.hideCountdown();
        m_countdown = face;
        if (m_second && face)
            m_second->showCountdown(*face);
        else if (m_second)
            m_second->hideCountdown();
    }

    void setAnnouncement(const QString& text, bool scrolling)
    {
        if (!m_announcements)
            return;
        if (text.isEmpty())
            m_announcements->hide();
        else
            m_announcements->show(text, scrolling);
        if (m_secondAnnouncements && text.isEmpty())
            m_secondAnnouncements->hide();
        else if (m_secondAnnouncements)
            showSecondAnnouncement(text, scrolling);
    }

    /// The second canvas's bar: the same line, scrolling only when it does not fit that (wider) bar either.
    void showSecondAnnouncement(const QString& text, bool scrolling)
    {
        m_secondAnnouncements->show(
            text, scrolling && !AnnouncementPainter::fits(text, m_secondAnnouncements->canvas()));
    }

private:
    static void fail(CatalogCardStage* stage, quint64 request, const QString& code, const QString& error)
    {
        QMetaObject::invokeMethod(
            stage, [stage, request, code, error] { emit stage->failed(request, code, error); }, Qt::QueuedConnection);
    }

    QString m_path;
    ProductCardLayer& m_layer;
    AnnouncementLayer* m_announcements;
    std::unique_ptr<Catalog> m_catalog;
    CardExtras m_extras;
    QString m_onAirHandle; // the handle of the card last staged (its product URL when the extras change)
    ProductCardLayer* m_second = nullptr; // the second canvas's card (issue 11); null: none
    AnnouncementLayer* m_secondAnnouncements = nullptr; // the second canvas's announcement bar; null: none
    std::optional<CountdownPainter::Face> m_countdown; // the countdown shown, for a second layer attached later
};

CatalogCardStage::CatalogCardStage(
    const QString& catalogPath, ProductCardLayer& layer, AnnouncementLayer* announcements, QObject* parent)
    : CardStage(parent)
    , m_worker(new CardStageWorker(catalogPath, layer, announcements))
{
    m_thread.setObjectName(QStringLiteral("Pinstage card stage"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
    CardStageWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker] { worker->warmUp(); }, Qt::QueuedConnection);
}

CatalogCardStage::~CatalogCardStage()
{
    m_thread.quit();
    m_thread.wait();
}

void CatalogCardStage::stage(quint64 request, const QString& code, const QDateTime& now)
{
    stageWith(request, code, now, {});
}

void CatalogCardStage::stageWith(
    quint64 request, const QString& code, const QDateTime& now, const CardOverrides& overrides)
{
    CardStageWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker,
        [worker, self = this, request, code, now, overrides] { worker->stage(self, request, code, now, overrides); },
        Qt::QueuedConnection);
}

void CatalogCardStage::setCountdown(const std::optional<CountdownPainter::Face>& face)
{
    CardStageWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, face] { worker->setCountdown(face); }, Qt::QueuedConnection);
}

void CatalogCardStage::setStyle(const CardTemplate& cardTemplate, const CardTheme& theme, QRect safeArea)
{
    CardStageWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, cardTemplate, theme, safeArea] { worker->setStyle(cardTemplate, theme, safeArea); },
        Qt::QueuedConnection);
}

void CatalogCardStage::setAnnouncement(const QString& text, bool scrolling)
{
    CardStageWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, text, scrolling] { worker->setAnnouncement(text, scrolling); }, Qt::QueuedConnection);
}

void CatalogCardStage::prepare(const QString& code)
{
    CardStageWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, code] { worker->prepare(code); }, Qt::QueuedConnection);
}

void CatalogCardStage::setSecondLayer(ProductCardLayer* layer, AnnouncementLayer* announcements)
{
    CardStageWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, layer, announcements] { worker->setSecondLayer(layer, announcements); }, Qt::QueuedConnection);
}

void CatalogCardStage::setExtras(const CardExtras& extras)
{
    CardStageWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, extras] { worker->setExtras(extras); }, Qt::QueuedConnection);
}

void CatalogCardStage::clear()
{
    CardStageWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker] { worker->clear(); }, Qt::QueuedConnection);
}

} // namespace pinstage
