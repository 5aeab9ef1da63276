// Zone tables against the date library, which reads the same TZif files but only their explicit
// transitions (to 2037 in Debian's tzdata): every zone the library can load, random instants
// and readings in 1970-2037 and readings around every change of offset in 1800-2037.

#include <date/date.h>
#include <date/tz.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "time/zone.hpp"

namespace nudge::detail {
namespace {

namespace chr = std::chrono;

constexpr std::int64_t kHistoryFrom = -5364662400;  // 1800-01-01T00:00:00Z
constexpr std::int64_t kFrom = 0;                   // 1970-01-01T00:00:00Z
constexpr std::int64_t kUntil = 2114380800;         // 2037-01-01T00:00:00Z
constexpr int kSamplesPerZone = 200;

// Collects mismatches, reporting the first few in full and the rest as a count.
class Mismatches {
 public:
  void add(const std::string& zone, const char* what, std::int64_t input, std::int64_t ours,
           std::int64_t theirs) {
    if (++count_ > 20) return;
    std::ostringstream out;
    out << zone << ' ' << what << '(' << input << "): table " << ours << ", date " << theirs
        << '\n';
    text_ += out.str();
  }
  int count() const { return count_; }
  const std::string& text() const { return text_; }

 private:
  int count_ = 0;
  std::string text_;
};

// Compares to_instant with date's to_sys(local, choose::latest) for one reading.
void check_local(const date::time_zone& tz, const Zone& zone, std::int64_t local, Mismatches& bad) {
  const auto theirs = tz.to_sys(date::local_seconds(chr::seconds(local)), date::choose::latest);
  const auto ours = zone.to_instant(LocalSeconds(local));
  if (ours != theirs) {
    bad.add(zone.name().data(), "to_instant", local, ours.time_since_epoch().count(),
            theirs.time_since_epoch().count());
  }
}

TEST(ZoneCrossCheck, MatchesTheDateLibraryUntil2037) {
  std::mt19937_64 rng(20261122);
  std::uniform_int_distribution<std::int64_t> instant(kFrom, kUntil - 1);
  Mismatches bad;
  int zones = 0;
  int transitions = 0;
  for (const date::time_zone& tz : date::get_tzdb().zones) {
    try {
      (void)tz.get_info(date::sys_seconds{});
    } catch (...) {
      continue;  // the date library cannot load this one
    }
    if (tz.name() == "localtime") continue;  // the host's link, refused by Zone::find
    const auto found = Zone::find(tz.name());
    ASSERT_TRUE(found.ok()) << tz.name();
    const Zone& zone = *found;
    ASSERT_EQ(zone.name(), tz.name());
    ++zones;
    for (int i = 0; i < kSamplesPerZone; ++i) {
      const Instant t{chr::seconds(instant(rng))};
      const auto theirs = tz.get_info(t).offset.count();
      if (zone.offset_seconds(t) != theirs) {
        bad.add(tz.name(), "offset_seconds", t.time_since_epoch().count(), zone.offset_seconds(t),
                theirs);
      }
      if (zone.to_local(t) != t.time_since_epoch() + chr::seconds(theirs)) {
        bad.add(tz.name(), "to_local", t.time_since_epoch().count(), zone.to_local(t).count(),
                (t.time_since_epoch() + chr::seconds(theirs)).count());
      }
      check_local(tz, zone, instant(rng), bad);
    }
    // Readings at and around every change of offset: gaps, overlaps and their edges.
    auto info = tz.get_info(date::sys_seconds{chr::seconds(kHistoryFrom)});
    while (info.end < date::sys_seconds{chr::seconds(kUntil)}) {
      const auto next = tz.get_info(info.end);
      const std::int64_t at = next.begin.time_since_epoch().count();
      const std::int64_t before = info.offset.count();
      const std::int64_t after = next.offset.count();
      if (before != after) {
        ++transitions;
        for (const std::int64_t off : {before, after, (before + after) / 2}) {
          for (const std::int64_t d : {-3601, -1, 0, 1, 3599})
            check_local(tz, zone, at + off + d, bad);
        }
      }
      info = next;
    }
  }
  EXPECT_GT(zones, 500);
  EXPECT_GT(transitions, 10000);
  EXPECT_EQ(bad.count(), 0) << bad.text();
  std::printf("cross-checked %d zones, %d transitions\n", zones, transitions);
}

// Our TZif reader against the date library's, entry by entry: the table the library alone gives
// (Zone::find's fallback) is the start of ours, up to its last explicit transition.
TEST(ZoneCrossCheck, DateTablesStartOurTables) {
  int zones = 0;
  for (const date::time_zone& tz : date::get_tzdb().zones) {
    if (tz.name() == "localtime") continue;  // the host's link, refused by Zone::find
    const auto theirs = date_zone_table(tz.name());
    const auto found = Zone::find(tz.name());
    ASSERT_TRUE(theirs.has_value() && found.ok()) << tz.name();
    const ZoneTable& ours = *found->table();
    ASSERT_LE(theirs->begins.size(), ours.begins.size()) << tz.name();
    const std::size_t n = theirs->begins.size();
    EXPECT_TRUE(std::equal(theirs->begins.begin(), theirs->begins.end(), ours.begins.begin()))
        << tz.name();
    EXPECT_TRUE(std::equal(theirs->offsets.begin(), theirs->offsets.end(), ours.offsets.begin()))
        << tz.name();
    if (n < ours.begins.size()) {
      EXPECT_GT(ours.begins[n], kUntil) << tz.name();
    }
    ++zones;
  }
  EXPECT_GT(zones, 500);
  EXPECT_FALSE(date_zone_table("Mars/Base").has_value());
  EXPECT_FALSE(date_zone_table("").has_value());
}

}  // namespace
}  // namespace nudge::detail
