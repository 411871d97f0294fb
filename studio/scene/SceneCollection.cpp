// SPDX-License-Identifier: GPL-2.0-or-later
#include "scene/SceneCollection.h"

#include "overlay/SharedImageSource.h"
#include "overlay/TestPattern.h"
#include "scene/AudioServer.h"
#include "scene/CollectionFile.h"
#include "util/Clock.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

#include <algorithm>

namespace pinstage {
namespace {

    constexpr int kProgramChannel = 0;
    constexpr int kMaxTransitionMs = 10000;

    const char* const kCameraType = "v4l2_input";
    const char* const kMicrophoneType = "pulse_input_capture";

    obs_bounds_type boundsTypeOf(const QString& name)
    {
        static const QHash<QString, obs_bounds_type> types = {
            { QStringLiteral("none"), OBS_BOUNDS_NONE },
            { QStringLiteral("stretch"), OBS_BOUNDS_STRETCH },
            { QStringLiteral("scale_inner"), OBS_BOUNDS_SCALE_INNER },
            { QStringLiteral("scale_outer"), OBS_BOUNDS_SCALE_OUTER },
            { QStringLiteral("scale_to_width"), OBS_BOUNDS_SCALE_TO_WIDTH },
            { QStringLiteral("scale_to_height"), OBS_BOUNDS_SCALE_TO_HEIGHT },
            { QStringLiteral("max_only"), OBS_BOUNDS_MAX_ONLY },
        };
        return types.value(name, OBS_BOUNDS_NONE);
    }

    bool validBoundsType(const QString& name)
    {
        return name == QLatin1String("none") || boundsTypeOf(name) != OBS_BOUNDS_NONE;
    }

    void applyTransform(obs_sceneitem_t* item, const ItemTransform& t)
    {
        vec2 v;
        vec2_set(&v, float(t.pos.x()), float(t.pos.y()));
        obs_sceneitem_set_pos(item, &v);
        vec2_set(&v, float(t.scale.x()), float(t.scale.y()));
        obs_sceneitem_set_scale(item, &v);
        obs_sceneitem_set_rot(item, float(t.rotation));
        obs_sceneitem_set_bounds_type(item, boundsTypeOf(t.boundsType));
        obs_sceneitem_set_bounds_alignment(item, uint32_t(t.boundsAlignment));
        vec2_set(&v, float(t.bounds.width()), float(t.bounds.height()));
        obs_sceneitem_set_bounds(item, &v);
        obs_sceneitem_crop crop { t.crop.left(), t.crop.top(), t.crop.right(), t.crop.bottom() };
        obs_sceneitem_set_crop(item, &crop);
        obs_sceneitem_set_visible(item, t.visible);
        obs_sceneitem_set_locked(item, t.locked);
    }

    OBSDataAutoRelease toObsData(const QJsonObject& settings)
    {
        const QByteArray json = QJsonDocument(settings).toJson(QJsonDocument::Compact);
        return obs_data_create_from_json(json.constData());
    }

    // The first V4L2 capture device, or empty.
    QString findCamera()
    {
        QDir dev(QStringLiteral("/dev"));
        QStringList devices = dev.entryList({ QStringLiteral("video*") }, QDir::System | QDir::Readable);
        std::sort(devices.begin(), devices.end(),
            [](const QString& a, const QString& b) { return a.mid(5).toInt() < b.mid(5).toInt(); });
        return devices.isEmpty() ? QString() : dev.filePath(devices.first());
    }

    bool checkName(const QString& what, const QString& name, QString* error)
    {
        if (name.trimmed().isEmpty()) {
            *error = QStringLiteral("a %1 needs a name").arg(what);
            return false;
        }
        return true;
    }

} // namespace

SceneCollection::SceneCollection(const Options& options)
    : m_options(options)
{
}

std::unique_ptr<SceneCollection> SceneCollection::open(const Options& options, QString* error)
{
    std::unique_ptr<SceneCollection> c(new SceneCollection(options));
    CollectionFile::Result read = CollectionFile::read(options.file);
    switch (read.status) {
    case CollectionFile::Status::Refused:
        *error = read.error;
        return nullptr;
    case CollectionFile::Status::Missing: {
        DefaultCollection::Options defaults = options.defaults;
        defaults.canvas = options.canvas;
        c->m_doc = DefaultCollection::create(defaults);
        if (!options.readOnly && !options.file.isEmpty() && !CollectionFile::write(options.file, c->m_doc, error))
            return nullptr;
        break;
    }
    case CollectionFile::Status::Migrated:
        c->m_doc = read.document;
        if (!options.readOnly && !options.file.isEmpty()) {
            // The older file stays beside the new one, so going back to an older Pinstage is possible.
            const QString backup = options.file + QStringLiteral(".v%1.bak").arg(read.fileVersion);
            QFile::remove(backup);
            QFile::copy(options.file, backup);
            if (!CollectionFile::write(options.file, c->m_doc, error))
                return nullptr;
        }
        break;
    case CollectionFile::Status::Loaded:
        c->m_doc = read.document;
        break;
    }
    // Transforms were made for the file's canvas: scale positions and bounds to this one.
    if (c->m_doc.canvas != options.canvas && !c->m_doc.canvas.isEmpty()) {
        const double sx = double(options.canvas.width()) / c->m_doc.canvas.width();
        const double sy = double(options.canvas.height()) / c->m_doc.canvas.height();
        for (SceneDocument& scene : c->m_doc.scenes) {
            if (!scene.canvas.isEmpty())
                continue; // a scene of the horizontal canvas: scaled to that canvas below
            for (SceneItemDocument& item : scene.items) {
                item.transform.pos = { item.transform.pos.x() * sx, item.transform.pos.y() * sy };
                item.transform.bounds = { item.transform.bounds.width() * sx, item.transform.bounds.height() * sy };
            }
        }
        c->m_doc.canvas = options.canvas;
    }
    // Scenes of the horizontal canvas (issue 11): scaled from the canvas they were made for to this
    // session's horizontal canvas.
    for (SceneDocument& scene : c->m_doc.scenes) {
        if (scene.canvas.isEmpty() || options.horizontalCanvas.isEmpty() || scene.canvas == options.horizontalCanvas)
            continue;
        const double sx = double(options.horizontalCanvas.width()) / scene.canvas.width();
        const double sy = double(options.horizontalCanvas.height()) / scene.canvas.height();
        for (SceneItemDocument& item : scene.items) {
            item.transform.pos = { item.transform.pos.x() * sx, item.transform.pos.y() * sy };
            item.transform.bounds = { item.transform.bounds.width() * sx, item.transform.bounds.height() * sy };
        }
        scene.canvas = options.horizontalCanvas;
    }
    if (!c->build(error))
        return nullptr;
    return c;
}

SceneCollection::~SceneCollection()
{
    if (m_testPatternTimer)
        m_testPatternTimer->stop();
    for (int channel = 0; channel < MAX_CHANNELS; ++channel)
        obs_set_output_source(uint32_t(channel), nullptr);
    m_meters.clear();
    m_cut = nullptr;
    m_fade = nullptr;
    m_scenes.clear();
    m_sources.clear();
}

QJsonObject SceneCollection::sessionSettings(const SourceDocument& doc) const
{
    QJsonObject settings = doc.settings;
    if (doc.type == QLatin1String(kCameraType)) {
        QString device = settings.value(QStringLiteral("device_id")).toString();
        if (m_options.camera == QLatin1String("none"))
            device.clear();
        else if (!m_options.camera.isEmpty())
            device = m_options.camera;
        else if (device.isEmpty())
            device = findCamera();
        settings.insert(QStringLiteral("device_id"), device);
    } else if (doc.type == QLatin1String(kMicrophoneType) && !m_options.microphone.isEmpty()
        && m_options.microphone != QLatin1String("none")) {
        settings.insert(QStringLiteral("device_id"), m_options.microphone);
    } else if (doc.name == DefaultCollection::titleName() && doc.type.startsWith(QLatin1String("text_"))
        && !m_options.title.isEmpty()) {
        settings.insert(QStringLiteral("text"), m_options.title);
    }
    return settings;
}

OBSSourceAutoRelease SceneCollection::createSource(const SourceDocument& doc)
{
    const QJsonObject settings = sessionSettings(doc);
    if (doc.type == QLatin1String(kCameraType) && settings.value(QStringLiteral("device_id")).toString().isEmpty())
        return nullptr; // no camera: the test pattern shows instead
    const bool pulse = doc.type.startsWith(QLatin1String("pulse_"));
    if (pulse && !m_audioServer)
        return nullptr;
    if (doc.type == QLatin1String(kMicrophoneType) && m_options.microphone == QLatin1String("none"))
        return nullptr;

    // libobs would make a placeholder for an unknown type; the collection keeps the entry instead.
    const QByteArray type = doc.type.toUtf8();
    OBSSourceAutoRelease source;
    OBSDataAutoRelease data = toObsData(settings);
    if (obs_source_get_display_name(type.constData()))
        source = obs_source_create_private(type.constData(), doc.name.toUtf8().constData(), data);
    if (!source) {
        const QString why
            = QStringLiteral("source '%1': libobs has no source type '%2'; it is kept in the collection but not shown")
                  .arg(doc.name, doc.type);
        blog(LOG_WARNING, "pinstage: %s", qPrintable(why));
        m_warnings.append(why);
        return nullptr;
    }
    if (doc.type == QLatin1String(kCameraType))
        m_cameraInUse = true;
    if (obs_source_get_output_flags(source) & OBS_SOURCE_AUDIO) {
        obs_source_set_volume(source, obs_db_to_mul(float(doc.volumeDb)));
        obs_source_set_muted(source, doc.muted);
        if (doc.outputChannel > 0)
            obs_set_output_source(uint32_t(doc.outputChannel), source);
        m_meters[doc.name] = std::make_unique<AudioMeter>(source);
    }
    return source;
}

bool SceneCollection::addSceneItem(obs_scene_t* scene, const SceneItemDocument& item)
{
    const auto it = m_sources.find(item.source);
    if (it == m_sources.end())
        return false; // not created here (no camera, no audio server, unknown type)
    obs_sceneitem_t* sceneItem = obs_scene_add(scene, it->second);
    if (!sceneItem)
        return false;
    applyTransform(sceneItem, item.transform);
    return true;
}

bool SceneCollection::build(QString* error)
{
    const bool wantsPulse = std::any_of(m_doc.sources.cbegin(), m_doc.sources.cend(),
        [](const SourceDocument& s) { return s.type.startsWith(QLatin1String("pulse_")); });
    if (wantsPulse) {
        const AudioServer::Status audio = AudioServer::probe();
        m_audioServer = audio.available;
        if (!audio.available) {
            const QString why = audio.why
                + QStringLiteral("; the microphone and desktop audio are off and the show's sound is silent");
            blog(LOG_WARNING, "pinstage: %s", qPrintable(why));
            m_warnings.append(why);
        }
    }
    for (const SourceDocument& doc : std::as_const(m_doc.sources)) {
        if (OBSSourceAutoRelease source = createSource(doc))
            m_sources[doc.name] = std::move(source);
    }
    applyCameraChoice();
    for (const SceneDocument& doc : std::as_const(m_doc.scenes)) {
        OBSSceneAutoRelease scene = obs_scene_create_private(doc.name.toUtf8().constData());
        for (const SceneItemDocument& item : doc.items)
            addSceneItem(scene, item);
        m_scenes[doc.name] = std::move(scene);
    }

    m_program = m_options.startScene.isEmpty() ? m_doc.currentScene : m_options.startScene;
    if (!m_scenes.count(m_program)) {
        *error = QStringLiteral("no scene is named '%1' in %2 (it has: %3)")
                     .arg(m_program, m_options.file.isEmpty() ? QStringLiteral("the collection") : m_options.file,
                         sceneNames().join(QLatin1String(", ")));
        return false;
    }
    m_cut = obs_source_create_private("cut_transition", "Cut", nullptr);
    m_fade = obs_source_create_private("fade_transition", "Fade", nullptr);
    obs_source_t* program = obs_scene_get_source(m_scenes.at(m_program));
    if (m_cut) {
        obs_transition_set(m_cut, program);
        obs_set_output_source(kProgramChannel, m_cut);
        m_activeTransition = m_cut;
    } else {
        // Without the transitions module every switch is a cut of output channel 0.
        m_warnings.append(
            QStringLiteral("libobs has no transitions (obs-transitions missing): scene switches are cuts"));
        obs_set_output_source(kProgramChannel, program);
    }

    m_testPatternTimer = Clock::system().createTimer(this);
    connect(m_testPatternTimer, &ClockTimer::timeout, this, &SceneCollection::repaintTestPattern);
    m_testPatternTimer->start(1000);
    repaintTestPattern();
    return true;
}

void SceneCollection::applyCameraChoice()
{
    // The test pattern stands in for the camera: drawn only while no camera is in use.
    for (const SourceDocument& doc : std::as_const(m_doc.sources)) {
        if (doc.type == QLatin1String(SharedImageSource::testPatternTypeId)) {
            if (obs_source_t* s = source(doc.name))
                obs_source_set_enabled(s, !m_cameraInUse);
        }
    }
}

void SceneCollection::repaintTestPattern()
{
    // Painted at half size and stretched by the scene item: a quarter of the pixels to paint and
    // upload every second, and the bars do not need more. Not painted while nobody shows it.
    if (m_cameraInUse)
        return;
    if (m_testPatternPainted && SharedImageSource::showingCount(SharedImageSource::Kind::TestPattern) == 0)
        return;
    m_testPatternPainted = true;
    SharedImageSource::setImage(SharedImageSource::Kind::TestPattern,
        TestPattern::paint((m_options.canvas / 2).expandedTo(QSize(16, 16)), Clock::system().now()));
}

QStringList SceneCollection::sceneNames() const
{
    QStringList names;
    for (const SceneDocument& s : m_doc.scenes)
        names.append(s.name);
    return names;
}

obs_scene_t* SceneCollection::scene(const QString& name) const
{
    const auto it = m_scenes.find(name);
    return it == m_scenes.end() ? nullptr : it->second.Get();
}

obs_source_t* SceneCollection::source(const QString& name) const
{
    const auto it = m_sources.find(name);
    return it == m_sources.end() ? nullptr : it->second.Get();
}

obs_sceneitem_t* SceneCollection::item(const QString& scene, const QString& source) const
{
    obs_scene_t* s = this->scene(scene);
    obs_source_t* src = this->source(source);
    if (!s || !src)
        return nullptr;
    // libobs hands out a new reference; the scene holds the item, so a borrowed pointer is
    // returned (a kept reference would keep the source alive past obs_shutdown: text-freetype2
    // then frees its font after FreeType is gone and the process crashes on quit).
    obs_sceneitem_t* found = obs_scene_sceneitem_from_source(s, src);
    obs_sceneitem_release(found);
    return found;
}

std::optional<SceneCollection::Transition> SceneCollection::parseTransition(const QString& text)
{
    if (text.compare(QLatin1String("cut"), Qt::CaseInsensitive) == 0)
        return Transition::Cut;
    if (text.compare(QLatin1String("fade"), Qt::CaseInsensitive) == 0)
        return Transition::Fade;
    return std::nullopt;
}

bool SceneCollection::switchScene(const QString& name, Transition transition, int durationMs, QString* error)
{
    obs_scene_t* target = scene(name);
    if (!target) {
        *error = QStringLiteral("no scene is named '%1' (the collection has: %2)")
                     .arg(name, sceneNames().join(QLatin1String(", ")));
        return false;
    }
    if (durationMs < 0 || durationMs > kMaxTransitionMs) {
        *error = QStringLiteral("a transition lasts 0 to %1 ms, not %2").arg(kMaxTransitionMs).arg(durationMs);
        return false;
    }
    obs_source_t* targetSource = obs_scene_get_source(target);
    if (!m_activeTransition) {
        obs_set_output_source(kProgramChannel, targetSource);
    } else {
        const bool fade = transition == Transition::Fade && durationMs > 0 && m_fade;
        obs_source_t* wanted = fade ? m_fade.Get() : m_cut.Get();
        if (wanted != m_activeTransition) {
            // The new transition takes over what the old one shows, then runs from there.
            obs_transition_swap_begin(wanted, m_activeTransition);
            obs_set_output_source(kProgramChannel, wanted);
            obs_transition_swap_end(wanted, m_activeTransition);
            m_activeTransition = wanted;
        }
        if (fade)
            obs_transition_start(m_fade, OBS_TRANSITION_MODE_AUTO, uint32_t(durationMs), targetSource);
        else
            obs_transition_set(m_cut, targetSource);
    }
    if (m_program != name) {
        m_program = name;
        emit programSceneChanged(name);
    }
    return true;
}

bool SceneCollection::commit(QString* error)
{
    emit changed();
    if (m_options.readOnly || m_options.file.isEmpty())
        return true;
    return CollectionFile::write(m_options.file, m_doc, error);
}

bool SceneCollection::save(QString* error)
{
    if (m_options.file.isEmpty()) {
        *error = QStringLiteral("the scene collection has no file to be saved in");
        return false;
    }
    return CollectionFile::write(m_options.file, m_doc, error);
}

QString SceneCollection::horizontalSceneName() const
{
    for (const SceneDocument& scene : m_doc.scenes) {
        if (!scene.canvas.isEmpty())
            return scene.name;
    }
    return {};
}

bool SceneCollection::addHorizontalScene(const QString& name, QSize canvas, QString* error)
{
    if (!checkName(QStringLiteral("scene"), name, error))
        return false;
    if (m_doc.scene(name)) {
        *error = QStringLiteral("a scene named '%1' already exists").arg(name);
        return false;
    }
    const DefaultCollection::HorizontalScene made = DefaultCollection::horizontalScene(m_doc, name, canvas);
    for (const SourceDocument& doc : made.newSources) {
        if (m_doc.source(doc.name))
            continue; // kept from before (e.g. its scene was removed): used as it is
        m_doc.sources.append(doc);
        if (OBSSourceAutoRelease source = createSource(doc))
            m_sources[doc.name] = std::move(source);
    }
    m_doc.scenes.append(made.scene);
    OBSSceneAutoRelease scene = obs_scene_create_private(name.toUtf8().constData());
    for (const SceneItemDocument& item : made.scene.items)
        addSceneItem(scene, item);
    m_scenes[name] = std::move(scene);
    return commit(error);
}

bool SceneCollection::addHorizontalTwin(const QString& scene, QSize canvas, QString* error)
{
    const SceneDocument* of = m_doc.scene(scene);
    if (!of) {
        *error = QStringLiteral("no scene is named '%1'").arg(scene);
        return false;
    }
    const SceneDocument twin = DefaultCollection::horizontalTwin(m_doc, *of, canvas);
    if (!checkName(QStringLiteral("scene"), twin.name, error))
        return false;
    if (m_doc.scene(twin.name)) {
        *error = QStringLiteral("a scene named '%1' already exists").arg(twin.name);
        return false;
    }
    m_doc.scenes.append(twin);
    OBSSceneAutoRelease made = obs_scene_create_private(twin.name.toUtf8().constData());
    for (const SceneItemDocument& item : twin.items)
        addSceneItem(made, item);
    m_scenes[twin.name] = std::move(made);
    return commit(error);
}

bool SceneCollection::isHorizontalScene(const QString& name) const
{
    const SceneDocument* scene = m_doc.scene(name);
    return scene && !scene->canvas.isEmpty();
}

bool SceneCollection::addScene(const QString& name, QString* error)
{
    if (!checkName(QStringLiteral("scene"), name, error))
        return false;
    if (m_doc.scene(name)) {
        *error = QStringLiteral("a scene named '%1' already exists").arg(name);
        return false;
    }
    m_doc.scenes.append({ name, {} });
    m_scenes[name] = obs_scene_create_private(name.toUtf8().constData());
    return commit(error);
}

bool SceneCollection::removeScene(const QString& name, QString* error)
{
    const int index = m_doc.sceneIndex(name);
    if (index < 0) {
        *error = QStringLiteral("no scene is named '%1'").arg(name);
        return false;
    }
    if (name == m_program) {
        *error = QStringLiteral("scene '%1' is on the program; switch to another scene first").arg(name);
        return false;
    }
    if (m_doc.scenes.size() == 1) {
        *error = QStringLiteral("scene '%1' is the last scene of the collection").arg(name);
        return false;
    }
    m_doc.scenes.removeAt(index);
    m_scenes.erase(name);
    if (m_doc.currentScene == name)
        m_doc.currentScene = m_program;
    return commit(error);
}

bool SceneCollection::renameScene(const QString& name, const QString& newName, QString* error)
{
    SceneDocument* doc = m_doc.scene(name);
    if (!doc) {
        *error = QStringLiteral("no scene is named '%1'").arg(name);
        return false;
    }
    if (!checkName(QStringLiteral("scene"), newName, error))
        return false;
    if (newName != name && m_doc.scene(newName)) {
        *error = QStringLiteral("a scene named '%1' already exists").arg(newName);
        return false;
    }
    doc->name = newName;
    auto node = m_scenes.extract(name);
    node.key() = newName;
    obs_source_set_name(obs_scene_get_source(node.mapped()), newName.toUtf8().constData());
    m_scenes.insert(std::move(node));
    if (m_doc.currentScene == name)
        m_doc.currentScene = newName;
    if (m_program == name)
        m_program = newName;
    return commit(error);
}

bool SceneCollection::moveScene(const QString& name, int index, QString* error)
{
    const int from = m_doc.sceneIndex(name);
    if (from < 0) {
        *error = QStringLiteral("no scene is named '%1'").arg(name);
        return false;
    }
    if (index < 0 || index >= m_doc.scenes.size()) {
        *error = QStringLiteral("scene '%1': position %2 is outside 0 to %3")
                     .arg(name)
                     .arg(index)
                     .arg(m_doc.scenes.size() - 1);
        return false;
    }
    m_doc.scenes.move(from, index);
    return commit(error);
}

bool SceneCollection::duplicateScene(const QString& name, const QString& newName, QString* error)
{
    const int index = m_doc.sceneIndex(name);
    if (index < 0) {
        *error = QStringLiteral("no scene is named '%1'").arg(name);
        return false;
    }
    if (!checkName(QStringLiteral("scene"), newName, error))
        return false;
    if (m_doc.scene(newName)) {
        *error = QStringLiteral("a scene named '%1' already exists").arg(newName);
        return false;
    }
    SceneDocument copy = m_doc.scenes.at(index);
    copy.name = newName;
    OBSSceneAutoRelease scene = obs_scene_create_private(newName.toUtf8().constData());
    for (const SceneItemDocument& item : std::as_const(copy.items))
        addSceneItem(scene, item);
    m_scenes[newName] = std::move(scene);
    m_doc.scenes.insert(index + 1, copy);
    return commit(error);
}

bool SceneCollection::setDefaultTransition(Transition transition, int durationMs, QString* error)
{
    if (durationMs < 0 || durationMs > kMaxTransitionMs) {
        *error = QStringLiteral("a transition lasts 0 to %1 ms, not %2").arg(kMaxTransitionMs).arg(durationMs);
        return false;
    }
    m_doc.transition = transition == Transition::Fade ? QStringLiteral("fade") : QStringLiteral("cut");
    m_doc.transitionMs = durationMs;
    return commit(error);
}

bool SceneCollection::addSource(
    const QString& scene, const SourceDocument& source, const ItemTransform& transform, QString* error)
{
    if (!checkName(QStringLiteral("source"), source.name, error))
        return false;
    if (m_doc.source(source.name)) {
        *error = QStringLiteral("a source named '%1' already exists").arg(source.name);
        return false;
    }
    if (!scene.isEmpty() && !m_doc.scene(scene)) {
        *error = QStringLiteral("no scene is named '%1'").arg(scene);
        return false;
    }
    if (source.outputChannel < 0 || source.outputChannel > 6) {
        *error = QStringLiteral("source '%1': output channel %2 is outside 1 to 6")
                     .arg(source.name)
                     .arg(source.outputChannel);
        return false;
    }
    OBSSourceAutoRelease created = createSource(source);
    if (!created && !m_warnings.isEmpty()
        && m_warnings.constLast().startsWith(QStringLiteral("source '%1'").arg(source.name))) {
        *error = m_warnings.takeLast();
        return false;
    }
    m_doc.sources.append(source);
    if (created)
        m_sources[source.name] = std::move(created);
    applyCameraChoice();
    if (scene.isEmpty())
        return commit(error);
    return addItem(scene, source.name, transform, error);
}

bool SceneCollection::addItem(
    const QString& scene, const QString& source, const ItemTransform& transform, QString* error)
{
    SceneDocument* doc = m_doc.scene(scene);
    if (!doc) {
        *error = QStringLiteral("no scene is named '%1'").arg(scene);
        return false;
    }
    if (!m_doc.source(source)) {
        *error = QStringLiteral("no source is named '%1'").arg(source);
        return false;
    }
    if (!validBoundsType(transform.boundsType)) {
        *error = QStringLiteral("'%1' is not a bounds type").arg(transform.boundsType);
        return false;
    }
    for (const SceneItemDocument& item : std::as_const(doc->items)) {
        if (item.source == source) {
            *error = QStringLiteral("'%1' is already in scene '%2'").arg(source, scene);
            return false;
        }
    }
    doc->items.append({ source, transform });
    addSceneItem(this->scene(scene), doc->items.constLast());
    return commit(error);
}

bool SceneCollection::findItem(const QString& scene, const QString& source, SceneItemDocument** item, QString* error)
{
    SceneDocument* doc = m_doc.scene(scene);
    if (!doc) {
        *error = QStringLiteral("no scene is named '%1'").arg(scene);
        return false;
    }
    for (SceneItemDocument& i : doc->items) {
        if (i.source == source) {
            *item = &i;
            return true;
        }
    }
    *error = QStringLiteral("scene '%1' holds no source named '%2'").arg(scene, source);
    return false;
}

bool SceneCollection::removeItem(const QString& scene, const QString& source, QString* error)
{
    SceneItemDocument* found = nullptr;
    if (!findItem(scene, source, &found, error))
        return false;
    if (obs_sceneitem_t* i = item(scene, source))
        obs_sceneitem_remove(i);
    SceneDocument* doc = m_doc.scene(scene);
    doc->items.removeAt(int(found - doc->items.data()));
    return commit(error);
}

bool SceneCollection::removeSource(const QString& source, QString* error)
{
    const SourceDocument* doc = m_doc.source(source);
    if (!doc) {
        *error = QStringLiteral("no source is named '%1'").arg(source);
        return false;
    }
    for (SceneDocument& scene : m_doc.scenes) {
        for (int i = scene.items.size() - 1; i >= 0; --i) {
            if (scene.items.at(i).source == source) {
                if (obs_sceneitem_t* it = item(scene.name, source))
                    obs_sceneitem_remove(it);
                scene.items.removeAt(i);
            }
        }
    }
    if (doc->outputChannel > 0 && this->source(source))
        obs_set_output_source(uint32_t(doc->outputChannel), nullptr);
    m_meters.erase(source);
    m_sources.erase(source);
    m_doc.sources.removeIf([&](const SourceDocument& s) { return s.name == source; });
    return commit(error);
}

bool SceneCollection::moveItem(const QString& scene, const QString& source, int index, QString* error)
{
    SceneItemDocument* found = nullptr;
    if (!findItem(scene, source, &found, error))
        return false;
    SceneDocument* doc = m_doc.scene(scene);
    if (index < 0 || index >= doc->items.size()) {
        *error = QStringLiteral("scene '%1': position %2 is outside 0 to %3")
                     .arg(scene)
                     .arg(index)
                     .arg(doc->items.size() - 1);
        return false;
    }
    doc->items.move(int(found - doc->items.data()), index);
    // libobs counts only the items it holds (a source that could not be created has none).
    int obsIndex = 0;
    for (int i = 0; i < index; ++i)
        obsIndex += this->source(doc->items.at(i).source) ? 1 : 0;
    if (obs_sceneitem_t* i = item(scene, source))
        obs_sceneitem_set_order_position(i, obsIndex);
    return commit(error);
}

bool SceneCollection::setTransform(
    const QString& scene, const QString& source, const ItemTransform& transform, QString* error)
{
    SceneItemDocument* found = nullptr;
    if (!findItem(scene, source, &found, error))
        return false;
    if (!validBoundsType(transform.boundsType)) {
        *error = QStringLiteral("'%1' is not a bounds type").arg(transform.boundsType);
        return false;
    }
    found->transform = transform;
    if (obs_sceneitem_t* i = item(scene, source))
        applyTransform(i, transform);
    return commit(error);
}

bool SceneCollection::renameSource(const QString& source, const QString& newName, QString* error)
{
    SourceDocument* doc = m_doc.source(source);
    if (!doc) {
        *error = QStringLiteral("no source is named '%1'").arg(source);
        return false;
    }
    if (!checkName(QStringLiteral("source"), newName, error))
        return false;
    if (newName != source && m_doc.source(newName)) {
        *error = QStringLiteral("a source named '%1' already exists").arg(newName);
        return false;
    }
    doc->name = newName;
    for (SceneDocument& scene : m_doc.scenes)
        for (SceneItemDocument& item : scene.items)
            if (item.source == source)
                item.source = newName;
    if (auto node = m_sources.extract(source)) {
        obs_source_set_name(node.mapped(), newName.toUtf8().constData());
        node.key() = newName;
        m_sources.insert(std::move(node));
    }
    if (auto node = m_meters.extract(source)) {
        node.key() = newName;
        m_meters.insert(std::move(node));
    }
    return commit(error);
}

bool SceneCollection::setSourceSettings(const QString& source, const QJsonObject& settings, QString* error)
{
    SourceDocument* doc = m_doc.source(source);
    if (!doc) {
        *error = QStringLiteral("no source is named '%1'").arg(source);
        return false;
    }
    doc->settings = settings;
    if (obs_source_t* s = this->source(source)) {
        OBSDataAutoRelease data = toObsData(sessionSettings(*doc));
        obs_source_reset_settings(s, data);
    }
    return commit(error);
}

QStringList SceneCollection::audioSourceNames() const
{
    QStringList names;
    for (const SourceDocument& doc : m_doc.sources)
        if (m_meters.count(doc.name))
            names.append(doc.name);
    return names;
}

bool SceneCollection::setVolumeDb(const QString& source, double db, QString* error)
{
    SourceDocument* doc = m_doc.source(source);
    if (!doc) {
        *error = QStringLiteral("no source is named '%1'").arg(source);
        return false;
    }
    if (!(db >= -100 && db <= 26)) {
        *error = QStringLiteral("source '%1': volume %2 dB is outside -100 to +26 dB").arg(source).arg(db);
        return false;
    }
    doc->volumeDb = db;
    if (obs_source_t* s = this->source(source))
        obs_source_set_volume(s, obs_db_to_mul(float(db)));
    return commit(error);
}

bool SceneCollection::setMuted(const QString& source, bool muted, QString* error)
{
    SourceDocument* doc = m_doc.source(source);
    if (!doc) {
        *error = QStringLiteral("no source is named '%1'").arg(source);
        return false;
    }
    doc->muted = muted;
    if (obs_source_t* s = this->source(source))
        obs_source_set_muted(s, muted);
    return commit(error);
}

AudioMeter* SceneCollection::meter(const QString& source) const
{
    const auto it = m_meters.find(source);
    return it == m_meters.end() ? nullptr : it->second.get();
}

} // namespace pinstage
