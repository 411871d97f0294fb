// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "properties/PropertiesView.h"

#include <QDialog>

namespace pinstage {

/// A source's properties in a window of their own (not modal: the preview shows each edit live).
/// Close keeps what was edited (every edit is already applied and saved by the view's apply).
/// Thread contract: main thread; the source must outlive the dialog.
class PropertiesDialog : public QDialog {
    Q_OBJECT
public:
    PropertiesDialog(obs_source_t* source, const QString& title, QWidget* parent = nullptr);
    PropertiesView* view() const { return m_view; }

private:
    PropertiesView* m_view;
};

} // namespace pinstage
