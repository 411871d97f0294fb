// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>
#include <thread>

#include "output/RecordingRemux.h"

namespace pinstage {

/// What to do with a finished recording.
struct RemuxRequest {
    QString recording; ///< the file libobs recorded (.mkv, .flv, .ts, .mp4, .mov)
    QString showLog; ///< the show log the chapters come from; empty: no chapters
    /// Remux RECORDING to MP4 with chapters (RecordingRemux::mp4PathFor). False: only cut clips,
    /// from RECORDING itself.
    bool remux = true;
    /// Keep RECORDING once the MP4 is verified (the default: a recording is never lost to a bug
    /// in a step after it). False removes it after the MP4 was checked.
    bool keepOriginal = true;
    bool clips = false; ///< also cut one clip per product (ClipPlan)
    QString clipsFolder; ///< where the clips go; empty: "NAME-clips" next to the MP4
};

/// What came of it.
struct RemuxResult {
    bool ok = false;
    QString error; ///< names the file (and the log line) that failed
    QString warning; ///< e.g. the show log's last line was cut short
    QString mp4; ///< the remuxed file (empty when not asked or failed)
    QList<ShowChapter> chapters; ///< as written to the MP4 (recording time)
    QStringList clips; ///< the clips written, full paths, in show order
    QString clipsFolder;
    qint64 remuxMs = 0; ///< wall time of the remux
    qint64 clipsMs = 0; ///< wall time of cutting the clips
    bool originalRemoved = false;
};

/// Runs a RemuxRequest on a worker thread (a remux of an hour's recording reads and writes
/// gigabytes), reporting progress; the main thread stays free.
///
/// Thread contract: created, started and destroyed on one thread (the main thread); signals are
/// emitted there. One request at a time. The destructor waits for a running job to finish.
class RemuxJob : public QObject {
    Q_OBJECT
public:
    explicit RemuxJob(QObject* parent = nullptr);
    ~RemuxJob() override;

    /// Starts REQUEST; false (ERROR says why) when a job runs already.
    bool start(const RemuxRequest& request, QString* error);
    bool isRunning() const { return m_running; }

    /// The whole request, blocking, on the calling thread (the worker's body; the headless
    /// `show clips` command calls it directly). PROGRESS gets (file, step, fraction 0..1).
    static RemuxResult run(
        const RemuxRequest& request, const std::function<void(const QString&, const QString&, double)>& progress = {});

signals:
    /// STEP is "remux" or "clips"; FILE the file being written; FRACTION 0..1 of that step.
    void progress(const QString& file, const QString& step, double fraction);
    void finished(const pinstage::RemuxResult& result);

private:
    std::thread m_thread;
    bool m_running = false;
    std::shared_ptr<std::atomic_bool> m_alive;
};

} // namespace pinstage

Q_DECLARE_METATYPE(pinstage::RemuxResult)
