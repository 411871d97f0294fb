// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "scene/CollectionDocument.h"

#include <QColor>
#include <QRectF>
#include <QSize>
#include <QString>

namespace pinstage {

/// The collection a first start creates (pure, no libobs):
/// - "Main", bottom to top: the built-in test pattern (shown only while no camera is in use),
///   the camera (the first V4L2 device found at start), the shop logo, the show title and the
///   product card;
/// - "Be right back": a still frame, a solid backgroundColor() with the words "Be right back";
/// - the microphone (default input, output channel 3) and the desktop audio (default output's
///   monitor, output channel 1), heard in every scene.
/// Positions are in pixels of CANVAS; the logo, the title and "Be right back" stay inside
/// safeArea(), so no platform's buttons or comments cover them.
class DefaultCollection {
public:
    struct Options {
        QSize canvas { 1080, 1920 };
        QString title; ///< the show title's text
        QString logoFile; ///< image file for the logo; empty: no logo source
    };

    static CollectionDocument create(const Options& options);
    /// Where the default scenes' logo, title and words stay on CANVAS (pixels): inside the safe
    /// area of every platform preset (PlatformPreset::safeMargins; the vertical apps' margins are
    /// the widest on every side).
    static QRectF safeArea(QSize canvas);

    /// The default scene of the horizontal (16:9) second canvas (issue 11), named NAME and laid out
    /// for CANVAS (pixels; SceneDocument::canvas is set to it): DOC's test pattern and camera filling
    /// the frame (cropped, not stretched), its logo and title along the top, and a product card source
    /// of its own (horizontalCardName(), setting `canvas: horizontal`) where the default card template
    /// puts the card on that canvas, and an announcement bar of its own (horizontalAnnouncementName(),
    /// the same setting) at AnnouncementPainter::barRect of that canvas. NEW_SOURCES are the sources DOC
    /// lacks (the card and the bar).
    struct HorizontalScene {
        SceneDocument scene;
        QList<SourceDocument> newSources;
    };
    static HorizontalScene horizontalScene(const CollectionDocument& doc, const QString& name, QSize canvas);
    static QString horizontalSceneName() { return QStringLiteral("Landscape"); }
    static QString horizontalCardName() { return QStringLiteral("Product card 16:9"); }
    static QString horizontalAnnouncementName() { return QStringLiteral("Announcement 16:9"); }
    /// The name of SCENE's landscape twin: the scene of the horizontal canvas shown while SCENE is on
    /// the program ("Be right back" -> "Be right back Landscape"; see Studio::horizontalSceneFor).
    static QString horizontalTwinName(const QString& scene);
    /// SCENE (a program scene of DOC) laid out again for the horizontal CANVAS (pixels), named
    /// horizontalTwinName(): full-frame items fill the new frame; boxed items keep their place relative
    /// to the program's safe area (safeArea()), mapped onto the new frame's graphics-safe 5 %, and their
    /// shape (scaled by the smaller ratio); the program's card and bar are left out. Pure; uses DOC's
    /// sources only.
    static SceneDocument horizontalTwin(const CollectionDocument& doc, const SceneDocument& scene, QSize canvas);

    static QString mainSceneName() { return QStringLiteral("Main"); }
    static QString beRightBackSceneName() { return QStringLiteral("Be right back"); }
    static QString microphoneName() { return QStringLiteral("Microphone"); }
    static QString desktopAudioName() { return QStringLiteral("Desktop audio"); }
    static QString titleName() { return QStringLiteral("Title"); }
    static QString announcementName() { return QStringLiteral("Announcement"); }
    /// The "Be right back" still frame's background (opaque).
    static QColor beRightBackColor() { return QColor(0x3a, 0x1f, 0x5c); }
};

} // namespace pinstage
