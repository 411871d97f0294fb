// SPDX-License-Identifier: GPL-2.0-or-later
#include "MediaProbe.h"

#include <QFile>
#include <QPainter>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/error.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <mutex>

namespace pinstage::test {

namespace {

    // RAII owners: each name says which FFmpeg function releases the handle.
    struct InputCloser {
        void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
    };
    struct CodecContextFreer {
        void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
    };
    struct FrameFreer {
        void operator()(AVFrame* f) const { av_frame_free(&f); }
    };
    struct PacketFreer {
        void operator()(AVPacket* p) const { av_packet_free(&p); }
    };
    struct SwsFreer {
        void operator()(SwsContext* c) const { sws_freeContext(c); }
    };
    using InputPtr = std::unique_ptr<AVFormatContext, InputCloser>;
    using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextFreer>;
    using FramePtr = std::unique_ptr<AVFrame, FrameFreer>;
    using PacketPtr = std::unique_ptr<AVPacket, PacketFreer>;
    using SwsPtr = std::unique_ptr<SwsContext, SwsFreer>;

    void quietFfmpeg()
    {
        static std::once_flag once;
        std::call_once(once, [] { av_log_set_level(AV_LOG_ERROR); });
    }

    QString avError(int code)
    {
        char buf[AV_ERROR_MAX_STRING_SIZE] = {};
        av_strerror(code, buf, sizeof buf);
        return QString::fromLocal8Bit(buf);
    }

    bool setError(QString* error, const QString& message)
    {
        if (error)
            *error = message;
        return false;
    }

    InputPtr openInput(const QString& path, QString* error)
    {
        quietFfmpeg();
        AVFormatContext* raw = nullptr; // freed by avformat_open_input on failure
        int rc = avformat_open_input(&raw, QFile::encodeName(path).constData(), nullptr, nullptr);
        if (rc < 0) {
            setError(error, QStringLiteral("cannot open %1: %2").arg(path, avError(rc)));
            return nullptr;
        }
        InputPtr input(raw);
        rc = avformat_find_stream_info(input.get(), nullptr);
        if (rc < 0) {
            setError(error, QStringLiteral("cannot read stream info of %1: %2").arg(path, avError(rc)));
            return nullptr;
        }
        return input;
    }

    double rate(AVRational r)
    {
        return r.num > 0 && r.den > 0 ? av_q2d(r) : 0.0;
    }

    int channelCount(const AVCodecParameters* par)
    {
#if LIBAVUTIL_VERSION_INT >= AV_VERSION_INT(57, 24, 100)
        return par->ch_layout.nb_channels;
#else
        return par->channels;
#endif
    }

    /// The presentation time to use for a packet: pts, else dts.
    int64_t packetTime(const AVPacket* p)
    {
        return p->pts != AV_NOPTS_VALUE ? p->pts : p->dts;
    }

} // namespace

QDebug operator<<(QDebug debug, const MediaInfo& info)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "MediaInfo(" << info.formatName << ", video " << info.videoCodec << ' ' << info.width << 'x'
                    << info.height << " @" << info.frameRate << " (avg " << info.avgFrameRate << ", r "
                    << info.realFrameRate << ", measured " << info.measuredFrameRate << "), " << info.videoFrames
                    << " frames, " << info.keyframeTimes.size() << " keyframes (max gap " << info.maxKeyframeInterval
                    << " s, max frame gap " << info.maxVideoGap << " s at " << info.maxVideoGapAt << "; profile "
                    << info.videoProfile << ", " << info.reorderedVideoPackets << " reordered, delay "
                    << info.videoReorderDelay << "); audio " << info.audioCodec << ' ' << info.sampleRate << " Hz x"
                    << info.channels << "; duration " << info.duration << " s (container " << info.containerDuration
                    << ", packets " << info.packetDuration << "))";
    return debug;
}

std::optional<MediaInfo> MediaProbe::probe(const QString& path, QString* error)
{
    InputPtr input = openInput(path, error);
    if (!input)
        return std::nullopt;

    MediaInfo info;
    info.formatName = QString::fromLatin1(input->iformat->name);
    if (input->duration != AV_NOPTS_VALUE && input->duration > 0)
        info.containerDuration = static_cast<double>(input->duration) / AV_TIME_BASE;

    const int videoIndex = av_find_best_stream(input.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    const int audioIndex = av_find_best_stream(input.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
    AVStream* video = videoIndex >= 0 ? input->streams[videoIndex] : nullptr;
    AVStream* audio = audioIndex >= 0 ? input->streams[audioIndex] : nullptr;
    if (video) {
        const AVCodecParameters* par = video->codecpar;
        info.videoCodec = QString::fromLatin1(avcodec_get_name(par->codec_id));
        info.width = par->width;
        info.height = par->height;
        info.avgFrameRate = rate(video->avg_frame_rate);
        info.realFrameRate = rate(video->r_frame_rate);
        info.frameRate = info.avgFrameRate > 0 ? info.avgFrameRate : info.realFrameRate;
        if (const char* profile = avcodec_profile_name(par->codec_id, par->profile))
            info.videoProfile = QString::fromLatin1(profile);
        info.videoReorderDelay = par->video_delay;
    }
    if (audio) {
        const AVCodecParameters* par = audio->codecpar;
        info.audioCodec = QString::fromLatin1(avcodec_get_name(par->codec_id));
        info.sampleRate = par->sample_rate;
        info.channels = channelCount(par);
    }

    PacketPtr packet(av_packet_alloc());
    if (!packet) {
        setError(error, QStringLiteral("out of memory"));
        return std::nullopt;
    }
    double firstStart = std::numeric_limits<double>::max();
    double lastEnd = std::numeric_limits<double>::lowest();
    double firstVideo = std::numeric_limits<double>::max();
    double lastVideo = std::numeric_limits<double>::lowest();
    QList<double> videoTimes; // in decode order; sorted below (B-frames reorder pts)
    int rc = 0;
    while ((rc = av_read_frame(input.get(), packet.get())) >= 0) {
        const AVStream* stream = input->streams[packet->stream_index];
        const int64_t ts = packetTime(packet.get());
        if ((stream == video || stream == audio) && ts != AV_NOPTS_VALUE) {
            const double tb = av_q2d(stream->time_base);
            const double start = ts * tb;
            const double end = (ts + std::max<int64_t>(packet->duration, 0)) * tb;
            firstStart = std::min(firstStart, start);
            lastEnd = std::max(lastEnd, end);
            if (stream == video) {
                ++info.videoFrames;
                videoTimes.append(start);
                firstVideo = std::min(firstVideo, start);
                lastVideo = std::max(lastVideo, start);
                if (packet->flags & AV_PKT_FLAG_KEY)
                    info.keyframeTimes.append(start);
                if (packet->pts != AV_NOPTS_VALUE && packet->dts != AV_NOPTS_VALUE && packet->pts != packet->dts)
                    ++info.reorderedVideoPackets;
            } else {
                ++info.audioPackets;
            }
        }
        av_packet_unref(packet.get());
    }
    if (rc != AVERROR_EOF) {
        setError(error, QStringLiteral("error reading %1: %2").arg(path, avError(rc)));
        return std::nullopt;
    }

    if (lastEnd > firstStart)
        info.packetDuration = lastEnd - firstStart;
    info.duration = info.packetDuration > 0 ? info.packetDuration : info.containerDuration;
    if (info.videoFrames > 0) {
        info.videoStart
            = video->start_time != AV_NOPTS_VALUE ? video->start_time * av_q2d(video->time_base) : firstVideo;
        if (info.videoFrames > 1 && lastVideo > firstVideo)
            info.measuredFrameRate = (info.videoFrames - 1) / (lastVideo - firstVideo);
    }
    std::sort(info.keyframeTimes.begin(), info.keyframeTimes.end());
    for (qsizetype i = 1; i < info.keyframeTimes.size(); ++i) {
        info.maxKeyframeInterval
            = std::max(info.maxKeyframeInterval, info.keyframeTimes[i] - info.keyframeTimes[i - 1]);
    }
    std::sort(videoTimes.begin(), videoTimes.end());
    for (qsizetype i = 1; i < videoTimes.size(); ++i) {
        const double gap = videoTimes[i] - videoTimes[i - 1];
        if (gap > info.maxVideoGap) {
            info.maxVideoGap = gap;
            info.maxVideoGapAt = videoTimes[i - 1];
        }
    }
    return info;
}

QImage MediaProbe::frameAt(const QString& path, double seconds, QString* error)
{
    InputPtr input = openInput(path, error);
    if (!input)
        return {};

    const AVCodec* codec = nullptr;
    const int index = av_find_best_stream(input.get(), AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
    if (index < 0 || !codec) {
        setError(error, QStringLiteral("%1 has no decodable video stream").arg(path));
        return {};
    }
    AVStream* stream = input->streams[index];
    CodecContextPtr decoder(avcodec_alloc_context3(codec));
    if (!decoder || avcodec_parameters_to_context(decoder.get(), stream->codecpar) < 0) {
        setError(error, QStringLiteral("cannot set up the %1 decoder").arg(QString::fromLatin1(codec->name)));
        return {};
    }
    decoder->pkt_timebase = stream->time_base;
    int rc = avcodec_open2(decoder.get(), codec, nullptr);
    if (rc < 0) {
        setError(
            error, QStringLiteral("cannot open the %1 decoder: %2").arg(QString::fromLatin1(codec->name), avError(rc)));
        return {};
    }

    const double tb = av_q2d(stream->time_base);
    const bool knownStart = stream->start_time != AV_NOPTS_VALUE;
    double start = knownStart ? stream->start_time * tb : 0.0;
    bool startSet = knownStart;

    PacketPtr packet(av_packet_alloc());
    FramePtr frame(av_frame_alloc());
    if (!packet || !frame) {
        setError(error, QStringLiteral("out of memory"));
        return {};
    }

    // Returns true when `frame` holds the wanted picture.
    auto receive = [&]() -> int {
        while ((rc = avcodec_receive_frame(decoder.get(), frame.get())) >= 0) {
            const int64_t ts
                = frame->best_effort_timestamp != AV_NOPTS_VALUE ? frame->best_effort_timestamp : frame->pts;
            if (ts != AV_NOPTS_VALUE) {
                if (!startSet) {
                    start = ts * tb;
                    startSet = true;
                }
                // Half a millisecond of slack: FLV stores milliseconds.
                if (ts * tb - start >= seconds - 0.0005)
                    return 1;
            }
            av_frame_unref(frame.get());
        }
        return rc == AVERROR(EAGAIN) || rc == AVERROR_EOF ? 0 : rc;
    };

    int found = 0;
    bool flushed = false;
    while (found == 0 && !flushed) {
        rc = av_read_frame(input.get(), packet.get());
        if (rc == AVERROR_EOF) {
            avcodec_send_packet(decoder.get(), nullptr); // drain what the decoder still holds
            flushed = true;
        } else if (rc < 0) {
            setError(error, QStringLiteral("error reading %1: %2").arg(path, avError(rc)));
            return {};
        } else {
            if (packet->stream_index == index) {
                rc = avcodec_send_packet(decoder.get(), packet.get());
                if (rc < 0 && rc != AVERROR(EAGAIN) && rc != AVERROR_INVALIDDATA) {
                    av_packet_unref(packet.get());
                    setError(error, QStringLiteral("decoding %1 failed: %2").arg(path, avError(rc)));
                    return {};
                }
            }
            av_packet_unref(packet.get());
        }
        found = receive();
        if (found < 0) {
            setError(error, QStringLiteral("decoding %1 failed: %2").arg(path, avError(found)));
            return {};
        }
    }
    if (found == 0) {
        setError(error, QStringLiteral("%1 has no video frame at or after %2 s").arg(path).arg(seconds));
        return {};
    }

    const int w = frame->width;
    const int h = frame->height;
    SwsPtr sws(sws_getContext(w, h, static_cast<AVPixelFormat>(frame->format), w, h, AV_PIX_FMT_RGB24,
        SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nullptr, nullptr, nullptr));
    if (!sws) {
        setError(error,
            QStringLiteral("cannot convert %1 frames to RGB")
                .arg(QString::fromLatin1(av_get_pix_fmt_name(static_cast<AVPixelFormat>(frame->format)))));
        return {};
    }
    // Honour the stream's matrix and range (OBS signals BT.709/BT.601, limited or full).
    const int srcFull = frame->color_range == AVCOL_RANGE_JPEG ? 1 : 0;
    const int space = frame->colorspace == AVCOL_SPC_UNSPECIFIED ? SWS_CS_DEFAULT : frame->colorspace;
    sws_setColorspaceDetails(
        sws.get(), sws_getCoefficients(space), srcFull, sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);

    QImage image(w, h, QImage::Format_RGB888);
    uint8_t* dst[4] = { image.bits(), nullptr, nullptr, nullptr };
    int dstStride[4] = { static_cast<int>(image.bytesPerLine()), 0, 0, 0 };
    if (sws_scale(sws.get(), frame->data, frame->linesize, 0, h, dst, dstStride) != h) {
        setError(error, QStringLiteral("RGB conversion of %1 failed").arg(path));
        return {};
    }
    return image;
}

namespace {

    // One decoded frame's samples, mixed to mono and appended to OUT.
    void appendMono(const AVFrame* frame, std::vector<float>& out)
    {
        const int channels = std::max(1, frame->ch_layout.nb_channels);
        const auto format = static_cast<AVSampleFormat>(frame->format);
        const bool planar = av_sample_fmt_is_planar(format);
        auto sample = [&](int ch, int i) -> float {
            const int plane = planar ? ch : 0;
            const int index = planar ? i : i * channels + ch;
            switch (av_get_packed_sample_fmt(format)) {
            case AV_SAMPLE_FMT_FLT:
                return reinterpret_cast<const float*>(frame->extended_data[plane])[index];
            case AV_SAMPLE_FMT_DBL:
                return float(reinterpret_cast<const double*>(frame->extended_data[plane])[index]);
            case AV_SAMPLE_FMT_S16:
                return reinterpret_cast<const int16_t*>(frame->extended_data[plane])[index] / 32768.0f;
            case AV_SAMPLE_FMT_S32:
                return float(reinterpret_cast<const int32_t*>(frame->extended_data[plane])[index] / 2147483648.0);
            default:
                return 0.0f;
            }
        };
        for (int i = 0; i < frame->nb_samples; ++i) {
            float sum = 0;
            for (int ch = 0; ch < channels; ++ch)
                sum += sample(ch, i);
            out.push_back(sum / float(channels));
        }
    }

} // namespace

std::optional<MediaProbe::Audio> MediaProbe::decodeAudio(
    const QString& path, double fromSeconds, double seconds, QString* error)
{
    InputPtr input = openInput(path, error);
    if (!input)
        return std::nullopt;
    const AVCodec* codec = nullptr;
    const int index = av_find_best_stream(input.get(), AVMEDIA_TYPE_AUDIO, -1, -1, &codec, 0);
    if (index < 0 || !codec) {
        setError(error, QStringLiteral("%1 has no decodable audio stream").arg(path));
        return std::nullopt;
    }
    AVStream* stream = input->streams[index];
    CodecContextPtr decoder(avcodec_alloc_context3(codec));
    if (!decoder || avcodec_parameters_to_context(decoder.get(), stream->codecpar) < 0) {
        setError(error, QStringLiteral("cannot set up the %1 decoder").arg(QString::fromLatin1(codec->name)));
        return std::nullopt;
    }
    decoder->pkt_timebase = stream->time_base;
    int rc = avcodec_open2(decoder.get(), codec, nullptr);
    if (rc < 0) {
        setError(
            error, QStringLiteral("cannot open the %1 decoder: %2").arg(QString::fromLatin1(codec->name), avError(rc)));
        return std::nullopt;
    }
    Audio audio;
    audio.sampleRate = decoder->sample_rate;
    std::vector<float> all;
    PacketPtr packet(av_packet_alloc());
    FramePtr frame(av_frame_alloc());
    auto drain = [&] {
        while (avcodec_receive_frame(decoder.get(), frame.get()) == 0) {
            appendMono(frame.get(), all);
            av_frame_unref(frame.get());
        }
    };
    while (av_read_frame(input.get(), packet.get()) >= 0) {
        if (packet->stream_index == index && avcodec_send_packet(decoder.get(), packet.get()) >= 0)
            drain();
        av_packet_unref(packet.get());
    }
    avcodec_send_packet(decoder.get(), nullptr);
    drain();
    if (audio.sampleRate <= 0) {
        setError(error, QStringLiteral("%1: the audio stream has no sample rate").arg(path));
        return std::nullopt;
    }
    const auto first = size_t(std::max(0.0, fromSeconds) * audio.sampleRate);
    if (first >= all.size()) {
        setError(error,
            QStringLiteral("%1: the audio ends at %2 s, before %3 s")
                .arg(path)
                .arg(double(all.size()) / audio.sampleRate)
                .arg(fromSeconds));
        return std::nullopt;
    }
    const size_t last = seconds > 0 ? std::min(all.size(), first + size_t(seconds * audio.sampleRate)) : all.size();
    audio.samples.assign(all.begin() + long(first), all.begin() + long(last));
    return audio;
}

double MediaProbe::rmsDbfs(const std::vector<float>& samples)
{
    if (samples.empty())
        return -std::numeric_limits<double>::infinity();
    double sum = 0;
    for (float s : samples)
        sum += double(s) * s;
    const double rms = std::sqrt(sum / double(samples.size()));
    return rms > 0 ? 20 * std::log10(rms) : -std::numeric_limits<double>::infinity();
}

namespace {

    // |X(f)|^2 over all of SAMPLES, by the Goertzel recurrence.
    double goertzelPower(const std::vector<float>& samples, int sampleRate, double frequency)
    {
        const double w = 2 * M_PI * frequency / sampleRate;
        const double coeff = 2 * std::cos(w);
        double s1 = 0, s2 = 0;
        for (float x : samples) {
            const double s0 = x + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - coeff * s1 * s2;
    }

} // namespace

double MediaProbe::energyShareAt(const std::vector<float>& samples, int sampleRate, double frequency)
{
    // 100 ms blocks with a Hann window: a 10 Hz bin whose main lobe spans +-20 Hz, so a tone a
    // little off the exact frequency (resampling, clock drift) or with a phase jump between
    // audio packets still counts. For a Hann-windowed sine over N samples
    // |X|^2 = (A N / 4)^2 and the windowed energy is 3 N A^2 / 16: the share is 3 |X|^2 / (N E).
    const size_t n = size_t(std::max(1, sampleRate / 10));
    std::vector<float> window(n);
    for (size_t i = 0; i < n; ++i)
        window[i] = float(0.5 - 0.5 * std::cos(2 * M_PI * double(i) / double(n)));
    double tone = 0;
    double energy = 0;
    std::vector<float> block(n);
    for (size_t start = 0; start + n <= samples.size(); start += n) {
        double blockEnergy = 0;
        for (size_t i = 0; i < n; ++i) {
            block[i] = samples[start + i] * window[i];
            blockEnergy += double(block[i]) * block[i];
        }
        energy += blockEnergy;
        tone += 3 * goertzelPower(block, sampleRate, frequency) / double(n);
    }
    return energy > 0 ? std::min(1.0, tone / energy) : 0.0;
}

double MediaProbe::dominantFrequency(
    const std::vector<float>& samples, int sampleRate, double min, double max, double step)
{
    double best = min;
    double bestPower = -1;
    for (double f = min; f <= max; f += step) {
        const double p = goertzelPower(samples, sampleRate, f);
        if (p > bestPower) {
            bestPower = p;
            best = f;
        }
    }
    return best;
}

QColor MediaProbe::meanColor(const QImage& image, const QRect& rect)
{
    const QRect area = rect.intersected(image.rect());
    if (area.isEmpty())
        return {};
    const QImage rgb = image.format() == QImage::Format_RGB888 ? image : image.convertToFormat(QImage::Format_RGB888);
    quint64 sum[3] = { 0, 0, 0 };
    for (int y = area.top(); y <= area.bottom(); ++y) {
        const uchar* line = rgb.constScanLine(y);
        for (int x = area.left(); x <= area.right(); ++x) {
            for (int c = 0; c < 3; ++c)
                sum[c] += line[x * 3 + c];
        }
    }
    const quint64 n = static_cast<quint64>(area.width()) * static_cast<quint64>(area.height());
    return QColor(static_cast<int>((sum[0] + n / 2) / n), static_cast<int>((sum[1] + n / 2) / n),
        static_cast<int>((sum[2] + n / 2) / n));
}

double MediaProbe::difference(const QImage& a, const QImage& b, const QRect& rect)
{
    const QImage x = a.copy(rect).convertToFormat(QImage::Format_RGB888);
    const QImage y = b.copy(rect).convertToFormat(QImage::Format_RGB888);
    double sum = 0;
    for (int row = 0; row < x.height(); ++row) {
        const uchar* p = x.constScanLine(row);
        const uchar* q = y.constScanLine(row);
        for (int i = 0; i < x.width() * 3; ++i)
            sum += std::abs(int(p[i]) - int(q[i]));
    }
    return x.isNull() ? 0.0 : sum / (double(x.width()) * x.height() * 3.0);
}

double MediaProbe::differenceOver(const QImage& frame, const QRect& rect, const QImage& expected)
{
    QImage over = frame.copy(rect).convertToFormat(QImage::Format_RGB888);
    {
        QPainter painter(&over);
        painter.drawImage(0, 0, expected);
    }
    return difference(frame.copy(rect), over, QRect(QPoint(0, 0), rect.size()));
}

bool MediaProbe::coloursClose(const QColor& a, const QColor& b, int tolerance)
{
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance
        && std::abs(a.blue() - b.blue()) <= tolerance;
}

} // namespace pinstage::test
