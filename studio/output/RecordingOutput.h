// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <obs.hpp>

#include <QObject>
#include <QString>

namespace pinstage {

class EncoderSet;

/// The local recording: libobs's ffmpeg_muxer fed by the shared encoders. Started after the
/// stream it joins at the stream's next keyframe. Network trouble never touches it.
///
/// Thread contract: main thread; signals are emitted there (libobs callbacks are forwarded with
/// queued calls and none arrive after destruction).
class RecordingOutput : public QObject {
    Q_OBJECT
public:
    explicit RecordingOutput(EncoderSet& encoders, QObject* parent = nullptr);
    ~RecordingOutput() override;

    /// Records into FILE (.mkv, .mp4, .flv; mkv survives a crash). A missing or read-only folder
    /// is refused at once (the error names it); a write failure later (disk full) arrives as
    /// stopped(code, message).
    bool start(const QString& file, QString* error);
    void stop();
    bool isActive() const { return m_active; }

    /// The checks start() makes at once, for a pre-flight check. The error names the folder/file.
    static bool checkFile(const QString& file, QString* error);

signals:
    void started();
    void stopped(int code, const QString& message);

private:
    void onStop(int code, const QString& lastError);

    EncoderSet& m_encoders;
    OBSOutputAutoRelease m_output;
    OBSSignal m_startSignal, m_stopSignal;
    bool m_active = false;
};

} // namespace pinstage
