// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "CommandLine.h"
#include "output/RemuxJob.h"
#include "show/ShowController.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTextStream>

namespace pinstage {

class ClockTimer;
class Studio;

/// Runs one show without a window, as a thin client of the show controller: asks it to go live
/// (or to record only), runs the cues (pins, unpins, the end) on the show clock, reports drops
/// on stderr as they happen, and prints one JSON line of final statistics.
///
/// Thread contract: main thread, inside a running QGuiApplication event loop.
class HeadlessSession : public QObject {
    Q_OBJECT
public:
    HeadlessSession(
        Studio& studio, const CommandLine& commandLine, QTextStream& out, QTextStream& err, QObject* parent = nullptr);

    /// Validates the schedule against the catalog and starts going live. Returns false (after
    /// printing one error line) when nothing could start; otherwise finished(exitCode) follows.
    bool start();
    /// Ends the show early (signal handler, tests).
    void requestStop();

signals:
    void finished(int exitCode);

private:
    void onStateChanged(ShowController::State state, const QString& reason);
    void onRecordingChanged(bool recording, bool failed, const QString& reason);
    void scheduleCues();
    /// --show: opens or resumes the run before anything is logged (one show log per run).
    bool startShow();
    /// --show: the first take and auto-advance, once the show clock runs.
    void runShow();
    /// Runs ACTION when the show clock reaches SECONDS (at once if it has passed).
    void at(double seconds, std::function<void()> action);
    void finishWhenOutputsStopped();
    void finish(int exitCode);
    /// The recording, once stopped: remuxed to MP4 with chapters (and cut into clips with --clips)
    /// on a worker thread; finish(EXITCODE) follows when it is done. False when there is nothing to do.
    bool finishRecording(int exitCode);
    void fail(const QString& message);
    void say(const QString& line);
    /// --duration, for a show never live: ends it (a failure) that many seconds after Go Live.
    void startNeverLiveDeadline();

    Studio& m_studio;
    ShowController& m_show;
    CommandLine m_cl;
    QTextStream& m_out;
    QTextStream& m_err;
    ClockTimer* m_stopTimeout;
    ShowController::State m_lastState = ShowController::State::Idle;
    bool m_live = false;
    bool m_stopping = false;
    bool m_finished = false;
    int m_exitCode = 0;
    qint64 m_droppedAtMs = 0; // show clock at the last drop
    QString m_failure;
    bool m_neverLive = false; // ended by the --duration deadline before any destination went live
    QStringList m_neverLiveReasons; // then: each destination's last try, by index
    QList<std::pair<qint64, QString>> m_switches; // scene switches made: show time (ms), scene
    RemuxJob* m_remux = nullptr; // the recording's remux, once started
    RemuxResult m_remuxResult;
    int m_remuxQuarter = -1; // the last quarter of the remux said (one progress line each)
    bool m_showOpen = false; // --show: the run is open (closed at a clean finish, kept for --resume otherwise)
    // Several destinations (issue 11).
    void onDestinationChanged(int index, const DestinationStatus& status);
    QString m_uploadWarning; // --upload-kbps: what the destinations need beyond it; empty: they fit
    // Destinations whose refused first connect was said on stderr (issue 11).
    QSet<int> m_connectRetrySaid;
    // Each destination's state as last said on stderr (several destinations).
    QHash<int, DestinationStatus::State> m_saidStates;
    // Failed tries of each destination before it first went live (its "live" line says them).
    QHash<int, int> m_triesBeforeLive;
    // Destinations whose first "live" was said on stderr.
    QSet<int> m_liveSaid;
    // Destinations whose certificate failure during the current outage was said on stderr.
    QSet<int> m_certificateSaid;
};

} // namespace pinstage
