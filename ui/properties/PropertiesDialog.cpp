// SPDX-License-Identifier: GPL-2.0-or-later
#include "properties/PropertiesDialog.h"

#include <QDialogButtonBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace pinstage {

PropertiesDialog::PropertiesDialog(obs_source_t* source, const QString& title, QWidget* parent)
    : QDialog(parent)
    , m_view(new PropertiesView(source, this))
{
    setObjectName(QStringLiteral("propertiesDialog"));
    setWindowTitle(title);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_view, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setToolTip(tr("Every change is already applied and saved (Esc)"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(520, 560);
}

} // namespace pinstage
