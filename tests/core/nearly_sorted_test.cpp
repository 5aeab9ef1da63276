// sort_nearly_sorted: the same result as std::sort, for sorted, nearly sorted and shuffled
// ranges after a prefix it must not touch.

#include "core/nearly_sorted.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace nudge::detail {
namespace {

using Item = std::pair<int, int>;  // (time, tie-breaker): a total order

TEST(NearlySorted, SortsLikeStdSortAndLeavesThePrefix) {
  std::mt19937 rng(7);
  std::vector<Item> scratch;
  for (int round = 0; round < 2000; ++round) {
    const std::size_t prefix = rng() % 4;
    const std::size_t n = rng() % (round % 10 == 0 ? 5000 : 60);
    std::vector<Item> v;
    for (std::size_t i = 0; i < prefix; ++i) v.emplace_back(1000 - static_cast<int>(i), 0);
    for (std::size_t i = 0; i < n; ++i)
      v.emplace_back(static_cast<int>(i / 3), static_cast<int>(i));
    // Displace some: none, a few (merged back), or many (sorted whole).
    const std::size_t moves = std::vector<std::size_t>{0, 1, 3, n / 20, n}[round % 5];
    for (std::size_t m = 0; m < moves && n > 1; ++m) {
      const std::size_t a = prefix + rng() % n;
      v[a].first = static_cast<int>(rng() % (n / 3 + 1));
      v[a].second = -static_cast<int>(m) - 1;  // unique
    }
    std::vector<Item> expect = v;
    std::sort(expect.begin() + static_cast<std::ptrdiff_t>(prefix), expect.end());
    sort_nearly_sorted(v, prefix, scratch, std::less<Item>{});
    ASSERT_EQ(v, expect) << "round " << round;
  }
}

TEST(NearlySorted, OneStrayAtEitherEnd) {
  std::vector<Item> scratch;
  std::vector<Item> v = {{5, 0}, {1, 0}, {2, 0}, {3, 0}, {4, 0}, {6, 0}, {7, 0}, {8, 0}, {9, 0}};
  // {5,0} is kept first, so 1..4 are strays: more than one in eight, sorted whole.
  sort_nearly_sorted(v, 0, scratch, std::less<Item>{});
  EXPECT_TRUE(std::is_sorted(v.begin(), v.end()));
  std::vector<Item> w = {{1, 0}, {2, 0}, {3, 0}, {4, 0}, {5, 0},
                         {6, 0}, {7, 0}, {8, 0}, {9, 0}, {0, 0}};
  sort_nearly_sorted(w, 0, scratch, std::less<Item>{});  // one stray: merged to the front
  EXPECT_EQ(w.front(), Item(0, 0));
  EXPECT_TRUE(std::is_sorted(w.begin(), w.end()));
  EXPECT_EQ(scratch.size(), 1u);
}

}  // namespace
}  // namespace nudge::detail
