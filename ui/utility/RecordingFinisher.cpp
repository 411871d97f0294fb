// SPDX-License-Identifier: GPL-2.0-or-later
#include "utility/RecordingFinisher.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace pinstage {

RecordingFinisher::RecordingFinisher(QObject* parent)
    : QObject(parent)
{
    connect(&m_job, &RemuxJob::progress, this, [this](const QString& file, const QString& step, double fraction) {
        const int percent = int(fraction * 100);
        if (step == QLatin1String("remux") && percent / 20 != m_lastPercent / 20 && percent < 100) {
            m_lastPercent = percent;
            emit notice(
                tr("Saving the recording as %1 with chapters… %2 %").arg(QDir::toNativeSeparators(file)).arg(percent),
                NoticeBar::Level::Info);
        } else if (step == QLatin1String("clips") && fraction < 1.0) {
            emit notice(tr("Cutting the clip %1…").arg(QFileInfo(file).fileName()), NoticeBar::Level::Info);
        }
    });
    connect(&m_job, &RemuxJob::finished, this, [this](const RemuxResult& result) {
        if (!result.ok && !result.mp4.isEmpty()) {
            // The MP4 is good; a later step (the clips) failed.
            emit notice(tr("Recording saved as %1, but the clips were not cut: %2")
                            .arg(QDir::toNativeSeparators(result.mp4), result.error),
                NoticeBar::Level::Warning);
        } else if (!result.ok) {
            emit notice(result.error, NoticeBar::Level::Error);
        } else if (!result.clips.isEmpty()) {
            const int n = int(result.clips.size());
            // QString::arg fills the lowest-numbered marker: the one-clip text has its own.
            const QString folder = QDir::toNativeSeparators(result.clipsFolder);
            emit notice(n == 1 ? tr("Cut 1 clip into %1").arg(folder) : tr("Cut %1 clips into %2").arg(n).arg(folder),
                NoticeBar::Level::Info);
        } else if (!result.mp4.isEmpty()) {
            const int n = int(result.chapters.size());
            const QString file = QDir::toNativeSeparators(result.mp4);
            emit notice((n == 1 ? tr("Recording saved as %1 with 1 chapter").arg(file)
                                : tr("Recording saved as %1 with %2 chapters").arg(file).arg(n))
                    + (result.warning.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(result.warning)),
                result.warning.isEmpty() ? NoticeBar::Level::Info : NoticeBar::Level::Warning);
        }
        emit finished(result);
        startNext();
    });
}

void RecordingFinisher::remux(const QString& recording, const QString& showLog)
{
    RemuxRequest request;
    request.recording = recording;
    request.showLog = showLog;
    request.keepOriginal = m_keepOriginal;
    m_queue.append(request);
    startNext();
}

void RecordingFinisher::cutClips(const QString& recording, const QString& showLog)
{
    RemuxRequest request;
    request.recording = recording;
    request.showLog = showLog;
    request.remux = false;
    request.clips = true;
    m_queue.append(request);
    startNext();
}

void RecordingFinisher::startNext()
{
    if (m_job.isRunning() || m_queue.isEmpty())
        return;
    m_lastPercent = -1;
    QString error;
    if (!m_job.start(m_queue.takeFirst(), &error))
        emit notice(error, NoticeBar::Level::Error);
}

QString RecordingFinisher::findShowLog(const QString& showsFolder, const QString& recording)
{
    // The one matching rule (ShowLogExport::recordingStart): a log that names the file itself
    // wins over a newer one that only names a recording of the same name.
    QString byName;
    const QFileInfoList logs = QDir(showsFolder).entryInfoList({ QStringLiteral("*.jsonl") }, QDir::Files, QDir::Time);
    for (const QFileInfo& log : logs) {
        QString error;
        const auto entries = ShowLogExport::read(log.absoluteFilePath(), &error);
        if (!entries)
            continue; // a damaged log is not this recording's
        RecordingMatch match = RecordingMatch::None;
        if (ShowLogExport::recordingStart(*entries, recording, &match) < 0)
            continue;
        if (match == RecordingMatch::SameFile)
            return log.absoluteFilePath();
        if (byName.isEmpty())
            byName = log.absoluteFilePath();
    }
    return byName;
}

} // namespace pinstage
