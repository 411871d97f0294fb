// SPDX-License-Identifier: GPL-2.0-or-later
#include "widgets/LiveControls.h"
#include "widgets/ShowClock.h"

#include "MessageBox.h"
#include "dialogs/DestinationDialog.h"
#include "obs/ObsLog.h"
#include "settings/StreamDestination.h"
#include "utility/RecordingPath.h"

#include <QBoxLayout>
#include <QDateTime>
#include <QDir>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QStyle>
#include <QUrl>

namespace pinstage {
namespace {

    // The controller's reasons are lower-case clauses ("could not connect to HOST: why").
    QString sentence(const QString& reason)
    {
        return reason.isEmpty() ? reason : reason.at(0).toUpper() + reason.mid(1);
    }

    QString keys(const QKeySequence& sequence)
    {
        return sequence.toString(QKeySequence::NativeText);
    }

    void repolish(QWidget* w)
    {
        w->style()->unpolish(w);
        w->style()->polish(w);
    }

} // namespace

LiveControls::LiveControls(ShowController& show, QWidget* parent)
    : QWidget(parent)
    , m_show(show)
    , m_stateLabel(new QLabel(this))
    , m_destination(new QPushButton(this))
    , m_goLive(new QPushButton(this))
    , m_record(new QPushButton(this))
    , m_showClock(ShowClock::of(show)) // before the state connection below: it ticks first
{
    setObjectName(QStringLiteral("liveControls"));
    m_stateLabel->setObjectName(QStringLiteral("liveState"));
    m_stateLabel->setAlignment(Qt::AlignCenter);
    m_stateLabel->setMinimumWidth(150);
    m_destination->setObjectName(QStringLiteral("destinationButton"));
    m_destination->setToolTip(
        tr("Where the show is streamed: server URL and stream key (%1)").arg(keys(destinationShortcut())));
    m_goLive->setObjectName(QStringLiteral("goLiveButton"));
    m_goLive->setMinimumSize(120, 36);
    m_record->setObjectName(QStringLiteral("recordButton"));
    m_record->setMinimumSize(110, 36);
    m_record->setToolTip(
        tr("Record the program to the recording folder (pinstage-date-time.mkv) (%1)").arg(keys(recordShortcut())));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    layout->addWidget(m_stateLabel);
    layout->addWidget(m_destination);
    layout->addWidget(m_record);
    layout->addWidget(m_goLive);

    connect(m_destination, &QPushButton::clicked, this, &LiveControls::askForDestination);
    connect(m_goLive, &QPushButton::clicked, this, [this] {
        if (state() == State::Idle || state() == State::Rehearsal)
            requestGoLive();
        else
            stopStream(true);
    });
    connect(m_record, &QPushButton::clicked, this, &LiveControls::toggleRecording);
    connect(&m_show, &ShowController::stateChanged, this, [this](State state, const QString& reason) {
        const State was = m_shown;
        render(state, was, reason);
    });
    connect(
        &m_show, &ShowController::recordingChanged, this, [this](bool recording, bool failed, const QString& reason) {
            updateRecordButton();
            if (recording)
                return;
            if (failed)
                emit notice(sentence(reason) + QLatin1Char('.'), NoticeBar::Level::Error);
            else if (!m_show.recordingFile().isEmpty())
                emit notice(tr("Recording saved: %1").arg(QDir::toNativeSeparators(m_show.recordingFile())),
                    NoticeBar::Level::Info);
        });

    connect(m_showClock, &ShowClock::ticked, this, &LiveControls::updateClock);

    updateDestinationLabel();
    updateRecordButton();
    render(m_show.state(), m_show.state(), {});
}

QKeySequence LiveControls::goLiveShortcut()
{
    return QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L);
}

QKeySequence LiveControls::rehearsalShortcut()
{
    return QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H);
}

QKeySequence LiveControls::recordShortcut()
{
    return QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R);
}

QKeySequence LiveControls::destinationShortcut()
{
    return QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D);
}

void LiveControls::setStreamTarget(const StreamTarget& target, const QString& name)
{
    ObsLog::addSecret(target.key); // masked in every log line and notice from now on
    m_target = target;
    m_targetName = name.trimmed();
    updateDestinationLabel();
}

QString LiveControls::destinationName() const
{
    return destinationDisplayName(m_targetName, m_target.url);
}

void LiveControls::setExtraDestinations(const QList<DestinationSpec>& destinations)
{
    for (const DestinationSpec& d : destinations)
        ObsLog::addSecret(d.target.key);
    m_extra = destinations;
    updateDestinationLabel();
}

void LiveControls::setDestinationEditor(std::function<void()> editor)
{
    m_destinationEditor = std::move(editor);
}

void LiveControls::askForDestination()
{
    if (m_destinationEditor)
        m_destinationEditor();
    else
        editDestination();
}

bool LiveControls::editDestination()
{
    DestinationDialog dialog(m_target, window());
    if (dialog.exec() != QDialog::Accepted)
        return false;
    setStreamTarget(dialog.target());
    return true;
}

void LiveControls::setGoLiveGate(GoLiveGate gate)
{
    m_gate = std::move(gate);
}

void LiveControls::requestGoLive()
{
    if (state() != State::Idle && state() != State::Rehearsal)
        return;
    if (!m_gate) {
        goLive();
        return;
    }
    QPointer<LiveControls> self(this);
    m_gate([self] {
        if (self)
            self->goLive();
    });
}

bool LiveControls::toggleRehearsal()
{
    if (state() == State::Rehearsal) {
        m_show.endShow(false); // a rehearsal ends without a question: nobody watches
        return true;
    }
    if (state() != State::Idle)
        return false;
    QString error;
    if (!m_show.startRehearsal(&error)) {
        emit notice(tr("Could not start the rehearsal: %1").arg(ObsLog::redact(error)), NoticeBar::Level::Error);
        return false;
    }
    emit notice(tr("Rehearsal: everything runs as on air, but nothing is streamed."), NoticeBar::Level::Info);
    return true;
}

void LiveControls::goLive()
{
    if (state() != State::Idle && state() != State::Rehearsal)
        return;
    if (m_target.url.isEmpty() || m_target.key.isEmpty()) {
        // No destination or no key yet (keys are per show, and a keychain may not have answered):
        // ask for it; the producer presses Go Live once it is set.
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
    if (!m_extra.isEmpty() || m_targetCanvas != DestinationCanvas::Vertical) {
        QList<DestinationSpec> all { DestinationSpec { destinationName(), m_target, 0, m_targetCanvas } };
        all += m_extra;
        const QString warning = m_show.uploadWarning(all);
        if (!warning.isEmpty())
            emit notice(tr("Check the upload: %1.").arg(warning), NoticeBar::Level::Warning);
        if (!m_show.goLive(all, &error, {}))
            emit notice(tr("Could not go live: %1").arg(ObsLog::redact(error)), NoticeBar::Level::Error);
        return;
    }
    if (!m_show.goLive(m_target, &error))
        emit notice(tr("Could not go live: %1").arg(ObsLog::redact(error)), NoticeBar::Level::Error);
}

void LiveControls::stopStream(bool ask)
{
    const State now = state();
    if (now == State::Idle || now == State::Ending)
        return;
    if (ask && (now == State::Live || now == State::Reconnecting)) {
        const QString text = m_show.isRecording()
            ? tr("Viewers will see the stream end. The recording goes on until you stop it.")
            : tr("Viewers will see the stream end.");
        const auto answer = MessageBox::question(window(), tr("End the show?"), text,
            MessageBox::Buttons(QMessageBox::Yes | QMessageBox::Cancel), QMessageBox::Cancel,
            { { QMessageBox::Yes, tr("End show") }, { QMessageBox::Cancel, tr("Stay live") } });
        if (answer != QMessageBox::Yes)
            return;
    }
    m_show.endShow(false);
}

void LiveControls::toggleRecording()
{
    if (m_show.isRecording()) {
        m_show.stopRecording();
        return;
    }
    QString error;
    const QString file = newRecordingPath(m_recordingFolder, QDateTime::currentDateTime(), &error);
    if (file.isEmpty() || !m_show.startRecording(file, &error)) {
        emit notice(tr("Could not start recording: %1").arg(error), NoticeBar::Level::Error);
        return;
    }
    updateRecordButton();
}

void LiveControls::render(State state, State was, const QString& reason)
{
    m_shown = state;
    QString label;
    QString property;
    switch (state) {
    case State::Idle:
        label = tr("OFFLINE");
        property = QStringLiteral("offline");
        m_goLive->setText(tr("Go Live"));
        m_goLive->setToolTip(
            tr("Check everything, then start streaming to the destination (%1)").arg(keys(goLiveShortcut())));
        break;
    case State::Rehearsal:
        label = tr("REHEARSAL %1").arg(ShowClock::text(m_showClock->shownMs()));
        property = QStringLiteral("rehearsal");
        m_goLive->setText(tr("Go Live"));
        m_goLive->setToolTip(
            tr("Check everything, then start streaming to the destination (%1)").arg(keys(goLiveShortcut())));
        break;
    case State::Connecting:
        label = tr("CONNECTING…");
        property = QStringLiteral("connecting");
        m_goLive->setText(tr("Cancel"));
        m_goLive->setToolTip(tr("Stop connecting (%1)").arg(keys(goLiveShortcut())));
        break;
    case State::Live:
        label = tr("● LIVE %1").arg(ShowClock::text(m_showClock->shownMs()));
        property = QStringLiteral("live");
        m_goLive->setText(tr("End show"));
        m_goLive->setToolTip(tr("Stop streaming, asks first (%1)").arg(keys(goLiveShortcut())));
        break;
    case State::Reconnecting:
        label = tr("RECONNECTING…");
        property = QStringLiteral("reconnecting");
        m_goLive->setText(tr("End show"));
        m_goLive->setToolTip(tr("Stop streaming, asks first (%1)").arg(keys(goLiveShortcut())));
        break;
    case State::Ending:
        label = tr("ENDING…");
        property = QStringLiteral("connecting");
        break;
    }
    m_goLive->setEnabled(state != State::Ending);
    m_destination->setEnabled(state == State::Idle || state == State::Rehearsal);
    m_stateLabel->setText(label);
    m_stateLabel->setProperty("state", property);
    m_goLive->setProperty("state", property);
    repolish(m_stateLabel);
    repolish(m_goLive);

    // What the producer needs to hear about this change, in plain words.
    if (state == State::Live && was == State::Connecting)
        emit notice(tr("You are live."), NoticeBar::Level::Info);
    else if (state == State::Live && was == State::Reconnecting)
        emit notice(tr("Reconnected: back on air."), NoticeBar::Level::Info);
    else if (state == State::Reconnecting)
        emit notice(m_show.isRecording()
                ? tr("Connection lost: reconnecting. Viewers see a frozen picture; the recording goes on.")
                : tr("Connection lost: reconnecting. Viewers see a frozen picture."),
            NoticeBar::Level::Warning);
    else if ((state == State::Idle || state == State::Rehearsal) && was == State::Connecting)
        emit notice(sentence(reason) + QLatin1Char('.'), NoticeBar::Level::Error);
    else if (state == State::Idle && (was == State::Live || was == State::Reconnecting))
        emit notice(tr("%1. Press Go Live to try again.").arg(sentence(reason)), NoticeBar::Level::Error);
    if (state != was)
        emit stateChanged(state);
}

void LiveControls::updateClock()
{
    // The shared tick (ShowClock): the status bar's On air says the same second.
    if (state() == State::Live)
        m_stateLabel->setText(tr("● LIVE %1").arg(ShowClock::text(m_showClock->shownMs())));
    else if (state() == State::Rehearsal)
        m_stateLabel->setText(tr("REHEARSAL %1").arg(ShowClock::text(m_showClock->shownMs())));
}

void LiveControls::updateRecordButton()
{
    const bool recording = m_show.isRecording();
    m_record->setText(recording ? tr("■ Stop rec") : tr("● Record"));
    m_record->setProperty("recording", recording);
    repolish(m_record);
}

void LiveControls::updateDestinationLabel()
{
    // The destination's one name (issue 8): its saved name, else the server's host.
    const QString name = destinationName();
    m_destination->setText(name.isEmpty() ? tr("Set destination…") : tr("→ %1").arg(name));
    if (!name.isEmpty() && !m_extra.isEmpty())
        m_destination->setText(tr("→ %1 + %n more", nullptr, static_cast<int>(m_extra.size())).arg(name));
}

} // namespace pinstage
