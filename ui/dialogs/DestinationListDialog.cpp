// SPDX-License-Identifier: GPL-2.0-or-later
#include "dialogs/DestinationListDialog.h"

#include "MessageBox.h"
#include "dialogs/DestinationDialog.h"
#include "dialogs/DialogFit.h"
#include "settings/DestinationBook.h"
#include "settings/Settings.h"

#include <QBoxLayout>
#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QUrl>

namespace pinstage {

DestinationListDialog::DestinationListDialog(DestinationBook& book, QWidget* parent)
    : QDialog(parent)
    , m_book(book)
    , m_list(new QListWidget(this))
    , m_empty(new QLabel(this))
    , m_problem(new QLabel(this))
    , m_add(new QPushButton(tr("Add…"), this))
    , m_edit(new QPushButton(tr("Edit…"), this))
    , m_remove(new QPushButton(tr("Remove"), this))
    , m_use(new QPushButton(tr("Use for Go Live"), this))
    , m_noGoLive(new QLabel(this))
{
    setObjectName(QStringLiteral("destinationListDialog"));
    setWindowTitle(tr("Destinations and stream keys"));
    DialogFit::install(this);
    setMinimumWidth(640);

    m_list->setObjectName(QStringLiteral("destinationList"));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setUniformItemSizes(true);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // a long line is elided, not scrolled
    m_list->setTextElideMode(Qt::ElideMiddle);
    m_list->setToolTip(tr("Your saved destinations. Double-click one to edit it."));
    m_empty->setObjectName(QStringLiteral("hint"));
    m_empty->setWordWrap(true);
    m_empty->setText(tr("No destination is saved yet. Add one: the platform, its server and your stream key."));
    m_problem->setObjectName(QStringLiteral("destinationListProblem"));
    m_problem->setProperty("warning", true);
    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->hide();

    m_add->setObjectName(QStringLiteral("addDestination"));
    m_add->setToolTip(tr("Save a new destination: its platform, server and stream key"));
    m_edit->setObjectName(QStringLiteral("editDestination"));
    m_edit->setToolTip(tr("Change the highlighted destination; saving it makes it the one Go Live streams to"));
    m_remove->setObjectName(QStringLiteral("removeDestination"));
    m_remove->setToolTip(tr("Delete the highlighted destination and its stream key, wherever it is kept"));
    m_use->setObjectName(QStringLiteral("useForGoLive"));
    m_use->setToolTip(tr("Make the highlighted destination the one Go Live streams to"));
    m_noGoLive->setObjectName(QStringLiteral("noGoLiveDestination"));
    m_noGoLive->setProperty("warning", true);
    m_noGoLive->setWordWrap(true);
    m_noGoLive->setText(tr("Go Live has no destination: highlight one and click “Use for Go Live”."));
    m_noGoLive->hide();
    for (QPushButton* button : { m_add, m_edit, m_remove, m_use })
        button->setAutoDefault(false);

    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(8);
    auto* row = new QHBoxLayout;
    row->addWidget(m_list, 1);
    auto* column = new QVBoxLayout;
    column->addWidget(m_add);
    column->addWidget(m_edit);
    column->addWidget(m_remove);
    column->addSpacing(12);
    column->addWidget(m_use);
    column->addStretch(1);
    row->addLayout(column);
    layout->addLayout(row, 1);
    layout->addWidget(m_empty);
    layout->addWidget(m_noGoLive);
    layout->addWidget(m_problem);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    m_editor = [this](const QString& name, QWidget* over) {
        auto* dialog = new DestinationDialog(StreamTarget {}, &m_book, over);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        if (name.isEmpty())
            dialog->startNewDestination();
        else
            dialog->selectDestination(name);
        dialog->open();
        return dialog;
    };

    connect(m_add, &QPushButton::clicked, this, [this] { addDestination(); });
    connect(m_edit, &QPushButton::clicked, this, [this] { editDestination(); });
    connect(m_remove, &QPushButton::clicked, this, [this] { removeDestination(); });
    connect(m_use, &QPushButton::clicked, this, [this] { useForGoLive(); });
    connect(&m_book, &DestinationBook::selectedChanged, this, &DestinationListDialog::refresh);
    connect(m_list, &QListWidget::itemActivated, this,
        [this](QListWidgetItem* item) { editDestination(item->data(Qt::UserRole).toString()); });
    connect(m_list, &QListWidget::currentRowChanged, this, &DestinationListDialog::updateButtons);
    connect(&m_book, &DestinationBook::saved, this, [this](const DestinationBook::SaveResult& result) {
        refresh();
        setCurrentName(result.destination.name);
    });
    connect(&m_book, &DestinationBook::removed, this, [this](const QString&, const QString& problem) {
        refresh();
        m_problem->setText(problem);
        m_problem->setVisible(!problem.isEmpty());
    });
    refresh();
    const std::optional<StreamDestination> selected = m_book.selected();
    if (!selected || !setCurrentName(selected->name))
        m_list->setCurrentRow(m_list->count() > 0 ? 0 : -1);
    updateButtons();
}

DestinationListDialog::~DestinationListDialog() = default;

void DestinationListDialog::setEditor(Editor editor)
{
    if (editor)
        m_editor = std::move(editor);
}

QStringList DestinationListDialog::names() const
{
    QStringList out;
    for (int i = 0; i < m_list->count(); ++i)
        out << m_list->item(i)->data(Qt::UserRole).toString();
    return out;
}

QString DestinationListDialog::currentName() const
{
    const QListWidgetItem* item = m_list->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

bool DestinationListDialog::setCurrentName(const QString& name)
{
    const int row = static_cast<int>(names().indexOf(name));
    if (row < 0)
        return false;
    m_list->setCurrentRow(row);
    return true;
}

void DestinationListDialog::refresh()
{
    const QString current = currentName();
    const std::optional<StreamDestination> selected = m_book.selected();
    const QStringList also = m_alsoStreamTo ? m_alsoStreamTo() : QStringList();
    m_list->clear();
    for (const StreamDestination& d : m_book.destinations()) {
        const PlatformPreset& preset = DestinationDialog::presets().findOrCustom(d.presetId);
        const QString host = QUrl(d.url).host();
        // The destination's one name first; its platform (a custom server: its host) after it.
        // Never its key.
        const bool custom = preset.id == PlatformPresets::customId();
        QString text = tr("%1 — %2").arg(
            destinationDisplayName(d.name, d.url), custom && !host.isEmpty() ? host : preset.displayName);
        const bool used = selected && selected->name == d.name;
        if (used)
            text += tr(" · Go Live streams here");
        else if (also.contains(d.name))
            text += tr(" · Go Live also streams here");
        auto* item = new QListWidgetItem(text, m_list);
        item->setData(Qt::UserRole, d.name);
        if (used) {
            QFont bold = item->font();
            bold.setBold(true);
            item->setFont(bold);
        }
        item->setToolTip(tr("%1: %2 (%3), the %4 canvas")
                             .arg(d.name, preset.displayName, d.url,
                                 d.canvas == DestinationCanvas::Horizontal ? tr("horizontal") : tr("vertical")));
    }
    if (!setCurrentName(current) && m_list->count() > 0)
        m_list->setCurrentRow(0);
    m_empty->setVisible(m_list->count() == 0);
    m_noGoLive->setVisible(m_list->count() > 0 && !selected);
    updateButtons();
}

void DestinationListDialog::updateButtons()
{
    const bool chosen = m_list->currentItem() != nullptr;
    m_edit->setEnabled(chosen);
    m_remove->setEnabled(chosen);
    const std::optional<StreamDestination> selected = m_book.selected();
    m_use->setEnabled(chosen && (!selected || selected->name != currentName()));
}

void DestinationListDialog::setAlsoStreamToSource(std::function<QStringList()> source)
{
    m_alsoStreamTo = std::move(source);
    refresh();
}

bool DestinationListDialog::useForGoLive(const QString& name)
{
    const QString which = name.isEmpty() ? currentName() : name;
    if (which.isEmpty() || !m_book.settings().destination(which))
        return false;
    QString error;
    m_problem->hide();
    if (!m_book.select(which, &error)) {
        m_problem->setText(error);
        m_problem->setVisible(!error.isEmpty());
    }
    refresh();
    setCurrentName(which);
    return true;
}

DestinationDialog* DestinationListDialog::addDestination()
{
    m_problem->hide();
    return m_editor(QString(), this);
}

DestinationDialog* DestinationListDialog::editDestination(const QString& name)
{
    const QString which = name.isEmpty() ? currentName() : name;
    if (which.isEmpty() || !m_book.settings().destination(which))
        return nullptr;
    m_problem->hide();
    return m_editor(which, this);
}

bool DestinationListDialog::removeDestination(const QString& name)
{
    const QString which = name.isEmpty() ? currentName() : name;
    if (which.isEmpty() || !m_book.settings().destination(which))
        return false;
    // Where its key really is (issue 8: "the keychain" on a computer without one).
    QString keyGoes;
    switch (m_book.keyPlace(which)) {
    case DestinationBook::KeyPlace::Keychain:
        keyGoes = tr("the key is deleted from %1 too.").arg(m_book.keychain().description());
        break;
    case DestinationBook::KeyPlace::KeyFile:
        keyGoes = tr("the key is deleted from your key file too.");
        break;
    case DestinationBook::KeyPlace::Session:
        keyGoes = tr("the key kept for this session is forgotten.");
        break;
    }
    const bool goLive = m_book.selected() && m_book.selected()->name == which;
    const MessageBox::Button answer = MessageBox::question(this, tr("Remove “%1”?").arg(which),
        tr("“%1” and its stream key are removed; %2").arg(which, keyGoes)
            + (goLive && m_list->count() > 1 ? tr(" Go Live streams to it now: choose another one for Go Live then.")
                                             : QString()),
        MessageBox::Buttons(QMessageBox::Yes | QMessageBox::Cancel), QMessageBox::Cancel,
        { { QMessageBox::Yes, tr("Remove") }, { QMessageBox::Cancel, tr("Keep") } });
    if (answer != QMessageBox::Yes)
        return false;
    m_problem->hide();
    if (!m_book.remove(which, this))
        return false;
    refresh(); // gone from the settings at once; the keychain answers later (removed())
    if (m_noGoLive->isVisible())
        m_use->setFocus(); // the next thing to do: choose the destination Go Live uses
    return true;
}

} // namespace pinstage
