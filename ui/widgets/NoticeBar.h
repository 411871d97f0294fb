// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QTimer>
#include <QWidget>

class QLabel;
class QToolButton;

namespace pinstage {

/// A strip across the top of the window that tells the producer what went wrong (or right) without
/// a modal dialog: the host is on air and nothing may block the window. Errors and warnings stay
/// until dismissed or replaced; information fades after a few seconds.
///
/// Thread contract: main thread.
class NoticeBar : public QWidget {
    Q_OBJECT
public:
    enum class Level { Info, Warning, Error };
    Q_ENUM(Level)

    explicit NoticeBar(QWidget* parent = nullptr);

    QString text() const;
    Level level() const { return m_level; }

public slots:
    void showNotice(const QString& text, pinstage::NoticeBar::Level level);
    void dismiss();

private:
    QLabel* m_icon;
    QLabel* m_label;
    QToolButton* m_close;
    QTimer m_autoHide;
    Level m_level = Level::Info;
};

} // namespace pinstage
