// CalendarView: align and add across weekends, holidays and DST; weekdays, specs and clocks.

#include "time/calendar.hpp"

#include <gtest/gtest.h>

#include <span>
#include <string>
#include <vector>

#include "nudge/time.hpp"

namespace nudge::detail {
namespace {

using Kind = AlignStep::Kind;

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

LocalDate date(std::string_view text) {
  auto r = parse_date(text);
  EXPECT_TRUE(r.ok()) << text;
  return r.ok() ? *r : LocalDate{};
}

Duration dur(std::string_view text) {
  auto r = Duration::parse(text);
  EXPECT_TRUE(r.ok()) << text;
  return r.ok() ? *r : Duration{};
}

// Aligns / adds and formats in the calendar's zone.
std::string align(const CalendarView& cal, std::string_view t, AlignTrace* trace = nullptr) {
  return format_rfc3339(cal.align(instant(t), trace), cal.zone->name());
}
std::string add(const CalendarView& cal, std::string_view t, std::string_view d) {
  return format_rfc3339(cal.add(instant(t), dur(d)), cal.zone->name());
}

std::string describe(const AlignTrace& trace) {
  std::string out;
  for (const AlignStep& s : trace) {
    static constexpr const char* kNames[] = {"before", "after", "non-working", "holiday",
                                             "no window"};
    if (!out.empty()) out += ", ";
    out += std::string(kNames[static_cast<int>(s.kind)]) + " " + format_date(s.day);
  }
  return out;
}

class NewYork : public ::testing::Test {
 protected:
  Zone ny_ = zone("America/New_York");
  std::vector<LocalDate> holidays_{date("2026-12-25")};
  std::vector<LocalDate> own_{date("2026-12-28")};
  CalendarView cal_ = view(ny_, kMonToFri, 9 * 3600, 17 * 3600, holidays_, own_);
};

TEST_F(NewYork, AlignKeepsTimesInsideTheWindow) {
  EXPECT_EQ(align(cal_, "2026-11-23T09:00:00-05:00"), "2026-11-23T09:00:00-05:00");
  EXPECT_EQ(align(cal_, "2026-11-23T16:59:59-05:00"), "2026-11-23T16:59:59-05:00");
  AlignTrace trace;
  EXPECT_EQ(align(cal_, "2026-11-23T12:00:00-05:00", &trace), "2026-11-23T12:00:00-05:00");
  EXPECT_TRUE(trace.empty());
}

TEST_F(NewYork, AlignMovesEarlyAndLateTimes) {
  AlignTrace trace;
  EXPECT_EQ(align(cal_, "2026-11-23T08:59:59-05:00", &trace), "2026-11-23T09:00:00-05:00");
  EXPECT_EQ(describe(trace), "before 2026-11-23");
  trace.clear();
  EXPECT_EQ(align(cal_, "2026-11-23T17:00:00-05:00", &trace), "2026-11-24T09:00:00-05:00");
  EXPECT_EQ(describe(trace), "after 2026-11-23");
  trace.clear();
  EXPECT_EQ(align(cal_, "2026-11-27T17:30:00-05:00", &trace), "2026-11-30T09:00:00-05:00");
  EXPECT_EQ(describe(trace), "after 2026-11-27, non-working 2026-11-28, non-working 2026-11-29");
  trace.clear();
  EXPECT_EQ(align(cal_, "2026-11-29T08:00:00-05:00", &trace), "2026-11-30T09:00:00-05:00");
  EXPECT_EQ(describe(trace), "non-working 2026-11-29");
}

TEST_F(NewYork, AlignSkipsHolidaysFromBothLists) {
  AlignTrace trace;
  EXPECT_EQ(align(cal_, "2026-12-24T18:00:00-05:00", &trace), "2026-12-29T09:00:00-05:00");
  EXPECT_EQ(describe(trace),
            "after 2026-12-24, holiday 2026-12-25, non-working 2026-12-26, "
            "non-working 2026-12-27, holiday 2026-12-28");
  EXPECT_EQ(align(cal_, "2026-12-25T12:00:00-05:00"), "2026-12-29T09:00:00-05:00");
  EXPECT_EQ(align(cal_, "2026-12-28T12:00:00-05:00"), "2026-12-29T09:00:00-05:00");
  EXPECT_FALSE(cal_.is_business_day(date("2026-12-25")));
  EXPECT_FALSE(cal_.is_business_day(date("2026-12-28")));
  EXPECT_FALSE(cal_.is_business_day(date("2026-12-26")));
  EXPECT_TRUE(cal_.is_business_day(date("2026-12-29")));
}

TEST_F(NewYork, AlignAcrossDst) {
  // Friday evening before the spring change: Monday is already on EDT.
  EXPECT_EQ(align(cal_, "2026-03-06T18:00:00-05:00"), "2026-03-09T09:00:00-04:00");
  EXPECT_EQ(align(cal_, "2026-10-30T18:00:00-04:00"), "2026-11-02T09:00:00-05:00");
  // A window that starts inside the gap / the repeated hour.
  CalendarView early = cal_;
  early.workdays = 0x7F;
  early.window_start = 2 * 3600 + 1800;  // 02:30, does not exist on 2026-03-08
  EXPECT_EQ(align(early, "2026-03-08T01:00:00-05:00"), "2026-03-08T03:00:00-04:00");
  EXPECT_EQ(align(early, "2026-03-07T18:00:00-05:00"), "2026-03-08T03:00:00-04:00");
  early.window_start = 3600 + 1800;  // 01:30, happens twice on 2026-11-01
  EXPECT_EQ(align(early, "2026-11-01T00:30:00-04:00"), "2026-11-01T01:30:00-05:00");
  EXPECT_EQ(align(early, "2026-10-31T20:00:00-04:00"), "2026-11-01T01:30:00-05:00");
  EXPECT_EQ(align(early, "2026-11-01T01:45:00-04:00"), "2026-11-01T01:45:00-04:00");
}

TEST(CalendarViewDst, BerlinAlignAndAdd) {
  const Zone berlin = zone("Europe/Berlin");
  CalendarView cal = view(berlin, 0x7F, 2 * 3600 + 1800);
  EXPECT_EQ(align(cal, "2026-03-29T01:00:00+01:00"), "2026-03-29T03:00:00+02:00");
  EXPECT_EQ(align(cal, "2026-10-25T01:00:00+02:00"), "2026-10-25T02:30:00+01:00");
  EXPECT_EQ(align(cal, "2026-10-25T02:45:00+02:00"), "2026-10-25T02:45:00+02:00");
  EXPECT_EQ(add(cal, "2026-03-28T02:30:00+01:00", "1d"), "2026-03-29T03:00:00+02:00");
  EXPECT_EQ(add(cal, "2026-03-28T10:00:00+01:00", "1d"), "2026-03-29T10:00:00+02:00");
  EXPECT_EQ(add(cal, "2026-03-28T10:00:00+01:00", "24h"), "2026-03-29T11:00:00+02:00");
  EXPECT_EQ(add(cal, "2026-10-24T02:30:00+02:00", "1d"), "2026-10-25T02:30:00+01:00");
  EXPECT_EQ(add(cal, "2026-10-24T10:00:00+02:00", "24h"), "2026-10-25T09:00:00+01:00");
  EXPECT_EQ(add(cal, "2026-10-24T10:00:00+02:00", "1bd"), "2026-10-25T10:00:00+01:00");
}

TEST_F(NewYork, AddCalendarDaysAcrossDst) {
  EXPECT_EQ(add(cal_, "2026-03-07T10:00:00-05:00", "1d"), "2026-03-08T10:00:00-04:00");
  EXPECT_EQ(add(cal_, "2026-03-07T10:00:00-05:00", "24h"), "2026-03-08T11:00:00-04:00");
  EXPECT_EQ(add(cal_, "2026-03-07T02:30:00-05:00", "1d"), "2026-03-08T03:00:00-04:00");
  EXPECT_EQ(add(cal_, "2026-10-31T01:30:00-04:00", "1d"), "2026-11-01T01:30:00-05:00");
  EXPECT_EQ(add(cal_, "2026-10-31T10:00:00-04:00", "1w"), "2026-11-07T10:00:00-05:00");
  EXPECT_EQ(add(cal_, "2026-10-31T10:00:00-04:00", "90m"), "2026-10-31T11:30:00-04:00");
  EXPECT_EQ(add(cal_, "2026-11-01T01:30:00-04:00", "1h"), "2026-11-01T01:30:00-05:00");
  EXPECT_EQ(add(cal_, "2026-10-31T10:00:00-04:00", "0d"), "2026-10-31T10:00:00-04:00");
  EXPECT_EQ(
      format_rfc3339(cal_.add(instant("2026-11-07T10:00:00-05:00"), {Duration::Unit::kDays, -7}),
                     "America/New_York"),
      "2026-10-31T10:00:00-04:00");
}

TEST_F(NewYork, AddBusinessDays) {
  EXPECT_EQ(add(cal_, "2026-11-23T10:00:00-05:00", "1bd"), "2026-11-24T10:00:00-05:00");
  EXPECT_EQ(add(cal_, "2026-11-27T10:00:00-05:00", "1bd"), "2026-11-30T10:00:00-05:00");
  EXPECT_EQ(add(cal_, "2026-11-27T10:00:00-05:00", "5bd"), "2026-12-04T10:00:00-05:00");
  EXPECT_EQ(add(cal_, "2026-11-28T20:00:00-05:00", "1bd"), "2026-11-30T20:00:00-05:00");
  EXPECT_EQ(add(cal_, "2026-11-23T10:00:00-05:00", "0bd"), "2026-11-23T10:00:00-05:00");
  // Across the policy holiday (25th), a weekend and the person's own holiday (28th).
  EXPECT_EQ(add(cal_, "2026-12-24T10:00:00-05:00", "1bd"), "2026-12-29T10:00:00-05:00");
  EXPECT_EQ(add(cal_, "2026-12-23T10:00:00-05:00", "3bd"), "2026-12-30T10:00:00-05:00");
  // Across the spring change: the local time of day is kept.
  EXPECT_EQ(add(cal_, "2026-03-06T10:00:00-05:00", "1bd"), "2026-03-09T10:00:00-04:00");
  EXPECT_EQ(add(cal_, "2026-10-30T10:00:00-04:00", "1bd"), "2026-11-02T10:00:00-05:00");
  // Negative amounts (never parsed, but well defined) step backwards.
  EXPECT_EQ(format_rfc3339(
                cal_.add(instant("2026-12-29T10:00:00-05:00"), {Duration::Unit::kBusinessDays, -1}),
                "America/New_York"),
            "2026-12-24T10:00:00-05:00");
}

TEST(CalendarViewWeekends, SundayToThursday) {
  const Zone jerusalem = zone("Asia/Jerusalem");
  const CalendarView cal = view(jerusalem, kSunToThu);
  AlignTrace trace;
  EXPECT_EQ(align(cal, "2026-06-05T12:00:00+03:00", &trace), "2026-06-07T09:00:00+03:00");
  EXPECT_EQ(describe(trace), "non-working 2026-06-05, non-working 2026-06-06");
  EXPECT_EQ(align(cal, "2026-06-07T08:00:00+03:00"), "2026-06-07T09:00:00+03:00");
  EXPECT_EQ(add(cal, "2026-06-04T15:00:00+03:00", "1bd"), "2026-06-07T15:00:00+03:00");
  EXPECT_EQ(add(cal, "2026-06-04T15:00:00+03:00", "5bd"), "2026-06-11T15:00:00+03:00");
  EXPECT_TRUE(cal.is_business_day(date("2026-06-07")));
  EXPECT_FALSE(cal.is_business_day(date("2026-06-05")));
}

TEST(CalendarViewMidnight, WindowStartingAtMidnightInHavana) {
  const Zone havana = zone("America/Havana");
  // Every day, 00:00-23:00: the Sunday 2026-03-08 starts at 01:00 (00:00 does not exist).
  const CalendarView cal = view(havana, 0x7F, 0, 23 * 3600);
  AlignTrace trace;
  EXPECT_EQ(align(cal, "2026-03-07T23:30:00-05:00", &trace), "2026-03-08T01:00:00-04:00");
  EXPECT_EQ(describe(trace), "after 2026-03-07");
  EXPECT_EQ(align(cal, "2026-03-08T01:00:00-04:00"), "2026-03-08T01:00:00-04:00");
  // 00:00 of 2026-11-01 happens twice: the later one is chosen.
  EXPECT_EQ(align(cal, "2026-10-31T23:30:00-04:00"), "2026-11-01T00:00:00-05:00");
  // The first 00:30 is already inside the window of 2026-11-01.
  EXPECT_EQ(align(cal, "2026-11-01T00:30:00-04:00"), "2026-11-01T00:30:00-04:00");
}

TEST(CalendarViewMidnight, SantiagoAndBeirut) {
  const Zone santiago = zone("America/Santiago");
  const CalendarView weekdays = view(santiago);
  AlignTrace trace;
  EXPECT_EQ(align(weekdays, "2026-09-04T18:00:00-04:00", &trace), "2026-09-07T09:00:00-03:00");
  EXPECT_EQ(describe(trace), "after 2026-09-04, non-working 2026-09-05, non-working 2026-09-06");
  EXPECT_EQ(add(weekdays, "2026-09-05T00:30:00-04:00", "1d"), "2026-09-06T01:00:00-03:00");
  EXPECT_EQ(add(weekdays, "2026-09-04T00:30:00-04:00", "1bd"), "2026-09-07T00:30:00-03:00");
  const CalendarView sundays = view(santiago, 0b0000001, 0);
  EXPECT_EQ(align(sundays, "2026-09-05T22:00:00-04:00"), "2026-09-06T01:00:00-03:00");
  EXPECT_EQ(align(sundays, "2026-04-04T23:30:00-03:00"), "2026-04-05T00:00:00-04:00");
  const Zone beirut = zone("Asia/Beirut");
  const CalendarView lebanon = view(beirut, 0x7F, 0);
  EXPECT_EQ(align(lebanon, "2026-03-28T20:00:00+02:00"), "2026-03-29T01:00:00+03:00");
}

// R19, bug (oracle vs python zoneinfo): a window start in a DST gap that crosses midnight (or a
// skipped day) used to resolve onto another date, a non-working one. Alignment moves on to the
// next business day whose window start lies on that day and inside the window.
TEST(CalendarViewMidnight, R19_WindowStartInAGapMovesToTheNextBusinessDay) {
  const Zone apia = zone("Pacific/Apia");  // skipped Friday 2011-12-30 entirely
  AlignTrace trace;
  EXPECT_EQ(align(view(apia), "2011-12-29T19:30:00-10:00", &trace), "2012-01-02T09:00:00+14:00");
  EXPECT_EQ(
      describe(trace),
      "after 2011-12-29, no window 2011-12-30, non-working 2011-12-31, non-working 2012-01-01");
  const Zone nuuk = zone("America/Nuuk");  // Sat 2026-03-28 23:00-24:00 does not exist
  const CalendarView late = view(nuuk, 0b1111110, 23 * 3600, 24 * 3600);
  trace.clear();
  EXPECT_EQ(align(late, "2026-03-28T15:00:00-02:00", &trace), "2026-03-30T23:00:00-01:00");
  EXPECT_EQ(describe(trace), "no window 2026-03-28, non-working 2026-03-29");
}

TEST(CalendarViewEdge, NullZoneIsUtcAndEmptyCalendarGivesUp) {
  const CalendarView utc{};
  EXPECT_EQ(format_rfc3339(utc.align(instant("2026-11-28T10:00:00Z")), "UTC"),
            "2026-11-30T09:00:00Z");
  CalendarView none;
  none.workdays = 0;
  const Instant t = instant("2026-11-28T10:00:00Z");
  EXPECT_EQ(none.align(t), t);
  EXPECT_EQ(none.add(t, {Duration::Unit::kBusinessDays, 3}), t);
  EXPECT_EQ(none.add(t, {Duration::Unit::kSeconds, 60}), t + std::chrono::minutes(1));
}

TEST(Weekdays, ParseAndFormat) {
  EXPECT_EQ(*parse_weekday("sun"), 0b0000001);
  EXPECT_EQ(*parse_weekday("Mon"), 0b0000010);
  EXPECT_EQ(*parse_weekday("TUESDAY"), 0b0000100);
  EXPECT_EQ(*parse_weekday("wed"), 0b0001000);
  EXPECT_EQ(*parse_weekday("Thursday"), 0b0010000);
  EXPECT_EQ(*parse_weekday("fri"), 0b0100000);
  EXPECT_EQ(*parse_weekday("saturday"), 0b1000000);
  auto bad = parse_weekday("funday");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kUnknownName);
  EXPECT_EQ(bad.error().message,
            "unknown weekday 'funday'; use sun, mon, tue, wed, thu, fri or sat");
  EXPECT_FALSE(parse_weekday("").ok());
  EXPECT_FALSE(parse_weekday("mo").ok());
  EXPECT_EQ(format_weekdays(kMonToFri), "mon, tue, wed, thu, fri");
  EXPECT_EQ(format_weekdays(kSunToThu), "sun, mon, tue, wed, thu");
  EXPECT_EQ(format_weekdays(0), "");
}

TEST(CalendarSpec, Validates) {
  CalendarSpec spec;
  EXPECT_TRUE(spec.validate().ok());
  spec.zone = "Mars/Base";
  EXPECT_EQ(spec.validate().error().code, ErrorCode::kUnknownName);
  EXPECT_EQ(spec.validate().error().message,
            "unknown time zone 'Mars/Base'; use an IANA name such as 'Europe/Berlin'");
  spec.zone = "Asia/Jerusalem";
  spec.workdays = 0;
  EXPECT_EQ(spec.validate().error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(spec.validate().error().message, "a calendar needs at least one working weekday");
  spec.workdays = kSunToThu;
  spec.window_start = 17 * 3600;
  spec.window_end = 9 * 3600;
  EXPECT_EQ(spec.validate().error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(spec.validate().error().message,
            "the send window must start before it ends within one day (between 00:00 and "
            "24:00, e.g. 09:00-17:00); got 17:00-09:00");
  spec.window_start = 0;
  spec.window_end = 86400;
  EXPECT_TRUE(spec.validate().ok());
  spec.window_end = 86401;
  EXPECT_FALSE(spec.validate().ok());
  spec.window_start = -1;
  spec.window_end = 3600;
  EXPECT_FALSE(spec.validate().ok());
  spec.window_start = 3600;
  spec.window_end = 3600;
  EXPECT_FALSE(spec.validate().ok());
  spec.window_end = 7200;
  spec.holidays = {date("2026-12-26"), date("2026-12-25")};
  EXPECT_EQ(spec.validate().error().message,
            "calendar holidays must be sorted ascending without duplicates");
}

TEST(Clock, Parses) {
  EXPECT_EQ(*parse_clock("00:00"), 0);
  EXPECT_EQ(*parse_clock("09:00"), 9 * 3600);
  EXPECT_EQ(*parse_clock("17:30"), 17 * 3600 + 1800);
  EXPECT_EQ(*parse_clock("24:00"), 86400);
  for (const char* text : {"24:01", "25:00", "9:00", "09:60", "0900", "09:00:00", "", "ab:cd"}) {
    auto r = parse_clock(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error().code, ErrorCode::kParse);
    EXPECT_EQ(r.error().message, "invalid time of day '" + std::string(text) +
                                     "': write HH:MM between 00:00 and 24:00 (e.g. \"09:00\")");
  }
}

TEST(Weekday, MatchesStdChronoFromYearZeroTo9999) {
  const auto first = std::chrono::sys_days{std::chrono::year{0} / 1 / 1};
  const auto last = std::chrono::sys_days{std::chrono::year{9999} / 12 / 31};
  for (auto d = first; d <= last; d += std::chrono::days{1}) {
    ASSERT_EQ(weekday_of(LocalDate{d.time_since_epoch()}), std::chrono::weekday(d).c_encoding())
        << d.time_since_epoch().count();
  }
  EXPECT_EQ(weekday_of(LocalDate{std::chrono::days{0}}), 4u);  // 1970-01-01, a Thursday
}

}  // namespace
}  // namespace nudge::detail
