// SPDX-License-Identifier: GPL-2.0-or-later
#include "output/RecordingOutput.h"

#include "obs/ObsLog.h"
#include "output/EncoderSet.h"
#include "output/ShowOutputs.h"

#include <QFileInfo>

namespace pinstage {

RecordingOutput::RecordingOutput(EncoderSet& encoders, QObject* parent)
    : QObject(parent)
    , m_encoders(encoders)
{
}

RecordingOutput::~RecordingOutput()
{
    m_startSignal.Disconnect();
    m_stopSignal.Disconnect();
    if (m_output && m_active)
        obs_output_stop(m_output);
}

bool RecordingOutput::checkFile(const QString& file, QString* error)
{
    const QFileInfo info(file);
    const QFileInfo folder(info.absolutePath());
    if (!folder.isDir()) {
        *error = QStringLiteral("the folder %1 does not exist").arg(info.absolutePath());
        return false;
    }
    if (!folder.isWritable()) {
        *error = QStringLiteral("the folder %1 is not writable").arg(info.absolutePath());
        return false;
    }
    if (info.isDir()) {
        *error = QStringLiteral("%1 is a folder, not a file name").arg(info.absoluteFilePath());
        return false;
    }
    // libobs's muxer picks the container from the extension; these are the ones a seller can
    // play and post (mkv survives a crash; mp4/mov for editors; flv and ts as streamed).
    static const QStringList containers { QStringLiteral("mkv"), QStringLiteral("mp4"), QStringLiteral("mov"),
        QStringLiteral("flv"), QStringLiteral("ts") };
    const QString extension = info.suffix().toLower();
    if (!containers.contains(extension)) {
        *error = QStringLiteral("%1: %2; use .mkv (survives a crash), .mp4, .mov, .flv or .ts")
                     .arg(info.fileName(),
                         extension.isEmpty() ? QStringLiteral("no file extension")
                                             : QStringLiteral("'.%1' is not a video container").arg(info.suffix()));
        return false;
    }
    return true;
}

bool RecordingOutput::start(const QString& file, QString* error)
{
    if (m_active) {
        *error = QStringLiteral("already recording");
        return false;
    }
    if (!checkFile(file, error) || !m_encoders.ensure(error))
        return false;
    OBSDataAutoRelease settings = obs_data_create();
    obs_data_set_string(settings, "path", QFileInfo(file).absoluteFilePath().toUtf8().constData());
    if (!m_output) {
        m_output = obs_output_create("ffmpeg_muxer", "Recording", settings, nullptr);
        if (!m_output) {
            *error = QStringLiteral("the recording output is missing (install the obs-studio package)");
            return false;
        }
        signal_handler_t* handler = obs_output_get_signal_handler(m_output);
        m_startSignal.Connect(
            handler, "start",
            [](void* self, calldata_t*) {
                auto* r = static_cast<RecordingOutput*>(self);
                QMetaObject::invokeMethod(
                    r, [r] { emit r->started(); }, Qt::QueuedConnection);
            },
            this);
        m_stopSignal.Connect(
            handler, "stop",
            [](void* self, calldata_t* data) {
                auto* r = static_cast<RecordingOutput*>(self);
                const int code = static_cast<int>(calldata_int(data, "code"));
                const char* e = obs_output_get_last_error(r->m_output);
                const QString lastError = e ? ObsLog::redact(QString::fromUtf8(e)) : QString();
                QMetaObject::invokeMethod(
                    r, [r, code, lastError] { r->onStop(code, lastError); }, Qt::QueuedConnection);
            },
            this);
    } else {
        obs_output_update(m_output, settings);
    }
    // At every start: the encoder set may have been made again with other settings.
    obs_output_set_video_encoder(m_output, m_encoders.video());
    obs_output_set_audio_encoder(m_output, m_encoders.audio(), 0);
    if (!obs_output_start(m_output)) {
        const char* e = obs_output_get_last_error(m_output);
        *error = QStringLiteral("the recording could not start")
            + (e ? QStringLiteral(": ") + QString::fromUtf8(e) : QString());
        return false;
    }
    m_active = true;
    return true;
}

void RecordingOutput::stop()
{
    if (m_active)
        obs_output_stop(m_output);
}

void RecordingOutput::onStop(int code, const QString& lastError)
{
    if (!m_active)
        return;
    m_active = false;
    QString message = describeOutputCode(code);
    if (code != OBS_OUTPUT_SUCCESS && !lastError.isEmpty())
        message += QStringLiteral(": ") + lastError;
    emit stopped(code, message);
}

} // namespace pinstage
