// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QList>
#include <QString>

struct sqlite3;

namespace pinstage {

/// The catalog schema as an ordered list of described revisions (idea from Mixxx's schema.xml).
///
/// The revision number lives in PRAGMA user_version; every applied revision is also recorded in
/// the schema_history table (from revision 2 on). A revision never changes once released: a change
/// to the schema is a new revision appended at the end, with its upgrade SQL and a test.
///
/// minCompatible is the oldest revision of the code that can still read and write a file at this
/// revision. It is stored in catalog_meta, so an older Pinstage can tell whether a file written
/// by a newer one is safe for it (additive change) or must be refused untouched.
class CatalogSchema {
public:
    struct Revision {
        int version;
        int minCompatible;
        const char* description;
        const char* upgradeSql; ///< run in the upgrade transaction, from the previous revision
    };

    static const QList<Revision>& revisions();
    static int latestVersion();

    /// Pinstage's SQLite application_id ('PSTG'), set from revision 2 on.
    static constexpr int applicationId = 0x50535447;

    /// Reads the revision of an open file: 0 for an empty (new) file.
    static int currentVersion(sqlite3* db);
    /// The oldest code revision that may write the file (catalog_meta), or its version if unknown.
    static int minCompatibleVersion(sqlite3* db);
    /// Upgrades from the file's revision to latestVersion() in one transaction: on any failure
    /// nothing is changed and *error names the revision that failed and why.
    static bool upgrade(sqlite3* db, QString* error);
};

} // namespace pinstage
