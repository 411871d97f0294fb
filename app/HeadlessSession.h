// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "CommandLine.h"

#include <QObject>
#include <QTextStream>
#include <QTimer>

#include <memory>

namespace pinstage {

class Studio;

/// Runs one show without a window: goes live, pins and unpins on the stream clock, stops after
/// the duration (or on SIGINT/SIGTERM), prints one JSON line of final statistics.
///
/// Thread contract: main thread, inside a running QGuiApplication event loop.
class HeadlessSession : public QObject {
    Q_OBJECT
public:
    HeadlessSession(Studio& studio, const CommandLine& commandLine, QTextStream& out, QTextStream& err,
                    QObject* parent = nullptr);

    /// Validates the schedule against the catalog and starts going live. Returns false (after
    /// printing one error line) when nothing could start; otherwise finished(exitCode) follows.
    bool start();
    /// Ends the show early (signal handler, tests).
    void requestStop();

signals:
    void finished(int exitCode);

private:
    void onLive();
    void onStreamStopped(int code, const QString& message);
    void onRecordingStopped(int code, const QString& message);
    void scheduleCues();
    void finishWhenOutputsStopped();
    void finish(int exitCode);
    void fail(const QString& message);
    qint64 clockMs() const;

    Studio& m_studio;
    CommandLine m_cl;
    QTextStream& m_out;
    QTextStream& m_err;
    QTimer m_connectTimeout;
    QTimer m_stopTimeout;
    bool m_live = false;
    bool m_stopping = false;
    bool m_finished = false;
    int m_exitCode = 0;
    qint64 m_droppedAtMs = 0; // stream clock at the last drop
    QString m_failure;
};

} // namespace pinstage
