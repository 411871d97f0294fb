// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QStringList>
#include <QTextStream>

namespace pinstage {

/// `pinstage show ...`: ARGS are the words after "show".
///
///   create NAME [--add CODE[:SALE_SECONDS]]...   a new show with its queue, in the order given;
///                                               CODE is a SKU, barcode or pin code of the
///                                               catalog, SALE_SECONDS a flash-sale length (> 0)
///   list [--json]                               every show with its queue
///   delete NAME                                 removes the show and its queue
///   export NAME --format csv|json|chapters [--output FILE]
///                                               the show log of the show's latest run (ShowLogExport),
///                                               on OUT unless --output; a show that never ran is an
///                                               error (1)
///   help
/// Both take --data-dir DIR (default: defaultDataDir()). Shows live in the catalog database
/// (DATA_DIR/catalog.sqlite). `create` stores nothing unless every code is found.
///
/// Returns 0 on success, 2 on bad usage (the flag or value named), 1 when the operation failed
/// (a code not in the catalog, a name taken, an unreadable catalog). Errors are one line on ERR.
/// Blocks the calling thread; needs a QCoreApplication.
int runShowCommand(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace pinstage
