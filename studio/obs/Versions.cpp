// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/Versions.h"

#include <obs.h>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
}

namespace pinstage {

QString Versions::libobs()
{
    return QString::fromUtf8(obs_get_version_string());
}

QString Versions::qt()
{
    return QString::fromLatin1(qVersion());
}

QString Versions::ffmpeg()
{
    const unsigned v = avformat_version();
    return QStringLiteral("%1 (libavformat %2.%3.%4)")
        .arg(QString::fromUtf8(av_version_info()))
        .arg(AV_VERSION_MAJOR(v))
        .arg(AV_VERSION_MINOR(v))
        .arg(AV_VERSION_MICRO(v));
}

} // namespace pinstage
