// SPDX-License-Identifier: GPL-2.0-or-later
#include "widgets/HotkeysEditor.h"

#include "obs/Hotkeys.h"

#include <QGridLayout>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>

namespace pinstage {

HotkeysEditor::HotkeysEditor(Hotkeys& hotkeys, Mode mode, QWidget* parent)
    : QWidget(parent)
    , m_hotkeys(hotkeys)
    , m_mode(mode)
{
    setObjectName(QStringLiteral("hotkeysEditor"));
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
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
        clear->setObjectName(QStringLiteral("clear:") + name);
        clear->setToolTip(tr("No key for “%1”").arg(m_hotkeys.description(name)));
        auto* reset = new QPushButton(tr("Default"), this);
        reset->setObjectName(QStringLiteral("default:") + name);
        reset->setToolTip(tr("Back to the default key"));
        auto* problem = new QLabel(this);
        problem->setObjectName(QStringLiteral("problem:") + name);
        problem->setStyleSheet(QStringLiteral("color: #ff8a80;"));
        problem->setWordWrap(true);
        problem->setTextFormat(Qt::PlainText);
        problem->hide();
        grid->addWidget(label, row, 0);
        grid->addWidget(edit, row, 1);
        grid->addWidget(clear, row, 2);
        grid->addWidget(reset, row, 3);
        grid->addWidget(problem, row + 1, 1, 1, 3);
        row += 2;
        m_editors.insert(name, edit);
        m_problems.insert(name, problem);
        m_shown.insert(name, m_hotkeys.binding(name));
        // QKeySequenceEdit takes up to four combinations; a hotkey is one, so the first ends it.
        connect(edit, &QKeySequenceEdit::editingFinished, this, [this, name, edit] {
            const QKeySequence seq = edit->keySequence();
            setBinding(name, seq.isEmpty() ? QKeySequence() : QKeySequence(seq[0]));
        });
        connect(clear, &QPushButton::clicked, this, [this, name] { setBinding(name, QKeySequence()); });
        connect(reset, &QPushButton::clicked, this, [this, name] { setBinding(name, m_hotkeys.defaultBinding(name)); });
    }
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(row, 1);
    if (m_mode == Mode::Immediate)
        connect(&m_hotkeys, &Hotkeys::bindingChanged, this, [this](const QString& name, const QKeySequence& binding) {
            if (m_editors.contains(name))
                showRow(name, binding, problem(name));
        });
}

QString HotkeysEditor::problem(const QString& name) const
{
    const QLabel* label = m_problems.value(name);
    return label && !label->isHidden() ? label->text() : QString();
}

QStringList HotkeysEditor::problems() const
{
    QStringList result;
    for (auto it = m_problems.cbegin(); it != m_problems.cend(); ++it)
        if (!it.value()->isHidden())
            result << it.key();
    result.sort();
    return result;
}

QString HotkeysEditor::rowWith(const QKeySequence& binding, const QString& except) const
{
    for (auto it = m_shown.cbegin(); it != m_shown.cend(); ++it)
        if (it.key() != except && it.value() == binding)
            return it.key();
    return {};
}

void HotkeysEditor::showRow(const QString& name, const QKeySequence& binding, const QString& problem)
{
    QLabel* label = m_problems.value(name);
    QKeySequenceEdit* edit = m_editors.value(name);
    if (!label || !edit)
        return;
    label->setText(problem);
    label->setVisible(!problem.isEmpty());
    m_shown.insert(name, binding);
    // The field always shows the combination the row holds (a refused one is not kept in it).
    const QSignalBlocker block(edit);
    edit->setKeySequence(binding);
}

void HotkeysEditor::setBinding(const QString& name, const QKeySequence& binding)
{
    if (!m_editors.contains(name))
        return;
    if (m_mode == Mode::Immediate) {
        QString error;
        const bool bound = m_hotkeys.setBinding(name, binding, &error);
        showRow(name, m_hotkeys.binding(name), bound ? QString() : error);
        if (bound)
            emit edited(name);
        return;
    }
    // Staged: the same checks as the registry's, against what the rows show now.
    const QKeySequence previous = m_shown.value(name);
    QString error;
    if (!binding.isEmpty()) {
        const QString keys = binding.toString(QKeySequence::NativeText);
        if (!Hotkeys::toObs(binding))
            error = tr("%1 cannot be a hotkey (use F1-F35, a letter, a digit, the keypad or a named key, with Ctrl, "
                       "Shift, Alt or Meta)")
                        .arg(keys);
        else if (const QString other = rowWith(binding, name); !other.isEmpty())
            error = tr("%1 is already the hotkey for “%2”: clear it there first.")
                        .arg(keys, m_hotkeys.description(other));
    }
    showRow(name, error.isEmpty() ? binding : previous, error);
    if (error.isEmpty() && binding != previous)
        emit edited(name);
}

bool HotkeysEditor::hasChanges() const
{
    for (auto it = m_shown.cbegin(); it != m_shown.cend(); ++it)
        if (m_hotkeys.binding(it.key()) != it.value())
            return true;
    return false;
}

bool HotkeysEditor::apply(QString* error)
{
    if (m_mode == Mode::Immediate)
        return true;
    QStringList changed;
    for (auto it = m_shown.cbegin(); it != m_shown.cend(); ++it)
        if (m_hotkeys.names().contains(it.key()) && m_hotkeys.binding(it.key()) != it.value())
            changed << it.key();
    // Free the changed rows' old combinations first, so that two actions can swap their keys.
    for (const QString& name : std::as_const(changed))
        m_hotkeys.setBinding(name, QKeySequence());
    bool ok = true;
    for (const QString& name : std::as_const(changed)) {
        QString why;
        if (!m_hotkeys.setBinding(name, m_shown.value(name), &why)) {
            ok = false;
            if (error && error->isEmpty())
                *error = why;
            showRow(name, m_hotkeys.binding(name), why);
        }
    }
    return ok;
}

} // namespace pinstage
