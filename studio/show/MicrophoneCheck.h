// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "show/ShowController.h"

#include <QHash>
#include <QList>
#include <QMetaObject>
#include <QObject>
#include <QString>
#include <QStringList>

namespace pinstage {

class Clock;
class ClockTimer;
class SceneCollection;

/// Watches the show's microphones (the scene collection's `pulse_input_capture` sources) while
/// the show is live and says, in one line for the seller, when one is muted or silent: muted at
/// once; silent when its input peak (before volume and mute) stayed below silenceDb for
/// silenceMs. Outside Live and Reconnecting there is no warning. The mixer dock shows it; the
/// pre-flight check can ask warning() too.
///
/// Time comes from the Clock seam: a manual clock in tests makes "silent for 5 s" exact.
/// Thread contract: main thread (meters deliver there). The collection and the clock must outlive it.
class MicrophoneCheck : public QObject {
    Q_OBJECT
public:
    /// dBFS: an input peak at or below this counts as silence.
    static constexpr float silenceDb = -60.0f;
    /// Milliseconds of silence before the warning.
    static constexpr qint64 silenceMs = 5000;
    /// How often the state is looked at while live, milliseconds.
    static constexpr qint64 checkIntervalMs = 500;

    MicrophoneCheck(SceneCollection& scenes, Clock& clock, QObject* parent = nullptr);
    ~MicrophoneCheck() override;

    /// The microphones watched (source names), in collection order.
    QStringList microphones() const { return m_microphones; }
    /// The current warning; empty when none.
    QString warning() const { return m_warning; }
    bool isLive() const;

public slots:
    /// Follows the show's state (connect ShowController::stateChanged here).
    void setShowState(pinstage::ShowController::State state);
    /// Looks again now (after a mute was toggled, a source added or removed).
    void refresh();

signals:
    /// The warning changed (empty: no warning any more).
    void warningChanged(const QString& warning);

private:
    void rewire();
    void evaluate();

    SceneCollection& m_scenes;
    Clock& m_clock;
    ClockTimer* m_timer;
    ShowController::State m_state = ShowController::State::Idle;
    QStringList m_microphones;
    QHash<QString, qint64> m_lastSound; // monotonic ms of the last input peak above silenceDb
    QList<QMetaObject::Connection> m_meterConnections;
    QString m_warning;
};

} // namespace pinstage
