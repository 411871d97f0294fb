// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QImage>
#include <QRect>
#include <QSize>
#include <QString>

namespace pinstage {

/// The flash-sale countdown on the product card: a small pill painted on its own and drawn over the
/// card image as a patch (SharedImageSource::setPatch), so a tick never repaints the card.
/// Deterministic: the same face at the same size gives the same pixels (tests compare decoded frames
/// with images painted here).
///
/// Thread contract: pure and re-entrant; any thread but the libobs graphics thread (< 1 ms at
/// 1080x1920).
class CountdownPainter {
public:
    /// What the countdown shows: the time left, or the end of the sale.
    struct Face {
        int remainingSeconds = 0; ///< shown as mm:ss (minutes may exceed 59: "75:00")
        bool ended = false; ///< "SALE ENDED" instead of the time
        bool operator==(const Face&) const = default;
    };

    /// "mm:ss" of SECONDS (negative counts as 0).
    static QString text(int seconds);
    /// The face, SIZE pixels, premultiplied RGBA with a transparent outside.
    static QImage paint(const Face& face, QSize size);
    /// Where the countdown goes in a card image of CARD_SIZE (card image pixels).
    /// Temporary: a pill at the card's top-right until the card templates report their own
    /// countdownRect; ProductCardLayer::countdownRect() is the one place that asks.
    static QRect defaultRect(QSize cardSize);
};

} // namespace pinstage
