// SPDX-License-Identifier: GPL-2.0-or-later
#include "docks/QueuePanel.h"

#include "MessageBox.h"
#include "catalog/Catalog.h"
#include "components/CardPlace.h"
#include "components/QueueDelegate.h"
#include "models/QueueModel.h"
#include "obs/Hotkeys.h"
#include "overlay/CardTemplate.h"
#include "show/RunOfShow.h"
#include "show/ShowController.h"
#include "util/Clock.h"
#include "widgets/ElidingLabel.h"

#include <QBoxLayout>
#include <QComboBox>
#include <QDate>
#include <QFormLayout>
#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QStyle>

#include <algorithm>

namespace pinstage {
namespace {

    // The panel's own look (the window's theme has no rules for it): cue colours with their words.
    const char* const PanelStyle = R"(
#queuePanel { background: #161a21; }
QLabel#queueOnAir, QLabel#queueNextUp { border-radius: 8px; padding: 8px 12px; background: #1d222b; border: 1px solid #2a313d; color: #8b93a1; }
QLabel#queueOnAir[active="true"] { background: #2a1218; border: 1px solid #ff3b5c; color: #ffffff; font-weight: 700; }
QLabel#queueNextUp[active="true"] { background: #2b210b; border: 1px solid #f5a524; color: #ffe2a8; font-weight: 600; }
QLabel#queueRehearsal { background: #1d2a44; border: 1px solid #5b8def; border-radius: 6px; padding: 4px 8px; color: #cfe0ff; font-weight: 700; }
QLabel#queueHint { color: #8b93a1; padding: 12px; }
QListView#queueList { background: #12151b; border: 1px solid #2a313d; border-radius: 8px; outline: none; }
QListView#queueList:focus { border-color: #3b5da8; }
QPlainTextEdit#talkingPoints, QSpinBox { background: #0e1014; border: 1px solid #2f3745; border-radius: 6px; padding: 4px 6px; color: #e8eaee; }
QPlainTextEdit#talkingPoints:focus, QSpinBox:focus { border-color: #5b8def; }
QPushButton#takeButton { background: #ff3b5c; border: 1px solid #ff3b5c; color: #ffffff; font-weight: 700; font-size: 11pt; }
QPushButton#takeButton:hover { background: #ff5573; }
QPushButton#takeButton:disabled { background: #2a1a1e; border-color: #2a1a1e; color: #7a5a61; }
QPushButton#saleButton { border-color: #f5a524; color: #f5c56b; font-weight: 600; }
QPushButton#saleButton:disabled { border-color: #2f3745; color: #5c6370; }
QLabel.fieldLabel { color: #8b93a1; }
)";

    QString describe(const std::optional<VariantRow>& variant, const QString& code)
    {
        if (!variant)
            return code;
        QString text = variant->productTitle;
        if (!variant->variantTitle.isEmpty())
            text += QStringLiteral(" · ") + variant->variantTitle;
        return text + QStringLiteral("   ")
            + formatMoney(variant->priceCentsAt(Clock::system().now()), variant->currency);
    }

    void repolish(QWidget* widget)
    {
        widget->style()->unpolish(widget);
        widget->style()->polish(widget);
    }

} // namespace

QueuePanel::QueuePanel(RunOfShow& run, Catalog& catalog, ShowController& show, QWidget* parent)
    : QWidget(parent)
    , m_run(run)
    , m_catalog(catalog)
    , m_show(show)
    , m_model(new QueueModel(run, catalog, this))
    , m_delegate(new QueueDelegate(this))
    , m_showBox(new QComboBox(this))
    , m_rehearsalLabel(new QLabel(tr("REHEARSAL"), this))
    , m_onAirLabel(new ElidingLabel(this)) // a long product name ends in "…", never mid-letter
    , m_nextUpLabel(new ElidingLabel(this))
    , m_emptyHint(new QLabel(this))
    , m_list(new QListView(this))
    , m_points(new QPlainTextEdit(this))
    , m_saleSeconds(new QSpinBox(this))
    , m_template(new QComboBox(this))
    , m_take(new QPushButton(tr("Take"), this))
    , m_unpin(new QPushButton(tr("Unpin"), this))
    , m_sale(new QPushButton(tr("Start sale"), this))
    , m_skip(new QPushButton(tr("Skip"), this))
{
    setObjectName(QStringLiteral("queuePanel"));
    setAttribute(Qt::WA_StyledBackground);
    setStyleSheet(QString::fromLatin1(PanelStyle));

    // Header: the show, editable so that a new name + Enter creates it.
    m_showBox->setObjectName(QStringLiteral("showBox"));
    m_showBox->setEditable(true);
    m_showBox->setInsertPolicy(QComboBox::NoInsert);
    m_showBox->lineEdit()->setPlaceholderText(tr("Pick a show or type a new one"));
    m_showBox->setToolTip(tr("The show whose queue you run: pick one, or type a new name and press Enter to "
                             "create it."));
    m_showBox->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_rehearsalLabel->setObjectName(QStringLiteral("queueRehearsal"));
    m_rehearsalLabel->setToolTip(tr("This run is a rehearsal: nothing is streamed, the show log marks it"));
    m_rehearsalLabel->hide();
    auto* header = new QHBoxLayout;
    header->setSpacing(8);
    header->addWidget(m_showBox, 1);
    header->addWidget(m_rehearsalLabel);

    m_onAirLabel->setObjectName(QStringLiteral("queueOnAir"));
    m_nextUpLabel->setObjectName(QStringLiteral("queueNextUp"));
    for (QLabel* label : { m_onAirLabel, m_nextUpLabel }) {
        label->setTextFormat(Qt::PlainText);
        label->setMinimumHeight(34);
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    }

    m_emptyHint->setObjectName(QStringLiteral("queueHint"));
    m_emptyHint->setWordWrap(true);
    m_emptyHint->setAlignment(Qt::AlignCenter);

    m_list->setObjectName(QStringLiteral("queueList"));
    m_list->setModel(m_model);
    m_list->setItemDelegate(m_delegate);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setMouseTracking(true);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setDragEnabled(true);
    m_list->setAcceptDrops(true);
    m_list->setDropIndicatorShown(true);
    m_list->setDragDropMode(QAbstractItemView::DragDrop);
    m_list->setDefaultDropAction(Qt::MoveAction);
    m_list->setDragDropOverwriteMode(false);
    m_list->setWhatsThis(tr("Enter: make Next up. Ctrl+Enter: take to air now. Delete: remove. Ctrl+D: duplicate. "
                            "Ctrl+Up/Down: move. Drag to reorder; drag products here from the catalog."));
    m_list->setToolTip(QString());
    m_list->installEventFilter(this);

    // The selected card's details, edited in place.
    m_points->setObjectName(QStringLiteral("talkingPoints"));
    m_points->setPlaceholderText(tr("Talking points for the host (shown on the host monitor)"));
    m_points->setTabChangesFocus(true);
    m_points->setFixedHeight(64);
    m_saleSeconds->setObjectName(QStringLiteral("saleSeconds"));
    m_saleSeconds->setRange(0, ShowBook::maxSaleSeconds);
    m_saleSeconds->setSpecialValueText(tr("no sale"));
    m_saleSeconds->setSuffix(tr(" s"));
    m_saleSeconds->setToolTip(tr("Flash-sale length of this card in seconds (0: no sale of its own; Start sale "
                                 "then uses %1 s)")
                                  .arg(m_defaultSaleSeconds));
    m_template->setObjectName(QStringLiteral("templateBox"));
    m_template->addItem(tr("Show's template"), QString());
    for (const QString& name : CardTemplate::names())
        m_template->addItem(name, name);
    m_template->setToolTip(tr("The card template of this card"));
    // Never narrower than its longest name ("Show's template" was cut to "Show's templat"): Qt's
    // size hint leaves out the style sheet's padding, so the width is the text's, plus the
    // padding (10 px each side), the arrow and a margin.
    int longest = 0;
    for (int i = 0; i < m_template->count(); ++i)
        longest = std::max(longest, m_template->fontMetrics().horizontalAdvance(m_template->itemText(i)));
    m_template->setMinimumWidth(longest + 20 + m_template->style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 16);
    // Two rows: side by side, the template's name did not fit the narrow dock.
    auto* details = new QGridLayout;
    details->setHorizontalSpacing(8);
    details->setVerticalSpacing(6);
    auto* saleLabel = new QLabel(tr("Sale"), this);
    saleLabel->setProperty("class", QStringLiteral("fieldLabel"));
    saleLabel->setBuddy(m_saleSeconds);
    auto* templateLabel = new QLabel(tr("Template"), this);
    templateLabel->setProperty("class", QStringLiteral("fieldLabel"));
    templateLabel->setBuddy(m_template);
    details->addWidget(saleLabel, 0, 0);
    details->addWidget(m_saleSeconds, 0, 1);
    details->addWidget(templateLabel, 1, 0);
    details->addWidget(m_template, 1, 1);
    details->setColumnStretch(1, 1);

    // Cue buttons.
    m_take->setObjectName(QStringLiteral("takeButton"));
    m_unpin->setObjectName(QStringLiteral("unpinButton"));
    m_sale->setObjectName(QStringLiteral("saleButton"));
    m_skip->setObjectName(QStringLiteral("skipButton"));
    // Two by two, so each button shows its key in full: the cue pair on top, the card pair below.
    auto* buttons = new QGridLayout;
    buttons->setSpacing(6);
    for (QPushButton* button : { m_take, m_unpin, m_sale, m_skip }) {
        button->setMinimumHeight(40);
        button->setAutoDefault(false);
        button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    }
    buttons->addWidget(m_take, 0, 0);
    buttons->addWidget(m_skip, 0, 1);
    buttons->addWidget(m_unpin, 1, 0);
    buttons->addWidget(m_sale, 1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 10, 10, 10);
    layout->setSpacing(8);
    layout->addLayout(header);
    layout->addWidget(m_onAirLabel);
    layout->addWidget(m_nextUpLabel);
    layout->addWidget(m_emptyHint);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_points);
    layout->addLayout(details);
    layout->addLayout(buttons);

    setTabOrder(m_showBox, m_list);
    setTabOrder(m_list, m_points);
    setTabOrder(m_points, m_saleSeconds);
    setTabOrder(m_saleSeconds, m_template);
    setTabOrder(m_template, m_take);
    setTabOrder(m_take, m_unpin);
    setTabOrder(m_unpin, m_sale);
    setTabOrder(m_sale, m_skip);

    connect(m_showBox, &QComboBox::activated, this, [this](int index) { openShow(m_showBox->itemText(index)); });
    connect(m_showBox->lineEdit(), &QLineEdit::returnPressed, this, [this] {
        const QString name = m_showBox->currentText().trimmed();
        if (!name.isEmpty() && name != m_run.show().name)
            openShow(name);
    });
    connect(m_take, &QPushButton::clicked, this, &QueuePanel::take);
    connect(m_unpin, &QPushButton::clicked, this, &QueuePanel::unpin);
    connect(m_sale, &QPushButton::clicked, this, &QueuePanel::startSale);
    connect(m_skip, &QPushButton::clicked, this, &QueuePanel::skip);
    connect(m_list, &QListView::doubleClicked, this, [this] { setSelectedNextUp(); });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this, &QueuePanel::refreshEditor);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (m_editedItem)
            selectItem(*m_editedItem);
        refreshEditor();
        refreshCue();
    });
    connect(m_model, &QueueModel::dropFailed, this, &QueuePanel::notice);
    // Talking points are stored when the producer leaves the field, or a moment after the last key
    // (not at each key: every store is a durable write).
    m_pointsTimer.setSingleShot(true);
    m_pointsTimer.setInterval(700);
    connect(&m_pointsTimer, &QTimer::timeout, this, [this] {
        if (m_points->property("dirty").toBool()) {
            m_points->setProperty("dirty", false);
            applyEditor();
        }
    });
    connect(m_points, &QPlainTextEdit::textChanged, this, [this] {
        m_points->setProperty("dirty", true);
        m_pointsTimer.start();
    });
    m_points->installEventFilter(this);
    connect(m_saleSeconds, &QSpinBox::editingFinished, this, &QueuePanel::applyEditor);
    connect(m_template, &QComboBox::activated, this, &QueuePanel::applyEditor);

    connect(&m_run, &RunOfShow::cueChanged, this, &QueuePanel::refreshCue);
    connect(&m_run, &RunOfShow::openChanged, this, [this] {
        refreshShows();
        refreshCue();
    });
    connect(&m_run, &RunOfShow::actionFailed, this, &QueuePanel::notice);
    connect(&m_show, &ShowController::cardChanged, this, &QueuePanel::refreshCue);
    connect(&m_show, &ShowController::flashSaleChanged, this, &QueuePanel::refreshCue);

    auto* focusQueue
        = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_L), this, this, &QueuePanel::focusQueue, Qt::WindowShortcut);
    Q_UNUSED(focusQueue);

    refreshShows();
    refreshCue();
    refreshEditor();
    updateTooltips();
}

QueuePanel::~QueuePanel()
{
    // Its editors lose the focus as QWidget's destructor deletes them (the sale length's
    // editingFinished): no child's signal may reach this half-destroyed panel (the kind of fault
    // ASan caught in DestinationDialog).
    for (QObject* child : findChildren<QObject*>())
        disconnect(child, nullptr, this, nullptr);
}

void QueuePanel::setHotkeys(Hotkeys* hotkeys)
{
    if (m_hotkeys)
        disconnect(m_hotkeys, nullptr, this, nullptr);
    m_hotkeys = hotkeys;
    if (m_hotkeys)
        connect(m_hotkeys, &Hotkeys::bindingChanged, this, &QueuePanel::updateTooltips);
    updateTooltips();
}

void QueuePanel::updateTooltips()
{
    const auto withKey = [this](const QString& text, const QString& hotkey) {
        const QString key = m_hotkeys ? m_hotkeys->bindingText(hotkey) : QString();
        return key.isEmpty() ? text : tr("%1 (%2, in any window)").arg(text, key);
    };
    m_take->setToolTip(withKey(tr("Put Next up on air and move Next up to the card after it"), Hotkeys::takeName()));
    m_unpin->setToolTip(withKey(tr("Take the card on air down; Next up stays"), Hotkeys::unpinName()));
    m_sale->setToolTip(
        withKey(tr("Start the flash sale of the card on air (its own length, else %1 s)").arg(m_defaultSaleSeconds),
            Hotkeys::startSaleName()));
    m_skip->setToolTip(
        withKey(tr("Move Next up to the card after it (the skipped card stays in the queue)"), Hotkeys::skipName()));
    // The key on the button itself too, so the producer learns it without hovering.
    const auto label = [this](const QString& text, const QString& hotkey) {
        const QString key = m_hotkeys ? m_hotkeys->bindingText(hotkey) : QString();
        return key.isEmpty() ? text : QStringLiteral("%1  %2").arg(text, key);
    };
    m_take->setText(label(tr("Take"), Hotkeys::takeName()));
    m_unpin->setText(label(tr("Unpin"), Hotkeys::unpinName()));
    m_sale->setText(label(tr("Start sale"), Hotkeys::startSaleName()));
    m_skip->setText(label(tr("Skip"), Hotkeys::skipName()));
}

void QueuePanel::reload()
{
    refreshShows();
    m_model->reload();
}

void QueuePanel::refreshShows()
{
    const QSignalBlocker block(m_showBox);
    const QString current = m_run.isOpen() ? m_run.show().name : QString();
    m_showBox->clear();
    for (const Show& show : ShowBook(m_catalog).list())
        m_showBox->addItem(show.name);
    const int index = current.isEmpty() ? -1 : m_showBox->findText(current, Qt::MatchFixedString);
    m_showBox->setCurrentIndex(index);
    if (index < 0)
        m_showBox->setEditText(QString());
    m_rehearsalLabel->setVisible(m_run.isOpen() && m_run.isRehearsal());
}

bool QueuePanel::openShow(const QString& rawName)
{
    const QString name = rawName.trimmed();
    if (name.isEmpty())
        return false;
    QString error;
    if (m_run.isOpen() && m_run.show().name.compare(name, Qt::CaseInsensitive) == 0)
        return true;
    ShowBook book(m_catalog);
    if (!book.byName(name) && !book.create(name)) {
        emit notice(book.error());
        refreshShows();
        return false;
    }
    if (m_run.isOpen())
        m_run.close();
    if (!m_run.open(name, m_show.state() == ShowController::State::Rehearsal, &error)) {
        emit notice(error);
        refreshShows();
        return false;
    }
    refreshShows();
    return true;
}

QString QueuePanel::uniqueShowName() const
{
    const QString base = tr("Show %1").arg(QLocale().toString(QDate::currentDate(), QLocale::ShortFormat));
    ShowBook book(m_catalog);
    QString name = base;
    for (int n = 2; book.byName(name); ++n)
        name = QStringLiteral("%1 (%2)").arg(base).arg(n);
    return name;
}

bool QueuePanel::addCode(const QString& rawCode)
{
    const QString code = rawCode.trimmed();
    if (code.isEmpty())
        return false;
    if (!m_run.isOpen() && !openShow(uniqueShowName()))
        return false;
    QueueItem item;
    item.code = code;
    QString error;
    if (!m_run.add(item, 0, &error)) {
        emit notice(error);
        return false;
    }
    // The new card is selected, so its talking points can be typed at once.
    if (!m_run.queue().isEmpty()) {
        m_editedItem = m_run.queue().last().id;
        selectItem(m_run.queue().last().id);
    }
    return true;
}

void QueuePanel::report(bool ok, const QString& error)
{
    if (!ok && !error.isEmpty())
        emit notice(error);
}

void QueuePanel::take()
{
    QString error;
    report(m_run.take(&error), error);
}

void QueuePanel::unpin()
{
    m_run.unpin();
}

void QueuePanel::startSale()
{
    QString error;
    bool anyway = false;
    if (!m_run.soldOutReason().isEmpty()) {
        // A sale of a sold-out card sells nothing: the seller confirms it first.
        const auto item = m_run.item(m_run.onAirItem().value_or(0));
        const QString what
            = m_show.card() ? describe(m_show.card(), item ? item->code : QString()) : (item ? item->code : QString());
        const auto answer = MessageBox::question(this, tr("Start a sale of a sold-out card?"),
            tr("“%1” is sold out: a flash sale of it sells nothing, and viewers see a countdown for something they "
               "cannot buy.\n\nUpdate its stock first, or start the sale anyway.")
                .arg(what),
            MessageBox::Buttons(QMessageBox::Yes | QMessageBox::Cancel), QMessageBox::Cancel,
            { { QMessageBox::Yes, tr("Start sale anyway") } });
        if (answer != QMessageBox::Yes)
            return;
        anyway = true;
    }
    report(m_run.startSale(m_defaultSaleSeconds, &error, anyway), error);
}

void QueuePanel::skip()
{
    QString error;
    report(m_run.skip(&error), error);
}

int QueuePanel::selectedPosition() const
{
    const QModelIndex current = m_list->currentIndex();
    return current.isValid() ? current.row() + 1 : 0;
}

void QueuePanel::selectItem(qint64 itemId)
{
    const int row = m_model->rowOfItem(itemId);
    if (row < 0)
        return;
    m_list->setCurrentIndex(m_model->index(row));
    m_list->scrollTo(m_model->index(row));
}

void QueuePanel::setSelectedNextUp()
{
    const int position = selectedPosition();
    if (position == 0)
        return;
    QString error;
    report(m_run.setNextUp(position, &error), error);
}

void QueuePanel::takeSelected()
{
    const int position = selectedPosition();
    if (position == 0)
        return;
    QString error;
    report(m_run.takeAt(position, &error), error);
}

void QueuePanel::removeSelected()
{
    const int position = selectedPosition();
    if (position == 0)
        return;
    // The card after it takes the selection, so Delete can be pressed again.
    const auto next = m_model->itemAt(position < m_model->rowCount() ? position : position - 2);
    m_editedItem = next ? std::optional<qint64>(next->id) : std::nullopt;
    QString error;
    report(m_run.remove(position, &error), error);
}

void QueuePanel::duplicateSelected()
{
    const int position = selectedPosition();
    if (position == 0)
        return;
    QString error;
    if (!m_run.duplicate(position, &error)) {
        report(false, error);
        return;
    }
    if (const auto copy = m_model->itemAt(position)) // the copy sits right after the original
        selectItem(copy->id);
}

void QueuePanel::moveSelected(int delta)
{
    const int position = selectedPosition();
    const int to = position + delta;
    if (position == 0 || to < 1 || to > m_model->rowCount())
        return;
    const auto item = m_model->itemAt(position - 1);
    QString error;
    if (!m_run.move(position, to, &error)) {
        report(false, error);
        return;
    }
    if (item)
        selectItem(item->id);
}

void QueuePanel::focusQueue()
{
    m_list->setFocus(Qt::ShortcutFocusReason);
    if (!m_list->currentIndex().isValid() && m_model->rowCount() > 0)
        m_list->setCurrentIndex(m_model->index(0));
}

void QueuePanel::refreshCue()
{
    const auto itemText = [this](std::optional<qint64> id) -> std::optional<QString> {
        if (!id)
            return std::nullopt;
        const int row = m_model->rowOfItem(*id);
        if (row < 0)
            return std::nullopt;
        const QModelIndex index = m_model->index(row);
        return QStringLiteral("%1   %2").arg(
            index.data(Qt::DisplayRole).toString(), index.data(QueueModel::PriceTextRole).toString());
    };
    // On air: the queue's card; a card pinned from the catalog outside the queue counts too.
    std::optional<QString> onAir = itemText(m_run.onAirItem());
    if (!onAir && m_show.card())
        onAir = describe(m_show.card(), m_show.card()->sku) + tr("  (not from the queue)");
    // The sale first: the bar is narrow, and its end (the price) is also on the card's row.
    QString sale;
    if (const auto running = m_show.flashSale(); onAir && running)
        sale = running->ended ? tr("SALE ENDED   ")
                              : tr("SALE %1:%2   ")
                                    .arg(running->remainingSeconds / 60)
                                    .arg(running->remainingSeconds % 60, 2, 10, QLatin1Char('0'));
    // As the catalog says it: on air only while viewers see the card; otherwise it waits in the preview.
    const CardPlace place = cardPlace(m_show);
    const bool live = place.onAir;
    m_onAirLabel->setText(onAir ? tr("%1   %2%3").arg(place.word, sale, *onAir) : tr("ON AIR   nothing"));
    if (m_delegate->isOnAirLive() != live) {
        m_delegate->setOnAirLive(live);
        m_list->viewport()->update();
    }
    m_onAirLabel->setToolTip(onAir && !live ? place.toolTip : QString());
    m_onAirLabel->setProperty("active", onAir.has_value());
    const std::optional<QString> next = itemText(m_run.nextUpItem());
    m_nextUpLabel->setText(next                          ? tr("NEXT UP   %1").arg(*next)
            : m_run.isOpen() && !m_run.queue().isEmpty() ? tr("NEXT UP   end of the queue")
                                                         : tr("NEXT UP   nothing"));
    m_nextUpLabel->setProperty("active", next.has_value());
    repolish(m_onAirLabel);
    repolish(m_nextUpLabel);

    if (!m_run.isOpen())
        m_emptyHint->setText(tr("No show is open. Pick one above or type a new name and press Enter; or just add a "
                                "product (Enter in the catalog, drag it here) and a show for today opens."));
    else if (m_run.queue().isEmpty())
        m_emptyHint->setText(tr("The queue of “%1” is empty: drag products here from the catalog, or press Enter "
                                "on a search result or scan a barcode.")
                                 .arg(m_run.show().name));
    m_emptyHint->setVisible(!m_run.isOpen() || m_run.queue().isEmpty());
    m_rehearsalLabel->setVisible(m_run.isOpen() && m_run.isRehearsal());
    m_list->viewport()->update();
    updateButtons();
}

void QueuePanel::updateButtons()
{
    const bool open = m_run.isOpen();
    m_take->setEnabled(open && m_run.nextUpItem().has_value());
    m_unpin->setEnabled(m_show.card().has_value());
    m_sale->setEnabled(m_show.card().has_value());
    m_skip->setEnabled(open && m_run.nextUpItem().has_value());
}

void QueuePanel::refreshEditor()
{
    const QModelIndex current = m_list->currentIndex();
    const auto item = current.isValid() ? m_model->itemAt(current.row()) : std::nullopt;
    m_refreshingEditor = true;
    m_editedItem = item ? std::optional<qint64>(item->id) : std::nullopt;
    m_points->setEnabled(item.has_value());
    m_saleSeconds->setEnabled(item.has_value());
    m_template->setEnabled(item.has_value());
    {
        const QSignalBlocker b1(m_points);
        const QSignalBlocker b2(m_saleSeconds);
        const QSignalBlocker b3(m_template);
        // The same card stored again (a debounced store while typing): leave the text and cursor be.
        const bool sameText = item && m_points->toPlainText().trimmed() == item->talkingPoints;
        if (!sameText) {
            m_points->setPlainText(item ? item->talkingPoints : QString());
            m_points->setProperty("dirty", false);
        }
        m_saleSeconds->setValue(item && item->saleSeconds ? *item->saleSeconds : 0);
        const int t = m_template->findData(item ? item->templateName : QString());
        m_template->setCurrentIndex(t < 0 ? 0 : t);
    }
    m_refreshingEditor = false;
}

void QueuePanel::applyEditor()
{
    if (m_refreshingEditor || !m_editedItem)
        return;
    const int row = m_model->rowOfItem(*m_editedItem);
    const auto stored = m_model->itemAt(row);
    if (!stored)
        return;
    QueueItem item = *stored;
    item.talkingPoints = m_points->toPlainText().trimmed();
    item.saleSeconds = m_saleSeconds->value() > 0 ? std::optional<int>(m_saleSeconds->value()) : std::nullopt;
    item.templateName = m_template->currentData().toString();
    if (item.talkingPoints == stored->talkingPoints && item.saleSeconds == stored->saleSeconds
        && item.templateName == stored->templateName)
        return;
    QString error;
    report(m_run.update(row + 1, item, &error), error);
}

bool QueuePanel::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_points && event->type() == QEvent::FocusOut && m_points->property("dirty").toBool()) {
        m_points->setProperty("dirty", false);
        m_pointsTimer.stop();
        applyEditor();
    }
    if (watched == m_list && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        const bool ctrl = key->modifiers().testFlag(Qt::ControlModifier);
        switch (key->key()) {
        case Qt::Key_Return:
        case Qt::Key_Enter:
            ctrl ? takeSelected() : setSelectedNextUp();
            return true;
        case Qt::Key_Delete:
            removeSelected();
            return true;
        case Qt::Key_D:
            if (ctrl) {
                duplicateSelected();
                return true;
            }
            break;
        case Qt::Key_Up:
        case Qt::Key_Down:
            if (ctrl) {
                moveSelected(key->key() == Qt::Key_Up ? -1 : 1);
                return true;
            }
            break;
        default:
            break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace pinstage
