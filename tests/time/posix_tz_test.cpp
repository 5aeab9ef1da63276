// POSIX TZ strings (TZif footers): parsing, rule days and the transitions they imply.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "nudge/time.hpp"
#include "time/posix_tz.hpp"

namespace nudge::detail {
namespace {

constexpr std::int32_t kHour = 3600;

std::int64_t at(std::string_view rfc3339) {
  auto r = parse_rfc3339(rfc3339);
  EXPECT_TRUE(r.ok()) << rfc3339;
  return r.ok() ? r->time_since_epoch().count() : 0;
}

PosixTz parse(std::string_view text) {
  auto tz = parse_posix_tz(text);
  EXPECT_TRUE(tz.has_value()) << text;
  return tz.value_or(PosixTz{});
}

TEST(PosixTz, DaysFromCivil) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(2045, 3, 12) * 86400, at("2045-03-12T00:00:00Z"));
  EXPECT_EQ(days_from_civil(1800, 1, 1) * 86400, at("1800-01-01T00:00:00Z"));
  EXPECT_EQ(days_from_civil(2400, 2, 29) + 1, days_from_civil(2400, 3, 1));
  EXPECT_EQ(days_from_civil(2100, 2, 28) + 1, days_from_civil(2100, 3, 1));
}

TEST(PosixTz, ParsesFootersOfTheDatabase) {
  PosixTz ny = parse("EST5EDT,M3.2.0,M11.1.0");
  EXPECT_EQ(ny.std_offset, -5 * kHour);
  EXPECT_TRUE(ny.has_dst);
  EXPECT_EQ(ny.dst_offset, -4 * kHour);
  EXPECT_EQ(ny.start.kind, PosixRule::Kind::kMonthWeekDay);
  EXPECT_EQ(ny.start.month, 3);
  EXPECT_EQ(ny.start.week, 2);
  EXPECT_EQ(ny.start.day, 0);
  EXPECT_EQ(ny.start.time, 2 * kHour);
  EXPECT_EQ(ny.end.month, 11);
  EXPECT_EQ(ny.end.week, 1);

  PosixTz berlin = parse("CET-1CEST,M3.5.0,M10.5.0/3");
  EXPECT_EQ(berlin.std_offset, kHour);
  EXPECT_EQ(berlin.dst_offset, 2 * kHour);
  EXPECT_EQ(berlin.end.time, 3 * kHour);

  PosixTz dubai = parse("<+04>-4");
  EXPECT_EQ(dubai.std_offset, 4 * kHour);
  EXPECT_FALSE(dubai.has_dst);

  EXPECT_EQ(parse("IST-2IDT,M3.4.4/26,M10.5.0").start.time, 26 * kHour);
  EXPECT_EQ(parse("EET-2EEST,M3.4.4/50,M10.4.4/50").end.time, 50 * kHour);
  EXPECT_EQ(parse("<-04>4<-03>,M9.1.6/24,M4.1.6/24").std_offset, -4 * kHour);
  EXPECT_EQ(parse("NST3:30NDT,M3.2.0,M11.1.0").std_offset, -(3 * kHour + 1800));
  EXPECT_EQ(parse("<-02>2<-01>,M3.5.0/-1,M10.5.0/0").start.time, -kHour);

  PosixTz chatham = parse("<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45");
  EXPECT_EQ(chatham.std_offset, 12 * kHour + 45 * 60);
  EXPECT_EQ(chatham.dst_offset, 13 * kHour + 45 * 60);
  EXPECT_EQ(chatham.start.time, 2 * kHour + 45 * 60);

  PosixTz lord_howe = parse("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0");
  EXPECT_EQ(lord_howe.dst_offset - lord_howe.std_offset, 1800);

  PosixTz dublin = parse("IST-1GMT0,M10.5.0,M3.5.0/1");
  EXPECT_EQ(dublin.std_offset, kHour);
  EXPECT_EQ(dublin.dst_offset, 0);

  EXPECT_EQ(parse("UTC0").std_offset, 0);
  EXPECT_EQ(parse("<-00>0").std_offset, 0);
  EXPECT_EQ(parse("HST10").std_offset, -10 * kHour);
  EXPECT_EQ(parse("XXX+3:15:30").std_offset, -(3 * kHour + 15 * 60 + 30));
}

TEST(PosixTz, JulianDaysAndDefaults) {
  PosixTz j = parse("AAA3BBB,J60/2,300/-2:30");
  EXPECT_EQ(j.start.kind, PosixRule::Kind::kJulian1);
  EXPECT_EQ(j.end.kind, PosixRule::Kind::kJulian0);
  EXPECT_EQ(j.end.time, -(2 * kHour + 30 * 60));
  // J60 is March 1 every year; day 59 counted from 0 is February 29 in a leap year.
  EXPECT_EQ(j.start.day_in(2024), days_from_civil(2024, 3, 1));
  EXPECT_EQ(j.start.day_in(2025), days_from_civil(2025, 3, 1));
  PosixRule n59{PosixRule::Kind::kJulian0, 0, 0, 59, 0};
  EXPECT_EQ(n59.day_in(2024), days_from_civil(2024, 2, 29));
  EXPECT_EQ(n59.day_in(2025), days_from_civil(2025, 3, 1));

  // Daylight time without rules takes the US rules at 02:00.
  PosixTz us = parse("EST5EDT");
  EXPECT_TRUE(us.has_dst);
  EXPECT_EQ(us.start.month, 3);
  EXPECT_EQ(us.end.month, 11);
  EXPECT_EQ(parse("EST5EDT4").dst_offset, -4 * kHour);
  EXPECT_EQ(parse("AAA-1BBB-3,M3.5.0,M10.5.0").dst_offset, 3 * kHour);
}

TEST(PosixTz, MonthWeekDayRules) {
  const PosixRule last_sunday_feb{PosixRule::Kind::kMonthWeekDay, 2, 5, 0, 0};
  EXPECT_EQ(last_sunday_feb.day_in(2026), days_from_civil(2026, 2, 22));
  EXPECT_EQ(last_sunday_feb.day_in(2032), days_from_civil(2032, 2, 29));  // leap day, Sunday
  const PosixRule second_sunday_march{PosixRule::Kind::kMonthWeekDay, 3, 2, 0, 0};
  EXPECT_EQ(second_sunday_march.day_in(2045), days_from_civil(2045, 3, 12));
  EXPECT_EQ(second_sunday_march.day_in(1969), days_from_civil(1969, 3, 9));
  const PosixRule fourth_thursday_march{PosixRule::Kind::kMonthWeekDay, 3, 4, 4, 0};
  EXPECT_EQ(fourth_thursday_march.day_in(2040), days_from_civil(2040, 3, 22));
  const PosixRule first_saturday_sept{PosixRule::Kind::kMonthWeekDay, 9, 1, 6, 0};
  EXPECT_EQ(first_saturday_sept.day_in(2045), days_from_civil(2045, 9, 2));
}

TEST(PosixTz, RefusesWhatIsNotATzString) {
  for (const char* text : {"",
                           "EST",
                           "ES5",
                           "5",
                           "E5T5",
                           "EST5EDT,M3.2.0",
                           "EST5EDT,M3.2.0,",
                           "EST5EDT,M13.1.0,M11.1.0",
                           "EST5EDT,M0.1.0,M11.1.0",
                           "EST5EDT,M3.6.0,M11.1.0",
                           "EST5EDT,M3.0.0,M11.1.0",
                           "EST5EDT,M3.2.7,M11.1.0",
                           "EST5EDT,J0,J365",
                           "EST5EDT,J366,J1",
                           "EST5EDT,366,1",
                           "EST5EDT,M3.2.0/168,M11.1.0",
                           "EST5EDT,M3.2.0/1:60,M11.1.0",
                           "<+03",
                           "<+03>",
                           "<+3>-3",
                           "EST25",
                           "EST5:60",
                           "EST5:00:60",
                           "EST5x",
                           "EST5EDT,M3.2.0,M11.1.0,",
                           "EST5EDT,M3.2.0,M11.1.0 ",
                           "EST5EDT;M3.2.0,M11.1.0",
                           "EST-",
                           "EST+"}) {
    EXPECT_FALSE(parse_posix_tz(text).has_value()) << '"' << text << '"';
  }
}

TEST(PosixTz, TransitionsNorthAndSouth) {
  const std::vector<Transition> ny = parse("EST5EDT,M3.2.0,M11.1.0").transitions(2045, 2045);
  EXPECT_EQ(ny, (std::vector<Transition>{{at("2045-03-12T07:00:00Z"), -4 * kHour},
                                         {at("2045-11-05T06:00:00Z"), -5 * kHour}}));
  const std::vector<Transition> sydney =
      parse("AEST-10AEDT,M10.1.0,M4.1.0/3").transitions(2040, 2040);
  EXPECT_EQ(sydney, (std::vector<Transition>{{at("2040-03-31T16:00:00Z"), 10 * kHour},
                                             {at("2040-10-06T16:00:00Z"), 11 * kHour}}));
  const std::vector<Transition> jerusalem =
      parse("IST-2IDT,M3.4.4/26,M10.5.0").transitions(2040, 2040);
  EXPECT_EQ(jerusalem, (std::vector<Transition>{{at("2040-03-23T00:00:00Z"), 3 * kHour},
                                                {at("2040-10-27T23:00:00Z"), 2 * kHour}}));
  const std::vector<Transition> santiago =
      parse("<-04>4<-03>,M9.1.6/24,M4.1.6/24").transitions(2045, 2045);
  EXPECT_EQ(santiago, (std::vector<Transition>{{at("2045-04-02T03:00:00Z"), -4 * kHour},
                                               {at("2045-09-03T04:00:00Z"), -3 * kHour}}));
  EXPECT_TRUE(parse("<+04>-4").transitions(2040, 2050).empty());
  EXPECT_TRUE(parse("EST5EDT,M3.2.0,M11.1.0").transitions(2046, 2045).empty());
}

// "EST5EDT4,0/0,J365/25" (RFC 8536 3.3.1): daylight time all year. Each year's end meets the
// next year's start at the same instant, end first, so the later change (to DST) wins.
TEST(PosixTz, DaylightTimeAllYear) {
  const std::vector<Transition> all = parse("EST5EDT4,0/0,J365/25").transitions(2040, 2041);
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0], (Transition{at("2040-01-01T05:00:00Z"), -4 * kHour}));
  EXPECT_EQ(all[1], (Transition{at("2041-01-01T05:00:00Z"), -5 * kHour}));
  EXPECT_EQ(all[2], (Transition{at("2041-01-01T05:00:00Z"), -4 * kHour}));
  EXPECT_EQ(all[3], (Transition{at("2042-01-01T05:00:00Z"), -5 * kHour}));
}

}  // namespace
}  // namespace nudge::detail
