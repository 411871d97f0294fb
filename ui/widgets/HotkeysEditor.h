// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QHash>
#include <QKeySequence>
#include <QWidget>

class QKeySequenceEdit;
class QLabel;

namespace pinstage {

class Hotkeys;

/// The hotkeys' key combinations, one row per hotkey of the registry (Take, Unpin, Start sale,
/// Skip, one per scene): the action's description, its combination in a QKeySequenceEdit, a Clear
/// and a Default button, and the problem written next to the row when the combination cannot be
/// bound (another action has it — named —, or a key libobs has no name for). Used by Edit ▸
/// Hotkeys… and by the Hotkeys page of the settings dialog.
///
/// Two modes:
///  - Immediate (Edit ▸ Hotkeys…): each accepted change applies at once through
///    Hotkeys::setBinding.
///  - Staged (the settings dialog): changes are held in the editor and checked against each other
///    and the registry's other bindings as they are made; apply() binds them all (OK / Save of the
///    dialog), discarding them (Cancel) leaves the registry as it was.
///
/// Thread contract: main thread; HOTKEYS must outlive the editor. The rows are the registry's
/// hotkeys when the editor is built.
class HotkeysEditor : public QWidget {
    Q_OBJECT
public:
    enum class Mode { Immediate, Staged };
    HotkeysEditor(Hotkeys& hotkeys, Mode mode, QWidget* parent = nullptr);

    Mode mode() const { return m_mode; }
    /// The editor of hotkey NAME (tests); nullptr for an unknown name.
    QKeySequenceEdit* editor(const QString& name) const { return m_editors.value(name); }
    /// The problem shown next to hotkey NAME (empty: none).
    QString problem(const QString& name) const;
    /// The names of the rows that show a problem now (a refused combination is never kept in its row).
    QStringList problems() const;
    /// The combination the row of NAME shows (Staged: possibly not bound yet).
    QKeySequence shownBinding(const QString& name) const { return m_shown.value(name); }
    /// Sets the combination of NAME as the seller would (pressing it, Clear, Default).
    void setBinding(const QString& name, const QKeySequence& binding);
    /// Staged: whether a row differs from the registry.
    bool hasChanges() const;
    /// Staged: binds every changed row (no-op in Immediate mode). False with *error (naming the
    /// hotkey and the key) when the registry refuses one; the rows then show the registry again.
    bool apply(QString* error = nullptr);

signals:
    /// A row's combination changed in the editor (Staged: not yet bound).
    void edited(const QString& name);

private:
    /// The other row that shows BINDING (empty: none).
    QString rowWith(const QKeySequence& binding, const QString& except) const;
    void showRow(const QString& name, const QKeySequence& binding, const QString& problem);

    Hotkeys& m_hotkeys;
    Mode m_mode;
    QHash<QString, QKeySequenceEdit*> m_editors;
    QHash<QString, QLabel*> m_problems;
    QHash<QString, QKeySequence> m_shown;
};

} // namespace pinstage
