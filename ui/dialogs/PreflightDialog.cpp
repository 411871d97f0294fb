// SPDX-License-Identifier: GPL-2.0-or-later
#include "dialogs/PreflightDialog.h"
#include "dialogs/DialogFit.h"

#include "output/IngestUrl.h"
#include "output/VideoBitrate.h"
#include "settings/StreamDestination.h"

#include <QBoxLayout>
#include <QCoreApplication>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyle>
#include <QUrl>
#include <algorithm>

namespace pinstage {
namespace {

    QString tr(const char* text, const char* disambiguation = nullptr, int n = -1)
    {
        return QCoreApplication::translate("PreflightDialog", text, disambiguation, n);
    }

    PreflightItem item(const QString& id, PreflightItem::Severity severity, const QString& text)
    {
        PreflightItem i;
        i.id = id;
        i.severity = severity;
        i.text = text;
        return i;
    }

} // namespace

QList<PreflightItem> preflightCheck(const PreflightFacts& f)
{
    using S = PreflightItem::Severity;
    QList<PreflightItem> items;

    // The destination and its key: without them nothing can stream.
    if (f.target.url.trimmed().isEmpty()) {
        items << item(QStringLiteral("destination"), S::Blocking,
            tr("No destination is set: choose the platform and its server."));
    } else {
        QString why;
        const bool urlOk
            = StreamTarget::validateUrl(f.target.url, &why, tr("Server URL"), tr("Stream key"), f.target.key);
        if (!urlOk)
            items << item(QStringLiteral("destination"), S::Blocking, tr("The server URL cannot be used: %1").arg(why));
        if (f.target.key.isEmpty())
            items << item(QStringLiteral("key"), S::Blocking,
                tr("No stream key for %1: paste this show's key from the platform.")
                    .arg(destinationDisplayName(f.destinationName, f.target.url).isEmpty()
                            ? tr("this destination")
                            : destinationDisplayName(f.destinationName, f.target.url)));
        else if (urlOk && !f.target.validate(&why, tr("Server URL"), tr("Stream key")))
            items << item(QStringLiteral("key"), S::Blocking, tr("The stream key cannot be used: %1").arg(why));
    }

    // Canvas and encoder: what the platform will accept.
    const QSize c = f.video.canvas;
    if (c.width() < 16 || c.height() < 16 || c.width() % 2 || c.height() % 2 || f.video.fps < 1 || f.video.fps > 120)
        items << item(QStringLiteral("canvas"), S::Blocking,
            tr("The canvas %1x%2 at %3 fps cannot be encoded: use even sizes and 1-120 fps.")
                .arg(c.width())
                .arg(c.height())
                .arg(f.video.fps));
    else if (c.height() < c.width())
        items << item(QStringLiteral("canvas"), S::Warning,
            tr("The canvas %1x%2 is landscape: TikTok, Whatnot and the other phone apps show a vertical picture "
               "(1080x1920) and will letterbox it.")
                .arg(c.width())
                .arg(c.height()));
    if (!VideoBitrate::accepts(f.encoder.videoBitrateKbps))
        items << item(QStringLiteral("encoder"), S::Blocking,
            tr("The video bitrate %1 kbps is outside %2-%3 kbps.")
                .arg(f.encoder.videoBitrateKbps)
                .arg(VideoBitrate::MinKbps)
                .arg(VideoBitrate::MaxKbps));
    else if (f.encoder.keyframeSeconds < 1 || f.encoder.keyframeSeconds > 4)
        items << item(QStringLiteral("encoder"), S::Warning,
            tr("A keyframe every %1 s: platforms expect one every 2 s; viewers may wait longer for the picture.")
                .arg(f.encoder.keyframeSeconds));

    // The microphone: a live-selling show is talked.
    if (f.microphoneWanted) {
        if (!f.audioServer)
            // Nothing in Pinstage fixes it (so no button): the seller starts the sound system.
            items << item(QStringLiteral("sound-system"), S::Warning,
                tr("No sound system answered (PulseAudio or PipeWire): the show will be silent. Start it "
                   "(e.g. systemctl --user start pipewire-pulse) and restart Pinstage to hear the microphone."));
        else if (f.microphones.isEmpty())
            items << item(
                QStringLiteral("microphone"), S::Warning, tr("The show has no microphone: viewers will not hear you."));
        for (const QString& mic : f.mutedMicrophones) {
            items << item(QStringLiteral("microphone-muted"), S::Warning,
                tr("“%1” is muted: viewers will not hear you.").arg(mic));
            items.last().subject = mic;
        }
    }

    // Room for the recording.
    if (!f.folderUsable) {
        items << item(QStringLiteral("recording-folder"), S::Warning,
            tr("The recording folder %1 cannot be written: a recording would fail.").arg(f.recordingFolder));
    } else if (f.freeBytes >= 0) {
        const double bytesPerMinute = (f.encoder.videoBitrateKbps + f.encoder.audioBitrateKbps) * 1000.0 / 8.0 * 60.0;
        const qint64 minutes = bytesPerMinute > 0 ? qint64(double(f.freeBytes) / bytesPerMinute) : 0;
        if (f.freeBytes < PreflightDialog::lowDiskBytes() || minutes < 60)
            items << item(QStringLiteral("disk-space"), S::Warning,
                tr("Only %1 free in the recording folder: room for about %2 min of recording.")
                    .arg(QLocale().formattedDataSize(f.freeBytes))
                    .arg(minutes));
    }

    std::stable_sort(items.begin(), items.end(),
        [](const PreflightItem& a, const PreflightItem& b) { return int(a.severity) < int(b.severity); });
    return items;
}

PreflightDialog::PreflightDialog(Check check, QWidget* parent)
    : QDialog(parent)
    , m_check(std::move(check))
    , m_list(nullptr)
    , m_listHost(new QWidget(this))
    , m_summary(new QLabel(this))
    , m_goLive(nullptr)
{
    setObjectName(QStringLiteral("preflightDialog"));
    setWindowTitle(tr("Before you go live"));
    // As tall as its rows need: grows when a row or a longer line appears, and shrinks after a fix
    // removed one (issue 8: it kept its old height).
    DialogFit::install(this, DialogFit::Mode::Snug);
    setMinimumWidth(560);

    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(12);
    auto* heading = new QLabel(tr("Pinstage checked the show before going live:"), this);
    heading->setObjectName(QStringLiteral("sectionTitle"));
    layout->addWidget(heading);
    m_listHost->setObjectName(QStringLiteral("preflightList"));
    m_list = new QVBoxLayout(m_listHost);
    m_list->setContentsMargins(0, 0, 0, 0);
    m_list->setSpacing(8);
    layout->addWidget(m_listHost);
    m_summary->setObjectName(QStringLiteral("hint"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    layout->addStretch(1);

    // Cancel, then Go live (red, as on the window's bar); not the default button: Enter must not go live.
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    auto* cancel = new QPushButton(tr("Cancel"), this);
    cancel->setObjectName(QStringLiteral("preflightCancel"));
    m_goLive = new QPushButton(tr("Go live"), this);
    m_goLive->setObjectName(QStringLiteral("preflightGoLive"));
    m_goLive->setAutoDefault(false);
    cancel->setAutoDefault(false);
    buttons->addWidget(cancel);
    buttons->addWidget(m_goLive);
    connect(m_goLive, &QPushButton::clicked, this, &QDialog::accept);
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
    layout->addLayout(buttons);

    recheck();
}

PreflightDialog::~PreflightDialog() = default;

bool PreflightDialog::hasBlocking() const
{
    return std::any_of(m_items.cbegin(), m_items.cend(),
        [](const PreflightItem& i) { return i.severity == PreflightItem::Severity::Blocking; });
}

QPushButton* PreflightDialog::fixButton(const QString& id) const
{
    return m_listHost->findChild<QPushButton*>(QStringLiteral("fix_") + id);
}

QString PreflightDialog::itemText(const QString& id) const
{
    for (const PreflightItem& i : m_items)
        if (i.id == id)
            return i.text;
    return {};
}

void PreflightDialog::recheck()
{
    m_items = m_check ? m_check() : QList<PreflightItem>();
    rebuild();
    emit checked();
}

void PreflightDialog::rebuild()
{
    // Rows are rebuilt from scratch: a fix may remove, add or change any of them.
    while (QLayoutItem* child = m_list->takeAt(0)) {
        if (QWidget* w = child->widget()) {
            // Out of the dialog at once (fixButton() must not find it), deleted later: its fix
            // button may be the one whose click is running this.
            w->hide();
            w->setParent(nullptr);
            w->deleteLater();
        }
        delete child;
    }
    for (const PreflightItem& i : std::as_const(m_items)) {
        const bool blocking = i.severity == PreflightItem::Severity::Blocking;
        auto* row = new QWidget(m_listHost);
        row->setObjectName(QStringLiteral("preflightItem"));
        row->setProperty("blocking", blocking);
        auto* h = new QHBoxLayout(row);
        h->setContentsMargins(10, 8, 10, 8);
        auto* icon = new QLabel(blocking ? QStringLiteral("✕") : QStringLiteral("!"), row);
        icon->setObjectName(QStringLiteral("preflightIcon"));
        icon->setToolTip(blocking ? tr("Blocks going live") : tr("A warning: you can go live anyway"));
        auto* text = new QLabel(i.text, row);
        text->setObjectName(QStringLiteral("preflightText_") + i.id);
        text->setWordWrap(true);
        text->setTextFormat(Qt::PlainText);
        h->addWidget(icon, 0, Qt::AlignTop);
        h->addWidget(text, 1);
        if (i.fix && !i.fixLabel.isEmpty()) {
            auto* fix = new QPushButton(i.fixLabel, row);
            fix->setObjectName(QStringLiteral("fix_") + i.id);
            connect(fix, &QPushButton::clicked, this, [fn = i.fix] { fn(); });
            h->addWidget(fix, 0, Qt::AlignVCenter);
        }
        m_list->addWidget(row);
        row->show(); // now, not queued: the height fitted below counts it
    }
    m_listHost->setVisible(!m_items.isEmpty());

    const bool blocking = hasBlocking();
    m_goLive->setEnabled(!blocking);
    m_goLive->setText(m_items.isEmpty() || blocking ? tr("Go live") : tr("Go live anyway"));
    if (m_items.isEmpty())
        m_summary->setText(tr("Everything is ready."));
    else if (blocking)
        m_summary->setText(tr("Fix the problems marked ✕ to go live; the others are warnings."));
    else
        m_summary->setText(tr("Only warnings are left: you can go live anyway."));
    if (isVisible())
        DialogFit::fit(this, DialogFit::Mode::Snug); // (and again once the new rows' layout is done)
    else
        adjustSize();
}

} // namespace pinstage
