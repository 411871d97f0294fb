// SPDX-License-Identifier: GPL-2.0-or-later
#include "dialogs/DialogFit.h"

#include <QEvent>
#include <QLayout>
#include <QScreen>
#include <QTimer>
#include <QWidget>

#include <algorithm>

namespace pinstage {

DialogFit::DialogFit(QWidget* dialog, Mode mode)
    : QObject(dialog)
    , m_dialog(dialog)
    , m_mode(mode)
{
}

void DialogFit::install(QWidget* dialog, Mode mode)
{
    if (!dialog || dialog->findChild<DialogFit*>(QString(), Qt::FindDirectChildrenOnly))
        return;
    dialog->installEventFilter(new DialogFit(dialog, mode));
}

int DialogFit::fit(QWidget* dialog, Mode mode)
{
    QLayout* layout = dialog ? dialog->layout() : nullptr;
    if (!layout)
        return 0;
    layout->activate();
    int need
        = layout->hasHeightForWidth() ? layout->totalHeightForWidth(dialog->width()) : layout->totalSizeHint().height();
    need = std::max(need, layout->totalMinimumSize().height());
    if (mode == Mode::Snug && need < dialog->height()) {
        // Taller than its lines need: the extra height would sit between them.
        dialog->resize(dialog->width(), std::max(need, dialog->minimumHeight()));
        return need;
    }
    if (!dialog->isVisible() || need <= dialog->height())
        return need;
    int height = need;
    if (QScreen* screen = dialog->screen()) {
        const QRect avail = screen->availableGeometry();
        const int frame = std::max(0, dialog->frameGeometry().height() - dialog->height());
        height = std::min(need, avail.height() - frame);
        if (height <= dialog->height())
            return need;
        dialog->resize(dialog->width(), height);
        // Still on the screen: moved up as far as it now reaches below it.
        const int bottom = dialog->frameGeometry().top() + height + frame;
        if (bottom > avail.bottom() + 1)
            dialog->move(dialog->x(), std::max(avail.top(), dialog->y() - (bottom - avail.bottom() - 1)));
    } else {
        dialog->resize(dialog->width(), height);
    }
    return need;
}

bool DialogFit::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_dialog && m_mode == Mode::Snug && event->type() == QEvent::Show)
        fit(m_dialog, m_mode); // before the window is mapped: it never shows at Qt's first guess
    if (watched == m_dialog && (event->type() == QEvent::LayoutRequest || event->type() == QEvent::Show)
        && !m_pending) {
        // After Qt has handled the request (the layout's new hints are known).
        m_pending = true;
        QTimer::singleShot(0, this, [this] {
            m_pending = false;
            fit(m_dialog, m_mode);
        });
    }
    return QObject::eventFilter(watched, event);
}

} // namespace pinstage
