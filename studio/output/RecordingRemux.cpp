// SPDX-License-Identifier: GPL-2.0-or-later
#include "output/RecordingRemux.h"

#include "util/Plural.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/log.h>
#include <libavutil/mathematics.h>
}

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace pinstage::RecordingRemux {

namespace {

    constexpr AVRational kMs { 1, 1000 };

    QString name(const QString& file)
    {
        return QDir::toNativeSeparators(file);
    }

    QString avError(int code)
    {
        char text[AV_ERROR_MAX_STRING_SIZE] = {};
        av_strerror(code, text, sizeof text);
        return QString::fromUtf8(text);
    }

    struct InputCloser {
        void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
    };
    using Input = std::unique_ptr<AVFormatContext, InputCloser>;

    struct OutputCloser {
        void operator()(AVFormatContext* c) const
        {
            if (c && c->pb && !(c->oformat->flags & AVFMT_NOFILE))
                avio_closep(&c->pb);
            avformat_free_context(c);
        }
    };
    using Output = std::unique_ptr<AVFormatContext, OutputCloser>;

    struct PacketFree {
        void operator()(AVPacket* p) const { av_packet_free(&p); }
    };
    using Packet = std::unique_ptr<AVPacket, PacketFree>;

    Input openInput(const QString& file, QString* error)
    {
        if (!QFileInfo::exists(file)) {
            *error = QStringLiteral("%1: the file does not exist").arg(name(file));
            return {};
        }
        AVFormatContext* raw = nullptr;
        int rc = avformat_open_input(&raw, QFile::encodeName(file).constData(), nullptr, nullptr);
        if (rc < 0) {
            *error = QStringLiteral("%1: cannot open it as a video: %2").arg(name(file), avError(rc));
            return {};
        }
        Input in(raw);
        rc = avformat_find_stream_info(in.get(), nullptr);
        if (rc < 0) {
            *error = QStringLiteral("%1: cannot read its streams: %2").arg(name(file), avError(rc));
            return {};
        }
        return in;
    }

    /// An MP4 output at FILE with a copy of INPUT's audio and video streams; MAP[i] is the output
    /// index of input stream i (-1: left out).
    Output openOutput(const QString& file, AVFormatContext* input, std::vector<int>* map, QString* error)
    {
        AVFormatContext* raw = nullptr;
        int rc = avformat_alloc_output_context2(&raw, nullptr, "mp4", QFile::encodeName(file).constData());
        if (rc < 0 || !raw) {
            *error = QStringLiteral("%1: cannot make an MP4: %2").arg(name(file), avError(rc));
            return {};
        }
        Output out(raw);
        map->assign(input->nb_streams, -1);
        for (unsigned i = 0; i < input->nb_streams; ++i) {
            const AVStream* s = input->streams[i];
            const AVMediaType type = s->codecpar->codec_type;
            if (type != AVMEDIA_TYPE_VIDEO && type != AVMEDIA_TYPE_AUDIO)
                continue;
            AVStream* o = avformat_new_stream(out.get(), nullptr);
            if (!o || avcodec_parameters_copy(o->codecpar, s->codecpar) < 0) {
                *error = QStringLiteral("%1: cannot copy stream %2").arg(name(file)).arg(i);
                return {};
            }
            o->codecpar->codec_tag = 0; // the MP4's own tag for the codec
            o->time_base = s->time_base;
            (*map)[i] = o->index;
        }
        if (out->nb_streams == 0) {
            *error = QStringLiteral("%1: no audio or video to copy").arg(name(file));
            return {};
        }
        rc = avio_open(&out->pb, QFile::encodeName(file).constData(), AVIO_FLAG_WRITE);
        if (rc < 0) {
            *error = QStringLiteral("%1: cannot write: %2").arg(name(file), avError(rc));
            return {};
        }
        return out;
    }

    bool writeHeader(AVFormatContext* out, const QString& file, QString* error)
    {
        AVDictionary* options = nullptr;
        av_dict_set(&options, "movflags", "+faststart", 0); // the index first: plays while downloading
        const int rc = avformat_write_header(out, &options);
        av_dict_free(&options);
        if (rc < 0) {
            *error = QStringLiteral("%1: cannot write the header: %2").arg(name(file), avError(rc));
            return false;
        }
        return true;
    }

    /// The first video stream, -1 when none.
    int videoStream(const AVFormatContext* c)
    {
        for (unsigned i = 0; i < c->nb_streams; ++i) {
            if (c->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_VIDEO)
                return int(i);
        }
        return -1;
    }

    /// The container's start in ms (its first timestamp), 0 when unknown.
    /// PART renamed to OUTPUT in one step (an OUTPUT there is replaced, never lost first).
    bool replaceWith(const QString& part, const QString& output, QString* error)
    {
        if (std::rename(QFile::encodeName(part).constData(), QFile::encodeName(output).constData()) != 0) {
            *error = QStringLiteral("%1: cannot rename it to %2: %3")
                         .arg(name(part), name(output), QString::fromLocal8Bit(std::strerror(errno)));
            QFile::remove(part);
            return false;
        }
        return true;
    }

    bool cancelled(const std::atomic_bool* cancel)
    {
        return cancel && cancel->load();
    }

    qint64 startMs(const AVFormatContext* c)
    {
        return c->start_time == AV_NOPTS_VALUE ? 0 : av_rescale_q(c->start_time, AV_TIME_BASE_Q, kMs);
    }

} // namespace

namespace {

    std::function<void(const QString&)>& ffmpegWarningSink()
    {
        static std::function<void(const QString&)> sink;
        return sink;
    }

    void ffmpegLog(void*, int level, const char* format, va_list args)
    {
        if (level > AV_LOG_WARNING || level <= AV_LOG_ERROR || !ffmpegWarningSink())
            return; // below a warning: noise; an error: reported by us, naming the file
        char buffer[1024];
        va_list copy;
        va_copy(copy, args);
        std::vsnprintf(buffer, sizeof buffer, format, copy);
        va_end(copy);
        const QString line = QString::fromUtf8(buffer).trimmed();
        if (!line.isEmpty())
            ffmpegWarningSink()(line);
    }

} // namespace

void routeFfmpegLog(std::function<void(const QString&)> warning)
{
    ffmpegWarningSink() = std::move(warning);
    av_log_set_level(AV_LOG_WARNING);
    av_log_set_callback(ffmpegLog);
}

QString mp4PathFor(const QString& recording)
{
    const QFileInfo info(recording);
    const QString suffix = info.suffix().toLower();
    const QString base = info.dir().filePath(info.completeBaseName());
    if (suffix == QLatin1String("mp4") || suffix == QLatin1String("mov"))
        return base + QStringLiteral("-chapters.mp4");
    return base + QStringLiteral(".mp4");
}

QString unusedPath(const QString& path)
{
    if (!QFileInfo::exists(path))
        return path;
    const QFileInfo info(path);
    const QString suffix = info.suffix().isEmpty() ? QString() : QLatin1Char('.') + info.suffix();
    const QString base = info.dir().filePath(info.completeBaseName());
    for (int n = 2;; ++n) {
        QString next = QStringLiteral("%1-%2%3").arg(base).arg(n).arg(suffix);
        if (!QFileInfo::exists(next))
            return next;
    }
}

std::optional<MediaInfo> probe(const QString& file, QString* error, bool keyframes)
{
    Input in = openInput(file, error);
    if (!in)
        return std::nullopt;
    MediaInfo info;
    if (in->duration != AV_NOPTS_VALUE)
        info.durationMs = av_rescale_q(in->duration, AV_TIME_BASE_Q, kMs);
    for (unsigned i = 0; i < in->nb_streams; ++i) {
        const AVMediaType type = in->streams[i]->codecpar->codec_type;
        info.videoStreams += type == AVMEDIA_TYPE_VIDEO;
        info.audioStreams += type == AVMEDIA_TYPE_AUDIO;
    }
    for (unsigned i = 0; i < in->nb_chapters; ++i) {
        const AVChapter* c = in->chapters[i];
        const AVDictionaryEntry* title = av_dict_get(c->metadata, "title", nullptr, 0);
        ShowChapter chapter;
        chapter.startMs = av_rescale_q(c->start, c->time_base, kMs);
        chapter.title = title ? QString::fromUtf8(title->value) : QString();
        info.chapters.append(chapter);
        info.chapterEndsMs.append(av_rescale_q(c->end, c->time_base, kMs));
    }
    const int video = videoStream(in.get());
    if (!keyframes || video < 0)
        return info;
    const qint64 origin = startMs(in.get());
    AVStream* s = in->streams[video];
    // The container's index (an MP4's sample table lists every keyframe).
    const int entries = avformat_index_get_entries_count(s);
    int indexed = 0;
    for (int i = 0; i < entries; ++i) {
        const AVIndexEntry* e = avformat_index_get_entry(s, i);
        if (e && (e->flags & AVINDEX_KEYFRAME)) {
            info.keyframesMs.append(av_rescale_q(e->timestamp, s->time_base, kMs) - origin);
            ++indexed;
        }
    }
    if (indexed >= 2 && indexed < entries)
        return info; // a full index (not only some cues)
    // No index, or only cues: read the packets (no decoding).
    info.keyframesMs.clear();
    Packet packet(av_packet_alloc());
    while (av_read_frame(in.get(), packet.get()) >= 0) {
        if (packet->stream_index == video && (packet->flags & AV_PKT_FLAG_KEY) && packet->pts != AV_NOPTS_VALUE)
            info.keyframesMs.append(av_rescale_q(packet->pts, s->time_base, kMs) - origin);
        av_packet_unref(packet.get());
    }
    std::sort(info.keyframesMs.begin(), info.keyframesMs.end());
    return info;
}

bool toMp4(const QString& input, const QString& output, const QList<ShowChapter>& chapters, const Progress& progress,
    QString* error, const std::atomic_bool* cancel)
{
    Input in = openInput(input, error);
    if (!in)
        return false;
    const qint64 durationMs = in->duration == AV_NOPTS_VALUE ? 0 : av_rescale_q(in->duration, AV_TIME_BASE_Q, kMs);
    const QString part = output + QStringLiteral(".part");
    QFile::remove(part);
    std::vector<int> map;
    Output out = openOutput(part, in.get(), &map, error);
    if (!out)
        return false;

    // The chapters, each to the next one's start (the last to the end). The muxer frees them.
    QList<ShowChapter> list = chapters;
    list.erase(std::remove_if(list.begin(), list.end(),
                   [&](const ShowChapter& c) { return c.startMs < 0 || (durationMs > 0 && c.startMs >= durationMs); }),
        list.end());
    if (!list.isEmpty()) {
        out->chapters = static_cast<AVChapter**>(av_calloc(list.size(), sizeof(AVChapter*)));
        for (int i = 0; i < list.size(); ++i) {
            auto* c = static_cast<AVChapter*>(av_mallocz(sizeof(AVChapter)));
            if (!out->chapters || !c) {
                *error = QStringLiteral("%1: out of memory").arg(name(part));
                return false;
            }
            c->id = i + 1;
            c->time_base = kMs;
            c->start = list.at(i).startMs;
            c->end = i + 1 < list.size() ? list.at(i + 1).startMs : std::max<int64_t>(durationMs, c->start + 1);
            av_dict_set(&c->metadata, "title", list.at(i).title.toUtf8().constData(), 0);
            out->chapters[out->nb_chapters++] = c;
        }
    }
    if (!writeHeader(out.get(), part, error)) {
        out.reset();
        QFile::remove(part);
        return false;
    }

    // Every packet copied, the timestamps moved so the file starts at 0.
    const int64_t origin = in->start_time == AV_NOPTS_VALUE ? 0 : in->start_time;
    Packet packet(av_packet_alloc());
    double reported = 0;
    int rc = 0;
    while ((rc = av_read_frame(in.get(), packet.get())) >= 0) {
        if (cancelled(cancel)) {
            *error
                = QStringLiteral("%1: the remux was cancelled; the recording %2 is kept").arg(name(part), name(input));
            out.reset();
            QFile::remove(part);
            return false;
        }
        const int index = packet->stream_index < int(map.size()) ? map[packet->stream_index] : -1;
        if (index < 0) {
            av_packet_unref(packet.get());
            continue;
        }
        const AVRational from = in->streams[packet->stream_index]->time_base;
        const int64_t offset = av_rescale_q(origin, AV_TIME_BASE_Q, from);
        if (packet->pts != AV_NOPTS_VALUE)
            packet->pts -= offset;
        if (packet->dts != AV_NOPTS_VALUE)
            packet->dts -= offset;
        if (progress && durationMs > 0 && packet->pts != AV_NOPTS_VALUE) {
            const double fraction = std::clamp(double(av_rescale_q(packet->pts, from, kMs)) / durationMs, 0.0, 1.0);
            if (fraction - reported >= 0.01) {
                reported = fraction;
                progress(fraction);
            }
        }
        av_packet_rescale_ts(packet.get(), from, out->streams[index]->time_base);
        packet->stream_index = index;
        packet->pos = -1;
        rc = av_interleaved_write_frame(out.get(), packet.get()); // takes the packet
        if (rc < 0) {
            *error = QStringLiteral("%1: cannot write: %2").arg(name(part), avError(rc));
            out.reset();
            QFile::remove(part);
            return false;
        }
    }
    if (rc != AVERROR_EOF) {
        // A recording cut short by a crash ends in a broken packet: what came before is kept.
        qInfo(
            "%s: reading stopped early (%s); what was read is kept", qPrintable(name(input)), qPrintable(avError(rc)));
    }
    rc = av_write_trailer(out.get());
    out.reset();
    if (rc < 0) {
        *error = QStringLiteral("%1: cannot finish the file: %2").arg(name(part), avError(rc));
        QFile::remove(part);
        return false;
    }

    // Checked before it replaces anything: it opens, with the same streams, length and chapters.
    QString probeError;
    const auto written = probe(part, &probeError);
    const auto fail = [&](const QString& what) {
        *error = QStringLiteral("%1: the remuxed file is not right (%2); the recording %3 is kept")
                     .arg(name(part), what, name(input));
        QFile::remove(part);
        return false;
    };
    if (!written)
        return fail(probeError);
    int videos = 0, audios = 0;
    for (unsigned i = 0; i < in->nb_streams; ++i) {
        videos += in->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_VIDEO;
        audios += in->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO;
    }
    if (written->videoStreams != videos || written->audioStreams != audios)
        return fail(QStringLiteral("%1 video and %2 audio streams instead of %3 and %4")
                        .arg(written->videoStreams)
                        .arg(written->audioStreams)
                        .arg(videos)
                        .arg(audios));
    if (durationMs > 0 && std::abs(written->durationMs - durationMs) > 1000)
        return fail(QStringLiteral("%1 ms long instead of %2 ms").arg(written->durationMs).arg(durationMs));
    if (written->chapters.size() != list.size())
        return fail(QStringLiteral("%1 instead of %2")
                        .arg(countOf(written->chapters.size(), QStringLiteral("chapter"), QStringLiteral("chapters")))
                        .arg(list.size()));
    if (progress)
        progress(1.0);
    return replaceWith(part, output, error);
}

bool cutClip(
    const QString& input, const QString& output, const ClipCut& cut, QString* error, const std::atomic_bool* cancel)
{
    Input in = openInput(input, error);
    if (!in)
        return false;
    const int video = videoStream(in.get());
    if (video < 0) {
        *error = QStringLiteral("%1: no video to cut").arg(name(input));
        return false;
    }
    const qint64 origin = startMs(in.get());
    // From the keyframe at the cut's start (the one at or before it).
    const AVRational videoBase = in->streams[video]->time_base;
    int rc
        = av_seek_frame(in.get(), video, av_rescale_q(origin + cut.startMs, kMs, videoBase) + 1, AVSEEK_FLAG_BACKWARD);
    if (rc < 0) {
        *error = QStringLiteral("%1: cannot seek to %2 ms: %3").arg(name(input)).arg(cut.startMs).arg(avError(rc));
        return false;
    }
    const QString part = output + QStringLiteral(".part");
    std::vector<int> map;
    Output out = openOutput(part, in.get(), &map, error);
    if (!out || !writeHeader(out.get(), part, error)) {
        out.reset();
        QFile::remove(part);
        return false;
    }

    // The clip runs from its first video keyframe at or after the seek point to the video keyframe
    // at its end (not included); audio is kept over the same span. Audio that the file interleaves
    // before that keyframe is held until the clip's start is known, so the clip starts with sound.
    Packet packet(av_packet_alloc());
    int64_t clipStart = AV_NOPTS_VALUE; // in ms of the input's timeline
    const qint64 endMs = origin + cut.endMs;
    bool videoDone = false;
    int audioOpen = 0;
    for (unsigned i = 0; i < in->nb_streams; ++i)
        audioOpen += map[i] >= 0 && int(i) != video;
    std::vector<std::pair<qint64, Packet>> held; // audio read before the first keyframe: (ms, packet)
    const auto fail = [&](const QString& why) {
        *error = why;
        out.reset();
        QFile::remove(part);
        return false;
    };
    const auto write = [&](AVPacket* p) {
        const int s = p->stream_index;
        const AVRational from = in->streams[s]->time_base;
        const int64_t offset = av_rescale_q(clipStart, kMs, from);
        if (p->pts != AV_NOPTS_VALUE)
            p->pts -= offset;
        if (p->dts != AV_NOPTS_VALUE)
            p->dts -= offset;
        av_packet_rescale_ts(p, from, out->streams[map[s]]->time_base);
        p->stream_index = map[s];
        p->pos = -1;
        const int written = av_interleaved_write_frame(out.get(), p); // takes the packet
        if (written < 0)
            return fail(QStringLiteral("%1: cannot write: %2").arg(name(part), avError(written)));
        return true;
    };
    while (!(videoDone && audioOpen <= 0) && (rc = av_read_frame(in.get(), packet.get())) >= 0) {
        if (cancelled(cancel))
            return fail(QStringLiteral("%1: cutting the clip was cancelled").arg(name(part)));
        const int s = packet->stream_index;
        const int index = s < int(map.size()) ? map[s] : -1;
        const AVRational from = in->streams[s]->time_base;
        const int64_t pts = packet->pts != AV_NOPTS_VALUE ? packet->pts : packet->dts;
        if (index < 0 || pts == AV_NOPTS_VALUE) {
            av_packet_unref(packet.get());
            continue;
        }
        const qint64 ms = av_rescale_q(pts, from, kMs);
        if (s == video) {
            if (clipStart == AV_NOPTS_VALUE) {
                if (!(packet->flags & AV_PKT_FLAG_KEY) || ms < origin + cut.startMs - 1) {
                    av_packet_unref(packet.get());
                    continue;
                }
                clipStart = ms;
                for (auto& [heldMs, heldPacket] : held) {
                    if (heldMs >= clipStart && heldMs < endMs && !write(heldPacket.get()))
                        return false;
                }
                held.clear();
            }
            if (videoDone || ((packet->flags & AV_PKT_FLAG_KEY) && ms >= endMs - 1)) {
                videoDone = true;
                av_packet_unref(packet.get());
                continue;
            }
        } else {
            if (clipStart == AV_NOPTS_VALUE) {
                if (ms >= origin + cut.startMs - 1000) // the clip starts at most a keyframe before
                    held.emplace_back(ms, Packet(av_packet_clone(packet.get())));
                av_packet_unref(packet.get());
                continue;
            }
            if (ms < clipStart) {
                av_packet_unref(packet.get());
                continue;
            }
            if (ms >= endMs) {
                --audioOpen;
                map[s] = -1; // this stream is done
                av_packet_unref(packet.get());
                continue;
            }
        }
        if (!write(packet.get()))
            return false;
    }
    if (rc < 0 && rc != AVERROR_EOF && !(videoDone && audioOpen <= 0))
        return fail(QStringLiteral("%1: cannot read on after %2 ms (%3): the clip %4 would end early")
                        .arg(name(input))
                        .arg(clipStart == AV_NOPTS_VALUE ? cut.startMs : clipStart - origin)
                        .arg(avError(rc), name(output)));
    if (clipStart == AV_NOPTS_VALUE)
        return fail(QStringLiteral("%1: no keyframe at %2 ms").arg(name(input)).arg(cut.startMs));
    rc = av_write_trailer(out.get());
    out.reset();
    if (rc < 0) {
        *error = QStringLiteral("%1: cannot finish the file: %2").arg(name(part), avError(rc));
        QFile::remove(part);
        return false;
    }
    return replaceWith(part, output, error);
}

} // namespace pinstage::RecordingRemux
