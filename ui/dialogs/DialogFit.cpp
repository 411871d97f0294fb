// SPDX-License-Identifier: GPL-2.0-or-later
#include "dialogs/DialogFit.h"

#include <QEvent>
#include <QLayout>
#include <QScreen>
#include <QTimer>
#include <QWidget>

#include <algorithm>

namespace pinstage {

DialogFit::DialogFit(QWidget* dialog)
    : QObject(dialog)
    , m_dialog(dialog)
{
}

void DialogFit::install(QWidget* dialog)
{
    if (!dialog || dialog->findChild<DialogFit*>(QString(), Qt::FindDirectChildrenOnly))
        return;
    dialog->installEventFilter(new DialogFit(dialog));
}

int DialogFit::fit(QWidget* dialog)
{
    QLayout* layout = dialog ? dialog->layout() : nullptr;
    if (!layout)
        return 0;
    layout->activate();
    int need
        = layout->hasHeightForWidth() ? layout->totalHeightForWidth(dialog->width()) : layout->totalSizeHint().height();
    need = std::max(need, layout->totalMinimumSize().height());
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
    if (watched == m_dialog && (event->type() == QEvent::LayoutRequest || event->type() == QEvent::Show)
        && !m_pending) {
        // After Qt has handled the request (the layout's new hints are known).
        m_pending = true;
        QTimer::singleShot(0, this, [this] {
            m_pending = false;
            fit(m_dialog);
        });
    }
    return QObject::eventFilter(watched, event);
}

} // namespace pinstage
