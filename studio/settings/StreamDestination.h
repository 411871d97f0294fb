// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

namespace pinstage {

/// A saved streaming destination: what the seller calls it and the ingest server. Its stream key
/// is never part of it: keys live in a SecretStore under SecretStore::streamKeyId(name).
struct StreamDestination {
    QString name;
    QString url;

    friend bool operator==(const StreamDestination&, const StreamDestination&) = default;
};

} // namespace pinstage
