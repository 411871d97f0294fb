// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QMessageBox>
#include <QString>
#include <QStringList>

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

    /// Asks TITLE / TEXT with BUTTONS. LABELS name the buttons in the seller's words (Yes → "End show",
    /// Cancel → "Stay live"): a question says what each answer does, never a bare Yes / No. The
    /// answer is still the standard button.
    static Button question(QWidget* parent, const QString& title, const QString& text, Buttons buttons,
        Button defaultButton, const QList<QPair<Button, QString>>& labels);
    static Button warning(QWidget* parent, const QString& title, const QString& text, Buttons buttons = QMessageBox::Ok,
        Button defaultButton = QMessageBox::NoButton);

    /// What the last question or warning showed (or, answered by the seam, would have shown):
    /// for tests that check its wording; buttons holds the text of every button.
    struct Asked {
        QString title;
        QString text;
        QStringList buttons;
    };
    static Asked lastAsked();

    /// The answer of the next call (once). NoButton turns the seam off again.
    static void setNextAnswer(Button answer);
    /// How many questions were answered by the seam (for tests that check a question was asked).
    static int answeredBySeam();

private:
    static Button ask(QMessageBox::Icon icon, QWidget* parent, const QString& title, const QString& text,
        Buttons buttons, Button defaultButton, const QList<QPair<Button, QString>>& labels = {});
};

} // namespace pinstage
