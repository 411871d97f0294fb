// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QDialog>

class QLabel;

namespace pinstage {

/// Help ▸ About Pinstage: what Pinstage is, its licence, and the versions it runs on — Pinstage
/// (QCoreApplication::applicationVersion()), libobs, Qt and FFmpeg as loaded at run time (see
/// Versions) — in a text the seller can select and paste into a bug report.
/// Thread contract: main thread.
class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);

    /// The versions, one "Name version" per line (what versionsLabel() shows).
    static QString versionsText();
    QLabel* versionsLabel() const { return m_versions; }

private:
    QLabel* m_versions;
};

} // namespace pinstage
