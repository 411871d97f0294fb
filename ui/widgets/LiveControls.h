// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <functional>

#include "output/Broadcaster.h"
#include "widgets/NoticeBar.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;

namespace pinstage {

/// Go Live / Stop, Record, and the destination, with the on-air state a producer reads at a glance:
/// OFFLINE, CONNECTING…, LIVE 00:12:34 (red), RECONNECTING… (amber).
///
/// Problems (a refused connection, a dropped stream, a recording that failed) are reported through
/// notice(), never with a modal: the host may be on air. Only ending the show asks first.
/// Thread contract: main thread; the Broadcaster's signals already arrive there.
class LiveControls : public QWidget {
    Q_OBJECT
public:
    enum class State { Offline, Connecting, Live, Reconnecting, Stopping };
    Q_ENUM(State)

    explicit LiveControls(Broadcaster& broadcaster, QWidget* parent = nullptr);

    State state() const { return m_state; }
    /// The destination used by Go Live. The key stays in memory only.
    void setStreamTarget(const StreamTarget& target);
    const StreamTarget& streamTarget() const { return m_target; }
    /// The file of the recording in progress or last made; empty before the first.
    QString recordingFile() const { return m_recordingFile; }

    QPushButton* goLiveButton() const { return m_goLive; }
    QPushButton* recordButton() const { return m_record; }
    QLabel* stateLabel() const { return m_stateLabel; }

public slots:
    /// Opens the destination dialog; true when a destination was saved.
    bool editDestination();
    /// Replaces the built-in destination dialog (the destination button, and Go Live with no
    /// destination) with EDITOR, e.g. the window's dialog of saved destinations. EDITOR must not
    /// block; it sets the target with setStreamTarget() when the producer saves.
    void setDestinationEditor(std::function<void()> editor);
    void goLive();
    /// Ends the stream; asks first while on air (ASK false skips the question).
    void stopStream(bool ask = true);
    void toggleRecording();

signals:
    void notice(const QString& text, pinstage::NoticeBar::Level level);
    void stateChanged(pinstage::LiveControls::State state);

private:
    void setState(State state);
    void onStreamStopped(int code, const QString& message);
    void onRecordingStopped(int code, const QString& message);
    void updateClock();
    void updateRecordButton();
    void updateDestinationLabel();

    Broadcaster& m_broadcaster;
    StreamTarget m_target;
    State m_state = State::Offline;
    QString m_recordingFile;
    QLabel* m_stateLabel;
    QPushButton* m_destination;
    std::function<void()> m_destinationEditor;
    QPushButton* m_goLive;
    QPushButton* m_record;
    QTimer m_clock;
};

} // namespace pinstage
