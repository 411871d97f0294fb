// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "catalog/Catalog.h"
#include "settings/Settings.h"

#include <QTimer>
#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QListView;
class QPushButton;

namespace pinstage {

class ShowController;
class ThumbnailCache;
class VariantDelegate;
class VariantListModel;

/// The catalog where the producer finds the next product and queues it or puts it on air.
///
/// Keyboard (the producer lives on it): Ctrl+F focuses the search; typing searches at once; Enter
/// in the search takes an exact SKU/barcode match (a USB scanner types the code and Enter), else
/// the only result, else moves to the list; Enter or a double-click in the list takes the selected
/// row; Esc in the list (or in an empty search box) takes the card off air. What "takes" means is
/// the seller's deliberate choice (enterAction()): add the card to the run of show's queue
/// (queueRequested(), the default) or pin it at once. The Pin button always pins at once, and rows
/// drag out (VariantListModel's pin codes) to the queue panel.
///
/// Thread contract: main thread. The catalog and pin controller must outlive the panel.
class CatalogPanel : public QWidget {
    Q_OBJECT
public:
    CatalogPanel(Catalog& catalog, ShowController& show, QWidget* parent = nullptr);
    ~CatalogPanel() override;

    VariantListModel* model() const { return m_model; }
    QListView* listView() const { return m_list; }
    QLineEdit* searchBox() const { return m_search; }
    QPushButton* pinButton() const { return m_pinButton; }

    /// What Enter / a double-click / a scan does; default AddToQueue (Settings::catalogEnterAction).
    using EnterAction = Settings::CatalogEnterAction;
    EnterAction enterAction() const { return m_enterAction; }
    void setEnterAction(EnterAction action);

    /// The variant of the current row, if any.
    std::optional<VariantRow> selectedVariant() const;
    /// Re-reads the catalog (after an import), keeping the search.
    void reloadCatalog();

public slots:
    void focusSearch();
    /// Pins the selected row, or unpins when the selected row is the one on air.
    void togglePinSelected();
    void pinSelected();
    void unpin();

signals:
    void importRequested();
    /// Enter, a double-click or a scan asked to add CODE (a pin code) to the queue (AddToQueue).
    void queueRequested(const QString& code);
    /// Something the producer should know (an unknown code was scanned); shown without a modal.
    void notice(const QString& message);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void applySearch();
    void onSearchReturn();
    void onPinnedChanged(const std::optional<VariantRow>& variant);
    /// The pin code the controller is asked for.
    static QString codeOf(const VariantRow& variant);
    void updatePinButton();
    void updateCount();
    /// Enter / double-click / scan on VARIANT: queue or pin, as the seller chose.
    void takeVariant(const VariantRow& variant);
    void updateSearchTip();
    void selectVariantId(qint64 variantId);

    Catalog& m_catalog;
    ShowController& m_pins;
    ThumbnailCache* m_thumbnails;
    VariantListModel* m_model;
    VariantDelegate* m_delegate;
    QLabel* m_onAirLabel;
    QLineEdit* m_search;
    QLabel* m_countLabel;
    QListView* m_list;
    QPushButton* m_pinButton;
    QPushButton* m_importButton;
    QTimer m_searchTimer;
    EnterAction m_enterAction = EnterAction::AddToQueue;
};

} // namespace pinstage
