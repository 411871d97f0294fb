// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "scene/AudioMeter.h"

#include <QDockWidget>
#include <QList>
#include <QPointer>

class QLabel;
class QSlider;
class QToolButton;
class QVBoxLayout;

namespace pinstage {

class MicrophoneCheck;
class SceneCollection;

/// A live level bar for one audio source, -60 to 0 dBFS: the magnitude as a bar, the peak as a
/// tick; green up to -20, amber to -9, red above. Main thread.
class LevelBar : public QWidget {
    Q_OBJECT
public:
    static constexpr float floorDb = -60.0f;

    explicit LevelBar(QWidget* parent = nullptr);
    AudioLevels levels() const { return m_levels; }
    /// Fraction (0–1) of the bar a level of DB fills.
    static double fraction(float db);
    QSize sizeHint() const override { return { 160, 10 }; }

public slots:
    void setLevels(const pinstage::AudioLevels& levels);

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    AudioLevels m_levels;
};

/// One source's strip in the mixer: its name, a level bar, a fader in dB and a mute button.
/// Volume and mute go through the SceneCollection (libobs obs_source_set_volume with
/// obs_db_to_mul / obs_source_set_muted, and the collection file). While the fader is dragged,
/// only libobs follows; the file is written when it is released. Main thread.
class AudioStrip : public QWidget {
    Q_OBJECT
public:
    static constexpr int minDb = -60;
    static constexpr int maxDb = 20;

    AudioStrip(SceneCollection& scenes, const QString& source, QWidget* parent = nullptr);

    QString sourceName() const { return m_source; }
    /// Tenths of a dB, minDb×10 to maxDb×10.
    QSlider* fader() const { return m_fader; }
    QToolButton* muteButton() const { return m_mute; }
    LevelBar* levelBar() const { return m_bar; }
    QLabel* volumeLabel() const { return m_volume; }

signals:
    /// Mute was toggled (or a volume change failed: ERROR, for the notice strip).
    void muteToggled(bool muted);
    void problem(const QString& error);

private:
    void applyVolume(bool save);
    void syncMute();

    SceneCollection& m_scenes;
    QString m_source;
    QLabel* m_name;
    LevelBar* m_bar;
    QSlider* m_fader;
    QLabel* m_volume;
    QToolButton* m_mute;
};

/// The "Audio mixer" dock: a strip (AudioStrip) per audio source of the current program scene —
/// the sources bound to an output channel (microphone, desktop audio: heard in every scene) and
/// the audio sources the program scene holds — rebuilt only when that set of sources changes
/// (checked when the program scene or the collection changes); above them, a warning line when the MicrophoneCheck
/// reports a muted or silent microphone while live. Meters update at most 30 times a second (AudioMeter).
///
/// Thread contract: main thread. The collection and the check must outlive the dock.
class AudioMixerDock : public QDockWidget {
    Q_OBJECT
public:
    AudioMixerDock(SceneCollection& scenes, MicrophoneCheck& check, QWidget* parent = nullptr);
    ~AudioMixerDock() override;

    /// The strips in the order shown.
    QList<AudioStrip*> strips() const;
    AudioStrip* strip(const QString& source) const;
    /// The warning line (hidden when there is none).
    QLabel* warningLabel() const { return m_warning; }
    /// The sources the dock shows for the program scene now, in collection order.
    QStringList shownSources() const;

public slots:
    void rebuild();

signals:
    void problem(const QString& error);
    /// The strips were made anew: the set of audio sources shown changed (never for a change that
    /// keeps it, e.g. a keystroke in a text source's properties).
    void stripsRebuilt();

private:
    void showWarning(const QString& text);

    SceneCollection& m_scenes;
    MicrophoneCheck& m_check;
    QLabel* m_warning;
    QLabel* m_empty;
    QVBoxLayout* m_stripLayout;
    QList<QPointer<AudioStrip>> m_strips;
};

} // namespace pinstage
