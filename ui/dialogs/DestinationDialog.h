// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "output/DestinationCanvas.h"
#include "output/PlatformPreset.h"
#include "output/StreamTarget.h"

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QToolButton;
class QDialogButtonBox;
class QFormLayout;
class QGridLayout;

namespace pinstage {

class DestinationBook;

/// Asks where to stream: the ingest server URL and the stream key (TikTok hands out a new key per
/// show). The key is a password field with a show/hide toggle, masked by default; it is never
/// logged and never written to a file.
///
/// With a DestinationBook the dialog also offers the saved destinations by name: choosing one
/// fills its URL at once and its key when the keychain answers (asynchronously: the dialog never
/// blocks, and a key typed meanwhile is not overwritten). "Remember the key in the keychain"
/// (on by default) decides where the key goes on Save: the keychain, or this session only.
/// Save writes the name and URL to Settings and the key to the keychain through the book.
/// Without a book (the one-argument form) it edits the target in memory only, as before.
///
/// Both fields follow the rules every source of a key follows (StreamTarget::fromEntry): the key is
/// trimmed, and refused with whitespace or control characters inside; a whole ingest address
/// pasted into the server field (rtmp://host/app/KEY…) is split when the field is left, or on Save
/// (which then keeps the dialog open, so the seller sees it): the server stays in the field, the
/// rest moves into the masked key field, and urlNoteLabel() says so (urlNote() keeps the line). A different key already
/// in the key field is not overwritten: Save then refuses, saying how to enter them.
///
/// The Platform box offers the platform presets (PlatformPresets: Custom, TikTok LIVE, Whatnot,
/// Amazon Live and the rtmp-services list of libobs); a click anywhere on it opens the list, and
/// typing in it filters the list (any part of the name). Choosing one fills the server URL with its
/// first server (the Server box lists the others when there are several), or empties a URL of
/// another platform when the platform hands out the server with each show's key; a line under it
/// states the canvas, frame rate, keyframe interval and bitrate ceiling. Choosing another platform
/// resets everything the platform decides (issue 8): the server, the canvas (the platform's
/// orientation; Custom: the vertical program), the name when the dialog made it (empty, or the
/// platform's name; Custom: empty, so the server's host is used), and clears the stream key,
/// saying why under it (a key belongs to one platform's account). A name the seller typed stays.
/// A saved destination remembers its preset id; one saved before presets existed opens as Custom.
///
/// Thread contract: main thread. The book must outlive the dialog.
class DestinationDialog : public QDialog {
    Q_OBJECT
public:
    explicit DestinationDialog(const StreamTarget& current, QWidget* parent = nullptr);
    DestinationDialog(const StreamTarget& current, DestinationBook* book, QWidget* parent = nullptr);
    ~DestinationDialog() override;

    /// What was entered (validated when the dialog was accepted).
    StreamTarget target() const;
    /// The name the destination is saved under (with a book); the server's host when left empty.
    QString destinationName() const;
    bool rememberKey() const;

    QLineEdit* urlEdit() const { return m_url; }
    QLineEdit* keyEdit() const { return m_key; }
    QToolButton* revealButton() const { return m_reveal; }
    /// Saved destinations by name (editable: a new name saves a new destination). Hidden without a book.
    QComboBox* nameBox() const { return m_name; }
    QCheckBox* rememberBox() const { return m_remember; }
    /// When no keychain answers, or the build has none (DestinationBook::keychainBuilt(); issue 8),
    /// rememberBox() goes (unticked) and three states each
    /// have one statement in keyKeepingLabel(): the key is kept for this session only; or, with
    /// keyFileBox() — "Keep the key in a file only you can read", an option the seller opts into
    /// (DestinationBook::setKeyFileOptIn on Save) — for this session only unless kept in a file
    /// (less safe than a keychain); or, ticked, in that file (named, with why it is less safe).
    /// Both are hidden while a keychain answers.
    QCheckBox* keyFileBox() const { return m_keyFileBox; }
    QLabel* keyKeepingLabel() const { return m_keyKeeping; }
    /// Where the key came from or why it could not be read ("Loading the key…", "No key saved…").
    QLabel* keyStatusLabel() const { return m_keyStatus; }
    /// Says that the server URL held the key and was split (hidden until it happens).
    QLabel* urlNoteLabel() const { return m_urlNote; }
    /// The line to show the seller when the server URL was split in this dialog; empty otherwise.
    QString urlNote() const { return m_urlNoteText; }
    /// Chooses the saved destination NAME: its URL now, its key when the keychain answers.
    void selectDestination(const QString& name);
    /// The field a fix is about (the pre-flight check's "Enter the key…", "Set the destination…").
    enum class Field { Platform, Url, Key };
    /// Brings the dialog forward and puts the keyboard in FIELD, now and once the dialog is on the
    /// screen (issue 8: the pre-flight check's fix opened the dialog with the focus elsewhere).
    void focusField(Field field);
    /// Empties the form for a new destination (File ▸ Destinations ▸ Add): no name, server or key,
    /// Custom on the vertical program; a key still loading is dropped.
    void startNewDestination();

    /// The platform presets (searchable: typing filters by any part of the name).
    QComboBox* presetBox() const { return m_preset; }
    /// The chosen platform's servers (hidden unless it has more than one).
    QComboBox* serverBox() const { return m_server; }
    /// One line on the chosen platform: canvas, fps, keyframe, bitrate ceiling, where from.
    QLabel* presetInfoLabel() const { return m_presetInfo; }
    /// The chosen platform's own advice under the form (TikTok LIVE: a new key every show);
    /// hidden for a platform that has none (Custom RTMP among them).
    QLabel* hintLabel() const { return m_hint; }
    /// The chosen preset's id (PlatformPreset::id); "custom" when none matches.
    QString presetId() const;
    /// Chooses the preset ID as the seller would (fills the server). False for an unknown id.
    bool choosePreset(const QString& id);
    /// The picture this destination receives (issue 11): the vertical program or the horizontal second
    /// canvas. A platform preset suggests its own (a landscape platform: horizontal); saved with it.
    DestinationCanvas canvas() const;
    void setCanvas(DestinationCanvas canvas);
    /// The horizontal canvas's size (WxH px) the presetInfoLabel() names for a horizontal destination
    /// (the engine's: --horizontal-canvas or Settings). Default: the book's Settings, else 1920x1080.
    void setHorizontalCanvasSize(QSize size);
    /// Says why Save refused the name (another saved destination has it); hidden otherwise.
    QLabel* nameErrorLabel() const { return m_nameError; }
    QComboBox* canvasBox() const { return m_canvas; }

    /// The presets the dialog offers, read once per process from the rtmp-services data of
    /// libobs (PlatformPresets::load()) plus the built-ins. Main thread.
    static const PlatformPresets& presets();

    /// The fields' labels, as validation errors name them.
    static QString urlFieldName();
    static QString keyFieldName();

    /// Several destinations (issue 11): with a book, one box per other saved destination under
    /// "Also stream to"; the ticked ones go live together with this one. Their names, in the
    /// order saved.
    QStringList alsoStreamTo() const;
    /// Ticks the saved destinations NAMES (others are unticked).
    void setAlsoStreamTo(const QStringList& names);

public slots:
    void accept() override;

protected:
    /// A click anywhere on the Platform box opens its list (not only its arrow); focusField() once
    /// the dialog is on the screen.
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* event) override;

signals:
    /// The key of the chosen destination arrived from the keychain (or was found missing).
    void keyLoaded(bool found);

private:
    void setKeyVisible(bool visible);
    /// Activates the dialog and puts the keyboard in m_focusField.
    void focusNow();
    QPointer<QWidget> m_focusField; ///< focusField()'s field; null: none asked
    bool m_focusWhenExposed = false; ///< focusField() waits for the window to be exposed
    void setKeyStatus(const QString& text);
    /// Moves a key pasted into the URL field into the key field; returns whether it did.
    bool splitUrlField();
    /// Shows preset INDEX (servers, info line) without touching the URL.
    void showPreset(int index);
    void applyPreset(int index);
    /// After a platform change (issue 8): the error under the form and the split-key note say
    /// what holds for the fields now (URL_REPLACED: the platform put another server in the URL), and
    /// "Key loaded from …" gives the new platform's advice.
    void recheck(bool urlReplaced);
    /// What Save would refuse in the fields now (empty: nothing), without splitting anything.
    QString problem() const;
    QString loadedKeyText() const;
    /// "The key was cleared…", naming PRESET.
    QString keyClearedText(const PlatformPreset& preset) const;
    /// The size the destination receives on the canvas chosen (PRESET's for the vertical program).
    QSize receivedSize(const PlatformPreset& preset) const;
    /// The platform line for the platform and canvas chosen now.
    void updatePresetInfo();
    /// Save under a name another saved destination has: refused (a typed name, said in
    /// nameErrorLabel()) or made unique (Pinstage's automatic name: "TikTok LIVE 2"). False: refused.
    bool resolveNameClash();
    QString m_editing; ///< the saved destination the form holds (saving under its name updates it)
    QLabel* m_nameError = nullptr;
    bool m_keyClearedNote = false; ///< keyStatusLabel() says the key was cleared by a platform change
    bool m_serverNote = false; ///< urlNoteLabel() says where this platform's server comes from
    QSize m_horizontalCanvas; ///< setHorizontalCanvasSize(); invalid: the Settings'

    DestinationBook* m_book = nullptr;
    quint64 m_keyRequest = 0; ///< the latest key request; older answers are ignored
    bool m_keyLoading = false; ///< the latest key request has not been answered yet
    /// The platform the fields were last filled for (showPreset()): a change from it resets them.
    QString m_shownPresetId;
    QString m_keyFrom; ///< where the loaded key came from ("the system keychain"); empty: not loaded
    /// The saved destination whose key the key field holds (loaded or given when the dialog opened),
    /// not typed by the seller; empty: none. Naming another destination clears that key: a key is
    /// one platform's, and must never be sent to another's server.
    QString m_keyOwner;
    QComboBox* m_name;
    QCheckBox* m_remember;
    QCheckBox* m_keyFileBox = nullptr;
    QLabel* m_keyKeeping = nullptr;
    bool m_noKeychain = false; ///< the keychain did not answer the probe: the key-keeping note shows
    /// Says in keyKeepingLabel() where Save will keep the key (no keychain answers).
    void updateKeyKeeping();
    /// No keychain (none answers, or none built in): hides "Remember the key in the keychain" and
    /// offers the key file instead.
    void offerKeyFile();
    QLabel* m_keyStatus;
    QComboBox* m_preset;
    QComboBox* m_server;
    QFormLayout* m_form = nullptr;
    QLabel* m_presetInfo;
    QComboBox* m_canvas = nullptr; // vertical / horizontal (issue 11)
    QLabel* m_hint = nullptr;
    QLineEdit* m_url;
    QLineEdit* m_key;
    QToolButton* m_reveal;
    QLabel* m_error;
    QLabel* m_urlNote;
    QString m_urlNoteText;
    QDialogButtonBox* m_buttons;
    QList<QCheckBox*> m_alsoStreamTo; // objectName "alsoStreamTo", property "destination": the name
    QGridLayout* m_alsoStreamToGrid = nullptr; // their boxes, AlsoStreamToColumns to a line
    static constexpr int AlsoStreamToColumns = 3;
    void updateAlsoStreamTo();
};

} // namespace pinstage
