// SPDX-License-Identifier: GPL-2.0-or-later
#include "output/RemuxJob.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

namespace pinstage {

namespace {

    QString name(const QString& file)
    {
        return QDir::toNativeSeparators(file);
    }

} // namespace

RemuxJob::RemuxJob(QObject* parent)
    : QObject(parent)
    , m_alive(std::make_shared<std::atomic_bool>(true))
    , m_cancel(std::make_shared<std::atomic_bool>(false))
{
    qRegisterMetaType<pinstage::RemuxResult>();
}

RemuxJob::~RemuxJob()
{
    *m_alive = false;
    *m_cancel = true;
    if (m_thread.joinable())
        m_thread.join();
}

void RemuxJob::cancel()
{
    *m_cancel = true;
}

bool RemuxJob::start(const RemuxRequest& request, QString* error)
{
    if (m_running) {
        *error = QStringLiteral("a remux is running already");
        return false;
    }
    if (m_thread.joinable())
        m_thread.join();
    m_running = true;
    *m_cancel = false;
    auto alive = m_alive;
    auto cancel = m_cancel;
    m_thread = std::thread([this, request, alive, cancel] {
        const RemuxResult result = run(
            request,
            [this, alive](const QString& file, const QString& step, double f) {
                if (*alive)
                    QMetaObject::invokeMethod(
                        this, [this, file, step, f] { emit progress(file, step, f); }, Qt::QueuedConnection);
            },
            cancel.get());
        if (*alive)
            QMetaObject::invokeMethod(
                this,
                [this, result] {
                    m_running = false;
                    emit finished(result);
                },
                Qt::QueuedConnection);
    });
    return true;
}

RemuxResult RemuxJob::run(const RemuxRequest& request,
    const std::function<void(const QString&, const QString&, double)>& progress, const std::atomic_bool* cancel)
{
    RemuxResult result;
    const auto warn = [&](const QString& warning) {
        result.warning = result.warning.isEmpty() ? warning : result.warning + QStringLiteral("; ") + warning;
    };
    const auto failed = [&](const QString& error) {
        result.error = error;
        result.cancelled = cancel && cancel->load();
        return result;
    };
    const auto report = [&](const QString& file, const QString& step, double fraction) {
        if (progress)
            progress(file, step, fraction);
    };
    if (!QFileInfo(request.recording).isFile()) {
        result.error = QStringLiteral("%1: the recording does not exist").arg(name(request.recording));
        return result;
    }

    // The chapters: one per product taken to air while it recorded.
    QString chaptersError;
    if (!request.showLog.isEmpty()) {
        QString error;
        QString logWarning;
        const auto entries = ShowLogExport::read(request.showLog, &error, &logWarning);
        if (!entries)
            return failed(error);
        if (!logWarning.isEmpty())
            warn(logWarning);
        // The last chapter ends where the recording does (the time after the last unpin is the
        // outro). A file that cannot be read is reported by the step that needs it, naming it.
        QString probeError;
        const auto recorded = RecordingRemux::probe(request.recording, &probeError);
        const qint64 recordingMs = recorded && recorded->durationMs > 0 ? recorded->durationMs : -1;
        result.chapters = ShowLogExport::recordingChapters(
            *entries, request.recording, 1000, QStringLiteral("Intro"), &chaptersError, recordingMs);
        if (!chaptersError.isEmpty())
            chaptersError = QStringLiteral("%1: %2").arg(name(request.showLog), chaptersError);
    } else {
        chaptersError = QStringLiteral("no show log: the MP4 has no chapters");
    }

    QString source = request.recording;
    if (request.remux) {
        // Never over a file already there (an earlier part of a resumed show, a seller's own file).
        const QString mp4 = RecordingRemux::unusedPath(RecordingRemux::mp4PathFor(request.recording));
        QElapsedTimer timer;
        timer.start();
        QString error;
        if (!RecordingRemux::toMp4(
                request.recording, mp4, result.chapters, [&](double f) { report(mp4, QStringLiteral("remux"), f); },
                &error, cancel))
            return failed(error);
        result.mp4 = mp4;
        result.remuxMs = timer.elapsed();
        if (!chaptersError.isEmpty())
            warn(chaptersError);
        source = result.mp4;
    }

    if (request.clips) {
        if (!chaptersError.isEmpty())
            return failed(chaptersError);
        QString error;
        const auto info = RecordingRemux::probe(source, &error, true);
        if (!info)
            return failed(error);
        if (info->durationMs <= 0)
            return failed(QStringLiteral("%1: its length is unknown (a recording cut short?), so no clip can be cut; "
                                         "remux it first")
                              .arg(name(source)));
        const QList<ClipCut> cuts = ClipPlan::cuts(result.chapters, info->keyframesMs, info->durationMs);
        if (cuts.isEmpty())
            return failed(QStringLiteral("%1: no product was taken to air while %2 recorded, so there is no clip to "
                                         "cut")
                              .arg(name(request.showLog), name(request.recording)));
        const QFileInfo sourceInfo(source);
        result.clipsFolder = request.clipsFolder.isEmpty()
            ? sourceInfo.dir().filePath(sourceInfo.completeBaseName() + QStringLiteral("-clips"))
            : request.clipsFolder;
        if (!QDir().mkpath(result.clipsFolder))
            return failed(QStringLiteral("%1: cannot make the folder for the clips").arg(name(result.clipsFolder)));
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < cuts.size(); ++i) {
            const QString clip = QDir(result.clipsFolder).filePath(cuts.at(i).fileName);
            report(clip, QStringLiteral("clips"), double(i) / cuts.size());
            if (!RecordingRemux::cutClip(source, clip, cuts.at(i), &error, cancel))
                return failed(error);
            result.clips.append(clip);
        }
        result.clipsMs = timer.elapsed();
        report(result.clipsFolder, QStringLiteral("clips"), 1.0);
    }
    // Only now, with every step done: a failed clip leaves the seller the recording as it was.
    if (request.remux && !request.keepOriginal) {
        result.originalRemoved = QFile::remove(request.recording);
        if (!result.originalRemoved)
            warn(QStringLiteral("%1: could not be removed after the remux").arg(name(request.recording)));
    }
    result.ok = true;
    return result;
}

} // namespace pinstage
