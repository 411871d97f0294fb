// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QTimer>
#include <QWidget>

class QLabel;

namespace pinstage {

class Catalog;
class RunOfShow;
class Settings;
class ShowController;

/// The host's screen: a separate top-level window for a second monitor facing the host, dark and
/// in large type to be read from a few metres: the card on air (photo, title, price) with its
/// talking points, the flash-sale countdown, the card up next with its talking points, the elapsed
/// show time and whether the show is LIVE, in REHEARSAL, RECONNECTING or OFF AIR (each a word and
/// a colour). It only displays; it takes no input but Esc / F11 (leave / toggle full screen).
///
/// With Settings it remembers its screen and geometry ([host_monitor]) when it is closed or moved,
/// and restoreFromSettings() puts it back there (on the screen of that name when it is still
/// connected, else on the second screen when there is one).
///
/// Thread contract: main thread. RUN, SHOW and CATALOG (and SETTINGS) must outlive it.
class HostMonitor : public QWidget {
    Q_OBJECT
public:
    HostMonitor(RunOfShow& run, ShowController& show, Catalog& catalog, Settings* settings = nullptr,
        QWidget* parent = nullptr);
    ~HostMonitor() override;

    /// Puts the window where it was last (see the class comment) and shows it.
    void showRestored();

    QLabel* stateLabel() const { return m_state; }
    QLabel* showTimeLabel() const { return m_clock; }
    QLabel* titleLabel() const { return m_title; }
    QLabel* priceLabel() const { return m_price; }
    QLabel* countdownLabel() const { return m_countdown; }
    QLabel* talkingPointsLabel() const { return m_points; }
    QLabel* nextUpLabel() const { return m_next; }

    /// "LIVE", "REHEARSAL", "RECONNECTING", "CONNECTING", "ENDING" or "OFF AIR".
    QString stateText() const;

signals:
    void closed();

protected:
    void closeEvent(QCloseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void moveEvent(QMoveEvent* event) override;

private:
    void refreshCard();
    void refreshState();
    void refreshClock();
    void onSale(bool active, int remainingSeconds, bool ended);
    void rememberGeometry();
    void scaleFonts();

    RunOfShow& m_run;
    ShowController& m_show;
    Catalog& m_catalog;
    Settings* m_settings;
    QLabel* m_state;
    QLabel* m_showName;
    QLabel* m_clock;
    QLabel* m_photo;
    QLabel* m_onAirTag;
    QLabel* m_title;
    QLabel* m_price;
    QLabel* m_countdown;
    QLabel* m_points;
    QLabel* m_nextTag;
    QLabel* m_next;
    QLabel* m_nextPoints;
    QTimer m_tick;
    QTimer m_saveGeometry;
    QString m_photoPath;
};

} // namespace pinstage
