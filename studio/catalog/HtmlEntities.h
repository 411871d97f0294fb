// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

namespace pinstage {

/// Decodes HTML character references in a plain-text field: named (`&amp;`, `&eacute;`),
/// decimal (`&#8211;`) and hexadecimal (`&#x2013;`). WordPress stores `&` as `&amp;` and typographic
/// quotes and dashes as numeric references, and WooCommerce exports titles, attribute values and
/// even SKUs that way.
///
/// Names are looked up in libxml2's HTML 4 entity table, the same set WordPress allows in content
/// (kses' allowed entity names), so nothing here is a hand-kept table. Numeric references follow
/// HTML5: 0x80-0x9F are read as Windows-1252 (`&#150;` is an en dash), 0, surrogates and values
/// above U+10FFFF become U+FFFD. A reference without its ';', an unknown name or a lone '&' is
/// kept as written ("Salt & Pepper" stays as it is). Tags are not touched: this is for fields that
/// are text, not markup.
///
/// Pure and re-entrant; costs nothing for text without '&'.
QString decodeHtmlEntities(const QString& text);

} // namespace pinstage
