#pragma once
// Sorting a range that is nearly in order already (advance's released actions): the elements
// out of place are taken out, sorted and merged back, in time linear in the range plus the
// sort of those few. No allocation once `scratch` has grown to the largest such set.

#include <algorithm>
#include <cstddef>
#include <vector>

namespace nudge::detail {

/// Sorts `v[first, end)` by `less` (a strict total order). An element is out of place when it
/// sorts before the last element kept in place; with more than half out of place, the range
/// is simply std::sort-ed.
template <class T, class Less>
void sort_nearly_sorted(std::vector<T>& v, std::size_t first, std::vector<T>& scratch, Less less) {
  const std::size_t end = v.size();
  if (end - first < 2) return;
  // Count first, moving nothing.
  std::size_t strays = 0;
  for (std::size_t i = first + 1, last = first; i < end; ++i) {
    if (less(v[i], v[last])) {
      ++strays;
    } else {
      last = i;
    }
  }
  if (strays == 0) return;
  if (strays * 2 > end - first) {  // mostly out of place: no point keeping a sorted part
    std::sort(v.begin() + static_cast<std::ptrdiff_t>(first), v.end(), less);
    return;
  }
  scratch.clear();
  std::size_t kept = first + 1;
  for (std::size_t i = first + 1; i < end; ++i) {
    if (less(v[i], v[kept - 1])) {
      scratch.push_back(v[i]);
    } else {
      v[kept++] = v[i];
    }
  }
  std::sort(scratch.begin(), scratch.end(), less);
  // Merge from the back: the write position never passes a kept element not yet read.
  std::size_t w = end;
  std::size_t k = kept;
  std::size_t s = scratch.size();
  while (s > 0) {
    if (k > first && less(scratch[s - 1], v[k - 1])) {
      v[--w] = v[--k];
    } else {
      v[--w] = scratch[--s];
    }
  }
}

}  // namespace nudge::detail
