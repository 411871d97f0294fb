// SPDX-License-Identifier: GPL-2.0-or-later
#include "dialogs/DestinationDialog.h"

#include <QBoxLayout>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>

namespace pinstage {
namespace {

struct Preset {
    const char* name;
    const char* url;
};

// Ingest servers that do not change per show. TikTok and Whatnot give the URL with the key.
constexpr Preset Presets[] = {
    {"Custom RTMP server", ""},
    {"YouTube (RTMPS)", "rtmps://a.rtmps.youtube.com:443/live2"},
    {"Facebook Live (RTMPS)", "rtmps://live-api-s.facebook.com:443/rtmp/"},
    {"Twitch", "rtmp://live.twitch.tv/app"},
};

} // namespace

DestinationDialog::DestinationDialog(const StreamTarget& current, QWidget* parent)
    : QDialog(parent)
    , m_preset(new QComboBox(this))
    , m_url(new QLineEdit(this))
    , m_key(new QLineEdit(this))
    , m_reveal(new QToolButton(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("destinationDialog"));
    setWindowTitle(tr("Stream destination"));
    setMinimumWidth(520);

    for (const Preset& preset : Presets)
        m_preset->addItem(tr(preset.name), QString::fromLatin1(preset.url));

    m_url->setObjectName(QStringLiteral("streamUrl"));
    m_url->setPlaceholderText(QStringLiteral("rtmp://… or rtmps://…"));
    m_url->setText(current.url);
    m_url->setToolTip(tr("The platform's ingest server (TikTok LIVE shows it next to the key)"));

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

    connect(m_preset, &QComboBox::activated, this, [this](int index) {
        const QString url = m_preset->itemData(index).toString();
        if (!url.isEmpty())
            m_url->setText(url);
        m_key->setFocus();
    });

    auto* keyRow = new QHBoxLayout;
    keyRow->setSpacing(6);
    keyRow->addWidget(m_key, 1);
    keyRow->addWidget(m_reveal);

    auto* form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->addRow(tr("Platform"), m_preset);
    form->addRow(urlFieldName(), m_url);
    form->addRow(keyFieldName(), keyRow);

    auto* hint = new QLabel(tr("TikTok keys change every show: ask for a new key before going live."), this);
    hint->setObjectName(QStringLiteral("hint"));
    hint->setWordWrap(true);

    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Save"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &DestinationDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &DestinationDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(hint);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    (current.url.isEmpty() ? m_url : m_key)->setFocus();
}

DestinationDialog::~DestinationDialog()
{
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
    return StreamTarget{m_url->text().trimmed(), m_key->text().trimmed()};
}

void DestinationDialog::accept()
{
    QString error;
    if (!target().validate(&error, urlFieldName(), keyFieldName())) {
        m_error->setText(error);
        m_error->show();
        return;
    }
    QDialog::accept();
}

void DestinationDialog::setKeyVisible(bool visible)
{
    m_key->setEchoMode(visible ? QLineEdit::Normal : QLineEdit::Password);
    m_reveal->setText(visible ? tr("Hide") : tr("Show"));
}

} // namespace pinstage
