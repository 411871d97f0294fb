// SPDX-License-Identifier: GPL-2.0-or-later
#include "ShowFakes.h"

namespace pinstage::test {

bool FakeDestinationOutputs::startStream(const StreamTarget& target, QString* error)
{
    return startStreams({ DestinationSpec { {}, target, 0 } }, error);
}

bool FakeDestinationOutputs::startStreams(const QList<DestinationSpec>& destinations, QString*)
{
    started = destinations;
    beginDestinations(destinations, QList<int>(destinations.size(), 0), QList<int>(destinations.size(), 4500));
    return true;
}

bool FakeDestinationOutputs::reconnectNow(int index)
{
    reconnectNowAsked.append(index);
    return true;
}

void FakeDestinationOutputs::waiting(int i, int seconds, const QString& reason)
{
    m_destinations[i].retryInSeconds = seconds;
    m_destinations[i].reason = reason;
    reportReconnecting(i);
}

void FakeDestinationOutputs::failed(int i, const QString& message)
{
    m_destinations[i].retryInSeconds = -1;
    reportStopped(i, -5, message);
}

} // namespace pinstage::test
