// SPDX-License-Identifier: GPL-2.0-or-later
#include "show/Studio.h"

#include "catalog/Catalog.h"
#include "catalog/ImageCache.h"
#include "catalog/ImageFetcher.h"
#include "obs/CanvasView.h"
#include "obs/ObsContext.h"
#include "output/ObsOutputs.h"
#include "overlay/AnnouncementLayer.h"
#include "overlay/ProductCardLayer.h"
#include "overlay/SharedImageSource.h"
#include "scene/SceneCollection.h"
#include "show/CatalogCardStage.h"
#include "show/RunOfShow.h"
#include "show/ShowController.h"
#include "show/ShowLog.h"
#include "util/Clock.h"
#include "util/Paths.h"

#include <QDate>
#include <QDir>
#include <QFile>
#include <QPoint>

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

bool Studio::applyShowSettings(const QJsonObject& settings, QString* error)
{
    const QJsonValue templateValue = settings.value(QLatin1String("template"));
    const QJsonValue themeValue = settings.value(QLatin1String("theme"));
    const bool hasExtras
        = settings.contains(QLatin1String("promo_code")) || settings.contains(QLatin1String("shop_url"));
    if (templateValue.isUndefined() && themeValue.isUndefined() && !hasExtras)
        return true;
    // The promo code and shop URL the show names replace the studio's; a key it leaves out keeps it.
    CardExtras extras = m_cardExtras;
    if (hasExtras) {
        QString why;
        const std::optional<CardExtras> parsed = CardExtras::fromJson(settings, &why);
        if (!parsed) {
            *error = why;
            return false;
        }
        if (settings.contains(QLatin1String("promo_code")))
            extras.promoCode = parsed->promoCode;
        if (settings.contains(QLatin1String("shop_url")))
            extras.shopUrl = parsed->shopUrl;
    }
    std::optional<CardTemplate> cardTemplate;
    if (!templateValue.isUndefined()) {
        cardTemplate = CardTemplate::byName(templateValue.toString());
        if (!templateValue.isString() || !cardTemplate) {
            *error = QStringLiteral("settings field 'template': '%1' is not a card template")
                         .arg(templateValue.toVariant().toString());
            return false;
        }
    }
    CardTheme theme = m_options.cardTheme;
    if (!themeValue.isUndefined()) {
        if (!themeValue.isObject()) {
            *error = QStringLiteral("settings field 'theme': not a JSON object");
            return false;
        }
        QString themeError;
        const auto parsed = CardTheme::fromJson(themeValue.toObject(), &themeError);
        if (!parsed) {
            *error = QStringLiteral("settings field 'theme': %1").arg(themeError);
            return false;
        }
        theme = *parsed;
    }
    if (!templateValue.isUndefined() || !themeValue.isUndefined())
        setCardStyle(cardTemplate.value_or(
                         CardTemplate::byName(m_options.cardTemplate).value_or(CardTemplate::defaultTemplate())),
            theme, m_options.safeArea);
    if (hasExtras && !(extras == m_cardExtras))
        setCardExtras(extras);
    return true;
}

void Studio::setCardStyle(const CardTemplate& cardTemplate, const CardTheme& theme, QRect safeArea)
{
    const QSize canvas = m_options.video.canvas;
    // Where the card sits now (the default template's place for a collection just opened).
    const QPoint from
        = m_placedCardAt.value_or(CardTemplate::defaultTemplate().layout(canvas, QRect()).cardRect.topLeft());
    const QPoint to = cardTemplate.layout(canvas, safeArea, theme).cardRect.topLeft();
    m_placedCardAt = to;
    m_cardTemplate = cardTemplate;
    if (!m_styleForQueueItem)
        m_baseTemplate = cardTemplate.name(); // what a queue card without a template of its own gets
    m_cardTheme = theme;
    m_cardSafeArea = safeArea;
    // The studio's card stage is always the catalog one (create() makes it).
    static_cast<CatalogCardStage&>(*m_cardStage).setStyle(cardTemplate, theme, safeArea);
    // The card items of the horizontal canvas's scenes, at that canvas's place (no safe area there).
    const QSize horizontal = m_options.horizontalCanvas;
    const QPoint horizontalFrom = m_placedHorizontalCardAt.value_or(
        CardTemplate::defaultTemplate().layout(horizontal, QRect()).cardRect.topLeft());
    const QPoint horizontalTo = cardTemplate.layout(horizontal, QRect(), theme).cardRect.topLeft();
    m_placedHorizontalCardAt = horizontalTo;
    if (from == to && horizontalFrom == horizontalTo)
        return;
    std::pair<QPoint, QPoint> move(from, to);
    std::pair<QPoint, QPoint> horizontalMove(horizontalFrom, horizontalTo);
    for (const QString& name : m_scenes->sceneNames()) {
        const SceneDocument* sceneDoc = m_scenes->document().scene(name);
        const bool ofHorizontal = sceneDoc && !sceneDoc->canvas.isEmpty();
        obs_scene_enum_items(
            m_scenes->scene(name),
            [](obs_scene_t*, obs_sceneitem_t* item, void* param) {
                const auto* move = static_cast<const std::pair<QPoint, QPoint>*>(param);
                obs_source_t* source = obs_sceneitem_get_source(item);
                if (qstrcmp(obs_source_get_id(source), SharedImageSource::productCardTypeId) != 0)
                    return true;
                vec2 pos {};
                obs_sceneitem_get_pos(item, &pos);
                if (std::abs(pos.x - float(move->first.x())) < 0.5f
                    && std::abs(pos.y - float(move->first.y())) < 0.5f) {
                    const vec2 target { float(move->second.x()), float(move->second.y()) };
                    obs_sceneitem_set_pos(item, &target);
                }
                return true;
            },
            ofHorizontal ? &horizontalMove : &move);
    }
}

void Studio::setCardExtras(const CardExtras& extras)
{
    m_cardExtras = extras;
    static_cast<CatalogCardStage&>(*m_cardStage).setExtras(extras);
}

Studio::~Studio()
{
    m_show.reset();
    m_showLog.reset();
    m_cardStage.reset();
    m_outputs.reset();
    if (m_horizontalView) {
        // The view's video output closes with it: only after the outputs that encoded it have let go.
        if (ObsContext::waitForBackgroundReleases(10000))
            m_horizontalView.reset();
        else
            (void)m_horizontalView.release(); // a stuck connect still holds it; the process is ending
    }
    m_scenes.reset();
    m_announcementLayer.reset();
    m_cardLayer.reset();
    m_images.reset();
    m_catalog.reset();
    m_obs.reset();
}

video_t* Studio::horizontalVideo(QString* error)
{
    if (m_horizontalView)
        return m_horizontalView->video();
    QString name = m_options.horizontalScene;
    // The first scene made for the horizontal canvas that is not another scene's landscape twin.
    const QString twinSuffix = DefaultCollection::horizontalTwinName(QString());
    for (const QString& scene : m_scenes->sceneNames()) {
        const QString of = scene.endsWith(twinSuffix) ? scene.chopped(twinSuffix.size()) : QString();
        const bool twin = !of.isEmpty() && m_scenes->scene(of) && !m_scenes->isHorizontalScene(of);
        if (name.isEmpty() && m_scenes->isHorizontalScene(scene) && !twin)
            name = scene;
    }
    if (name.isEmpty())
        name = m_scenes->horizontalSceneName();
    if (name.isEmpty()) {
        // A collection without a scene for the horizontal canvas gets the default one, saved.
        name = DefaultCollection::horizontalSceneName();
        for (int n = 2; m_scenes->scene(name); ++n)
            name = QStringLiteral("%1 %2").arg(DefaultCollection::horizontalSceneName()).arg(n);
        if (!m_scenes->addHorizontalScene(name, m_options.horizontalCanvas, error))
            return nullptr;
        // Its card at the current template's place (setCardStyle() moves it from there on).
        if (obs_sceneitem_t* card = m_scenes->item(name, DefaultCollection::horizontalCardName());
            card && m_placedHorizontalCardAt) {
            const vec2 pos { float(m_placedHorizontalCardAt->x()), float(m_placedHorizontalCardAt->y()) };
            obs_sceneitem_set_pos(card, &pos);
        }
        // "Be right back" reaches the landscape viewers too: its twin, shown while it is on the program.
        const QString brb = DefaultCollection::beRightBackSceneName();
        if (m_scenes->scene(brb) && !m_scenes->scene(DefaultCollection::horizontalTwinName(brb))
            && !m_scenes->isHorizontalScene(brb)) {
            QString why;
            if (!m_scenes->addHorizontalTwin(brb, m_options.horizontalCanvas, &why))
                blog(LOG_WARNING, "pinstage: no landscape twin of '%s': %s", brb.toUtf8().constData(),
                    why.toUtf8().constData());
        }
    }
    if (!m_scenes->scene(name)) {
        *error = QStringLiteral("no scene is named '%1' for the horizontal canvas").arg(name);
        return nullptr;
    }
    VideoSettings video;
    video.canvas = m_options.horizontalCanvas;
    video.fps = m_options.video.fps;
    m_horizontalView = CanvasView::create(video, error);
    if (!m_horizontalView)
        return nullptr;
    m_horizontalHome = name;
    // The program scene's twin when it has one (e.g. the show starts on "Be right back"), else its own.
    const QString shown = horizontalSceneFor(m_scenes->programSceneName());
    m_horizontalView->setSource(obs_scene_get_source(m_scenes->scene(shown)));
    m_horizontalScene = shown;
    // The card and the announcement bar of that canvas follow the program's from now on.
    static_cast<CatalogCardStage&>(*m_cardStage)
        .setSecondLayer(m_horizontalCardLayer.get(), m_horizontalAnnouncementLayer.get());
    blog(LOG_INFO, "pinstage: horizontal canvas %dx%d at %d fps shows scene '%s'", video.canvas.width(),
        video.canvas.height(), video.fps, shown.toUtf8().constData());
    // Asked for by a show that is starting: if that start is refused after this (another
    // destination's encoder missing), no streamStopped follows, so look again once it returned.
    QMetaObject::invokeMethod(this, &Studio::releaseHorizontalWhenIdle, Qt::QueuedConnection);
    return m_horizontalView->video();
}

QString Studio::horizontalSceneFor(const QString& programScene) const
{
    if (m_horizontalHome.isEmpty())
        return {};
    QString twin = DefaultCollection::horizontalTwinName(programScene);
    if (!programScene.isEmpty() && m_scenes->isHorizontalScene(twin))
        return twin;
    return m_horizontalHome;
}

void Studio::followProgramScene(const QString& programScene)
{
    if (!m_horizontalView)
        return;
    const QString shown = horizontalSceneFor(programScene);
    obs_scene_t* scene = m_scenes->scene(shown);
    if (shown == m_horizontalScene || !scene)
        return;
    m_horizontalView->setSource(obs_scene_get_source(scene));
    m_horizontalScene = shown;
    blog(LOG_INFO, "pinstage: the program shows '%s': the horizontal canvas shows '%s'",
        programScene.toUtf8().constData(), shown.toUtf8().constData());
}

void Studio::releaseHorizontalWhenIdle()
{
    if (!m_horizontalView || m_outputs->isStreaming())
        return; // nothing to free, or a show (maybe with a horizontal destination) runs again
    // An output stopped while it was still connecting is released on a background thread
    // (StreamOutput::stop), and its connect may still finish there and start the horizontal
    // encoder on this canvas's video: the view is freed only once no such release is pending.
    if (m_outputs->horizontalEncodersActive() || !ObsContext::waitForBackgroundReleases(0)) {
        if (!m_horizontalReleaseTimer) {
            m_horizontalReleaseTimer = m_clock->createTimer(this);
            m_horizontalReleaseTimer->setSingleShot(true);
            connect(m_horizontalReleaseTimer, &ClockTimer::timeout, this, &Studio::releaseHorizontalWhenIdle);
        }
        m_horizontalReleaseTimer->start(250);
        return;
    }
    static_cast<CatalogCardStage&>(*m_cardStage).setSecondLayer(nullptr, nullptr);
    m_horizontalView.reset();
    m_horizontalScene.clear();
    blog(LOG_INFO, "pinstage: horizontal canvas freed (no destination receives it)");
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
    studio->m_images
        = std::make_unique<ImageCache>(studio->m_catalog->path(), ImageFetcher::cacheDirIn(options.dataDir));
    studio->m_images->start();

    ObsContext::Options obs;
    obs.video = options.video;
    obs.configDir = data.filePath(QStringLiteral("obs"));
    obs.logFile = data.filePath(QStringLiteral("logs/pinstage-%1.log").arg(QDate::currentDate().toString(Qt::ISODate)));
    obs.logToStderr = options.logToStderr;
    studio->m_obs = ObsContext::start(obs, error);
    if (!studio->m_obs)
        return nullptr;
    SharedImageSource::registerTypes();

    studio->m_cardLayer = std::make_unique<ProductCardLayer>(options.video.canvas);
    studio->m_announcementLayer = std::make_unique<AnnouncementLayer>(options.video.canvas);
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
    scenes.horizontalCanvas = options.horizontalCanvas;
    studio->m_scenes = SceneCollection::open(scenes, error);
    if (!studio->m_scenes)
        return nullptr;

    studio->m_outputs = std::make_unique<ObsOutputs>(
        EncoderSettings::forCanvas(options.video.canvas, options.video.fps, options.encoderProfile), *studio->m_clock);
    studio->m_horizontalCardLayer
        = std::make_unique<ProductCardLayer>(options.horizontalCanvas, SharedImageSource::Kind::ProductCardHorizontal);
    studio->m_horizontalAnnouncementLayer = std::make_unique<AnnouncementLayer>(
        options.horizontalCanvas, SharedImageSource::Kind::AnnouncementHorizontal);
    if (!options.horizontalScene.isEmpty() && !studio->m_scenes->scene(options.horizontalScene)) {
        *error = QStringLiteral("no scene is named '%1' in %2 for the horizontal canvas (it has: %3)")
                     .arg(options.horizontalScene, studio->m_scenes->filePath(),
                         studio->m_scenes->sceneNames().join(QLatin1String(", ")));
        return nullptr;
    }
    {
        Studio* owner = studio.get();
        studio->m_outputs->setHorizontalCanvas([owner](QString* why) { return owner->horizontalVideo(why); },
            EncoderSettings::forCanvas(options.horizontalCanvas, options.video.fps, options.encoderProfile)
                .videoBitrateKbps);
    }
    studio->m_cardStage = std::make_unique<CatalogCardStage>(
        studio->m_catalog->path(), *studio->m_cardLayer, studio->m_announcementLayer.get());
    studio->setCardStyle(CardTemplate::byName(options.cardTemplate).value_or(CardTemplate::defaultTemplate()),
        options.cardTheme, options.safeArea);
    studio->setCardExtras(options.cardExtras);
    Studio* self = studio.get();
    studio->m_showLog = std::make_unique<ShowLog>(
        data.filePath(QStringLiteral("shows")), [self] { return self->m_show ? self->m_show->logTimeMs() : 0; },
        *studio->m_clock);
    studio->m_show = std::make_unique<ShowController>(
        *studio->m_outputs, *studio->m_cardStage, *studio->m_clock, studio->m_showLog.get());
    // Every line of the show log says where it is in the local recording ("rec_ms").
    studio->m_showLog->setRecordingClock([self] { return self->m_show ? self->m_show->recordingTimeMs() : -1; });
    studio->m_runOfShow = std::make_unique<RunOfShow>(*studio->m_catalog, *studio->m_show, *studio->m_clock);
    studio->m_runOfShow->setShowLog(studio->m_showLog.get());
    QObject::connect(studio->m_runOfShow.get(), &RunOfShow::openChanged, self, [self](bool open) {
        if (!open)
            return;
        QString error;
        if (!self->applyShowSettings(self->m_runOfShow->show().settings, &error))
            emit self->m_runOfShow->actionFailed(
                QStringLiteral("show '%1': %2").arg(self->m_runOfShow->show().name, error));
    });
    // A queue card with a template of its own goes on air in it; the others in the show's (or the
    // studio's) template. Put in place before the card is painted.
    studio->m_runOfShow->setBeforePin([self](const QueueItem& item) {
        QString wanted = item.templateName;
        if (wanted.isEmpty())
            wanted = self->m_runOfShow->show().settings.value(QLatin1String("template")).toString();
        if (wanted.isEmpty())
            wanted = self->m_baseTemplate;
        const std::optional<CardTemplate> cardTemplate = CardTemplate::byName(wanted);
        if (!cardTemplate) {
            // Said, not silently replaced: the card goes on air in the current template.
            emit self->m_runOfShow->actionFailed(
                QStringLiteral("show '%1', card %2: there is no card template '%3'; it goes on air as %4")
                    .arg(self->m_runOfShow->show().name, item.code, wanted, self->m_cardTemplate.name()));
            return;
        }
        if (cardTemplate->name() == self->m_cardTemplate.name())
            return;
        self->m_styleForQueueItem = true;
        self->setCardStyle(*cardTemplate, self->m_cardTheme, self->m_cardSafeArea);
        self->m_styleForQueueItem = false;
    });
    // The horizontal canvas is rendered only while a show can use it: freed when the streams stopped.
    QObject::connect(studio->m_outputs.get(), &ShowOutputs::streamStopped, self,
        [self](int, const QString&) { self->releaseHorizontalWhenIdle(); });
    // The horizontal canvas follows the program's scene switches (to a landscape twin, else its own scene).
    QObject::connect(studio->m_scenes.get(), &SceneCollection::programSceneChanged, self,
        [self](const QString& scene) { self->followProgramScene(scene); });
    // Scene switches go through the controller (it logs them), with the collection's transition.
    SceneCollection* collection = studio->m_scenes.get();
    studio->m_show->setSceneSwitcher([collection](const QString& scene, QString* error) {
        const CollectionDocument& doc = collection->document();
        const auto transition
            = SceneCollection::parseTransition(doc.transition).value_or(SceneCollection::Transition::Cut);
        return collection->switchScene(scene, transition, doc.transitionMs, error);
    });
    return studio;
}

} // namespace pinstage
