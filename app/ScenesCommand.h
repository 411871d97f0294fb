// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

#include <optional>

namespace pinstage {

/// `pinstage scenes list [--json] [--data-dir DIR] [--scene-collection FILE]`: prints the scene
/// collection's scenes and their sources (and the audio sources heard in every scene). Reads the
/// file only: no display, no libobs, nothing written. A collection that does not exist yet is
/// shown as the default one a first start creates.
struct ScenesCommand {
    enum class Action { List, Help };
    Action action = Action::List;
    bool json = false;
    QString dataDir; ///< empty: the default data folder
    QString sceneCollectionFile; ///< empty: DATA_DIR/scenes.json

    /// Parses ARGS (what follows `pinstage scenes`). Pure. On bad input returns nullopt and sets
    /// *error to one line naming the flag.
    static std::optional<ScenesCommand> parse(const QStringList& args, QString* error);
    static QString usage();
};

/// Runs `pinstage scenes …` with ARGS (after "scenes"). Exit code: 0 done, 1 the collection file
/// is refused (broken, newer), 2 bad usage.
int runScenesCommand(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace pinstage
