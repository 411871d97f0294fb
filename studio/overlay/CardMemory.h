// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QImage>
#include <QSize>

#include <cstddef>

namespace pinstage {

/// Memory for card images (cards, scaled photos), kept warm and reused.
///
/// Why: the first write to a page the process has never used costs a fault, and on a virtual
/// machine such as the 2-core development one that is a trip to the host: 3-7 ms of CPU per MB,
/// whether the pages are 4 KiB or 2 MiB (the host backs the guest's memory lazily). A 1080x1920
/// corner card is 1.1 MB, a spotlight card 5.5 MB, so a card painted into fresh memory cost
/// several times more than the painting (bench_card_latency: cold paints of 9-16 ms CPU against
/// under 1 ms into memory used before).
///
/// So card images come from one arena (arenaBytes() of address space, reserved once, huge pages
/// asked for) in 64 KiB units, first fit from the lowest address, so that the memory in use stays
/// in the part already touched. The arena is never given back: what has been used once stays warm
/// (the process keeps its high-water mark, bounded by the card caches). prefault() touches the
/// arena's first bytes ahead of time (the card stage does it in small steps when it starts), so
/// even the first cards of a show are painted into warm memory. When the arena is full, images
/// are plain QImages.
///
/// Thread contract: any thread; an image may die on any thread (its units come back here).
class CardMemory {
public:
    /// An uninitialised premultiplied RGBA image of SIZE (pixels) in the arena; a plain QImage when
    /// SIZE is empty or the arena has no room.
    static QImage image(QSize size);
    /// A copy of IMAGE (converted to premultiplied RGBA) in the arena.
    static QImage copy(const QImage& image);

    /// Touches the free part of the arena's first BYTES, at most STEP bytes of it per call (so a
    /// caller can interleave it with other work). Returns true when the first BYTES have all been
    /// touched. Cheap once done.
    static bool prefault(size_t bytes, size_t step = size_t(2) * 1024 * 1024);

    /// The address space reserved for the arena (bytes).
    static constexpr size_t arenaBytes() { return size_t(512) * 1024 * 1024; }
    /// Bytes of the arena used by images now.
    static size_t usedBytes();
    /// The arena's bytes written at least once (its high-water mark, prefault() included).
    static size_t touchedBytes();
};

} // namespace pinstage
