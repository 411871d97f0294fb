// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "settings/DestinationBook.h"
#include "settings/MemorySecretStore.h"
#include "settings/Settings.h"

#include <QSignalSpy>
#include <QTemporaryDir>

namespace pinstage::test {

/// Saved destinations as the window has them, without a real profile or keychain: a DestinationBook
/// over a new settings file in a temporary folder (loaded; check `loaded`) and a MemorySecretStore,
/// with a spy on its saved() signal. Thread: the test's (main) thread.
struct MemoryDestinationBook {
    QTemporaryDir dir;
    Settings settings { dir.filePath(QStringLiteral("pinstage.ini")) };
    bool loaded = settings.load(); ///< Settings::load() of the new file succeeded
    MemorySecretStore keychain;
    DestinationBook book { settings, keychain };
    QSignalSpy saved { &book, &DestinationBook::saved };
};

} // namespace pinstage::test
