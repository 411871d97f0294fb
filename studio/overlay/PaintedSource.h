// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <obs.hpp>

#include <QImage>
#include <QString>

namespace pinstage {

/// A libobs video source whose pixels are a QImage painted by the application (the product card,
/// the test pattern). Pixels are handed over under a short lock and uploaded lazily by the
/// graphics thread in its next render, so a new image shows in the next rendered frame.
///
/// Thread contract: setImage()/clear() may be called from any thread; painting happens on the
/// caller's thread, never on the libobs graphics thread, which only uploads ready pixels.
/// registerType() must run once after libobs started and before the first create().
class PaintedSource {
public:
    static constexpr const char* typeId = "pinstage_painted";
    static void registerType();

    /// Creates a private (not listed) source named NAME.
    explicit PaintedSource(const QString& name);
    ~PaintedSource();
    PaintedSource(const PaintedSource&) = delete;
    PaintedSource& operator=(const PaintedSource&) = delete;

    obs_source_t* source() const { return m_source; }

    /// Shows IMAGE (any format; converted to premultiplied RGBA) from the next rendered frame.
    void setImage(const QImage& image);
    /// Shows nothing from the next rendered frame (the source has size 0x0).
    void clear();
    /// How many images the graphics thread has uploaded so far (for tests and statistics).
    quint64 uploadedCount() const;

private:
    OBSSourceAutoRelease m_source;
};

} // namespace pinstage
