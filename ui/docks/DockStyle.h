// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

class QToolButton;
class QWidget;

namespace pinstage {

/// The dark studio look of the composition docks (Scenes, Sources) for what the window's theme
/// (ui/resources/studio.qss) does not style: their lists, rows, combo and spin boxes. BODY is the
/// dock's content widget; it must have its object name set (the rules are scoped to it). GUI thread.
void applyDockStyle(QWidget* body);

/// A button of a dock's button row: object NAME (tests and the style sheet find it by it), face
/// TEXT and TIP (name the shortcut there where the action has one). GUI thread; the caller owns it.
QToolButton* dockButton(const QString& name, const QString& text, const QString& tip);

} // namespace pinstage
