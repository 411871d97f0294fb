// SPDX-License-Identifier: GPL-2.0-or-later
#include "scene/DefaultCollection.h"

#include "output/PlatformPreset.h"
#include "overlay/AnnouncementPainter.h"
#include "overlay/CardLayout.h"
#include "overlay/SharedImageSource.h"

#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace pinstage {
namespace {

    ItemTransform boxed(QRectF box, const char* boundsType)
    {
        ItemTransform t;
        t.pos = box.topLeft();
        t.boundsType = QLatin1String(boundsType);
        t.bounds = box.size();
        return t;
    }

    QJsonObject textSettings(const QString& text, int size, const char* style)
    {
        return QJsonObject { { QStringLiteral("font"),
                                 QJsonObject { { QStringLiteral("face"), QStringLiteral("DejaVu Sans") },
                                     { QStringLiteral("style"), QLatin1String(style) },
                                     { QStringLiteral("size"), size }, { QStringLiteral("flags"), 0 } } },
            { QStringLiteral("text"), text }, { QStringLiteral("outline"), false },
            { QStringLiteral("drop_shadow"), false }, { QStringLiteral("color1"), qint64(0xFFFFFFFF) },
            { QStringLiteral("color2"), qint64(0xFFFFFFFF) } };
    }

    // libobs colours are 0xAABBGGRR.
    qint64 obsColor(const QColor& c)
    {
        return (qint64(c.alpha()) << 24) | (qint64(c.blue()) << 16) | (qint64(c.green()) << 8) | qint64(c.red());
    }

} // namespace

QRectF DefaultCollection::safeArea(QSize canvas)
{
    // Vertical apps' margins are the widest of every preset on every side (graphics-safe is 5 %
    // all round): inside them is inside every platform's safe area.
    const SafeMargins m = SafeMargins::verticalApp();
    const qreal w = canvas.width();
    const qreal h = canvas.height();
    return QRectF(std::ceil(w * m.left), std::ceil(h * m.top), std::floor(w * (1 - m.left - m.right)),
        std::floor(h * (1 - m.top - m.bottom)));
}

CollectionDocument DefaultCollection::create(const Options& options)
{
    CollectionDocument doc;
    doc.canvas = options.canvas;
    const qreal w = options.canvas.width();
    const qreal h = options.canvas.height();
    const QRectF canvas(0, 0, w, h);

    SceneDocument main { mainSceneName(), {} };
    // The test pattern under the camera: it is drawn only while no camera is in use.
    doc.sources.append(
        { QStringLiteral("Test pattern"), QLatin1String(SharedImageSource::testPatternTypeId), {}, 0, false, 0 });
    main.items.append({ QStringLiteral("Test pattern"), boxed(canvas, "stretch") });
    // Empty settings: the first V4L2 device found at start (--camera overrides it).
    doc.sources.append({ QStringLiteral("Camera"), QStringLiteral("v4l2_input"), {}, 0, false, 0 });
    // Fill the vertical frame: a landscape camera is cropped at the sides, not letterboxed.
    main.items.append({ QStringLiteral("Camera"), boxed(canvas, "scale_outer") });
    // The logo and the title in a row at the top of the safe area (inset a little), never under
    // a platform's own buttons or comments on any canvas.
    const QRectF safe = safeArea(options.canvas);
    const qreal pad = std::round(w * 0.015);
    const QRectF top(safe.left() + pad, safe.top() + pad, safe.width() - 2 * pad, std::round(h * 0.045));
    const qreal logoWidth = std::round(top.width() * 0.34);
    if (!options.logoFile.isEmpty()) {
        doc.sources.append({ QStringLiteral("Logo"), QStringLiteral("image_source"),
            QJsonObject { { QStringLiteral("file"), options.logoFile } }, 0, false, 0 });
        main.items.append(
            { QStringLiteral("Logo"), boxed(QRectF(top.left(), top.top(), logoWidth, top.height()), "scale_inner") });
    }
    doc.sources.append({ titleName(), QStringLiteral("text_ft2_source_v2"),
        textSettings(options.title, std::max(8, int(h * 0.022)), "Bold"), 0, false, 0 });
    const qreal titleLeft = top.left() + logoWidth + pad;
    main.items.append(
        { titleName(), boxed(QRectF(titleLeft, top.top(), top.right() - titleLeft, top.height()), "scale_inner") });
    // No bounds: the card is painted at its exact pixel size for the canvas, so it is drawn 1:1.
    doc.sources.append(
        { QStringLiteral("Product card"), QLatin1String(SharedImageSource::productCardTypeId), {}, 0, false, 0 });
    ItemTransform card;
    card.pos = CardLayout::cardRect(options.canvas).topLeft();
    main.items.append({ QStringLiteral("Product card"), card });
    // The announcement bar (empty until announced), also drawn 1:1 at its painted size. Collections
    // made before it existed have no such item: they keep working, and announcements show in the
    // scenes that hold one (add a "pinstage_announcement" source).
    doc.sources.append({ announcementName(), QLatin1String(SharedImageSource::announcementTypeId), {}, 0, false, 0 });
    ItemTransform bar;
    bar.pos = AnnouncementPainter::barRect(options.canvas).topLeft();
    main.items.append({ announcementName(), bar });
    doc.scenes.append(main);

    SceneDocument brb { beRightBackSceneName(), {} };
    doc.sources.append({ QStringLiteral("Be right back background"), QStringLiteral("color_source_v3"),
        QJsonObject { { QStringLiteral("color"), obsColor(beRightBackColor()) }, { QStringLiteral("width"), int(w) },
            { QStringLiteral("height"), int(h) } },
        0, false, 0 });
    brb.items.append({ QStringLiteral("Be right back background"), boxed(canvas, "stretch") });
    doc.sources.append({ QStringLiteral("Be right back text"), QStringLiteral("text_ft2_source_v2"),
        textSettings(QStringLiteral("Be right back"), std::max(8, int(h * 0.04)), "Bold"), 0, false, 0 });
    brb.items.append({ QStringLiteral("Be right back text"),
        boxed(QRectF(safe.left() + pad, h * 0.40, safe.width() - 2 * pad, h * 0.1), "scale_inner") });
    doc.scenes.append(brb);

    doc.sources.append({ microphoneName(), QStringLiteral("pulse_input_capture"),
        QJsonObject { { QStringLiteral("device_id"), QStringLiteral("default") } }, 0, false, 3 });
    doc.sources.append({ desktopAudioName(), QStringLiteral("pulse_output_capture"),
        QJsonObject { { QStringLiteral("device_id"), QStringLiteral("default") } }, 0, false, 1 });
    doc.currentScene = mainSceneName();
    return doc;
}

DefaultCollection::HorizontalScene DefaultCollection::horizontalScene(
    const CollectionDocument& doc, const QString& name, QSize canvas)
{
    HorizontalScene made;
    made.scene.name = name;
    made.scene.canvas = canvas;
    const qreal w = canvas.width();
    const qreal h = canvas.height();
    const QRectF frame(0, 0, w, h);
    // The collection's own sources, shared with the program's scenes: the same camera, logo and title.
    for (const SourceDocument& source : doc.sources) {
        if (source.type == QLatin1String(SharedImageSource::testPatternTypeId))
            made.scene.items.append({ source.name, boxed(frame, "scale_outer") });
    }
    for (const SourceDocument& source : doc.sources) {
        if (source.type == QLatin1String("v4l2_input")) {
            // Fill the landscape frame: a camera of another shape is cropped, not letterboxed.
            made.scene.items.append({ source.name, boxed(frame, "scale_outer") });
            break;
        }
    }
    // About the size they have on the program (the title's text is made for it): scaled up they blur.
    // Above the announcement bar (AnnouncementPainter::barRect: from 10 % of the height down).
    if (doc.source(QStringLiteral("Logo")))
        made.scene.items.append(
            { QStringLiteral("Logo"), boxed(QRectF(w * 0.03, h * 0.025, w * 0.15, h * 0.065), "scale_inner") });
    if (doc.source(titleName()))
        made.scene.items.append({ titleName(), boxed(QRectF(w * 0.20, h * 0.035, w * 0.45, h * 0.05), "scale_inner") });
    // The card of this canvas: painted for it, drawn 1:1 where the default template puts it.
    made.newSources.append({ horizontalCardName(), QLatin1String(SharedImageSource::productCardTypeId),
        QJsonObject { { QLatin1String(SharedImageSource::cardCanvasSetting),
            QLatin1String(SharedImageSource::horizontalCardSettingValue) } },
        0, false, 0 });
    ItemTransform card;
    card.pos = CardLayout::cardRect(canvas).topLeft();
    made.scene.items.append({ horizontalCardName(), card });
    // The announcement bar of this canvas: painted for it, drawn 1:1 across the top under the title.
    made.newSources.append({ horizontalAnnouncementName(), QLatin1String(SharedImageSource::announcementTypeId),
        QJsonObject { { QLatin1String(SharedImageSource::cardCanvasSetting),
            QLatin1String(SharedImageSource::horizontalCardSettingValue) } },
        0, false, 0 });
    ItemTransform bar;
    bar.pos = AnnouncementPainter::barRect(canvas).topLeft();
    made.scene.items.append({ horizontalAnnouncementName(), bar });
    return made;
}

QString DefaultCollection::horizontalTwinName(const QString& scene)
{
    return scene + QLatin1Char(' ') + horizontalSceneName();
}

SceneDocument DefaultCollection::horizontalTwin(const CollectionDocument& doc, const SceneDocument& of, QSize canvas)
{
    SceneDocument twin;
    twin.name = horizontalTwinName(of.name);
    twin.canvas = canvas;
    const QSizeF from = !of.canvas.isEmpty() ? QSizeF(of.canvas) : QSizeF(doc.canvas);
    const qreal w = canvas.width();
    const qreal h = canvas.height();
    const qreal sx = w / from.width();
    const qreal sy = h / from.height();
    const qreal s = std::min(sx, sy); // sizes keep their shape
    const QRectF fromSafe = safeArea(from.toSize());
    const QRectF to(w * 0.05, h * 0.05, w * 0.9, h * 0.9);
    for (const SceneItemDocument& item : of.items) {
        const SourceDocument* source = doc.source(item.source);
        // The card and the bar are painted for the program's canvas: a twin has none of them.
        if (!source || source->type == QLatin1String(SharedImageSource::productCardTypeId)
            || source->type == QLatin1String(SharedImageSource::announcementTypeId))
            continue;
        SceneItemDocument copy = item;
        const bool boxedItem = item.transform.boundsType != QLatin1String("none");
        const QRectF box(item.transform.pos, item.transform.bounds);
        if (boxedItem && box.width() >= from.width() - 1 && box.height() >= from.height() - 1) {
            // A full-frame background fills the new frame the same way.
            copy.transform.pos = QPointF(0, 0);
            copy.transform.bounds = QSizeF(w, h);
        } else if (boxedItem) {
            // The same place relative to the program's safe area (made for 9:16 apps' buttons) mapped onto
            // the 16:9 frame inside its graphics-safe 5 % (words centred there stay centred), its size
            // scaled by the smaller ratio.
            const QPointF centre(to.left() + (box.center().x() - fromSafe.left()) * to.width() / fromSafe.width(),
                to.top() + (box.center().y() - fromSafe.top()) * to.height() / fromSafe.height());
            const QSizeF size = box.size() * s;
            copy.transform.pos = QPointF(centre.x() - size.width() / 2, centre.y() - size.height() / 2);
            copy.transform.bounds = size;
        } else {
            copy.transform.pos = QPointF(item.transform.pos.x() * sx, item.transform.pos.y() * sy);
            copy.transform.scale = item.transform.scale * s;
        }
        twin.items.append(copy);
    }
    return twin;
}

} // namespace pinstage
