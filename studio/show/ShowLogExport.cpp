// SPDX-License-Identifier: GPL-2.0-or-later
#include "show/ShowLogExport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace pinstage::ShowLogExport {

namespace {

    QString productTitle(const QJsonObject& fields)
    {
        const QString title = fields.value(QLatin1String("title")).toString().trimmed();
        const QString variant = fields.value(QLatin1String("variant")).toString().trimmed();
        if (title.isEmpty())
            return fields.value(QLatin1String("code")).toString();
        return variant.isEmpty() ? title : title + QStringLiteral(" – ") + variant;
    }

    /// "MM:SS" below an hour, "H:MM:SS" from there on.
    QString chapterTime(qint64 ms)
    {
        const qint64 seconds = std::max<qint64>(0, ms) / 1000;
        const qint64 h = seconds / 3600;
        const qint64 m = (seconds / 60) % 60;
        const qint64 s = seconds % 60;
        if (h > 0)
            return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
        return QStringLiteral("%1:%2").arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
    }

    /// "H:MM:SS.mmm", with a leading '-' before the video started.
    QString streamTime(qint64 ms)
    {
        const QString sign = ms < 0 ? QStringLiteral("-") : QString();
        const qint64 a = std::abs(ms);
        return sign
            + QStringLiteral("%1:%2:%3.%4")
                  .arg(a / 3600000)
                  .arg((a / 60000) % 60, 2, 10, QLatin1Char('0'))
                  .arg((a / 1000) % 60, 2, 10, QLatin1Char('0'))
                  .arg(a % 1000, 3, 10, QLatin1Char('0'));
    }

    QByteArray csvField(const QString& value)
    {
        QByteArray utf8 = value.toUtf8();
        if (utf8.contains(',') || utf8.contains('"') || utf8.contains('\n') || utf8.contains('\r')) {
            utf8.replace('"', "\"\"");
            return '"' + utf8 + '"';
        }
        return utf8;
    }

} // namespace

std::optional<QList<ShowLogEntry>> read(const QString& path, QString* error, QString* warning)
{
    const QString name = QDir::toNativeSeparators(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot read the show log: %2").arg(name, file.errorString());
        return std::nullopt;
    }
    const QByteArray data = file.readAll();
    const QList<QByteArray> lines = data.split('\n');
    QList<ShowLogEntry> entries;
    qint64 resumeOffset = 0; // added to t_ms after a "resumed" event
    qint64 lastMs = 0;
    for (int i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        QJsonParseError parseError {};
        const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
        const bool last = i == lines.size() - 1; // no newline after it
        if (parseError.error != QJsonParseError::NoError && last) {
            if (warning)
                *warning = QStringLiteral("%1:%2: the last line is incomplete (the show was interrupted while "
                                          "writing it); it was left out")
                               .arg(name)
                               .arg(i + 1);
            break;
        }
        const QString where = QStringLiteral("%1:%2").arg(name).arg(i + 1);
        if (parseError.error != QJsonParseError::NoError) {
            *error = QStringLiteral("%1: not a JSON object (%2 at column %3)")
                         .arg(where, parseError.errorString())
                         .arg(parseError.offset + 1);
            return std::nullopt;
        }
        if (!doc.isObject()) {
            *error = QStringLiteral("%1: not a JSON object").arg(where);
            return std::nullopt;
        }
        const QJsonObject object = doc.object();
        if (!object.value(QLatin1String("t_ms")).isDouble()) {
            *error = QStringLiteral("%1: field 't_ms' is missing or not a number").arg(where);
            return std::nullopt;
        }
        if (!object.value(QLatin1String("event")).isString()
            || object.value(QLatin1String("event")).toString().isEmpty()) {
            *error = QStringLiteral("%1: field 'event' is missing or not a string").arg(where);
            return std::nullopt;
        }
        ShowLogEntry entry;
        entry.line = i + 1;
        entry.tMs = qint64(object.value(QLatin1String("t_ms")).toDouble());
        // A resumed run restarts the stream clock: its times go on from the interrupted part's last.
        if (object.value(QLatin1String("event")).toString() == QLatin1String("resumed"))
            resumeOffset = lastMs - entry.tMs;
        entry.tMs += resumeOffset;
        lastMs = std::max(lastMs, entry.tMs);
        entry.at = object.value(QLatin1String("at")).toString();
        entry.event = object.value(QLatin1String("event")).toString();
        entry.fields = object;
        entries.append(entry);
    }
    return entries;
}

qint64 videoStartMs(const QList<ShowLogEntry>& entries)
{
    for (const char* start : { "live", "rehearsal_started", "recording_started" }) {
        for (const ShowLogEntry& e : entries) {
            if (e.event == QLatin1String(start))
                return e.tMs;
        }
    }
    return 0;
}

namespace {

    /// Adds the chapter a "pin" at T opens to RAW (see chapters()); ON_AIR_CODE is the product on air.
    void addPin(QList<ShowChapter>& raw, QString& onAirCode, const ShowLogEntry& e, qint64 t)
    {
        const QString code = e.fields.value(QLatin1String("code")).toString();
        if (!code.isEmpty() && code == onAirCode)
            return; // the same product again (a repaint, a price change): no new chapter
        onAirCode = code;
        const QString title = productTitle(e.fields);
        if (title == raw.constLast().title)
            return;
        const ShowChapter chapter { t, title, e.fields.value(QLatin1String("sku")).toString(), code };
        if (t == raw.constLast().startMs)
            raw.last() = chapter; // at the same moment: the later one is what viewers saw
        else
            raw.append(chapter);
    }

    /// Every chapter lasts at least MINIMUMMS. A short chapter followed by a long one (the intro, a
    /// pin corrected at once) gives way to it: the long one starts earlier. A short one followed by
    /// another short one (a quick run of products) is absorbed by the chapter before it, which keeps
    /// the title viewers saw at its start. A short last chapter goes into the one before.
    QList<ShowChapter> merge(const QList<ShowChapter>& raw, qint64 endMs, qint64 minimumMs)
    {
        QList<ShowChapter> kept;
        for (int i = 0; i < raw.size(); ++i) {
            const ShowChapter& c = raw.at(i);
            if (kept.isEmpty()) {
                kept.append(c);
                continue;
            }
            if (c.startMs - kept.constLast().startMs < minimumMs) {
                const qint64 end = i + 1 < raw.size() ? raw.at(i + 1).startMs : endMs;
                if (end - c.startMs < minimumMs)
                    continue; // short too: the chapter before runs on
                const qint64 start = kept.constLast().startMs;
                kept.last() = c; // the long one starts where the short one did
                kept.last().startMs = start;
                if (kept.size() > 1 && kept.at(kept.size() - 2).title == c.title)
                    kept.removeLast();
                continue;
            }
            if (kept.constLast().title == c.title)
                continue;
            kept.append(c);
        }
        if (kept.size() > 1 && endMs - kept.constLast().startMs < minimumMs)
            kept.removeLast();
        if (!kept.isEmpty())
            kept.first().startMs = 0;
        return kept;
    }

} // namespace

QList<ShowChapter> chapters(const QList<ShowLogEntry>& entries, qint64 minimumMs, const QString& intro)
{
    const qint64 origin = videoStartMs(entries);
    qint64 endMs = 0;
    QList<ShowChapter> raw { { 0, intro, {}, {} } };
    QString onAirCode;
    for (const ShowLogEntry& e : entries) {
        const qint64 t = std::max<qint64>(0, e.tMs - origin);
        endMs = std::max(endMs, t);
        if (e.event == QLatin1String("unpin")) {
            onAirCode.clear();
            continue;
        }
        if (e.event == QLatin1String("pin"))
            addPin(raw, onAirCode, e, t);
    }
    return merge(raw, endMs, minimumMs);
}

QList<ShowChapter> recordingChapters(const QList<ShowLogEntry>& entries, const QString& recordingFile, qint64 minimumMs,
    const QString& intro, QString* error)
{
    // The recording's part of the log: from its "recording_started" to the next stop or start.
    const auto sameFile = [&](const ShowLogEntry& e) {
        if (recordingFile.isEmpty())
            return true;
        const QString logged = e.fields.value(QLatin1String("file")).toString();
        return QFileInfo(logged).absoluteFilePath() == QFileInfo(recordingFile).absoluteFilePath()
            || (!logged.isEmpty() && QFileInfo(logged).fileName() == QFileInfo(recordingFile).fileName());
    };
    int first = -1;
    for (int i = 0; i < entries.size(); ++i) {
        if (entries.at(i).event == QLatin1String("recording_started") && sameFile(entries.at(i))) {
            first = i;
            break;
        }
    }
    if (first < 0) {
        if (error)
            *error = recordingFile.isEmpty()
                ? QStringLiteral("the show log has no \"recording_started\" event: nothing was recorded")
                : QStringLiteral("the show log has no \"recording_started\" event for %1")
                      .arg(QDir::toNativeSeparators(recordingFile));
        return {};
    }
    const qint64 startMs = entries.at(first).tMs;
    QList<ShowChapter> raw { { 0, intro, {}, {} } };
    QString onAirCode;
    // What was on air when the recording started.
    for (int i = 0; i < first; ++i) {
        const ShowLogEntry& e = entries.at(i);
        if (e.event == QLatin1String("unpin")) {
            onAirCode.clear();
            raw = { { 0, intro, {}, {} } };
        } else if (e.event == QLatin1String("pin")) {
            addPin(raw, onAirCode, e, 0);
        } else if (e.event == QLatin1String("run_started") || e.event == QLatin1String("resumed")) {
            onAirCode.clear(); // a new run (or the app restarted): nothing is on air yet
            raw = { { 0, intro, {}, {} } };
        }
    }
    qint64 endMs = 0;
    for (int i = first + 1; i < entries.size(); ++i) {
        const ShowLogEntry& e = entries.at(i);
        if (e.event == QLatin1String("recording_started") || e.event == QLatin1String("resumed"))
            break; // another recording (a resumed run records into FILE-2.EXT)
        const QJsonValue rec = e.fields.value(QLatin1String("rec_ms"));
        const qint64 t = std::max<qint64>(0, rec.isDouble() ? qint64(rec.toDouble()) : e.tMs - startMs);
        endMs = std::max(endMs, t);
        if (e.event == QLatin1String("recording_stopped"))
            break;
        if (e.event == QLatin1String("unpin"))
            onAirCode.clear();
        else if (e.event == QLatin1String("pin"))
            addPin(raw, onAirCode, e, t);
    }
    return merge(raw, endMs, minimumMs);
}

QString chaptersText(const QList<ShowChapter>& list)
{
    QString text;
    for (const ShowChapter& c : list)
        text += chapterTime(c.startMs) + QLatin1Char(' ') + c.title + QLatin1Char('\n');
    return text;
}

QByteArray toCsv(const QList<ShowLogEntry>& entries)
{
    const qint64 origin = videoStartMs(entries);
    QByteArray out = "stream_time,t_ms,at,event,title,sku,details\r\n";
    for (const ShowLogEntry& e : entries) {
        QJsonObject details = e.fields;
        for (const char* known : { "t_ms", "at", "event", "title", "sku" })
            details.remove(QLatin1String(known));
        const QString sku = e.fields.value(QLatin1String("sku")).toString();
        const QString title = e.fields.contains(QLatin1String("title")) ? productTitle(e.fields) : QString();
        out += csvField(streamTime(e.tMs - origin)) + ',' + QByteArray::number(e.tMs) + ',' + csvField(e.at) + ','
            + csvField(e.event) + ',' + csvField(title) + ',' + csvField(sku) + ','
            + csvField(details.isEmpty() ? QString()
                                         : QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact)))
            + "\r\n";
    }
    return out;
}

QByteArray toJson(const QList<ShowLogEntry>& entries)
{
    QJsonArray events;
    for (const ShowLogEntry& e : entries)
        events.append(e.fields);
    QJsonArray chapterArray;
    for (const ShowChapter& c : chapters(entries))
        chapterArray.append(
            QJsonObject { { "start_ms", c.startMs }, { "time", chapterTime(c.startMs) }, { "title", c.title } });
    const QJsonObject root { { "video_start_ms", videoStartMs(entries) }, { "events", events },
        { "chapters", chapterArray } };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace pinstage::ShowLogExport
