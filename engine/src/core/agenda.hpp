#pragma once
// The timer queue: entries (application, due time), popped in (time, application) order.
// Three parts share one buffer. Entries due at or after `horizon_` sit unsorted at the back
// (the far list). When the clock passes the horizon, `refill` moves the next span of them
// (2^kSpanShift seconds) to the front with one sequential scan and sorts them: the run,
// popped from its front. Entries pushed before the horizon in the meantime (an event's
// re-plan, a next due time within the span) go to a small binary heap after the run; a pop
// takes the earlier of the run's front and the heap's top. At 1M applications a heap of every
// entry missed the cache on most levels of each sift; the run and the small heap do not.
// Entries are invalidated lazily (the application's next due time moved) and compacted in
// place, so the steady state allocates nothing.

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

#include "core/radix.hpp"

namespace nudge::detail {

/// An application's next due time. It is live while the application's `next_due` still
/// equals `at`; otherwise it is stale and skipped.
struct __attribute__((packed, aligned(4))) AgendaEntry {
  std::int64_t at = 0;
  std::uint32_t app = 0;
};
static_assert(sizeof(AgendaEntry) == 12, "12-byte agenda entries");

class Agenda {
 public:
  /// Seconds of due times one refill moves into the run (about 4.5 hours).
  static constexpr int kSpanShift = 14;

  void push(AgendaEntry e) {
    if (run_end_ + heap_ + far_ == capacity_) make_room();
    if (e.at < horizon_) {
      AgendaEntry* h = buf_.get() + run_end_;
      h[heap_] = e;
      ++heap_;
      std::push_heap(h, h + heap_, later);
    } else {
      ++far_;
      buf_[capacity_ - far_] = e;
      if (e.at < far_min_) far_min_ = e.at;
    }
  }
  /// A lower bound of every entry's time (stale entries included), or INT64_MAX when empty.
  /// Exact for the near part; for the far list, the least time pushed since its last scan.
  std::int64_t earliest() const {
    std::int64_t t = far_ > 0 ? far_min_ : kEmpty;
    // Entries are packed (12 bytes): read `at` by value, never bind a reference to it.
    if (run_pos_ < run_end_) t = min_of(t, buf_[run_pos_].at);
    if (heap_ > 0) t = min_of(t, buf_[run_end_].at);
    return t;
  }
  /// True when no entry is due at or before `t` (refills the run from the far list first
  /// when `t` is past the horizon).
  bool none_due(std::int64_t t) {
    if (t >= horizon_ && far_ > 0 && near_empty_or_after(t)) refill(t);
    return near_empty_or_after(t);
  }
  /// The earliest entry; only after none_due(t) returned false.
  AgendaEntry pop() {
    AgendaEntry* h = buf_.get() + run_end_;
    if (run_pos_ < run_end_ && (heap_ == 0 || !later(buf_[run_pos_], h[0]))) {
      return buf_[run_pos_++];
    }
    std::pop_heap(h, h + heap_, later);
    --heap_;
    return h[heap_];
  }
  std::size_t size() const { return run_end_ - run_pos_ + heap_ + far_; }
  /// The buffer, for memory advice (advise_huge_pages).
  const void* data() const { return buf_.get(); }
  std::size_t bytes() const { return capacity_ * sizeof(AgendaEntry); }
  std::size_t capacity() const { return capacity_; }
  void reserve(std::size_t n) {
    if (n > capacity_) grow(n);
  }
  void clear() {
    run_pos_ = 0;
    run_end_ = 0;
    heap_ = 0;
    far_ = 0;
    far_min_ = kEmpty;
    horizon_ = kNoHorizon;
  }
  /// Drops the entries `stale(entry)` says are outdated, in place.
  template <class Stale>
  void compact(Stale stale) {
    AgendaEntry* b = buf_.get();
    // The run keeps its order, moved to the front; the heap follows it and is rebuilt.
    std::size_t w = 0;  // never past the read position
    for (std::size_t r = run_pos_; r < run_end_; ++r) {
      if (!stale(b[r])) b[w++] = b[r];
    }
    const std::size_t run_kept = w;
    for (std::size_t r = run_end_; r < run_end_ + heap_; ++r) {
      if (!stale(b[r])) b[w++] = b[r];
    }
    run_pos_ = 0;
    run_end_ = run_kept;
    heap_ = w - run_kept;
    std::make_heap(b + run_end_, b + w, later);
    // Keep the far list packed against the end of the buffer.
    AgendaEntry* far_begin = b + capacity_ - far_;
    AgendaEntry* kept = std::remove_if(std::make_reverse_iterator(b + capacity_),
                                       std::make_reverse_iterator(far_begin), stale)
                            .base();
    far_ = static_cast<std::size_t>(b + capacity_ - kept);
    far_min_ = kEmpty;
    for (const AgendaEntry* e = kept; e < b + capacity_; ++e) far_min_ = min_of(far_min_, e->at);
  }

 private:
  static constexpr std::int64_t min_of(std::int64_t a, std::int64_t b) { return a < b ? a : b; }
  // Before the first refill every entry goes to the far list.
  static constexpr std::int64_t kNoHorizon = std::numeric_limits<std::int64_t>::min();

 public:
  static constexpr std::int64_t kEmpty = std::numeric_limits<std::int64_t>::max();

 private:
  // Comparators as function objects, so that the heap and sort algorithms inline them.
  struct Later {
    bool operator()(const AgendaEntry& a, const AgendaEntry& b) const {
      return a.at != b.at ? a.at > b.at : a.app > b.app;
    }
  };
  struct Earlier {
    bool operator()(const AgendaEntry& a, const AgendaEntry& b) const { return Later{}(b, a); }
  };
  static constexpr Later later{};
  static constexpr Earlier earlier{};

  bool near_empty_or_after(std::int64_t t) const {
    const bool run_after = run_pos_ == run_end_ || buf_[run_pos_].at > t;
    return run_after && (heap_ == 0 || buf_[run_end_].at > t);
  }
  // Moves the horizon past `t` by one span and the far entries before it to the near part.
  // Every near entry is due before the old horizon, so when `t` passed it they were all
  // popped: the near part is empty and the moved entries become the new run, sorted. (Were
  // it not empty, they would go to the heap, which stays correct.)
  void refill(std::int64_t t) {
    const std::int64_t span = std::int64_t{1} << kSpanShift;
    constexpr std::int64_t kLast = std::numeric_limits<std::int64_t>::max();
    const std::int64_t base = (t >> kSpanShift) << kSpanShift;
    horizon_ = base > kLast - span ? kLast : base + span;
    const bool fresh_run = run_pos_ == run_end_ && heap_ == 0;
    if (fresh_run) {
      run_pos_ = 0;
      run_end_ = 0;
    }
    AgendaEntry* b = buf_.get();
    far_min_ = kEmpty;         // recomputed from the entries that stay far
    std::int64_t lo = kEmpty;  // the moved entries' earliest and latest times, largest slot
    std::int64_t hi = kNoHorizon;
    std::uint32_t top_app = 0;
    // [capacity_ - far_, i) holds examined entries that stay far; an entry that moves leaves
    // its place to the far list's first entry, which was examined already. The near part
    // grows below the far list's start, which moves up with each entry taken.
    for (std::size_t i = capacity_ - far_; i < capacity_; ++i) {
      if (b[i].at >= horizon_) {
        far_min_ = min_of(far_min_, b[i].at);
        continue;
      }
      const AgendaEntry e = b[i];
      b[i] = b[capacity_ - far_];
      --far_;
      if (fresh_run) {
        b[run_end_++] = e;
        lo = min_of(lo, e.at);
        hi = e.at > hi ? e.at : hi;
        top_app = e.app > top_app ? e.app : top_app;
      } else {
        AgendaEntry* h = b + run_end_;
        h[heap_++] = e;
        std::push_heap(h, h + heap_, later);
      }
    }
    if (fresh_run) sort_run(lo, hi, top_app);
  }
  // Sorts the fresh run buf_[0, run_end_) into (time, application) order. A large run whose
  // times span less than kRadixTimes seconds, with room for a copy before the far list, is
  // radix sorted (least significant digit first: the application's bits in passes of
  // kRadixBits, then the time's offset from `lo`), ping-ponging between its place and the
  // room after it; the run then starts wherever the last pass left it (make_room reclaims a
  // gap left at the front). Otherwise, std::sort.
  void sort_run(std::int64_t lo, std::int64_t hi, std::uint32_t top_app) {
    AgendaEntry* b = buf_.get();
    const std::size_t n = run_end_;
    if (n < kRadixMin || hi - lo >= kRadixTimes || 2 * n > capacity_ - far_) {
      std::sort(b, b + n, earlier);
      return;
    }
    if (counts_.size() < kRadixTimes) counts_.assign(kRadixTimes, 0);  // once
    AgendaEntry* from = b;
    AgendaEntry* to = b + n;
    auto pass = [&](std::size_t buckets, auto digit) {
      radix_pass(from, to, n, counts_, buckets, digit);
      std::swap(from, to);
    };
    const int app_bits = std::bit_width(top_app);
    for (int shift = 0; shift < app_bits; shift += kRadixBits) {
      pass(std::size_t{1} << kRadixBits,
           [shift](const AgendaEntry& e) { return (e.app >> shift) & ((1u << kRadixBits) - 1); });
    }
    pass(static_cast<std::size_t>(hi - lo) + 1,
         [lo](const AgendaEntry& e) { return static_cast<std::size_t>(e.at - lo); });
    run_pos_ = static_cast<std::size_t>(from - b);
    run_end_ = run_pos_ + n;
  }
  // Called when the buffer is full: closes the gap the run's pops left at the front, or
  // doubles the buffer.
  void make_room() {
    if (run_pos_ > 0) {
      AgendaEntry* b = buf_.get();
      std::memmove(static_cast<void*>(b), b + run_pos_,
                   (run_end_ - run_pos_ + heap_) * sizeof(AgendaEntry));
      run_end_ -= run_pos_;
      run_pos_ = 0;
      return;
    }
    grow(capacity_ == 0 ? 16 : capacity_ * 2);
  }
  void grow(std::size_t n) {
    auto fresh = std::make_unique_for_overwrite<AgendaEntry[]>(n);
    std::copy(buf_.get() + run_pos_, buf_.get() + run_end_ + heap_, fresh.get());
    std::copy(buf_.get() + capacity_ - far_, buf_.get() + capacity_, fresh.get() + n - far_);
    buf_ = std::move(fresh);
    capacity_ = n;
    run_end_ -= run_pos_;
    run_pos_ = 0;
  }

  // Radix sort of large runs: at least this many entries, times within this many seconds
  // (the span, with room for a clock that jumped a little), digits of this many bits.
  static constexpr std::size_t kRadixMin = 2048;
  static constexpr std::int64_t kRadixTimes = std::int64_t{1} << (kSpanShift + 1);
  static constexpr int kRadixBits = 11;

  std::unique_ptr<AgendaEntry[]> buf_;
  std::vector<std::uint32_t> counts_;  // radix sort buckets, sized once
  std::size_t capacity_ = 0;
  std::size_t run_pos_ = 0;  // run: buf_[run_pos_, run_end_), sorted, popped from the front
  std::size_t run_end_ = 0;
  std::size_t heap_ = 0;               // heap: buf_[run_end_, run_end_ + heap_)
  std::size_t far_ = 0;                // unsorted: buf_[capacity_ - far_, capacity_)
  std::int64_t horizon_ = kNoHorizon;  // every far entry is due at or after it
  std::int64_t far_min_ = kEmpty;      // <= every far entry's time (see earliest())
};

}  // namespace nudge::detail
