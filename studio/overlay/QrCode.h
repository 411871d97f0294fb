// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QImage>
#include <QString>

namespace pinstage {

/// QR codes through libqrencode.
namespace QrCode {

    /// TEXT (UTF-8, byte mode, error correction M) as a QR code: one pixel per module, black on white,
    /// with no quiet zone (the caller leaves one of at least 2 modules). A null image when TEXT is empty
    /// or too long for a QR code (more than about 2,300 bytes). Any thread; results are cached.
    QImage modules(const QString& text);

    /// The QR code drawn into a SIDE x SIDE image, white with a quiet zone, each module a whole number
    /// of pixels (crisp for phone cameras) centred. Null when modules() is. Any thread; cached.
    QImage render(const QString& text, int side);

} // namespace QrCode
} // namespace pinstage
