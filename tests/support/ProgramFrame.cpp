// SPDX-License-Identifier: GPL-2.0-or-later
#include "ProgramFrame.h"

#include <QTest>

#include <obs.h>

#include <mutex>

namespace pinstage::test {

namespace {

    struct FrameGrab {
        std::mutex mutex;
        QSize size;
        QImage image;
        int skip = 0;
    };

    void onRawFrame(void* param, video_data* frame)
    {
        // libobs video thread: copy one frame.
        auto* grab = static_cast<FrameGrab*>(param);
        std::lock_guard lock(grab->mutex);
        if (!grab->image.isNull())
            return;
        if (grab->skip > 0) {
            --grab->skip;
            return;
        }
        grab->image = QImage(
            frame->data[0], grab->size.width(), grab->size.height(), int(frame->linesize[0]), QImage::Format_RGBA8888)
                          .copy();
    }

} // namespace

QImage grabProgramFrame(const QSize& canvas, int skipFrames, int timeoutMs)
{
    FrameGrab grab;
    grab.size = canvas;
    grab.skip = skipFrames;
    video_scale_info conversion = {};
    conversion.format = VIDEO_FORMAT_RGBA;
    conversion.width = uint32_t(canvas.width());
    conversion.height = uint32_t(canvas.height());
    conversion.range = VIDEO_RANGE_FULL;
    conversion.colorspace = VIDEO_CS_709;
    obs_add_raw_video_callback(&conversion, &onRawFrame, &grab);
    const bool got = QTest::qWaitFor(
        [&grab] {
            std::lock_guard lock(grab.mutex);
            return !grab.image.isNull();
        },
        timeoutMs);
    obs_remove_raw_video_callback(&onRawFrame, &grab);
    std::lock_guard lock(grab.mutex);
    return got ? grab.image : QImage();
}

} // namespace pinstage::test
