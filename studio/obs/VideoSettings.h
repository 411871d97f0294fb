// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QSize>
#include <QString>

#include <optional>

namespace pinstage {

/// The program canvas: vertical 1080x1920 at 30 fps unless the show says otherwise.
struct VideoSettings {
    QSize canvas { 1080, 1920 };
    int fps = 30;

    /// Parses "WxH" (both 16..4096, even numbers for NV12). Returns nullopt and sets *error otherwise.
    static std::optional<QSize> parseCanvas(const QString& text, QString* error);
};

} // namespace pinstage
