// parse_ics_holidays: all-day events, spans, yearly repeats, folding and error positions.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "nudge/time.hpp"
#include "time/calendar.hpp"

namespace nudge::detail {
namespace {

// Dates as "YYYY-MM-DD" text, or the error message.
std::string holidays(std::string_view ics, int until_year = 2035) {
  auto r = parse_ics_holidays(ics, "holidays.ics", until_year);
  if (!r.ok()) return "error: " + r.error().message;
  std::string out;
  for (LocalDate d : *r) out += (out.empty() ? "" : " ") + format_date(d);
  return out;
}

ErrorCode code_of(std::string_view ics) {
  auto r = parse_ics_holidays(ics, "holidays.ics");
  return r.ok() ? ErrorCode::kOk : r.error().code;
}

std::string calendar(std::string_view body) {
  return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + std::string(body) +
         "END:VCALENDAR\r\n";
}

TEST(Ics, ReadsAllDayEventsSortedAndUnique) {
  const std::string ics = calendar(
      "BEGIN:VEVENT\r\nSUMMARY:Christmas\r\nDTSTART;VALUE=DATE:20261225\r\nEND:VEVENT\r\n"
      "BEGIN:VEVENT\r\nSUMMARY:Thanksgiving\r\nDTSTART:20261126\r\nEND:VEVENT\r\n"
      "BEGIN:VEVENT\r\nSUMMARY:Meeting\r\nDTSTART:20261201T100000Z\r\n"
      "DTEND:20261201T110000Z\r\nEND:VEVENT\r\n"
      "BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Berlin:20261202T000000\r\nEND:VEVENT\r\n"
      "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE-TIME:20261203T000000\r\nEND:VEVENT\r\n"
      "BEGIN:VEVENT\r\nSUMMARY:Christmas again\r\ndtstart;value=date:20261225\r\nEND:VEVENT\r\n"
      "BEGIN:VEVENT\r\nSUMMARY:No start\r\nEND:VEVENT\r\n");
  EXPECT_EQ(holidays(ics), "2026-11-26 2026-12-25");
}

TEST(Ics, AcceptsBareLineFeedsFoldedLinesAndAlarms) {
  const std::string ics =
      "\xEF\xBB\xBF"
      "BEGIN:VCALENDAR\n"
      "BEGIN:VEVENT\n"
      "SUMMARY:A very long\n  summary folded\n"
      "DTSTART;VALUE=\n DATE:2026\n\t1231\n"
      "BEGIN:VALARM\nTRIGGER:-PT15M\nDTSTART:20270101T000000\nEND:VALARM\n"
      "END:VEVENT\n"
      "END:VCALENDAR";
  EXPECT_EQ(holidays(ics), "2026-12-31");
}

TEST(Ics, ExpandsMultiDayEvents) {
  EXPECT_EQ(holidays(calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261224\r\n"
                              "DTEND;VALUE=DATE:20261227\r\nEND:VEVENT\r\n")),
            "2026-12-24 2026-12-25 2026-12-26");
  EXPECT_EQ(holidays(calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261231\r\n"
                              "DTEND;VALUE=DATE:20270102\r\nEND:VEVENT\r\n")),
            "2026-12-31 2027-01-01");
  EXPECT_EQ(holidays(calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\n"
                              "DTEND;VALUE=DATE:20261226\r\nEND:VEVENT\r\n")),
            "2026-12-25");
  EXPECT_EQ(holidays(calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\n"
                              "DURATION:P2D\r\nEND:VEVENT\r\n")),
            "2026-12-25 2026-12-26");
}

TEST(Ics, RepeatsYearly) {
  const std::string plain = calendar(
      "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\nRRULE:FREQ=YEARLY\r\nEND:VEVENT\r\n");
  EXPECT_EQ(holidays(plain, 2028), "2026-12-25 2027-12-25 2028-12-25");
  EXPECT_EQ(holidays(plain, 2020), "2026-12-25");
  EXPECT_EQ(holidays(calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\n"
                              "RRULE:FREQ=YEARLY;COUNT=2\r\nEND:VEVENT\r\n")),
            "2026-12-25 2027-12-25");
  EXPECT_EQ(holidays(calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\n"
                              "RRULE:FREQ=YEARLY;UNTIL=20281224\r\nEND:VEVENT\r\n")),
            "2026-12-25 2027-12-25");
  EXPECT_EQ(holidays(calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\n"
                              "RRULE:FREQ=YEARLY;UNTIL=20281225T000000Z\r\nEND:VEVENT\r\n")),
            "2026-12-25 2027-12-25 2028-12-25");
  // A two-day holiday every year, except in 2027.
  EXPECT_EQ(holidays(calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\n"
                              "DTEND;VALUE=DATE:20261227\r\nRRULE:FREQ=YEARLY\r\n"
                              "EXDATE;VALUE=DATE:20271225\r\nEND:VEVENT\r\n"),
                     2028),
            "2026-12-25 2026-12-26 2028-12-25 2028-12-26");
}

TEST(Ics, RepeatsEveryOtherYearAndOnLastDays) {
  EXPECT_EQ(holidays(calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\n"
                              "RRULE:FREQ=YEARLY;INTERVAL=2\r\nEND:VEVENT\r\n"),
                     2031),
            "2026-12-25 2028-12-25 2030-12-25");
  EXPECT_EQ(holidays(calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260228\r\n"
                              "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1\r\nEND:VEVENT\r\n"),
                     2028),
            "2026-02-28 2027-02-28 2028-02-29");
}

TEST(Ics, LeapDaysRepeatOnlyInLeapYears) {
  EXPECT_EQ(holidays(calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20280229\r\n"
                              "RRULE:FREQ=YEARLY\r\nEND:VEVENT\r\n"),
                     2033),
            "2028-02-29 2032-02-29");
}

TEST(Ics, RepeatsByWeekdayOfMonth) {
  // US Thanksgiving (fourth Thursday of November) and Memorial Day (last Monday of May).
  EXPECT_EQ(holidays(calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261126\r\n"
                              "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH\r\nEND:VEVENT\r\n"),
                     2028),
            "2026-11-26 2027-11-25 2028-11-23");
  EXPECT_EQ(holidays(calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260525\r\n"
                              "RRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO\r\nEND:VEVENT\r\n"),
                     2028),
            "2026-05-25 2027-05-31 2028-05-29");
}

TEST(Ics, RefusesTextThatIsNotICalendar) {
  EXPECT_EQ(holidays("hello\nworld\n"),
            "error: holidays.ics:1:1: not an iCalendar file: expected BEGIN:VCALENDAR on the "
            "first line");
  EXPECT_EQ(holidays(""),
            "error: holidays.ics:1:1: not an iCalendar file: expected BEGIN:VCALENDAR on the "
            "first line");
  EXPECT_EQ(holidays("\r\n\r\nBEGIN:VEVENT\r\n"),
            "error: holidays.ics:3:1: not an iCalendar file: expected BEGIN:VCALENDAR on the "
            "first line");
  EXPECT_EQ(code_of("hello"), ErrorCode::kParse);
}

TEST(Ics, RefusesEventsWithoutEnd) {
  EXPECT_EQ(holidays("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n"
                     "DTSTART;VALUE=DATE:20261225\r\n"),
            "error: holidays.ics:3:1: BEGIN:VEVENT has no matching END:VEVENT");
  EXPECT_EQ(holidays("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\n"
                     "END:VCALENDAR\r\n"),
            "error: holidays.ics:2:1: BEGIN:VEVENT has no matching END:VEVENT");
  EXPECT_EQ(holidays("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\n"
                     "END:VCALENDAR\r\n"),
            "error: holidays.ics:2:1: BEGIN:VEVENT has no matching END:VEVENT");
  EXPECT_EQ(code_of("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n"), ErrorCode::kParse);
}

TEST(Ics, RefusesMalformedDates) {
  EXPECT_EQ(holidays(calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:2026-12-25\r\nEND:VEVENT\r\n")),
            "error: holidays.ics:5:20: malformed date '2026-12-25' in DTSTART; write YYYYMMDD "
            "(e.g. 20261225)");
  EXPECT_EQ(holidays(calendar("BEGIN:VEVENT\r\nDTSTART:2026122\r\nEND:VEVENT\r\n")),
            "error: holidays.ics:5:9: malformed date '2026122' in DTSTART; write YYYYMMDD "
            "(e.g. 20261225)");
  EXPECT_EQ(holidays(calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260230\r\nEND:VEVENT\r\n")),
            "error: holidays.ics:5:20: impossible date '20260230' in DTSTART");
  EXPECT_EQ(holidays(calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\n"
                              "DTEND;VALUE=DATE:2026122X\r\nEND:VEVENT\r\n")),
            "error: holidays.ics:6:18: malformed date '2026122X' in DTEND; write YYYYMMDD "
            "(e.g. 20261225)");
  EXPECT_EQ(holidays(calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\n"
                              "RRULE:FREQ=YEARLY;UNTIL=2027XX01\r\nEND:VEVENT\r\n")),
            "error: holidays.ics:6:25: malformed date '2027XX01' in RRULE; write YYYYMMDD "
            "(e.g. 20261225)");
  EXPECT_EQ(holidays(calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\n"
                              "DTEND;VALUE=DATE:20281225\r\nEND:VEVENT\r\n")),
            "error: holidays.ics:6:18: DTEND is more than a year after DTSTART");
}

TEST(Ics, RefusesRepeatsItCannotFollow) {
  EXPECT_EQ(holidays(calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\n"
                              "RRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\n")),
            "error: holidays.ics:6:7: unsupported RRULE 'FREQ=WEEKLY': FREQ=WEEKLY is not a "
            "yearly repeat (only FREQ=YEARLY with COUNT, UNTIL, INTERVAL and one BYMONTH, "
            "BYMONTHDAY or BYDAY such as 4TH is understood)");
  EXPECT_EQ(code_of(calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\n"
                             "RRULE:FREQ=YEARLY;BYMONTH=1,7\r\nEND:VEVENT\r\n")),
            ErrorCode::kParse);
  EXPECT_EQ(code_of(calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\n"
                             "RRULE:FREQ=YEARLY;BYDAY=TH\r\nEND:VEVENT\r\n")),
            ErrorCode::kParse);
  EXPECT_EQ(holidays(calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261126\r\n"
                              "RRULE:FREQ=YEARLY;BYDAY=4TH\r\nEND:VEVENT\r\n")),
            "error: holidays.ics:6:7: unsupported RRULE 'FREQ=YEARLY;BYDAY=4TH': BYDAY needs a "
            "BYMONTH and no BYMONTHDAY (only FREQ=YEARLY with COUNT, UNTIL, INTERVAL and one "
            "BYMONTH, BYMONTHDAY or BYDAY such as 4TH is understood)");
  EXPECT_EQ(code_of(calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\n"
                             "RRULE:FREQ=YEARLY;UNTIL=2027\r\nEND:VEVENT\r\n")),
            ErrorCode::kParse);
  // A timed event's rule is never looked at.
  EXPECT_EQ(holidays(calendar("BEGIN:VEVENT\r\nDTSTART:20261225T100000Z\r\n"
                              "RRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\n")),
            "");
}

TEST(Ics, FeedsACalendar) {
  auto dates = parse_ics_holidays(
      calendar("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\nEND:VEVENT\r\n"), "h.ics");
  ASSERT_TRUE(dates.ok());
  const Zone chicago = *Zone::find("America/Chicago");
  CalendarView cal;
  cal.zone = &chicago;
  cal.holidays = *dates;
  EXPECT_EQ(
      format_rfc3339(cal.align(*parse_rfc3339("2026-12-24T18:00:00-06:00")), "America/Chicago"),
      "2026-12-28T09:00:00-06:00");
}

}  // namespace
}  // namespace nudge::detail
