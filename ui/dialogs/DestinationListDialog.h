// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QDialog>

#include <functional>

class QLabel;
class QListWidget;
class QPushButton;

namespace pinstage {

class DestinationBook;
class DestinationDialog;

/// File ▸ Destinations and stream keys… (issue 8): every saved destination in a list, by its display
/// name (destinationDisplayName()) with its platform and server's host, the one Go Live streams to
/// marked; Add… and Edit… open the destination form (DestinationDialog) over it, Remove deletes
/// the destination and its stream key (DestinationBook::remove(): settings, keychain, key file)
/// after asking (MessageBox seam), saying where the key is deleted from. "Use for Go Live" makes the
/// highlighted one Go Live's (DestinationBook::select()); the "also stream to" ones are marked too,
/// and a line says when Go Live has none. Double-click or Enter edits. The list follows the book (saved,
/// removed). No key is ever shown here.
///
/// Thread contract: main thread. The book must outlive the dialog.
class DestinationListDialog : public QDialog {
    Q_OBJECT
public:
    /// Opens the form for the saved destination NAME (empty: a new destination) over PARENT, not
    /// blocking; returns it. The window's applies what the form saves to the show.
    using Editor = std::function<DestinationDialog*(const QString& name, QWidget* parent)>;

    explicit DestinationListDialog(DestinationBook& book, QWidget* parent = nullptr);
    ~DestinationListDialog() override;

    /// Replaces the default editor (a DestinationDialog over the book, saving only to it).
    void setEditor(Editor editor);

    QListWidget* list() const { return m_list; }
    QPushButton* addButton() const { return m_add; }
    QPushButton* editButton() const { return m_edit; }
    QPushButton* removeButton() const { return m_remove; }
    /// "Use for Go Live": makes the highlighted destination the one Go Live streams to
    /// (DestinationBook::select()); disabled when it already is.
    QPushButton* useButton() const { return m_use; }
    /// Says Go Live has no destination (none selected, e.g. after removing it) and how to choose one.
    QLabel* noGoLiveLabel() const { return m_noGoLive; }
    /// Where the list reads the names Go Live also streams to ("Also stream to"), marked in the list.
    void setAlsoStreamToSource(std::function<QStringList()> source);
    /// Use for Go Live: NAME (empty: the highlighted one). False when there is none.
    bool useForGoLive(const QString& name = {});
    /// The saved names in the list's order.
    QStringList names() const;
    /// The name of the highlighted destination; empty when none is.
    QString currentName() const;
    /// Highlights NAME; false when it is not in the list.
    bool setCurrentName(const QString& name);

    /// Add…: the form for a new destination.
    DestinationDialog* addDestination();
    /// Edit…: the form for NAME (empty: the highlighted one); nullptr when there is none.
    DestinationDialog* editDestination(const QString& name = {});
    /// Remove: asks, then removes NAME (empty: the highlighted one) and its key. False when there
    /// is none or the seller said no.
    bool removeDestination(const QString& name = {});

public slots:
    /// Rereads the book (keeps the highlighted destination when it is still there).
    void refresh();

private:
    void updateButtons();

    DestinationBook& m_book;
    Editor m_editor;
    QListWidget* m_list;
    QLabel* m_empty;
    QLabel* m_problem;
    QPushButton* m_add;
    QPushButton* m_edit;
    QPushButton* m_remove;
    QPushButton* m_use;
    QLabel* m_noGoLive;
    std::function<QStringList()> m_alsoStreamTo;
};

} // namespace pinstage
