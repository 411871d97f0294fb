// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QMessageBox>
#include <QString>

class QWidget;

namespace pinstage {

/// The one place the window asks a modal question. Tests call setNextAnswer() first, and the next
/// call returns that answer at once without showing anything, so no test blocks on a dialog.
///
/// Never use it for problems during a show (the host is on air): those go to the NoticeBar.
/// Thread contract: main thread.
class MessageBox {
public:
    using Button = QMessageBox::StandardButton;
    using Buttons = QMessageBox::StandardButtons;

    static Button question(QWidget* parent, const QString& title, const QString& text,
        Buttons buttons = Buttons(QMessageBox::Yes | QMessageBox::No), Button defaultButton = QMessageBox::NoButton);
    static Button warning(QWidget* parent, const QString& title, const QString& text, Buttons buttons = QMessageBox::Ok,
        Button defaultButton = QMessageBox::NoButton);

    /// As question(), with LABELS naming the buttons in the seller's words (e.g. Yes → "Resume",
    /// No → "Start fresh"); the answer is still the standard button.
    static Button questionWithLabels(QWidget* parent, const QString& title, const QString& text, Buttons buttons,
        Button defaultButton, const QList<QPair<Button, QString>>& labels);

    /// The answer of the next call (once). NoButton turns the seam off again.
    static void setNextAnswer(Button answer);
    /// How many questions were answered by the seam (for tests that check a question was asked).
    static int answeredBySeam();

private:
    static Button ask(QMessageBox::Icon icon, QWidget* parent, const QString& title, const QString& text,
        Buttons buttons, Button defaultButton, const QList<QPair<Button, QString>>& labels = {});
};

} // namespace pinstage
