// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "show/ShowBook.h"

#include <QTimer>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace pinstage {

class Catalog;
class Hotkeys;
class QueueDelegate;
class QueueModel;
class RunOfShow;
class ShowController;

/// The producer's run of show: which show is open, its queue of cards with talking points,
/// template and sale length, a clear On air and Next up (coloured and labelled), and the actions
/// on cue: Take, Unpin, Start sale, Skip.
///
/// Adding: drag products from the catalog, or addCode() (the catalog's Enter and barcode box when
/// the seller chose "Enter adds to the queue"). Without an open show, the first card added opens a
/// new show named after the date ("Show 30 Nov 2026").
///
/// Keyboard: the four actions have hotkeys (Hotkeys, through libobs, so they act in any window;
/// their keys are in the buttons' tooltips). In the queue list: Enter makes the card Next up,
/// Ctrl+Enter takes it to air at once, Delete removes it, Ctrl+D duplicates it, Ctrl+Up/Down
/// moves it; Tab reaches the show box, the list, the card's talking points, sale length and
/// template, and the buttons. Ctrl+L focuses the queue list.
///
/// Thread contract: main thread. RUN, CATALOG and SHOW must outlive the panel.
class QueuePanel : public QWidget {
    Q_OBJECT
public:
    QueuePanel(RunOfShow& run, Catalog& catalog, ShowController& show, QWidget* parent = nullptr);
    ~QueuePanel() override;

    /// Shows the keys HOTKEYS binds to the actions in the buttons' tooltips (and follows changes).
    void setHotkeys(Hotkeys* hotkeys);

    QueueModel* model() const { return m_model; }
    QListView* listView() const { return m_list; }
    QComboBox* showBox() const { return m_showBox; }
    QPushButton* takeButton() const { return m_take; }
    QPushButton* unpinButton() const { return m_unpin; }
    QPushButton* saleButton() const { return m_sale; }
    QPushButton* skipButton() const { return m_skip; }
    QLabel* onAirLabel() const { return m_onAirLabel; }
    QLabel* nextUpLabel() const { return m_nextUpLabel; }
    QPlainTextEdit* talkingPointsEdit() const { return m_points; }
    QSpinBox* saleSecondsBox() const { return m_saleSeconds; }
    QComboBox* templateBox() const { return m_template; }

    /// The flash-sale length Start sale uses when the card on air has none of its own. Default 120 s.
    int defaultSaleSeconds() const { return m_defaultSaleSeconds; }
    void setDefaultSaleSeconds(int seconds) { m_defaultSaleSeconds = seconds; }

    /// Re-reads the show list and the queue's products (after an import).
    void reload();

public slots:
    /// Opens show NAME (RunOfShow::open; a rehearsal when the controller is rehearsing), creating
    /// it first when there is none of that name. Returns false after a notice() naming the problem.
    bool openShow(const QString& name);
    /// Adds the card CODE (SKU, barcode or pin code) at the end of the queue; opens a new show
    /// first when none is open. Returns false after a notice().
    bool addCode(const QString& code);
    void take();
    void unpin();
    void startSale();
    void skip();
    /// The selected card: becomes Next up / goes to air at once / is removed / duplicated / moves.
    void setSelectedNextUp();
    void takeSelected();
    void removeSelected();
    void duplicateSelected();
    void moveSelected(int delta);
    void focusQueue();

signals:
    /// Something the producer should know (a refused action, an unknown code); shown without a modal.
    void notice(const QString& message);

private:
    void refreshShows();
    void refreshCue();
    void refreshEditor();
    void applyEditor();
    void updateButtons();
    void updateTooltips();
    void report(bool ok, const QString& error);
    int selectedPosition() const;
    void selectItem(qint64 itemId);
    QString uniqueShowName() const;
    bool eventFilter(QObject* watched, QEvent* event) override;

    RunOfShow& m_run;
    Catalog& m_catalog;
    ShowController& m_show;
    Hotkeys* m_hotkeys = nullptr;
    QueueModel* m_model;
    QueueDelegate* m_delegate;
    QComboBox* m_showBox;
    QLabel* m_rehearsalLabel;
    QLabel* m_onAirLabel;
    QLabel* m_nextUpLabel;
    QLabel* m_emptyHint;
    QListView* m_list;
    QPlainTextEdit* m_points;
    QSpinBox* m_saleSeconds;
    QComboBox* m_template;
    QPushButton* m_take;
    QPushButton* m_unpin;
    QPushButton* m_sale;
    QPushButton* m_skip;
    int m_defaultSaleSeconds = 120;
    QTimer m_pointsTimer; // stores the talking points a moment after the last key
    bool m_refreshingEditor = false;
    std::optional<qint64> m_editedItem;
};

} // namespace pinstage
