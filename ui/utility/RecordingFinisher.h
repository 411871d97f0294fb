// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "output/RemuxJob.h"
#include "widgets/NoticeBar.h"

#include <QList>
#include <QObject>

namespace pinstage {

/// The window's side of the finished recording: when a recording stops it is remuxed to MP4 with
/// one chapter per product (RemuxJob, off the main thread), and Show > Cut clips… cuts one clip
/// per product. Progress and results arrive as notices naming the files.
///
/// Thread contract: main thread. Requests made while one runs wait their turn.
class RecordingFinisher : public QObject {
    Q_OBJECT
public:
    explicit RecordingFinisher(QObject* parent = nullptr);

    /// Settings [recording] keep_original (default true).
    void setKeepOriginal(bool keep) { m_keepOriginal = keep; }
    /// Remuxes RECORDING to MP4 with the chapters of SHOW_LOG (empty: none).
    void remux(const QString& recording, const QString& showLog);
    /// Cuts RECORDING (or its MP4) into one clip per product of SHOW_LOG, next to it in NAME-clips/.
    void cutClips(const QString& recording, const QString& showLog);
    bool isBusy() const { return m_job.isRunning() || !m_queue.isEmpty(); }

    /// The show log in SHOWS_FOLDER (newest first) that recorded RECORDING (or the recording an
    /// MP4 was made from); empty when none did.
    static QString findShowLog(const QString& showsFolder, const QString& recording);

signals:
    void notice(const QString& text, pinstage::NoticeBar::Level level);
    void finished(const pinstage::RemuxResult& result);

private:
    void startNext();

    RemuxJob m_job;
    QList<RemuxRequest> m_queue;
    bool m_keepOriginal = true;
    int m_lastPercent = -1;
};

} // namespace pinstage
