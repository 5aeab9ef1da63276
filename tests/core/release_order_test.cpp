// sort_released: advance's order of released actions, the same as std::sort with the total
// order, for interleaved, tied, spread and already sorted releases, behind an untouched prefix.

#include "core/release_order.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <vector>

namespace nudge::detail {
namespace {

DueAction action(std::int64_t at, std::uint32_t app, std::uint16_t rule, std::uint8_t recipient,
                 std::uint8_t occurrence = 0, std::int64_t trigger = 0) {
  DueAction a;
  a.app = app;
  a.rule = rule;
  a.recipient = recipient;
  a.occurrence = occurrence;
  a.trigger = Instant{std::chrono::seconds{trigger}};
  a.at = Instant{std::chrono::seconds{at}};
  a.deadline = a.at + std::chrono::hours{24};
  return a;
}

bool same(const std::vector<DueAction>& a, const std::vector<DueAction>& b) {
  auto eq = [](const DueAction& x, const DueAction& y) {
    return !released_before(x, y) && !released_before(y, x);
  };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), eq);
}

TEST(ReleaseOrder, SortsLikeStdSort) {
  std::mt19937 rng(11);
  std::vector<DueAction> scratch;
  std::vector<std::uint32_t> counts;
  // (actions, seconds the times spread over, application numbers): radix sort, its fallback
  // for a wide spread, and small advances (merge of strays).
  struct Shape {
    std::size_t n;
    std::int64_t spread;
    std::uint32_t apps;
  };
  for (const Shape shape :
       {Shape{20000, 45, 1000000}, Shape{20000, 45, 3000}, Shape{9000, 200000, 500000},
        Shape{300, 45, 100000}, Shape{50000, 30, 0xFFFFFFFFu}}) {
    for (int round = 0; round < 4; ++round) {
      std::vector<DueAction> v;
      v.push_back(action(-5, 7, 0, 0));  // a prefix from an earlier call: untouched
      const std::int64_t base = 2'000'000'000;
      for (std::size_t i = 0; i < shape.n; ++i) {
        // An application's unaligned action at its own second, and often an aligned one at
        // the window's start, released together: interleaved across applications.
        const std::uint32_t app = static_cast<std::uint32_t>(rng() % shape.apps);
        const std::int64_t own = base + static_cast<std::int64_t>(rng() % shape.spread);
        v.push_back(action(own, app, static_cast<std::uint16_t>(rng() % 3), 255));
        if (rng() % 2 == 0) v.push_back(action(base + shape.spread, app, 0, 1));
        if (rng() % 50 == 0) v.push_back(action(own, app, 4, 0, 1, 5));  // a tie on (at, app)
        if (rng() % 50 == 0) v.push_back(action(own, app, 4, 0, 0, 9));
      }
      if (round == 3) std::sort(v.begin() + 1, v.end(), released_before);  // already sorted
      std::vector<DueAction> expect = v;
      std::sort(expect.begin() + 1, expect.end(), released_before);
      sort_released(v, 1, scratch, counts);
      ASSERT_TRUE(same(v, expect))
          << "n " << shape.n << ", spread " << shape.spread << ", round " << round;
      ASSERT_EQ(v.front().app, 7u);
    }
  }
}

}  // namespace
}  // namespace nudge::detail
