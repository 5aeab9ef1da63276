#pragma once
// One pass of a least-significant-digit radix sort: stable, by `digit(element)` in
// [0, buckets), from `from` into `to`, with `counts` (at least `buckets` long) as scratch.
// The agenda's runs and advance's releases use it, digit after digit.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace nudge::detail {

template <class T, class Digit>
void radix_pass(const T* from, T* to, std::size_t n, std::vector<std::uint32_t>& counts,
                std::size_t buckets, Digit digit) {
  std::fill(counts.begin(), counts.begin() + static_cast<std::ptrdiff_t>(buckets), 0);
  for (std::size_t i = 0; i < n; ++i) ++counts[digit(from[i])];
  std::uint32_t sum = 0;
  for (std::size_t d = 0; d < buckets; ++d) sum += std::exchange(counts[d], sum);
  for (std::size_t i = 0; i < n; ++i) to[counts[digit(from[i])]++] = from[i];
}

}  // namespace nudge::detail
