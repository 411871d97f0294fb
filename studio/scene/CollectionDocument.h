// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QMargins>
#include <QPointF>
#include <QSize>
#include <QSizeF>
#include <QString>

#include <optional>

namespace pinstage {

/// Where and how one source is drawn in one scene. Units: canvas pixels (of
/// CollectionDocument::canvas), degrees clockwise, source pixels for the crop.
struct ItemTransform {
    QPointF pos; ///< top-left of the item (or of its bounds box)
    QPointF scale { 1, 1 }; ///< ignored while a bounds type other than "none" is set
    double rotation = 0; ///< degrees, clockwise
    QString boundsType = QStringLiteral("none"); ///< none, stretch, scale_inner, scale_outer,
                                                 ///< scale_to_width, scale_to_height, max_only
    QSizeF bounds { 0, 0 }; ///< bounds box size (canvas pixels)
    int boundsAlignment = 0; ///< OBS_ALIGN_* bits; 0 = centre
    QMargins crop; ///< left, top, right, bottom (source pixels)
    bool visible = true;
    bool locked = false; ///< an editor must not move it; the engine API still may

    bool operator==(const ItemTransform&) const = default;
};

/// One entry of a scene: a source (by name) and its transform.
struct SceneItemDocument {
    QString source;
    ItemTransform transform;
    bool operator==(const SceneItemDocument&) const = default;
};

/// A named scene: its items bottom to top.
struct SceneDocument {
    QString name;
    QList<SceneItemDocument> items;
    /// The canvas of a scene made for the horizontal (16:9) second canvas (issue 11), in whose pixels
    /// its transforms are; such a scene is scaled to the session's horizontal canvas, not to the
    /// program's. Empty: a scene of the program (CollectionDocument::canvas).
    QSize canvas;
    bool operator==(const SceneDocument&) const = default;
};

/// A source of any libobs type, shared by every scene that holds it.
struct SourceDocument {
    QString name; ///< unique in the collection
    QString type; ///< libobs source id: v4l2_input, image_source, text_ft2_source_v2,
                  ///< ffmpeg_source, color_source_v3, xshm_input, pulse_input_capture,
                  ///< pulse_output_capture, pinstage_product_card, pinstage_test_pattern…
    QJsonObject settings; ///< the source's libobs settings (obs_data JSON), stored as they are
    double volumeDb = 0; ///< audio: gain in dB (0 = unchanged, -inf not stored: use muted)
    bool muted = false; ///< audio
    int outputChannel = 0; ///< 1–6: bound to that output audio channel (heard in every scene:
                           ///< desktop audio, microphone); 0: only where a scene holds it
    bool operator==(const SourceDocument&) const = default;
};

/// The whole scene collection as saved in DATA_DIR/scenes.json (see CollectionFile).
struct CollectionDocument {
    QSize canvas { 1080, 1920 }; ///< the canvas the transforms were made for; other canvases scale
                                 ///< positions and bounds by the ratio
    QString currentScene; ///< the scene on the program at start
    QString transition = QStringLiteral("fade"); ///< default switch: "cut" or "fade"
    int transitionMs = 300; ///< default fade duration, milliseconds
    QList<SourceDocument> sources;
    QList<SceneDocument> scenes; ///< in the order a scene list shows them

    const SourceDocument* source(const QString& name) const;
    SourceDocument* source(const QString& name);
    const SceneDocument* scene(const QString& name) const;
    SceneDocument* scene(const QString& name);
    int sceneIndex(const QString& name) const;

    bool operator==(const CollectionDocument&) const = default;
};

} // namespace pinstage
