// SPDX-License-Identifier: GPL-2.0-or-later
#include "MessageBox.h"

#include <QAbstractButton>
#include <QIcon>

namespace pinstage {
namespace {
    MessageBox::Button s_nextAnswer = QMessageBox::NoButton;
    int s_answered = 0;
    MessageBox::Asked s_lastAsked;
} // namespace

MessageBox::Button MessageBox::question(QWidget* parent, const QString& title, const QString& text, Buttons buttons,
    Button defaultButton, const QList<QPair<Button, QString>>& labels)
{
    return ask(QMessageBox::Question, parent, title, text, buttons, defaultButton, labels);
}

MessageBox::Button MessageBox::warning(
    QWidget* parent, const QString& title, const QString& text, Buttons buttons, Button defaultButton)
{
    return ask(QMessageBox::Warning, parent, title, text, buttons, defaultButton);
}

void MessageBox::setNextAnswer(Button answer)
{
    s_nextAnswer = answer;
}

int MessageBox::answeredBySeam()
{
    return s_answered;
}

MessageBox::Asked MessageBox::lastAsked()
{
    return s_lastAsked;
}

MessageBox::Button MessageBox::ask(QMessageBox::Icon icon, QWidget* parent, const QString& title, const QString& text,
    Buttons buttons, Button defaultButton, const QList<QPair<Button, QString>>& labels)
{
    // The question in the box itself (a window manager may not show the title), its consequence
    // below it.
    QMessageBox box(icon, title, title, buttons, parent);
    box.setInformativeText(text);
    if (defaultButton != QMessageBox::NoButton)
        box.setDefaultButton(defaultButton);
    for (const auto& [button, label] : labels) {
        if (QAbstractButton* b = box.button(button)) {
            b->setText(label);
            // The style's Yes / Cancel icons (a green tick on "End show", a red cross on "Stay
            // live") would contradict the seller's words: a named answer has none.
            b->setIcon(QIcon());
        }
    }
    s_lastAsked = Asked { title, text, {} };
    for (QAbstractButton* b : box.buttons())
        s_lastAsked.buttons += b->text();
    if (s_nextAnswer != QMessageBox::NoButton) {
        const Button answer = s_nextAnswer;
        s_nextAnswer = QMessageBox::NoButton;
        ++s_answered;
        return answer;
    }
    return Button(box.exec());
}

} // namespace pinstage
