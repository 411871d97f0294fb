// SPDX-License-Identifier: GPL-2.0-or-later
#include "ScenesCommand.h"

#include "scene/CollectionFile.h"
#include "scene/DefaultCollection.h"
#include "show/Studio.h"
#include "util/Paths.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace pinstage {
namespace {

    QString describeTransform(const ItemTransform& t)
    {
        QString text = QStringLiteral("at %1,%2").arg(t.pos.x()).arg(t.pos.y());
        if (t.boundsType != QLatin1String("none"))
            text += QStringLiteral(", %1x%2 %3").arg(t.bounds.width()).arg(t.bounds.height()).arg(t.boundsType);
        else if (t.scale != QPointF(1, 1))
            text += QStringLiteral(", scale %1x%2").arg(t.scale.x()).arg(t.scale.y());
        if (t.rotation != 0)
            text += QStringLiteral(", rotated %1°").arg(t.rotation);
        if (!t.crop.isNull())
            text += QStringLiteral(", cropped %1,%2,%3,%4")
                        .arg(t.crop.left())
                        .arg(t.crop.top())
                        .arg(t.crop.right())
                        .arg(t.crop.bottom());
        if (!t.visible)
            text += QStringLiteral(", hidden");
        if (t.locked)
            text += QStringLiteral(", locked");
        return text;
    }

} // namespace

std::optional<ScenesCommand> ScenesCommand::parse(const QStringList& args, QString* error)
{
    ScenesCommand cmd;
    if (args.isEmpty()) {
        *error = QStringLiteral("scenes: expected a command: list (see pinstage scenes --help)");
        return std::nullopt;
    }
    int i = 0;
    const QString& command = args.first();
    if (command == QLatin1String("--help") || command == QLatin1String("-h") || command == QLatin1String("help")) {
        cmd.action = Action::Help;
        return cmd;
    }
    if (command != QLatin1String("list")) {
        *error
            = QStringLiteral("scenes: unknown command '%1' (expected list; see pinstage scenes --help)").arg(command);
        return std::nullopt;
    }
    for (i = 1; i < args.size(); ++i) {
        QString flag = args.at(i);
        QString value;
        bool inlineValue = false;
        if (flag.startsWith(QLatin1String("--")) && flag.contains(QLatin1Char('='))) {
            value = flag.section(QLatin1Char('='), 1);
            flag = flag.section(QLatin1Char('='), 0, 0);
            inlineValue = true;
        }
        if (flag == QLatin1String("--help") || flag == QLatin1String("-h")) {
            cmd.action = Action::Help;
            return cmd;
        }
        if (flag == QLatin1String("--json")) {
            if (inlineValue) {
                *error = QStringLiteral("--json takes no value");
                return std::nullopt;
            }
            cmd.json = true;
            continue;
        }
        if (flag != QLatin1String("--data-dir") && flag != QLatin1String("--scene-collection")) {
            *error = flag.startsWith(QLatin1Char('-'))
                ? QStringLiteral("scenes list: unknown option '%1' (see pinstage scenes --help)").arg(flag)
                : QStringLiteral("scenes list: unexpected argument '%1' (see pinstage scenes --help)").arg(flag);
            return std::nullopt;
        }
        if (!inlineValue) {
            if (i + 1 >= args.size()) {
                *error = QStringLiteral("%1 needs a value").arg(flag);
                return std::nullopt;
            }
            value = args.at(++i);
        }
        if (value.isEmpty()) {
            *error = QStringLiteral("%1: the name is empty").arg(flag);
            return std::nullopt;
        }
        (flag == QLatin1String("--data-dir") ? cmd.dataDir : cmd.sceneCollectionFile) = value;
    }
    return cmd;
}

QString ScenesCommand::usage()
{
    return QStringLiteral(
        "Usage: pinstage scenes list [--json] [--data-dir DIR] [--scene-collection FILE]\n"
        "  Prints the scene collection's scenes, bottom to top with each source's type and place,\n"
        "  and the audio sources heard in every scene. Reads the file only (no display needed).\n"
        "  --data-dir DIR            the data folder (default: ~/.local/share/Pinstage); the collection\n"
        "                            is DIR/scenes.json\n"
        "  --scene-collection FILE   read FILE instead\n"
        "  --json                    print JSON (the collection as saved, plus \"file\" and \"exists\")\n"
        "Exit codes: 0 done, 1 the file is refused (broken, or from a newer Pinstage), 2 bad usage.\n");
}

int runScenesCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QString error;
    const std::optional<ScenesCommand> cmd = ScenesCommand::parse(args, &error);
    if (!cmd) {
        err << "pinstage: " << error << "\n";
        return 2;
    }
    if (cmd->action == ScenesCommand::Action::Help) {
        out << ScenesCommand::usage();
        return 0;
    }
    const QString dataDir = cmd->dataDir.isEmpty() ? defaultDataDir() : cmd->dataDir;
    const QString file
        = cmd->sceneCollectionFile.isEmpty() ? Studio::sceneCollectionPathIn(dataDir) : cmd->sceneCollectionFile;
    const CollectionFile::Result read = CollectionFile::read(file);
    if (read.status == CollectionFile::Status::Refused) {
        err << "pinstage: " << read.error << "\n";
        return 1;
    }
    const bool exists = read.status != CollectionFile::Status::Missing;
    CollectionDocument doc = read.document;
    if (!exists) {
        DefaultCollection::Options defaults;
        defaults.title = QStringLiteral("Pinstage Demo Shop");
        defaults.logoFile = QDir(dataDir).filePath(QStringLiteral("images/logo.png"));
        doc = DefaultCollection::create(defaults);
    }

    if (cmd->json) {
        QJsonObject o = CollectionFile::toJson(doc);
        o.insert(QStringLiteral("file"), file);
        o.insert(QStringLiteral("exists"), exists);
        out << QJsonDocument(o).toJson(QJsonDocument::Compact) << "\n";
        return 0;
    }
    out << "Scene collection " << file;
    if (!exists)
        out << " (not created yet: the default collection a first start creates)";
    else if (read.status == CollectionFile::Status::Migrated)
        out << " (version " << read.fileVersion << ", updated on the next start)";
    out << "\ncanvas " << doc.canvas.width() << "x" << doc.canvas.height() << ", switches by " << doc.transition;
    if (doc.transition == QLatin1String("fade"))
        out << " (" << doc.transitionMs << " ms)";
    out << "\n";
    for (const SceneDocument& scene : std::as_const(doc.scenes)) {
        out << "\n" << scene.name << (scene.name == doc.currentScene ? "  (on the program at start)" : "") << "\n";
        if (scene.items.isEmpty())
            out << "  (empty)\n";
        for (int i = 0; i < scene.items.size(); ++i) {
            const SceneItemDocument& item = scene.items.at(i);
            const SourceDocument* source = doc.source(item.source);
            out << "  " << i + 1 << ". " << item.source << " [" << (source ? source->type : QStringLiteral("?")) << "] "
                << describeTransform(item.transform) << "\n";
        }
    }
    bool heading = false;
    for (const SourceDocument& source : std::as_const(doc.sources)) {
        if (source.outputChannel == 0)
            continue;
        if (!heading)
            out << "\nAudio in every scene\n";
        heading = true;
        out << "  " << source.name << " [" << source.type << "] channel " << source.outputChannel << ", "
            << QString::number(source.volumeDb, 'f', 1) << " dB" << (source.muted ? ", muted" : "");
        const QString device = source.settings.value(QStringLiteral("device_id")).toString();
        if (!device.isEmpty())
            out << ", device " << device;
        out << "\n";
    }
    return 0;
}

} // namespace pinstage
