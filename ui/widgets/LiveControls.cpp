// SPDX-License-Identifier: GPL-2.0-or-later
#include "widgets/LiveControls.h"

#include "MessageBox.h"
#include "dialogs/DestinationDialog.h"
#include "obs/ObsLog.h"
#include "utility/RecordingPath.h"

#include <QBoxLayout>
#include <QDateTime>
#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QUrl>

namespace pinstage {
namespace {

QString clockText(qint64 ms)
{
    const qint64 s = ms / 1000;
    return QStringLiteral("%1:%2:%3")
        .arg(s / 3600, 2, 10, QLatin1Char('0'))
        .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

void repolish(QWidget* w)
{
    w->style()->unpolish(w);
    w->style()->polish(w);
}

} // namespace

LiveControls::LiveControls(Broadcaster& broadcaster, QWidget* parent)
    : QWidget(parent)
    , m_broadcaster(broadcaster)
    , m_stateLabel(new QLabel(this))
    , m_destination(new QPushButton(this))
    , m_goLive(new QPushButton(this))
    , m_record(new QPushButton(this))
{
    setObjectName(QStringLiteral("liveControls"));
    m_stateLabel->setObjectName(QStringLiteral("liveState"));
    m_stateLabel->setAlignment(Qt::AlignCenter);
    m_stateLabel->setMinimumWidth(150);
    m_destination->setObjectName(QStringLiteral("destinationButton"));
    m_destination->setToolTip(tr("Where the show is streamed: server URL and stream key"));
    m_goLive->setObjectName(QStringLiteral("goLiveButton"));
    m_goLive->setMinimumSize(120, 36);
    m_record->setObjectName(QStringLiteral("recordButton"));
    m_record->setMinimumSize(110, 36);
    m_record->setToolTip(tr("Record the program to your Videos folder (Pinstage/pinstage-date-time.mkv)"));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    layout->addWidget(m_stateLabel);
    layout->addWidget(m_destination);
    layout->addWidget(m_record);
    layout->addWidget(m_goLive);

    connect(m_destination, &QPushButton::clicked, this, [this] {
        if (m_destinationEditor)
            m_destinationEditor();
        else
            editDestination();
    });
    connect(m_goLive, &QPushButton::clicked, this, [this] {
        if (m_state == State::Offline)
            goLive();
        else
            stopStream(true);
    });
    connect(m_record, &QPushButton::clicked, this, &LiveControls::toggleRecording);

    connect(&m_broadcaster, &Broadcaster::streamStarted, this, [this] {
        setState(State::Live);
        emit notice(tr("You are live."), NoticeBar::Level::Info);
    });
    connect(&m_broadcaster, &Broadcaster::streamStopped, this, &LiveControls::onStreamStopped);
    // Broadcaster announces a drop once (not once per attempt) and its end once. A stop asked
    // for meanwhile wins: STOPPING is not turned back into RECONNECTING or LIVE.
    connect(&m_broadcaster, &Broadcaster::streamReconnecting, this, [this] {
        if (m_state != State::Live)
            return;
        setState(State::Reconnecting);
        emit notice(tr("Connection lost: reconnecting. Viewers see a frozen picture; the recording goes on."),
                    NoticeBar::Level::Warning);
    });
    connect(&m_broadcaster, &Broadcaster::streamReconnected, this, [this] {
        if (m_state != State::Reconnecting)
            return;
        setState(State::Live);
        emit notice(tr("Reconnected: back on air."), NoticeBar::Level::Info);
    });
    connect(&m_broadcaster, &Broadcaster::recordingStarted, this, &LiveControls::updateRecordButton);
    connect(&m_broadcaster, &Broadcaster::recordingStopped, this, &LiveControls::onRecordingStopped);

    m_clock.setInterval(500);
    connect(&m_clock, &QTimer::timeout, this, &LiveControls::updateClock);

    updateDestinationLabel();
    updateRecordButton();
    setState(m_broadcaster.isStreaming() ? State::Live : State::Offline);
}

void LiveControls::setStreamTarget(const StreamTarget& target)
{
    ObsLog::addSecret(target.key); // masked in every log line and notice from now on
    m_target = target;
    updateDestinationLabel();
}

void LiveControls::setDestinationEditor(std::function<void()> editor)
{
    m_destinationEditor = std::move(editor);
}

bool LiveControls::editDestination()
{
    DestinationDialog dialog(m_target, window());
    if (dialog.exec() != QDialog::Accepted)
        return false;
    setStreamTarget(dialog.target());
    return true;
}

void LiveControls::goLive()
{
    if (m_state != State::Offline)
        return;
    if (m_target.url.isEmpty()) {
        // No destination yet: ask for one; the producer presses Go Live once it is set.
        if (m_destinationEditor) {
            m_destinationEditor();
            return;
        }
        if (!editDestination())
            return;
    }
    QString error;
    if (!m_target.validate(&error, DestinationDialog::urlFieldName(), DestinationDialog::keyFieldName())) {
        emit notice(tr("Check the destination: %1").arg(error), NoticeBar::Level::Error);
        return;
    }
    setState(State::Connecting);
    if (!m_broadcaster.startStream(m_target, &error)) {
        setState(State::Offline);
        emit notice(tr("Could not go live: %1").arg(error), NoticeBar::Level::Error);
    }
}

void LiveControls::stopStream(bool ask)
{
    if (m_state == State::Offline || m_state == State::Stopping)
        return;
    if (ask && (m_state == State::Live || m_state == State::Reconnecting)) {
        const auto answer = MessageBox::question(window(), tr("End the show?"),
                                                 tr("Viewers will see the stream end. The recording, if any, goes on."),
                                                 MessageBox::Buttons(QMessageBox::Yes | QMessageBox::Cancel),
                                                 QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return;
    }
    setState(State::Stopping);
    m_broadcaster.stopStream();
}

void LiveControls::toggleRecording()
{
    if (m_broadcaster.isRecording()) {
        m_broadcaster.stopRecording();
        updateRecordButton();
        return;
    }
    QString error;
    const QString file = newRecordingPath(QDateTime::currentDateTime(), &error);
    if (file.isEmpty() || !m_broadcaster.startRecording(file, &error)) {
        emit notice(tr("Could not start recording: %1").arg(error), NoticeBar::Level::Error);
        return;
    }
    m_recordingFile = file;
    updateRecordButton();
}

void LiveControls::setState(State state)
{
    m_state = state;
    QString label;
    QString property;
    switch (state) {
    case State::Offline:
        label = tr("OFFLINE");
        property = QStringLiteral("offline");
        m_goLive->setText(tr("Go Live"));
        m_goLive->setToolTip(tr("Start streaming to the destination"));
        break;
    case State::Connecting:
        label = tr("CONNECTING…");
        property = QStringLiteral("connecting");
        m_goLive->setText(tr("Cancel"));
        m_goLive->setToolTip(tr("Stop connecting"));
        break;
    case State::Live:
        label = tr("● LIVE %1").arg(clockText(m_broadcaster.streamTimeMs()));
        property = QStringLiteral("live");
        m_goLive->setText(tr("End show"));
        m_goLive->setToolTip(tr("Stop streaming (asks first)"));
        break;
    case State::Reconnecting:
        label = tr("RECONNECTING…");
        property = QStringLiteral("reconnecting");
        m_goLive->setText(tr("End show"));
        break;
    case State::Stopping:
        label = tr("STOPPING…");
        property = QStringLiteral("connecting");
        break;
    }
    m_goLive->setEnabled(state != State::Stopping);
    m_destination->setEnabled(state == State::Offline);
    m_stateLabel->setText(label);
    m_stateLabel->setProperty("state", property);
    m_goLive->setProperty("state", property);
    repolish(m_stateLabel);
    repolish(m_goLive);
    if (state == State::Live || state == State::Reconnecting)
        m_clock.start();
    else
        m_clock.stop();
    emit stateChanged(state);
}

void LiveControls::onStreamStopped(int code, const QString& message)
{
    const State was = m_state;
    setState(State::Offline);
    if (code == 0)
        return;
    if (was == State::Connecting)
        emit notice(tr("Could not connect to %1: %2").arg(QUrl(m_target.url).host(), message), NoticeBar::Level::Error);
    else if (was != State::Stopping)
        emit notice(tr("The stream stopped: %1. Press Go Live to try again.").arg(message), NoticeBar::Level::Error);
}

void LiveControls::onRecordingStopped(int code, const QString& message)
{
    updateRecordButton();
    if (code != 0)
        emit notice(tr("The recording stopped: %1").arg(message), NoticeBar::Level::Error);
    else if (!m_recordingFile.isEmpty())
        emit notice(tr("Recording saved: %1").arg(QDir::toNativeSeparators(m_recordingFile)), NoticeBar::Level::Info);
}

void LiveControls::updateClock()
{
    if (m_state == State::Live)
        m_stateLabel->setText(tr("● LIVE %1").arg(clockText(m_broadcaster.streamTimeMs())));
}

void LiveControls::updateRecordButton()
{
    const bool recording = m_broadcaster.isRecording();
    m_record->setText(recording ? tr("■ Stop rec") : tr("● Record"));
    m_record->setProperty("recording", recording);
    repolish(m_record);
}

void LiveControls::updateDestinationLabel()
{
    const QString host = QUrl(m_target.url).host();
    m_destination->setText(host.isEmpty() ? tr("Set destination…") : tr("→ %1").arg(host));
}

} // namespace pinstage
