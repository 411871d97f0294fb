// SPDX-License-Identifier: GPL-2.0-or-later
#include "scene/CollectionFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>
#include <QSet>

#include <cmath>

namespace pinstage {
namespace {

    const QStringList kBoundsTypes = { QStringLiteral("none"), QStringLiteral("stretch"), QStringLiteral("scale_inner"),
        QStringLiteral("scale_outer"), QStringLiteral("scale_to_width"), QStringLiteral("scale_to_height"),
        QStringLiteral("max_only") };

    // Collects the first error with the path of the field it is about.
    struct Reader {
        QString where;
        QString error;

        bool fail(const QString& field, const QString& why)
        {
            if (error.isEmpty())
                error = QStringLiteral("%1: %2: %3").arg(where, field, why);
            return false;
        }

        bool string(const QJsonObject& o, const QString& path, const char* key, QString* out, bool required = true)
        {
            const QJsonValue v = o.value(QLatin1String(key));
            if (v.isUndefined() && !required)
                return true;
            if (!v.isString() || (required && v.toString().trimmed().isEmpty()))
                return fail(path + QLatin1Char('.') + QLatin1String(key), QStringLiteral("expected a non-empty text"));
            *out = v.toString();
            return true;
        }

        bool number(const QJsonObject& o, const QString& path, const char* key, double* out, double min, double max)
        {
            const QJsonValue v = o.value(QLatin1String(key));
            if (v.isUndefined())
                return true;
            if (!v.isDouble() || !std::isfinite(v.toDouble()) || v.toDouble() < min || v.toDouble() > max)
                return fail(path + QLatin1Char('.') + QLatin1String(key),
                    QStringLiteral("expected a number from %1 to %2").arg(min).arg(max));
            *out = v.toDouble();
            return true;
        }

        bool boolean(const QJsonObject& o, const QString& path, const char* key, bool* out)
        {
            const QJsonValue v = o.value(QLatin1String(key));
            if (v.isUndefined())
                return true;
            if (!v.isBool())
                return fail(path + QLatin1Char('.') + QLatin1String(key), QStringLiteral("expected true or false"));
            *out = v.toBool();
            return true;
        }

        bool object(const QJsonObject& o, const QString& path, const char* key, QJsonObject* out)
        {
            const QJsonValue v = o.value(QLatin1String(key));
            if (v.isUndefined())
                return true;
            if (!v.isObject())
                return fail(path + QLatin1Char('.') + QLatin1String(key), QStringLiteral("expected an object"));
            *out = v.toObject();
            return true;
        }

        bool array(const QJsonObject& o, const QString& path, const char* key, QJsonArray* out)
        {
            const QJsonValue v = o.value(QLatin1String(key));
            if (!v.isArray())
                return fail(path.isEmpty() ? QLatin1String(key) : path + QLatin1Char('.') + QLatin1String(key),
                    QStringLiteral("expected a list"));
            *out = v.toArray();
            return true;
        }
    };

    constexpr double kMaxCoordinate = 1e6;

    bool readTransform(Reader& r, const QJsonObject& o, const QString& path, ItemTransform* t)
    {
        QJsonObject pos, scale, bounds, crop;
        if (!r.object(o, path, "pos", &pos) || !r.object(o, path, "scale", &scale)
            || !r.object(o, path, "bounds", &bounds) || !r.object(o, path, "crop", &crop))
            return false;
        double x = 0, y = 0, sx = 1, sy = 1, rot = 0, bw = 0, bh = 0, align = 0, cl = 0, ct = 0, cr = 0, cb = 0;
        const QString p = path + QStringLiteral(".pos"), s = path + QStringLiteral(".scale"),
                      b = path + QStringLiteral(".bounds"), c = path + QStringLiteral(".crop");
        if (!r.number(pos, p, "x", &x, -kMaxCoordinate, kMaxCoordinate)
            || !r.number(pos, p, "y", &y, -kMaxCoordinate, kMaxCoordinate) || !r.number(scale, s, "x", &sx, -1000, 1000)
            || !r.number(scale, s, "y", &sy, -1000, 1000) || !r.number(o, path, "rotation", &rot, -360, 360)
            || !r.number(bounds, b, "width", &bw, 0, kMaxCoordinate)
            || !r.number(bounds, b, "height", &bh, 0, kMaxCoordinate)
            || !r.number(bounds, b, "alignment", &align, 0, 255) || !r.number(crop, c, "left", &cl, 0, 65535)
            || !r.number(crop, c, "top", &ct, 0, 65535) || !r.number(crop, c, "right", &cr, 0, 65535)
            || !r.number(crop, c, "bottom", &cb, 0, 65535))
            return false;
        QString type = QStringLiteral("none");
        if (!r.string(bounds, b, "type", &type, false))
            return false;
        if (!kBoundsTypes.contains(type))
            return r.fail(b + QStringLiteral(".type"),
                QStringLiteral("'%1' is not one of %2").arg(type, kBoundsTypes.join(QLatin1String(", "))));
        t->pos = { x, y };
        t->scale = { sx, sy };
        t->rotation = rot;
        t->boundsType = type;
        t->bounds = { bw, bh };
        t->boundsAlignment = static_cast<int>(align);
        t->crop = QMargins(int(cl), int(ct), int(cr), int(cb));
        return r.boolean(o, path, "visible", &t->visible) && r.boolean(o, path, "locked", &t->locked);
    }

    bool readSource(Reader& r, const QJsonObject& o, const QString& path, SourceDocument* s)
    {
        double channel = 0;
        if (!r.string(o, path, "name", &s->name) || !r.string(o, path, "type", &s->type)
            || !r.object(o, path, "settings", &s->settings) || !r.number(o, path, "volume_db", &s->volumeDb, -100, 26)
            || !r.boolean(o, path, "muted", &s->muted) || !r.number(o, path, "output_channel", &channel, 0, 6))
            return false;
        if (channel != std::floor(channel) || (channel == 0 && o.contains(QLatin1String("output_channel"))))
            return r.fail(
                path + QStringLiteral(".output_channel"), QStringLiteral("expected a whole number from 1 to 6"));
        s->outputChannel = static_cast<int>(channel);
        return true;
    }

    // Cross-checks names: unique sources and scenes, items naming a source, a valid current scene.
    bool validate(Reader& r, CollectionDocument& doc)
    {
        QSet<QString> sources;
        for (int i = 0; i < doc.sources.size(); ++i) {
            if (sources.contains(doc.sources.at(i).name))
                return r.fail(QStringLiteral("sources[%1].name").arg(i),
                    QStringLiteral("a second source named '%1'").arg(doc.sources.at(i).name));
            sources.insert(doc.sources.at(i).name);
        }
        if (doc.scenes.isEmpty())
            return r.fail(QStringLiteral("scenes"), QStringLiteral("the collection has no scene"));
        QSet<QString> scenes;
        for (int i = 0; i < doc.scenes.size(); ++i) {
            const SceneDocument& scene = doc.scenes.at(i);
            if (scenes.contains(scene.name))
                return r.fail(QStringLiteral("scenes[%1].name").arg(i),
                    QStringLiteral("a second scene named '%1'").arg(scene.name));
            scenes.insert(scene.name);
            QSet<QString> inScene;
            for (int j = 0; j < scene.items.size(); ++j) {
                const QString& name = scene.items.at(j).source;
                const QString field = QStringLiteral("scenes[%1].items[%2].source").arg(i).arg(j);
                if (!sources.contains(name))
                    return r.fail(field, QStringLiteral("no source is named '%1'").arg(name));
                if (inScene.contains(name))
                    return r.fail(field, QStringLiteral("'%1' is already in scene '%2'").arg(name, scene.name));
                inScene.insert(name);
            }
        }
        if (doc.currentScene.isEmpty())
            doc.currentScene = doc.scenes.first().name;
        else if (!scenes.contains(doc.currentScene))
            return r.fail(
                QStringLiteral("current_scene"), QStringLiteral("no scene is named '%1'").arg(doc.currentScene));
        if (doc.transition != QLatin1String("cut") && doc.transition != QLatin1String("fade"))
            return r.fail(QStringLiteral("transition.type"),
                QStringLiteral("expected \"cut\" or \"fade\", got '%1'").arg(doc.transition));
        return true;
    }

    bool readCanvas(Reader& r, const QJsonObject& o, CollectionDocument* doc)
    {
        QJsonObject canvas;
        if (!r.object(o, QString(), "canvas", &canvas))
            return false;
        double w = doc->canvas.width(), h = doc->canvas.height();
        if (!r.number(canvas, QStringLiteral("canvas"), "width", &w, 16, 4096)
            || !r.number(canvas, QStringLiteral("canvas"), "height", &h, 16, 4096))
            return false;
        doc->canvas = QSize(int(w), int(h));
        return true;
    }

    bool readVersion2(Reader& r, const QJsonObject& o, CollectionDocument* doc)
    {
        if (!readCanvas(r, o, doc) || !r.string(o, QString(), "current_scene", &doc->currentScene, false))
            return false;
        QJsonObject transition;
        if (!r.object(o, QString(), "transition", &transition))
            return false;
        double ms = doc->transitionMs;
        if (!r.string(transition, QStringLiteral("transition"), "type", &doc->transition, false)
            || !r.number(transition, QStringLiteral("transition"), "duration_ms", &ms, 0, 10000))
            return false;
        doc->transitionMs = int(ms);

        QJsonArray sources, scenes;
        if (!r.array(o, QString(), "sources", &sources) || !r.array(o, QString(), "scenes", &scenes))
            return false;
        for (int i = 0; i < sources.size(); ++i) {
            const QString path = QStringLiteral("sources[%1]").arg(i);
            if (!sources.at(i).isObject())
                return r.fail(path, QStringLiteral("expected an object"));
            SourceDocument s;
            if (!readSource(r, sources.at(i).toObject(), path, &s))
                return false;
            doc->sources.append(s);
        }
        for (int i = 0; i < scenes.size(); ++i) {
            const QString path = QStringLiteral("scenes[%1]").arg(i);
            if (!scenes.at(i).isObject())
                return r.fail(path, QStringLiteral("expected an object"));
            const QJsonObject so = scenes.at(i).toObject();
            SceneDocument scene;
            QJsonArray items;
            if (!r.string(so, path, "name", &scene.name) || !r.array(so, path, "items", &items))
                return false;
            // A scene of the horizontal canvas: "canvas": {"width", "height"} (both required then).
            if (so.contains(QLatin1String("canvas"))) {
                QJsonObject canvas;
                double w = 0, h = 0;
                const QString cpath = path + QStringLiteral(".canvas");
                if (!r.object(so, path, "canvas", &canvas))
                    return false;
                if (!canvas.contains(QLatin1String("width")) || !canvas.contains(QLatin1String("height")))
                    return r.fail(cpath, QStringLiteral("expected an object with width and height"));
                if (!r.number(canvas, cpath, "width", &w, 16, 4096) || !r.number(canvas, cpath, "height", &h, 16, 4096))
                    return false;
                scene.canvas = QSize(int(w), int(h));
            }
            for (int j = 0; j < items.size(); ++j) {
                const QString ipath = QStringLiteral("%1.items[%2]").arg(path).arg(j);
                if (!items.at(j).isObject())
                    return r.fail(ipath, QStringLiteral("expected an object"));
                SceneItemDocument item;
                if (!r.string(items.at(j).toObject(), ipath, "source", &item.source)
                    || !readTransform(r, items.at(j).toObject(), ipath, &item.transform))
                    return false;
                scene.items.append(item);
            }
            doc->scenes.append(scene);
        }
        return true;
    }

    // Version 1 kept every source inside its scene with a box (x, y, width, height) that the source
    // was fitted into, and had no audio, transitions or canvas object ("canvas": "WxH").
    bool readVersion1(Reader& r, const QJsonObject& o, CollectionDocument* doc)
    {
        const QJsonValue canvas = o.value(QLatin1String("canvas"));
        if (!canvas.isUndefined()) {
            const QStringList wh = canvas.toString().split(QLatin1Char('x'));
            if (wh.size() != 2 || wh.at(0).toInt() < 16 || wh.at(1).toInt() < 16)
                return r.fail(
                    QStringLiteral("canvas"), QStringLiteral("expected WIDTHxHEIGHT, got '%1'").arg(canvas.toString()));
            doc->canvas = QSize(wh.at(0).toInt(), wh.at(1).toInt());
        }
        if (!r.string(o, QString(), "start_scene", &doc->currentScene, false))
            return false;
        QJsonArray scenes;
        if (!r.array(o, QString(), "scenes", &scenes))
            return false;
        for (int i = 0; i < scenes.size(); ++i) {
            const QString path = QStringLiteral("scenes[%1]").arg(i);
            const QJsonObject so = scenes.at(i).toObject();
            SceneDocument scene;
            QJsonArray entries;
            if (!r.string(so, path, "name", &scene.name) || !r.array(so, path, "sources", &entries))
                return false;
            for (int j = 0; j < entries.size(); ++j) {
                const QString spath = QStringLiteral("%1.sources[%2]").arg(path).arg(j);
                const QJsonObject e = entries.at(j).toObject();
                SourceDocument s;
                if (!r.string(e, spath, "name", &s.name) || !r.string(e, spath, "type", &s.type)
                    || !r.object(e, spath, "settings", &s.settings))
                    return false;
                double x = 0, y = 0, w = 0, h = 0;
                if (!r.number(e, spath, "x", &x, -kMaxCoordinate, kMaxCoordinate)
                    || !r.number(e, spath, "y", &y, -kMaxCoordinate, kMaxCoordinate)
                    || !r.number(e, spath, "width", &w, 0, kMaxCoordinate)
                    || !r.number(e, spath, "height", &h, 0, kMaxCoordinate))
                    return false;
                SceneItemDocument item;
                item.source = s.name;
                item.transform.pos = { x, y };
                if (w > 0 && h > 0) {
                    item.transform.boundsType = QStringLiteral("scale_inner");
                    item.transform.bounds = { w, h };
                }
                if (!r.boolean(e, spath, "visible", &item.transform.visible))
                    return false;
                // Sources were per scene; one of the same name in two scenes was the same source.
                if (const SourceDocument* existing = doc->source(s.name)) {
                    if (existing->type != s.type)
                        return r.fail(spath + QStringLiteral(".name"),
                            QStringLiteral("'%1' is a %2 here and a %3 in an earlier scene")
                                .arg(s.name, s.type, existing->type));
                } else {
                    doc->sources.append(s);
                }
                scene.items.append(item);
            }
            doc->scenes.append(scene);
        }
        // Version 2 added sound: the seller's microphone and the desktop audio, as a new collection has.
        if (!doc->source(QStringLiteral("Microphone")))
            doc->sources.append({ QStringLiteral("Microphone"), QStringLiteral("pulse_input_capture"),
                QJsonObject { { QStringLiteral("device_id"), QStringLiteral("default") } }, 0, false, 3 });
        if (!doc->source(QStringLiteral("Desktop audio")))
            doc->sources.append({ QStringLiteral("Desktop audio"), QStringLiteral("pulse_output_capture"),
                QJsonObject { { QStringLiteral("device_id"), QStringLiteral("default") } }, 0, false, 1 });
        return true;
    }

    QJsonObject transformToJson(const ItemTransform& t)
    {
        QJsonObject o;
        o.insert(QStringLiteral("pos"),
            QJsonObject { { QStringLiteral("x"), t.pos.x() }, { QStringLiteral("y"), t.pos.y() } });
        o.insert(QStringLiteral("scale"),
            QJsonObject { { QStringLiteral("x"), t.scale.x() }, { QStringLiteral("y"), t.scale.y() } });
        o.insert(QStringLiteral("rotation"), t.rotation);
        o.insert(QStringLiteral("bounds"),
            QJsonObject { { QStringLiteral("type"), t.boundsType }, { QStringLiteral("width"), t.bounds.width() },
                { QStringLiteral("height"), t.bounds.height() }, { QStringLiteral("alignment"), t.boundsAlignment } });
        o.insert(QStringLiteral("crop"),
            QJsonObject { { QStringLiteral("left"), t.crop.left() }, { QStringLiteral("top"), t.crop.top() },
                { QStringLiteral("right"), t.crop.right() }, { QStringLiteral("bottom"), t.crop.bottom() } });
        o.insert(QStringLiteral("visible"), t.visible);
        o.insert(QStringLiteral("locked"), t.locked);
        return o;
    }

} // namespace

QString CollectionFile::lineColumn(const QByteArray& data, int offset)
{
    offset = std::clamp(offset, 0, int(data.size()));
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; ++i) {
        if (data.at(i) == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    // Columns count characters, not bytes, so a UTF-8 title before the error does not shift it.
    const int column = QString::fromUtf8(data.mid(lineStart, offset - lineStart)).size() + 1;
    return QStringLiteral("%1:%2").arg(line).arg(column);
}

CollectionFile::Result CollectionFile::read(const QString& path)
{
    Result result;
    QFile file(path);
    if (!file.exists()) {
        result.status = Status::Missing;
        return result;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = QStringLiteral("%1: cannot read the scene collection: %2").arg(path, file.errorString());
        return result;
    }
    const QByteArray data = file.readAll();
    QJsonParseError parseError;
    const QJsonDocument json = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        result.error = QStringLiteral("%1:%2: not a valid scene collection: %3 (the file is left as it is)")
                           .arg(path, lineColumn(data, parseError.offset), parseError.errorString());
        return result;
    }
    if (!json.isObject()) {
        result.error
            = QStringLiteral("%1:1:1: not a valid scene collection: expected a JSON object (the file is left as it is)")
                  .arg(path);
        return result;
    }
    return fromJson(json.object(), path);
}

CollectionFile::Result CollectionFile::fromJson(const QJsonObject& o, const QString& where)
{
    Result result;
    Reader r { where, {} };
    const QJsonValue version = o.value(QLatin1String("version"));
    if (!version.isDouble() || version.toDouble() != std::floor(version.toDouble()) || version.toDouble() < 1) {
        r.fail(QStringLiteral("version"),
            QStringLiteral("expected a whole number from 1 (is this a Pinstage scene collection?)"));
        result.error = r.error;
        return result;
    }
    result.fileVersion = version.toInt();
    if (result.fileVersion > currentVersion) {
        result.error = QStringLiteral("%1: written by a newer Pinstage (scene collection version %2; this one reads up "
                                      "to %3); it is left untouched")
                           .arg(where)
                           .arg(result.fileVersion)
                           .arg(currentVersion);
        return result;
    }
    CollectionDocument doc;
    doc.canvas = QSize(1080, 1920);
    const bool ok = result.fileVersion == 1 ? readVersion1(r, o, &doc) : readVersion2(r, o, &doc);
    if (!ok || !validate(r, doc)) {
        result.error = r.error;
        return result;
    }
    result.document = doc;
    result.status = result.fileVersion < currentVersion ? Status::Migrated : Status::Loaded;
    return result;
}

QJsonObject CollectionFile::toJson(const CollectionDocument& doc)
{
    QJsonArray sources;
    for (const SourceDocument& s : doc.sources) {
        QJsonObject o { { QStringLiteral("name"), s.name }, { QStringLiteral("type"), s.type },
            { QStringLiteral("settings"), s.settings } };
        if (s.volumeDb != 0)
            o.insert(QStringLiteral("volume_db"), s.volumeDb);
        if (s.muted)
            o.insert(QStringLiteral("muted"), true);
        if (s.outputChannel)
            o.insert(QStringLiteral("output_channel"), s.outputChannel);
        sources.append(o);
    }
    QJsonArray scenes;
    for (const SceneDocument& scene : doc.scenes) {
        QJsonArray items;
        for (const SceneItemDocument& item : scene.items) {
            QJsonObject o = transformToJson(item.transform);
            o.insert(QStringLiteral("source"), item.source);
            items.append(o);
        }
        QJsonObject so { { QStringLiteral("name"), scene.name }, { QStringLiteral("items"), items } };
        if (!scene.canvas.isEmpty())
            so.insert(QStringLiteral("canvas"),
                QJsonObject { { QStringLiteral("width"), scene.canvas.width() },
                    { QStringLiteral("height"), scene.canvas.height() } });
        scenes.append(so);
    }
    return QJsonObject {
        { QStringLiteral("format"), QLatin1String(formatName) },
        { QStringLiteral("version"), currentVersion },
        { QStringLiteral("canvas"),
            QJsonObject {
                { QStringLiteral("width"), doc.canvas.width() }, { QStringLiteral("height"), doc.canvas.height() } } },
        { QStringLiteral("current_scene"), doc.currentScene },
        { QStringLiteral("transition"),
            QJsonObject {
                { QStringLiteral("type"), doc.transition }, { QStringLiteral("duration_ms"), doc.transitionMs } } },
        { QStringLiteral("sources"), sources },
        { QStringLiteral("scenes"), scenes },
    };
}

bool CollectionFile::write(const QString& path, const CollectionDocument& document, QString* error)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("%1: cannot write the scene collection: %2").arg(path, file.errorString());
        return false;
    }
    file.write(QJsonDocument(toJson(document)).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        *error = QStringLiteral("%1: cannot write the scene collection: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace pinstage
