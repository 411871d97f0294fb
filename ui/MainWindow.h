// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "dialogs/ImportDialog.h"
#include "output/Broadcaster.h"

#include <QMainWindow>

class QDockWidget;

namespace pinstage {

class CatalogPanel;
class LiveControls;
class NoticeBar;
class PreviewWidget;
class StatsBar;
class Studio;

/// The studio window. It only composes: the program preview in the centre, the live controls on
/// top, the catalog dock on the right, problems in a notice strip, statistics in the status bar.
/// Each part is its own class and talks to the engine objects it was given.
///
/// Lifetime: the window must be destroyed before the Studio (the preview releases its libobs
/// display in its destructor). Thread contract: main thread.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(Studio& studio, QWidget* parent = nullptr);
    ~MainWindow() override;

    /// The destination Go Live streams to (e.g. from the command line). Kept in memory only.
    void setStreamTarget(const StreamTarget& target);
    /// How the import dialog imports (runs on a worker thread; must open its own Catalog).
    /// By default the catalog importer runs on the studio's catalog file.
    void setImportRunner(ImportDialog::Runner runner);

    PreviewWidget* preview() const { return m_preview; }
    CatalogPanel* catalogPanel() const { return m_catalog; }
    LiveControls* liveControls() const { return m_live; }
    StatsBar* statsBar() const { return m_stats; }
    NoticeBar* noticeBar() const { return m_notice; }

    /// The compiled-in dark studio theme (":/ui/studio.qss").
    static QString styleSheetText();

public slots:
    /// Opens the import dialog (modeless: the window stays usable while it reads the file).
    ImportDialog* openImportDialog();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    Studio& m_studio;
    ImportDialog::Runner m_importRunner;
    PreviewWidget* m_preview;
    NoticeBar* m_notice;
    LiveControls* m_live;
    StatsBar* m_stats;
    CatalogPanel* m_catalog;
    QDockWidget* m_catalogDock;
};

} // namespace pinstage
