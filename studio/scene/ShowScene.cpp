// SPDX-License-Identifier: GPL-2.0-or-later
#include "scene/ShowScene.h"

#include "overlay/CardLayout.h"
#include "overlay/TestPattern.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace pinstage {
namespace {

void placeItem(obs_sceneitem_t* item, QRectF box, obs_bounds_type bounds)
{
    vec2 pos;
    vec2_set(&pos, static_cast<float>(box.x()), static_cast<float>(box.y()));
    obs_sceneitem_set_pos(item, &pos);
    obs_sceneitem_set_bounds_type(item, bounds);
    obs_sceneitem_set_bounds_alignment(item, OBS_ALIGN_CENTER);
    vec2 size;
    vec2_set(&size, static_cast<float>(box.width()), static_cast<float>(box.height()));
    obs_sceneitem_set_bounds(item, &size);
}

} // namespace

ShowScene::ShowScene(const VideoSettings& video, const Options& options, QObject* parent)
    : QObject(parent)
    , m_video(video)
    , m_scene(obs_scene_create_private("Show"))
{
    addBackground(options);
    addLogo(options.logoFile);
    addTitle(options.title);
    addCard();
    obs_set_output_source(0, obs_scene_get_source(m_scene));
}

ShowScene::~ShowScene()
{
    m_testPatternTimer.stop();
    obs_set_output_source(0, nullptr);
}

QString ShowScene::findCamera()
{
    QDir dev(QStringLiteral("/dev"));
    QStringList devices = dev.entryList({QStringLiteral("video*")}, QDir::System | QDir::Readable);
    std::sort(devices.begin(), devices.end(), [](const QString& a, const QString& b) {
        return a.mid(5).toInt() < b.mid(5).toInt();
    });
    return devices.isEmpty() ? QString() : dev.filePath(devices.first());
}

void ShowScene::addBackground(const Options& options)
{
    const QRectF canvas(0, 0, m_video.canvas.width(), m_video.canvas.height());
    QString device = options.camera;
    if (device.isEmpty())
        device = findCamera();
    if (device == QLatin1String("none"))
        device.clear();

    if (!device.isEmpty()) {
        OBSDataAutoRelease settings = obs_data_create();
        obs_data_set_string(settings, "device_id", device.toUtf8().constData());
        m_camera = obs_source_create_private("v4l2_input", "Camera", settings);
        if (m_camera) {
            m_cameraDevice = device;
            // Fill the vertical frame: a landscape camera is cropped at the sides, not letterboxed.
            placeItem(obs_scene_add(m_scene, m_camera), canvas, OBS_BOUNDS_SCALE_OUTER);
            return;
        }
        blog(LOG_WARNING, "pinstage: camera %s could not be opened; showing the test pattern", qPrintable(device));
    }

    m_testPattern = std::make_unique<PaintedSource>(QStringLiteral("Test pattern"));
    placeItem(obs_scene_add(m_scene, m_testPattern->source()), canvas, OBS_BOUNDS_STRETCH);
    repaintTestPattern();
    connect(&m_testPatternTimer, &QTimer::timeout, this, &ShowScene::repaintTestPattern);
    m_testPatternTimer.start(1000);
}

void ShowScene::repaintTestPattern()
{
    // Painted at half size and stretched by the scene item: a quarter of the pixels to paint and
    // upload every second, and the bars do not need more.
    if (m_testPattern)
        m_testPattern->setImage(TestPattern::paint((m_video.canvas / 2).expandedTo(QSize(16, 16)), QDateTime::currentDateTime()));
}

void ShowScene::addLogo(const QString& file)
{
    if (file.isEmpty() || !QFileInfo::exists(file))
        return;
    OBSDataAutoRelease settings = obs_data_create();
    obs_data_set_string(settings, "file", file.toUtf8().constData());
    m_logo = obs_source_create_private("image_source", "Logo", settings);
    if (!m_logo)
        return;
    const qreal w = m_video.canvas.width();
    const qreal h = m_video.canvas.height();
    placeItem(obs_scene_add(m_scene, m_logo), QRectF(w * 0.04, h * 0.035, w * 0.30, h * 0.05), OBS_BOUNDS_SCALE_INNER);
}

void ShowScene::addTitle(const QString& title)
{
    const qreal w = m_video.canvas.width();
    const qreal h = m_video.canvas.height();
    OBSDataAutoRelease font = obs_data_create();
    obs_data_set_string(font, "face", "DejaVu Sans");
    obs_data_set_string(font, "style", "Bold");
    obs_data_set_int(font, "size", std::max(8, static_cast<int>(h * 0.022)));
    OBSDataAutoRelease settings = obs_data_create();
    obs_data_set_obj(settings, "font", font);
    obs_data_set_string(settings, "text", title.toUtf8().constData());
    obs_data_set_bool(settings, "outline", false);
    obs_data_set_bool(settings, "drop_shadow", false);
    obs_data_set_int(settings, "color1", 0xFFFFFFFF);
    obs_data_set_int(settings, "color2", 0xFFFFFFFF);
    m_title = obs_source_create_private("text_ft2_source_v2", "Title", settings);
    if (!m_title)
        return;
    placeItem(obs_scene_add(m_scene, m_title), QRectF(w * 0.38, h * 0.035, w * 0.58, h * 0.05), OBS_BOUNDS_SCALE_INNER);
}

void ShowScene::addCard()
{
    m_cardLayer = std::make_unique<ProductCardLayer>(m_video.canvas);
    obs_sceneitem_t* item = obs_scene_add(m_scene, m_cardLayer->source());
    // No bounds: the card is painted at its exact pixel size, so it is drawn 1:1.
    const QRect rect = CardLayout::cardRect(m_video.canvas);
    vec2 pos;
    vec2_set(&pos, static_cast<float>(rect.x()), static_cast<float>(rect.y()));
    obs_sceneitem_set_pos(item, &pos);
}

} // namespace pinstage
