// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "obs/VideoSettings.h"
#include "overlay/PaintedSource.h"
#include "overlay/ProductCardLayer.h"

#include <obs.hpp>

#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

namespace pinstage {

/// The default show scene, bottom to top: the camera (first V4L2 device; the built-in test pattern
/// when there is none), the shop logo, the show title and the product-card layer. It becomes the
/// program (output channel 0) while it exists.
///
/// Thread contract: main thread; needs a running ObsContext for its whole life.
class ShowScene : public QObject {
    Q_OBJECT
public:
    struct Options {
        QString camera;         ///< V4L2 device path; empty: the first one found; "none": test pattern
        QString logoFile;       ///< image file for the logo; empty: no logo
        QString title = QStringLiteral("LIVE");
    };

    ShowScene(const VideoSettings& video, const Options& options, QObject* parent = nullptr);
    ~ShowScene() override;

    obs_scene_t* scene() const { return m_scene; }
    ProductCardLayer& cardLayer() { return *m_cardLayer; }
    /// The camera device in use, or empty when the test pattern stands in for it.
    QString cameraDevice() const { return m_cameraDevice; }

    /// The first V4L2 capture device, or empty.
    static QString findCamera();

private:
    void addBackground(const Options& options);
    void addLogo(const QString& file);
    void addTitle(const QString& title);
    void addCard();
    void repaintTestPattern();

    VideoSettings m_video;
    OBSSceneAutoRelease m_scene;
    OBSSourceAutoRelease m_camera;
    OBSSourceAutoRelease m_logo;
    OBSSourceAutoRelease m_title;
    std::unique_ptr<PaintedSource> m_testPattern;
    std::unique_ptr<ProductCardLayer> m_cardLayer;
    QTimer m_testPatternTimer;
    QString m_cameraDevice;
};

} // namespace pinstage
