// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

namespace pinstage {

/// Whether a PulseAudio server (PulseAudio itself or PipeWire's pulse server) answers for this
/// process, checked the way libpulse finds it: PULSE_SERVER, else PULSE_RUNTIME_PATH/native,
/// else XDG_RUNTIME_DIR/pulse/native. A unix socket is checked by connecting to it (no data is
/// sent); a TCP server named in PULSE_SERVER is assumed to be there.
///
/// Thread contract: any thread; returns at once (a local connect does not wait).
class AudioServer {
public:
    struct Status {
        bool available = false;
        QString where; ///< the socket or server that was tried
        QString why; ///< when not available: one line saying why
    };
    static Status probe();
};

} // namespace pinstage
