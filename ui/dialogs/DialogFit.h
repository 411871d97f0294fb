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
/// A snug dialog (Mode::Snug) is also shrunk to that height: when it is shown (Qt's first guess
/// for a dialog of word-wrapped lines is too tall, and the extra height became gaps between its
/// lines) and when a line disappears. Its top edge stays where it is.
///
/// Thread contract: main thread. The filter is a child of the dialog and goes with it.
class DialogFit : public QObject {
    Q_OBJECT
public:
    enum class Mode {
        Grow, ///< only ever grows (no jumping while the seller types)
        Snug, ///< always as tall as its layout needs at its width (never below its minimum height)
    };
    /// Watches DIALOG (a top-level widget with a layout).
    static void install(QWidget* dialog, Mode mode = Mode::Grow);
    /// Grows DIALOG now if its layout needs more height (see the class comment); with Mode::Snug
    /// also shrinks it to that height. Returns the height it needs at its width (device-independent
    /// pixels).
    static int fit(QWidget* dialog, Mode mode = Mode::Grow);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    DialogFit(QWidget* dialog, Mode mode);
    QWidget* m_dialog;
    Mode m_mode;
    bool m_pending = false;
};

} // namespace pinstage
