// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QDialog>

class QKeySequenceEdit;

namespace pinstage {

class Hotkeys;
class HotkeysEditor;

/// Edit ▸ Hotkeys…: the hotkeys' editor (HotkeysEditor, the same widget as the settings dialog's
/// Hotkeys page) in its Immediate mode: each accepted change applies at once through
/// Hotkeys::setBinding (the window saves the settings file on Hotkeys::bindingChanged), a
/// combination that cannot be bound is refused with the problem next to the row.
///
/// Thread contract: main thread; HOTKEYS must outlive the dialog.
class HotkeysDialog : public QDialog {
    Q_OBJECT
public:
    explicit HotkeysDialog(Hotkeys& hotkeys, QWidget* parent = nullptr);

    /// The editor of hotkey NAME (tests); nullptr for an unknown name.
    QKeySequenceEdit* editor(const QString& name) const;
    /// The problem shown next to hotkey NAME (empty: none).
    QString problem(const QString& name) const;
    HotkeysEditor* hotkeysEditor() const { return m_editor; }

private:
    HotkeysEditor* m_editor;
};

} // namespace pinstage
