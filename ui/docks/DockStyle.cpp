// SPDX-License-Identifier: GPL-2.0-or-later
#include "DockStyle.h"

#include <QToolButton>
#include <QWidget>

namespace pinstage {

namespace {

    const char* const kDockStyle = R"(
QWidget#%1 { background: #161a21; }
QListWidget { background: #0e1014; border: 1px solid #2a313d; border-radius: 6px; color: #e8eaee; outline: none; padding: 2px; }
QListWidget::item { padding: 5px 6px; border-radius: 4px; color: #e8eaee; }
QListWidget::item:hover { background: #1c222c; }
QListWidget::item:selected { background: #2a3a5c; color: #ffffff; }
QListWidget QLineEdit { background: #1d222b; color: #ffffff; border: 1px solid #5b8def; padding: 2px 4px; }
QLabel { color: #c3c9d4; }
QLabel#sourceName { color: #e8eaee; background: transparent; }
QLabel#sourceName:disabled { color: #6b7380; }
QLabel#sourcesScene { color: #8b93a1; }
QWidget#sourceRow { background: transparent; }
QToolButton { min-width: 18px; }
QToolButton#visibility, QToolButton#lock { background: transparent; border: 1px solid transparent; padding: 2px; }
QToolButton#visibility:hover, QToolButton#lock:hover { border-color: #2f3745; }
QToolButton#lock:checked { background: #2a3a5c; border-color: #2f4a7a; }
QComboBox, QSpinBox { background: #0e1014; color: #e8eaee; border: 1px solid #2f3745; border-radius: 5px; padding: 4px 6px; }
QComboBox:disabled, QSpinBox:disabled { color: #5c6370; background: #14171d; }
QComboBox QAbstractItemView { background: #1d222b; color: #e8eaee; selection-background-color: #2a3a5c; }
)";

} // namespace

void applyDockStyle(QWidget* body)
{
    body->setStyleSheet(QString::fromLatin1(kDockStyle).arg(body->objectName()));
}

QToolButton* dockButton(const QString& name, const QString& text, const QString& tip)
{
    auto* b = new QToolButton;
    b->setObjectName(name);
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(false);
    return b;
}

} // namespace pinstage
