// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "output/ShowOutputs.h"
#include "show/CardStage.h"
#include "show/ShowController.h"
#include "util/Clock.h"

#include <QList>
#include <QString>

namespace pinstage::test {

/// Stand-ins for the engine behind a ShowController in tests that run no libobs.
/// Thread: the test's (main) thread, like the controller.

/// Outputs with several destinations whose results the test reports, as libobs's signals would:
/// startStreams() records what it was asked and begins every destination (all on encoder 0 at
/// 4500 kbps), connecting; connected(), waiting(), failed() and stopped() then move one
/// destination on. Recording does nothing; snapshot() returns what the test put in stats.
class FakeDestinationOutputs final : public ShowOutputs {
public:
    QList<DestinationSpec> started; ///< the destinations of the latest startStreams()
    QList<int> reconnectNowAsked; ///< the indexes reconnectNow() was called with
    OutputStats stats; ///< what snapshot() returns (the test sets the counters)

    bool startStream(const StreamTarget& target, QString* error) override;
    bool startStreams(const QList<DestinationSpec>& destinations, QString* error) override;
    void stopStream() override { }
    bool isStreaming() const override { return destinationsRunning(); }
    bool startRecording(const QString&, QString*) override { return true; }
    void stopRecording() override { }
    bool isRecording() const override { return false; }
    OutputStats snapshot() const override { return stats; }
    void setReconnectPolicy(int, int) override { }
    bool reconnectNow(int index) override;

    /// Destination I is live.
    void connected(int i) { reportStarted(i); }
    /// Destination I dropped and waits SECONDS for its next try, for REASON (issue 11).
    void waiting(int i, int seconds, const QString& reason);
    /// Destination I gave up with MESSAGE (code -5).
    void failed(int i, const QString& message);
    /// Destination I stopped as asked (code 0), e.g. after the show's end.
    void stopped(int i) { reportStopped(i, 0, {}); }
};

/// A card stage that stages nothing (for tests of the outputs' side of a show).
class NoCards final : public CardStage {
public:
    void stage(quint64, const QString&, const QDateTime&) override { }
    void clear() override { }
};

/// The product a fake card stage shows for CODE: SKU and pin code CODE, "Product CODE", $25.00.
inline VariantRow echoVariant(const QString& code)
{
    VariantRow v;
    v.sku = code;
    v.pinCode = code;
    v.productTitle = QStringLiteral("Product ") + code;
    v.storedPriceCents = 2500;
    v.currency = QStringLiteral("USD");
    return v;
}

/// A card stage that stages every code at once as echoVariant(code) (for tests of what the window
/// says about the card up).
class EchoCards final : public CardStage {
public:
    void stage(quint64 request, const QString& code, const QDateTime&) override
    {
        emit staged(request, echoVariant(code), QStringLiteral("$25.00"));
    }
    void clear() override { }
};

/// A show controller on the system clock, without a show log, over FakeDestinationOutputs and
/// NoCards: what LiveControls, StatsBar and the dialogs drive in the window.
struct FakeShow {
    FakeDestinationOutputs outputs;
    NoCards cards;
    ShowController show { outputs, cards, Clock::system(), nullptr };
};

} // namespace pinstage::test
