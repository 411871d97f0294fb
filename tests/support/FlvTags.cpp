// SPDX-License-Identifier: GPL-2.0-or-later
#include "FlvTags.h"

#include <QFile>
#include <QFileInfo>

namespace pinstage::test {
namespace {

    quint32 be24(const uchar* p)
    {
        return (quint32(p[0]) << 16) | (quint32(p[1]) << 8) | quint32(p[2]);
    }

    quint32 be32(const uchar* p)
    {
        return (quint32(p[0]) << 24) | be24(p + 1);
    }

} // namespace

std::optional<FlvTags> scanFlv(const QString& path, QString* error)
{
    auto fail = [&](const QString& why) -> std::optional<FlvTags> {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, why);
        return std::nullopt;
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(file.errorString());
    const QByteArray bytes = file.readAll();
    const auto* data = reinterpret_cast<const uchar*>(bytes.constData());
    const qint64 size = bytes.size();

    FlvTags tags;
    constexpr qint64 kHeader = 9;
    if (size < kHeader + 4)
        return tags; // not written yet
    if (data[0] != 'F' || data[1] != 'L' || data[2] != 'V')
        return fail(QStringLiteral("byte 0: not an FLV file"));
    const qint64 headerSize = be32(data + 5);
    if (headerSize < kHeader)
        return fail(QStringLiteral("byte 5: FLV header size %1 is too small").arg(headerSize));

    qint64 at = headerSize + 4; // the header, then PreviousTagSize0
    tags.completeBytes = at;
    constexpr qint64 kTagHeader = 11;
    while (at + kTagHeader <= size) {
        const uchar* tag = data + at;
        const int type = tag[0] & 0x1f;
        const qint64 dataSize = be24(tag + 1);
        const qint64 end = at + kTagHeader + dataSize + 4; // data, then PreviousTagSize
        if (end > size)
            break; // still being written
        if (type != 8 && type != 9 && type != 18)
            return fail(QStringLiteral("byte %1: unknown FLV tag type %2").arg(at).arg(type));
        const qint64 timestampMs = qint64(be24(tag + 4)) | (qint64(tag[7]) << 24);
        const uchar* body = tag + kTagHeader;
        if (type == 9 && dataSize >= 1) {
            const int frameType = body[0] >> 4;
            const int codec = body[0] & 0x0f;
            // H.264 (codec 7): the second byte says sequence header (0), picture (1) or end (2).
            const bool picture = codec != 7 || (dataSize >= 2 && body[1] == 1);
            if (picture && frameType != 5) { // 5: video info / command frame
                if (tags.firstVideoMs < 0) {
                    tags.firstVideoMs = timestampMs;
                    tags.firstVideoIsKeyframe = frameType == 1;
                }
                tags.lastVideoMs = timestampMs;
                ++tags.videoFrames;
            }
        } else if (type == 8 && dataSize >= 1) {
            const int format = body[0] >> 4;
            // AAC (format 10): the second byte says sequence header (0) or raw samples (1).
            if (format != 10 || (dataSize >= 2 && body[1] == 1))
                ++tags.audioFrames;
        }
        at = end;
        tags.completeBytes = at;
    }
    return tags;
}

double ingestVideoSeconds(const QString& path)
{
    const std::optional<FlvTags> tags = QFileInfo::exists(path) ? scanFlv(path) : std::nullopt;
    return tags && tags->videoFrames > 0 ? tags->videoSeconds() : -1.0;
}

} // namespace pinstage::test
