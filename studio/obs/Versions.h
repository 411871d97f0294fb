// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QString>

namespace pinstage {

/// The versions of the libraries Pinstage runs on, as the About box and bug reports name them:
/// those found at run time (the shared libraries loaded), not the headers built against.
/// Pure look-ups; any thread.
struct Versions {
    /// libobs's obs_get_version_string(), e.g. "29.1.2".
    static QString libobs();
    /// Qt's qVersion(), e.g. "6.4.2".
    static QString qt();
    /// FFmpeg's av_version_info() (e.g. "5.1.6-0+deb12u1") with libavformat's version
    /// (avformat_version(), e.g. "libavformat 59.27.100").
    static QString ffmpeg();
};

} // namespace pinstage
