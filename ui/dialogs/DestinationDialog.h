// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "output/Broadcaster.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QToolButton;
class QDialogButtonBox;

namespace pinstage {

/// Asks where to stream: the ingest server URL and the stream key (TikTok hands out a new key per
/// show). The key is a password field with a show/hide toggle; it is kept in memory only, never
/// logged and never written to a file by this dialog.
///
/// Thread contract: main thread.
class DestinationDialog : public QDialog {
    Q_OBJECT
public:
    explicit DestinationDialog(const StreamTarget& current, QWidget* parent = nullptr);
    ~DestinationDialog() override;

    /// What was entered (validated when the dialog was accepted).
    StreamTarget target() const;

    QLineEdit* urlEdit() const { return m_url; }
    QLineEdit* keyEdit() const { return m_key; }
    QToolButton* revealButton() const { return m_reveal; }

    /// The fields' labels, as validation errors name them.
    static QString urlFieldName();
    static QString keyFieldName();

public slots:
    void accept() override;

private:
    void setKeyVisible(bool visible);

    QComboBox* m_preset;
    QLineEdit* m_url;
    QLineEdit* m_key;
    QToolButton* m_reveal;
    QLabel* m_error;
    QDialogButtonBox* m_buttons;
};

} // namespace pinstage
