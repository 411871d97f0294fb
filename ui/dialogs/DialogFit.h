// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QObject>

class QWidget;

namespace pinstage {

/// Keeps a dialog tall enough for what it shows: whenever its layout changes while it is shown (a
/// warning appears, a word-wrapped line gets longer, a page grows), the dialog grows to the
/// height its layout needs at its current width — the height for that width, so word-wrapped
/// labels are never cut — up to the screen's available height, and moves up to stay on the
/// screen. It never shrinks the dialog (no jumping while the seller types).
///
/// Qt sizes a window once, when it is first shown; text that appears later (an answer from the
/// keychain, a field's error) was squeezed into that size, cutting glyphs and lines.
///
/// Thread contract: main thread. The filter is a child of the dialog and goes with it.
class DialogFit : public QObject {
    Q_OBJECT
public:
    /// Watches DIALOG (a top-level widget with a layout).
    static void install(QWidget* dialog);
    /// Grows DIALOG now if its layout needs more height (see the class comment). Returns the
    /// height it needs at its width (device-independent pixels).
    static int fit(QWidget* dialog);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    explicit DialogFit(QWidget* dialog);
    QWidget* m_dialog;
    bool m_pending = false;
};

} // namespace pinstage
