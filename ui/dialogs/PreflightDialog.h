// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "obs/VideoSettings.h"
#include "output/EncoderSettings.h"
#include "output/StreamTarget.h"

#include <QDialog>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

class QLabel;
class QPushButton;
class QVBoxLayout;

namespace pinstage {

/// One thing the pre-flight check found before going live.
struct PreflightItem {
    enum class Severity {
        Blocking, ///< going live would fail or stream something broken: Go Live stays off
        Warning, ///< the show can go on; the seller accepts it with "Go live anyway"
    };
    /// What was checked: "destination", "key", "canvas", "encoder", "microphone",
    /// "microphone-muted", "recording-folder", "disk-space".
    QString id;
    Severity severity = Severity::Blocking;
    QString text; ///< one sentence for the seller: what is wrong and what it means for the show
    QString subject; ///< what it is about, when it names one thing (the muted microphone's source)
    QString fixLabel; ///< the button that fixes it ("Set the key…", "Unmute"); empty: none
    std::function<void()> fix; ///< what that button does (opens a dialog, unmutes, …)
};

/// What the pre-flight check looks at, gathered by the window at the moment Go Live is pressed.
struct PreflightFacts {
    StreamTarget target; ///< the destination Go Live would stream to (its key stays in memory)
    QString destinationName; ///< its one name (destinationDisplayName()); empty: the server's host
    VideoSettings video; ///< the canvas libobs renders
    EncoderSettings encoder; ///< what the stream's encoder would use
    bool audioServer = true; ///< a PulseAudio / PipeWire server answered at start
    bool microphoneWanted = true; ///< false when the seller chose no microphone (`--mic none`)
    QStringList microphones; ///< the show's microphone sources
    QStringList mutedMicrophones; ///< those of them that are muted
    QString recordingFolder; ///< where a recording would go
    qint64 freeBytes = -1; ///< free space there (-1: unknown)
    bool folderUsable = true; ///< the folder exists (or can be made) and can be written
};

/// The checks, without widgets: what is wrong with FACTS, blocking problems first. Pure; any thread.
/// Disk space: below lowDiskBytes() is a warning that names the minutes of recording left at the
/// encoder's bitrate; below 5 minutes of it, too.
QList<PreflightItem> preflightCheck(const PreflightFacts& facts);

/// "Before you go live": lists every problem the pre-flight check found, each with the one button
/// that fixes it, and Go Live, enabled only when nothing blocks ("Go live anyway" when only
/// warnings are left). After a fix the window calls recheck(), which runs CHECK again; the dialog
/// is then as tall as its rows need (DialogFit's Snug mode: a fixed row's height goes with it).
///
/// Accepting the dialog means "go live now"; the window connects accepted() to the connection.
/// Thread contract: main thread.
class PreflightDialog : public QDialog {
    Q_OBJECT
public:
    using Check = std::function<QList<PreflightItem>()>;

    explicit PreflightDialog(Check check, QWidget* parent = nullptr);
    ~PreflightDialog() override;

    static qint64 lowDiskBytes() { return qint64(2) * 1024 * 1024 * 1024; }

    const QList<PreflightItem>& items() const { return m_items; }
    bool hasBlocking() const;
    /// The fix button of the item ID, or nullptr.
    QPushButton* fixButton(const QString& id) const;
    QPushButton* goLiveButton() const { return m_goLive; }
    /// The text shown for the item ID; empty when there is no such item.
    QString itemText(const QString& id) const;

public slots:
    /// Runs the check again (after a fix) and redraws the list.
    void recheck();

signals:
    /// The list was redrawn (after recheck()).
    void checked();

private:
    void rebuild();

    Check m_check;
    QList<PreflightItem> m_items;
    QVBoxLayout* m_list;
    QWidget* m_listHost;
    QLabel* m_summary;
    QPushButton* m_goLive;
};

} // namespace pinstage
