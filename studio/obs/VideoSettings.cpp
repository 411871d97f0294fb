// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/VideoSettings.h"

#include <QRegularExpression>

namespace pinstage {

std::optional<QSize> VideoSettings::parseCanvas(const QString& text, QString* error)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{1,5})x(\\d{1,5})$"));
    const auto match = pattern.match(text.trimmed());
    if (!match.hasMatch()) {
        if (error)
            *error = QStringLiteral("expected WIDTHxHEIGHT such as 1080x1920, got '%1'").arg(text);
        return std::nullopt;
    }
    const int w = match.captured(1).toInt();
    const int h = match.captured(2).toInt();
    if (w < 16 || h < 16 || w > 4096 || h > 4096) {
        if (error)
            *error
                = QStringLiteral("%1x%2 is out of range: width and height must be between 16 and 4096").arg(w).arg(h);
        return std::nullopt;
    }
    if (w % 2 || h % 2) {
        if (error)
            *error = QStringLiteral("%1x%2: width and height must be even numbers").arg(w).arg(h);
        return std::nullopt;
    }
    return QSize(w, h);
}

} // namespace pinstage
