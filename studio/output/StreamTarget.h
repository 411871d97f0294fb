// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

namespace pinstage {

/// Where the program goes: an RTMP(S) server URL and its stream key (the key is a secret:
/// it is registered with the log redactor and never printed).
struct StreamTarget {
    QString url;
    QString key;

    /// Checks the URL (rtmp:// or rtmps://, a host) and the key (no spaces). The error names the
    /// field as URL_FIELD / KEY_FIELD (the command-line flags by default; a dialog passes its
    /// labels) and never contains the key.
    bool validate(QString* error, const QString& urlField = QStringLiteral("--stream-url"),
                  const QString& keyField = QStringLiteral("--stream-key")) const;
};

} // namespace pinstage
