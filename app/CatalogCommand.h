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
///   images      fetches every pending image (local files and http(s) URLs) into the cache
///   help [COMMAND]
/// Every command takes --data-dir DIR (default: defaultDataDir()) and --json; --help or -h (with
/// or without a command) prints that command's usage on out and returns 0. import never
/// downloads: URLs stay pending for the app's background cache or `images`. search and stats
/// use the prices valid at Clock::system().now().
///
/// Returns 0 on success (an import with rejected rows succeeded: the report lists them), 2 on bad
/// usage, 1 when the operation failed. Errors are one line on err naming the file, line and field.
/// Runs on the calling thread and blocks it; needs a QCoreApplication (QStandardPaths for the
/// default data folder; `images` runs an event loop while ImageCache works on its own thread).
int runCatalogCommand(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace pinstage
