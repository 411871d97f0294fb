// SPDX-License-Identifier: GPL-2.0-or-later
#include "ShowCommand.h"

#include "catalog/Catalog.h"
#include "output/RemuxJob.h"
#include "show/ShowBook.h"
#include "show/ShowLogExport.h"
#include "util/Paths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace pinstage {

namespace {

    /// The usage of COMMAND alone, or of every command when COMMAND is empty or unknown.
    QString usageText(const QString& command = {})
    {
        const QString create = QStringLiteral(
            "pinstage show create NAME [--add CODE[:SALE_SECONDS]]... [--data-dir DIR]\n"
            "  CODE is a SKU, barcode or pin code of the catalog; SALE_SECONDS starts a flash sale of that many "
            "seconds when the card is taken to air.\n");
        const QString list = QStringLiteral("pinstage show list [--json] [--data-dir DIR]\n"
                                            "  the shows, their queues and how their latest run ended (an "
                                            "interrupted run can be resumed).\n");
        const QString remove = QStringLiteral("pinstage show delete NAME [--data-dir DIR]\n");
        const QString exportText = QStringLiteral(
            "pinstage show export NAME|LOG --format csv|json|chapters [--output FILE] [--data-dir DIR]\n"
            "  writes the show log of the show's latest run: csv (one row per event), json (events and "
            "chapters) or chapters (YouTube description lines); to stdout unless --output FILE.\n");
        if (command == QLatin1String("create"))
            return QStringLiteral("usage: ") + create;
        if (command == QLatin1String("list"))
            return QStringLiteral("usage: ") + list;
        if (command == QLatin1String("delete"))
            return QStringLiteral("usage: ") + remove;
        const QString clipsText = QStringLiteral(
            "pinstage show clips NAME|LOG --recording FILE [--output DIR] [--data-dir DIR]\n"
            "  cuts FILE (the recording, or its MP4) into one clip per product taken to air, at keyframes, "
            "without re-encoding, using the show log LOG (or the latest run of the show NAME); into DIR "
            "(default: FILE's name with -clips, next to it).\n");
        if (command == QLatin1String("export"))
            return QStringLiteral("usage: ") + exportText;
        if (command == QLatin1String("clips"))
            return QStringLiteral("usage: ") + clipsText;
        return QStringLiteral("usage:\n") + create + list + remove + exportText + clipsText;
    }

    int usageError(QTextStream& err, const QString& message, const QString& command = {})
    {
        err << "pinstage show: " << message << "\n" << usageText(command);
        return 2;
    }

    /// "CODE" or "CODE:SECONDS". The last ':' separates the sale length, so a code may hold ':'
    /// only when a sale length follows.
    bool parseAdd(const QString& value, QueueItem* item, QString* error)
    {
        const qsizetype colon = value.lastIndexOf(QLatin1Char(':'));
        QString code = value;
        if (colon >= 0) {
            bool ok = false;
            const int seconds = value.mid(colon + 1).toInt(&ok);
            if (!ok || seconds <= 0 || seconds > ShowBook::maxSaleSeconds) {
                *error = QStringLiteral("--add '%1': the sale length after ':' must be a whole number of seconds "
                                        "from 1 to %2")
                             .arg(value)
                             .arg(ShowBook::maxSaleSeconds);
                return false;
            }
            item->saleSeconds = seconds;
            code = value.left(colon);
        }
        item->code = code.trimmed();
        if (item->code.isEmpty()) {
            *error = QStringLiteral("--add '%1': the product code is empty").arg(value);
            return false;
        }
        return true;
    }

    QJsonObject toJson(const Show& show)
    {
        QJsonArray queue;
        for (const QueueItem& item : show.queue) {
            QJsonObject o { { "position", item.position }, { "code", item.code },
                { "sale_seconds", item.saleSeconds ? QJsonValue(*item.saleSeconds) : QJsonValue() },
                { "template", item.templateName }, { "talking_points", item.talkingPoints },
                { "stock", item.stock ? QJsonValue(*item.stock) : QJsonValue() },
                { "variant_id", item.variantId ? QJsonValue(*item.variantId) : QJsonValue() } };
            queue.append(o);
        }
        return { { "name", show.name }, { "created_at", show.createdAt }, { "updated_at", show.updatedAt },
            { "settings", show.settings }, { "queue", queue } };
    }

    /// How a show's latest run stands: "ended", "interrupted" (never ended: a crash, or still running
    /// in another process; `--resume` continues it) or "never run".
    QString runState(const std::optional<ShowRun>& run)
    {
        if (!run)
            return QStringLiteral("never run");
        return run->endedAt.isEmpty() ? QStringLiteral("interrupted") : QStringLiteral("ended");
    }

    QJsonValue runJson(const std::optional<ShowRun>& run)
    {
        if (!run)
            return QJsonValue();
        return QJsonObject { { "state", runState(run) }, { "started_at", run->startedAt },
            { "ended_at", run->endedAt.isEmpty() ? QJsonValue() : QJsonValue(run->endedAt) },
            { "rehearsal", run->rehearsal } };
    }

    /// show clips: one clip per product of LOG cut from RECORDING into FOLDER.
    int runClips(
        const QString& log, const QString& recording, const QString& folder, QTextStream& out, QTextStream& err)
    {
        if (!QFileInfo(log).isFile()) {
            err << "pinstage show clips: " << QDir::toNativeSeparators(log) << ": the show log does not exist\n";
            return 1;
        }
        // FFmpeg's own lines ("[mp4 @ 0x…] Starting second pass") stay off the terminal; its
        // warnings are said as ours, its errors are in ours (naming the file).
        RecordingRemux::routeFfmpegLog([&err](const QString& line) {
            err << "pinstage show clips: ffmpeg: " << line << "\n";
            err.flush();
        });
        RemuxRequest request;
        request.recording = recording;
        request.showLog = log;
        request.remux = false;
        request.clips = true;
        request.clipsFolder = folder;
        const RemuxResult result = RemuxJob::run(request, [&](const QString& file, const QString& step, double f) {
            if (step == QLatin1String("clips") && f < 1.0) {
                err << "pinstage show clips: cutting " << QDir::toNativeSeparators(file) << "\n";
                err.flush();
            }
        });
        RecordingRemux::routeFfmpegLog({}); // the sink above goes out of use
        if (!result.warning.isEmpty())
            err << "pinstage show clips: " << result.warning << "\n";
        if (!result.ok) {
            err << "pinstage show clips: " << result.error << "\n";
            return 1;
        }
        for (const QString& clip : result.clips)
            out << QDir::toNativeSeparators(clip) << "\n";
        out << "cut " << result.clips.size() << (result.clips.size() == 1 ? " clip" : " clips") << " into "
            << QDir::toNativeSeparators(result.clipsFolder) << " (" << QString::number(result.clipsMs / 1000.0, 'f', 1)
            << " s)\n";
        return 0;
    }

} // namespace

int runShowCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    if (args.isEmpty())
        return usageError(err, QStringLiteral("missing command (create, list, delete, export or clips)"));
    const QString& command = args.first();
    if (command == QLatin1String("help") || command == QLatin1String("--help") || command == QLatin1String("-h")) {
        out << usageText();
        return 0;
    }
    if (command != QLatin1String("create") && command != QLatin1String("list") && command != QLatin1String("delete")
        && command != QLatin1String("export") && command != QLatin1String("clips"))
        return usageError(
            err, QStringLiteral("unknown command '%1' (create, list, delete, export or clips)").arg(command));

    QString dataDir;
    QString name;
    bool json = false;
    QList<QueueItem> items;
    QString format;
    QString output;
    const bool exporting = command == QLatin1String("export");
    const bool clips = command == QLatin1String("clips");
    QString recording;
    for (int i = 1; i < args.size(); ++i) {
        const QString& word = args.at(i);
        if (word == QLatin1String("--help") || word == QLatin1String("-h")) {
            out << usageText(command);
            return 0;
        }
        if (word == QLatin1String("--data-dir")) {
            if (++i >= args.size() || args.at(i).isEmpty())
                return usageError(err, QStringLiteral("--data-dir needs a folder"), command);
            dataDir = args.at(i);
        } else if (word == QLatin1String("--json") && command == QLatin1String("list")) {
            json = true;
        } else if (word == QLatin1String("--add") && command == QLatin1String("create")) {
            if (++i >= args.size())
                return usageError(err, QStringLiteral("--add needs CODE or CODE:SALE_SECONDS"), command);
            QueueItem item;
            QString error;
            if (!parseAdd(args.at(i), &item, &error))
                return usageError(err, error, command);
            items.append(item);
        } else if (word == QLatin1String("--format") && exporting) {
            if (++i >= args.size())
                return usageError(err, QStringLiteral("--format needs csv, json or chapters"), command);
            format = args.at(i);
            if (format != QLatin1String("csv") && format != QLatin1String("json")
                && format != QLatin1String("chapters"))
                return usageError(
                    err, QStringLiteral("--format: expected csv, json or chapters, got '%1'").arg(format), command);
        } else if (word == QLatin1String("--output") && (exporting || clips)) {
            if (++i >= args.size() || args.at(i).isEmpty())
                return usageError(err,
                    clips ? QStringLiteral("--output needs a folder") : QStringLiteral("--output needs a file name"),
                    command);
            output = args.at(i);
        } else if (word == QLatin1String("--recording") && clips) {
            if (++i >= args.size() || args.at(i).isEmpty())
                return usageError(err, QStringLiteral("--recording needs the recording's file"), command);
            recording = args.at(i);
        } else if (word.startsWith(QLatin1String("--"))) {
            return usageError(err, QStringLiteral("unknown option %1 for '%2'").arg(word, command), command);
        } else if (command != QLatin1String("list") && name.isNull()) {
            name = word;
        } else {
            return usageError(err, QStringLiteral("unexpected argument '%1'").arg(word), command);
        }
    }
    if (command != QLatin1String("list") && name.trimmed().isEmpty())
        return usageError(err, QStringLiteral("%1 needs a show NAME").arg(command), command);
    if (exporting && format.isEmpty())
        return usageError(err, QStringLiteral("export needs --format csv, json or chapters"), command);
    if (clips && recording.isEmpty())
        return usageError(
            err, QStringLiteral("clips needs --recording FILE (the show's recording or its MP4)"), command);
    // export LOG: one show log file (a headless run without --show has no show name), like clips.
    const auto exportLog = [&](const QString& logFile, const QString& what) -> int {
        QString error;
        QString warning;
        const auto entries = ShowLogExport::read(logFile, &error, &warning);
        if (!entries) {
            err << "pinstage show export: " << error << "\n";
            return 1;
        }
        if (!warning.isEmpty())
            err << "pinstage show export: " << warning << "\n";
        QByteArray data;
        if (format == QLatin1String("csv"))
            data = ShowLogExport::toCsv(*entries);
        else if (format == QLatin1String("json"))
            data = ShowLogExport::toJson(*entries);
        else
            data = ShowLogExport::streamChaptersText(*entries).toUtf8(); // each stream's, when it went live twice
        if (output.isEmpty()) {
            out << QString::fromUtf8(data);
            out.flush();
            return 0;
        }
        QFile file(output);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(data) != data.size()
            || !file.flush()) {
            err << "pinstage show export: --output " << QDir::toNativeSeparators(output)
                << ": cannot write: " << file.errorString() << "\n";
            return 1;
        }
        out << "exported " << what << " as " << format << " to " << QDir::toNativeSeparators(output) << "\n";
        return 0;
    };
    if (exporting && (QFileInfo(name).isFile() || name.endsWith(QLatin1String(".jsonl"))))
        return exportLog(name, QStringLiteral("the show log %1").arg(QDir::toNativeSeparators(name)));
    // clips LOG: a show log file, no catalog needed.
    if (clips && (QFileInfo(name).isFile() || name.endsWith(QLatin1String(".jsonl"))))
        return runClips(name, recording, output, out, err);

    if (dataDir.isEmpty())
        dataDir = defaultDataDir();
    QString error;
    if (!ensureDir(dataDir, &error)) {
        err << "pinstage show " << command << ": " << error << "\n";
        return 1;
    }
    const auto catalog = Catalog::open(Catalog::pathInDataDir(dataDir), &error);
    if (!catalog) {
        err << "pinstage show " << command << ": " << error << "\n";
        return 1;
    }
    ShowBook book(*catalog);
    if (command == QLatin1String("delete")) {
        const auto show = book.byName(name);
        if (!show) {
            err << "pinstage show delete: there is no show named '" << name.trimmed() << "'\n";
            return 1;
        }
        if (!book.removeShow(show->id)) {
            err << "pinstage show delete: " << book.error() << "\n";
            return 1;
        }
        out << "deleted show '" << show->name << "' and its queue of " << show->queue.size()
            << (show->queue.size() == 1 ? " card" : " cards") << "\n";
        return 0;
    }
    if (clips) {
        const auto show = book.byName(name);
        if (!show) {
            err << "pinstage show clips: there is no show named '" << name.trimmed()
                << "' (and no show log file of that name)\n";
            return 1;
        }
        const auto run = book.latestRun(show->id);
        if (!run || run->logFile.isEmpty()) {
            err << "pinstage show clips: the show '" << show->name << "' has not run yet, so there is no show log\n";
            return 1;
        }
        return runClips(run->logFile, recording, output, out, err);
    }
    if (exporting) {
        const auto show = book.byName(name);
        if (!show) {
            err << "pinstage show export: there is no show named '" << name.trimmed() << "'\n";
            return 1;
        }
        const auto run = book.latestRun(show->id);
        if (!run || run->logFile.isEmpty()) {
            err << "pinstage show export: the show '" << show->name
                << "' has not run yet, so there is no show log to export (pinstage --headless --show NAME runs it)\n";
            return 1;
        }
        return exportLog(run->logFile,
            QStringLiteral("the %1 log of '%2' (%3)")
                .arg(
                    run->rehearsal ? QStringLiteral("rehearsal") : QStringLiteral("show"), show->name, run->startedAt));
    }
    if (command == QLatin1String("create")) {
        if (!book.create(name, items)) {
            err << "pinstage show create: " << book.error() << "; nothing was stored\n";
            return 1;
        }
        out << "created show '" << name.trimmed() << "' with " << items.size()
            << (items.size() == 1 ? " card" : " cards") << " in its queue\n";
        return 0;
    }
    const QList<Show> shows = book.list();
    if (json) {
        QJsonArray array;
        for (const Show& show : shows) {
            QJsonObject o = toJson(show);
            o.insert(QStringLiteral("latest_run"), runJson(book.latestRun(show.id)));
            array.append(o);
        }
        out << QJsonDocument(QJsonObject { { "shows", array } }).toJson(QJsonDocument::Indented);
        return 0;
    }
    if (shows.isEmpty())
        out << "no shows yet (pinstage show create NAME --add CODE ...)\n";
    for (const Show& show : shows) {
        out << show.name << "  (" << show.queue.size() << (show.queue.size() == 1 ? " card" : " cards") << ")";
        const auto run = book.latestRun(show.id);
        if (run && run->endedAt.isEmpty())
            out << "  interrupted " << (run->rehearsal ? "rehearsal" : "run") << " of " << run->startedAt
                << ": --resume continues it";
        else if (run)
            out << "  last " << (run->rehearsal ? "rehearsal" : "run") << " ended " << run->endedAt;
        out << "\n";
        for (const QueueItem& item : show.queue) {
            out << "  " << item.position << ". " << item.code;
            if (const auto v = item.variantId ? catalog->variantById(*item.variantId) : std::nullopt)
                out << "  " << v->productTitle << (v->variantTitle.isEmpty() ? QString() : " – " + v->variantTitle);
            else
                out << "  (no longer in the catalog)";
            if (item.saleSeconds)
                out << "  flash sale " << *item.saleSeconds << " s";
            out << "\n";
        }
    }
    return 0;
}

} // namespace pinstage
