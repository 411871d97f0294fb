// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace pinstage {

/// Which picture a destination receives (issue 11): the vertical program (9:16, TikTok, Whatnot) or
/// the horizontal second canvas (16:9, YouTube, Facebook), each with its own scene. Any thread.
enum class DestinationCanvas { Vertical, Horizontal };
/// "vertical" or "horizontal": the word on the command line, in the settings file and in the JSON line.
QString destinationCanvasName(DestinationCanvas canvas);
/// The canvas named NAME (case-insensitive, spaces around ignored), nullopt for anything else.
std::optional<DestinationCanvas> parseDestinationCanvas(const QString& name);

} // namespace pinstage
