// Zone tables: offsets and readings after 2037 (from the TZif footers), past the table's 400-year
// cycle, aliases, extremes and concurrent lookups. Expected values were checked against Python's
// zoneinfo (tzdata 2025b).

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "nudge/time.hpp"
#include "time/zone.hpp"

namespace nudge::detail {
namespace {

namespace chr = std::chrono;

Instant instant(std::string_view text) {
  auto r = parse_rfc3339(text);
  EXPECT_TRUE(r.ok()) << text;
  return r.ok() ? *r : Instant{};
}

Zone zone(std::string_view name) {
  auto r = Zone::find(name);
  EXPECT_TRUE(r.ok()) << name;
  return r.ok() ? *r : Zone{};
}

// A wall-clock reading written as "YYYY-MM-DDTHH:MM:SS".
LocalSeconds local(std::string_view text) {
  return instant(std::string(text) + "Z").time_since_epoch();
}

// `utc` (an instant in Z form) formatted in zone `name`.
std::string in_zone(std::string_view name, std::string_view utc) {
  return format_rfc3339(instant(utc), name);
}

// The instant of wall-clock reading `reading` in zone `name`, formatted in UTC.
std::string reading(std::string_view name, std::string_view text) {
  return format_rfc3339(zone(name).to_instant(local(text)), "UTC");
}

TEST(ZoneTable, NewYorkAfter2037) {
  EXPECT_EQ(in_zone("America/New_York", "2045-07-01T12:00:00Z"), "2045-07-01T08:00:00-04:00");
  EXPECT_EQ(in_zone("America/New_York", "2045-01-15T12:00:00Z"), "2045-01-15T07:00:00-05:00");
  // Spring forward on the second Sunday of March (March 12): 02:00-03:00 does not exist.
  EXPECT_EQ(in_zone("America/New_York", "2045-03-12T06:59:59Z"), "2045-03-12T01:59:59-05:00");
  EXPECT_EQ(in_zone("America/New_York", "2045-03-12T07:00:00Z"), "2045-03-12T03:00:00-04:00");
  EXPECT_EQ(reading("America/New_York", "2045-03-12T02:30:00"), "2045-03-12T07:00:00Z");
  EXPECT_EQ(reading("America/New_York", "2045-03-12T02:00:00"), "2045-03-12T07:00:00Z");
  EXPECT_EQ(reading("America/New_York", "2045-03-12T01:59:59"), "2045-03-12T06:59:59Z");
  EXPECT_EQ(reading("America/New_York", "2045-03-12T03:00:00"), "2045-03-12T07:00:00Z");
  // Fall back on the first Sunday of November (November 5): 01:00-02:00 happens twice.
  EXPECT_EQ(reading("America/New_York", "2045-11-05T01:30:00"), "2045-11-05T06:30:00Z");
  EXPECT_EQ(reading("America/New_York", "2045-11-05T00:59:59"), "2045-11-05T04:59:59Z");
  EXPECT_EQ(reading("America/New_York", "2045-11-05T02:00:00"), "2045-11-05T07:00:00Z");
  const Zone ny = zone("America/New_York");
  EXPECT_EQ(ny.to_local(instant("2045-11-05T05:30:00Z")), local("2045-11-05T01:30:00"));
  EXPECT_EQ(ny.to_local(instant("2045-11-05T06:30:00Z")), local("2045-11-05T01:30:00"));
}

TEST(ZoneTable, EuropeAndSouthernHemisphereAfter2037) {
  EXPECT_EQ(in_zone("Europe/Berlin", "2050-07-01T12:00:00Z"), "2050-07-01T14:00:00+02:00");
  EXPECT_EQ(in_zone("Europe/Berlin", "2050-12-01T12:00:00Z"), "2050-12-01T13:00:00+01:00");
  // "AEST-10AEDT,M10.1.0,M4.1.0/3": summer time spans the new year.
  EXPECT_EQ(in_zone("Australia/Sydney", "2040-01-15T12:00:00Z"), "2040-01-15T23:00:00+11:00");
  EXPECT_EQ(in_zone("Australia/Sydney", "2040-07-15T12:00:00Z"), "2040-07-15T22:00:00+10:00");
  EXPECT_EQ(in_zone("Australia/Sydney", "2040-03-31T15:59:59Z"), "2040-04-01T02:59:59+11:00");
  EXPECT_EQ(in_zone("Australia/Sydney", "2040-03-31T16:00:00Z"), "2040-04-01T02:00:00+10:00");
  EXPECT_EQ(reading("Australia/Sydney", "2040-04-01T02:30:00"), "2040-03-31T16:30:00Z");
  EXPECT_EQ(reading("Australia/Sydney", "2040-10-07T02:30:00"), "2040-10-06T16:00:00Z");
  // "IST-1GMT0,M10.5.0,M3.5.0/1": Irish standard time is the summer one.
  EXPECT_EQ(in_zone("Europe/Dublin", "2045-07-01T12:00:00Z"), "2045-07-01T13:00:00+01:00");
  EXPECT_EQ(in_zone("Europe/Dublin", "2045-01-15T12:00:00Z"), "2045-01-15T12:00:00+00:00");
  // Lord Howe moves by half an hour.
  EXPECT_EQ(in_zone("Australia/Lord_Howe", "2045-07-15T12:00:00Z"), "2045-07-15T22:30:00+10:30");
  EXPECT_EQ(in_zone("Australia/Lord_Howe", "2045-01-15T12:00:00Z"), "2045-01-15T23:00:00+11:00");
}

// "IST-2IDT,M3.4.4/26,M10.5.0": 26:00 on the fourth Thursday of March is 02:00 on the Friday.
TEST(ZoneTable, JerusalemRuleTimePastMidnight) {
  EXPECT_EQ(in_zone("Asia/Jerusalem", "2040-03-22T23:59:59Z"), "2040-03-23T01:59:59+02:00");
  EXPECT_EQ(in_zone("Asia/Jerusalem", "2040-03-23T00:00:00Z"), "2040-03-23T03:00:00+03:00");
  EXPECT_EQ(reading("Asia/Jerusalem", "2040-03-23T02:30:00"), "2040-03-23T00:00:00Z");
  EXPECT_EQ(in_zone("Asia/Jerusalem", "2040-10-27T22:59:59Z"), "2040-10-28T01:59:59+03:00");
  EXPECT_EQ(in_zone("Asia/Jerusalem", "2040-10-27T23:00:00Z"), "2040-10-28T01:00:00+02:00");
}

// "<-04>4<-03>,M9.1.6/24,M4.1.6/24": Santiago changes at 24:00 on the first Saturday.
TEST(ZoneTable, SantiagoRuleTimeAtMidnight) {
  EXPECT_EQ(in_zone("America/Santiago", "2045-09-03T03:59:59Z"), "2045-09-02T23:59:59-04:00");
  EXPECT_EQ(in_zone("America/Santiago", "2045-09-03T04:00:00Z"), "2045-09-03T01:00:00-03:00");
  EXPECT_EQ(reading("America/Santiago", "2045-09-03T00:30:00"), "2045-09-03T04:00:00Z");
  EXPECT_EQ(in_zone("America/Santiago", "2045-04-02T02:59:59Z"), "2045-04-01T23:59:59-03:00");
  EXPECT_EQ(in_zone("America/Santiago", "2045-04-02T03:00:00Z"), "2045-04-01T23:00:00-04:00");
  EXPECT_EQ(reading("America/Santiago", "2045-04-01T23:30:00"), "2045-04-02T03:30:00Z");
  // Asuncion moved to permanent -03 in 2024 (tzdata 2024b): "<-03>3".
  EXPECT_EQ(in_zone("America/Asuncion", "2045-01-15T00:00:00Z"), "2045-01-14T21:00:00-03:00");
  EXPECT_EQ(in_zone("America/Asuncion", "2045-07-15T00:00:00Z"), "2045-07-14T21:00:00-03:00");
}

TEST(ZoneTable, ZonesWithoutDaylightTimeKeepTheirOffset) {
  for (const char* t : {"2040-01-15T12:00:00Z", "2040-07-15T12:00:00Z", "2300-07-15T12:00:00Z"}) {
    EXPECT_EQ(zone("Asia/Dubai").offset_seconds(instant(t)), 4 * 3600) << t;
    EXPECT_EQ(zone("Asia/Tehran").offset_seconds(instant(t)), 3 * 3600 + 1800) << t;
    EXPECT_EQ(zone("Asia/Kolkata").offset_seconds(instant(t)), 5 * 3600 + 1800) << t;
  }
  EXPECT_EQ(in_zone("Asia/Tehran", "2040-07-01T00:00:00Z"), "2040-07-01T03:30:00+03:30");
  EXPECT_EQ(zone("Asia/Dubai").table()->cycle_end, std::numeric_limits<std::int64_t>::max());
}

// The table lists 400 years of rules; later instants read one or more cycles earlier.
TEST(ZoneTable, PastTheTableTheRulesRepeat) {
  const Zone ny = zone("America/New_York");
  const ZoneTable& table = *ny.table();
  EXPECT_LT(table.cycle_end, instant("2500-01-01T00:00:00Z").time_since_epoch().count());
  EXPECT_GT(table.begins.back(), table.cycle_end);
  EXPECT_EQ(in_zone("America/New_York", "2500-07-01T12:00:00Z"), "2500-07-01T08:00:00-04:00");
  EXPECT_EQ(in_zone("America/New_York", "9000-01-15T12:00:00Z"), "9000-01-15T07:00:00-05:00");
  EXPECT_EQ(in_zone("America/New_York", "2500-03-14T06:59:59Z"), "2500-03-14T01:59:59-05:00");
  EXPECT_EQ(in_zone("America/New_York", "2500-03-14T07:00:00Z"), "2500-03-14T03:00:00-04:00");
  EXPECT_EQ(reading("America/New_York", "2500-03-14T02:30:00"), "2500-03-14T07:00:00Z");
  EXPECT_EQ(reading("America/New_York", "2500-11-07T01:30:00"), "2500-11-07T06:30:00Z");
  // Around the cycle's end (a fall-back transition, like the last explicit one), the lookups
  // that fold agree with those 400 years earlier, which read the table directly.
  const std::int64_t end = table.cycle_end;
  const chr::seconds cycle(ZoneTable::kCycle);
  for (std::int64_t t = end - 2 * 86400; t < end + 2 * 86400; t += 599) {
    const Instant at{chr::seconds(t)};
    EXPECT_EQ(ny.to_local(at), ny.to_local(at - cycle) + cycle) << t;
    EXPECT_EQ(ny.to_instant(LocalSeconds(t)), ny.to_instant(LocalSeconds(t) - cycle) + cycle) << t;
  }
}

TEST(ZoneTable, AliasesAndUtc) {
  EXPECT_EQ(zone("US/Eastern").name(), "US/Eastern");
  EXPECT_EQ(in_zone("US/Eastern", "2045-07-01T12:00:00Z"), "2045-07-01T08:00:00-04:00");
  for (const char* name : {"UTC", "Etc/UTC", "Etc/GMT", "Zulu"}) {
    const Zone z = zone(name);
    EXPECT_EQ(z.name(), name);
    EXPECT_EQ(z.table()->begins.size(), 1u) << name;
    EXPECT_EQ(z.offset_seconds(instant("2045-07-01T12:00:00Z")), 0) << name;
  }
  EXPECT_EQ(in_zone("Etc/UTC", "2045-07-01T12:00:00Z"), "2045-07-01T12:00:00Z");
  EXPECT_EQ(zone("Etc/GMT+5").offset_seconds(instant("2045-07-01T12:00:00Z")), -5 * 3600);
  EXPECT_EQ(Zone::utc(), zone("UTC"));
  EXPECT_FALSE(Zone::find("Factory").ok());
  EXPECT_FALSE(Zone::find("posixrules").ok());
  EXPECT_FALSE(Zone::find("right/UTC").ok());
  // A link to the host's /etc/localtime, not an IANA name: refused like the three above.
  auto local = Zone::find("localtime");
  ASSERT_FALSE(local.ok());
  EXPECT_EQ(local.error().message,
            "unknown time zone 'localtime'; use an IANA name such as 'Europe/Berlin'");
  EXPECT_FALSE(is_known_zone("localtime"));
}

TEST(ZoneTable, ExtremeInstantsAndReadingsSaturate) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  for (const char* name : {"America/New_York", "Asia/Kolkata", "Pacific/Kiritimati", "UTC"}) {
    const Zone z = zone(name);
    const Instant top{chr::seconds(kMax)};
    const std::int64_t off = z.offset_seconds(top);
    EXPECT_EQ(z.to_local(top).count(), off > 0 ? kMax : kMax + off) << name;
    const std::int64_t low = z.to_local(Instant(chr::seconds(kMin))).count();
    EXPECT_LE(low, kMin + 86400) << name;
    EXPECT_GE(z.to_instant(LocalSeconds(kMax)).time_since_epoch().count(), kMax - 86400) << name;
    EXPECT_LE(z.to_instant(LocalSeconds(kMin)).time_since_epoch().count(), kMin + 86400) << name;
  }
}

TEST(ZoneTable, TablesAreWellFormed) {
  for (const char* name : {"America/New_York", "Europe/Berlin", "Australia/Sydney",
                           "America/Santiago", "Africa/Casablanca", "Europe/Dublin"}) {
    const ZoneTable& t = *zone(name).table();
    ASSERT_EQ(t.begins.size(), t.offsets.size()) << name;
    EXPECT_EQ(t.begins.front(), std::numeric_limits<std::int64_t>::min());
    for (std::size_t i = 1; i < t.begins.size(); ++i) {
      ASSERT_LT(t.begins[i - 1], t.begins[i]) << name << ' ' << i;
      ASSERT_NE(t.offsets[i - 1], t.offsets[i]) << name << ' ' << i;
    }
    // Each bucket names the interval holding its start; they reach past the last change.
    ASSERT_FALSE(t.buckets.empty()) << name;
    EXPECT_EQ(t.bucket_base, t.begins[1]);
    for (std::size_t i = 0; i < t.buckets.size(); ++i) {
      const std::int64_t start =
          t.bucket_base + (static_cast<std::int64_t>(i) << ZoneTable::kBucketShift);
      const std::size_t k = t.buckets[i];
      ASSERT_LE(t.begins[k], start) << name << ' ' << i;
      ASSERT_TRUE(k + 1 == t.begins.size() || start < t.begins[k + 1]) << name << ' ' << i;
    }
    EXPECT_EQ(t.buckets.back(), t.begins.size() - 1) << name;
  }
}

TEST(ZoneTable, ConcurrentLookupsShareOneTable) {
  const std::vector<std::string> names = {"America/Chicago", "Europe/Paris", "Asia/Tokyo",
                                          "America/Sao_Paulo", "Pacific/Chatham"};
  std::vector<std::vector<const ZoneTable*>> seen(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&names, &out = seen[i]] {
      for (int round = 0; round < 50; ++round) {
        for (const std::string& name : names) {
          auto found = Zone::find(name);
          out.push_back(found.ok() ? found->table() : nullptr);
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (const auto& tables : seen) {
    ASSERT_EQ(tables.size(), seen[0].size());
    for (std::size_t j = 0; j < tables.size(); ++j) {
      EXPECT_NE(tables[j], nullptr);
      EXPECT_EQ(tables[j], seen[0][j]);
    }
  }
}

}  // namespace
}  // namespace nudge::detail
