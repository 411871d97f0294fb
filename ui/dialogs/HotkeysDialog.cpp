// SPDX-License-Identifier: GPL-2.0-or-later
#include "HotkeysDialog.h"

#include "obs/Hotkeys.h"

#include <QDialogButtonBox>
#include <QGridLayout>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace pinstage {

HotkeysDialog::HotkeysDialog(Hotkeys& hotkeys, QWidget* parent)
    : QDialog(parent)
    , m_hotkeys(hotkeys)
{
    setObjectName(QStringLiteral("hotkeysDialog"));
    setWindowTitle(tr("Hotkeys"));
    auto* intro = new QLabel(tr("These keys act in every window, also while another program has the focus. "
                                "Click a field and press the combination; Clear leaves the action without a key."),
        this);
    intro->setWordWrap(true);

    auto* grid = new QGridLayout;
    int row = 0;
    for (const QString& name : m_hotkeys.names()) {
        auto* label = new QLabel(m_hotkeys.description(name), this);
        auto* edit = new QKeySequenceEdit(m_hotkeys.binding(name), this);
        edit->setObjectName(QStringLiteral("hotkey:") + name);
        edit->setToolTip(tr("The key combination of “%1” (default: %2)")
                             .arg(m_hotkeys.description(name),
                                 m_hotkeys.defaultBinding(name).isEmpty()
                                     ? tr("none")
                                     : m_hotkeys.defaultBinding(name).toString(QKeySequence::NativeText)));
        label->setBuddy(edit);
        auto* clear = new QPushButton(tr("Clear"), this);
        clear->setToolTip(tr("No key for “%1”").arg(m_hotkeys.description(name)));
        auto* reset = new QPushButton(tr("Default"), this);
        reset->setToolTip(tr("Back to the default key"));
        auto* problem = new QLabel(this);
        problem->setObjectName(QStringLiteral("problem:") + name);
        problem->setStyleSheet(QStringLiteral("color: #ff8a80;"));
        problem->setWordWrap(true);
        problem->hide();
        grid->addWidget(label, row, 0);
        grid->addWidget(edit, row, 1);
        grid->addWidget(clear, row, 2);
        grid->addWidget(reset, row, 3);
        grid->addWidget(problem, row + 1, 1, 1, 3);
        row += 2;
        m_editors.insert(name, edit);
        m_problems.insert(name, problem);
        // QKeySequenceEdit takes up to four combinations; a hotkey is one, so the first ends it.
        connect(edit, &QKeySequenceEdit::editingFinished, this, [this, name, edit] {
            const QKeySequence seq = edit->keySequence();
            apply(name, seq.isEmpty() ? QKeySequence() : QKeySequence(seq[0]));
        });
        connect(clear, &QPushButton::clicked, this, [this, name] { apply(name, QKeySequence()); });
        connect(reset, &QPushButton::clicked, this, [this, name] { apply(name, m_hotkeys.defaultBinding(name)); });
    }
    auto* body = new QWidget(this);
    body->setLayout(grid);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(body);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(scroll, 1);
    layout->addWidget(buttons);
    resize(560, 420);
}

QString HotkeysDialog::problem(const QString& name) const
{
    const QLabel* label = m_problems.value(name);
    return label && !label->isHidden() ? label->text() : QString();
}

void HotkeysDialog::apply(const QString& name, const QKeySequence& binding)
{
    QString error;
    QLabel* problem = m_problems.value(name);
    QKeySequenceEdit* edit = m_editors.value(name);
    if (!m_hotkeys.setBinding(name, binding, &error)) {
        problem->setText(error);
        problem->show();
    } else {
        problem->hide();
    }
    // The field always shows what is bound now (a refused combination is not kept in it).
    const QSignalBlocker block(edit);
    edit->setKeySequence(m_hotkeys.binding(name));
}

} // namespace pinstage
