// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "obs/VideoSettings.h"

#include <QObject>
#include <QString>

#include <memory>

namespace pinstage {

class Broadcaster;
class Catalog;
class ImageCache;
class ObsContext;
class PinController;
class ShowLog;
class ShowScene;

/// The whole engine of one studio session, with no widgets: libobs, the catalog, the show scene,
/// the outputs and the pin controller, built in dependency order and destroyed in reverse.
/// Headless mode and the window use the same object, so what the tests drive is what sellers use.
///
/// Thread contract: main thread, after the Q(Gui)Application exists and before it is destroyed.
class Studio : public QObject {
    Q_OBJECT
public:
    struct Options {
        QString dataDir;            ///< catalog, images, logs, libobs config
        VideoSettings video;
        QString camera;             ///< see ShowScene::Options::camera
        QString title = QStringLiteral("LIVE · Pinstage Demo Shop");
        bool logToStderr = false;
    };

    /// Starts everything. Returns nullptr and sets *error (one line, naming the cause) on failure.
    static std::unique_ptr<Studio> create(const Options& options, QString* error);
    ~Studio() override;

    const Options& options() const { return m_options; }
    Catalog& catalog() { return *m_catalog; }
    /// Caches product photos in the background; restart it after an import.
    ImageCache& imageCache() { return *m_images; }
    ShowScene& scene() { return *m_scene; }
    Broadcaster& broadcaster() { return *m_broadcaster; }
    PinController& pins() { return *m_pins; }
    /// Every change of what is on air, as it happens (DATA_DIR/shows/).
    ShowLog& showLog() { return *m_showLog; }

private:
    explicit Studio(const Options& options);

    Options m_options;
    // Declaration order is construction order; destruction runs backwards (libobs last).
    std::unique_ptr<ObsContext> m_obs;
    std::unique_ptr<Catalog> m_catalog;
    std::unique_ptr<ImageCache> m_images;
    std::unique_ptr<ShowScene> m_scene;
    std::unique_ptr<Broadcaster> m_broadcaster;
    std::unique_ptr<PinController> m_pins;
    std::unique_ptr<ShowLog> m_showLog;

    void logShowEvents();
};

} // namespace pinstage
