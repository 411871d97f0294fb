// SPDX-License-Identifier: GPL-2.0-or-later
#include "output/RateSampler.h"

namespace pinstage {

double RateSampler::sample(const OutputStats& snapshot)
{
    if (m_primed && snapshot.takenAtMs > m_lastMs && snapshot.bytesSent >= m_lastBytes)
        m_last = (snapshot.bytesSent - m_lastBytes) * 8.0
            / static_cast<double>(snapshot.takenAtMs - m_lastMs); // bits/ms = kbit/s
    else if (m_primed && snapshot.bytesSent < m_lastBytes)
        m_last = 0;
    if (!m_primed || snapshot.takenAtMs > m_lastMs || snapshot.bytesSent < m_lastBytes) {
        m_lastMs = snapshot.takenAtMs;
        m_lastBytes = snapshot.bytesSent;
    }
    m_primed = true;
    return m_last;
}

} // namespace pinstage
