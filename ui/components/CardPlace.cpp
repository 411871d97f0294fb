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
    return { false, QCoreApplication::translate("CardPlace", "STAGED"),
        show.isStreaming() ? QCoreApplication::translate("CardPlace",
            "The card is on the program, but the stream is not on air yet (connecting or "
            "reconnecting): viewers see it once the stream is")
                           : QCoreApplication::translate(
                               "CardPlace", "The card is in the preview: viewers see it once the show is live") };
}

} // namespace pinstage
