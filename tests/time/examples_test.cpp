// The worked examples of the project brief: follow-ups after an interview, aligned to the
// recipient's calendar (Mon-Fri 09:00-17:00 unless stated). "+3h"/"+24h" are elapsed time.

#include <gtest/gtest.h>

#include <span>
#include <string>
#include <vector>

#include "nudge/time.hpp"
#include "time/calendar.hpp"

namespace nudge::detail {
namespace {

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

Duration dur(std::string_view text) {
  auto r = Duration::parse(text);
  EXPECT_TRUE(r.ok()) << text;
  return r.ok() ? *r : Duration{};
}

// align(end + elapsed) formatted in the calendar's zone.
std::string aligned_after(const CalendarView& cal, std::string_view end, std::string_view d) {
  return format_rfc3339(cal.align(instant(end) + std::chrono::seconds(dur(d).amount)),
                        cal.zone->name());
}

// align(add(t, d)) formatted in the calendar's zone.
std::string aligned_add(const CalendarView& cal, std::string_view t, std::string_view d) {
  return format_rfc3339(cal.align(cal.add(instant(t), dur(d))), cal.zone->name());
}

TEST(WorkedExamples, NewYorkInterviewChicagoAndBerlinRecipients) {
  const Zone chicago = zone("America/Chicago");
  const Zone berlin = zone("Europe/Berlin");
  const CalendarView chi = view(chicago);
  const CalendarView ber = view(berlin);
  constexpr std::string_view kEnd = "2026-11-23T11:30:00-05:00";
  EXPECT_EQ(aligned_after(chi, kEnd, "3h"), "2026-11-23T13:30:00-06:00");
  EXPECT_EQ(aligned_after(chi, kEnd, "24h"), "2026-11-24T10:30:00-06:00");
  EXPECT_EQ(aligned_after(ber, kEnd, "3h"), "2026-11-24T09:00:00+01:00");
  EXPECT_EQ(aligned_after(ber, kEnd, "24h"), "2026-11-25T09:00:00+01:00");
  EXPECT_EQ(aligned_add(chi, "2026-11-23T13:30:00-06:00", "7d"), "2026-11-30T13:30:00-06:00");
  EXPECT_EQ(aligned_add(chi, "2026-11-23T13:30:00-06:00", "10d"), "2026-12-03T13:30:00-06:00");
}

TEST(WorkedExamples, BerlinFridayAfternoon) {
  const Zone berlin = zone("Europe/Berlin");
  const CalendarView ber = view(berlin);
  constexpr std::string_view kEnd = "2026-11-27T16:30:00+01:00";
  EXPECT_EQ(aligned_after(ber, kEnd, "3h"), "2026-11-30T09:00:00+01:00");
  EXPECT_EQ(aligned_after(ber, kEnd, "24h"), "2026-11-30T09:00:00+01:00");
  EXPECT_EQ(aligned_add(ber, "2026-11-30T09:00:00+01:00", "7d"), "2026-12-07T09:00:00+01:00");
  EXPECT_EQ(aligned_add(ber, "2026-11-30T09:00:00+01:00", "10d"), "2026-12-10T09:00:00+01:00");
}

TEST(WorkedExamples, NewYorkFridayBeforeSpringForward) {
  const Zone ny = zone("America/New_York");
  const CalendarView cal = view(ny);
  constexpr std::string_view kEnd = "2026-03-06T15:00:00-05:00";
  EXPECT_EQ(aligned_after(cal, kEnd, "3h"), "2026-03-09T09:00:00-04:00");
  EXPECT_EQ(aligned_after(cal, kEnd, "24h"), "2026-03-09T09:00:00-04:00");
  EXPECT_EQ(aligned_add(cal, "2026-03-09T09:00:00-04:00", "7d"), "2026-03-16T09:00:00-04:00");
  EXPECT_EQ(aligned_add(cal, "2026-03-09T09:00:00-04:00", "10d"), "2026-03-19T09:00:00-04:00");
}

TEST(WorkedExamples, ChicagoHolidayAndNewYorkMidnight) {
  const Zone chicago = zone("America/Chicago");
  const Zone ny = zone("America/New_York");
  const std::vector<LocalDate> holidays{*parse_date("2026-12-25")};
  const CalendarView chi = view(chicago, kMonToFri, 9 * 3600, 17 * 3600, holidays);
  const CalendarView nyc = view(ny);
  AlignTrace trace;
  EXPECT_EQ(
      format_rfc3339(chi.align(nyc.start_of(*parse_date("2026-12-25")), &trace), "America/Chicago"),
      "2026-12-28T09:00:00-06:00");
  ASSERT_EQ(trace.size(), 4U);
  EXPECT_EQ(trace[0].kind, AlignStep::Kind::kAfterWindow);
  EXPECT_EQ(format_date(trace[0].day), "2026-12-24");
  EXPECT_EQ(trace[1].kind, AlignStep::Kind::kHoliday);
  EXPECT_EQ(format_date(trace[1].day), "2026-12-25");
  EXPECT_EQ(trace[2].kind, AlignStep::Kind::kNonWorkingDay);
  EXPECT_EQ(trace[3].kind, AlignStep::Kind::kNonWorkingDay);
  EXPECT_EQ(format_date(trace[3].day), "2026-12-27");
  EXPECT_EQ(format_rfc3339(chi.align(nyc.start_of(*parse_date("2026-12-28"))), "America/Chicago"),
            "2026-12-28T09:00:00-06:00");
}

TEST(WorkedExamples, DubaiInterviewDubaiAndJerusalemRecipients) {
  const Zone dubai = zone("Asia/Dubai");
  const Zone jerusalem = zone("Asia/Jerusalem");
  const CalendarView dxb = view(dubai);
  const CalendarView jer = view(jerusalem, kSunToThu);
  constexpr std::string_view kEnd = "2026-06-04T13:00:00+04:00";
  EXPECT_EQ(aligned_after(dxb, kEnd, "3h"), "2026-06-04T16:00:00+04:00");
  EXPECT_EQ(aligned_after(dxb, kEnd, "24h"), "2026-06-05T13:00:00+04:00");
  EXPECT_EQ(aligned_after(jer, kEnd, "3h"), "2026-06-04T15:00:00+03:00");
  EXPECT_EQ(aligned_after(jer, kEnd, "24h"), "2026-06-07T09:00:00+03:00");
  EXPECT_EQ(aligned_add(jer, "2026-06-04T15:00:00+03:00", "7d"), "2026-06-11T15:00:00+03:00");
  EXPECT_EQ(aligned_add(jer, "2026-06-04T15:00:00+03:00", "10d"), "2026-06-14T15:00:00+03:00");
}

}  // namespace
}  // namespace nudge::detail
