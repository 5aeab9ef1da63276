#pragma once
// Asks the kernel to back a large table with 2 MB pages (transparent huge pages, when the
// system allows them for regions that ask: `madvise` or `always` in
// /sys/kernel/mm/transparent_hugepage/enabled). At a million applications the engine's
// records, blobs and indexes span hundreds of megabytes read at random; with 4 KB pages most
// of those reads also miss the TLB. A hint only: nothing changes where it is not honoured.

#include <cstddef>

namespace nudge::detail {

/// Advises the whole 2 MB-aligned part of [p, p + bytes) (tables under 4 MB are left alone).
void advise_huge_pages(const void* p, std::size_t bytes);

}  // namespace nudge::detail
