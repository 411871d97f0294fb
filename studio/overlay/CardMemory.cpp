// SPDX-License-Identifier: GPL-2.0-or-later
#include "overlay/CardMemory.h"

#include <QMutex>
#include <QMutexLocker>

#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

namespace pinstage {
namespace {

    constexpr size_t kUnit = size_t(64) * 1024; // the smallest piece an image takes
    constexpr size_t kHugePage = size_t(2) * 1024 * 1024;

    // Units [first, first + count) of the arena, held by one image.
    struct Block {
        size_t first;
        size_t count;
    };

    class Arena {
    public:
        Arena()
        {
            // Address space only (no memory is committed until written), aligned to a huge page.
            const size_t span = CardMemory::arenaBytes() + kHugePage;
            void* raw
                = ::mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
            if (raw == MAP_FAILED)
                return;
            const auto start = reinterpret_cast<uintptr_t>(raw);
            const uintptr_t aligned = (start + kHugePage - 1) & ~(uintptr_t(kHugePage) - 1);
            if (aligned > start)
                ::munmap(raw, aligned - start);
            const uintptr_t end = start + span;
            const uintptr_t alignedEnd = aligned + CardMemory::arenaBytes();
            if (end > alignedEnd)
                ::munmap(reinterpret_cast<void*>(alignedEnd), end - alignedEnd);
            m_base = reinterpret_cast<uchar*>(aligned);
            // A hint: fewer faults where the kernel has transparent huge pages.
            ::madvise(m_base, CardMemory::arenaBytes(), MADV_HUGEPAGE);
            m_used.assign(CardMemory::arenaBytes() / kUnit, false);
        }

        // The first free run of COUNT units, marked used; nullopt when none.
        std::optional<Block> take(size_t count)
        {
            QMutexLocker lock(&m_mutex);
            if (!m_base || count == 0 || count > m_used.size())
                return std::nullopt;
            size_t run = 0;
            for (size_t i = m_firstFree; i < m_used.size(); ++i) {
                run = m_used[i] ? 0 : run + 1;
                if (run == count) {
                    const size_t first = i + 1 - count;
                    std::fill(m_used.begin() + qsizetype(first), m_used.begin() + qsizetype(i + 1), true);
                    m_usedUnits += count;
                    m_touchedUnits = std::max(m_touchedUnits, i + 1);
                    if (first == m_firstFree)
                        advanceFirstFree();
                    return Block { first, count };
                }
            }
            return std::nullopt;
        }

        void give(const Block& block)
        {
            QMutexLocker lock(&m_mutex);
            std::fill(
                m_used.begin() + qsizetype(block.first), m_used.begin() + qsizetype(block.first + block.count), false);
            m_usedUnits -= block.count;
            m_firstFree = std::min(m_firstFree, block.first);
        }

        uchar* at(size_t unit) const { return m_base + unit * kUnit; }

        bool prefault(size_t bytes, size_t step)
        {
            const size_t target = std::min(bytes, CardMemory::arenaBytes()) / kUnit;
            std::vector<Block> held;
            {
                QMutexLocker lock(&m_mutex);
                if (!m_base || m_prefaulted >= target)
                    return true;
                // The free units of the next STEP bytes, held while they are written (an image
                // cannot take them meanwhile); units in use were written by their image already.
                const size_t end = std::min(target, m_prefaulted + std::max<size_t>(1, step / kUnit));
                for (size_t i = m_prefaulted; i < end; ++i) {
                    if (m_used[i])
                        continue;
                    m_used[i] = true;
                    held.push_back({ i, 1 });
                }
                m_prefaulted = end;
                m_touchedUnits = std::max(m_touchedUnits, end);
                advanceFirstFree();
            }
            for (const Block& b : held)
                std::memset(at(b.first), 0, kUnit);
            QMutexLocker lock(&m_mutex);
            for (const Block& b : held) {
                m_used[b.first] = false;
                m_firstFree = std::min(m_firstFree, b.first);
            }
            return m_prefaulted >= target;
        }

        size_t usedBytes()
        {
            QMutexLocker lock(&m_mutex);
            return m_usedUnits * kUnit;
        }

        size_t touchedBytes()
        {
            QMutexLocker lock(&m_mutex);
            return m_touchedUnits * kUnit;
        }

    private:
        // Under m_mutex.
        void advanceFirstFree()
        {
            while (m_firstFree < m_used.size() && m_used[m_firstFree])
                ++m_firstFree;
        }

        QMutex m_mutex;
        uchar* m_base = nullptr;
        std::vector<bool> m_used; // one per unit
        size_t m_firstFree = 0; // no free unit below it
        size_t m_usedUnits = 0;
        size_t m_touchedUnits = 0; // every unit below it has been written
        size_t m_prefaulted = 0; // prefault() has gone this far
    };

    Arena& arena()
    {
        static Arena* instance = new Arena; // never destroyed: images may die after static destruction
        return *instance;
    }

    struct Held {
        Block block;
    };

} // namespace

QImage CardMemory::image(QSize size)
{
    if (size.isEmpty())
        return QImage(size, QImage::Format_RGBA8888_Premultiplied);
    const qsizetype bytesPerLine = qsizetype(size.width()) * 4;
    const size_t bytes = size_t(bytesPerLine) * size_t(size.height());
    const std::optional<Block> block = arena().take((bytes + kUnit - 1) / kUnit);
    if (!block)
        return QImage(size, QImage::Format_RGBA8888_Premultiplied);
    return QImage(
        arena().at(block->first), size.width(), size.height(), bytesPerLine, QImage::Format_RGBA8888_Premultiplied,
        [](void* info) {
            auto* held = static_cast<Held*>(info);
            arena().give(held->block);
            delete held;
        },
        new Held { *block });
}

QImage CardMemory::copy(const QImage& image)
{
    const QImage source = image.format() == QImage::Format_RGBA8888_Premultiplied
        ? image
        : image.convertToFormat(QImage::Format_RGBA8888_Premultiplied);
    QImage out = CardMemory::image(source.size());
    if (out.isNull() || out.bytesPerLine() != source.bytesPerLine())
        return source.copy();
    std::memcpy(out.bits(), source.constBits(), size_t(source.sizeInBytes()));
    return out;
}

bool CardMemory::prefault(size_t bytes, size_t step)
{
    return arena().prefault(bytes, step);
}

size_t CardMemory::usedBytes()
{
    return arena().usedBytes();
}

size_t CardMemory::touchedBytes()
{
    return arena().touchedBytes();
}

} // namespace pinstage
