// SPDX-License-Identifier: GPL-2.0-or-later
#include "settings/SecretStore.h"

namespace pinstage {

SecretStore::~SecretStore() = default;

QString SecretStore::streamKeyId(const QString& destinationName)
{
    return QStringLiteral("stream-key/") + destinationName.trimmed();
}

} // namespace pinstage
