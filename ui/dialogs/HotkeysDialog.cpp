// SPDX-License-Identifier: GPL-2.0-or-later
#include "HotkeysDialog.h"

#include "widgets/HotkeysEditor.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

namespace pinstage {

HotkeysDialog::HotkeysDialog(Hotkeys& hotkeys, QWidget* parent)
    : QDialog(parent)
    , m_editor(new HotkeysEditor(hotkeys, HotkeysEditor::Mode::Immediate))
{
    setObjectName(QStringLiteral("hotkeysDialog"));
    setWindowTitle(tr("Hotkeys"));
    auto* intro = new QLabel(tr("These keys act in every window, also while another program has the focus. "
                                "Click a field and press the combination; Clear leaves the action without a key."),
        this);
    intro->setWordWrap(true);

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(m_editor);
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

QKeySequenceEdit* HotkeysDialog::editor(const QString& name) const
{
    return m_editor->editor(name);
}

QString HotkeysDialog::problem(const QString& name) const
{
    return m_editor->problem(name);
}

} // namespace pinstage
