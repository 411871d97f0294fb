// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "catalog/ImportOptions.h"
#include "catalog/ImportReport.h"

#include <QDialog>

#include <atomic>
#include <functional>
#include <memory>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QThreadPool;

namespace pinstage {

/// Imports a product CSV in two steps: pick a file and see what would happen (a dry run: the
/// detected format, how many products and variants would be added, updated or left unchanged, and
/// every rejected row with its line, column and reason), then Import.
///
/// The importing itself is injected as a runner, called on a worker thread of the dialog's own
/// (it must open its own Catalog: a Catalog belongs to one thread). Runs are cancellable through
/// ImportOptions::progress, and a result that arrives after a newer run started, or after the
/// dialog closed, is dropped. Thread contract: main thread; the destructor waits for the worker.
class ImportDialog : public QDialog {
    Q_OBJECT
public:
    using Runner = std::function<ImportReport(const QString& file, const ImportOptions& options)>;

    explicit ImportDialog(Runner runner, QWidget* parent = nullptr);
    ~ImportDialog() override;

    /// Chooses FILE and starts its preview (what Browse… does after the file dialog).
    void setFile(const QString& file);
    QString file() const { return m_file; }
    /// True while a preview or an import runs.
    bool isBusy() const { return m_busy; }
    /// The last preview's report (dryRun true), or the import's once it ran.
    const ImportReport& report() const { return m_report; }

    QPushButton* importButton() const { return m_importButton; }
    QTableWidget* issuesTable() const { return m_issues; }
    QLabel* formatLabel() const { return m_formatLabel; }

public slots:
    void browse();
    void runImport();
    void reject() override;

signals:
    void previewReady(const pinstage::ImportReport& report);
    /// The import was written (possibly with rejected rows); the catalog changed.
    void imported(const pinstage::ImportReport& report);

private:
    void start(bool dryRun);
    void finished(quint64 generation, const ImportReport& report);
    void showReport(const ImportReport& report);
    void cancelRunning();

    Runner m_runner;
    QThreadPool* m_pool;
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic_bool> m_cancel;
    bool m_busy = false;
    bool m_lastRunWasDry = true;
    QString m_file;
    ImportReport m_report;

    QLabel* m_fileLabel;
    QComboBox* m_currency;
    QLabel* m_formatLabel;
    QLabel* m_countsLabel;
    QLabel* m_summaryLabel;
    QProgressBar* m_progress;
    QTableWidget* m_issues;
    QPushButton* m_importButton;
    QDialogButtonBox* m_buttons;
};

} // namespace pinstage
