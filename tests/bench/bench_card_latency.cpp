// SPDX-License-Identifier: GPL-2.0-or-later
// How fast a pinned product card reaches viewers, and what card changes cost the stream (issue 9).
// Everything runs in this one process, so the pin request and the ingest read one steady clock:
// the real Studio (libobs, the default scene collection with the test pattern, the card source, the
// show controller, the shared x264 + AAC encoders, the RTMP output) streams to an RtmpReceiver on
// loopback (tests/support/RtmpReceiver.h) that stamps each video packet's arrival and decodes it.
// Prints:
//   - card paint time at 1080x1920 (CardPainter::paint of the demo catalog's cards), p50/p99/max: cold
//     (a product never seen), prepared (Next up painted before its pin), re-pin, and a stock change;
//   - pin -> first rendered frame with the card, in frames: a libobs tick callback counts the frames
//     the graphics thread renders; the card is in the frame during which the card source uploaded
//     it (the first tick that sees SharedImageSource's upload count changed follows that frame).
//     1 = the next frame after the request;
//   - pin -> first frame with the card at the ingest, ms, median and p90 over PINS pins (pin, wait
//     until seen, unpin, wait until gone, repeat), for each encoder profile. A frame "carries the
//     card" when the mean colour of the accent bar (CardLayout::accentBarRect) is at least half-way
//     from the colour there without a card (measured on the stream before the first pin) to the
//     accent colour: a card that fades or slides in counts from half-way;
//   - lagged frames (libobs rendered too late) and frames the encoder skipped over LAG_SECONDS of a
//     stream to a private nginx-rtmp with a card change (the next product pinned) every 3 s,
//     against the same stream without cards.
//   - the flash-sale countdown's tick cost: mm:ss painted into its patch and handed over, p50/p99,
//     and how many card images were uploaded meanwhile (must be 0: a tick never repaints the card);
//   - after the lines above (added later; the lines above keep their wording, scripts read them):
//     the same paint cases in thread CPU time (what the paint itself costs, without the waits of a
//     busy machine), the cold and stock cases of the other templates, and for the lagged frames
//     the share that fell within 1 s after a card change and, with --lag-pairs N, a total over N
//     interleaved pairs of runs (without cards, then with card changes, N times).
//
// Usage: bench_card_latency [--pins N] [--lag-seconds S] [--change-every S] [--canvas WxH] [--fps N]
//                           [--paint-rounds N] [--profiles live-selling,quality] [--x264opts "OPTS"]
//                           [--skip-ingest] [--skip-lag] [--paint-only] [--all-templates] [--lag-pairs N]
//                           [--lag-held] [--draw-cost ROUNDS]
// --paint-only: the paint and countdown lines only (--skip-ingest --skip-lag; a few seconds).
// --all-templates: also the cold and stock paint times of lower-third and spotlight.
// --lag-held: each lag round also streams with one card pinned for the whole run, never changed
// (tells the cost of drawing a card every frame apart from the cost of changing it).
// --draw-cost ROUNDS: what drawing the card costs the rasteriser each frame, apart from everything
// else libobs does (a few seconds; instead of the ingest and lag runs): a private card source (and a
// test pattern for comparison) rendered 1:1 into a canvas-sized target, as the scene draws it,
// many times under the graphics lock, CPU time of the llvmpipe threads per draw.
// Defaults: 30 pins, 60 s, a change every 3 s, 1080x1920@30, 200 paint rounds, both profiles. The
// same settings can come from the environment: PINSTAGE_BENCH_PINS, PINSTAGE_BENCH_LAG_SECONDS,
// PINSTAGE_BENCH_CANVAS (flags win). --x264opts replaces the live-selling profile's x264 options
// (to compare threading options). Starts its own Xvfb unless PINSTAGE_TEST_USE_DISPLAY is set.
// Not a ctest test: it prints numbers. The load average is printed; run it on a quiet machine.
#include "HeadlessProcess.h"
#include "NginxRtmpServer.h"
#include "RtmpReceiver.h"
#include "XvfbServer.h"

#include "catalog/Catalog.h"
#include "obs/VideoSettings.h"
#include "output/EncoderSettings.h"
#include "output/ObsOutputs.h"
#include "output/StreamTarget.h"
#include "overlay/CardLayout.h"
#include "overlay/CardMemory.h"
#include "overlay/CardPainter.h"
#include "overlay/CountdownPainter.h"
#include "overlay/ProductCardLayer.h"
#include "overlay/SharedImageSource.h"
#include "scene/SceneCollection.h"
#include "show/PinController.h"
#include "show/ShowController.h"
#include "show/Studio.h"
#include "util/Clock.h"

#include <graphics/graphics.h>
#include <graphics/vec4.h>
#include <obs.h>

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QPainter>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <optional>
#include <vector>

using pinstage::EncoderSettings;
using pinstage::ShowController;
using pinstage::test::RtmpReceiver;

namespace {

struct Config {
    int pins = 30;
    int lagSeconds = 60;
    int changeEverySeconds = 3;
    QSize canvas { 1080, 1920 };
    int fps = 30;
    int paintRounds = 200;
    QList<EncoderSettings::Profile> profiles { EncoderSettings::Profile::LiveSelling,
        EncoderSettings::Profile::Quality };
    std::optional<QString> x264opts;
    bool ingest = true;
    bool lag = true;
    int lagPairs = 1; ///< interleaved rounds of the lag runs (without cards, with card changes)
    bool lagHeld = false; ///< also a run with one card pinned throughout, in each round
    int drawCost = 0; ///< rounds of the card's draw cost measurement (0: none)
    bool allTemplates = false; ///< paint times of lower-third and spotlight too
};

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t index = std::min(values.size() - 1, static_cast<size_t>(p * (values.size() - 1) + 0.5));
    return values[index];
}

double loadAverage()
{
    double load[1] = { 0 };
    return ::getloadavg(load, 1) == 1 ? load[0] : -1;
}

/// The calling thread's CPU time, in milliseconds.
double threadCpuMs()
{
    timespec ts {};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/// CPU time (ms) of this process's threads whose name starts with PREFIX (/proc/self/task/*/comm):
/// "llvmpipe-" (the software rasteriser's threads, where the frames' pixels are drawn) or
/// "libobs: graph" (libobs's graphics thread).
double threadsCpuMs(const char* prefix)
{
    double total = 0;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString& tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(tid + QStringLiteral("/comm")));
        if (!comm.open(QIODevice::ReadOnly) || !comm.readAll().startsWith(prefix))
            continue;
        // The first field of schedstat: nanoseconds on a CPU (finer than stat's clock ticks).
        QFile stat(tasks.filePath(tid + QStringLiteral("/schedstat")));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        total += stat.readAll().split(' ').value(0).toDouble() / 1e6;
    }
    return total;
}

/// CPU time spent drawing frames so far: the rasteriser's threads and the graphics thread (ms).
struct RenderCpu {
    double rasterMs = 0;
    double graphicsMs = 0;
    static RenderCpu now() { return { threadsCpuMs("llvmpipe-"), threadsCpuMs("libobs: graph") }; }
};

int fail(const QString& message)
{
    std::fprintf(stderr, "bench_card_latency: %s\n", qPrintable(message));
    return 1;
}

/// Runs the event loop (the show controller's results arrive through it) until COND or TIMEOUT_MS.
template <class Cond> bool waitUntil(Cond cond, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!cond()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 2);
        QThread::usleep(2000);
    }
    return true;
}

// The graphics thread's frame count and the frame in which the card source last took an image.
std::atomic<quint64> g_ticks { 0 };
std::atomic<quint64> g_uploadFrame { 0 };
std::atomic<quint64> g_lastUploads { 0 };
pinstage::ProductCardLayer* g_layer = nullptr;

void onTick(void*, float)
{
    // Runs on the graphics thread before each frame renders. The card source uploads a new image
    // while the frame renders, so a changed count at tick N means frame N-1 drew it.
    const quint64 tick = g_ticks.fetch_add(1) + 1;
    const quint64 uploads = g_layer ? g_layer->uploadedCount() : 0;
    if (uploads != g_lastUploads.exchange(uploads))
        g_uploadFrame = tick - 1;
}

std::optional<int> intArg(const QStringList& args, qsizetype& i, int min)
{
    if (i + 1 >= args.size())
        return std::nullopt;
    bool ok = false;
    const int value = args.at(++i).toInt(&ok);
    return ok && value >= min ? std::optional<int>(value) : std::nullopt;
}

std::optional<Config> parse(const QStringList& args)
{
    Config c;
    if (qEnvironmentVariableIsSet("PINSTAGE_BENCH_PINS"))
        c.pins = std::max(3, qEnvironmentVariableIntValue("PINSTAGE_BENCH_PINS"));
    if (qEnvironmentVariableIsSet("PINSTAGE_BENCH_LAG_SECONDS"))
        c.lagSeconds = std::max(6, qEnvironmentVariableIntValue("PINSTAGE_BENCH_LAG_SECONDS"));
    if (qEnvironmentVariableIsSet("PINSTAGE_BENCH_CANVAS")) {
        QString why;
        const auto size = pinstage::VideoSettings::parseCanvas(qEnvironmentVariable("PINSTAGE_BENCH_CANVAS"), &why);
        if (!size) {
            std::fprintf(stderr, "PINSTAGE_BENCH_CANVAS: %s\n", qPrintable(why));
            return std::nullopt;
        }
        c.canvas = *size;
    }
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString& a = args.at(i);
        std::optional<int> v;
        if (a == QLatin1String("--pins") && (v = intArg(args, i, 3))) {
            c.pins = *v;
        } else if (a == QLatin1String("--lag-seconds") && (v = intArg(args, i, 6))) {
            c.lagSeconds = *v;
        } else if (a == QLatin1String("--change-every") && (v = intArg(args, i, 1))) {
            c.changeEverySeconds = *v;
        } else if (a == QLatin1String("--fps") && (v = intArg(args, i, 1))) {
            c.fps = *v;
        } else if (a == QLatin1String("--paint-rounds") && (v = intArg(args, i, 5))) {
            c.paintRounds = *v;
        } else if (a == QLatin1String("--canvas") && i + 1 < args.size()) {
            QString why;
            const auto size = pinstage::VideoSettings::parseCanvas(args.at(++i), &why);
            if (!size) {
                std::fprintf(stderr, "--canvas: %s\n", qPrintable(why));
                return std::nullopt;
            }
            c.canvas = *size;
        } else if (a == QLatin1String("--profiles") && i + 1 < args.size()) {
            c.profiles.clear();
            for (const QString& name : args.at(++i).split(QLatin1Char(','))) {
                const auto profile = EncoderSettings::parseProfile(name);
                if (!profile) {
                    std::fprintf(stderr, "--profiles: expected %s separated by commas, got '%s'\n",
                        qPrintable(EncoderSettings::profileNames()), qPrintable(name));
                    return std::nullopt;
                }
                c.profiles.append(*profile);
            }
        } else if (a == QLatin1String("--x264opts") && i + 1 < args.size()) {
            c.x264opts = args.at(++i);
        } else if (a == QLatin1String("--skip-ingest")) {
            c.ingest = false;
        } else if (a == QLatin1String("--skip-lag")) {
            c.lag = false;
        } else if (a == QLatin1String("--paint-only")) {
            c.ingest = false;
            c.lag = false;
        } else if (a == QLatin1String("--lag-pairs") && (v = intArg(args, i, 1))) {
            c.lagPairs = *v;
        } else if (a == QLatin1String("--lag-held")) {
            c.lagHeld = true;
        } else if (a == QLatin1String("--draw-cost") && (v = intArg(args, i, 1))) {
            c.drawCost = *v;
            c.ingest = false;
            c.lag = false;
        } else if (a == QLatin1String("--all-templates")) {
            c.allTemplates = true;
        } else {
            std::fprintf(stderr,
                "usage: bench_card_latency [--pins N>=3] [--lag-seconds S>=6] [--change-every S] [--canvas WxH] "
                "[--fps N] [--paint-rounds N>=5] [--profiles live-selling,quality] [--x264opts \"OPTS\"] "
                "[--skip-ingest] [--skip-lag] [--paint-only] [--all-templates] [--lag-pairs N>=1] [--lag-held] "
                "[--draw-cost ROUNDS]\n");
            return std::nullopt;
        }
    }
    return c;
}

EncoderSettings encoderFor(const Config& c, EncoderSettings::Profile profile)
{
    EncoderSettings s = EncoderSettings::forCanvas(c.canvas, c.fps, profile);
    if (c.x264opts && profile == EncoderSettings::Profile::LiveSelling)
        s.x264Options = *c.x264opts;
    return s;
}

QString describe(const EncoderSettings& s)
{
    return QStringLiteral("%1 (x264 %2, %3 kbps CBR, keyframe every %4 s%5)")
        .arg(EncoderSettings::profileName(s.profile), s.x264Preset)
        .arg(s.videoBitrateKbps)
        .arg(s.keyframeSeconds)
        .arg(s.x264Options.isEmpty() ? QString() : QStringLiteral(", ") + s.x264Options);
}

struct Counters {
    quint64 rendered = 0;
    quint64 lagged = 0;
    quint64 skipped = 0; // frames the encoder fell behind on (video_output_get_skipped_frames)
    static Counters now()
    {
        return { obs_get_total_frames(), obs_get_lagged_frames(), video_output_get_skipped_frames(obs_get_video()) };
    }
    Counters operator-(const Counters& o) const
    {
        return { rendered - o.rendered, lagged - o.lagged, skipped - o.skipped };
    }
};

bool goLive(pinstage::Studio& studio, const pinstage::StreamTarget& target, QString* error)
{
    ShowController& show = studio.show();
    if (!show.goLive(target, error))
        return false;
    if (!waitUntil([&] { return show.state() != ShowController::State::Connecting; }, 20000)
        || show.state() != ShowController::State::Live) {
        *error = QStringLiteral("the stream did not go live (state %1)").arg(ShowController::stateName(show.state()));
        return false;
    }
    return true;
}

void endShow(pinstage::Studio& studio)
{
    studio.show().endShow(true);
    waitUntil([&] { return studio.show().state() == ShowController::State::Idle; }, 20000);
}

/// The encoders stop shortly after the last output did: waits until the settings may change.
bool useEncoder(pinstage::Studio& studio, const EncoderSettings& settings, QString* error)
{
    return waitUntil([&] { return studio.outputs().setEncoderSettings(settings, error); }, 15000);
}

/// Pins and unpins PINS times while streaming to a loopback receiver; prints the profile's lines.
int measureIngest(pinstage::Studio& studio, const Config& c, EncoderSettings::Profile profile,
    const QList<pinstage::VariantRow>& variants)
{
    QString error;
    const EncoderSettings settings = encoderFor(c, profile);
    if (!useEncoder(studio, settings, &error))
        return fail(error);
    RtmpReceiver::Options options;
    options.probeRect = pinstage::CardLayout::accentBarRect(c.canvas).adjusted(2, 2, -2, -2);
    options.cardColour = pinstage::CardLayout::accentColor();
    RtmpReceiver receiver(options);
    if (!receiver.start(&error))
        return fail(error);
    if (!goLive(studio, { receiver.url(), receiver.streamKey() }, &error))
        return fail(error);
    // Two seconds on air before the first pin: the encoder and the connection settle.
    if (!waitUntil([&] { return receiver.stats().decodedFrames >= 2 * quint64(c.fps); }, 30000))
        return fail(QStringLiteral("the receiver decoded %1 frames in 30 s (%2)")
                        .arg(receiver.stats().decodedFrames)
                        .arg(receiver.stats().error));
    const QColor background = receiver.lastFrame()->probeMean;
    receiver.setBackground(background);
    const Counters before = Counters::now();
    const double loadBefore = loadAverage();

    std::vector<double> ingestMs;
    std::vector<double> goneMs;
    std::vector<double> renderedFrames;
    std::map<int, int> frameHistogram;
    auto carries = [&](const RtmpReceiver::Frame& f) { return receiver.carriesCard(f); };
    auto clear = [&](const RtmpReceiver::Frame& f) { return !receiver.carriesCard(f); };
    for (int i = 0; i < c.pins; ++i) {
        const pinstage::VariantRow& v = variants.at(i % variants.size());
        const quint64 uploadsBefore = g_layer->uploadedCount();
        const quint64 requestFrame = g_ticks.load();
        const qint64 pinNs = RtmpReceiver::steadyNs();
        studio.show().pin(v.pinCode);
        std::optional<RtmpReceiver::Frame> seen;
        if (!waitUntil([&] { return (seen = receiver.findFrame(pinNs, carries)).has_value(); }, 10000))
            return fail(QStringLiteral("pin %1 (%2): no frame with the card reached the ingest in 10 s (bar %3, "
                                       "background %4)")
                            .arg(i + 1)
                            .arg(v.pinCode, receiver.lastFrame() ? receiver.lastFrame()->probeMean.name() : QString(),
                                background.name()));
        ingestMs.push_back((seen->arrivalNs - pinNs) / 1e6);
        if (!waitUntil(
                [&] { return g_layer->uploadedCount() != uploadsBefore && g_uploadFrame.load() >= requestFrame; },
                2000))
            return fail(QStringLiteral("pin %1: the card source never took the card").arg(i + 1));
        const int frames = static_cast<int>(g_uploadFrame.load() - requestFrame);
        renderedFrames.push_back(frames);
        ++frameHistogram[std::min(frames, 4)];

        const quint64 uploadsPinned = g_layer->uploadedCount();
        const qint64 unpinNs = RtmpReceiver::steadyNs();
        studio.show().unpin();
        std::optional<RtmpReceiver::Frame> gone;
        if (!waitUntil([&] { return (gone = receiver.findFrame(unpinNs, clear)).has_value(); }, 10000))
            return fail(QStringLiteral("unpin %1: the card did not leave the ingest in 10 s").arg(i + 1));
        goneMs.push_back((gone->arrivalNs - unpinNs) / 1e6);
        waitUntil([&] { return g_layer->uploadedCount() != uploadsPinned; }, 2000);
    }
    const Counters during = Counters::now() - before;
    const RtmpReceiver::Stats stats = receiver.stats();
    endShow(studio);
    receiver.stop();

    const double frameMs = 1000.0 / c.fps;
    std::printf("\n[%s]\n", qPrintable(describe(settings)));
    std::printf("pin -> first frame with the card at the ingest  median %.0f ms  p90 %.0f ms  (min %.0f, max %.0f; "
                "%d pins, %.1f / %.1f frames)\n",
        percentile(ingestMs, 0.5), percentile(ingestMs, 0.9), percentile(ingestMs, 0), percentile(ingestMs, 1), c.pins,
        percentile(ingestMs, 0.5) / frameMs, percentile(ingestMs, 0.9) / frameMs);
    std::printf("unpin -> first frame without it at the ingest   median %.0f ms  p90 %.0f ms\n",
        percentile(goneMs, 0.5), percentile(goneMs, 0.9));
    std::printf("pin -> first rendered frame with the card      median %.0f  p90 %.0f frames  (1 = the next frame; "
                "0: %d, 1: %d, 2: %d, 3: %d, 4+: %d)\n",
        percentile(renderedFrames, 0.5), percentile(renderedFrames, 0.9), frameHistogram[0], frameHistogram[1],
        frameHistogram[2], frameHistogram[3], frameHistogram[4]);
    std::printf("while pinning: %llu of %llu frames lagged (%.1f %%), %llu skipped by the encoder; load average %.2f "
                "-> %.2f\n",
        static_cast<unsigned long long>(during.lagged), static_cast<unsigned long long>(during.rendered),
        during.rendered ? 100.0 * during.lagged / during.rendered : 0.0,
        static_cast<unsigned long long>(during.skipped), loadBefore, loadAverage());
    std::printf("the ingest saw: %llu video packets, %llu reordered (pts != dts), decoder delay %d frames, %dx%d; "
                "bar colour without the card %s\n",
        static_cast<unsigned long long>(stats.videoPackets), static_cast<unsigned long long>(stats.reorderedPackets),
        stats.decoderDelay, stats.pictureSize.width(), stats.pictureSize.height(), qPrintable(background.name()));
    std::fflush(stdout);
    return 0;
}

enum class LagCards { None, Held, Changes };

struct LagResult {
    Counters counters;
    quint64 laggedAfterChange = 0; // lagged frames counted within 1 s after a card change
    double frameTimeMeanMs = 0; // the graphics thread's time per frame: mean of libobs's 1 s averages
    double frameTimeMaxMs = 0; // and the largest of them
    pinstage::SharedImageSource::UploadTimes uploads; // card images taken into textures meanwhile
    double rasterMsPerFrame = 0; // the rasteriser's threads' CPU time per rendered frame
    double graphicsMsPerFrame = 0; // the graphics thread's CPU time per rendered frame
};

/// A LAG_SECONDS stream to nginx-rtmp: without cards, with one card pinned throughout (Held), or
/// with a card change every CHANGE_EVERY seconds (Changes).
std::optional<LagResult> measureLag(pinstage::Studio& studio, const Config& c, LagCards cards,
    const QList<pinstage::VariantRow>& variants, QString* error)
{
    pinstage::test::NginxRtmpServer server;
    if (!server.start(error))
        return std::nullopt;
    if (!goLive(studio, { server.url(), pinstage::test::randomStreamKey() }, error))
        return std::nullopt;
    const quint64 framesAtLive = obs_get_total_frames();
    const quint64 cardUploads = g_layer->uploadedCount();
    if (cards == LagCards::Held)
        studio.show().pin(variants.front().pinCode);
    // Two seconds of frames on air to settle, as for the pins (a held card is up, and its motion
    // over, long before): counted in rendered frames, not waited out on the wall clock.
    if (!waitUntil(
            [&] {
                return obs_get_total_frames() - framesAtLive >= 2 * quint64(c.fps)
                    && (cards != LagCards::Held || g_layer->uploadedCount() != cardUploads);
            },
            30000)) {
        *error = QStringLiteral("no 2 s of frames on air (or no held card) within 30 s of going live");
        return std::nullopt;
    }
    const Counters before = Counters::now();
    const RenderCpu cpuBefore = RenderCpu::now();
    QElapsedTimer clock;
    clock.start();
    int changes = 0;
    qint64 lastChangeMs = -1'000'000;
    quint64 laggedAfterChange = 0;
    quint64 lastLagged = before.lagged;
    double frameTimeSum = 0;
    double frameTimeMax = 0;
    int frameTimeSamples = 0;
    const auto uploadsBefore = pinstage::SharedImageSource::uploadTimes(pinstage::SharedImageSource::Kind::ProductCard);
    while (clock.elapsed() < c.lagSeconds * 1000LL) {
        if (cards == LagCards::Changes && clock.elapsed() >= changes * c.changeEverySeconds * 1000LL) {
            studio.show().pin(variants.at(changes % variants.size()).pinCode);
            lastChangeMs = clock.elapsed();
            ++changes;
        }
        waitUntil([] { return false; }, 20); // the sampling period of this measurement, not a wait for a state
        const quint64 lagged = obs_get_lagged_frames();
        if (clock.elapsed() - lastChangeMs <= 1000)
            laggedAfterChange += lagged - lastLagged;
        lastLagged = lagged;
        const double frameMs = obs_get_average_frame_time_ns() / 1e6;
        frameTimeSum += frameMs;
        frameTimeMax = std::max(frameTimeMax, frameMs);
        ++frameTimeSamples;
        if (studio.show().state() != ShowController::State::Live) {
            *error = QStringLiteral("the stream stopped (%1)").arg(ShowController::stateName(studio.show().state()));
            return std::nullopt;
        }
    }
    const Counters result = Counters::now() - before;
    const RenderCpu cpuAfter = RenderCpu::now();
    const auto uploadsAfter = pinstage::SharedImageSource::uploadTimes(pinstage::SharedImageSource::Kind::ProductCard);
    pinstage::SharedImageSource::UploadTimes uploads;
    uploads.count = uploadsAfter.count - uploadsBefore.count;
    uploads.totalMs = uploadsAfter.totalMs - uploadsBefore.totalMs;
    uploads.maxMs = uploadsAfter.maxMs; // the longest since the start (the bench's own runs included)
    if (cards != LagCards::None) {
        studio.show().unpin();
        // The exit motion ends before the next run starts: the card source's size is 0x0 once it
        // has (SharedImageSource::clear).
        obs_source_t* cardSource = studio.scenes().source(QStringLiteral("Product card"));
        if (!cardSource || !waitUntil([&] { return obs_source_get_width(cardSource) == 0; }, 5000)) {
            *error = QStringLiteral("the card did not leave the program within 5 s of the unpin");
            return std::nullopt;
        }
    }
    endShow(studio);
    server.stop();
    // The total counts lagged frames too (frames libobs skipped); only the others were drawn.
    const double frames = std::max<quint64>(1, result.rendered - result.lagged);
    return LagResult { result, laggedAfterChange, frameTimeSamples ? frameTimeSum / frameTimeSamples : 0, frameTimeMax,
        uploads, (cpuAfter.rasterMs - cpuBefore.rasterMs) / frames,
        (cpuAfter.graphicsMs - cpuBefore.graphicsMs) / frames };
}

/// What drawing SOURCE at AT costs the rasteriser, measured apart from libobs's frames: under the
/// graphics lock (the graphics thread waits), SOURCE is drawn DRAWS times into a CANVAS-sized target
/// (cleared first, as libobs clears its canvas each frame; a null SOURCE: the clear alone; with
/// STRETCH scaled to the whole target, as the default scene draws the test pattern), then the
/// target is read back so that every draw has been rasterised. Returns the llvmpipe threads' CPU time
/// and the wall time per draw, in milliseconds; READBACK (when given) receives the target's pixels.
/// The target is cleared to an opaque blue, as if a camera picture were under the source.
const QColor kUnder(51, 102, 153); // what drawTimes() clears its target to

struct DrawTimes {
    double rasterMs = 0;
    double wallMs = 0;
};
DrawTimes drawTimes(
    obs_source_t* source, QPoint at, QSize canvas, int draws, QImage* readBack = nullptr, bool stretch = false)
{
    const auto w = static_cast<uint32_t>(canvas.width());
    const auto h = static_cast<uint32_t>(canvas.height());
    obs_enter_graphics();
    gs_texrender_t* target = gs_texrender_create(GS_RGBA, GS_ZS_NONE);
    gs_stagesurf_t* stage = gs_stagesurface_create(w, h, GS_RGBA);
    const auto render = [&] {
        gs_texrender_reset(target);
        if (!gs_texrender_begin(target, w, h))
            return;
        vec4 clear;
        vec4_set(&clear, kUnder.redF(), kUnder.greenF(), kUnder.blueF(), 1.0f);
        gs_enable_framebuffer_srgb(false);
        gs_clear(GS_CLEAR_COLOR, &clear, 0.0f, 0);
        // As libobs draws a scene: blending on, sRGB-aware framebuffer.
        gs_enable_framebuffer_srgb(true);
        gs_blend_state_push();
        gs_reset_blend_state();
        if (source) {
            gs_matrix_push();
            gs_matrix_translate3f(float(at.x()), float(at.y()), 0.0f);
            if (stretch && obs_source_get_width(source) > 0 && obs_source_get_height(source) > 0)
                gs_matrix_scale3f(float(canvas.width()) / float(obs_source_get_width(source)),
                    float(canvas.height()) / float(obs_source_get_height(source)), 1.0f);
            obs_source_video_render(source);
            gs_matrix_pop();
        }
        gs_blend_state_pop();
        gs_enable_framebuffer_srgb(false);
        gs_texrender_end(target);
    };
    const auto finish = [&] {
        gs_stage_texture(stage, gs_texrender_get_texture(target));
        uint8_t* data = nullptr;
        uint32_t linesize = 0;
        if (gs_stagesurface_map(stage, &data, &linesize))
            gs_stagesurface_unmap(stage);
    };
    render(); // the source takes its image, the shaders are compiled
    finish();
    const double cpuBefore = threadsCpuMs("llvmpipe-");
    QElapsedTimer wall;
    wall.start();
    for (int i = 0; i < draws; ++i)
        render();
    finish();
    const DrawTimes times { (threadsCpuMs("llvmpipe-") - cpuBefore) / draws, wall.nsecsElapsed() / 1e6 / draws };
    if (readBack) {
        uint8_t* data = nullptr;
        uint32_t linesize = 0;
        if (gs_stagesurface_map(stage, &data, &linesize)) {
            *readBack = QImage(data, int(w), int(h), int(linesize), QImage::Format_RGBA8888_Premultiplied).copy();
            gs_stagesurface_unmap(stage);
        }
    }
    gs_stagesurface_destroy(stage);
    gs_texrender_destroy(target);
    obs_leave_graphics();
    return times;
}

/// --draw-cost: the card's, its countdown's, the announcement's and the test pattern's draw, each
/// against the clear alone (see drawTimes), over ROUNDS interleaved rounds; prints the medians.
int measureDrawCost(pinstage::Studio& studio, const Config& c, const QList<pinstage::VariantRow>& variants)
{
    using pinstage::SharedImageSource;
    const auto pinnedUploads = SharedImageSource::uploadedCount(SharedImageSource::Kind::ProductCard);
    studio.show().pin(variants.front().pinCode);
    if (!waitUntil(
            [&] { return SharedImageSource::uploadedCount(SharedImageSource::Kind::ProductCard) != pinnedUploads; },
            5000))
        return fail(QStringLiteral("--draw-cost: the card source never took the card"));
    QString error;
    const auto barUploads = SharedImageSource::uploadedCount(SharedImageSource::Kind::Announcement);
    if (!studio.show().announce(QStringLiteral("Free shipping on every order tonight"), false, &error))
        return fail(error);
    if (!waitUntil(
            [&] { return SharedImageSource::uploadedCount(SharedImageSource::Kind::Announcement) != barUploads; },
            5000))
        return fail(QStringLiteral("--draw-cost: the announcement source never took the bar"));
    // The scene's sources have their images; their motions (timed by the frames' ticks) end within
    // motionMs of frames after the last upload (the bar's): wait for those frames, and two more.
    const int motionMs = std::max(SharedImageSource::motionMs(SharedImageSource::Kind::ProductCard),
        SharedImageSource::motionMs(SharedImageSource::Kind::Announcement));
    const quint64 motionEnds = g_ticks.load() + quint64((motionMs * c.fps + 999) / 1000) + 2;
    if (!waitUntil([&] { return g_ticks.load() >= motionEnds; }, 5000))
        return fail(QStringLiteral("--draw-cost: libobs rendered no frames for 5 s"));

    struct Case {
        const char* name;
        obs_source_t* source;
        QPoint at;
        std::vector<double> raster, wall;
    };
    obs_source_t* card = obs_source_create_private(SharedImageSource::productCardTypeId, "bench card", nullptr);
    obs_source_t* pattern = obs_source_create_private(SharedImageSource::testPatternTypeId, "bench pattern", nullptr);
    obs_source_t* bar = obs_source_create_private(SharedImageSource::announcementTypeId, "bench bar", nullptr);
    const pinstage::CardTemplateLayout layout = g_layer->layout();
    std::vector<Case> cases {
        { "clear only (subtracted below)", nullptr, {}, {}, {} },
        { "card", card, layout.cardRect.topLeft(), {}, {} },
        { "card with its countdown", card, layout.cardRect.topLeft(), {}, {} },
        { "announcement bar", bar, {}, {}, {} },
        { "test pattern (stretched)", pattern, {}, {}, {} },
    };
    const int draws = 30;
    QImage drawn; // the canvas with the card drawn over kUnder, read back
    for (int round = 0; round < c.drawCost; ++round) {
        for (Case& k : cases) {
            const bool countdown = std::strstr(k.name, "countdown") != nullptr;
            if (countdown) {
                pinstage::CountdownPainter::Face face;
                face.remainingSeconds = 754;
                g_layer->showCountdown(face);
            }
            const bool check = round == 0 && k.source == card && !countdown;
            const DrawTimes t
                = drawTimes(k.source, k.at, c.canvas, draws, check ? &drawn : nullptr, k.source == pattern);
            if (countdown)
                g_layer->hideCountdown();
            k.raster.push_back(t.rasterMs);
            k.wall.push_back(t.wallMs);
        }
    }
    std::printf("\n[draw cost at %dx%d: each source drawn 1:1 into a canvas-sized target, %d draws x %d rounds; "
                "load average %.2f]\n",
        c.canvas.width(), c.canvas.height(), draws, c.drawCost, loadAverage());
    const double clearRaster = percentile(cases.front().raster, 0.5);
    const double clearWall = percentile(cases.front().wall, 0.5);
    for (const Case& k : cases) {
        const bool base = k.source == nullptr;
        const QString size = k.source
            ? QStringLiteral("%1x%2").arg(obs_source_get_width(k.source)).arg(obs_source_get_height(k.source))
            : QStringLiteral("-");
        std::printf("draw %-30s %-9s rasteriser CPU median %6.2f ms (min %6.2f)  wall median %6.2f ms%s\n", k.name,
            qPrintable(size), percentile(k.raster, 0.5) - (base ? 0 : clearRaster),
            percentile(k.raster, 0) - (base ? 0 : clearRaster), percentile(k.wall, 0.5) - (base ? 0 : clearWall),
            base ? "  (absolute)" : "");
    }
    // The card as drawn must be the card image over what is under it, to the pixel (blending may
    // round a translucent pixel by one step).
    if (g_layer->current() && !drawn.isNull()) {
        const QImage image = pinstage::CardPainter::paint(
            *g_layer->current(), g_layer->canvas(), g_layer->cardTemplate(), g_layer->theme(), g_layer->safeArea());
        QImage expected(c.canvas, QImage::Format_RGBA8888_Premultiplied);
        expected.fill(kUnder);
        {
            QPainter p(&expected);
            p.drawImage(layout.cardRect.topLeft(), image);
        }
        int differing = 0, maxStep = 0;
        const QRect r = layout.cardRect.intersected(QRect(QPoint(0, 0), c.canvas));
        for (int y = r.top(); y <= r.bottom(); ++y) {
            const uchar* a = drawn.constScanLine(y) + 4 * r.left();
            const uchar* b = expected.constScanLine(y) + 4 * r.left();
            for (int i = 0; i < 4 * r.width(); i += 4) {
                int step = 0;
                for (int ch = 0; ch < 4; ++ch)
                    step = std::max(step, std::abs(int(a[i + ch]) - int(b[i + ch])));
                differing += step > 1 ? 1 : 0;
                maxStep = std::max(maxStep, step);
            }
        }
        std::printf("the card as drawn against the card image over the canvas: %d of %d pixels differ by more than one "
                    "step (largest difference %d)\n",
            differing, r.width() * r.height(), maxStep);
    }
    std::fflush(stdout);
    obs_source_release(card);
    obs_source_release(pattern);
    obs_source_release(bar);
    studio.show().clearAnnouncement();
    studio.show().unpin();
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    QStringList rawArgs;
    for (int i = 0; i < argc; ++i)
        rawArgs.append(QString::fromLocal8Bit(argv[i]));
    const std::optional<Config> config = parse(rawArgs);
    if (!config)
        return 2;
    const Config& c = *config;

    pinstage::test::XvfbServer xvfb;
    QString error;
    if (!xvfb.start(&error))
        return fail(error);
    qputenv("DISPLAY", xvfb.display().toUtf8());
    qputenv("QT_QPA_PLATFORM", "xcb");
    QGuiApplication app(argc, argv);
    QTemporaryDir dir;

    pinstage::Studio::Options options;
    options.dataDir = dir.path();
    options.camera = QStringLiteral("none");
    options.microphone = QStringLiteral("none");
    options.video.canvas = c.canvas;
    options.video.fps = c.fps;
    auto studio = pinstage::Studio::create(options, &error);
    if (!studio)
        return fail(error);
    const QList<pinstage::VariantRow> variants = studio->catalog().variants(0, 50);
    if (variants.isEmpty())
        return fail(QStringLiteral("the demo catalog is empty"));
    g_layer = &studio->cardLayer();
    g_lastUploads = g_layer->uploadedCount();
    obs_add_tick_callback(onTick, nullptr);

    std::printf("bench_card_latency: %dx%d@%d, default scene collection (test pattern, card), load average %.2f, "
                "%d cores\n",
        c.canvas.width(), c.canvas.height(), c.fps, loadAverage(), QThread::idealThreadCount());
    // The card stage warms the card memory up in the background when it starts (as in the app, where
    // the first pin comes seconds later); the paints below start once it is done.
    {
        QElapsedTimer warm;
        warm.start();
        const size_t want = pinstage::ProductCardLayer::warmBytes(c.canvas);
        const bool warmed = waitUntil([&] { return pinstage::CardMemory::touchedBytes() >= want; }, 20000);
        std::printf("card memory warmed up by the card stage: %zu of %zu MB (%s after the studio was up)\n",
            pinstage::CardMemory::touchedBytes() >> 20, want >> 20,
            warmed ? qPrintable(QStringLiteral("%1 ms").arg(warm.elapsed())) : "not done in 20 s");
    }

    // Card paint time at 1080x1920, whatever the canvas (the card stage's worker paints on each pin).
    // Printed for each case a seller meets, honestly apart:
    //   cold      the first paint of a product never seen (nothing of it cached: its photo is scaled to
    //             the card and its text shaped now), what an unprepared pin of a new product costs;
    //   prepared  the pin of a card painted before (CardStage::prepare of Next up): a cache lookup;
    //   re-pin    the same product pinned again later (a lookup too);
    //   stock     a prepared card repainted with other live stock ("Only 2 left!"): its photo and body
    //             are cached, only the text is drawn again.
    // Each cycle empties CardPainter's caches first; Qt's font engines and glyph caches stay warm after
    // the first card of the process, as in a show (that first card is printed on its own).
    {
        const QSize paintCanvas(1080, 1920);
        const pinstage::CardTheme theme;
        struct Times {
            std::vector<double> wall, cpu;
        };
        pinstage::CardTemplate tmpl = pinstage::CardTemplate::defaultTemplate();
        const auto paintMs = [&](const pinstage::CardContent& card, Times* into = nullptr) {
            const double cpuBefore = threadCpuMs();
            QElapsedTimer paint;
            paint.start();
            const QImage image = pinstage::CardPainter::paint(card, paintCanvas, tmpl, theme);
            const double wall = paint.nsecsElapsed() / 1e6;
            if (into) {
                into->wall.push_back(wall);
                into->cpu.push_back(threadCpuMs() - cpuBefore);
            }
            return wall;
        };
        std::vector<pinstage::CardContent> cards;
        for (const pinstage::VariantRow& v : variants)
            cards.push_back(pinstage::PinController::cardFor(v, pinstage::Clock::system().now()));
        pinstage::CardPainter::clearCaches();
        const double firstOfProcess = paintMs(cards.front());
        const int cycles = std::max(1, int((c.paintRounds + cards.size() - 1) / cards.size()));
        struct Cases {
            Times cold, prepared, repin, stock;
            int repinsCached = 0; // re-pins that found their finished card in the cache
        };
        const auto measure = [&] {
            Cases m;
            for (int cycle = 0; cycle < cycles; ++cycle) {
                pinstage::CardPainter::clearCaches();
                for (const pinstage::CardContent& card : cards)
                    paintMs(card, &m.cold);
                pinstage::CardPainter::clearCaches();
                for (const pinstage::CardContent& card : cards) {
                    pinstage::CardPainter::paint(card, paintCanvas, tmpl, theme); // prepare (Next up)
                    paintMs(card, &m.prepared); // its pin
                    pinstage::CardContent changed = card;
                    changed.stock = card.stock.value_or(10) - 1 - cycle;
                    paintMs(changed, &m.stock);
                }
                for (const pinstage::CardContent& card : cards) {
                    m.repinsCached += pinstage::CardPainter::isCached(card, paintCanvas, tmpl, theme) ? 1 : 0;
                    paintMs(card, &m.repin);
                }
            }
            return m;
        };
        const Cases corner = measure();
        const auto line = [](const char* what, const std::vector<double>& ms) {
            std::printf("card paint at 1080x1920, %-9s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms  (%zu paints)\n", what,
                percentile(ms, 0.5), percentile(ms, 0.99), percentile(ms, 1), ms.size());
        };
        std::printf("card paint at 1080x1920: the first card of the process (fonts loading) %.2f ms; %zu products, "
                    "%d cycles, libobs rendering meanwhile\n",
            firstOfProcess, cards.size(), cycles);
        line("cold", corner.cold.wall);
        line("prepared", corner.prepared.wall);
        line("re-pin", corner.repin.wall);
        line("stock", corner.stock.wall);
        // Added lines: thread CPU time of the same paints, and the other templates.
        const auto cpuLine = [](const QString& what, const Times& t) {
            std::printf("card paint at 1080x1920, %-22s cpu p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms  (wall p99 "
                        "%.2f ms)\n",
                qPrintable(what), percentile(t.cpu, 0.5), percentile(t.cpu, 0.99), percentile(t.cpu, 1),
                percentile(t.wall, 0.99));
        };
        cpuLine(QStringLiteral("corner cold"), corner.cold);
        cpuLine(QStringLiteral("corner prepared"), corner.prepared);
        cpuLine(QStringLiteral("corner re-pin"), corner.repin);
        cpuLine(QStringLiteral("corner stock"), corner.stock);
        std::printf("card paint at 1080x1920, re-pins whose finished card was still cached: %d of %zu; stock changes "
                    "drawn as their stock rows only: %llu\n",
            corner.repinsCached, corner.repin.wall.size(),
            static_cast<unsigned long long>(pinstage::CardPainter::stockRowRepaints()));
        for (const QString& name : c.allTemplates
                ? QStringList { QStringLiteral("lower-third"), QStringLiteral("spotlight") }
                : QStringList()) {
            tmpl = *pinstage::CardTemplate::byName(name);
            const Cases other = measure();
            line(qPrintable(name + QStringLiteral(" cold")), other.cold.wall);
            line(qPrintable(name + QStringLiteral(" stock")), other.stock.wall);
            cpuLine(name + QStringLiteral(" cold"), other.cold);
            cpuLine(name + QStringLiteral(" stock"), other.stock);
        }
        std::fflush(stdout);
    }

    // The flash-sale countdown's tick: mm:ss painted into its patch (the template's countdownRect)
    // and handed to the card source, off the graphics thread, exactly as ProductCardLayer does it
    // every second of a sale. The card image itself must not be uploaded again.
    {
        std::vector<double> tickMs;
        const quint64 cardUploadsBefore
            = pinstage::SharedImageSource::uploadedCount(pinstage::SharedImageSource::Kind::ProductCard);
        for (int i = 0; i < c.paintRounds; ++i) {
            pinstage::CountdownPainter::Face face;
            face.remainingSeconds = 3600 - i;
            QElapsedTimer tick;
            tick.start();
            g_layer->showCountdown(face);
            tickMs.push_back(tick.nsecsElapsed() / 1e6);
        }
        g_layer->hideCountdown();
        const QRect patch = g_layer->countdownRect();
        std::printf("countdown tick at %dx%d (%dx%d patch)           p50 %.2f ms  p99 %.2f ms  (%d ticks; card "
                    "uploads meanwhile: %llu)\n",
            c.canvas.width(), c.canvas.height(), patch.width(), patch.height(), percentile(tickMs, 0.5),
            percentile(tickMs, 0.99), c.paintRounds,
            static_cast<unsigned long long>(
                pinstage::SharedImageSource::uploadedCount(pinstage::SharedImageSource::Kind::ProductCard)
                - cardUploadsBefore));
    }

    if (c.drawCost > 0) {
        if (const int rc = measureDrawCost(*studio, c, variants))
            return rc;
    }

    if (c.ingest) {
        for (const EncoderSettings::Profile profile : c.profiles) {
            if (const int rc = measureIngest(*studio, c, profile, variants))
                return rc;
        }
    }

    if (c.lag) {
        const EncoderSettings settings = encoderFor(c, EncoderSettings::Profile::LiveSelling);
        if (!useEncoder(*studio, settings, &error))
            return fail(error);
        std::printf("\n[lagged frames, %d s to nginx-rtmp, %s]\n", c.lagSeconds, qPrintable(describe(settings)));
        std::fflush(stdout);
        std::map<LagCards, Counters> totals;
        QList<LagCards> round { LagCards::None, LagCards::Changes };
        if (c.lagHeld)
            round.insert(1, LagCards::Held);
        for (int pair = 0; pair < c.lagPairs; ++pair) {
            for (const LagCards cards : round) {
                const double loadBefore = loadAverage();
                const std::optional<LagResult> result = measureLag(*studio, c, cards, variants, &error);
                if (!result)
                    return fail(error);
                const Counters& counters = result->counters;
                Counters& total = totals[cards];
                total.rendered += counters.rendered;
                total.lagged += counters.lagged;
                total.skipped += counters.skipped;
                const QString label = cards == LagCards::Changes
                    ? QStringLiteral("card change every %1 s:").arg(c.changeEverySeconds)
                    : cards == LagCards::Held ? QStringLiteral("one card held (no change):")
                                              : QStringLiteral("without cards:");
                std::printf("%-30s %llu of %llu frames lagged (%.2f %%), %llu skipped by the encoder; load average "
                            "%.2f -> %.2f\n",
                    qPrintable(label), static_cast<unsigned long long>(counters.lagged),
                    static_cast<unsigned long long>(counters.rendered),
                    counters.rendered ? 100.0 * counters.lagged / counters.rendered : 0.0,
                    static_cast<unsigned long long>(counters.skipped), loadBefore, loadAverage());
                if (cards == LagCards::Changes)
                    std::printf("  of which within 1 s after a card change: %llu\n",
                        static_cast<unsigned long long>(result->laggedAfterChange));
                std::printf("  graphics thread per frame: mean %.1f ms, worst 1 s average %.1f ms; card uploads %llu, "
                            "%.2f ms each on average (longest so far %.2f ms)\n",
                    result->frameTimeMeanMs, result->frameTimeMaxMs,
                    static_cast<unsigned long long>(result->uploads.count),
                    result->uploads.count ? result->uploads.totalMs / result->uploads.count : 0.0,
                    result->uploads.maxMs);
                std::printf(
                    "  CPU per rendered frame: rasteriser (llvmpipe threads) %.2f ms, graphics thread %.2f ms\n",
                    result->rasterMsPerFrame, result->graphicsMsPerFrame);
                std::fflush(stdout);
            }
        }
        if (c.lagPairs > 1) {
            std::printf("over %d interleaved rounds:", c.lagPairs);
            for (const LagCards cards : round) {
                const Counters& t = totals[cards];
                std::printf("  %s %llu of %llu lagged (%.2f %%);",
                    cards == LagCards::Changes    ? "card changes"
                        : cards == LagCards::Held ? "card held"
                                                  : "without cards",
                    static_cast<unsigned long long>(t.lagged), static_cast<unsigned long long>(t.rendered),
                    t.rendered ? 100.0 * t.lagged / t.rendered : 0.0);
            }
            std::printf("\n");
            std::fflush(stdout);
        }
    }

    obs_remove_tick_callback(onTick, nullptr);
    g_layer = nullptr;
    studio.reset();
    return 0;
}
