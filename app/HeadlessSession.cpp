// SPDX-License-Identifier: GPL-2.0-or-later
#include "HeadlessSession.h"

#include "catalog/Catalog.h"
#include "obs/ObsLog.h"
#include "output/Broadcaster.h"
#include "scene/SceneCollection.h"
#include "show/PinController.h"
#include "show/Studio.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace pinstage {
namespace {

constexpr int kConnectTimeoutMs = 30'000;
constexpr int kStopTimeoutMs = 20'000;

} // namespace

HeadlessSession::HeadlessSession(Studio& studio, const CommandLine& commandLine, QTextStream& out, QTextStream& err,
                                 QObject* parent)
    : QObject(parent)
    , m_studio(studio)
    , m_cl(commandLine)
    , m_out(out)
    , m_err(err)
{
    m_connectTimeout.setSingleShot(true);
    m_stopTimeout.setSingleShot(true);
    Broadcaster& b = m_studio.broadcaster();
    connect(&b, &Broadcaster::streamStarted, this, &HeadlessSession::onLive);
    connect(&b, &Broadcaster::recordingStarted, this, [this] {
        if (m_cl.streamUrl.isEmpty())
            onLive(); // a recording-only show: the recording is the clock
    });
    connect(&b, &Broadcaster::streamStopped, this, &HeadlessSession::onStreamStopped);
    // A drop is not a failure: libobs reconnects by itself and the recording goes on. Say so on
    // stderr as it happens (a script watching the show sees it), and fail only if it never heals.
    connect(&b, &Broadcaster::streamReconnecting, this, [this] {
        m_droppedAtMs = clockMs();
        m_err << "pinstage: the connection to " << ObsLog::redact(m_cl.streamUrl) << " dropped at "
              << QString::number(clockMs() / 1000.0, 'f', 1) << " s; reconnecting (the recording goes on)\n";
        m_err.flush();
    });
    connect(&b, &Broadcaster::streamReconnected, this, [this] {
        const int attempts = m_studio.broadcaster().reconnectAttempts();
        m_err << "pinstage: reconnected at " << QString::number(clockMs() / 1000.0, 'f', 1) << " s ("
              << QString::number((clockMs() - m_droppedAtMs) / 1000.0, 'f', 1) << " s off air, " << attempts
              << (attempts == 1 ? " attempt" : " attempts") << " in this show)\n";
        m_err.flush();
    });
    connect(&b, &Broadcaster::recordingStopped, this, &HeadlessSession::onRecordingStopped);
    connect(&m_connectTimeout, &QTimer::timeout, this, [this] {
        fail(QStringLiteral("the server %1 did not accept the stream within %2 s").arg(ObsLog::redact(m_cl.streamUrl)).arg(kConnectTimeoutMs / 1000));
    });
    connect(&m_stopTimeout, &QTimer::timeout, this, [this] {
        m_err << "pinstage: the outputs did not stop within " << kStopTimeoutMs / 1000 << " s; forcing the end\n";
        m_err.flush();
        finish(m_exitCode ? m_exitCode : 1);
    });
}

bool HeadlessSession::start()
{
    // Every SKU must exist before going live: a typo found on air is a missed moment.
    for (const ScheduledPin& pin : std::as_const(m_cl.pins)) {
        if (!m_studio.catalog().variantBySku(pin.sku)) {
            m_err << "pinstage: --pin " << pin.sku << "@" << pin.atSeconds << ": unknown SKU '" << pin.sku
                  << "' (not in the catalog " << m_studio.catalog().path() << ")\n";
            m_err.flush();
            return false;
        }
    }

    for (const ScheduledSwitch& cue : std::as_const(m_cl.switches)) {
        if (!m_studio.scenes().scene(cue.scene)) {
            m_err << "pinstage: --switch " << cue.scene << "@" << cue.atSeconds << ": no scene is named '" << cue.scene
                  << "' (the collection has: " << m_studio.scenes().sceneNames().join(QLatin1String(", ")) << ")\n";
            m_err.flush();
            return false;
        }
    }

    QString error;
    // So is a recording that cannot be written (the recording starts once the stream is live).
    if (!m_cl.recordFile.isEmpty() && !Broadcaster::checkRecordingFile(m_cl.recordFile, &error)) {
        m_err << "pinstage: --record " << m_cl.recordFile << ": " << error << "\n";
        m_err.flush();
        return false;
    }
    Broadcaster& b = m_studio.broadcaster();
    if (!m_cl.streamUrl.isEmpty()) {
        if (!b.startStream({m_cl.streamUrl, m_cl.streamKey}, &error)) {
            m_err << "pinstage: " << ObsLog::redact(error) << "\n";
            m_err.flush();
            return false;
        }
        m_connectTimeout.start(kConnectTimeoutMs);
    } else if (!b.startRecording(m_cl.recordFile, &error)) {
        m_err << "pinstage: --record " << m_cl.recordFile << ": " << error << "\n";
        m_err.flush();
        return false;
    }
    return true;
}

void HeadlessSession::onLive()
{
    if (m_live)
        return;
    m_live = true;
    m_connectTimeout.stop();
    // The recording starts after the stream so that the stream gets the first keyframe.
    if (!m_cl.recordFile.isEmpty() && !m_cl.streamUrl.isEmpty()) {
        QString error;
        if (!m_studio.broadcaster().startRecording(m_cl.recordFile, &error)) {
            fail(QStringLiteral("--record %1: %2").arg(m_cl.recordFile, error));
            return;
        }
    }
    scheduleCues();
}

qint64 HeadlessSession::clockMs() const
{
    return m_studio.broadcaster().streamTimeMs();
}

void HeadlessSession::scheduleCues()
{
    // Cues are timed from the moment the stream went live; each timer fires on this thread.
    auto at = [this](double seconds, auto action) {
        const qint64 delay = std::max<qint64>(0, std::llround(seconds * 1000) - clockMs());
        QTimer::singleShot(std::chrono::milliseconds(delay), Qt::PreciseTimer, this, action);
    };
    for (const ScheduledPin& pin : std::as_const(m_cl.pins)) {
        at(pin.atSeconds, [this, sku = pin.sku] {
            if (m_stopping)
                return;
            QString error;
            if (!m_studio.pins().pin(sku, &error)) {
                m_err << "pinstage: " << error << "\n";
                m_err.flush();
            }
        });
    }
    for (double t : std::as_const(m_cl.unpinTimes)) {
        at(t, [this] {
            if (!m_stopping)
                m_studio.pins().unpin();
        });
    }
    for (const ScheduledSwitch& cue : std::as_const(m_cl.switches)) {
        at(cue.atSeconds, [this, scene = cue.scene] {
            if (m_stopping)
                return;
            // With the collection's own transition (a cut, or a fade of its length).
            SceneCollection& scenes = m_studio.scenes();
            const CollectionDocument& doc = scenes.document();
            const auto transition
                = SceneCollection::parseTransition(doc.transition).value_or(SceneCollection::Transition::Cut);
            QString error;
            if (!scenes.switchScene(scene, transition, doc.transitionMs, &error)) {
                m_err << "pinstage: --switch: " << error << "\n";
                m_err.flush();
            }
        });
    }
    if (m_cl.durationSeconds)
        at(*m_cl.durationSeconds, [this] { requestStop(); });
}

void HeadlessSession::requestStop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_connectTimeout.stop();
    Broadcaster& b = m_studio.broadcaster();
    if (!b.isStreaming() && !b.isRecording()) {
        finish(m_exitCode);
        return;
    }
    m_stopTimeout.start(kStopTimeoutMs);
    b.stopStream();
    b.stopRecording();
}

void HeadlessSession::onStreamStopped(int code, const QString& message)
{
    if (code != OBS_OUTPUT_SUCCESS) {
        // A refused or lost connection: the show failed, even if the recording is fine.
        const QString where = ObsLog::redact(m_cl.streamUrl);
        fail(QStringLiteral("stream to %1 stopped: %2").arg(where, ObsLog::redact(message)));
        return;
    }
    finishWhenOutputsStopped();
}

void HeadlessSession::onRecordingStopped(int code, const QString& message)
{
    if (code != OBS_OUTPUT_SUCCESS) {
        fail(QStringLiteral("recording %1 stopped: %2").arg(m_cl.recordFile, message));
        return;
    }
    finishWhenOutputsStopped();
}

void HeadlessSession::fail(const QString& message)
{
    if (m_failure.isEmpty()) {
        m_failure = message;
        m_err << "pinstage: " << ObsLog::redact(message) << "\n";
        m_err.flush();
    }
    m_exitCode = 1;
    m_stopping = false; // let requestStop run its course once
    requestStop();
}

void HeadlessSession::finishWhenOutputsStopped()
{
    const Broadcaster& b = m_studio.broadcaster();
    if (!b.isStreaming() && !b.isRecording())
        finish(m_exitCode);
}

void HeadlessSession::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    m_stopTimeout.stop();
    if (exitCode == 0) {
        QJsonObject line = m_studio.broadcaster().stats().toJson();
        QJsonArray cues;
        for (const PinEvent& e : m_studio.pins().events()) {
            QJsonObject cue;
            cue.insert(QStringLiteral("t"), std::round(e.streamMs / 10.0) / 100.0);
            cue.insert(QStringLiteral("action"), e.pinned ? QStringLiteral("pin") : QStringLiteral("unpin"));
            cue.insert(QStringLiteral("sku"), e.sku);
            cues.append(cue);
        }
        line.insert(QStringLiteral("pins"), cues);
        if (!m_cl.recordFile.isEmpty())
            line.insert(QStringLiteral("recording"), m_cl.recordFile);
        m_out << QJsonDocument(line).toJson(QJsonDocument::Compact) << "\n";
        m_out.flush();
    }
    emit finished(exitCode);
}

} // namespace pinstage
