// SPDX-License-Identifier: GPL-2.0-or-later
#include "RtmpReceiver.h"

#include "NginxRtmpServer.h"

#include <QFile>
#include <QRandomGenerator>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/error.h>
}

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>

namespace pinstage::test {

struct RtmpReceiver::Queued {
    AVPacket* packet = nullptr; // owned
    qint64 arrivalNs = 0;
    ~Queued() { av_packet_free(&packet); }
};

namespace {

    QString avError(int code)
    {
        char buf[AV_ERROR_MAX_STRING_SIZE] = {};
        av_strerror(code, buf, sizeof buf);
        return QString::fromLocal8Bit(buf);
    }

    // The mean colour of RECT (clipped) in a planar 4:2:0 picture, converted with its matrix and range.
    QColor meanColour(const AVFrame* frame, const QRect& rect)
    {
        if (frame->format != AV_PIX_FMT_YUV420P && frame->format != AV_PIX_FMT_YUVJ420P)
            return {};
        const QRect r = rect.intersected(QRect(0, 0, frame->width, frame->height));
        if (r.width() < 2 || r.height() < 2)
            return {};
        double y = 0;
        for (int row = r.top(); row <= r.bottom(); ++row) {
            const uint8_t* line = frame->data[0] + static_cast<ptrdiff_t>(row) * frame->linesize[0];
            for (int col = r.left(); col <= r.right(); ++col)
                y += line[col];
        }
        y /= double(r.width()) * r.height();
        const QRect c(r.left() / 2, r.top() / 2, std::max(1, r.width() / 2), std::max(1, r.height() / 2));
        double u = 0;
        double v = 0;
        for (int row = c.top(); row <= c.bottom(); ++row) {
            const uint8_t* lu = frame->data[1] + static_cast<ptrdiff_t>(row) * frame->linesize[1];
            const uint8_t* lv = frame->data[2] + static_cast<ptrdiff_t>(row) * frame->linesize[2];
            for (int col = c.left(); col <= c.right(); ++col) {
                u += lu[col];
                v += lv[col];
            }
        }
        u /= double(c.width()) * c.height();
        v /= double(c.width()) * c.height();

        const bool full = frame->color_range == AVCOL_RANGE_JPEG || frame->format == AV_PIX_FMT_YUVJ420P;
        const double luma = full ? y / 255.0 : (y - 16.0) / 219.0;
        const double pb = full ? (u - 128.0) / 255.0 : (u - 128.0) / 224.0;
        const double pr = full ? (v - 128.0) / 255.0 : (v - 128.0) / 224.0;
        // libobs streams BT.709 (Pinstage sets it); anything unmarked is taken as BT.601.
        const bool bt709 = frame->colorspace == AVCOL_SPC_BT709;
        const double kr = bt709 ? 1.5748 : 1.402;
        const double kgb = bt709 ? 0.1873 : 0.344136;
        const double kgr = bt709 ? 0.4681 : 0.714136;
        const double kb = bt709 ? 1.8556 : 1.772;
        auto channel = [](double value) { return std::clamp(static_cast<int>(std::lround(value * 255.0)), 0, 255); };
        return QColor(channel(luma + kr * pr), channel(luma - kgb * pb - kgr * pr), channel(luma + kb * pb));
    }

} // namespace

RtmpReceiver::RtmpReceiver(const Options& options)
    : m_options(options)
    , m_key(QStringLiteral("bench-%1").arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0')))
{
}

RtmpReceiver::~RtmpReceiver()
{
    stop();
    std::lock_guard lock(m_mutex);
    for (Queued* q : m_queue)
        delete q;
    m_queue.clear();
    if (m_codecpar) {
        auto* par = static_cast<AVCodecParameters*>(m_codecpar);
        avcodec_parameters_free(&par);
        m_codecpar = nullptr;
    }
}

qint64 RtmpReceiver::steadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

QString RtmpReceiver::url() const
{
    return QStringLiteral("rtmp://127.0.0.1:%1/live").arg(m_port);
}

bool RtmpReceiver::isListening() const
{
    // /proc/net/tcp: "sl local_address rem_address st ...", local_address "0100007F:PORT" in hex,
    // state 0A = LISTEN.
    QFile file(QStringLiteral("/proc/net/tcp"));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray port = QByteArray::number(m_port, 16).toUpper().rightJustified(4, '0');
    for (const QByteArray& line : file.readAll().split('\n')) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() > 3 && fields.at(1).endsWith(":" + port) && fields.at(3) == "0A")
            return true;
    }
    return false;
}

bool RtmpReceiver::start(QString* error)
{
    av_log_set_level(AV_LOG_ERROR);
    for (int attempt = 0; attempt < 8; ++attempt) {
        m_port = NginxRtmpServer::pickFreePort();
        {
            std::lock_guard lock(m_mutex);
            m_listen = Listen::Pending;
            m_listenError.clear();
        }
        m_stop = false;
        m_reader = std::thread(&RtmpReceiver::readLoop, this, QStringLiteral("%1/%2").arg(url(), m_key));
        const qint64 deadline = steadyNs() + 10'000'000'000LL;
        Listen state = Listen::Pending;
        while (steadyNs() < deadline) {
            {
                std::lock_guard lock(m_mutex);
                state = m_listen;
                if (state == Listen::Pending && isListening())
                    state = m_listen = Listen::Listening;
            }
            if (state != Listen::Pending)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(2)); // polling the state above, within 10 s
        }
        if (state == Listen::Listening) {
            m_decoder = std::thread(&RtmpReceiver::decodeLoop, this);
            return true;
        }
        m_stop = true;
        m_reader.join();
        QString why;
        {
            std::lock_guard lock(m_mutex);
            why = m_listenError.isEmpty() ? QStringLiteral("port %1 did not listen within 10 s").arg(m_port)
                                          : m_listenError;
        }
        if (!why.contains(QLatin1String("in use"))) {
            if (error)
                *error = QStringLiteral("RTMP receiver: %1").arg(why);
            return false;
        }
    }
    if (error)
        *error = QStringLiteral("RTMP receiver: no free port found in 8 attempts");
    return false;
}

void RtmpReceiver::stop()
{
    m_stop = true;
    if (m_reader.joinable())
        m_reader.join();
    {
        std::lock_guard lock(m_mutex);
        m_readerDone = true;
    }
    m_changed.notify_all();
    if (m_decoder.joinable())
        m_decoder.join();
}

void RtmpReceiver::finish(const QString& error)
{
    {
        std::lock_guard lock(m_mutex);
        m_readerDone = true;
        if (m_listen == Listen::Pending) {
            m_listen = Listen::Failed;
            m_listenError = error;
        }
        if (m_stats.error.isEmpty())
            m_stats.error = error;
    }
    m_changed.notify_all();
}

void RtmpReceiver::readLoop(QString url)
{
    AVFormatContext* input = avformat_alloc_context();
    input->interrupt_callback.callback
        = [](void* self) { return static_cast<RtmpReceiver*>(self)->m_stop.load() ? 1 : 0; };
    input->interrupt_callback.opaque = this;
    AVDictionary* options = nullptr;
    av_dict_set(&options, "listen", "1", 0);
    av_dict_set(&options, "tcp_nodelay", "1", 0);
    // The rtmp protocol hands over FLV; naming the format skips probing (which waits for 2 KB).
    const AVInputFormat* flv = av_find_input_format("flv");
    int rc = avformat_open_input(&input, url.toUtf8().constData(), flv, &options); // frees input on failure
    av_dict_free(&options);
    if (rc < 0) {
        const QString why = rc == AVERROR(EADDRINUSE)
            ? QStringLiteral("port %1 is in use").arg(m_port)
            : QStringLiteral("listening on %1: %2").arg(url.section(QLatin1Char('/'), 0, 3), avError(rc));
        finish(m_stop ? QString() : why);
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        m_stats.publisherConnected = true;
        if (m_listen == Listen::Pending)
            m_listen = Listen::Listening;
    }
    m_changed.notify_all();

    AVPacket* packet = av_packet_alloc();
    QString why;
    while (!m_stop) {
        rc = av_read_frame(input, packet);
        const qint64 arrival = steadyNs();
        if (rc < 0) {
            // The rtmp protocol reports a publisher that closed its connection as EIO.
            if (rc != AVERROR_EOF && rc != AVERROR_EXIT && rc != AVERROR(EIO) && !m_stop)
                why = QStringLiteral("reading the stream: %1").arg(avError(rc));
            break;
        }
        const AVStream* stream = input->streams[packet->stream_index];
        if (stream->codecpar->codec_type == AVMEDIA_TYPE_VIDEO && stream->codecpar->codec_id == AV_CODEC_ID_H264
            && (m_videoStream < 0 || m_videoStream == packet->stream_index)) {
            m_videoStream = packet->stream_index;
            auto* queued = new Queued;
            queued->packet = av_packet_alloc();
            queued->arrivalNs = arrival;
            av_packet_move_ref(queued->packet, packet);
            {
                std::lock_guard lock(m_mutex);
                ++m_stats.videoPackets;
                if (queued->packet->pts != AV_NOPTS_VALUE && queued->packet->dts != AV_NOPTS_VALUE
                    && queued->packet->pts != queued->packet->dts)
                    ++m_stats.reorderedPackets;
                if (!m_codecpar) {
                    AVCodecParameters* par = avcodec_parameters_alloc();
                    avcodec_parameters_copy(par, stream->codecpar);
                    m_codecpar = par;
                    m_videoTimeBase = av_q2d(stream->time_base);
                }
                m_arrivals.emplace_back(queued->packet->pts, arrival);
                m_queue.push_back(queued);
            }
            m_changed.notify_all();
        } else if (stream->codecpar->codec_type == AVMEDIA_TYPE_AUDIO) {
            std::lock_guard lock(m_mutex);
            ++m_stats.audioPackets;
        }
        av_packet_unref(packet);
    }
    av_packet_free(&packet);
    avformat_close_input(&input);
    finish(why);
}

void RtmpReceiver::decodeLoop()
{
    AVCodecContext* decoder = nullptr;
    AVFrame* frame = av_frame_alloc();
    quint64 index = 0;
    bool draining = false;

    auto takeFrames = [&] {
        while (avcodec_receive_frame(decoder, frame) == 0) {
            const qint64 decodedNs = steadyNs();
            const QColor mean = meanColour(frame, m_options.probeRect);
            const int64_t pts
                = frame->best_effort_timestamp != AV_NOPTS_VALUE ? frame->best_effort_timestamp : frame->pts;
            std::lock_guard lock(m_mutex);
            Frame f;
            f.index = index++;
            f.decodedNs = decodedNs;
            f.keyframe = frame->key_frame != 0;
            f.probeMean = mean;
            f.ptsMs = pts == AV_NOPTS_VALUE ? -1 : static_cast<qint64>(std::llround(pts * m_videoTimeBase * 1000.0));
            // The arrival of the packet that carried this picture (B-frames arrive out of order).
            const auto it
                = std::find_if(m_arrivals.begin(), m_arrivals.end(), [pts](const auto& a) { return a.first == pts; });
            if (it != m_arrivals.end()) {
                f.arrivalNs = it->second;
                m_arrivals.erase(it);
            } else {
                f.arrivalNs = decodedNs;
            }
            if (m_arrivals.size() > 256) // pictures the decoder dropped
                m_arrivals.erase(m_arrivals.begin(), m_arrivals.begin() + 128);
            m_frames.push_back(f);
            ++m_stats.decodedFrames;
            m_stats.decoderDelay = decoder->has_b_frames;
            m_stats.pictureSize = QSize(frame->width, frame->height);
            av_frame_unref(frame);
        }
        m_changed.notify_all();
    };

    for (;;) {
        Queued* queued = nullptr;
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [this] { return !m_queue.empty() || m_readerDone; });
            if (m_queue.empty())
                break; // the reader is done and everything was decoded
            queued = m_queue.front();
            m_queue.erase(m_queue.begin());
            if (!decoder && m_codecpar) {
                const AVCodec* codec = avcodec_find_decoder(AV_CODEC_ID_H264);
                decoder = avcodec_alloc_context3(codec);
                avcodec_parameters_to_context(decoder, static_cast<AVCodecParameters*>(m_codecpar));
                // One thread (frame threads would add their own delay) and no deblocking: the probe
                // reads a mean colour, and the decoder should leave the cores to what is measured.
                decoder->thread_count = 1;
                decoder->skip_loop_filter = AVDISCARD_ALL;
                decoder->flags2 |= AV_CODEC_FLAG2_FAST;
                const int rc = avcodec_open2(decoder, codec, nullptr);
                if (rc < 0) {
                    m_stats.error = QStringLiteral("cannot open the H.264 decoder: %1").arg(avError(rc));
                    avcodec_free_context(&decoder);
                }
            }
        }
        if (decoder && avcodec_send_packet(decoder, queued->packet) >= 0)
            takeFrames();
        delete queued;
        if (!decoder)
            continue;
    }
    if (decoder) {
        draining = avcodec_send_packet(decoder, nullptr) >= 0;
        if (draining)
            takeFrames();
        avcodec_free_context(&decoder);
    }
    av_frame_free(&frame);
    {
        std::lock_guard lock(m_mutex);
        m_stats.ended = true;
    }
    m_changed.notify_all();
}

void RtmpReceiver::setBackground(const QColor& background)
{
    std::lock_guard lock(m_mutex);
    m_options.background = background;
}

double RtmpReceiver::cardShare(const QColor& mean, const QColor& background, const QColor& card)
{
    const double dr = card.red() - background.red();
    const double dg = card.green() - background.green();
    const double db = card.blue() - background.blue();
    const double length2 = dr * dr + dg * dg + db * db;
    if (length2 <= 0)
        return 0;
    return ((mean.red() - background.red()) * dr + (mean.green() - background.green()) * dg
               + (mean.blue() - background.blue()) * db)
        / length2;
}

bool RtmpReceiver::carriesCard(const Frame& frame) const
{
    if (!frame.probeMean.isValid())
        return false;
    QColor background;
    {
        std::lock_guard lock(m_mutex);
        background = m_options.background;
    }
    if (background.isValid())
        return cardShare(frame.probeMean, background, m_options.cardColour) >= m_options.shareThreshold;
    const QColor& c = m_options.cardColour;
    const QColor& m = frame.probeMean;
    return std::abs(m.red() - c.red()) <= m_options.tolerance && std::abs(m.green() - c.green()) <= m_options.tolerance
        && std::abs(m.blue() - c.blue()) <= m_options.tolerance;
}

RtmpReceiver::Stats RtmpReceiver::stats() const
{
    std::lock_guard lock(m_mutex);
    return m_stats;
}

std::vector<RtmpReceiver::Frame> RtmpReceiver::frames() const
{
    std::lock_guard lock(m_mutex);
    return m_frames;
}

std::optional<RtmpReceiver::Frame> RtmpReceiver::lastFrame() const
{
    std::lock_guard lock(m_mutex);
    if (m_frames.empty())
        return std::nullopt;
    return m_frames.back();
}

std::optional<RtmpReceiver::Frame> RtmpReceiver::findFrame(
    qint64 sinceNs, const std::function<bool(const Frame&)>& match) const
{
    std::vector<Frame> candidates;
    {
        std::lock_guard lock(m_mutex);
        // Frames are appended in decode order; arrival order is the same without B-frames, and
        // close to it with them: scan back from the end to the first frame that arrived too early.
        auto it = m_frames.end();
        int early = 0;
        while (it != m_frames.begin() && early < 16) {
            --it;
            if (it->arrivalNs < sinceNs)
                ++early;
        }
        candidates.assign(it, m_frames.end());
    }
    std::optional<Frame> best;
    for (const Frame& f : candidates) {
        if (f.arrivalNs >= sinceNs && match(f) && (!best || f.arrivalNs < best->arrivalNs))
            best = f;
    }
    return best;
}

std::optional<RtmpReceiver::Frame> RtmpReceiver::waitForFrame(
    qint64 sinceNs, const std::function<bool(const Frame&)>& match, int timeoutMs) const
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    for (;;) {
        if (auto found = findFrame(sinceNs, match))
            return found;
        std::unique_lock lock(m_mutex);
        if (m_stats.ended)
            return std::nullopt;
        if (m_changed.wait_until(lock, deadline) == std::cv_status::timeout)
            return std::nullopt;
    }
}

} // namespace pinstage::test
