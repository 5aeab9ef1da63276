// Zone: lookup, wall-clock readings, DST gaps and overlaps (including transitions at midnight).

#include <gtest/gtest.h>

#include <span>
#include <string>

#include "nudge/time.hpp"
#include "time/calendar.hpp"
#include "time/zone.hpp"

namespace nudge::detail {
namespace {

namespace chr = std::chrono;

Instant instant(std::string_view text) {
  auto r = parse_rfc3339(text);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : Instant{};
}

Zone zone(std::string_view name) {
  auto r = Zone::find(name);
  EXPECT_TRUE(r.ok()) << name;
  return r.ok() ? *r : Zone{};
}

// A calendar view (Mon-Fri 09:00-17:00 unless told otherwise).
CalendarView view(const Zone& z, WeekdayMask workdays = kMonToFri, std::int32_t start = 9 * 3600,
                  std::int32_t end = 17 * 3600, std::span<const LocalDate> holidays = {},
                  std::span<const LocalDate> extra_holidays = {}) {
  CalendarView v;
  v.zone = &z;
  v.workdays = workdays;
  v.window_start = start;
  v.window_end = end;
  v.holidays = holidays;
  v.extra_holidays = extra_holidays;
  return v;
}

// A wall-clock reading written as "YYYY-MM-DDTHH:MM:SS" (parsed as if it were UTC).
LocalSeconds local(std::string_view text) {
  return instant(std::string(text) + "Z").time_since_epoch();
}

LocalDate date(std::string_view text) {
  auto r = parse_date(text);
  EXPECT_TRUE(r.ok()) << text;
  return r.ok() ? *r : LocalDate{};
}

// Formats an instant in `z`'s own zone.
std::string fmt(Instant t, const Zone& z) { return format_rfc3339(t, z.name()); }

TEST(Zone, FindsIanaNames) {
  const Zone berlin = zone("Europe/Berlin");
  EXPECT_TRUE(berlin.valid());
  EXPECT_EQ(berlin.name(), "Europe/Berlin");
  EXPECT_EQ(berlin, zone("Europe/Berlin"));
  EXPECT_FALSE(berlin == zone("Europe/Paris"));
  EXPECT_TRUE(Zone::utc().valid());
  EXPECT_EQ(Zone::utc().name(), "UTC");
  EXPECT_FALSE(Zone().valid());
}

TEST(Zone, RefusesUnknownNames) {
  for (const char* name : {"Mars/Base", "", "Europe/Berln", "europe/berlin"}) {
    auto r = Zone::find(name);
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_EQ(r.error().code, ErrorCode::kUnknownName);
    EXPECT_EQ(r.error().message, "unknown time zone '" + std::string(name) +
                                     "'; use an IANA name such as 'Europe/Berlin'");
  }
}

TEST(Zone, ReadsWallClockAndOffsets) {
  const Zone ny = zone("America/New_York");
  const Instant t = instant("2026-11-23T16:30:00Z");
  EXPECT_EQ(ny.to_local(t), local("2026-11-23T11:30:00"));
  EXPECT_EQ(ny.offset_seconds(t), -5 * 3600);
  EXPECT_EQ(ny.offset_seconds(instant("2026-07-01T12:00:00Z")), -4 * 3600);
  EXPECT_EQ(ny.to_instant(local("2026-11-23T11:30:00")), t);
  EXPECT_EQ(zone("Asia/Kolkata").offset_seconds(t), 5 * 3600 + 1800);
  EXPECT_EQ(Zone::utc().to_local(t), t.time_since_epoch());
  EXPECT_EQ(Zone().to_instant(local("2026-11-23T16:30:00")), t);  // an empty zone acts as UTC
}

// Bug (oracle vs python zoneinfo): offsets with seconds (local mean time) were cut to minutes
// while the wall time kept the seconds, so the string read back as another instant. RFC 3339
// has no offset seconds: the offset is truncated toward zero to whole minutes and the wall time
// is UTC plus that printed offset, so parsing the string gives back the exact instant.
TEST(Zone, OffsetsWithSecondsFormatAsTheExactInstant) {
  struct Case {
    const char* zone;
    const char* utc;
    std::int32_t offset;
    const char* printed;
  };
  const Case cases[] = {
      {"Asia/Kolkata", "1903-06-01T07:30:00Z", 5 * 3600 + 21 * 60 + 10,
       "1903-06-01T12:51:00+05:21"},
      {"Africa/Monrovia", "1971-06-01T12:00:00Z", -(44 * 60 + 30), "1971-06-01T11:16:00-00:44"},
      // The true wall time (23:59:40 on May 31) and the printed one fall on different dates.
      {"Africa/Monrovia", "1971-06-01T00:44:10Z", -(44 * 60 + 30), "1971-06-01T00:00:10-00:44"},
  };
  for (const Case& c : cases) {
    const Instant t = instant(c.utc);
    EXPECT_EQ(zone(c.zone).offset_seconds(t), c.offset) << c.zone << " " << c.utc;
    const std::string printed = format_rfc3339(t, c.zone);
    EXPECT_EQ(printed, c.printed);
    EXPECT_EQ(instant(printed), t) << printed;
  }
}

TEST(Zone, SpringGapMapsToGapEnd) {
  const Zone ny = zone("America/New_York");
  EXPECT_EQ(fmt(ny.to_instant(local("2026-03-08T02:00:00")), ny), "2026-03-08T03:00:00-04:00");
  EXPECT_EQ(fmt(ny.to_instant(local("2026-03-08T02:30:00")), ny), "2026-03-08T03:00:00-04:00");
  EXPECT_EQ(fmt(ny.to_instant(local("2026-03-08T01:59:59")), ny), "2026-03-08T01:59:59-05:00");
  EXPECT_EQ(fmt(ny.to_instant(local("2026-03-08T03:00:00")), ny), "2026-03-08T03:00:00-04:00");
  const Zone berlin = zone("Europe/Berlin");
  EXPECT_EQ(fmt(berlin.to_instant(local("2026-03-29T02:30:00")), berlin),
            "2026-03-29T03:00:00+02:00");
}

TEST(Zone, AutumnOverlapMapsToLaterInstant) {
  const Zone ny = zone("America/New_York");
  EXPECT_EQ(fmt(ny.to_instant(local("2026-11-01T01:30:00")), ny), "2026-11-01T01:30:00-05:00");
  EXPECT_EQ(fmt(ny.to_instant(local("2026-11-01T01:00:00")), ny), "2026-11-01T01:00:00-05:00");
  EXPECT_EQ(fmt(ny.to_instant(local("2026-11-01T00:59:59")), ny), "2026-11-01T00:59:59-04:00");
  const Zone berlin = zone("Europe/Berlin");
  EXPECT_EQ(fmt(berlin.to_instant(local("2026-10-25T02:30:00")), berlin),
            "2026-10-25T02:30:00+01:00");
  // Both readings of the repeated hour read back as the same wall clock.
  EXPECT_EQ(berlin.to_local(instant("2026-10-25T02:30:00+02:00")), local("2026-10-25T02:30:00"));
  EXPECT_EQ(berlin.to_local(instant("2026-10-25T02:30:00+01:00")), local("2026-10-25T02:30:00"));
}

// tzdata 2025b: Havana springs forward at 00:00 on 2026-03-08 and falls back from 01:00 to
// 00:00 on 2026-11-01; Santiago springs forward at 00:00 on 2026-09-06 and falls back from
// 24:00 to 23:00 on 2026-04-04; Beirut springs forward at 00:00 on 2026-03-29.
TEST(Zone, MidnightTransitions) {
  const Zone havana = zone("America/Havana");
  EXPECT_EQ(fmt(havana.to_instant(local("2026-03-08T00:00:00")), havana),
            "2026-03-08T01:00:00-04:00");
  EXPECT_EQ(fmt(havana.to_instant(local("2026-03-08T00:30:00")), havana),
            "2026-03-08T01:00:00-04:00");
  EXPECT_EQ(fmt(havana.to_instant(local("2026-11-01T00:00:00")), havana),
            "2026-11-01T00:00:00-05:00");
  const Zone santiago = zone("America/Santiago");
  EXPECT_EQ(fmt(santiago.to_instant(local("2026-09-06T00:00:00")), santiago),
            "2026-09-06T01:00:00-03:00");
  EXPECT_EQ(fmt(santiago.to_instant(local("2026-04-04T23:30:00")), santiago),
            "2026-04-04T23:30:00-04:00");
  EXPECT_EQ(fmt(santiago.to_instant(local("2026-04-05T00:00:00")), santiago),
            "2026-04-05T00:00:00-04:00");
  const Zone beirut = zone("Asia/Beirut");
  EXPECT_EQ(fmt(beirut.to_instant(local("2026-03-29T00:00:00")), beirut),
            "2026-03-29T01:00:00+03:00");
}

TEST(CalendarView, StartOfAndLocalDateAroundMidnightTransitions) {
  const Zone havana = zone("America/Havana");
  const Zone santiago = zone("America/Santiago");
  const Zone beirut = zone("Asia/Beirut");
  const CalendarView h = view(havana);
  const CalendarView s = view(santiago);
  const CalendarView b = view(beirut);
  EXPECT_EQ(fmt(h.start_of(date("2026-03-07")), havana), "2026-03-07T00:00:00-05:00");
  EXPECT_EQ(fmt(h.start_of(date("2026-03-08")), havana), "2026-03-08T01:00:00-04:00");
  EXPECT_EQ(fmt(h.start_of(date("2026-03-09")), havana), "2026-03-09T00:00:00-04:00");
  EXPECT_EQ(fmt(h.start_of(date("2026-11-01")), havana), "2026-11-01T00:00:00-05:00");
  EXPECT_EQ(fmt(s.start_of(date("2026-09-06")), santiago), "2026-09-06T01:00:00-03:00");
  EXPECT_EQ(fmt(s.start_of(date("2026-04-05")), santiago), "2026-04-05T00:00:00-04:00");
  EXPECT_EQ(fmt(b.start_of(date("2026-03-29")), beirut), "2026-03-29T01:00:00+03:00");

  EXPECT_EQ(h.local_date(instant("2026-03-08T04:59:59Z")), date("2026-03-07"));
  EXPECT_EQ(h.local_date(instant("2026-03-08T05:00:00Z")), date("2026-03-08"));
  // The first 00:30 of 2026-11-01 in Havana is already on November 1.
  EXPECT_EQ(h.local_date(instant("2026-11-01T00:30:00-04:00")), date("2026-11-01"));
  EXPECT_EQ(h.local_date(instant("2026-10-31T23:59:59-04:00")), date("2026-10-31"));
  // Santiago reads 23:xx on April 4 twice.
  EXPECT_EQ(s.local_date(instant("2026-04-04T23:30:00-03:00")), date("2026-04-04"));
  EXPECT_EQ(s.local_date(instant("2026-04-04T23:30:00-04:00")), date("2026-04-04"));
  EXPECT_EQ(s.local_date(instant("2026-04-05T00:00:00-04:00")), date("2026-04-05"));
  EXPECT_EQ(b.local_date(instant("2026-03-28T21:59:59Z")), date("2026-03-28"));
  EXPECT_EQ(b.local_date(instant("2026-03-28T22:00:00Z")), date("2026-03-29"));
}

TEST(CalendarView, StartOfInOrdinaryZones) {
  const Zone ny = zone("America/New_York");
  const CalendarView cal = view(ny);
  EXPECT_EQ(fmt(cal.start_of(date("2026-03-08")), ny), "2026-03-08T00:00:00-05:00");
  EXPECT_EQ(fmt(cal.start_of(date("2026-11-01")), ny), "2026-11-01T00:00:00-04:00");
  EXPECT_EQ(cal.local_date(instant("2026-12-25T04:59:59Z")), date("2026-12-24"));
  EXPECT_EQ(cal.local_date(instant("2026-12-25T05:00:00Z")), date("2026-12-25"));
  const CalendarView utc{};
  EXPECT_EQ(format_rfc3339(utc.start_of(date("2026-12-25")), "UTC"), "2026-12-25T00:00:00Z");
  EXPECT_EQ(utc.local_date(instant("1969-12-31T23:59:59Z")), date("1969-12-31"));
}

// A ZoneHint is only a cache: every conversion through one equals the plain conversion, for
// readings in gaps and overlaps, around each transition, and with a hint left by any earlier
// call (including one from another interval, or from past the table's 400-year cycle).
TEST(Zone, HintedConversionsEqualPlainOnes) {
  for (const char* name : {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe",
                           "America/Sao_Paulo", "Asia/Kolkata", "Pacific/Apia", "UTC"}) {
    const Zone z = zone(name);
    ZoneHint hint;
    std::uint64_t state = 0x9E3779B97F4A7C15ULL;
    auto next = [&state] {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      return state;
    };
    const std::int64_t base = instant("2024-01-01T00:00:00Z").time_since_epoch().count();
    std::int64_t t = base;
    for (int i = 0; i < 20000; ++i) {
      const std::uint64_t r = next();
      // Mostly small steps (the hint hits), sometimes jumps across years, centuries or the
      // 400-year cycle; readings within a few hours of the instant probe gaps and overlaps.
      if (r % 16 == 0) {
        t = base + static_cast<std::int64_t>(next() % (2000ULL * 365 * 86400)) -
            static_cast<std::int64_t>(200ULL * 365 * 86400);
      } else {
        t += static_cast<std::int64_t>(r % (3 * 86400)) - 86400;
      }
      const Instant at{chr::seconds{t}};
      EXPECT_EQ(z.to_local(at, hint), z.to_local(at)) << name << " " << t;
      const LocalSeconds reading =
          z.to_local(at) + LocalSeconds(static_cast<std::int64_t>(next() % (6 * 3600)) - 3 * 3600);
      EXPECT_EQ(z.to_instant(reading, hint), z.to_instant(reading)) << name << " " << t;
    }
    // Every transition of the table (from 1900 on), walked across in quarter hours.
    if (z.table() == nullptr) continue;
    const std::int64_t from = instant("1900-01-01T00:00:00Z").time_since_epoch().count();
    for (std::int64_t change : z.table()->begins) {
      if (change < from || change > base + 200LL * 365 * 86400) continue;
      for (std::int64_t u = change - 86400; u <= change + 86400; u += 900) {
        const Instant at{chr::seconds{u}};
        ASSERT_EQ(z.to_local(at, hint), z.to_local(at)) << name << " " << u;
        const LocalSeconds reading{u};  // wall readings near the change, in and out of gaps
        ASSERT_EQ(z.to_instant(reading, hint), z.to_instant(reading)) << name << " " << u;
      }
    }
  }
}

}  // namespace
}  // namespace nudge::detail
