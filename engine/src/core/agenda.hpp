#pragma once
// The timer queue: entries (application, due time), popped in (time, application) order. Two
// tiers share one buffer: a binary min-heap at the front holds the entries due before
// `horizon()`, an unsorted list at the back holds the later ones. The heap stays small (a few
// hours of due times: it fits the cache at 1M applications, where a heap of every entry
// missed the cache on most levels of each sift); when the clock passes the horizon,
// `refill` moves the next span of far entries into the heap with one sequential scan.
// Entries are invalidated lazily (the application's next due time moved) and compacted in
// place, so the steady state allocates nothing.

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <limits>
#include <memory>

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
  /// Seconds of due times one refill moves into the heap (about 4.5 hours).
  static constexpr int kSpanShift = 14;

  void push(AgendaEntry e) {
    if (near_ + far_ == capacity_) grow(capacity_ == 0 ? 16 : capacity_ * 2);
    if (e.at < horizon_) {
      buf_[near_] = e;
      ++near_;
      std::push_heap(buf_.get(), buf_.get() + near_, later);
    } else {
      ++far_;
      buf_[capacity_ - far_] = e;
    }
  }
  /// True when no entry is due at or before `t` (refills the heap from the far list first
  /// when `t` is past the horizon).
  bool none_due(std::int64_t t) {
    if (t >= horizon_ && far_ > 0 && (near_ == 0 || buf_[0].at > t)) refill(t);
    return near_ == 0 || buf_[0].at > t;
  }
  /// The earliest entry; only after none_due(t) returned false.
  AgendaEntry pop() {
    std::pop_heap(buf_.get(), buf_.get() + near_, later);
    --near_;
    return buf_[near_];
  }
  std::size_t size() const { return near_ + far_; }
  std::size_t capacity() const { return capacity_; }
  void reserve(std::size_t n) {
    if (n > capacity_) grow(n);
  }
  void clear() {
    near_ = 0;
    far_ = 0;
    horizon_ = kNoHorizon;
  }
  /// Drops the entries `stale(entry)` says are outdated and restores the heap, in place.
  template <class Stale>
  void compact(Stale stale) {
    AgendaEntry* b = buf_.get();
    near_ = static_cast<std::size_t>(std::remove_if(b, b + near_, stale) - b);
    std::make_heap(b, b + near_, later);
    AgendaEntry* far_begin = b + capacity_ - far_;
    // Keep the far list packed against the end of the buffer.
    AgendaEntry* kept = std::remove_if(std::make_reverse_iterator(b + capacity_),
                                       std::make_reverse_iterator(far_begin), stale)
                            .base();
    far_ = static_cast<std::size_t>(b + capacity_ - kept);
  }

 private:
  // Before the first refill every entry goes to the far list.
  static constexpr std::int64_t kNoHorizon = std::numeric_limits<std::int64_t>::min();

  static bool later(const AgendaEntry& a, const AgendaEntry& b) {
    return a.at != b.at ? a.at > b.at : a.app > b.app;
  }
  // Moves the horizon past `t` by one span and the far entries before it into the heap.
  void refill(std::int64_t t) {
    const std::int64_t span = std::int64_t{1} << kSpanShift;
    constexpr std::int64_t kLast = std::numeric_limits<std::int64_t>::max();
    const std::int64_t base = (t >> kSpanShift) << kSpanShift;
    horizon_ = base > kLast - span ? kLast : base + span;
    AgendaEntry* b = buf_.get();
    // [capacity_ - far_, i) holds examined entries that stay far; an entry that moves leaves
    // its place to the far list's first entry, which was examined already.
    for (std::size_t i = capacity_ - far_; i < capacity_; ++i) {
      if (b[i].at >= horizon_) continue;
      const AgendaEntry e = b[i];
      b[i] = b[capacity_ - far_];
      --far_;
      b[near_] = e;
      ++near_;
      std::push_heap(b, b + near_, later);
    }
  }
  void grow(std::size_t n) {
    auto fresh = std::make_unique_for_overwrite<AgendaEntry[]>(n);
    std::copy(buf_.get(), buf_.get() + near_, fresh.get());
    std::copy(buf_.get() + capacity_ - far_, buf_.get() + capacity_, fresh.get() + n - far_);
    buf_ = std::move(fresh);
    capacity_ = n;
  }

  std::unique_ptr<AgendaEntry[]> buf_;
  std::size_t capacity_ = 0;
  std::size_t near_ = 0;  // heap: buf_[0, near_)
  std::size_t far_ = 0;   // unsorted: buf_[capacity_ - far_, capacity_)
  std::int64_t horizon_ = kNoHorizon;  // every far entry is due at or after it
};

}  // namespace nudge::detail
