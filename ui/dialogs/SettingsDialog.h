// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "obs/VideoSettings.h"
#include "output/EncoderSettings.h"

#include <QDialog>
#include <QHash>
#include <QPair>
#include <QString>
#include <QStringList>

class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;

namespace pinstage {

class Hotkeys;
class HotkeysEditor;
class Settings;
class Studio;

/// Settings ▸ the studio: video (canvas, frame rate), encoder (x264 preset, bitrate, keyframe
/// interval, profile), audio devices (microphone, desktop audio), the recording folder, the show
/// title and logo. Stream keys are not here: they stay in the destination dialog (the Show page
/// has a button for it).
///
/// Every field is checked as it is edited, with the problem written next to it (never a pop-up):
/// errorLabel(FIELD) shows it. Save checks every field again and writes nothing while one is
/// wrong (the first wrong field gets the focus and its page is shown, and the message under the
/// tabs names the pages that need attention; their tabs are marked); otherwise it writes the
/// Settings file, applies what the engine allows now, and closes:
///  - at once: the recording folder, the show title and logo (the "Title" and "Logo" sources),
///    the audio devices (the "Microphone" and "Desktop audio" sources), and the encoder while no
///    show runs (else at the next show);
///  - at the next start: the canvas and the frame rate (libobs cannot resize under its scenes).
/// Each page says which; applied() lists what waits.
///
/// Field names (field(), errorLabel()): canvas, fps, preset, bitrate, keyframe, profile,
/// microphone, desktop_audio, recording_folder, title, logo.
///
/// The Hotkeys page (after setHotkeys()) holds the same editor as Edit ▸ Hotkeys… (HotkeysEditor)
/// in its Staged mode: a combination another action has is refused next to the row, naming that
/// action; the keys are bound on Save, and Cancel leaves them as they were.
///
/// Thread contract: main thread. Settings and the studio must outlive the dialog.
class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    /// STUDIO may be null (nothing is applied, only saved: tests of the form alone).
    SettingsDialog(Settings& settings, Studio* studio, QWidget* parent = nullptr);
    ~SettingsDialog() override;

    /// The page names, in order: "video", "encoder", "audio", "recording", "show", "hotkeys".
    static QStringList pageNames();
    void showPage(const QString& name);
    QString currentPage() const;

    QWidget* field(const QString& name) const;
    /// The line next to FIELD saying what is wrong with it (hidden when nothing is).
    QLabel* errorLabel(const QString& name) const;
    /// Checks FIELD now; false when it is wrong (its error label then says why).
    bool validateField(const QString& name);
    /// Checks every field; returns the wrong ones' names.
    QStringList validateAll();
    /// Sets the text of a line edit or editable box FIELD as the seller would (then checks it).
    void setFieldText(const QString& name, const QString& text);
    QPushButton* saveButton() const { return m_save; }
    /// Asks the seller for a destination from the Show page (the window opens its dialog).
    QPushButton* destinationsButton() const { return m_destinations; }

    /// The bitrate ceiling of the destination's platform (kbps, 0: none) with its name: a higher
    /// bitrate is refused next to the field.
    void setBitrateCeiling(int kbps, const QString& platform);

    /// Fills the Hotkeys page with HOTKEYS' actions (once; HOTKEYS must outlive the dialog).
    void setHotkeys(Hotkeys* hotkeys);
    /// The Hotkeys page's editor (nullptr before setHotkeys()).
    HotkeysEditor* hotkeysEditor() const { return m_hotkeysEditor; }

    /// The Video page's note on when the canvas and frame rate apply: at the next start of
    /// Pinstage. When the entered ones differ from the running program's, it says what the program
    /// keeps until then (during a show: that the show keeps it), highlighted (property "warning").
    QLabel* videoNote() const { return m_videoNote; }

    /// The pages that hold a field with a problem now (pageNames() order). Their tabs carry a
    /// warning icon and a tooltip saying how many fields need attention.
    QStringList pagesWithErrors() const;

public slots:
    void accept() override;

protected:
    /// Grows the dialog (up to the screen's height) so that the Hotkeys page shows its rows.
    void showEvent(QShowEvent* event) override;

signals:
    /// After a successful save: LATER lists what applies only at the next start or show.
    void applied(const QStringList& later);
    /// The recording folder changed (applied at once by the window).
    void recordingFolderChanged(const QString& folder);
    void destinationsRequested();

private:
    QLabel* addField(
        QFormLayout* form, const QString& name, const QString& label, QWidget* widget, const QString& hint = {});
    QString text(const QString& name) const;
    void setError(const QString& name, const QString& error);
    QString check(const QString& name) const;
    void load();
    bool save(QStringList* later, QString* error);
    QString pageOf(const QString& name) const;
    /// Marks the tabs of pages with a visible field error (icon, tooltip), unmarks the others.
    void markPages();
    void updateVideoNote();

    Settings& m_settings;
    Studio* m_studio;
    QTabWidget* m_tabs;
    QHash<QString, QWidget*> m_fields;
    QHash<QString, QLabel*> m_errors;
    QHash<QString, QString> m_pages; // field -> page
    QLabel* m_saveError;
    QPushButton* m_save = nullptr;
    QPushButton* m_destinations = nullptr;
    int m_ceilingKbps = 0;
    QString m_ceilingPlatform;
    QWidget* m_hotkeysPage = nullptr;
    HotkeysEditor* m_hotkeysEditor = nullptr;
    bool m_grown = false;
    QLabel* m_videoNote = nullptr; // the Video page's "applies at the next start" note
};

} // namespace pinstage
