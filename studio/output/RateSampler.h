// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "output/OutputStats.h"

namespace pinstage {

/// One reader's view of the stream's bitrate: the rate between this reader's previous snapshot
/// and the current one. Each reader (status bar, show log, control API) owns its own sampler, so
/// no reader disturbs another's interval.
///
/// Thread contract: a plain value; use from one thread.
class RateSampler {
public:
    /// kbit/s sent between the previous sample and SNAPSHOT (0 for the first sample, when time did
    /// not move, or when the counters went back, e.g. a new show).
    double sample(const OutputStats& snapshot);
    /// The rate the last sample() returned.
    double last() const { return m_last; }
    void reset() { *this = RateSampler(); }

private:
    bool m_primed = false;
    qint64 m_lastMs = 0;
    quint64 m_lastBytes = 0;
    double m_last = 0;
};

} // namespace pinstage
