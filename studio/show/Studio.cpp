// SPDX-License-Identifier: GPL-2.0-or-later
#include "show/Studio.h"

#include "catalog/Catalog.h"
#include "catalog/ImageCache.h"
#include "catalog/ImageFetcher.h"
#include "obs/ObsContext.h"
#include "output/Broadcaster.h"
#include "overlay/PaintedSource.h"
#include "overlay/ProductCardLayer.h"
#include "overlay/SharedImageSource.h"
#include "scene/SceneCollection.h"
#include "show/PinController.h"
#include "show/ShowLog.h"
#include "util/Paths.h"

#include <QDate>
#include <QDir>
#include <QFile>
#include <QJsonObject>

#include <cmath>

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
{
}

Studio::~Studio()
{
    m_showLog.reset();
    m_pins.reset();
    m_broadcaster.reset();
    m_scenes.reset();
    m_cardLayer.reset();
    m_images.reset();
    m_catalog.reset();
    m_obs.reset();
}

QString Studio::sceneCollectionPathIn(const QString& dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("scenes.json"));
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
    SharedImageSource::registerTypes();

    studio->m_cardLayer = std::make_unique<ProductCardLayer>(options.video.canvas);
    SceneCollection::Options scenes;
    scenes.file
        = options.sceneCollectionFile.isEmpty() ? sceneCollectionPathIn(options.dataDir) : options.sceneCollectionFile;
    scenes.canvas = options.video.canvas;
    scenes.defaults.title = options.title;
    scenes.defaults.logoFile
        = extractResource(QStringLiteral(":/images/logo.png"), data.filePath(QStringLiteral("images/logo.png")));
    scenes.camera = options.camera;
    scenes.microphone = options.microphone;
    scenes.title = options.title;
    scenes.startScene = options.startScene;
    studio->m_scenes = SceneCollection::open(scenes, error);
    if (!studio->m_scenes)
        return nullptr;

    studio->m_broadcaster = std::make_unique<Broadcaster>(EncoderSettings::forCanvas(options.video.canvas, options.video.fps));
    Broadcaster* broadcaster = studio->m_broadcaster.get();
    studio->m_pins = std::make_unique<PinController>(
        *studio->m_catalog, *studio->m_cardLayer, [broadcaster] { return broadcaster->streamTimeMs(); });
    studio->m_showLog = std::make_unique<ShowLog>(data.filePath(QStringLiteral("shows")),
                                                  [broadcaster] { return broadcaster->streamTimeMs(); });
    studio->logShowEvents();
    return studio;
}

void Studio::logShowEvents()
{
    ShowLog* log = m_showLog.get();
    Broadcaster* b = m_broadcaster.get();
    // A stop ends the clock it would be stamped with: stamp it with the time on air it ended.
    auto stopped = [log, b](const char* event) {
        return [log, b, event](int code, const QString& message) {
            const qint64 now = b->streamTimeMs();
            const qint64 at = now > 0 ? now : std::llround(b->stats().streamSeconds * 1000);
            log->append(QLatin1String(event),
                        {{QStringLiteral("t_ms"), at}, {QStringLiteral("code"), code}, {QStringLiteral("message"), message}});
        };
    };
    connect(b, &Broadcaster::streamStarted, this, [log] { log->append(QStringLiteral("live")); });
    connect(b, &Broadcaster::streamStopped, this, stopped("stream_stopped"));
    connect(b, &Broadcaster::streamReconnecting, this, [log] { log->append(QStringLiteral("reconnecting")); });
    connect(b, &Broadcaster::streamReconnected, this, [log] { log->append(QStringLiteral("reconnected")); });
    connect(b, &Broadcaster::recordingStarted, this, [log] { log->append(QStringLiteral("recording_started")); });
    connect(b, &Broadcaster::recordingStopped, this, stopped("recording_stopped"));
    // A scene switch on the program (--switch, the show controller): which scene viewers see from then.
    connect(m_scenes.get(), &SceneCollection::programSceneChanged, this, [log](const QString& scene) {
        log->append(QStringLiteral("scene"), { { QStringLiteral("scene"), scene } });
    });
    PinController* pins = m_pins.get();
    connect(pins, &PinController::pinnedChanged, this, [log, pins](const std::optional<VariantRow>& variant) {
        const PinEvent& change = pins->events().constLast();
        if (!variant) {
            log->append(QStringLiteral("unpin"), {{QStringLiteral("sku"), change.sku}});
            return;
        }
        // What viewers saw: the card's values at that moment, for the review and the chapters.
        QJsonObject fields{{QStringLiteral("sku"), variant->sku},
                           {QStringLiteral("title"), variant->productTitle},
                           {QStringLiteral("variant"), variant->variantTitle},
                           {QStringLiteral("price"), change.price},
                           {QStringLiteral("price_cents"), variant->priceCents},
                           {QStringLiteral("currency"), variant->currency}};
        if (variant->onSale())
            fields.insert(QStringLiteral("compare_at_cents"), *variant->compareAtCents);
        if (variant->stock)
            fields.insert(QStringLiteral("stock"), *variant->stock);
        log->append(QStringLiteral("pin"), fields);
    });
}

} // namespace pinstage
