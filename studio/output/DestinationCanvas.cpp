// SPDX-License-Identifier: GPL-2.0-or-later
#include "output/DestinationCanvas.h"

namespace pinstage {

QString destinationCanvasName(DestinationCanvas canvas)
{
    return canvas == DestinationCanvas::Horizontal ? QStringLiteral("horizontal") : QStringLiteral("vertical");
}

std::optional<DestinationCanvas> parseDestinationCanvas(const QString& name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("vertical"))
        return DestinationCanvas::Vertical;
    if (n == QLatin1String("horizontal"))
        return DestinationCanvas::Horizontal;
    return std::nullopt;
}

} // namespace pinstage
