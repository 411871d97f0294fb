// SPDX-License-Identifier: GPL-2.0-or-later
#include "dialogs/SettingsDialog.h"
#include "dialogs/DialogFit.h"

#include "output/ObsOutputs.h"
#include "scene/SceneCollection.h"
#include "settings/Settings.h"
#include "show/ShowController.h"
#include "show/Studio.h"
#include "widgets/HotkeysEditor.h"

#include <QBoxLayout>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QImageReader>
#include <QJsonObject>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QStyle>
#include <QTabWidget>

#include <obs.h>

#include <algorithm>

namespace pinstage {
namespace {

    const QString MicrophoneType = QStringLiteral("pulse_input_capture");
    const QString DesktopAudioType = QStringLiteral("pulse_output_capture");

    // The devices a PulseAudio source type offers (libobs's own "device_id" list): id, name.
    QList<QPair<QString, QString>> audioDevices(const QString& type)
    {
        QList<QPair<QString, QString>> devices;
        obs_properties_t* props = obs_get_source_properties(type.toUtf8().constData());
        if (!props)
            return devices;
        if (obs_property_t* list = obs_properties_get(props, "device_id")) {
            for (size_t i = 0; i < obs_property_list_item_count(list); ++i) {
                const QString id = QString::fromUtf8(obs_property_list_item_string(list, i));
                if (id.isEmpty() || id == QLatin1String("default"))
                    continue; // "Default" is our own first entry
                devices.append({ id, QString::fromUtf8(obs_property_list_item_name(list, i)) });
            }
        }
        obs_properties_destroy(props);
        return devices;
    }

    std::optional<int> wholeNumber(const QString& text, int min, int max)
    {
        bool ok = false;
        const int v = text.trimmed().toInt(&ok);
        return ok && v >= min && v <= max ? std::optional<int>(v) : std::nullopt;
    }

    // The first source of TYPE in the collection (the microphone, the desktop audio), if any.
    const SourceDocument* sourceOfType(const SceneCollection& scenes, const QString& type, const QString& preferred)
    {
        const CollectionDocument& doc = scenes.document();
        if (const SourceDocument* s = doc.source(preferred); s && s->type == type)
            return s;
        for (const SourceDocument& s : doc.sources)
            if (s.type == type)
                return &s;
        return nullptr;
    }

} // namespace

SettingsDialog::SettingsDialog(Settings& settings, Studio* studio, QWidget* parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_studio(studio)
    , m_tabs(new QTabWidget(this))
    , m_saveError(new QLabel(this))
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    DialogFit::install(this); // grows when a warning or a longer line appears
    setMinimumWidth(620);

    const auto page = [this](const QString& name, const QString& title, const QString& applies) {
        auto* w = new QWidget;
        w->setObjectName(QStringLiteral("page_") + name);
        auto* v = new QVBoxLayout(w);
        v->setContentsMargins(16, 16, 16, 12);
        auto* form = new QFormLayout;
        form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
        form->setRowWrapPolicy(QFormLayout::DontWrapRows);
        form->setVerticalSpacing(4);
        form->setHorizontalSpacing(14);
        v->addLayout(form);
        v->addStretch(1);
        auto* note = new QLabel(applies, w);
        note->setObjectName(QStringLiteral("appliesNote"));
        note->setWordWrap(true);
        v->addWidget(note);
        m_tabs->addTab(w, title);
        return form;
    };

    // Video.
    QFormLayout* video = page(QStringLiteral("video"), tr("Video"),
        tr("The canvas and frame rate apply at the next start of Pinstage (the scenes are laid out for them)."));
    auto* canvas = new QComboBox;
    canvas->setEditable(true);
    canvas->addItems({ QStringLiteral("1080x1920"), QStringLiteral("720x1280"), QStringLiteral("1920x1080"),
        QStringLiteral("1280x720") });
    addField(video, QStringLiteral("canvas"), tr("Canvas"), canvas,
        tr("Width x height in pixels, even numbers. Phone apps want vertical 1080x1920."));
    auto* fps = new QComboBox;
    fps->setEditable(true);
    fps->addItems({ QStringLiteral("30"), QStringLiteral("25"), QStringLiteral("24"), QStringLiteral("50"),
        QStringLiteral("60") });
    addField(video, QStringLiteral("fps"), tr("Frame rate"), fps, tr("Frames per second, 1-120 (platforms want 30)."));
    m_videoNote = video->parentWidget()->findChild<QLabel*>(QStringLiteral("appliesNote"));

    // Encoder.
    QFormLayout* encoder = page(QStringLiteral("encoder"), tr("Encoder"),
        tr("Applied at once while no show runs; during a show, from the next one."));
    auto* preset = new QComboBox;
    for (const QString& name : Settings::x264Presets())
        preset->addItem(name, name);
    addField(encoder, QStringLiteral("preset"), tr("x264 preset"), preset,
        tr("Faster presets use less processor and give a softer picture at the same bitrate."));
    addField(encoder, QStringLiteral("bitrate"), tr("Video bitrate (kbps)"), new QLineEdit,
        tr("%1-%2 kbps; constant bitrate.").arg(Settings::EncoderBitrateMinKbps).arg(Settings::EncoderBitrateMaxKbps));
    addField(encoder, QStringLiteral("keyframe"), tr("Keyframe interval (seconds)"), new QLineEdit,
        tr("1-10 seconds; every platform here wants 2."));
    auto* profile = new QComboBox;
    profile->addItem(tr("Live selling: a pinned card reaches viewers fastest"),
        EncoderSettings::profileName(EncoderSettings::Profile::LiveSelling));
    profile->addItem(tr("Quality: a better picture, cards about half a second later"),
        EncoderSettings::profileName(EncoderSettings::Profile::Quality));
    addField(encoder, QStringLiteral("profile"), tr("Profile"), profile);

    // Audio.
    QFormLayout* audio = page(QStringLiteral("audio"), tr("Audio"),
        tr("Applied at once to the show's microphone and desktop audio, and used at every start."));
    auto* mic = new QComboBox;
    mic->addItem(tr("Default input of the system"), QString());
    for (const auto& [id, name] : audioDevices(MicrophoneType))
        mic->addItem(name, id);
    mic->addItem(tr("No microphone"), QStringLiteral("none"));
    addField(audio, QStringLiteral("microphone"), tr("Microphone"), mic);
    auto* desktop = new QComboBox;
    desktop->addItem(tr("Default output of the system"), QString());
    for (const auto& [id, name] : audioDevices(DesktopAudioType))
        desktop->addItem(name, id);
    addField(audio, QStringLiteral("desktop_audio"), tr("Desktop audio"), desktop,
        tr("What the computer plays (music, a product video) goes into the show."));

    // Recording.
    QFormLayout* recording = page(QStringLiteral("recording"), tr("Recording"), tr("Applied at once."));
    auto* folderRow = new QWidget;
    auto* folderLayout = new QHBoxLayout(folderRow);
    folderLayout->setContentsMargins(0, 0, 0, 0);
    auto* folder = new QLineEdit;
    auto* browseFolder = new QPushButton(tr("Browse…"));
    folderLayout->addWidget(folder, 1);
    folderLayout->addWidget(browseFolder);
    m_fields.insert(QStringLiteral("recording_folder"), folder);
    addField(recording, QStringLiteral("recording_folder"), tr("Recording folder"), folderRow,
        tr("Recordings are .mkv files named by date and time (they survive a crash)."));
    connect(browseFolder, &QPushButton::clicked, this, [this, folder] {
        QFileDialog dialog(this, tr("Recording folder"), folder->text());
        dialog.setFileMode(QFileDialog::Directory);
        dialog.setOption(QFileDialog::ShowDirsOnly);
        dialog.setOption(QFileDialog::DontUseNativeDialog); // the studio theme reaches it
        if (dialog.exec() == QDialog::Accepted && !dialog.selectedFiles().isEmpty())
            setFieldText(QStringLiteral("recording_folder"), QDir::toNativeSeparators(dialog.selectedFiles().first()));
    });

    // Show.
    QFormLayout* show = page(QStringLiteral("show"), tr("Show"),
        tr("Applied at once to the program's title and logo. Stream keys are kept in the destination dialog, "
           "never here."));
    addField(
        show, QStringLiteral("title"), tr("Show title"), new QLineEdit, tr("Drawn on the program, 1-100 characters."));
    auto* logoRow = new QWidget;
    auto* logoLayout = new QHBoxLayout(logoRow);
    logoLayout->setContentsMargins(0, 0, 0, 0);
    auto* logo = new QLineEdit;
    logo->setPlaceholderText(tr("The logo of the scene collection"));
    auto* browseLogo = new QPushButton(tr("Browse…"));
    logoLayout->addWidget(logo, 1);
    logoLayout->addWidget(browseLogo);
    m_fields.insert(QStringLiteral("logo"), logo);
    addField(show, QStringLiteral("logo"), tr("Shop logo"), logoRow,
        tr("A PNG or JPEG image; a transparent PNG looks best."));
    connect(browseLogo, &QPushButton::clicked, this, [this, logo] {
        QFileDialog dialog(
            this, tr("Shop logo"), QFileInfo(logo->text()).absolutePath(), tr("Images (*.png *.jpg *.jpeg *.webp)"));
        dialog.setFileMode(QFileDialog::ExistingFile);
        dialog.setOption(QFileDialog::DontUseNativeDialog);
        if (dialog.exec() == QDialog::Accepted && !dialog.selectedFiles().isEmpty())
            setFieldText(QStringLiteral("logo"), QDir::toNativeSeparators(dialog.selectedFiles().first()));
    });
    m_destinations = new QPushButton(tr("Destinations and stream keys…"));
    m_destinations->setObjectName(QStringLiteral("destinationsButton"));
    connect(m_destinations, &QPushButton::clicked, this, &SettingsDialog::destinationsRequested);
    show->addRow(QString(), m_destinations);

    // Hotkeys: the editor arrives with setHotkeys() (the window owns the registry).
    m_hotkeysPage = new QWidget;
    m_hotkeysPage->setObjectName(QStringLiteral("page_hotkeys"));
    {
        auto* v = new QVBoxLayout(m_hotkeysPage);
        v->setContentsMargins(16, 16, 16, 12);
        auto* intro = new QLabel(tr("These keys act in every window, also while another program has the focus. "
                                    "Click a field and press the combination; Clear leaves the action without a key."),
            m_hotkeysPage);
        intro->setWordWrap(true);
        v->addWidget(intro);
        auto* none = new QLabel(tr("The hotkeys are set in the studio window."), m_hotkeysPage);
        none->setObjectName(QStringLiteral("noHotkeys"));
        v->addWidget(none, 1);
        auto* note = new QLabel(tr("Applied when you save."), m_hotkeysPage);
        note->setObjectName(QStringLiteral("appliesNote"));
        note->setWordWrap(true);
        v->addWidget(note);
    }
    m_tabs->addTab(m_hotkeysPage, tr("Hotkeys"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    m_saveError->setObjectName(QStringLiteral("destinationError"));
    m_saveError->setWordWrap(true);
    m_saveError->hide();
    layout->addWidget(m_saveError);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    load();
    // Check as the seller edits, so the message appears next to the field at once.
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        const QString name = it.key();
        if (auto* edit = qobject_cast<QLineEdit*>(it.value()))
            connect(edit, &QLineEdit::textEdited, this, [this, name] { validateField(name); });
        else if (auto* box = qobject_cast<QComboBox*>(it.value()); box && box->isEditable())
            connect(box, &QComboBox::editTextChanged, this, [this, name] { validateField(name); });
    }
    // The Video page says at once what a new canvas or frame rate means for the running program.
    for (const QString& name : { QStringLiteral("canvas"), QStringLiteral("fps") })
        if (auto* box = qobject_cast<QComboBox*>(m_fields.value(name)))
            connect(box, &QComboBox::editTextChanged, this, &SettingsDialog::updateVideoNote);
    if (m_studio)
        connect(&m_studio->show(), &ShowController::stateChanged, this, &SettingsDialog::updateVideoNote);
    updateVideoNote();
}

void SettingsDialog::updateVideoNote()
{
    if (!m_videoNote)
        return;
    QString note = tr("The canvas and frame rate apply at the next start of Pinstage (the scenes are laid out for "
                      "them).");
    bool differs = false;
    if (m_studio) {
        const VideoSettings running = m_studio->options().video;
        const std::optional<QSize> canvas = VideoSettings::parseCanvas(text(QStringLiteral("canvas")), nullptr);
        const std::optional<int> fps = wholeNumber(text(QStringLiteral("fps")), 1, 120);
        if (canvas && fps && (*canvas != running.canvas || *fps != running.fps)) {
            differs = true;
            const QString entered = tr("%1x%2 at %3 fps").arg(canvas->width()).arg(canvas->height()).arg(*fps);
            const QString now
                = tr("%1x%2 at %3 fps").arg(running.canvas.width()).arg(running.canvas.height()).arg(running.fps);
            note = m_studio->show().state() != ShowController::State::Idle
                ? tr("%1 takes effect at the next start of Pinstage. This show keeps %2 to its end.").arg(entered, now)
                : tr("%1 takes effect at the next start of Pinstage: quit and start it again to use it. Until then "
                     "the program stays %2.")
                      .arg(entered, now);
        }
    }
    m_videoNote->setText(note);
    if (m_videoNote->property("warning").toBool() != differs) {
        m_videoNote->setProperty("warning", differs);
        m_videoNote->style()->unpolish(m_videoNote);
        m_videoNote->style()->polish(m_videoNote);
    }
}

SettingsDialog::~SettingsDialog() = default;

QStringList SettingsDialog::pageNames()
{
    return { QStringLiteral("video"), QStringLiteral("encoder"), QStringLiteral("audio"), QStringLiteral("recording"),
        QStringLiteral("show"), QStringLiteral("hotkeys") };
}

void SettingsDialog::setHotkeys(Hotkeys* hotkeys)
{
    if (!hotkeys || m_hotkeysEditor)
        return;
    m_hotkeysEditor = new HotkeysEditor(*hotkeys, HotkeysEditor::Mode::Staged);
    auto* scroll = new QScrollArea(m_hotkeysPage);
    scroll->setObjectName(QStringLiteral("hotkeysScroll"));
    scroll->setWidget(m_hotkeysEditor);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // The wheel and the arrows move by a row (a key field and its spacing), not by a few pixels.
    if (QWidget* row = m_hotkeysEditor->findChild<QKeySequenceEdit*>())
        scroll->verticalScrollBar()->setSingleStep(row->sizeHint().height() + 6);
    auto* v = qobject_cast<QVBoxLayout*>(m_hotkeysPage->layout());
    QWidget* none = m_hotkeysPage->findChild<QWidget*>(QStringLiteral("noHotkeys"));
    v->replaceWidget(none, scroll);
    delete none;
}

void SettingsDialog::showPage(const QString& name)
{
    const int index = int(pageNames().indexOf(name));
    if (index >= 0)
        m_tabs->setCurrentIndex(index);
}

QString SettingsDialog::currentPage() const
{
    return pageNames().value(m_tabs->currentIndex());
}

QLabel* SettingsDialog::addField(
    QFormLayout* form, const QString& name, const QString& label, QWidget* widget, const QString& hint)
{
    if (!m_fields.contains(name))
        m_fields.insert(name, widget);
    m_fields.value(name)->setObjectName(QStringLiteral("field_") + name);
    m_pages.insert(name, form->parentWidget()->objectName().mid(5));

    if (qobject_cast<QComboBox*>(widget))
        widget->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed); // as wide as the text fields
    auto* cell = new QWidget;
    auto* v = new QVBoxLayout(cell);
    v->setContentsMargins(0, 0, 0, 6);
    v->setSpacing(3);
    v->addWidget(widget);
    auto* error = new QLabel(cell);
    error->setObjectName(QStringLiteral("fieldError_") + name);
    error->setProperty("fieldError", true);
    error->setWordWrap(true);
    error->setTextFormat(Qt::PlainText);
    error->hide();
    v->addWidget(error);
    if (!hint.isEmpty()) {
        auto* h = new QLabel(hint, cell);
        h->setObjectName(QStringLiteral("hint"));
        h->setWordWrap(true);
        v->addWidget(h);
    }
    auto* l = new QLabel(label);
    l->setBuddy(m_fields.value(name));
    form->addRow(l, cell);
    m_errors.insert(name, error);
    return error;
}

QWidget* SettingsDialog::field(const QString& name) const
{
    return m_fields.value(name);
}

QLabel* SettingsDialog::errorLabel(const QString& name) const
{
    return m_errors.value(name);
}

QString SettingsDialog::text(const QString& name) const
{
    QWidget* w = m_fields.value(name);
    if (auto* edit = qobject_cast<QLineEdit*>(w))
        return edit->text().trimmed();
    if (auto* box = qobject_cast<QComboBox*>(w))
        return box->isEditable() ? box->currentText().trimmed() : box->currentData().toString();
    return {};
}

void SettingsDialog::setFieldText(const QString& name, const QString& value)
{
    QWidget* w = m_fields.value(name);
    if (auto* edit = qobject_cast<QLineEdit*>(w))
        edit->setText(value);
    else if (auto* box = qobject_cast<QComboBox*>(w)) {
        if (box->isEditable())
            box->setEditText(value);
        else if (const int i = box->findData(value); i >= 0)
            box->setCurrentIndex(i);
    }
    validateField(name);
}

void SettingsDialog::setBitrateCeiling(int kbps, const QString& platform)
{
    m_ceilingKbps = kbps;
    m_ceilingPlatform = platform;
    validateField(QStringLiteral("bitrate"));
}

void SettingsDialog::setError(const QString& name, const QString& error)
{
    QLabel* label = m_errors.value(name);
    if (!label)
        return;
    label->setText(error);
    label->setVisible(!error.isEmpty());
    QWidget* w = m_fields.value(name);
    w->setProperty("invalid", !error.isEmpty());
    w->style()->unpolish(w);
    w->style()->polish(w);
    markPages();
}

QStringList SettingsDialog::pagesWithErrors() const
{
    QStringList pages;
    for (const QString& page : pageNames()) {
        for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it) {
            if (!it.value()->text().isEmpty() && m_pages.value(it.key()) == page) {
                pages << page;
                break;
            }
        }
    }
    return pages;
}

void SettingsDialog::markPages()
{
    static const QIcon warning = [] {
        // A red disc with a white "!", drawn at twice the size so it stays sharp on high-DPI screens.
        QPixmap pixmap(32, 32);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xff, 0x3b, 0x5c));
        p.drawEllipse(QRectF(2, 2, 28, 28));
        p.setPen(Qt::white);
        QFont font = p.font();
        font.setPixelSize(22);
        font.setBold(true);
        p.setFont(font);
        p.drawText(QRectF(0, 0, 32, 32), Qt::AlignCenter, QStringLiteral("!"));
        p.end();
        pixmap.setDevicePixelRatio(2);
        return QIcon(pixmap);
    }();
    const QStringList names = pageNames();
    for (int i = 0; i < names.size() && i < m_tabs->count(); ++i) {
        int wrong = 0;
        for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it)
            if (!it.value()->text().isEmpty() && m_pages.value(it.key()) == names.at(i))
                ++wrong;
        m_tabs->setTabIcon(i, wrong > 0 ? warning : QIcon());
        m_tabs->setTabToolTip(i,
            wrong == 0       ? QString()
                : wrong == 1 ? tr("%n field needs attention on this page", nullptr, wrong)
                             : tr("%n fields need attention on this page", nullptr, wrong));
    }
}

void SettingsDialog::showEvent(QShowEvent* event)
{
    QDialog::showEvent(event);
    if (m_grown || !m_hotkeysEditor)
        return;
    m_grown = true;
    auto* scroll = m_hotkeysPage->findChild<QScrollArea*>(QStringLiteral("hotkeysScroll"));
    if (!scroll)
        return;
    // Laid out as it will be shown, then grown by what the Hotkeys page lacks, up to the screen.
    m_hotkeysPage->resize(m_tabs->currentWidget()->size());
    m_hotkeysPage->layout()->activate();
    const int lacking = m_hotkeysEditor->sizeHint().height() - scroll->viewport()->height();
    QScreen* screen = this->screen();
    if (lacking <= 0 || !screen)
        return;
    const QRect avail = screen->availableGeometry();
    const int frame = frameGeometry().height() - height();
    const int height = std::min(this->height() + lacking, avail.height() - frame);
    if (height <= this->height())
        return;
    resize(width(), height);
    // Kept on the screen, centred vertically if it had to move.
    QRect g = frameGeometry();
    g.setHeight(height + frame);
    if (g.bottom() > avail.bottom() || g.top() < avail.top())
        move(x(), avail.top() + (avail.height() - g.height()) / 2);
}

QString SettingsDialog::check(const QString& name) const
{
    const QString v = text(name);
    if (name == QLatin1String("canvas")) {
        QString why;
        if (!VideoSettings::parseCanvas(v, &why))
            return why.isEmpty() ? tr("Write the canvas as WIDTHxHEIGHT, e.g. 1080x1920.") : why;
    } else if (name == QLatin1String("fps")) {
        if (!wholeNumber(v, 1, 120))
            return tr("“%1” is not a whole number of frames per second from 1 to 120.").arg(v.left(20));
    } else if (name == QLatin1String("bitrate")) {
        const auto kbps = wholeNumber(v, Settings::EncoderBitrateMinKbps, Settings::EncoderBitrateMaxKbps);
        if (!kbps)
            return tr("“%1” is not a bitrate from %2 to %3 kbps.")
                .arg(v.left(20))
                .arg(Settings::EncoderBitrateMinKbps)
                .arg(Settings::EncoderBitrateMaxKbps);
        if (m_ceilingKbps > 0 && *kbps > m_ceilingKbps)
            return tr("%1 accepts at most %2 kbps: the stream would be refused or cut.")
                .arg(m_ceilingPlatform)
                .arg(m_ceilingKbps);
    } else if (name == QLatin1String("keyframe")) {
        if (!wholeNumber(v, 1, 10))
            return tr("“%1” is not a keyframe interval from 1 to 10 seconds.").arg(v.left(20));
    } else if (name == QLatin1String("recording_folder")) {
        if (v.isEmpty())
            return tr("Choose the folder recordings go to.");
        const QFileInfo info(QDir::fromNativeSeparators(v));
        if (info.isRelative())
            return tr("Write the whole path (starting with /).");
        if (info.exists() && !info.isDir())
            return tr("This is a file, not a folder.");
        // The folder itself or the nearest folder above that exists must be writable.
        QFileInfo existing = info;
        while (!existing.exists() && existing.absoluteFilePath() != existing.absolutePath())
            existing = QFileInfo(existing.absolutePath());
        if (!existing.isDir() || !existing.isWritable())
            return tr("Pinstage cannot write in %1.").arg(QDir::toNativeSeparators(existing.absoluteFilePath()));
    } else if (name == QLatin1String("title")) {
        if (v.isEmpty())
            return tr("The show needs a title (it is drawn on the program).");
        if (v.size() > 100)
            return tr("The title has %1 characters; at most 100 fit on the program.").arg(v.size());
    } else if (name == QLatin1String("logo")) {
        if (v.isEmpty())
            return {};
        const QFileInfo info(QDir::fromNativeSeparators(v));
        if (!info.exists())
            return tr("There is no file %1.").arg(v);
        QImageReader reader(info.absoluteFilePath());
        if (!reader.canRead())
            return tr("%1 is not an image Pinstage can read (PNG or JPEG).").arg(info.fileName());
    }
    return {};
}

bool SettingsDialog::validateField(const QString& name)
{
    const QString error = check(name);
    setError(name, error);
    return error.isEmpty();
}

QStringList SettingsDialog::validateAll()
{
    QStringList wrong;
    // In page order, so the first wrong field is the first one the seller meets.
    const QStringList order { QStringLiteral("canvas"), QStringLiteral("fps"), QStringLiteral("preset"),
        QStringLiteral("bitrate"), QStringLiteral("keyframe"), QStringLiteral("profile"), QStringLiteral("microphone"),
        QStringLiteral("desktop_audio"), QStringLiteral("recording_folder"), QStringLiteral("title"),
        QStringLiteral("logo") };
    for (const QString& name : order)
        if (!validateField(name))
            wrong << name;
    return wrong;
}

QString SettingsDialog::pageOf(const QString& name) const
{
    return m_pages.value(name);
}

void SettingsDialog::load()
{
    const VideoSettings video = m_studio ? m_studio->options().video : m_settings.video();
    const VideoSettings saved = m_settings.video();
    // What the next start will use: the file's values (the command line may differ for this session).
    setFieldText(
        QStringLiteral("canvas"), QStringLiteral("%1x%2").arg(saved.canvas.width()).arg(saved.canvas.height()));
    setFieldText(QStringLiteral("fps"), QString::number(saved.fps));
    const EncoderSettings e = m_settings.hasEncoder() || !m_studio ? m_settings.encoder(video.canvas, video.fps)
                                                                   : m_studio->outputs().encoders().settings();
    setFieldText(QStringLiteral("preset"), e.x264Preset);
    setFieldText(QStringLiteral("bitrate"), QString::number(e.videoBitrateKbps));
    setFieldText(QStringLiteral("keyframe"), QString::number(e.keyframeSeconds));
    setFieldText(QStringLiteral("profile"), EncoderSettings::profileName(e.profile));
    auto* mic = qobject_cast<QComboBox*>(field(QStringLiteral("microphone")));
    const QString micDevice = m_settings.microphoneDevice();
    if (!micDevice.isEmpty() && mic->findData(micDevice) < 0)
        mic->insertItem(mic->count() - 1, tr("%1 (not connected)").arg(micDevice), micDevice);
    setFieldText(QStringLiteral("microphone"), micDevice);
    auto* desktop = qobject_cast<QComboBox*>(field(QStringLiteral("desktop_audio")));
    const QString desktopDevice = m_settings.desktopAudioDevice();
    if (!desktopDevice.isEmpty() && desktop->findData(desktopDevice) < 0)
        desktop->addItem(tr("%1 (not connected)").arg(desktopDevice), desktopDevice);
    setFieldText(QStringLiteral("desktop_audio"), desktopDevice);
    setFieldText(QStringLiteral("recording_folder"), QDir::toNativeSeparators(m_settings.recordingFolder()));
    QString title = m_settings.showTitle();
    if (title.isEmpty())
        title = m_studio ? m_studio->options().title : Studio::Options().title;
    setFieldText(QStringLiteral("title"), title);
    setFieldText(QStringLiteral("logo"), QDir::toNativeSeparators(m_settings.logoFile()));
    // Values that came from the file are shown as they are; none is flagged before the seller edits.
    for (QLabel* l : std::as_const(m_errors))
        if (!l->text().isEmpty())
            l->setVisible(true);
}

void SettingsDialog::accept()
{
    const QStringList wrong = validateAll();
    if (!wrong.isEmpty()) {
        // Nothing is written while a field is wrong: show the first one, with its message.
        showPage(pageOf(wrong.first()));
        m_fields.value(wrong.first())->setFocus();
        QStringList titles;
        for (const QString& page : pagesWithErrors())
            titles << m_tabs->tabText(int(pageNames().indexOf(page))).remove(QLatin1Char('&'));
        QString where = titles.value(0);
        if (titles.size() > 1)
            where = tr("%1 and %2").arg(titles.mid(0, titles.size() - 1).join(tr(", ")), titles.last());
        const int n = int(wrong.size());
        m_saveError->setText(titles.size() > 1
                ? tr("%n fields need attention, on the %1 pages: nothing was saved.", nullptr, n).arg(where)
                : n == 1 ? tr("%n field needs attention, on the %1 page: nothing was saved.", nullptr, n).arg(where)
                         : tr("%n fields need attention, on the %1 page: nothing was saved.", nullptr, n).arg(where));
        m_saveError->show();
        return;
    }
    QStringList later;
    QString error;
    if (!save(&later, &error)) {
        m_saveError->setText(error);
        m_saveError->show();
        return;
    }
    // The keys last: binding them saves the settings file again through the window.
    if (m_hotkeysEditor && !m_hotkeysEditor->apply(&error)) {
        showPage(QStringLiteral("hotkeys"));
        m_saveError->setText(tr("The other settings were saved; a hotkey was not: %1").arg(error));
        m_saveError->show();
        return;
    }
    m_saveError->hide();
    emit applied(later);
    QDialog::accept();
}

bool SettingsDialog::save(QStringList* later, QString* error)
{
    VideoSettings video;
    video.canvas = *VideoSettings::parseCanvas(text(QStringLiteral("canvas")), nullptr);
    video.fps = text(QStringLiteral("fps")).toInt();
    const auto profile = EncoderSettings::parseProfile(text(QStringLiteral("profile")))
                             .value_or(EncoderSettings::Profile::LiveSelling);
    EncoderSettings encoder = EncoderSettings::forCanvas(video.canvas, video.fps, profile);
    encoder.x264Preset = text(QStringLiteral("preset"));
    encoder.videoBitrateKbps = text(QStringLiteral("bitrate")).toInt();
    encoder.keyframeSeconds = text(QStringLiteral("keyframe")).toInt();
    const QString folder = QDir::fromNativeSeparators(text(QStringLiteral("recording_folder")));
    const QString title = text(QStringLiteral("title"));
    const QString logo = QDir::fromNativeSeparators(text(QStringLiteral("logo")));
    const QString mic = text(QStringLiteral("microphone"));
    const QString desktop = text(QStringLiteral("desktop_audio"));

    const QString oldFolder = m_settings.recordingFolder();
    const QString oldTitle = m_settings.showTitle();
    const QString oldLogo = m_settings.logoFile();
    const QString oldMic = m_settings.microphoneDevice();
    const QString oldDesktop = m_settings.desktopAudioDevice();
    m_settings.setVideo(video);
    m_settings.setEncoder(encoder);
    m_settings.setMicrophoneDevice(mic);
    m_settings.setDesktopAudioDevice(desktop);
    m_settings.setRecordingFolder(folder);
    m_settings.setShowTitle(title);
    m_settings.setLogoFile(logo);
    if (!m_settings.save(error))
        return false;
    if (folder != oldFolder)
        emit recordingFolderChanged(folder);
    if (!m_studio)
        return true;

    // What the engine takes now.
    const VideoSettings running = m_studio->options().video;
    if (video.canvas != running.canvas || video.fps != running.fps)
        *later << tr("the canvas %1x%2 at %3 fps applies at the next start of Pinstage (until then the program "
                     "stays %4x%5 at %6 fps)")
                      .arg(video.canvas.width())
                      .arg(video.canvas.height())
                      .arg(video.fps)
                      .arg(running.canvas.width())
                      .arg(running.canvas.height())
                      .arg(running.fps);
    const EncoderSettings current = m_studio->outputs().encoders().settings();
    const bool encoderChanged = current.x264Preset != encoder.x264Preset
        || current.videoBitrateKbps != encoder.videoBitrateKbps || current.keyframeSeconds != encoder.keyframeSeconds
        || current.profile != encoder.profile;
    if (encoderChanged) {
        // The running encoders keep the session's canvas-derived audio settings; only what the page edits changes.
        EncoderSettings next = current.withProfile(encoder.profile);
        next.x264Preset = encoder.x264Preset;
        next.videoBitrateKbps = encoder.videoBitrateKbps;
        next.keyframeSeconds = encoder.keyframeSeconds;
        QString why;
        if (m_studio->show().state() != ShowController::State::Idle
            || !m_studio->outputs().setEncoderSettings(next, &why))
            *later << tr("the encoder settings apply at the next show");
    }
    SceneCollection& scenes = m_studio->scenes();
    const auto applySetting
        = [&](const SourceDocument* source, const QString& key, const QString& value, const QString& what) {
              if (!source) {
                  *later << tr("the %1 applies to the next scene collection that has one").arg(what);
                  return;
              }
              QJsonObject settings = source->settings;
              settings.insert(key, value);
              QString why;
              if (!scenes.setSourceSettings(source->name, settings, &why))
                  *later << tr("the %1 could not be applied now (%2); it applies at the next start").arg(what, why);
          };
    if (title != oldTitle && title != m_studio->options().title)
        applySetting(
            scenes.document().source(QStringLiteral("Title")), QStringLiteral("text"), title, tr("show title"));
    if (logo != oldLogo && !logo.isEmpty())
        applySetting(scenes.document().source(QStringLiteral("Logo")), QStringLiteral("file"), logo, tr("logo"));
    if (mic != oldMic && mic != QLatin1String("none"))
        applySetting(sourceOfType(scenes, MicrophoneType, QStringLiteral("Microphone")), QStringLiteral("device_id"),
            mic.isEmpty() ? QStringLiteral("default") : mic, tr("microphone"));
    else if (mic != oldMic)
        *later << tr("“No microphone” applies at the next start (mute it in the mixer for now)");
    if (desktop != oldDesktop)
        applySetting(sourceOfType(scenes, DesktopAudioType, QStringLiteral("Desktop audio")),
            QStringLiteral("device_id"), desktop.isEmpty() ? QStringLiteral("default") : desktop, tr("desktop audio"));
    return true;
}

} // namespace pinstage
