// SPDX-License-Identifier: GPL-2.0-or-later
#include "show/ShowLogExport.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <utility>

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
    QString onAirCode; // the product on air, and since when (for a resume: how long it stayed up)
    qint64 onAirSinceMs = 0;
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
        // A resumed run restarts the stream clock: its times go on from where the interrupted part
        // ended. That is its last line, or later when a card was up: "on_air_ms" says how long
        // the card had been on air when the app stopped (stored every half second).
        const QString event = object.value(QLatin1String("event")).toString();
        if (event == QLatin1String("resumed")) {
            qint64 partEndMs = lastMs;
            const QJsonValue onAir = object.value(QLatin1String("on_air_ms"));
            if (!onAirCode.isEmpty() && object.value(QLatin1String("code")).toString() == onAirCode && onAir.isDouble())
                partEndMs = std::max(partEndMs, onAirSinceMs + qint64(onAir.toDouble()));
            resumeOffset = partEndMs - entry.tMs;
        }
        entry.tMs += resumeOffset;
        lastMs = std::max(lastMs, entry.tMs);
        if (event == QLatin1String("pin")) {
            const QString code = object.value(QLatin1String("code")).toString();
            if (code != onAirCode) {
                onAirCode = code;
                onAirSinceMs = entry.tMs;
            }
        } else if (event == QLatin1String("unpin")) {
            onAirCode.clear();
        }
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

    const QString kBetween = QStringLiteral("Between products");
    const QString kOutro = QStringLiteral("Outro");

    /// The chapters as they happened, before the minimum length is applied: one at every change
    /// of product, and one at every unpin (time without a product: titled by named() once the
    /// whole list is known).
    class RawChapters {
    public:
        explicit RawChapters(QString intro)
            : m_intro(std::move(intro))
        {
            reset();
        }

        /// Nothing on air, from 0 (a new run, or the app restarted).
        void reset()
        {
            m_list = { ShowChapter { 0, m_intro, {}, {}, -1 } };
            m_onAirCode.clear();
        }

        /// A "pin" at T: a new chapter unless the product is on air already.
        void pin(const ShowLogEntry& e, qint64 t)
        {
            const QString code = e.fields.value(QLatin1String("code")).toString();
            if (!code.isEmpty() && code == m_onAirCode)
                return; // the same product again (a repaint, a price change): no new chapter
            m_onAirCode = code;
            const QString title = productTitle(e.fields);
            const QString sku = e.fields.value(QLatin1String("sku")).toString();
            // A pin without a code (never written by Pinstage) still is a product: its title stands in.
            add(ShowChapter { t, title, sku, code.isEmpty() ? title : code, -1 });
        }

        /// An "unpin" at T: the product's chapter ends there, time without a product begins.
        void unpin(qint64 t)
        {
            m_onAirCode.clear();
            if (m_list.constLast().code.isEmpty())
                return; // nothing was on air
            add(ShowChapter { t, QString(), {}, {}, -1 });
        }

        /// The list, time without a product titled: INTRO before the first product, "Outro" after
        /// the last one, "Between products" in between.
        QList<ShowChapter> named() const
        {
            QList<ShowChapter> out = m_list;
            int lastProduct = -1;
            for (int i = 0; i < out.size(); ++i) {
                if (!out.at(i).code.isEmpty())
                    lastProduct = i;
            }
            bool seenProduct = false;
            for (int i = 0; i < out.size(); ++i) {
                ShowChapter& c = out[i];
                if (!c.code.isEmpty()) {
                    seenProduct = true;
                    continue;
                }
                c.title = !seenProduct ? m_intro : (i > lastProduct ? kOutro : kBetween);
            }
            return out;
        }

    private:
        void add(const ShowChapter& chapter)
        {
            ShowChapter& last = m_list.last();
            if (!chapter.code.isEmpty() && !last.code.isEmpty() && chapter.title == last.title)
                return; // the same title (another variant's code of it): the chapter goes on
            if (chapter.startMs == last.startMs) {
                last = chapter; // at the same moment: the later one is what viewers saw
                // Back to what the chapter before was (a pin undone at once): one chapter.
                if (m_list.size() > 1 && m_list.at(m_list.size() - 2).code == chapter.code)
                    m_list.removeLast();
                return;
            }
            m_list.append(chapter);
        }

        QString m_intro;
        QList<ShowChapter> m_list;
        QString m_onAirCode;
    };

    /// Every chapter lasts at least MINIMUMMS. A short chapter followed by a long one (the intro, a
    /// pin corrected at once) gives way to it: the long one starts earlier. A short one followed by
    /// another short one (a quick run of products) is absorbed by the chapter before it, which keeps
    /// the title viewers saw at its start; but short time without a product (an intro of a moment,
    /// a card changed with a pause) gives way to the product after it. A short last chapter goes
    /// into the one before. Each chapter ends where the next starts, the last at ENDMS.
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
                const bool productAfterPause = kept.constLast().code.isEmpty() && !c.code.isEmpty();
                if (end - c.startMs < minimumMs && !productAfterPause)
                    continue; // short too: the chapter before runs on
                const qint64 start = kept.constLast().startMs;
                kept.last() = c; // this one starts where the short one did
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
        for (int i = 0; i < kept.size(); ++i)
            kept[i].endMs = i + 1 < kept.size() ? kept.at(i + 1).startMs : std::max(endMs, kept.at(i).startMs);
        return kept;
    }

    QString baseName(const QString& file)
    {
        return QFileInfo(file).completeBaseName();
    }

} // namespace

RecordingMatch matchRecording(const QString& logged, const QString& file)
{
    if (logged.isEmpty() || file.isEmpty())
        return RecordingMatch::None;
    if (QFileInfo(logged).absoluteFilePath() == QFileInfo(file).absoluteFilePath())
        return RecordingMatch::SameFile;
    const QString loggedBase = baseName(logged);
    const QString fileBase = baseName(file);
    if (!loggedBase.isEmpty() && (fileBase == loggedBase || fileBase == loggedBase + QStringLiteral("-chapters")))
        return RecordingMatch::SameName;
    return RecordingMatch::None;
}

int recordingStart(const QList<ShowLogEntry>& entries, const QString& file, RecordingMatch* match)
{
    int byName = -1;
    for (int i = 0; i < entries.size(); ++i) {
        const ShowLogEntry& e = entries.at(i);
        if (e.event != QLatin1String("recording_started"))
            continue;
        if (file.isEmpty()) {
            if (match)
                *match = RecordingMatch::SameFile;
            return i;
        }
        const RecordingMatch m = matchRecording(e.fields.value(QLatin1String("file")).toString(), file);
        if (m == RecordingMatch::SameFile) {
            if (match)
                *match = m;
            return i;
        }
        if (m == RecordingMatch::SameName && byName < 0)
            byName = i;
    }
    if (match)
        *match = byName < 0 ? RecordingMatch::None : RecordingMatch::SameName;
    return byName;
}

QStringList recordings(const QList<ShowLogEntry>& entries)
{
    QStringList files;
    for (const ShowLogEntry& e : entries) {
        const QString file = e.fields.value(QLatin1String("file")).toString();
        if (e.event == QLatin1String("recording_started") && !file.isEmpty() && !files.contains(file))
            files.append(file);
    }
    return files;
}

QList<QList<ShowLogEntry>> streams(const QList<ShowLogEntry>& entries)
{
    QList<QList<ShowLogEntry>> parts;
    QList<ShowLogEntry> part;
    bool live = false;
    for (const ShowLogEntry& e : entries) {
        part.append(e);
        if (e.event == QLatin1String("live"))
            live = true;
        else if (e.event == QLatin1String("stream_stopped") && live) {
            parts.append(std::exchange(part, {}));
            live = false;
        }
    }
    if (!part.isEmpty()) {
        if (!live && !parts.isEmpty())
            parts.last().append(part); // after the last stream: not a stream of its own
        else
            parts.append(part);
    }
    return parts;
}

QList<QList<ShowChapter>> streamChapters(const QList<ShowLogEntry>& entries, qint64 minimumMs, const QString& intro)
{
    QList<QList<ShowChapter>> lists;
    for (const QList<ShowLogEntry>& part : streams(entries))
        lists.append(chapters(part, minimumMs, intro));
    return lists;
}

QString streamChaptersText(const QList<ShowLogEntry>& entries)
{
    const QList<QList<ShowLogEntry>> parts = streams(entries);
    QString text;
    for (int i = 0; i < parts.size(); ++i) {
        if (i > 0) {
            QString at;
            for (const ShowLogEntry& e : parts.at(i))
                if (e.event == QLatin1String("live")) {
                    at = QDateTime::fromString(e.at, Qt::ISODateWithMs).toString(QStringLiteral("HH:mm:ss"));
                    break;
                }
            text += QStringLiteral("\nStream %1%2:\n")
                        .arg(i + 1)
                        .arg(at.isEmpty() ? QString() : QStringLiteral(" (live at %1)").arg(at));
        }
        text += chaptersText(chapters(parts.at(i)));
    }
    return text;
}

QList<ShowChapter> chapters(const QList<ShowLogEntry>& allEntries, qint64 minimumMs, const QString& intro)
{
    const QList<QList<ShowLogEntry>> parts = streams(allEntries);
    const QList<ShowLogEntry>& entries = parts.isEmpty() ? allEntries : parts.first();
    const qint64 origin = videoStartMs(entries);
    // Lines before the video's start (in file order) are at 00:00: a card staged before a second
    // Go Live carries the show time the first stream ended at.
    qsizetype startIndex = 0;
    for (const char* start : { "live", "rehearsal_started", "recording_started" }) {
        const auto it = std::find_if(entries.cbegin(), entries.cend(),
            [start](const ShowLogEntry& e) { return e.event == QLatin1String(start); });
        if (it != entries.cend()) {
            startIndex = it - entries.cbegin();
            break;
        }
    }
    qint64 endMs = 0;
    RawChapters raw(intro);
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const ShowLogEntry& e = entries.at(i);
        const qint64 t = i < startIndex ? 0 : std::max<qint64>(0, e.tMs - origin);
        endMs = std::max(endMs, t);
        if (e.event == QLatin1String("unpin"))
            raw.unpin(t);
        else if (e.event == QLatin1String("pin"))
            raw.pin(e, t);
    }
    return merge(raw.named(), endMs, minimumMs);
}

QList<ShowChapter> recordingChapters(const QList<ShowLogEntry>& entries, const QString& recordingFile, qint64 minimumMs,
    const QString& intro, QString* error, qint64 recordingMs)
{
    // The recording's part of the log: from its "recording_started" to the next stop or start.
    const int first = recordingStart(entries, recordingFile);
    if (first < 0) {
        if (error)
            *error = recordingFile.isEmpty()
                ? QStringLiteral("the show log has no \"recording_started\" event: nothing was recorded")
                : QStringLiteral("the show log has no \"recording_started\" event for %1")
                      .arg(QDir::toNativeSeparators(recordingFile));
        return {};
    }
    const qint64 startMs = entries.at(first).tMs;
    RawChapters raw(intro);
    // What was on air when the recording started.
    for (int i = 0; i < first; ++i) {
        const ShowLogEntry& e = entries.at(i);
        if (e.event == QLatin1String("unpin") || e.event == QLatin1String("run_started")
            || e.event == QLatin1String("resumed"))
            raw.reset(); // nothing on air (a new run, or the app restarted: not yet)
        else if (e.event == QLatin1String("pin"))
            raw.pin(e, 0);
    }
    qint64 endMs = 0;
    for (int i = first + 1; i < entries.size(); ++i) {
        const ShowLogEntry& e = entries.at(i);
        if (e.event == QLatin1String("resumed")) {
            // The app stopped: the recording ends where read() puts the end of that part.
            endMs = std::max(endMs, e.tMs - startMs);
            break;
        }
        if (e.event == QLatin1String("recording_started"))
            break; // another recording (a resumed run records into FILE-2.EXT)
        const QJsonValue rec = e.fields.value(QLatin1String("rec_ms"));
        const qint64 t = std::max<qint64>(0, rec.isDouble() ? qint64(rec.toDouble()) : e.tMs - startMs);
        endMs = std::max(endMs, t);
        if (e.event == QLatin1String("recording_stopped"))
            break;
        if (e.event == QLatin1String("unpin"))
            raw.unpin(t);
        else if (e.event == QLatin1String("pin"))
            raw.pin(e, t);
    }
    if (recordingMs >= 0)
        endMs = recordingMs;
    return merge(raw.named(), endMs, minimumMs);
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

namespace {

    QJsonArray chapterArray(const QList<ShowChapter>& list)
    {
        QJsonArray array;
        for (const ShowChapter& c : list)
            array.append(QJsonObject { { "start_ms", c.startMs }, { "end_ms", c.endMs },
                { "time", chapterTime(c.startMs) }, { "title", c.title }, { "sku", c.sku } });
        return array;
    }

} // namespace

QByteArray toJson(const QList<ShowLogEntry>& entries)
{
    QJsonArray events;
    for (const ShowLogEntry& e : entries)
        events.append(e.fields);
    QJsonArray recordingArray;
    for (const QString& file : recordings(entries))
        recordingArray.append(
            QJsonObject { { "file", file }, { "chapters", chapterArray(recordingChapters(entries, file)) } });
    QJsonArray streamArray;
    for (const QList<ShowLogEntry>& part : streams(entries)) {
        QString liveAt;
        for (const ShowLogEntry& e : part)
            if (e.event == QLatin1String("live")) {
                liveAt = e.at;
                break;
            }
        streamArray.append(QJsonObject { { "live_at", liveAt }, { "chapters", chapterArray(chapters(part)) } });
    }
    const QJsonObject root { { "video_start_ms", videoStartMs(entries) }, { "events", events },
        { "chapters", chapterArray(chapters(entries)) }, { "recordings", recordingArray }, { "streams", streamArray } };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace pinstage::ShowLogExport
