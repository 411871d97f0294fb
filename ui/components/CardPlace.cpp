// SPDX-License-Identifier: GPL-2.0-or-later
#include "CardPlace.h"

#include "show/ShowController.h"

#include <QCoreApplication>

namespace pinstage {

CardPlace cardPlace(const ShowController& show)
{
    if (show.cardState() == ShowController::CardState::OnAir)
        return { true, QCoreApplication::translate("CardPlace", "ON AIR"),
            QCoreApplication::translate("CardPlace", "Viewers see this card now") };
    // A reconnect is the same show: viewers see the frozen picture with this card, and see it
    // again once the stream is back (the trial found it relabelled STAGED, as if taken down).
    if (show.card() && show.state() == ShowController::State::Reconnecting)
        return { true, QCoreApplication::translate("CardPlace", "ON AIR"),
            QCoreApplication::translate("CardPlace",
                "The stream is reconnecting: viewers see a frozen picture with this card until it is back") };
    return { false, QCoreApplication::translate("CardPlace", "STAGED"),
        show.isStreaming() ? QCoreApplication::translate("CardPlace",
            "The card is on the program, but the stream is not on air yet (connecting): "
            "viewers see it once the stream is")
                           : QCoreApplication::translate(
                               "CardPlace", "The card is in the preview: viewers see it once the show is live") };
}

} // namespace pinstage
