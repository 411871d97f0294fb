// SPDX-License-Identifier: GPL-2.0-or-later
#include "widgets/NoticeBar.h"

#include <QBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QTime>
#include <QToolButton>

namespace pinstage {

NoticeBar::NoticeBar(QWidget* parent)
    : QWidget(parent)
    , m_icon(new QLabel(this))
    , m_label(new QLabel(this))
    , m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("noticeBar"));
    setAttribute(Qt::WA_StyledBackground);
    m_icon->setObjectName(QStringLiteral("noticeIcon"));
    m_label->setObjectName(QStringLiteral("noticeText"));
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::PlainText);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_close->setObjectName(QStringLiteral("noticeClose"));
    m_close->setText(QStringLiteral("✕"));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Dismiss"));
    m_close->setFocusPolicy(Qt::NoFocus);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 6, 6, 6);
    layout->setSpacing(10);
    layout->addWidget(m_icon);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_close);

    m_autoHide.setSingleShot(true);
    m_autoHide.setInterval(6000);
    connect(&m_autoHide, &QTimer::timeout, this, &NoticeBar::dismiss);
    connect(m_close, &QToolButton::clicked, this, &NoticeBar::dismiss);
    hide();
}

QString NoticeBar::text() const
{
    return isVisibleTo(parentWidget()) ? m_label->text() : QString();
}

void NoticeBar::showNotice(const QString& text, Level level)
{
    m_level = level;
    static const char* const names[] = { "info", "warning", "error" };
    static const char* const icons[] = { "ℹ", "⚠", "⛔" };
    setProperty("level", QString::fromLatin1(names[int(level)]));
    m_icon->setText(QString::fromUtf8(icons[int(level)]));
    m_label->setText(QStringLiteral("%1  %2").arg(QTime::currentTime().toString(QStringLiteral("HH:mm")), text));
    style()->unpolish(this);
    style()->polish(this);
    show();
    if (level == Level::Info)
        m_autoHide.start();
    else
        m_autoHide.stop();
}

void NoticeBar::dismiss()
{
    m_autoHide.stop();
    hide();
}

} // namespace pinstage
