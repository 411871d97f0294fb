// SPDX-License-Identifier: GPL-2.0-or-later
#include "dialogs/AboutDialog.h"
#include "dialogs/DialogFit.h"

#include "obs/Versions.h"

#include <QBoxLayout>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPixmap>

namespace pinstage {

AboutDialog::AboutDialog(QWidget* parent)
    : QDialog(parent)
    , m_versions(new QLabel(this))
{
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About Pinstage"));
    DialogFit::install(this); // grows when a warning or a longer line appears

    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(10);
    auto* name = new QLabel(QStringLiteral("Pinstage"), this);
    name->setObjectName(QStringLiteral("brand"));
    layout->addWidget(name);
    auto* what = new QLabel(tr("A live-selling studio for Linux: your camera, your products and your prices, "
                               "streamed to every platform at once."),
        this);
    what->setWordWrap(true);
    layout->addWidget(what);

    m_versions->setObjectName(QStringLiteral("aboutVersions"));
    m_versions->setText(versionsText());
    m_versions->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_versions->setTextFormat(Qt::PlainText);
    layout->addWidget(m_versions);

    auto* licence = new QLabel(tr("Free software under the GNU General Public License, version 2 or later. "
                                  "Built on OBS Studio's libobs, Qt and FFmpeg."),
        this);
    licence->setObjectName(QStringLiteral("hint"));
    licence->setWordWrap(true);
    layout->addWidget(licence);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    setMinimumWidth(440);
}

QString AboutDialog::versionsText()
{
    const QString pinstage = QCoreApplication::applicationVersion().isEmpty() ? tr("(development build)")
                                                                              : QCoreApplication::applicationVersion();
    return tr("Pinstage %1\nlibobs %2\nQt %3\nFFmpeg %4")
        .arg(pinstage, Versions::libobs(), Versions::qt(), Versions::ffmpeg());
}

} // namespace pinstage
