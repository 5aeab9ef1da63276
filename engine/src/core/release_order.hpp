#pragma once
// The order of the actions one `advance` releases: (at, application slot, rule, recipient,
// occurrence, trigger, deadline), a total order. They are released in agenda order and are
// nearly in this order already; when they are not (an advance that releases a Monday
// morning's ~200k actions at 1M applications, each application's aligned and unaligned
// actions a few seconds apart, interleaved), a radix sort on (at, application) orders them
// and the rare runs with equal (at, application) are finished by the full comparison.

#include <algorithm>
#include <bit>
#include <cstdint>
#include <utility>
#include <vector>

#include "core/nearly_sorted.hpp"
#include "core/radix.hpp"
#include "nudge/engine.hpp"

namespace nudge::detail {

inline bool released_before(const DueAction& a, const DueAction& b) {
  if (a.at != b.at) return a.at < b.at;
  if (a.app != b.app) return a.app < b.app;
  if (a.rule != b.rule) return a.rule < b.rule;
  if (a.recipient != b.recipient) return a.recipient < b.recipient;
  // Two occurrences of a repeating rule can align to the same time, and a timer fired in the
  // same advance can restart a rule whose earlier round is released too: the order is total,
  // so it does not depend on how the sort met them.
  if (a.occurrence != b.occurrence) return a.occurrence < b.occurrence;
  if (a.trigger != b.trigger) return a.trigger < b.trigger;
  return a.deadline < b.deadline;
}

/// Sorts `out[first, end)` by released_before. `scratch` and `counts` are reused buffers (no
/// allocation once they have grown to the largest advance).
inline void sort_released(std::vector<DueAction>& out, std::size_t first,
                          std::vector<DueAction>& scratch, std::vector<std::uint32_t>& counts) {
  const std::size_t n = out.size() - first;
  constexpr std::size_t kRadixMin = 4096;
  constexpr int kBits = 11;
  constexpr std::int64_t kTimes = std::int64_t{1} << 16;  // seconds the radix sort covers
  // Nearly every advance: already in order (one pass, then nothing).
  if (std::is_sorted(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                     released_before)) {
    return;
  }
  if (n >= kRadixMin) {
    std::int64_t lo = out[first].at.time_since_epoch().count();
    std::int64_t hi = lo;
    std::uint32_t top_app = 0;
    for (std::size_t i = first; i < out.size(); ++i) {
      const std::int64_t t = out[i].at.time_since_epoch().count();
      lo = std::min(lo, t);
      hi = std::max(hi, t);
      top_app = std::max(top_app, out[i].app);
    }
    if (hi - lo < kTimes) {
      // Room for half as many again: a later, slightly larger release allocates nothing.
      if (scratch.capacity() < n) scratch.reserve(n + n / 2);
      scratch.resize(n);
      if (counts.size() < static_cast<std::size_t>(kTimes)) counts.resize(kTimes);
      DueAction* from = out.data() + first;
      DueAction* to = scratch.data();
      auto pass = [&](std::size_t buckets, auto digit) {
        radix_pass(from, to, n, counts, buckets, digit);
        std::swap(from, to);
      };
      for (int shift = 0; shift < static_cast<int>(std::bit_width(top_app)); shift += kBits) {
        pass(std::size_t{1} << kBits,
             [shift](const DueAction& a) { return (a.app >> shift) & ((1u << kBits) - 1); });
      }
      pass(static_cast<std::size_t>(hi - lo) + 1, [lo](const DueAction& a) {
        return static_cast<std::size_t>(a.at.time_since_epoch().count() - lo);
      });
      if (from != out.data() + first) std::copy(from, from + n, out.data() + first);
      // Equal (at, application): released in plan order, nearly always already in order.
      for (std::size_t i = first + 1; i < out.size(); ++i) {
        for (std::size_t j = i; j > first && released_before(out[j], out[j - 1]); --j) {
          std::swap(out[j], out[j - 1]);
        }
      }
      return;
    }
  }
  sort_nearly_sorted(out, first, scratch, released_before);
}

}  // namespace nudge::detail
