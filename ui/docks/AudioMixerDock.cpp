// SPDX-License-Identifier: GPL-2.0-or-later
#include "docks/AudioMixerDock.h"

#include "scene/SceneCollection.h"
#include "show/MicrophoneCheck.h"

#include <obs.h>

#include <QBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QScrollArea>
#include <QSlider>
#include <QToolButton>

#include <algorithm>
#include <cmath>

namespace pinstage {

// --- LevelBar ------------------------------------------------------------------------------

LevelBar::LevelBar(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("levelBar"));
    setMinimumHeight(8);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setToolTip(tr("Level in dBFS: keep the voice in the green and amber, never in the red"));
}

double LevelBar::fraction(float db)
{
    if (!std::isfinite(db) || db <= floorDb)
        return 0.0;
    return std::min(1.0, double(db - floorDb) / double(-floorDb));
}

void LevelBar::setLevels(const AudioLevels& levels)
{
    m_levels = levels;
    update();
}

void LevelBar::paintEvent(QPaintEvent* event)
{
    Q_UNUSED(event);
    QPainter p(this);
    const QRectF r = rect();
    p.fillRect(r, QColor(0x23, 0x29, 0x35));
    const double level = fraction(m_levels.magnitudeDb);
    const double green = fraction(-20.0f);
    const double amber = fraction(-9.0f);
    auto band = [&](double from, double to, const QColor& colour) {
        if (level <= from)
            return;
        const double end = std::min(level, to);
        p.fillRect(QRectF(r.left() + from * r.width(), r.top(), (end - from) * r.width(), r.height()), colour);
    };
    band(0.0, green, QColor(0x3c, 0xb3, 0x71));
    band(green, amber, QColor(0xe0, 0xb0, 0x3b));
    band(amber, 1.0, QColor(0xe0, 0x4b, 0x3b));
    const double peak = fraction(m_levels.peakDb);
    if (peak > 0) {
        const double x = r.left() + peak * r.width();
        p.fillRect(QRectF(std::max(r.left(), x - 2), r.top(), 2, r.height()), QColor(0xe8, 0xec, 0xf2));
    }
}

// --- AudioStrip ----------------------------------------------------------------------------

AudioStrip::AudioStrip(SceneCollection& scenes, const QString& source, QWidget* parent)
    : QWidget(parent)
    , m_scenes(scenes)
    , m_source(source)
    , m_name(new QLabel(source, this))
    , m_bar(new LevelBar(this))
    , m_fader(new QSlider(Qt::Horizontal, this))
    , m_volume(new QLabel(this))
    , m_mute(new QToolButton(this))
{
    setObjectName(QStringLiteral("audioStrip"));
    m_name->setObjectName(QStringLiteral("audioSourceName"));
    m_fader->setObjectName(QStringLiteral("fader"));
    m_fader->setRange(minDb * 10, maxDb * 10);
    m_fader->setSingleStep(5); // 0.5 dB with the arrow keys
    m_fader->setPageStep(30);
    m_fader->setAccessibleName(tr("Volume of %1").arg(source));
    m_fader->setToolTip(
        tr("Volume of %1 in dB (%2 to +%3 dB; 0 dB leaves it as it is)").arg(source).arg(minDb).arg(maxDb));
    m_volume->setObjectName(QStringLiteral("volumeDb"));
    m_volume->setMinimumWidth(m_volume->fontMetrics().horizontalAdvance(QStringLiteral("-60.0 dB")) + 4);
    m_volume->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_mute->setObjectName(QStringLiteral("mute"));
    m_mute->setCheckable(true);
    m_mute->setText(tr("Mute"));
    m_mute->setToolTip(tr("Mute %1: viewers stop hearing it").arg(source));

    const SourceDocument* doc = scenes.document().source(source);
    const double db = doc ? doc->volumeDb : 0.0;
    m_fader->setValue(int(std::lround(std::clamp(db, double(minDb), double(maxDb)) * 10)));
    m_volume->setText(tr("%1 dB").arg(m_fader->value() / 10.0, 0, 'f', 1));
    syncMute();

    connect(m_fader, &QSlider::valueChanged, this, [this] { applyVolume(!m_fader->isSliderDown()); });
    connect(m_fader, &QSlider::sliderReleased, this, [this] { applyVolume(true); });
    connect(m_mute, &QToolButton::clicked, this, [this](bool muted) {
        QString error;
        if (!m_scenes.setMuted(m_source, muted, &error))
            emit problem(error);
        syncMute();
        emit muteToggled(muted);
    });
    if (AudioMeter* meter = scenes.meter(source)) {
        connect(meter, &AudioMeter::levelsChanged, m_bar, &LevelBar::setLevels);
        // Mute set elsewhere (another front end, the collection) shows here within a meter tick.
        connect(meter, &AudioMeter::levelsChanged, this, &AudioStrip::syncMute);
    }

    auto* top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_name, 1);
    top->addWidget(m_volume);
    top->addWidget(m_mute);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addWidget(m_bar);
    layout->addWidget(m_fader);
}

void AudioStrip::applyVolume(bool save)
{
    const double db = m_fader->value() / 10.0;
    m_volume->setText(tr("%1 dB").arg(db, 0, 'f', 1));
    if (!save) {
        // Dragging: libobs follows at once; the file is written on release.
        if (obs_source_t* source = m_scenes.source(m_source))
            obs_source_set_volume(source, obs_db_to_mul(float(db)));
        return;
    }
    QString error;
    if (!m_scenes.setVolumeDb(m_source, db, &error))
        emit problem(error);
}

void AudioStrip::syncMute()
{
    obs_source_t* source = m_scenes.source(m_source);
    const bool muted = source && obs_source_muted(source);
    if (m_mute->isChecked() != muted)
        m_mute->setChecked(muted);
    m_mute->setText(muted ? tr("Muted") : tr("Mute"));
}

// --- AudioMixerDock ------------------------------------------------------------------------

AudioMixerDock::AudioMixerDock(SceneCollection& scenes, MicrophoneCheck& check, QWidget* parent)
    : QDockWidget(tr("Audio mixer"), parent)
    , m_scenes(scenes)
    , m_check(check)
    , m_warning(new QLabel)
    , m_empty(new QLabel(tr("No audio source in this scene.")))
    , m_stripLayout(new QVBoxLayout)
{
    setObjectName(QStringLiteral("audioMixerDock"));
    m_warning->setObjectName(QStringLiteral("micWarning"));
    m_warning->setWordWrap(true);
    m_warning->hide();
    m_empty->setObjectName(QStringLiteral("mixerEmpty"));

    auto* content = new QWidget;
    content->setObjectName(QStringLiteral("audioMixer"));
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);
    layout->addWidget(m_warning);
    m_stripLayout->setContentsMargins(0, 0, 0, 0);
    m_stripLayout->setSpacing(2);
    layout->addLayout(m_stripLayout);
    layout->addWidget(m_empty);
    layout->addStretch(1);
    auto* scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("audioMixerScroll"));
    scroll->viewport()->setAutoFillBackground(false);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    setWidget(scroll);

    connect(&m_scenes, &SceneCollection::programSceneChanged, this, &AudioMixerDock::rebuild);
    connect(&m_scenes, &SceneCollection::changed, this, &AudioMixerDock::rebuild);
    connect(&m_check, &MicrophoneCheck::warningChanged, this, &AudioMixerDock::showWarning);
    rebuild();
    showWarning(m_check.warning());
}

AudioMixerDock::~AudioMixerDock() = default;

QStringList AudioMixerDock::shownSources() const
{
    QStringList out;
    obs_scene_t* program = m_scenes.programScene();
    for (const QString& name : m_scenes.audioSourceNames()) {
        const SourceDocument* doc = m_scenes.document().source(name);
        const bool global = doc && doc->outputChannel > 0;
        const bool inProgram = program && obs_scene_find_source(program, name.toUtf8().constData());
        if (global || inProgram)
            out.append(name);
    }
    return out;
}

void AudioMixerDock::rebuild()
{
    const QStringList wanted = shownSources();
    QStringList have;
    for (const QPointer<AudioStrip>& s : std::as_const(m_strips))
        if (s)
            have.append(s->sourceName());
    if (have == wanted)
        return;
    for (const QPointer<AudioStrip>& s : std::as_const(m_strips))
        delete s.data();
    m_strips.clear();
    for (const QString& name : wanted) {
        auto* strip = new AudioStrip(m_scenes, name);
        connect(strip, &AudioStrip::problem, this, &AudioMixerDock::problem);
        connect(strip, &AudioStrip::muteToggled, &m_check, &MicrophoneCheck::refresh);
        m_stripLayout->addWidget(strip);
        m_strips.append(strip);
    }
    m_empty->setVisible(wanted.isEmpty());
    emit stripsRebuilt();
}

QList<AudioStrip*> AudioMixerDock::strips() const
{
    QList<AudioStrip*> out;
    for (const QPointer<AudioStrip>& s : m_strips)
        if (s)
            out.append(s.data());
    return out;
}

AudioStrip* AudioMixerDock::strip(const QString& source) const
{
    for (AudioStrip* s : strips())
        if (s->sourceName() == source)
            return s;
    return nullptr;
}

void AudioMixerDock::showWarning(const QString& text)
{
    m_warning->setText(text);
    m_warning->setVisible(!text.isEmpty());
}

} // namespace pinstage
