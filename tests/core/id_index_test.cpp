// IdIndex: application id -> slot, with hash tags in the entries' spare bits.

#include "core/id_index.hpp"

#include <gtest/gtest.h>

#include <iterator>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace nudge::detail {
namespace {

TEST(IdIndex, FindsEverySlotThroughGrowthAndNothingElse) {
  std::vector<std::string> ids;
  IdIndex index;
  auto id_of = [&ids](std::uint32_t s) { return std::string_view(ids[s]); };
  EXPECT_EQ(index.find("app-0", id_of), IdIndex::kMissing);
  for (std::uint32_t i = 0; i < 100000; ++i) {  // grows the table from 64 to 2^18 entries
    ids.push_back("app-" + std::to_string(i));
    index.insert(i, id_of);
    if (i % 9973 == 0) {
      for (std::uint32_t j = 0; j <= i; j += 97) ASSERT_EQ(index.find(ids[j], id_of), j);
    }
  }
  for (std::uint32_t i = 0; i < ids.size(); ++i) ASSERT_EQ(index.find(ids[i], id_of), i);
  EXPECT_EQ(index.find("app-100000", id_of), IdIndex::kMissing);
  EXPECT_EQ(index.find("", id_of), IdIndex::kMissing);
  EXPECT_EQ(index.find("app-", id_of), IdIndex::kMissing);
  EXPECT_EQ(index.find(std::string(255, 'x'), id_of), IdIndex::kMissing);
  index.clear();
  EXPECT_EQ(index.find("app-1", id_of), IdIndex::kMissing);
}

TEST(IdIndex, ReserveSizesOnceAndKeepsWhatIsThere) {
  std::vector<std::string> ids;
  IdIndex index;
  auto id_of = [&ids](std::uint32_t s) { return std::string_view(ids[s]); };
  for (std::uint32_t i = 0; i < 100; ++i) {
    ids.push_back("a" + std::to_string(i));
    index.insert(i, id_of);
  }
  index.reserve(50000, id_of);  // rehashes the 100 into a table for 50,000
  const std::size_t bytes = index.bytes();
  EXPECT_EQ(bytes, std::size_t{131072} * 4);  // 2^17 entries: 50,000 / 0.7 rounded up
  for (std::uint32_t i = 100; i < 50000; ++i) {
    ids.push_back("a" + std::to_string(i));
    index.insert(i, id_of);
  }
  EXPECT_EQ(index.bytes(), bytes);  // no growth
  for (std::uint32_t i = 0; i < 50000; ++i) ASSERT_EQ(index.find(ids[i], id_of), i);
  index.reserve(10, id_of);  // never shrinks
  EXPECT_EQ(index.bytes(), bytes);
}

TEST(IdIndex, ASlotBeyondTheCountStillFits) {
  // Slots need not be dense: the table grows until slot + 1 fits its entries' slot bits.
  std::vector<std::string> ids(5000);
  ids[4999] = "late";
  ids[3] = "early";
  IdIndex index;
  auto id_of = [&ids](std::uint32_t s) { return std::string_view(ids[s]); };
  index.insert(4999, id_of);
  index.insert(3, id_of);
  EXPECT_EQ(index.find("late", id_of), 4999u);
  EXPECT_EQ(index.find("early", id_of), 3u);
  EXPECT_EQ(index.find("none", id_of), IdIndex::kMissing);
}

}  // namespace
// Engine::erase: backward-shift deletion keeps every other id findable, through wrap-around
// runs in a small table and through growth, with ids erased and inserted again in any order.
TEST(IdIndex, EraseKeepsEveryOtherIdAndFreesTheErasedOne) {
  std::vector<std::string> ids;  // slot -> id
  std::vector<std::uint32_t> free;
  std::map<std::string, std::uint32_t> live;
  IdIndex index;
  auto id_of = [&ids](std::uint32_t s) { return std::string_view(ids[s]); };
  std::mt19937 rng(7);
  for (int round = 0; round < 4000; ++round) {
    // Stay near the 0.7 load factor of a 64- or 128-entry table: long, wrapping probe runs.
    const bool add = live.size() < 20 || (live.size() < 85 && rng() % 2 == 0);
    if (add) {
      std::string id = "a" + std::to_string(rng() % 200);
      if (live.count(id)) continue;
      std::uint32_t slot;  // reuse erased slots, so the table stays small and crowded
      if (free.empty()) {
        ids.push_back(id);
        slot = static_cast<std::uint32_t>(ids.size() - 1);
      } else {
        slot = free.back();
        free.pop_back();
        ids[slot] = id;
      }
      index.insert(slot, id_of);
      live[id] = slot;
    } else {
      auto it = live.begin();
      std::advance(it, static_cast<long>(rng() % live.size()));
      ASSERT_TRUE(index.erase(it->first, id_of)) << it->first;
      EXPECT_FALSE(index.erase(it->first, id_of)) << it->first;
      free.push_back(it->second);
      live.erase(it);
    }
    for (int k = 0; k < 200; ++k) {
      const std::string id = "a" + std::to_string(k);
      auto it = live.find(id);
      ASSERT_EQ(index.find(id, id_of), it == live.end() ? IdIndex::kMissing : it->second)
          << "round " << round << ", " << id;
    }
  }
  EXPECT_FALSE(index.erase("never", id_of));
  IdIndex empty;
  EXPECT_FALSE(empty.erase("a1", id_of));
}

}  // namespace nudge::detail
