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

    /// The recording of the log that FILE is: the same path, or the same name (the MP4 made from
    /// it, "show.mp4" or "show-chapters.mp4" for "show.mkv").
    QString loggedRecording(const QList<ShowLogEntry>& entries, const QString& file)
    {
        QString base = QFileInfo(file).completeBaseName();
        const QString absolute = QFileInfo(file).absoluteFilePath();
        QString byName;
        for (const ShowLogEntry& e : entries) {
            if (e.event != QLatin1String("recording_started"))
                continue;
            const QString logged = e.fields.value(QLatin1String("file")).toString();
            if (QFileInfo(logged).absoluteFilePath() == absolute)
                return logged;
            const QString loggedBase = QFileInfo(logged).completeBaseName();
            if (byName.isEmpty() && (loggedBase == base || loggedBase + QStringLiteral("-chapters") == base))
                byName = logged;
        }
        return byName.isEmpty() ? file : byName;
    }

} // namespace

RemuxJob::RemuxJob(QObject* parent)
    : QObject(parent)
    , m_alive(std::make_shared<std::atomic_bool>(true))
{
    qRegisterMetaType<pinstage::RemuxResult>();
}

RemuxJob::~RemuxJob()
{
    *m_alive = false;
    if (m_thread.joinable())
        m_thread.join();
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
    auto alive = m_alive;
    m_thread = std::thread([this, request, alive] {
        const RemuxResult result = run(request, [this, alive](const QString& file, const QString& step, double f) {
            if (*alive)
                QMetaObject::invokeMethod(
                    this, [this, file, step, f] { emit progress(file, step, f); }, Qt::QueuedConnection);
        });
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

RemuxResult RemuxJob::run(
    const RemuxRequest& request, const std::function<void(const QString&, const QString&, double)>& progress)
{
    RemuxResult result;
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
        const auto entries = ShowLogExport::read(request.showLog, &error, &result.warning);
        if (!entries) {
            result.error = error;
            return result;
        }
        result.chapters = ShowLogExport::recordingChapters(
            *entries, loggedRecording(*entries, request.recording), 1000, QStringLiteral("Intro"), &chaptersError);
        if (!chaptersError.isEmpty())
            chaptersError = QStringLiteral("%1: %2").arg(name(request.showLog), chaptersError);
    } else {
        chaptersError = QStringLiteral("no show log: the MP4 has no chapters");
    }

    QString source = request.recording;
    if (request.remux) {
        result.mp4 = RecordingRemux::mp4PathFor(request.recording);
        QElapsedTimer timer;
        timer.start();
        QString error;
        if (!RecordingRemux::toMp4(
                request.recording, result.mp4, result.chapters,
                [&](double f) { report(result.mp4, QStringLiteral("remux"), f); }, &error)) {
            result.error = error;
            result.mp4.clear();
            return result;
        }
        result.remuxMs = timer.elapsed();
        if (!chaptersError.isEmpty() && result.warning.isEmpty())
            result.warning = chaptersError;
        source = result.mp4;
        if (!request.keepOriginal) {
            result.originalRemoved = QFile::remove(request.recording);
            if (!result.originalRemoved)
                result.warning
                    = QStringLiteral("%1: could not be removed after the remux").arg(name(request.recording));
        }
    }

    if (request.clips) {
        if (!chaptersError.isEmpty()) {
            result.error = chaptersError;
            return result;
        }
        QString error;
        const auto info = RecordingRemux::probe(source, &error, true);
        if (!info) {
            result.error = error;
            return result;
        }
        const QList<ClipCut> cuts = ClipPlan::cuts(result.chapters, info->keyframesMs, info->durationMs);
        if (cuts.isEmpty()) {
            result.error = QStringLiteral("%1: no product was taken to air while %2 recorded, so there is no clip to "
                                          "cut")
                               .arg(name(request.showLog), name(request.recording));
            return result;
        }
        const QFileInfo sourceInfo(source);
        result.clipsFolder = request.clipsFolder.isEmpty()
            ? sourceInfo.dir().filePath(sourceInfo.completeBaseName() + QStringLiteral("-clips"))
            : request.clipsFolder;
        if (!QDir().mkpath(result.clipsFolder)) {
            result.error = QStringLiteral("%1: cannot make the folder for the clips").arg(name(result.clipsFolder));
            return result;
        }
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < cuts.size(); ++i) {
            const QString clip = QDir(result.clipsFolder).filePath(cuts.at(i).fileName);
            report(clip, QStringLiteral("clips"), double(i) / cuts.size());
            if (!RecordingRemux::cutClip(source, clip, cuts.at(i), &error)) {
                result.error = error;
                return result;
            }
            result.clips.append(clip);
        }
        result.clipsMs = timer.elapsed();
        report(result.clipsFolder, QStringLiteral("clips"), 1.0);
    }
    result.ok = true;
    return result;
}

} // namespace pinstage
