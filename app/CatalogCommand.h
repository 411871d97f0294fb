// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QStringList>
#include <QTextStream>

namespace pinstage {

/// `pinstage catalog ...`: args are the words after "catalog", e.g.
/// {"import", "shop.csv", "--strict", "--data-dir", "/tmp/x"}.
///
///   import FILE [--format auto|shopify|woocommerce|generic] [--map COLUMN=FIELD]... [--strict]
///               [--dry-run] [--currency CODE]
///   search QUERY [--limit N]
///   export FILE
///   stats
/// Every command takes --data-dir DIR (default: defaultDataDir()) and --json.
///
/// Returns 0 on success (an import with rejected rows succeeded: the report lists them), 2 on bad
/// usage, 1 when the operation failed. Errors are one line on err naming the file, line and field.
/// Runs on the calling thread and blocks it; needs a QCoreApplication only for nothing but
/// QStandardPaths (the default data folder).
int runCatalogCommand(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace pinstage
