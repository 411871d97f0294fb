// SPDX-License-Identifier: GPL-2.0-or-later
#include "dialogs/DestinationDialog.h"
#include "dialogs/DialogFit.h"

#include "output/StreamKey.h"
#include "settings/DestinationBook.h"
#include "settings/SecretStore.h"
#include "settings/Settings.h"
#include "util/FreeName.h"

#include <QBoxLayout>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTimer>
#include <QToolButton>
#include <QUrl>
#include <QWindow>

#include <algorithm>

namespace pinstage {
namespace {

    /// SIZE: the picture the destination receives (the horizontal canvas for a horizontal one).
    QString presetInfo(const PlatformPreset& p, QSize size)
    {
        QStringList parts;
        parts << QObject::tr("%1x%2 at %3 fps").arg(size.width()).arg(size.height()).arg(p.fps);
        parts << QObject::tr("keyframe every %1 s").arg(p.keyframeSeconds);
        if (p.maxVideoKbps > 0)
            parts << (p.cbr ? QObject::tr("up to %1 kbps CBR") : QObject::tr("up to %1 kbps")).arg(p.maxVideoKbps);
        return parts.join(QStringLiteral(", ")); // the per-show advice is the hint's (said once)
    }

} // namespace

const PlatformPresets& DestinationDialog::presets()
{
    static const PlatformPresets loaded = [] {
        PlatformPresets p = PlatformPresets::load();
        for (const QString& error : p.errors())
            qWarning("platform presets: %s", qPrintable(error));
        return p;
    }();
    return loaded;
}

DestinationDialog::DestinationDialog(const StreamTarget& current, QWidget* parent)
    : DestinationDialog(current, nullptr, parent)
{
}

DestinationDialog::DestinationDialog(const StreamTarget& current, DestinationBook* book, QWidget* parent)
    : QDialog(parent)
    , m_book(book)
    , m_name(new QComboBox(this))
    , m_remember(new QCheckBox(tr("Remember the key in the keychain"), this))
    , m_keyStatus(new QLabel(this))
    , m_preset(new QComboBox(this))
    , m_server(new QComboBox(this))
    , m_presetInfo(new QLabel(this))
    , m_url(new QLineEdit(this))
    , m_key(new QLineEdit(this))
    , m_reveal(new QToolButton(this))
    , m_error(new QLabel(this))
    , m_urlNote(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("destinationDialog"));
    setWindowTitle(tr("Stream destination"));
    // As tall as its lines need (issue 8: it was 630 px and hid the first-run guide's buttons):
    // grows when a note appears, shrinks when one goes.
    DialogFit::install(this, DialogFit::Mode::Snug);
    setMinimumWidth(640); // (wide enough that its notes wrap onto few lines: issue 8, at most 540 px tall)

    m_preset->setObjectName(QStringLiteral("platformPreset"));
    for (const PlatformPreset& preset : presets().presets())
        m_preset->addItem(preset.displayName, preset.id);
    // Searchable: type any part of the name ("tik", "face") and pick from the filtered list.
    m_preset->setEditable(true);
    m_preset->setInsertPolicy(QComboBox::NoInsert);
    m_preset->completer()->setFilterMode(Qt::MatchContains);
    m_preset->completer()->setCompletionMode(QCompleter::PopupCompletion);
    m_preset->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    m_preset->lineEdit()->setPlaceholderText(tr("Type to search the platforms"));
    m_preset->setToolTip(tr("The platform: fills its ingest server and shows the video settings it wants. "
                            "Click to see the list, or type any part of the name."));
    // Editable for the search, but a click anywhere on it opens the list as a plain box does
    // (issue 8's trial: only the arrow did).
    m_preset->lineEdit()->installEventFilter(this);
    m_server->setObjectName(QStringLiteral("platformServer"));
    m_server->setToolTip(tr("The platform's ingest servers: pick the one nearest to you"));
    m_presetInfo->setObjectName(QStringLiteral("presetInfo"));
    m_presetInfo->setWordWrap(true);
    {
        const PlatformPreset* byServer = presets().findByServer(current.url);
        const int index = m_preset->findData(byServer ? byServer->id : PlatformPresets::customId());
        m_preset->setCurrentIndex(std::max(0, index));
        showPreset(m_preset->currentIndex());
    }

    m_url->setObjectName(QStringLiteral("streamUrl"));
    m_url->setPlaceholderText(QStringLiteral("rtmp://…, rtmps://… or srt://…"));
    m_url->setText(current.url);

    m_key->setObjectName(QStringLiteral("streamKey"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setText(current.key);
    m_key->setPlaceholderText(tr("Paste the stream key"));
    m_key->setToolTip(tr("The stream key is a password: kept in memory for this session only"));
    m_key->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);

    m_reveal->setObjectName(QStringLiteral("revealKey"));
    m_reveal->setCheckable(true);
    m_reveal->setText(tr("Show"));
    m_reveal->setToolTip(tr("Show or hide the stream key (mind the camera and screen shares)"));
    connect(m_reveal, &QToolButton::toggled, this, &DestinationDialog::setKeyVisible);

    m_error->setObjectName(QStringLiteral("destinationError"));
    m_error->setWordWrap(true);
    m_error->hide();

    m_urlNote->setObjectName(QStringLiteral("urlNote"));
    m_urlNote->setWordWrap(true);
    m_urlNote->hide();
    connect(m_url, &QLineEdit::editingFinished, this, &DestinationDialog::splitUrlField);
    connect(m_url, &QLineEdit::textEdited, this, [this] {
        if (m_serverNote) {
            m_serverNote = false;
            m_urlNote->hide();
        }
    });
    connect(m_key, &QLineEdit::textEdited, this, [this](const QString& text) {
        if (m_keyClearedNote && !text.isEmpty())
            setKeyStatus(QString()); // the note asked for this key: done
    });

    m_name->setObjectName(QStringLiteral("destinationName"));
    m_name->setEditable(true);
    m_name->setInsertPolicy(QComboBox::NoInsert);
    m_name->lineEdit()->setPlaceholderText(tr("e.g. TikTok shop"));
    m_name->setToolTip(tr("Saved destinations. Type a new name to save a new one."));

    m_remember->setObjectName(QStringLiteral("rememberKey"));
    m_remember->setChecked(true);
    m_remember->setToolTip(tr("On: the key is kept in the system keychain, never in a file. "
                              "Off: it is kept until Pinstage quits, and a remembered one is removed."));

    m_keyStatus->setObjectName(QStringLiteral("keyStatus"));
    m_keyStatus->setWordWrap(true);
    m_keyStatus->setAlignment(Qt::AlignLeft | Qt::AlignTop); // right under the key it is about
    m_keyStatus->hide();

    connect(m_preset, &QComboBox::activated, this, &DestinationDialog::applyPreset);
    connect(m_server, &QComboBox::activated, this, [this](int index) {
        const QString url = m_server->itemData(index).toString();
        if (!url.isEmpty())
            m_url->setText(url);
    });
    connect(m_name, &QComboBox::activated, this, [this](int index) { selectDestination(m_name->itemText(index)); });

    auto* keyRow = new QHBoxLayout;
    keyRow->setSpacing(6);
    keyRow->addWidget(m_key, 1);
    keyRow->addWidget(m_reveal);

    // The dialog's own layout first, the form in it: every row added below has the dialog as its
    // parent at once. A row shown while the form had no parent (the Server row's label, shown for a
    // platform with several servers) became a window of its own, and moving it into the dialog made
    // the dialog's native window before the dialog had a size: X refused it (BadValue), so the
    // dialog never reached the screen while it blocked the main window (issue 8's freeze).
    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(8);
    auto* form = new QFormLayout;
    form->setVerticalSpacing(6);
    layout->addLayout(form);
    m_form = form;
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_nameError = new QLabel(this);
    m_nameError->setObjectName(QStringLiteral("nameError"));
    m_nameError->setProperty("warning", true);
    m_nameError->setWordWrap(true);
    m_nameError->setTextFormat(Qt::PlainText);
    m_nameError->hide();
    if (m_book) {
        form->addRow(tr("Destination"), m_name);
        form->addRow(QString(), m_nameError); // right under the name it is about
        connect(m_name, &QComboBox::editTextChanged, m_nameError, &QLabel::hide);
    }
    form->addRow(tr("Platform"), m_preset);
    form->addRow(QString(), m_presetInfo);
    m_canvas = new QComboBox(this);
    m_canvas->setObjectName(QStringLiteral("destinationCanvas"));
    m_canvas->addItem(tr("Vertical 9:16 (the program)"), destinationCanvasName(DestinationCanvas::Vertical));
    m_canvas->addItem(
        tr("Horizontal 16:9 (the landscape scene)"), destinationCanvasName(DestinationCanvas::Horizontal));
    m_canvas->setToolTip(tr("The picture this destination receives: vertical platforms get the 9:16 program, "
                            "landscape ones (16:9) the horizontal canvas with its own scene"));
    form->addRow(tr("Canvas"), m_canvas);
    // The platform line names the size this destination receives: the canvas chosen here (issue 8).
    connect(m_canvas, &QComboBox::currentIndexChanged, this, &DestinationDialog::updatePresetInfo);
    form->addRow(tr("Server"), m_server);
    form->addRow(urlFieldName(), m_url);
    form->addRow(QString(), m_urlNote);
    form->addRow(keyFieldName(), keyRow);
    form->addRow(QString(), m_keyStatus); // next to the key: where it came from, or why it was cleared
    if (m_book) {
        form->addRow(QString(), m_remember);
        // The opt-in key file, offered only when no keychain answers (see the probe below).
        m_keyFileBox = new QCheckBox(tr("Keep the key in a file only you can read"), this);
        m_keyFileBox->setObjectName(QStringLiteral("keyFileBox"));
        m_keyFileBox->setChecked(m_book->keyFileOptedIn());
        m_keyFileBox->setToolTip(tr("The key stays in %1 after Pinstage quits. Less safe than a keychain.")
                                     .arg(QDir::toNativeSeparators(m_book->keyFilePath())));
        // Where the key is kept while no keychain answers: one statement for what Save will do.
        m_keyKeeping = new QLabel(this);
        m_keyKeeping->setObjectName(QStringLiteral("keyKeeping"));
        m_keyKeeping->setProperty("warning", true);
        m_keyKeeping->setWordWrap(true);
        m_keyKeeping->setTextFormat(Qt::PlainText);
        m_keyKeeping->setAlignment(Qt::AlignLeft | Qt::AlignTop); // next to the box it is about
        form->addRow(QString(), m_keyFileBox);
        form->addRow(QString(), m_keyKeeping);
        m_keyFileBox->hide();
        m_keyKeeping->hide();
        connect(m_keyFileBox, &QCheckBox::toggled, this, &DestinationDialog::updateKeyKeeping);
        // Several destinations at once: every other saved destination can go live with this one.
        const QList<StreamDestination> saved = m_book->destinations();
        if (saved.size() > 1) {
            // Three to a line (issue 8: one per line pushed the dialog past a laptop's screen).
            auto* boxes = new QWidget(this);
            boxes->setObjectName(QStringLiteral("alsoStreamToBoxes"));
            m_alsoStreamToGrid = new QGridLayout(boxes);
            m_alsoStreamToGrid->setContentsMargins(0, 0, 0, 0);
            m_alsoStreamToGrid->setVerticalSpacing(4);
            for (const StreamDestination& other : saved) {
                auto* box = new QCheckBox(other.name, boxes);
                box->setObjectName(QStringLiteral("alsoStreamTo"));
                box->setProperty("destination", other.name);
                box->setToolTip(tr("Go live on %1 (%2) too, with its saved key").arg(other.name, other.url));
                m_alsoStreamTo.append(box);
            }
            form->addRow(tr("Also stream to"), boxes);
        }
        connect(m_name, &QComboBox::currentTextChanged, this, [this](const QString& text) {
            // A new name is a new destination: the key of the one before is not carried over
            // (a key the seller typed here is theirs to keep).
            if (!m_keyOwner.isEmpty() && text.trimmed() != m_keyOwner && !m_key->isModified()) {
                if (!m_key->text().isEmpty())
                    setKeyStatus(tr("The key of “%1” is not carried over: paste the stream key of this destination.")
                                     .arg(m_keyOwner));
                m_key->setText(QString());
                m_keyFrom.clear();
                m_keyOwner.clear();
            }
            updateAlsoStreamTo();
        });
        updateAlsoStreamTo();
    } else {
        m_name->hide();
        m_remember->hide();
    }

    showPreset(m_preset->currentIndex()); // the Server row's label follows the box

    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("hint"));
    m_hint->setWordWrap(true);
    showPreset(m_preset->currentIndex()); // the hint follows the platform

    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Save"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &DestinationDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &DestinationDialog::reject);

    layout->addStretch(1); // any height to spare goes below the form, never between its lines
    layout->addWidget(m_hint);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    if (m_book) {
        m_key->setToolTip(tr("The stream key is a password: kept in the system keychain; on a computer without one, "
                             "until Pinstage quits, or in a file only you can read if you choose it"));
        for (const StreamDestination& d : m_book->destinations())
            m_name->addItem(d.name);
        const std::optional<StreamDestination> selected = m_book->selected();
        if (current.url.isEmpty() && selected) {
            selectDestination(selected->name);
        } else {
            // The window's current target (perhaps from the command line): name it if it is saved.
            QString name;
            if (selected && selected->url == current.url)
                name = selected->name;
            for (const StreamDestination& d : m_book->destinations())
                if (name.isEmpty() && d.url == current.url)
                    name = d.name;
            m_name->setEditText(name);
            m_editing = name;
            if (!name.isEmpty() && !current.key.isEmpty())
                m_keyOwner = name;
            // A saved one opens on its own platform and canvas (issue 8): a platform that hands out
            // its server with each key (TikTok LIVE) is not found by the URL, and a horizontal
            // destination opened as vertical would be saved so.
            if (const std::optional<StreamDestination> saved
                = name.isEmpty() ? std::nullopt : m_book->settings().destination(name)) {
                m_preset->setCurrentIndex(std::max(0, m_preset->findData(presets().findOrCustom(saved->presetId).id)));
                showPreset(m_preset->currentIndex());
                setCanvas(saved->canvas);
            }
        }
        if (!m_book->keychainBuilt()) {
            // Built without a keychain (issue 8): no "remember in the keychain" to offer, but the
            // key file, at once.
            offerKeyFile();
        } else if (!m_book->keychain().isPersistent()) {
            setKeyStatus(tr("There is no keychain on this computer: keys are kept until Pinstage quits."));
        } else {
            // Say it before Save when no keychain answers, not after: the key is then for this session only.
            m_book->probeKeychain(this, [this](bool answers) {
                if (!answers)
                    offerKeyFile();
            });
        }
    }

    (m_url->text().isEmpty() ? m_url : m_key)->setFocus();
}

void DestinationDialog::selectDestination(const QString& name)
{
    if (!m_book)
        return;
    const std::optional<StreamDestination> destination = m_book->settings().destination(name);
    if (!destination)
        return;
    m_name->setEditText(destination->name);
    m_editing = destination->name;
    m_preset->setCurrentIndex(std::max(0, m_preset->findData(presets().findOrCustom(destination->presetId).id)));
    showPreset(m_preset->currentIndex());
    m_url->setText(destination->url);
    setCanvas(destination->canvas);
    m_key->setText(QString()); // setText() also resets isModified(): a key typed from now on wins
    m_keyFrom.clear();
    m_keyOwner.clear();
    recheck(true);
    setKeyStatus(tr("Loading the key from %1…").arg(m_book->keychain().description()));
    m_keyLoading = true;
    const quint64 request = ++m_keyRequest;
    m_book->loadKey(
        destination->name, this, [this, request, owner = destination->name](const SecretStore::Result& result) {
            if (request != m_keyRequest)
                return; // another destination was chosen meanwhile
            m_keyLoading = false;
            if (m_key->isModified()) {
                setKeyStatus(QString()); // the seller typed a key meanwhile: keep theirs
                return;
            }
            if (result.ok()) {
                m_key->setText(result.value);
                m_keyOwner = owner;
                // Where it really is (issue 8: "the system keychain" on a computer without one).
                m_keyFrom = m_book->keyPlaceText(m_book->keyPlace(owner));
                setKeyStatus(loadedKeyText());
            } else if (!m_book->keyFileError().isEmpty()) {
                setKeyStatus(
                    tr("The key file could not be used: %1. Paste this show's key.").arg(m_book->keyFileError()));
            } else if (result.status == SecretStore::Status::NotFound) {
                setKeyStatus(tr("No key is saved for this destination: paste this show's key."));
            } else {
                qWarning("keychain: %s", qPrintable(result.error)); // the raw reason, for the log only
                // Where the key is kept is the key-keeping note's to say (once), not this line's.
                setKeyStatus(tr("No keychain answered, so no saved key could be read: paste this show's key."));
            }
            emit keyLoaded(result.ok());
        });
}

void DestinationDialog::focusField(Field field)
{
    m_focusField = field == Field::Key ? static_cast<QWidget*>(m_key)
        : field == Field::Url          ? static_cast<QWidget*>(m_url)
                                       : static_cast<QWidget*>(m_preset);
    focusNow();
    // A window is given the keyboard only once it is on the screen (X ignores an activation asked
    // for before it is mapped): again when it is exposed.
    if (QWindow* window = windowHandle(); !window || !window->isExposed()) {
        m_focusWhenExposed = true;
        if (window)
            window->installEventFilter(this);
    }
}

void DestinationDialog::focusNow()
{
    if (!m_focusField)
        return;
    raise();
    activateWindow();
    m_focusField->setFocus(Qt::OtherFocusReason);
    if (auto* edit = qobject_cast<QLineEdit*>(m_focusField.data()))
        edit->selectAll(); // a stale key or URL is replaced by what is pasted
}

void DestinationDialog::showEvent(QShowEvent* event)
{
    QDialog::showEvent(event);
    if (m_focusWhenExposed && windowHandle())
        windowHandle()->installEventFilter(this);
}

void DestinationDialog::startNewDestination()
{
    ++m_keyRequest; // a key still loading is another destination's
    m_keyLoading = false;
    m_name->setEditText(QString());
    m_editing.clear();
    m_preset->setCurrentIndex(std::max(0, m_preset->findData(PlatformPresets::customId())));
    m_url->setText(QString());
    showPreset(m_preset->currentIndex());
    setCanvas(DestinationCanvas::Vertical);
    m_key->setText(QString());
    m_keyFrom.clear();
    m_keyOwner.clear();
    m_urlNoteText.clear();
    m_urlNote->hide();
    m_error->hide();
    if (!m_book || m_book->keychain().isPersistent() || !m_book->keychainBuilt())
        setKeyStatus(QString()); // (the line saying there is no keychain at all stays)
    m_preset->setFocus();
}

QString DestinationDialog::loadedKeyText() const
{
    // A platform's per-show advice is the hint's: said once, under the form.
    return tr("Key loaded from %1.").arg(m_keyFrom);
}

void DestinationDialog::offerKeyFile()
{
    // No keychain to remember the key in: that choice goes, the key file is offered instead (an
    // option the seller opts into), and one note says where the key is kept.
    m_remember->setChecked(false);
    m_remember->setEnabled(false);
    m_form->setRowVisible(m_remember, false);
    m_noKeychain = true;
    m_keyFileBox->setVisible(!m_book->keyFilePath().isEmpty());
    if (!m_book->keychainBuilt())
        m_key->setToolTip(tr("The stream key is a password: kept until Pinstage quits, or in a file only you can "
                             "read if you choose it"));
    updateKeyKeeping();
}

void DestinationDialog::updateKeyKeeping()
{
    if (!m_keyKeeping || !m_noKeychain)
        return;
    const bool toFile = m_keyFileBox->isVisibleTo(this) && m_keyFileBox->isChecked();
    // Why there is no keychain: none answers here, or this Pinstage was built without one.
    const QString why = m_book->keychainBuilt() ? tr("No keychain answers on this computer")
                                                : tr("This Pinstage was built without a keychain");
    m_keyKeeping->setText(toFile
            ? tr("%1, so the key is kept in %2, a file only you can read. Less safe than a keychain: anyone who "
                 "logs in as you, or copies Pinstage's data folder, can read it. Untick to remove the file.")
                  .arg(why, QDir::toNativeSeparators(m_book->keyFilePath()))
            : m_keyFileBox->isVisibleTo(this)
            ? tr("%1, so the key is kept for this session only: paste it again after restarting Pinstage, or keep "
                 "it in a file (less safe than a keychain).")
                  .arg(why)
            : tr("%1, so the key is kept for this session only: paste it again after restarting Pinstage.").arg(why));
    m_keyKeeping->show();
}

QString DestinationDialog::problem() const
{
    const StreamTargetEntry entry
        = StreamTarget::fromEntry(m_url->text(), m_key->text(), urlFieldName(), keyFieldName());
    if (!entry.ok())
        return entry.error;
    QString error;
    if (!target().validate(&error, urlFieldName(), keyFieldName()))
        return error;
    return {};
}

void DestinationDialog::recheck(bool urlReplaced)
{
    // The error under the form was about the fields as they were: say what is wrong now, or
    // nothing (an empty field has not been filled in for this platform yet).
    if (!m_error->isHidden()) {
        const bool empty = m_url->text().trimmed().isEmpty() || m_key->text().trimmed().isEmpty();
        const QString now = empty ? QString() : problem();
        m_error->setText(now);
        m_error->setVisible(!now.isEmpty());
    }
    // The note on a key split off the server URL described that URL: once another platform's
    // server replaced it, say where the key is and that it may be another platform's.
    if (urlReplaced && !m_urlNote->isHidden()) {
        if (m_key->text().trimmed().isEmpty()) {
            m_urlNoteText.clear();
            m_urlNote->hide();
        } else {
            const QString platform = presets().findOrCustom(presetId()).displayName;
            m_urlNoteText = tr("The stream key taken from the earlier server URL is still in %1: check that it is "
                               "your %2 key, or paste the one %2 gave you.")
                                .arg(keyFieldName(), platform);
            m_urlNote->setText(m_urlNoteText);
        }
    }
    // "Key loaded from …" names the platform's own advice (per-show keys): the new platform's.
    if (!m_keyFrom.isEmpty() && !m_key->isModified() && !m_keyStatus->isHidden())
        setKeyStatus(loadedKeyText());
}

QString DestinationDialog::keyClearedText(const PlatformPreset& preset) const
{
    return preset.id == PlatformPresets::customId()
        ? tr("The key was cleared: a stream key belongs to one platform's account. Paste the key of your server.")
        : tr("The key was cleared: a stream key belongs to one platform's account. Paste the key %1 gave you.")
              .arg(preset.displayName);
}

QSize DestinationDialog::receivedSize(const PlatformPreset& preset) const
{
    if (!m_canvas || canvas() != DestinationCanvas::Horizontal) {
        // The vertical program (a landscape platform given it receives it too, not its own size).
        if (m_book)
            return m_book->settings().video().canvas;
        return preset.isVertical() ? preset.canvas : QSize(1080, 1920);
    }
    if (m_horizontalCanvas.isValid())
        return m_horizontalCanvas;
    return m_book ? m_book->settings().horizontalCanvas() : QSize(1920, 1080);
}

void DestinationDialog::setHorizontalCanvasSize(QSize size)
{
    m_horizontalCanvas = size;
    updatePresetInfo();
}

void DestinationDialog::updatePresetInfo()
{
    const PlatformPreset& preset = presets().findOrCustom(presetId());
    m_presetInfo->setText(presetInfo(preset, receivedSize(preset)));
}

bool DestinationDialog::resolveNameClash()
{
    const QString name = destinationName();
    if (name.isEmpty() || name == m_editing || !m_book->settings().destination(name))
        return true;
    // Another saved destination has this name (issue 8's trial: Add… replaced its key unasked).
    const QString typed = m_name->currentText().trimmed();
    const bool automatic = typed.isEmpty() || typed == presets().findOrCustom(presetId()).displayName;
    if (!automatic) {
        m_nameError->setText(tr("A destination named “%1” exists: choose another name, or edit that one.").arg(name));
        m_nameError->show();
        m_name->setFocus();
        return false;
    }
    // Pinstage's own name: the next free one ("TikTok LIVE 2").
    const QString unique
        = freeName(name, [this](const QString& taken) { return m_book->settings().destination(taken).has_value(); });
    const QSignalBlocker blocker(m_name); // (not a change of destination: the key stays)
    m_name->setEditText(unique);
    return true;
}

void DestinationDialog::setKeyStatus(const QString& text)
{
    m_keyClearedNote = false;
    m_keyStatus->setText(text);
    m_keyStatus->setVisible(!text.isEmpty());
}

QString DestinationDialog::destinationName() const
{
    return destinationDisplayName(m_name->currentText(), m_url->text());
}

bool DestinationDialog::rememberKey() const
{
    return m_remember->isChecked();
}

DestinationDialog::~DestinationDialog()
{
    // QDialog's destructor hides the dialog, and the field with the focus then finishes editing:
    // no child's signal may reach this half-destroyed object (ASan caught splitUrlField called from
    // ~QDialog, the URL field having the focus).
    for (QObject* child : findChildren<QObject*>())
        disconnect(child, nullptr, this, nullptr);
    // setText() (unlike clear(), which is undoable) also empties the undo history holding the key.
    m_key->setText(QString());
}

QString DestinationDialog::urlFieldName()
{
    return tr("Server URL");
}

QString DestinationDialog::keyFieldName()
{
    return tr("Stream key");
}

StreamTarget DestinationDialog::target() const
{
    // StreamKey's rule trims the key (a refused key is caught by accept()).
    const StreamKey::Checked key = StreamKey::check(m_key->text(), keyFieldName());
    return StreamTarget { m_url->text().trimmed(), key.ok() ? key.key : m_key->text().trimmed() };
}

bool DestinationDialog::splitUrlField()
{
    const StreamTargetEntry entry
        = StreamTarget::fromEntry(m_url->text(), m_key->text(), urlFieldName(), keyFieldName());
    if (!entry.ok() || !entry.split())
        return false; // nothing to split, or a different key is entered too: Save says how to fix it
    m_url->setText(entry.target.url);
    m_key->setText(entry.target.key);
    m_urlNoteText = tr("The server URL held the stream key: the server (%1) stays in %2, the key moved into %3.")
                        .arg(entry.target.url, urlFieldName(), keyFieldName());
    m_urlNote->setText(m_urlNoteText);
    m_urlNote->show();
    return true;
}

QStringList DestinationDialog::alsoStreamTo() const
{
    QStringList names;
    for (QCheckBox* box : m_alsoStreamTo) {
        if (box->isChecked() && box->isEnabled())
            names.append(box->property("destination").toString());
    }
    return names;
}

void DestinationDialog::setAlsoStreamTo(const QStringList& names)
{
    for (QCheckBox* box : std::as_const(m_alsoStreamTo))
        box->setChecked(names.contains(box->property("destination").toString()));
    updateAlsoStreamTo();
}

void DestinationDialog::updateAlsoStreamTo()
{
    // The destination being edited is the main one: it cannot be ticked as an extra.
    const QString current = m_name->currentText().trimmed();
    int shown = 0;
    for (QCheckBox* box : std::as_const(m_alsoStreamTo)) {
        const bool self = box->property("destination").toString() == current;
        box->setEnabled(!self);
        box->setVisible(!self);
        if (m_alsoStreamToGrid) {
            // The shown ones fill the grid in order, with no hole where this destination's box was.
            m_alsoStreamToGrid->removeWidget(box);
            if (!self) {
                m_alsoStreamToGrid->addWidget(box, shown / AlsoStreamToColumns, shown % AlsoStreamToColumns);
                ++shown;
            }
        }
    }
}

void DestinationDialog::accept()
{
    QString error;
    if (splitUrlField()) {
        // The fields just changed under the seller's eyes: stay open so the note is read, and
        // let the next Save (the key now in its own, masked field) save.
        m_buttons->button(QDialogButtonBox::Ok)->setFocus();
        return;
    }
    const StreamTargetEntry entry
        = StreamTarget::fromEntry(m_url->text(), m_key->text(), urlFieldName(), keyFieldName());
    if (!entry.ok()) {
        m_error->setText(entry.error);
        m_error->show();
        return;
    }
    if (!target().validate(&error, urlFieldName(), keyFieldName())) {
        m_error->setText(error);
        m_error->show();
        return;
    }
    if (m_book) {
        const StreamTarget entered = target();
        if (!Settings::isStorableStreamUrl(entered.url)) {
            // The settings file is plain text: a passphrase, stream id or token in the address
            // would sit there in the clear (an SRT passphrase= is the usual case).
            m_error->setText(tr("%1: the address holds a password, passphrase, stream id or token. Pinstage "
                                "keeps secrets only in the keychain, so it cannot save this address; "
                                "remove that part, or stream to it once from the command line "
                                "(--stream-url).")
                                 .arg(urlFieldName()));
            m_error->show();
            return;
        }
        if (!resolveNameClash())
            return;
        ++m_keyRequest; // a key still loading must not arrive after Save
        if (m_keyFileBox && m_keyFileBox->isVisibleTo(this)) {
            QString fileError;
            if (!m_book->setKeyFileOptIn(m_keyFileBox->isChecked(), &fileError)) {
                m_error->setText(fileError);
                m_error->show();
                return;
            }
        }
        // Ticking the key file (no keychain answers) is the seller's choice to remember the key there.
        const bool toKeyFile = m_keyFileBox && m_keyFileBox->isVisibleTo(this) && m_keyFileBox->isChecked();
        m_book->save(StreamDestination { destinationName(), entered.url, presetId(), canvas() }, entered.key,
            rememberKey() || toKeyFile);
    }
    QDialog::accept();
}

QString DestinationDialog::presetId() const
{
    const QString id = m_preset->currentData().toString();
    return id.isEmpty() ? PlatformPresets::customId() : id;
}

DestinationCanvas DestinationDialog::canvas() const
{
    return parseDestinationCanvas(m_canvas->currentData().toString()).value_or(DestinationCanvas::Vertical);
}

void DestinationDialog::setCanvas(DestinationCanvas canvas)
{
    m_canvas->setCurrentIndex(std::max(0, m_canvas->findData(destinationCanvasName(canvas))));
}

bool DestinationDialog::choosePreset(const QString& id)
{
    const int index = m_preset->findData(id);
    if (index < 0)
        return false;
    m_preset->setCurrentIndex(index);
    applyPreset(index);
    return true;
}

void DestinationDialog::showPreset(int index)
{
    const PlatformPreset& preset = presets().findOrCustom(m_preset->itemData(index).toString());
    m_shownPresetId = preset.id;
    m_server->clear();
    for (const PlatformPreset::Server& server : preset.servers)
        m_server->addItem(server.name.isEmpty() ? server.url : server.name, server.url);
    const int current = m_server->findData(m_url->text().trimmed());
    if (current >= 0)
        m_server->setCurrentIndex(current);
    m_server->setHidden(preset.servers.size() <= 1);
    if (QWidget* label = m_form ? m_form->labelForField(m_server) : nullptr)
        label->setHidden(m_server->isHidden());
    if (m_hint) {
        // Only the chosen platform's own advice: per-show keys (TikTok LIVE) change every show.
        m_hint->setText(preset.serverPerShow
                ? tr("%1 gives a new server URL and stream key for every show: paste both before going live.")
                      .arg(preset.displayName)
                : QString());
        m_hint->setHidden(m_hint->text().isEmpty());
    }
    m_url->setToolTip(preset.serverPerShow
            ? tr("The platform's ingest server (%1 shows it next to the key)").arg(preset.displayName)
            : tr("The platform's ingest server"));
    m_presetInfo->setText(presetInfo(preset, receivedSize(preset)));
    m_presetInfo->setToolTip(tr("From %1").arg(preset.origin));
    m_url->setPlaceholderText(preset.serverPerShow
            ? tr("Paste the server URL %1 shows with this show's key").arg(preset.displayName)
            : QStringLiteral("rtmp://…, rtmps://… or srt://…"));
}

void DestinationDialog::applyPreset(int index)
{
    if (index < 0)
        return;
    const PlatformPreset& preset = presets().findOrCustom(m_preset->itemData(index).toString());
    const PlatformPreset& before = presets().findOrCustom(m_shownPresetId);
    const bool changed = preset.id != before.id;
    if (m_serverNote) { // the note on the server before: said anew below when it still holds
        m_serverNote = false;
        m_urlNote->hide();
    }
    const QString url = m_url->text().trimmed();
    const QString urlBefore = m_url->text();
    const bool ownServer = std::any_of(preset.servers.cbegin(), preset.servers.cend(),
        [&url](const PlatformPreset::Server& s) { return s.url == url; });
    if (!preset.servers.isEmpty() && !ownServer)
        m_url->setText(preset.servers.first().url);
    else if (preset.servers.isEmpty() && !url.isEmpty()
        && (presets().findByServer(url) || (changed && before.id != PlatformPresets::customId())))
        // Another platform's server (issue 8's trial: TikTok LIVE → Whatnot kept TikTok's, which no
        // rtmp-services list names): this one hands out its own, or it is the seller's. A URL typed
        // under Custom stays (it may be the one the new platform gave).
        m_url->clear();
    showPreset(index);
    // Every field the platform decides follows it (issue 8's trial: YouTube → Custom kept YouTube's
    // name and the horizontal canvas): the canvas (a landscape platform such as YouTube gets the
    // horizontal one, a vertical one and Custom the program), and the name when the dialog made it
    // (empty, or the platform's own name); a name the seller typed stays theirs.
    setCanvas(preset.isVertical() ? DestinationCanvas::Vertical : DestinationCanvas::Horizontal);
    if (changed && m_keyLoading) {
        ++m_keyRequest; // the key still loading is the other platform's: it must not arrive
        m_keyLoading = false;
        setKeyStatus(QString());
    }
    if (changed && !m_key->text().isEmpty()) {
        // A stream key belongs to one platform's account: never sent to another platform's server.
        m_key->setText(QString());
        m_keyFrom.clear();
        m_keyOwner.clear();
        m_urlNoteText.clear(); // a note on a key split off the URL: that key is gone too
        m_urlNote->hide();
        setKeyStatus(keyClearedText(preset));
        m_keyClearedNote = true;
    }
    const QString name = m_name->currentText().trimmed();
    if (name.isEmpty() || name == before.displayName || name == preset.displayName)
        m_name->setEditText(preset.id == PlatformPresets::customId() ? QString() : preset.displayName);
    if (changed && m_keyClearedNote && m_key->text().isEmpty()) {
        // The note on a cleared key names the platform chosen now (issue 8: it named the one before).
        setKeyStatus(keyClearedText(preset));
        m_keyClearedNote = true;
    }
    recheck(m_url->text() != urlBefore); // every field's message for the new platform
    // A platform without a fixed server: say where its server comes from (the field is empty).
    m_serverNote = changed && preset.servers.isEmpty() && preset.id != PlatformPresets::customId()
        && m_url->text().trimmed().isEmpty();
    if (m_serverNote) {
        m_urlNoteText.clear();
        m_urlNote->setText(tr("Paste the server URL %1 gives you.").arg(preset.displayName));
        m_urlNote->show();
    }
    (m_url->text().isEmpty() ? m_url : m_key)->setFocus();
}

bool DestinationDialog::eventFilter(QObject* watched, QEvent* event)
{
    if (m_focusWhenExposed && watched == windowHandle() && event->type() == QEvent::Expose
        && windowHandle()->isExposed()) {
        m_focusWhenExposed = false;
        windowHandle()->removeEventFilter(this);
        QTimer::singleShot(0, this, &DestinationDialog::focusNow); // after Qt has handled the expose
    }
    if (watched == m_preset->lineEdit() && event->type() == QEvent::MouseButtonPress
        && static_cast<QMouseEvent*>(event)->button() == Qt::LeftButton) {
        m_preset->setFocus(Qt::MouseFocusReason);
        m_preset->showPopup();
        return true;
    }
    return QDialog::eventFilter(watched, event);
}

void DestinationDialog::setKeyVisible(bool visible)
{
    m_key->setEchoMode(visible ? QLineEdit::Normal : QLineEdit::Password);
    m_reveal->setText(visible ? tr("Hide") : tr("Show"));
}

} // namespace pinstage
