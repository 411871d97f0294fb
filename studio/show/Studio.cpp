// SPDX-License-Identifier: GPL-2.0-or-later
#include "show/Studio.h"

#include "catalog/Catalog.h"
#include "catalog/ImageCache.h"
#include "catalog/ImageFetcher.h"
#include "obs/ObsContext.h"
#include "output/ObsOutputs.h"
#include "overlay/PaintedSource.h"
#include "scene/ShowScene.h"
#include "show/CatalogCardStage.h"
#include "show/ShowController.h"
#include "show/ShowLog.h"
#include "util/Clock.h"
#include "util/Paths.h"

#include <QDate>
#include <QDir>
#include <QFile>

namespace pinstage {
namespace {

// Copies an embedded resource to FILE unless it is already there; libobs sources read files.
QString extractResource(const QString& resource, const QString& file)
{
    if (!QFile::exists(file)) {
        QDir().mkpath(QFileInfo(file).absolutePath());
        if (!QFile::copy(resource, file))
            return {};
        QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    }
    return file;
}

} // namespace

Studio::Studio(const Options& options)
    : m_options(options)
    , m_clock(options.clock ? options.clock : &Clock::system())
{
}

Studio::~Studio()
{
    m_show.reset();
    m_showLog.reset();
    m_cardStage.reset();
    m_outputs.reset();
    m_scene.reset();
    m_images.reset();
    m_catalog.reset();
    m_obs.reset();
}

std::unique_ptr<Studio> Studio::create(const Options& options, QString* error)
{
    if (!ensureDir(options.dataDir, error))
        return nullptr;
    const QDir data(options.dataDir);
    if (!ensureDir(data.filePath(QStringLiteral("logs")), error))
        return nullptr;

    std::unique_ptr<Studio> studio(new Studio(options));

    // The catalog first: it is cheap, and a broken catalog should be reported before libobs starts.
    studio->m_catalog = Catalog::open(Catalog::pathInDataDir(options.dataDir), error);
    if (!studio->m_catalog)
        return nullptr;
    if (!seedDemoCatalog(*studio->m_catalog, options.dataDir, error))
        return nullptr;
    // Photos a command-line import left pending (or that failed before) are cached in the
    // background: start-up never waits for an image.
    studio->m_images = std::make_unique<ImageCache>(studio->m_catalog->path(), ImageFetcher::cacheDirIn(options.dataDir));
    studio->m_images->start();

    ObsContext::Options obs;
    obs.video = options.video;
    obs.configDir = data.filePath(QStringLiteral("obs"));
    obs.logFile = data.filePath(QStringLiteral("logs/pinstage-%1.log").arg(QDate::currentDate().toString(Qt::ISODate)));
    obs.logToStderr = options.logToStderr;
    studio->m_obs = ObsContext::start(obs, error);
    if (!studio->m_obs)
        return nullptr;
    PaintedSource::registerType();

    ShowScene::Options scene;
    scene.camera = options.camera;
    scene.title = options.title;
    scene.logoFile = extractResource(QStringLiteral(":/images/logo.png"), data.filePath(QStringLiteral("images/logo.png")));
    studio->m_scene = std::make_unique<ShowScene>(options.video, scene);

    studio->m_outputs = std::make_unique<ObsOutputs>(EncoderSettings::forCanvas(options.video.canvas, options.video.fps),
                                                     *studio->m_clock);
    studio->m_cardStage = std::make_unique<CatalogCardStage>(studio->m_catalog->path(), studio->m_scene->cardLayer());
    Studio* self = studio.get();
    studio->m_showLog = std::make_unique<ShowLog>(
        data.filePath(QStringLiteral("shows")), [self] { return self->m_show ? self->m_show->showTimeMs() : 0; },
        *studio->m_clock);
    studio->m_show = std::make_unique<ShowController>(*studio->m_outputs, *studio->m_cardStage, *studio->m_clock,
                                                      studio->m_showLog.get());
    return studio;
}

} // namespace pinstage
