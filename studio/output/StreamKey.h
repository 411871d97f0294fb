// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

namespace pinstage {

/// The one rule for a stream key, wherever it comes from (`--stream-key`, `PINSTAGE_STREAM_KEY`,
/// `--stream-key-file`, the window's key field): whitespace around the key is removed (a pasted key
/// often carries a line break or a space); whitespace, a control character or an invisible
/// formatting character (zero-width space, byte-order mark) inside it is refused, and so is a key
/// that is empty once trimmed. A byte-order mark at the very start (a key file saved by Notepad)
/// counts as surrounding and is removed too.
///
/// Pure and re-entrant: any thread. Errors are one line, start with the source's name and never
/// contain the key (only the position of the offending character).
namespace StreamKey {

    struct Checked {
        QString key; ///< the key to use (trimmed); empty when refused
        QString error; ///< empty when the key is usable, else "SOURCE: why"
        bool ok() const { return error.isEmpty(); }
    };

    /// Applies the rule to RAW as given by SOURCE, the name the seller knows the key by: the flag
    /// ("--stream-key"), the variable ("PINSTAGE_STREAM_KEY"), the file ("--stream-key-file /path") or
    /// the field's label ("Stream key").
    Checked check(const QString& raw, const QString& source);

} // namespace StreamKey
} // namespace pinstage
