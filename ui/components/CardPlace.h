// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

namespace pinstage {

class ShowController;

/// Where the product card is, in the one wording every panel uses (the catalog's and the run of
/// show's headers, their rows' badges): "ON AIR" while viewers see it, and while the stream
/// reconnects (viewers keep a frozen picture with it); "STAGED" while it is on the program but
/// nobody watches yet (no stream, or the stream is still connecting). The
/// trial found two wordings for the same state ("STAGED IN PREVIEW", "STAGED (stream not on air)").
struct CardPlace {
    bool onAir = false;
    QString word; ///< "ON AIR" or "STAGED", translated
    QString toolTip; ///< why, in a sentence, translated
};

/// The card's place for SHOW's card state and stream. Thread contract: main thread.
CardPlace cardPlace(const ShowController& show);

} // namespace pinstage
