// Agenda: pops in (time, application) order across its far list, sorted run and heap,
// through refills, compactions and growth, like one priority queue of every entry.

#include "core/agenda.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <utility>

namespace nudge::detail {
namespace {

using Key = std::pair<std::int64_t, std::uint32_t>;

TEST(Agenda, PopsInTimeThenApplicationOrderLikeOneQueue) {
  std::uint64_t state = 0x2545F4914F6CDD1DULL;
  auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  Agenda agenda;
  agenda.reserve(64);  // small: pushes grow it and close the gaps pops leave
  std::multiset<Key> model;
  std::int64_t now = 1'000'000;
  const std::int64_t span = std::int64_t{1} << Agenda::kSpanShift;
  for (int round = 0; round < 3000; ++round) {
    const int pushes = static_cast<int>(next() % 12);
    for (int i = 0; i < pushes; ++i) {
      // Past, near (within a span) and far (days ahead) due times; equal times are common.
      std::int64_t at = now;
      switch (next() % 4) {
        case 0:
          at = now - static_cast<std::int64_t>(next() % 5000);
          break;
        case 1:
          at = now + static_cast<std::int64_t>(next() % span);
          break;
        case 2:
          at = now + static_cast<std::int64_t>(next() % (20 * span));
          break;
        default:
          at = now + static_cast<std::int64_t>(next() % 4) * 900;
          break;
      }
      const auto app = static_cast<std::uint32_t>(next() % 500);
      agenda.push(AgendaEntry{at, app});
      model.insert({at, app});
    }
    if (next() % 50 == 0) {  // drop the entries of a few applications
      const auto drop = static_cast<std::uint32_t>(next() % 500);
      auto stale = [drop](const AgendaEntry& e) { return e.app % 7 == drop % 7; };
      agenda.compact(stale);
      for (auto it = model.begin(); it != model.end();) {
        it = it->second % 7 == drop % 7 ? model.erase(it) : std::next(it);
      }
    }
    now += static_cast<std::int64_t>(next() % (span / 2));
    if (next() % 100 == 0) now += 3 * span;  // a long gap: several spans at once
    while (!agenda.none_due(now)) {
      ASSERT_FALSE(model.empty());
      const AgendaEntry e = agenda.pop();
      ASSERT_EQ(Key(e.at, e.app), *model.begin()) << "round " << round;
      ASSERT_LE(e.at, now);
      model.erase(model.begin());
    }
    ASSERT_TRUE(model.empty() || model.begin()->first > now) << "round " << round;
    ASSERT_EQ(agenda.size(), model.size());
  }
}

TEST(Agenda, LargeRunsAreRadixSortedIntoTheSameOrder) {
  // Thousands of entries per span (the radix sort's case), many at the same second, with
  // application numbers of 1, 2 and 3 radix digits, and buffers with and without room for
  // the sort's copy (std::sort then).
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  const std::int64_t span = std::int64_t{1} << Agenda::kSpanShift;
  for (const int app_bits : {9, 20, 32}) {
    for (const std::size_t room : {std::size_t{200000}, std::size_t{0}}) {
      Agenda agenda;
      agenda.reserve(room);
      std::multiset<Key> model;
      std::int64_t now = 5'000'000;
      for (int round = 0; round < 12; ++round) {
        for (int i = 0; i < 9000; ++i) {
          const std::int64_t at =
              now + static_cast<std::int64_t>(next() % 3 == 0 ? (next() % 4) * 3600
                                                              : next() % (3 * span));
          const auto app = static_cast<std::uint32_t>(
              app_bits == 32 ? next() : next() % (std::uint64_t{1} << app_bits));
          agenda.push(AgendaEntry{at, app});
          model.insert({at, app});
        }
        now += span / 2 + static_cast<std::int64_t>(next() % span);
        while (!agenda.none_due(now)) {
          ASSERT_FALSE(model.empty());
          const AgendaEntry e = agenda.pop();
          ASSERT_EQ(Key(e.at, e.app), *model.begin())
              << "app bits " << app_bits << ", room " << room << ", round " << round;
          model.erase(model.begin());
        }
        ASSERT_EQ(agenda.size(), model.size());
      }
    }
  }
}

}  // namespace
}  // namespace nudge::detail
