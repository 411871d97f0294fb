// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QDialog>
#include <QList>
#include <QMetaObject>
#include <QPair>
#include <QString>

class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;

namespace pinstage {

class LevelBar;
class PreviewWidget;
class SceneCollection;

/// The first start's short guided set-up, four steps a seller who never used OBS finishes in two
/// minutes:
///  1. "platform": where you sell and this show's key (opens the destination dialog);
///  2. "camera": the program live in a preview, and the camera: libobs's own list of the v4l2
///     source's devices (its device_id property, the list the Sources dock shows), to choose from
///     when there are several; with none, it says the test pattern will be used;
///  3. "microphone": a live level meter to speak into, with Unmute when it is muted;
///  4. "catalog": import the shop's products, or keep the demo catalog.
/// Next / Back move between steps, Finish closes on the last one; Escape (or "Skip set-up")
/// skips the rest at any time. The window remembers that it was done (finished or skipped) in the
/// Settings file and shows it only on a first start; Help ▸ Setup guide opens it again. It never
/// opens by itself in tests or headless mode: only app/main.cpp asks for it.
///
/// The guide asks the window for what it cannot do itself through signals (destinationRequested,
/// importRequested); the window reports back with setDestinationStatus() / setCatalogStatus().
/// Thread contract: main thread. The collection must outlive the guide.
class FirstRunGuide : public QDialog {
    Q_OBJECT
public:
    explicit FirstRunGuide(SceneCollection& scenes, QWidget* parent = nullptr);
    ~FirstRunGuide() override;

    /// The step names, in order: "platform", "camera", "microphone", "catalog".
    static QStringList stepNames();
    QString currentStep() const;
    int stepCount() const;
    void showStep(const QString& name);

    QPushButton* nextButton() const { return m_next; }
    QPushButton* backButton() const { return m_back; }
    QPushButton* skipButton() const { return m_skip; }
    QPushButton* destinationButton() const { return m_destinationButton; }
    QPushButton* importButton() const { return m_importButton; }
    QPushButton* unmuteButton() const { return m_unmute; }
    /// The microphone step's live meter, fed by the microphone's AudioMeter.
    LevelBar* levelBar() const { return m_level; }
    /// The camera step's live picture of the program.
    PreviewWidget* preview() const { return m_preview; }
    /// The source whose level the meter shows; empty when the show has no microphone.
    QString microphoneName() const { return m_microphone; }
    QLabel* destinationStatusLabel() const { return m_destinationStatus; }
    /// Where this computer keeps the stream key, as the platform step says it (issue 8): Unknown
    /// until the window has asked the keychain; SessionOnly when no keychain answers (the key is kept
    /// until Pinstage quits); KeyFile when the seller chose the 0600 key file instead.
    enum class KeyKeeping { Unknown, Keychain, SessionOnly, KeyFile };
    void setKeyKeeping(KeyKeeping keeping);
    /// The platform step's sentence on where the key is kept.
    QLabel* keyKeepingLabel() const { return m_keyKeeping; }
    /// The camera step's status line and camera choice (hidden when libobs finds no camera).
    QLabel* cameraStatusLabel() const { return m_cameraStatus; }
    /// The microphone step's status line (found, muted, none, or no sound system at all).
    QLabel* microphoneStatusLabel() const { return m_micStatus; }
    QComboBox* cameraBox() const { return m_cameraBox; }
    /// The seller started this run without a camera (`--camera none`, issue 8): the camera step
    /// says the camera is switched off for this run and how to choose one, not to plug one in, and
    /// offers no camera to pick (this run would not use it).
    void setCameraSwitchedOff(bool off);
    /// libobs's cameras: the v4l2_input source's device_id list (id, name), in libobs's order,
    /// from the properties of a private v4l2 source with no device (never opened).
    static QList<QPair<QString, QString>> cameraDevices();

public slots:
    /// What the platform step says about the destination (READY: a server and a key are set).
    void setDestinationStatus(const QString& text, bool ready);
    void setCatalogStatus(const QString& text);
    void next();
    void back();

signals:
    void destinationRequested();
    void importRequested();

private:
    void updateButtons();
    void updateMicrophone();

    SceneCollection& m_scenes;
    QStackedWidget* m_steps;
    QLabel* m_stepTitle;
    QLabel* m_destinationStatus;
    QLabel* m_keyKeeping = nullptr;
    QPushButton* m_destinationButton;
    PreviewWidget* m_preview;
    QLabel* m_cameraStatus;
    QComboBox* m_cameraBox = nullptr;
    QString m_cameraSource; // the collection's camera source (empty: none)
    bool m_camerasFound = false; // libobs lists at least one camera
    LevelBar* m_level;
    QLabel* m_micStatus;
    QLabel* m_micPrompt = nullptr;
    QLabel* m_micHint = nullptr;
    QPushButton* m_unmute;
    QLabel* m_catalogStatus;
    QPushButton* m_importButton;
    QPushButton* m_back;
    QPushButton* m_next;
    QPushButton* m_skip;
    QString m_microphone;
    QMetaObject::Connection m_meterConnection;
};

} // namespace pinstage
