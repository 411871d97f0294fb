// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

namespace pinstage {

/// Routes libobs's log (and Qt's messages) to one log file, with every registered secret masked.
/// Secrets (stream keys, tokens) are registered before they are handed to libobs, so that no log
/// line, crash report or output can carry them.
namespace ObsLog {

/// Routes Qt's messages and FFmpeg's log into this log (held in memory until install() opens the
/// file), so that stdout/stderr carry only what the command line promises. Call first in main().
void captureProcessMessages(bool alsoStderr);

/// Installs the libobs log handler. An empty path keeps no file. Thread-safe after install.
void install(const QString& logFile, bool alsoStderr);
/// Stops writing (called at shutdown, after libobs is gone).
void uninstall();

/// Remembers SECRET so that any log line containing it is masked. Empty and very short strings
/// are ignored (they would mask ordinary words). Thread-safe.
void addSecret(const QString& secret);
/// Returns TEXT with every registered secret replaced by "••••". Thread-safe.
QString redact(const QString& text);

} // namespace ObsLog
} // namespace pinstage
