// SPDX-License-Identifier: GPL-2.0-or-later
#include "dialogs/ImportDialog.h"
#include "dialogs/DialogFit.h"

#include <QBoxLayout>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableWidget>
#include <QThreadPool>

namespace pinstage {

ImportDialog::ImportDialog(Runner runner, QWidget* parent)
    : QDialog(parent)
    , m_runner(std::move(runner))
    , m_pool(new QThreadPool(this))
    , m_fileLabel(new QLabel(tr("No file chosen"), this))
    , m_currency(new QComboBox(this))
    , m_formatLabel(new QLabel(QStringLiteral("–"), this))
    , m_countsLabel(new QLabel(this))
    , m_summaryLabel(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_issues(new QTableWidget(0, 4, this))
    , m_importButton(new QPushButton(tr("Import"), this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("importDialog"));
    setWindowTitle(tr("Import products"));
    DialogFit::install(this); // grows when a warning or a longer line appears
    resize(760, 560);
    m_pool->setMaxThreadCount(1);

    auto* browseButton = new QPushButton(tr("Choose CSV…"), this);
    browseButton->setObjectName(QStringLiteral("browseButton"));
    connect(browseButton, &QPushButton::clicked, this, &ImportDialog::browse);
    m_fileLabel->setObjectName(QStringLiteral("importFile"));
    m_fileLabel->setTextFormat(Qt::PlainText);
    m_fileLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    for (const char* code : { "USD", "EUR", "GBP", "CAD", "AUD", "JPY", "CHF", "SEK", "PLN" })
        m_currency->addItem(QString::fromLatin1(code));
    m_currency->setToolTip(tr("Shopify and WooCommerce exports do not say their currency"));
    connect(m_currency, &QComboBox::currentTextChanged, this, [this] {
        if (!m_file.isEmpty())
            start(true);
    });

    m_formatLabel->setObjectName(QStringLiteral("importFormat"));
    m_countsLabel->setObjectName(QStringLiteral("importCounts"));
    m_countsLabel->setTextFormat(Qt::RichText);
    m_summaryLabel->setObjectName(QStringLiteral("importSummary"));
    m_summaryLabel->setWordWrap(true);
    m_summaryLabel->setTextFormat(Qt::PlainText);
    m_progress->setRange(0, 100);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(6);
    m_progress->hide();

    m_issues->setObjectName(QStringLiteral("importIssues"));
    m_issues->setHorizontalHeaderLabels({ tr("Line"), tr("Column"), tr("Problem"), tr("") });
    m_issues->setColumnHidden(3, true);
    m_issues->verticalHeader()->hide();
    m_issues->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_issues->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_issues->horizontalHeader()->setStretchLastSection(false);
    m_issues->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_issues->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_issues->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_issues->setWordWrap(false);

    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(m_fileLabel, 1);
    fileRow->addWidget(browseButton);

    auto* form = new QFormLayout;
    form->addRow(tr("File"), fileRow);
    form->addRow(tr("Currency"), m_currency);
    form->addRow(tr("Detected format"), m_formatLabel);
    form->addRow(tr("Would change"), m_countsLabel);

    auto* issuesTitle = new QLabel(tr("Rejected rows and warnings"), this);
    issuesTitle->setObjectName(QStringLiteral("sectionTitle"));

    m_importButton->setObjectName(QStringLiteral("importConfirm"));
    m_importButton->setEnabled(false);
    m_importButton->setDefault(true);
    m_buttons->addButton(m_importButton, QDialogButtonBox::AcceptRole);
    connect(m_importButton, &QPushButton::clicked, this, &ImportDialog::runImport);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ImportDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_summaryLabel);
    layout->addWidget(issuesTitle);
    layout->addWidget(m_issues, 1);
    layout->addWidget(m_buttons);
}

ImportDialog::~ImportDialog()
{
    cancelRunning();
    m_pool->waitForDone();
}

void ImportDialog::setFile(const QString& file)
{
    m_file = file;
    m_fileLabel->setText(QDir::toNativeSeparators(file));
    start(true);
}

void ImportDialog::browse()
{
    QString dir = m_file.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::DownloadLocation)
                                   : QFileInfo(m_file).absolutePath();
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Choose a product CSV"), dir, tr("CSV files (*.csv *.txt);;All files (*)"));
    if (!file.isEmpty())
        setFile(file);
}

void ImportDialog::runImport()
{
    if (m_file.isEmpty() || m_busy || !m_report.succeeded())
        return;
    start(false);
}

void ImportDialog::reject()
{
    cancelRunning();
    QDialog::reject();
}

void ImportDialog::cancelRunning()
{
    if (m_cancel)
        m_cancel->store(true);
}

void ImportDialog::start(bool dryRun)
{
    cancelRunning();
    const quint64 generation = ++m_generation;
    auto cancel = std::make_shared<std::atomic_bool>(false);
    m_cancel = cancel;
    m_busy = true;
    m_lastRunWasDry = dryRun;
    m_importButton->setEnabled(false);
    m_progress->setValue(0);
    m_progress->show();
    m_summaryLabel->setText(dryRun ? tr("Reading the file…") : tr("Importing…"));

    ImportOptions options;
    options.dryRun = dryRun;
    options.currency = m_currency->currentText();
    options.baseDir = QFileInfo(m_file).absolutePath();
    // The destructor waits for the pool, so `this` outlives the worker; queued results whose
    // generation is stale are dropped in finished().
    options.progress = [this, cancel, generation](double fraction) {
        QMetaObject::invokeMethod(
            this,
            [this, generation, fraction] {
                if (generation == m_generation)
                    m_progress->setValue(int(fraction * 100));
            },
            Qt::QueuedConnection);
        return !cancel->load();
    };
    const QString file = m_file;
    Runner runner = m_runner;
    m_pool->start([this, runner, file, options, generation] {
        ImportReport report = runner ? runner(file, options) : ImportReport {};
        if (!runner)
            report.refuse(tr("Importing is not available in this build."));
        QMetaObject::invokeMethod(
            this, [this, generation, report] { finished(generation, report); }, Qt::QueuedConnection);
    });
}

void ImportDialog::finished(quint64 generation, const ImportReport& report)
{
    if (generation != m_generation)
        return; // a newer run replaced this one
    m_busy = false;
    m_progress->hide();
    m_report = report;
    showReport(report);
    if (m_lastRunWasDry) {
        m_importButton->setEnabled(report.succeeded() && !report.cancelled);
        emit previewReady(report);
    } else if (report.succeeded()) {
        emit imported(report);
        accept();
    }
}

void ImportDialog::showReport(const ImportReport& r)
{
    const QLocale locale;
    m_formatLabel->setText(
        r.refused && r.format == CatalogFormat::Auto ? tr("Not recognised") : catalogFormatName(r.format));
    const auto n = [&](int v) { return locale.toString(v); };
    m_countsLabel->setText(
        tr("<b>%1</b> rows read · products: <b>%2</b> added, <b>%3</b> updated, %4 unchanged · "
           "variants: <b>%5</b> added, <b>%6</b> updated, %7 unchanged, %8 removed · "
           "<span style='color:#ef4444'><b>%9</b> rejected</span>")
            .arg(n(r.rowsRead), n(r.productsAdded), n(r.productsUpdated), n(r.productsUnchanged), n(r.variantsAdded),
                n(r.variantsUpdated), n(r.variantsUnchanged), n(r.variantsRemoved), n(r.rowsRejected())));
    if (r.refused)
        m_summaryLabel->setText(tr("This file cannot be imported: %1").arg(r.refusal));
    else if (r.cancelled)
        m_summaryLabel->setText(tr("Cancelled."));
    else
        m_summaryLabel->setText(r.summary());
    m_summaryLabel->setProperty("refused", r.refused);

    m_issues->setSortingEnabled(false);
    m_issues->setRowCount(0);
    const auto addIssue = [this](const ImportReport::Issue& issue, bool rejected) {
        const int row = m_issues->rowCount();
        m_issues->insertRow(row);
        auto* line = new QTableWidgetItem;
        line->setData(Qt::DisplayRole, issue.line);
        auto* column = new QTableWidgetItem(issue.column);
        auto* message = new QTableWidgetItem((rejected ? tr("Rejected: ") : tr("Warning: ")) + issue.message);
        message->setToolTip(issue.text());
        message->setForeground(rejected ? QColor(0xef, 0x44, 0x44) : QColor(0xf5, 0xa5, 0x24));
        m_issues->setItem(row, 0, line);
        m_issues->setItem(row, 1, column);
        m_issues->setItem(row, 2, message);
        m_issues->setItem(
            row, 3, new QTableWidgetItem(rejected ? QStringLiteral("rejected") : QStringLiteral("warning")));
    };
    for (const auto& issue : r.rejected)
        addIssue(issue, true);
    for (const auto& issue : r.warnings)
        addIssue(issue, false);
    m_issues->setSortingEnabled(true);
    m_issues->sortByColumn(0, Qt::AscendingOrder);
}

} // namespace pinstage
