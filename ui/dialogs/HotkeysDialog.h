// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QDialog>
#include <QHash>

class QKeySequenceEdit;
class QLabel;

namespace pinstage {

class Hotkeys;

/// Edit ▸ Hotkeys…: one row per hotkey of the registry (Take, Unpin, Start sale, Skip, one per
/// scene), each with its key combination in a QKeySequenceEdit, a Clear and a Default button, and
/// the problem written next to the row when the combination cannot be bound (another hotkey has
/// it, a key libobs has no name for). Each accepted change applies at once through
/// Hotkeys::setBinding (the window saves the settings file on Hotkeys::bindingChanged).
///
/// Thread contract: main thread; HOTKEYS must outlive the dialog.
class HotkeysDialog : public QDialog {
    Q_OBJECT
public:
    explicit HotkeysDialog(Hotkeys& hotkeys, QWidget* parent = nullptr);

    /// The editor of hotkey NAME (tests); nullptr for an unknown name.
    QKeySequenceEdit* editor(const QString& name) const { return m_editors.value(name); }
    /// The problem shown next to hotkey NAME (empty: none).
    QString problem(const QString& name) const;

private:
    void apply(const QString& name, const QKeySequence& binding);

    Hotkeys& m_hotkeys;
    QHash<QString, QKeySequenceEdit*> m_editors;
    QHash<QString, QLabel*> m_problems;
};

} // namespace pinstage
