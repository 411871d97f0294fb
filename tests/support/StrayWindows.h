// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QApplication>
#include <QDialog>
#include <QEvent>
#include <QLabel>
#include <QMainWindow>
#include <QStringList>
#include <QWidget>

namespace pinstage::test {

/// Watches the whole application, while it lives, for widgets shown as a window of their own
/// although they are not meant to be one: a label, a check box or a plain widget shown before it
/// had a parent. Such a widget flashes up as a stray top-level window, and when a layout then
/// moves it into a dialog that has no size yet, Qt makes the dialog's native window early: X
/// refused it (BadValue: no size) and the dialog never reached the screen while it blocked the
/// main window as a modal one (issue 8's window freeze).
///
/// Expected windows: dialogs, main windows, widgets given a parent and the Qt::Window flag (the
/// host monitor), and the pop-ups and tool tips of boxes and menus. found() names the others.
/// Thread contract: main thread.
class StrayWindows : public QObject {
public:
    StrayWindows() { qApp->installEventFilter(this); }
    ~StrayWindows() override { qApp->removeEventFilter(this); }
    StrayWindows(const StrayWindows&) = delete;
    StrayWindows& operator=(const StrayWindows&) = delete;

    /// "Class "objectName" (text)" of each stray window shown since construction or clear().
    const QStringList& found() const { return m_found; }
    void clear() { m_found.clear(); }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Show && watched->isWidgetType()) {
            auto* w = static_cast<QWidget*>(watched);
            const Qt::WindowType type = w->windowType();
            const bool expected = !w->isWindow() || w->parentWidget() || qobject_cast<QDialog*>(w)
                || qobject_cast<QMainWindow*>(w) || type == Qt::Popup || type == Qt::ToolTip || type == Qt::Drawer
                || type == Qt::SplashScreen;
            if (!expected) {
                const auto* label = qobject_cast<QLabel*>(w);
                m_found << QStringLiteral("%1 \"%2\" (%3)")
                               .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName(),
                                   label ? label->text().left(40) : QString());
            }
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QStringList m_found;
};

} // namespace pinstage::test
