// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <functional>

#include "output/ShowOutputs.h"
#include "output/StreamTarget.h"
#include "show/ShowController.h"
#include "widgets/NoticeBar.h"

#include <QKeySequence>
#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;

namespace pinstage {

class ShowClock;

/// Go Live / End show, Record, and the destination, rendering the show controller's state as a
/// producer reads it at a glance: OFFLINE, REHEARSAL 00:01:02, CONNECTING…, ● LIVE 00:12:34 (red),
/// RECONNECTING… (amber), ENDING…. It keeps no on-air state of its own: it sends requests to the
/// ShowController and renders its signals.
///
/// Problems (a refused connection, a dropped stream, a recording that failed) are reported through
/// notice(), never with a modal: the host may be on air. Only ending the show asks first.
/// Thread contract: main thread.
class LiveControls : public QWidget {
    Q_OBJECT
public:
    using State = ShowController::State;
    using GoLiveGate = std::function<void(std::function<void()> proceed)>;

    explicit LiveControls(ShowController& show, QWidget* parent = nullptr);

    State state() const { return m_show.state(); }
    /// The destination used by Go Live. The key stays in memory only. NAME: the saved destination's
    /// name (empty for one that is not saved, e.g. from the command line).
    void setStreamTarget(const StreamTarget& target, const QString& name = {});
    const StreamTarget& streamTarget() const { return m_target; }
    /// The name the destination is shown by everywhere (issue 8): destinationDisplayName() of its
    /// saved name and URL (the server's host when it has no name).
    QString destinationName() const;
    /// The saved destination's name given with the target (empty: not a saved one).
    const QString& streamTargetName() const { return m_targetName; }
    /// The picture the stream target receives (issue 11; the destination dialog's Canvas). Default vertical.
    void setStreamCanvas(DestinationCanvas canvas) { m_targetCanvas = canvas; }
    DestinationCanvas streamCanvas() const { return m_targetCanvas; }
    /// The file of the recording in progress or last made; empty before the first.
    QString recordingFile() const { return m_show.recordingFile(); }

    /// The window's shortcuts for these controls (Show menu); the buttons' tooltips name them.
    static QKeySequence goLiveShortcut();
    static QKeySequence rehearsalShortcut();
    static QKeySequence recordShortcut();
    static QKeySequence destinationShortcut();

    QPushButton* goLiveButton() const { return m_goLive; }
    QPushButton* recordButton() const { return m_record; }
    QLabel* stateLabel() const { return m_stateLabel; }

public slots:
    /// Opens the destination dialog; true when a destination was saved.
    bool editDestination();
    /// Replaces the built-in destination dialog (the destination button, and Go Live with no
    /// destination or no key) with EDITOR, e.g. the window's dialog of saved destinations. EDITOR
    /// must not block; it sets the target with setStreamTarget() when the producer saves.
    void setDestinationEditor(std::function<void()> editor);
    /// Connects now, without the gate (the destination dialog first when there is no key).
    void goLive();
    /// What the Go Live button and Show ▸ Go live do: the gate (the pre-flight check) first, which
    /// calls goLive() when it passes; goLive() at once without a gate.
    void requestGoLive();
    /// GATE runs before every requestGoLive(); it calls PROCEED (now or later, e.g. when the
    /// seller accepts the pre-flight's warnings) to connect, or never to stay off air. An empty
    /// GATE connects at once.
    void setGoLiveGate(GoLiveGate gate);
    /// Starts a rehearsal (everything runs, nothing is streamed) from Idle; ends it from Rehearsal
    /// (no question: nobody watches). False and a notice when it cannot start.
    bool toggleRehearsal();
    /// Where the Record button records (empty: <Videos>/Pinstage).
    void setRecordingFolder(const QString& folder) { m_recordingFolder = folder; }
    QString recordingFolder() const { return m_recordingFolder; }
    /// Ends the stream; asks first while on air (ASK false skips the question).
    void stopStream(bool ask = true);
    void toggleRecording();

public:
    /// Several destinations (issue 11): DESTINATIONS go live together with streamTarget() (keys
    /// in memory only); empty: streamTarget() alone. The destination button names them all.
    void setExtraDestinations(const QList<DestinationSpec>& destinations);
    const QList<DestinationSpec>& extraDestinations() const { return m_extra; }

signals:
    void notice(const QString& text, pinstage::NoticeBar::Level level);
    void stateChanged(pinstage::ShowController::State state);

private:
    void render(State state, State was, const QString& reason);
    void updateClock();
    void updateRecordButton();
    void updateDestinationLabel();
    void askForDestination();

    ShowController& m_show;
    StreamTarget m_target;
    State m_shown = State::Idle;
    QLabel* m_stateLabel;
    QPushButton* m_destination;
    std::function<void()> m_destinationEditor;
    GoLiveGate m_gate;
    QString m_recordingFolder;
    QPushButton* m_goLive;
    QPushButton* m_record;
    QString m_targetName; // the saved destination m_target is (empty: not saved)
    QList<DestinationSpec> m_extra; // go live with m_target
    DestinationCanvas m_targetCanvas = DestinationCanvas::Vertical; // the picture m_target receives
    /// The elapsed time's tick, shared with the status bar (issue 8: both say the same second).
    ShowClock* m_showClock;
};

} // namespace pinstage
