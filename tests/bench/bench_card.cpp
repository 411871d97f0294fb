// SPDX-License-Identifier: GPL-2.0-or-later
// Prints how long a product card takes to paint, and how long a pin takes to reach the libobs
// graphics thread (the frame after which the card is in the program), at 1080x1920@30.
// Usage: bench_card [ROUNDS]   (starts its own Xvfb unless PINSTAGE_TEST_USE_DISPLAY is set)
#include "XvfbServer.h"

#include "catalog/Catalog.h"
#include "overlay/CardPainter.h"
#include "overlay/ProductCardLayer.h"
#include "show/PinController.h"
#include "show/ShowController.h"
#include "show/Studio.h"
#include "util/Clock.h"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>

namespace {

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    const size_t index = std::min(values.size() - 1, static_cast<size_t>(p * (values.size() - 1) + 0.5));
    return values[index];
}

} // namespace

int main(int argc, char** argv)
{
    const int rounds = argc > 1 ? std::max(5, atoi(argv[1])) : 60;
    pinstage::test::XvfbServer xvfb;
    QString error;
    if (!xvfb.start(&error)) {
        std::fprintf(stderr, "bench_card: %s\n", qPrintable(error));
        return 1;
    }
    qputenv("DISPLAY", xvfb.display().toUtf8());
    qputenv("QT_QPA_PLATFORM", "xcb");
    QGuiApplication app(argc, argv);
    QTemporaryDir dir;

    pinstage::Studio::Options options;
    options.dataDir = dir.path();
    options.camera = QStringLiteral("none");
    auto studio = pinstage::Studio::create(options, &error);
    if (!studio) {
        std::fprintf(stderr, "bench_card: %s\n", qPrintable(error));
        return 1;
    }
    const QList<pinstage::VariantRow> variants = studio->catalog().variants(0, 50);
    if (variants.isEmpty()) {
        std::fprintf(stderr, "bench_card: the demo catalog is empty\n");
        return 1;
    }

    std::vector<double> paintMs;
    std::vector<double> pinToUploadMs;
    pinstage::ProductCardLayer& layer = studio->cardLayer();
    for (int i = 0; i < rounds; ++i) {
        const pinstage::VariantRow& v = variants.at(i % variants.size());
        QElapsedTimer paint;
        paint.start();
        const QImage card = pinstage::CardPainter::paint(
            pinstage::PinController::cardFor(v, pinstage::Clock::system().now()), options.video.canvas);
        paintMs.push_back(paint.nsecsElapsed() / 1e6);

        const quint64 before = layer.uploadedCount();
        QElapsedTimer pin;
        pin.start();
        studio->show().pin(v.pinCode);
        while (layer.uploadedCount() == before && pin.elapsed() < 2000)
            QThread::usleep(200);
        pinToUploadMs.push_back(pin.nsecsElapsed() / 1e6);
        QThread::msleep(40); // let a frame pass between pins, as a producer would
    }
    const double frameMs = 1000.0 / options.video.fps;
    std::printf("bench_card: %d rounds at %dx%d@%d\n", rounds, options.video.canvas.width(),
        options.video.canvas.height(), options.video.fps);
    std::printf("card paint (photo load excluded)  p50 %.2f ms  p99 %.2f ms\n", percentile(paintMs, 0.5),
        percentile(paintMs, 0.99));
    std::printf("pin -> graphics thread upload     p50 %.2f ms  p99 %.2f ms  (%.2f / %.2f frames)\n",
        percentile(pinToUploadMs, 0.5), percentile(pinToUploadMs, 0.99), percentile(pinToUploadMs, 0.5) / frameMs,
        percentile(pinToUploadMs, 0.99) / frameMs);
    studio.reset();
    return 0;
}
