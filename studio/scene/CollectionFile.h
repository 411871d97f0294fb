// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "scene/CollectionDocument.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace pinstage {

/// The scene collection file (DATA_DIR/scenes.json): one versioned JSON document.
///
/// - Writes are atomic (QSaveFile): a crash leaves the old file or the new one, never half.
/// - An older version is migrated in memory (Status::Migrated); the caller saves it.
/// - A newer version, a file that is not JSON, or a field that makes no sense is refused
///   (Status::Refused) with one line naming the file and the place (line:column for JSON syntax,
///   the field path such as `scenes[1].items[0].source` otherwise); the file is never touched.
///
/// Pure Qt (no libobs): safe from any thread, each call on its own data.
class CollectionFile {
public:
    /// Version 1: scenes with their sources inline and x/y/width/height boxes (Pinstage 0.x).
    /// Version 2: shared sources, full transforms, transitions, audio channels.
    static constexpr int currentVersion = 2;
    static constexpr const char* formatName = "pinstage-scene-collection";

    enum class Status { Loaded, Migrated, Missing, Refused };
    struct Result {
        Status status = Status::Refused;
        CollectionDocument document; ///< valid for Loaded and Migrated
        int fileVersion = 0; ///< the version found in the file (0 when unknown)
        QString error; ///< Refused: "FILE:LINE:COLUMN: …" or "FILE: FIELD: …"
    };

    static Result read(const QString& path);
    /// Writes DOCUMENT to PATH atomically (creating the folder). False and *error naming PATH on failure.
    static bool write(const QString& path, const CollectionDocument& document, QString* error);

    static QJsonObject toJson(const CollectionDocument& document);
    /// Parses a document of any supported version (migrating older ones). WHERE prefixes errors.
    static Result fromJson(const QJsonObject& object, const QString& where);
    /// "LINE:COLUMN" (both from 1) of the byte OFFSET in DATA.
    static QString lineColumn(const QByteArray& data, int offset);
};

} // namespace pinstage
