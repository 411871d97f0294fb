// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QColor>
#include <QRect>
#include <QSize>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace pinstage::test {

/// A loopback RTMP ingest for measurements: accepts one publisher on 127.0.0.1 (libavformat's
/// `rtmp` protocol in listen mode), stamps each video packet's arrival with the steady clock, decodes
/// the H.264 stream (libavcodec) and keeps, per frame, the mean colour of one rectangle of the
/// picture (where the product card's accent bar is), so a benchmark in the same process can tell
/// when a change it made reached the ingest: both ends read one clock (steadyNs()).
///
/// Two threads of its own: one reads packets (and stamps them the moment av_read_frame returns
/// them, so a slow decode never delays a stamp), one decodes. One publisher per receiver: when it
/// disconnects the stream has ended (ended()); make a new receiver for the next stream.
///
/// Thread contract: construct, start(), query and destroy from one thread (any); the queries lock
/// briefly and never wait for the decoder except waitForFrame(). Destruction stops both threads.
class RtmpReceiver {
public:
    struct Options {
        /// Canvas pixels whose mean colour every decoded frame reports (clipped to the picture).
        QRect probeRect;
        /// The colour that means "the card is there" in probeRect (CardLayout::accentColor()).
        QColor cardColour;
        /// The colour of probeRect without the card; when valid, carriesCard() uses cardShare().
        QColor background;
        /// carriesCard() with a background: cardShare() at or above this (0.5: the bar is at least
        /// half-way from the background to its colour, so a card that fades or slides in counts
        /// from half-way).
        double shareThreshold = 0.5;
        /// carriesCard() without a background: every channel of the mean within this of cardColour.
        int tolerance = 40;
    };

    /// One decoded video frame.
    struct Frame {
        quint64 index = 0; ///< decode output order, from 0
        qint64 arrivalNs = 0; ///< steadyNs() when its packet had arrived complete
        qint64 ptsMs = 0; ///< presentation time in the stream, milliseconds
        qint64 decodedNs = 0; ///< steadyNs() when it was decoded
        bool keyframe = false;
        QColor probeMean; ///< mean colour of Options::probeRect (invalid when the rect is off the picture)
    };

    /// Counters so far.
    struct Stats {
        quint64 videoPackets = 0;
        quint64 audioPackets = 0;
        quint64 reorderedPackets = 0; ///< video packets with pts != dts (B-frames)
        quint64 decodedFrames = 0;
        int decoderDelay = -1; ///< frames the decoder holds back (has_b_frames); -1 before the first frame
        QSize pictureSize;
        bool publisherConnected = false;
        bool ended = false; ///< the publisher left, the connection failed, or stop()
        QString error; ///< why the stream ended, when not by a clean disconnect
    };

    explicit RtmpReceiver(const Options& options);
    ~RtmpReceiver();
    RtmpReceiver(const RtmpReceiver&) = delete;
    RtmpReceiver& operator=(const RtmpReceiver&) = delete;

    /// Picks a free port in 20000–60000 and listens on it; returns once the socket listens (read from
    /// /proc/net/tcp: a test connection would be taken for the publisher), retrying on "address in
    /// use". On failure returns false and sets *error.
    bool start(QString* error);
    /// Stops listening or receiving and joins both threads. Idempotent.
    void stop();

    int port() const { return m_port; }
    /// The server URL to publish to ("rtmp://127.0.0.1:PORT/live"); the stream key is streamKey().
    QString url() const;
    QString streamKey() const { return m_key; }

    /// The monotonic clock every stamp uses, in nanoseconds.
    static qint64 steadyNs();

    /// Changes how carriesCard() decides (e.g. a background measured once the stream runs).
    void setBackground(const QColor& background);
    /// Does FRAME carry the card (see Options)?
    bool carriesCard(const Frame& frame) const;
    /// Where MEAN lies between BACKGROUND (0) and CARD (1): the projection of MEAN − BACKGROUND onto
    /// CARD − BACKGROUND in RGB, not clamped.
    static double cardShare(const QColor& mean, const QColor& background, const QColor& card);

    Stats stats() const;
    /// Frames decoded so far (a copy).
    std::vector<Frame> frames() const;
    std::optional<Frame> lastFrame() const;
    /// The first decoded frame that arrived at or after SINCE_NS and satisfies MATCH; nullopt if none yet.
    std::optional<Frame> findFrame(qint64 sinceNs, const std::function<bool(const Frame&)>& match) const;
    /// Blocks up to TIMEOUT_MS for such a frame (or the end of the stream). Do not call it from a
    /// thread whose event loop the publisher needs; poll findFrame() there.
    std::optional<Frame> waitForFrame(
        qint64 sinceNs, const std::function<bool(const Frame&)>& match, int timeoutMs) const;

private:
    struct Queued;
    enum class Listen { Pending, Listening, Failed };
    void readLoop(QString url);
    void decodeLoop();
    bool isListening() const;
    void finish(const QString& error);

    Options m_options;
    QString m_key;
    int m_port = 0;
    std::atomic<bool> m_stop { false };
    std::thread m_reader;
    std::thread m_decoder;

    mutable std::mutex m_mutex;
    mutable std::condition_variable m_changed;
    Listen m_listen = Listen::Pending; // guarded by m_mutex
    QString m_listenError; // guarded by m_mutex
    std::vector<Queued*> m_queue; // guarded by m_mutex; packets for the decoder (owned)
    bool m_readerDone = false; // guarded by m_mutex
    std::vector<Frame> m_frames; // guarded by m_mutex
    Stats m_stats; // guarded by m_mutex
    std::vector<std::pair<qint64, qint64>> m_arrivals; // guarded by m_mutex: (pts, arrivalNs) awaiting their frame
    int m_videoStream = -1; // reader thread only
    void* m_codecpar = nullptr; // AVCodecParameters* copy for the decoder, guarded by m_mutex
    double m_videoTimeBase = 0.001; // guarded by m_mutex
};

} // namespace pinstage::test
