// SPDX-License-Identifier: GPL-2.0-or-later
#include "dialogs/FirstRunGuide.h"
#include "dialogs/DialogFit.h"

#include "docks/AudioMixerDock.h"
#include "scene/SceneCollection.h"
#include "widgets/PreviewWidget.h"

#include <QBoxLayout>
#include <QComboBox>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QStyle>
#include <algorithm>

#include <obs.hpp>

namespace pinstage {
namespace {

    QLabel* paragraph(const QString& text, QWidget* parent, const QString& objectName = QStringLiteral("guideText"))
    {
        auto* l = new QLabel(text, parent);
        l->setObjectName(objectName);
        l->setWordWrap(true);
        return l;
    }

    const char* const CameraType = "v4l2_input";

} // namespace

FirstRunGuide::FirstRunGuide(SceneCollection& scenes, QWidget* parent)
    : QDialog(parent)
    , m_scenes(scenes)
    , m_steps(new QStackedWidget(this))
    , m_stepTitle(new QLabel(this))
{
    setObjectName(QStringLiteral("firstRunGuide"));
    setWindowTitle(tr("Set up your studio"));
    DialogFit::install(this); // grows when a warning or a longer line appears
    setMinimumSize(640, 560);

    // 1. Platform and key.
    auto* platform = new QWidget;
    {
        auto* v = new QVBoxLayout(platform);
        v->addWidget(paragraph(tr("Welcome to Pinstage. Four short steps and your studio is ready: where you sell, "
                                  "your camera, your microphone and your products. Escape skips the set-up; "
                                  "Help ▸ Setup guide brings it back."),
            platform));
        v->addSpacing(8);
        v->addWidget(paragraph(tr("Where do you sell? Choose the platform (TikTok LIVE, Whatnot, YouTube, …) and paste "
                                  "this show's stream key from its app or website."),
            platform));
        // Where the key is kept: said once the window knows whether a keychain answers.
        m_keyKeeping = paragraph(QString(), platform, QStringLiteral("guideKeyKeeping"));
        v->addWidget(m_keyKeeping);
        m_destinationButton = new QPushButton(tr("Choose platform and stream key…"), platform);
        m_destinationButton->setObjectName(QStringLiteral("guideDestinationButton"));
        v->addWidget(m_destinationButton, 0, Qt::AlignLeft);
        m_destinationStatus = paragraph(tr("No platform chosen yet."), platform, QStringLiteral("guideStatus"));
        v->addWidget(m_destinationStatus);
        v->addStretch(1);
        connect(m_destinationButton, &QPushButton::clicked, this, &FirstRunGuide::destinationRequested);
    }
    m_steps->addWidget(platform);
    setKeyKeeping(KeyKeeping::Unknown);

    // 2. Camera: the program as it will stream.
    auto* camera = new QWidget;
    {
        auto* h = new QHBoxLayout(camera);
        m_preview = new PreviewWidget(camera);
        m_preview->setObjectName(QStringLiteral("guidePreview"));
        m_preview->setMinimumSize(180, 320);
        h->addWidget(m_preview, 1);
        auto* v = new QVBoxLayout;
        v->addWidget(paragraph(tr("This is what your viewers will see. Check that you are in the picture and well lit: "
                                  "face a window or a lamp, not a bright wall."),
            camera));
        // libobs's own camera list (the v4l2 source's device_id property), as the Sources dock offers it.
        const QList<QPair<QString, QString>> found = cameraDevices();
        m_cameraBox = new QComboBox(camera);
        m_cameraBox->setObjectName(QStringLiteral("guideCamera"));
        m_cameraBox->setToolTip(tr("The camera of the show (the same list as the camera's properties in Sources)"));
        QString current;
        for (const SourceDocument& doc : m_scenes.document().sources)
            if (doc.type == QLatin1String(CameraType)) {
                m_cameraSource = doc.name;
                current = doc.settings.value(QStringLiteral("device_id")).toString();
                break;
            }
        for (const auto& [id, name] : found)
            m_cameraBox->addItem(name, id);
        if (const int i = m_cameraBox->findData(current); i >= 0)
            m_cameraBox->setCurrentIndex(i);
        m_camerasFound = !found.isEmpty();
        m_cameraBox->setVisible(!found.isEmpty());
        m_cameraBox->setEnabled(found.size() > 1 && !m_cameraSource.isEmpty());
        v->addWidget(m_cameraBox);
        m_cameraStatus = paragraph(found.isEmpty()
                ? tr("No camera was found: the test pattern will be used instead. Plug in a USB camera and start "
                     "Pinstage again.")
                : tr("Camera: %1.").arg(m_cameraBox->currentText()),
            camera, QStringLiteral("guideStatus"));
        m_cameraStatus->setProperty("ok", !found.isEmpty());
        v->addWidget(m_cameraStatus);
        connect(m_cameraBox, &QComboBox::activated, this, [this] {
            const QString id = m_cameraBox->currentData().toString();
            const SourceDocument* doc = m_scenes.document().source(m_cameraSource);
            if (!doc)
                return;
            QJsonObject settings = doc->settings;
            settings.insert(QStringLiteral("device_id"), id);
            QString error;
            if (m_scenes.setSourceSettings(m_cameraSource, settings, &error))
                m_cameraStatus->setText(tr("Camera: %1.").arg(m_cameraBox->currentText()));
            else
                m_cameraStatus->setText(tr("The camera could not be changed: %1").arg(error));
        });
        v->addWidget(
            paragraph(tr("The show title and logo are in Edit ▸ Settings ▸ Show."), camera, QStringLiteral("hint")));
        v->addStretch(1);
        h->addLayout(v, 1);
    }
    m_steps->addWidget(camera);

    // 3. Microphone with a live meter.
    auto* mic = new QWidget;
    {
        auto* v = new QVBoxLayout(mic);
        m_micPrompt = paragraph(tr("Say a few words as you would on the show: the bar should move into the green, "
                                   "and only touch the amber when you speak loudly."),
            mic);
        v->addWidget(m_micPrompt);
        m_level = new LevelBar(mic);
        m_level->setObjectName(QStringLiteral("guideLevel"));
        m_level->setMinimumHeight(18);
        v->addWidget(m_level);
        m_micStatus = paragraph(QString(), mic, QStringLiteral("guideStatus"));
        v->addWidget(m_micStatus);
        m_unmute = new QPushButton(tr("Unmute the microphone"), mic);
        m_unmute->setObjectName(QStringLiteral("guideUnmute"));
        v->addWidget(m_unmute, 0, Qt::AlignLeft);
        m_micHint = paragraph(tr("Another microphone? Choose it in Settings ▸ Audio."), mic, QStringLiteral("hint"));
        v->addWidget(m_micHint);
        v->addStretch(1);
        connect(m_unmute, &QPushButton::clicked, this, [this] {
            QString error;
            if (!m_scenes.setMuted(m_microphone, false, &error))
                m_micStatus->setText(error);
            updateMicrophone();
        });
    }
    m_steps->addWidget(mic);

    // 4. Catalog.
    auto* catalog = new QWidget;
    {
        auto* v = new QVBoxLayout(catalog);
        v->addWidget(paragraph(tr("Your products: import the CSV file your shop exports (Shopify or WooCommerce: "
                                  "Products ▸ Export), or keep the demo catalog to try Pinstage first."),
            catalog));
        m_importButton = new QPushButton(tr("Import a catalog…"), catalog);
        m_importButton->setObjectName(QStringLiteral("guideImportButton"));
        v->addWidget(m_importButton, 0, Qt::AlignLeft);
        m_catalogStatus = paragraph(tr("The demo catalog is ready."), catalog, QStringLiteral("guideStatus"));
        v->addWidget(m_catalogStatus);
        v->addWidget(
            paragraph(tr("Press Finish to start. Enter on a product in the catalog adds it to the run of show; "
                         "Take (F9) puts it on air. Press Go Live when you are ready: Pinstage checks "
                         "everything first."),
                catalog, QStringLiteral("hint")));
        v->addStretch(1);
        connect(m_importButton, &QPushButton::clicked, this, &FirstRunGuide::importRequested);
    }
    m_steps->addWidget(catalog);

    m_stepTitle->setObjectName(QStringLiteral("guideTitle"));
    m_back = new QPushButton(tr("Back"), this);
    m_back->setObjectName(QStringLiteral("guideBack"));
    m_next = new QPushButton(tr("Next"), this);
    m_next->setObjectName(QStringLiteral("guideNext"));
    m_next->setDefault(true);
    m_skip = new QPushButton(tr("Skip set-up"), this);
    m_skip->setObjectName(QStringLiteral("guideSkip"));
    m_skip->setToolTip(tr("Skip the set-up (Esc); Help ▸ Setup guide opens it again"));
    connect(m_back, &QPushButton::clicked, this, &FirstRunGuide::back);
    connect(m_next, &QPushButton::clicked, this, &FirstRunGuide::next);
    connect(m_skip, &QPushButton::clicked, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 16, 20, 16);
    layout->setSpacing(12);
    layout->addWidget(m_stepTitle);
    layout->addWidget(m_steps, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_skip);
    buttons->addStretch(1);
    buttons->addWidget(m_back);
    buttons->addWidget(m_next);
    layout->addLayout(buttons);

    // The meter follows the show's microphone (the first audio input of the collection).
    for (const SourceDocument& s : scenes.document().sources)
        if (s.type == QLatin1String("pulse_input_capture") && scenes.meter(s.name)) {
            m_microphone = s.name;
            break;
        }
    if (AudioMeter* meter = m_microphone.isEmpty() ? nullptr : scenes.meter(m_microphone))
        m_meterConnection = connect(meter, &AudioMeter::levelsChanged, this, [this](const AudioLevels& levels) {
            // The meter shows what reaches the show (after mute), so a muted microphone stays flat.
            m_level->setLevels(levels);
            updateMicrophone();
        });
    updateMicrophone();
    updateButtons();
}

FirstRunGuide::~FirstRunGuide()
{
    disconnect(m_meterConnection);
}

QList<QPair<QString, QString>> FirstRunGuide::cameraDevices()
{
    QList<QPair<QString, QString>> devices;
    // The v4l2 source builds its properties from its own instance (obs_get_source_properties()
    // without one crashes in linux-v4l2), so ask a private one made for the question, with no
    // device to open: the list is the same the Sources dock shows for a camera source.
    OBSDataAutoRelease settings = obs_data_create();
    obs_data_set_string(settings, "device_id", "");
    OBSSourceAutoRelease probe = obs_source_create_private(CameraType, "pinstage camera list", settings);
    if (!probe)
        return devices;
    obs_properties_t* props = obs_source_properties(probe);
    if (!props)
        return devices;
    if (obs_property_t* list = obs_properties_get(props, "device_id")) {
        for (size_t i = 0; i < obs_property_list_item_count(list); ++i) {
            const QString id = QString::fromUtf8(obs_property_list_item_string(list, i));
            if (!id.isEmpty() && !obs_property_list_item_disabled(list, i))
                devices.append({ id, QString::fromUtf8(obs_property_list_item_name(list, i)) });
        }
    }
    obs_properties_destroy(props);
    return devices;
}

QStringList FirstRunGuide::stepNames()
{
    return { QStringLiteral("platform"), QStringLiteral("camera"), QStringLiteral("microphone"),
        QStringLiteral("catalog") };
}

QString FirstRunGuide::currentStep() const
{
    return stepNames().value(m_steps->currentIndex());
}

int FirstRunGuide::stepCount() const
{
    return m_steps->count();
}

void FirstRunGuide::showStep(const QString& name)
{
    const int i = int(stepNames().indexOf(name));
    if (i >= 0)
        m_steps->setCurrentIndex(i);
    updateButtons();
}

void FirstRunGuide::next()
{
    if (m_steps->currentIndex() + 1 >= m_steps->count()) {
        accept();
        return;
    }
    m_steps->setCurrentIndex(m_steps->currentIndex() + 1);
    updateButtons();
}

void FirstRunGuide::back()
{
    if (m_steps->currentIndex() > 0)
        m_steps->setCurrentIndex(m_steps->currentIndex() - 1);
    updateButtons();
}

void FirstRunGuide::setKeyKeeping(KeyKeeping keeping)
{
    switch (keeping) {
    case KeyKeeping::Unknown:
        m_keyKeeping->setText(tr("Pinstage keeps the key in your system keychain when this computer has one."));
        break;
    case KeyKeeping::Keychain:
        m_keyKeeping->setText(tr("The key stays in your system keychain, never in a file."));
        break;
    case KeyKeeping::SessionOnly:
        m_keyKeeping->setText(tr("This computer has no keychain, so the key is kept until Pinstage quits: paste it "
                                 "again at the next start, or tick “Keep the key in a file only you can read” in "
                                 "the platform and key dialog."));
        break;
    case KeyKeeping::KeyFile:
        m_keyKeeping->setText(tr("This computer has no keychain: the key is kept in your key file, which only you "
                                 "can read."));
        break;
    }
    m_keyKeeping->setProperty("warning", keeping == KeyKeeping::SessionOnly);
    m_keyKeeping->style()->unpolish(m_keyKeeping);
    m_keyKeeping->style()->polish(m_keyKeeping);
}

void FirstRunGuide::setCameraSwitchedOff(bool off)
{
    m_cameraBox->setVisible(!off && m_camerasFound);
    m_cameraStatus->setProperty("ok", !off && m_camerasFound);
    if (off) {
        // The option in one piece: never broken after its hyphens or before "none" (word joiners,
        // a no-break space).
        const QString option = QStringLiteral("-\u2060-\u2060camera\u00a0none");
        m_cameraStatus->setText(tr("The camera is switched off for this run (Pinstage was started with “%1”), so the "
                                   "test pattern shows instead. To use your camera, start Pinstage again without that "
                                   "option, then choose the camera here or in Sources.")
                                    .arg(option));
    } else
        m_cameraStatus->setText(m_camerasFound ? tr("Camera: %1.").arg(m_cameraBox->currentText())
                                               : tr("No camera was found: the test pattern will be used instead. Plug "
                                                    "in a USB camera and start Pinstage again."));
    m_cameraStatus->style()->unpolish(m_cameraStatus);
    m_cameraStatus->style()->polish(m_cameraStatus);
}

void FirstRunGuide::setDestinationStatus(const QString& text, bool ready)
{
    m_destinationStatus->setText(text);
    m_destinationStatus->setProperty("ok", ready);
    m_destinationStatus->style()->unpolish(m_destinationStatus);
    m_destinationStatus->style()->polish(m_destinationStatus);
}

void FirstRunGuide::setCatalogStatus(const QString& text)
{
    m_catalogStatus->setText(text);
}

void FirstRunGuide::updateButtons()
{
    const int i = m_steps->currentIndex();
    const QStringList titles { tr("Where you sell"), tr("Camera"), tr("Microphone"), tr("Products") };
    m_stepTitle->setText(tr("Step %1 of %2 · %3").arg(i + 1).arg(m_steps->count()).arg(titles.value(i)));
    m_back->setEnabled(i > 0);
    m_next->setText(i + 1 >= m_steps->count() ? tr("Finish") : tr("Next"));
}

void FirstRunGuide::updateMicrophone()
{
    // Without a sound system there is nothing to listen to: no meter, no "say a few words".
    const bool soundSystem = m_scenes.hasAudioServer();
    m_micPrompt->setVisible(soundSystem);
    m_micHint->setVisible(soundSystem); // another microphone cannot help without one
    m_level->setVisible(soundSystem);
    if (!soundSystem) {
        m_micStatus->setText(tr("No sound system answered (PulseAudio or PipeWire), so Pinstage cannot hear any "
                                "microphone and the show would be silent. Start your desktop's sound (or log in to a "
                                "desktop session), then start Pinstage again."));
        m_micStatus->setProperty("ok", false);
        m_unmute->hide();
        return;
    }
    if (m_microphone.isEmpty()) {
        m_micStatus->setText(tr("No microphone was found. Plug one in and choose it in Settings ▸ Audio; without it "
                                "viewers will not hear you."));
        m_micStatus->setProperty("ok", false);
        m_unmute->hide();
        return;
    }
    const SourceDocument* source = m_scenes.document().source(m_microphone);
    const bool muted = source && source->muted;
    m_unmute->setVisible(muted);
    m_micStatus->setProperty("ok", !muted);
    m_micStatus->setText(muted ? tr("“%1” is muted: viewers would not hear you.").arg(m_microphone)
                               : tr("Listening to “%1”.").arg(m_microphone));
}

} // namespace pinstage
