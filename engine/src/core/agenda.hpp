#pragma once
// The timer queue: one entry per application with something due, a binary min-heap on a
// vector. Entries are invalidated lazily (the application's next due time moved) and compacted
// in place, so the steady state allocates nothing.

#include <algorithm>
#include <cstdint>
#include <vector>

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
  void push(AgendaEntry e) {
    heap_.push_back(e);
    std::push_heap(heap_.begin(), heap_.end(), later);
  }
  bool empty() const { return heap_.empty(); }
  const AgendaEntry& top() const { return heap_.front(); }
  AgendaEntry pop() {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    AgendaEntry e = heap_.back();
    heap_.pop_back();
    return e;
  }
  std::size_t size() const { return heap_.size(); }
  std::size_t capacity() const { return heap_.capacity(); }
  void reserve(std::size_t n) { heap_.reserve(n); }
  void clear() { heap_.clear(); }
  /// Drops the entries `stale(entry)` says are outdated and restores the heap, in place.
  template <class Stale>
  void compact(Stale stale) {
    heap_.erase(std::remove_if(heap_.begin(), heap_.end(), stale), heap_.end());
    std::make_heap(heap_.begin(), heap_.end(), later);
  }

 private:
  static bool later(const AgendaEntry& a, const AgendaEntry& b) {
    return a.at != b.at ? a.at > b.at : a.app > b.app;
  }
  std::vector<AgendaEntry> heap_;
};

}  // namespace nudge::detail
