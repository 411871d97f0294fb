// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "output/DestinationCanvas.h"

#include <QString>
#include <QUrl>

namespace pinstage {

/// A saved streaming destination: what the seller calls it, the ingest server and the platform
/// preset it was made from. Its stream key is never part of it: keys live in a SecretStore under
/// SecretStore::streamKeyId(name).
struct StreamDestination {
    QString name;
    QString url;
    /// The PlatformPreset id ("tiktok-live", "youtube-rtmps", …; see PlatformPresets). A file
    /// saved before presets existed has none: such a destination is "custom".
    QString presetId = QStringLiteral("custom");
    /// The picture it receives (issue 11): the vertical program or the horizontal second canvas. Saved
    /// as `canvas = horizontal` in its section (absent: vertical).
    DestinationCanvas canvas = DestinationCanvas::Vertical;

    friend bool operator==(const StreamDestination&, const StreamDestination&) = default;
};

/// The one name a destination is shown by, everywhere in the window (issue 8's trial found one
/// named three ways): its saved NAME, or, for one without a name (a server given on the command
/// line), the host of URL. Empty when neither gives one (never the rest of the URL: a pasted one
/// may hold a stream key). Pure; any thread.
inline QString destinationDisplayName(const QString& name, const QString& url)
{
    const QString saved = name.trimmed();
    return saved.isEmpty() ? QUrl(url.trimmed()).host() : saved;
}

} // namespace pinstage
