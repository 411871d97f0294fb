// SPDX-License-Identifier: GPL-2.0-or-later
#include "docks/CatalogPanel.h"

#include "components/CardPlace.h"
#include "components/VariantDelegate.h"
#include "models/VariantListModel.h"
#include "show/ShowController.h"
#include "util/Clock.h"
#include "utility/ThumbnailCache.h"

#include <QAction>
#include <QBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QPushButton>
#include <QShortcut>
#include <QStyle>

namespace pinstage {

CatalogPanel::CatalogPanel(Catalog& catalog, ShowController& pins, QWidget* parent)
    : QWidget(parent)
    , m_catalog(catalog)
    , m_pins(pins)
    , m_thumbnails(new ThumbnailCache(QSize(48, 48) * devicePixelRatioF(), this))
    , m_model(new VariantListModel(catalog, this))
    , m_delegate(new VariantDelegate(*m_thumbnails, this))
    , m_onAirLabel(new QLabel(this))
    , m_search(new QLineEdit(this))
    , m_countLabel(new QLabel(this))
    , m_list(new QListView(this))
    , m_pinButton(new QPushButton(this))
    , m_importButton(new QPushButton(tr("Import CSV…"), this))
{
    setObjectName(QStringLiteral("catalogPanel"));

    m_onAirLabel->setObjectName(QStringLiteral("onAirLabel"));
    m_onAirLabel->setTextFormat(Qt::PlainText);
    m_onAirLabel->setWordWrap(false);
    m_onAirLabel->setMinimumHeight(36);

    m_search->setObjectName(QStringLiteral("catalogSearch"));
    m_search->setPlaceholderText(tr("Search or scan a barcode…"));
    m_search->setClearButtonEnabled(true);
    m_search->installEventFilter(this);

    m_countLabel->setObjectName(QStringLiteral("catalogCount"));

    m_list->setObjectName(QStringLiteral("catalogList"));
    m_list->setModel(m_model);
    m_list->setItemDelegate(m_delegate);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setUniformItemSizes(true); // 100,000 rows: the view never measures them one by one
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_list->setMouseTracking(true);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setToolTip(QString());
    m_list->setDragEnabled(true); // to the queue panel
    m_list->setDragDropMode(QAbstractItemView::DragOnly);
    m_list->installEventFilter(this);

    m_pinButton->setObjectName(QStringLiteral("pinButton"));
    m_pinButton->setMinimumHeight(40);
    m_importButton->setObjectName(QStringLiteral("importButton"));
    m_importButton->setToolTip(tr("Import or refresh products from a Shopify, WooCommerce or spreadsheet CSV"));

    auto* buttons = new QHBoxLayout;
    buttons->setSpacing(8);
    buttons->addWidget(m_pinButton, 1);
    buttons->addWidget(m_importButton);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 10, 10, 10);
    layout->setSpacing(8);
    layout->addWidget(m_onAirLabel);
    layout->addWidget(m_search);
    layout->addWidget(m_countLabel);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);

    m_searchTimer.setSingleShot(true);
    m_searchTimer.setInterval(60); // a scanner types a whole code in a few ms: search once
    connect(&m_searchTimer, &QTimer::timeout, this, &CatalogPanel::applySearch);
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_searchTimer.start(); });
    connect(m_search, &QLineEdit::returnPressed, this, &CatalogPanel::onSearchReturn);

    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this, &CatalogPanel::updatePinButton);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        updateCount();
        updatePinButton();
    });
    connect(m_list, &QListView::doubleClicked, this, [this](const QModelIndex& index) {
        m_list->setCurrentIndex(index);
        if (const auto selected = selectedVariant())
            takeVariant(*selected);
    });
    connect(m_pinButton, &QPushButton::clicked, this, &CatalogPanel::togglePinSelected);
    connect(m_importButton, &QPushButton::clicked, this, &CatalogPanel::importRequested);
    connect(m_thumbnails, &ThumbnailCache::thumbnailReady, m_list->viewport(), qOverload<>(&QWidget::update));
    connect(&m_pins, &ShowController::cardChanged, this,
        [this](const std::optional<VariantRow>& variant) { onPinnedChanged(variant); });

    auto* find = new QShortcut(QKeySequence::Find, this, this, &CatalogPanel::focusSearch, Qt::WindowShortcut);
    Q_UNUSED(find);

    onPinnedChanged(m_pins.card());
    updateCount();
    updateSearchTip();
}

CatalogPanel::~CatalogPanel() = default;

std::optional<VariantRow> CatalogPanel::selectedVariant() const
{
    const QModelIndex current = m_list->currentIndex();
    if (!current.isValid())
        return std::nullopt;
    return m_model->variantAt(current.row());
}

void CatalogPanel::reloadCatalog()
{
    const auto selected = selectedVariant();
    m_model->reload();
    if (selected)
        selectVariantId(selected->variantId);
}

void CatalogPanel::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void CatalogPanel::togglePinSelected()
{
    const auto selected = selectedVariant();
    const auto& pinned = m_pins.card();
    if (pinned && (!selected || selected->sku == pinned->sku))
        unpin();
    else
        pinSelected();
}

void CatalogPanel::pinSelected()
{
    if (const auto selected = selectedVariant())
        m_pins.pin(codeOf(*selected));
}

void CatalogPanel::unpin()
{
    if (m_pins.card())
        m_pins.unpin();
}

bool CatalogPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    auto* key = static_cast<QKeyEvent*>(event);
    if (watched == m_list) {
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            if (const auto selected = selectedVariant())
                takeVariant(*selected);
            return true;
        }
        if (key->key() == Qt::Key_Escape) {
            unpin();
            return true;
        }
        // Typing in the list goes to the search box.
        if (!key->text().isEmpty() && key->text().at(0).isPrint() && key->modifiers() == Qt::NoModifier) {
            m_search->setFocus();
            m_search->insert(key->text());
            return true;
        }
    } else if (watched == m_search) {
        if (key->key() == Qt::Key_Escape) {
            if (!m_search->text().isEmpty())
                m_search->clear();
            else
                unpin();
            return true;
        }
        if (key->key() == Qt::Key_Down || key->key() == Qt::Key_PageDown) {
            m_list->setFocus();
            if (!m_list->currentIndex().isValid() && m_model->rowCount() > 0)
                m_list->setCurrentIndex(m_model->index(0));
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void CatalogPanel::applySearch()
{
    m_searchTimer.stop();
    const auto selected = selectedVariant();
    m_model->setQuery(m_search->text());
    if (selected)
        selectVariantId(selected->variantId);
}

void CatalogPanel::onSearchReturn()
{
    applySearch();
    const QString code = m_search->text().trimmed();
    if (code.isEmpty())
        return;
    if (const auto exact = m_catalog.variantByPinCode(code)) {
        takeVariant(*exact);
        selectVariantId(exact->variantId);
        m_search->selectAll(); // the next scan replaces the code
        return;
    }
    if (m_model->rowCount() == 1) {
        m_list->setCurrentIndex(m_model->index(0));
        if (const auto selected = selectedVariant())
            takeVariant(*selected);
        m_search->selectAll();
        return;
    }
    if (m_model->rowCount() == 0) {
        emit notice(tr("No product matches “%1”.").arg(code));
        m_search->selectAll();
        return;
    }
    m_list->setFocus(Qt::OtherFocusReason);
    if (!m_list->currentIndex().isValid())
        m_list->setCurrentIndex(m_model->index(0));
}

void CatalogPanel::onPinnedChanged(const std::optional<VariantRow>& variant)
{
    m_delegate->setPinnedSku(variant ? variant->pinCode : QString());
    // The row's badge says what the header says: ON AIR only while viewers see the card.
    m_delegate->setPinnedOnAir(variant && cardPlace(m_pins).onAir);
    m_list->viewport()->update();
    if (variant) {
        QString text = variant->productTitle;
        if (!variant->variantTitle.isEmpty())
            text += QStringLiteral(" · ") + variant->variantTitle;
        // On air only while viewers see it; otherwise it waits in the preview.
        const CardPlace place = cardPlace(m_pins);
        m_onAirLabel->setText(
            tr("%1   %2   %3")
                .arg(place.word, text, formatMoney(variant->priceCentsAt(Clock::system().now()), variant->currency)));
        m_onAirLabel->setToolTip(place.toolTip);
        m_onAirLabel->setProperty("onAir", place.onAir);
    } else {
        m_onAirLabel->setText(tr("Nothing on air: pick a product and press Enter"));
        m_onAirLabel->setProperty("onAir", false);
    }
    m_onAirLabel->style()->unpolish(m_onAirLabel);
    m_onAirLabel->style()->polish(m_onAirLabel);
    updatePinButton();
}

void CatalogPanel::setEnterAction(EnterAction action)
{
    m_enterAction = action;
    updateSearchTip();
}

void CatalogPanel::takeVariant(const VariantRow& variant)
{
    if (m_enterAction == EnterAction::AddToQueue)
        emit queueRequested(codeOf(variant));
    else
        m_pins.pin(codeOf(variant));
}

void CatalogPanel::updateSearchTip()
{
    const bool queue = m_enterAction == EnterAction::AddToQueue;
    m_search->setToolTip(queue ? tr("Search by title, SKU, vendor or tag as you type (Ctrl+F).\n"
                                    "Enter: add an exact SKU/barcode match to the queue (barcode scanners type "
                                    "code + Enter).\nEsc: clear the search; in an empty box, take the card off air.")
                               : tr("Search by title, SKU, vendor or tag as you type (Ctrl+F).\n"
                                    "Enter: pin an exact SKU/barcode match at once (barcode scanners type code + "
                                    "Enter).\nEsc: clear the search; in an empty box, take the card off air."));
    m_list->setWhatsThis(queue ? tr("Enter or double-click: add the product to the queue (Take puts it on air). "
                                    "Drag it to the queue. Esc: take the card off air.")
                               : tr("Enter or double-click: pin the product at once. Esc: take the card off air."));
}

QString CatalogPanel::codeOf(const VariantRow& variant)
{
    return variant.pinCode.isEmpty() ? variant.sku : variant.pinCode;
}

void CatalogPanel::updatePinButton()
{
    const auto selected = selectedVariant();
    const auto& pinned = m_pins.card();
    const bool unpinMode = pinned && (!selected || selected->sku == pinned->sku);
    if (unpinMode) {
        m_pinButton->setText(tr("Unpin"));
        m_pinButton->setToolTip(tr("Take the card off air (Esc in the list)"));
        m_pinButton->setEnabled(true);
    } else {
        m_pinButton->setText(pinned ? tr("Pin instead") : tr("Pin"));
        m_pinButton->setToolTip(m_enterAction == EnterAction::PinAtOnce
                ? tr("Put the selected product's card on air (Enter or double-click in the list)")
                : tr("Put the selected product's card on air at once, past the queue"));
        m_pinButton->setEnabled(selected.has_value());
    }
    if (m_pinButton->property("unpin").toBool() != unpinMode) {
        m_pinButton->setProperty("unpin", unpinMode);
        m_pinButton->style()->unpolish(m_pinButton);
        m_pinButton->style()->polish(m_pinButton);
    }
}

void CatalogPanel::updateCount()
{
    const int rows = m_model->rowCount();
    const QLocale locale;
    if (m_model->query().isEmpty())
        m_countLabel->setText(tr("%1 variants").arg(locale.toString(rows)));
    else if (rows >= VariantListModel::SearchLimit)
        m_countLabel->setText(tr("%1+ matches: type more to narrow").arg(locale.toString(rows)));
    else
        m_countLabel->setText(rows == 1 ? tr("1 match") : tr("%1 matches").arg(locale.toString(rows)));
}

void CatalogPanel::selectVariantId(qint64 variantId)
{
    const int row = m_model->rowOfVariantId(variantId);
    if (row < 0)
        return;
    const QModelIndex index = m_model->index(row);
    m_list->setCurrentIndex(index);
    m_list->scrollTo(index);
}

} // namespace pinstage
