// Fuzzes the iCalendar holiday reader (parse_ics_holidays). Accepted dates must be valid
// civil dates up to 9999 (one-off events may lie past the yearly expansion's last year), and a
// calendar built from them must validate and align.

#include <algorithm>
#include <chrono>
#include <cstdint>

#include "fuzz_common.hpp"
#include "time/calendar.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nudge;
  auto days = detail::parse_ics_holidays(fuzz::as_text(data, size), "fuzz.ics");
  if (!days) {
    fuzz::check_error(days.error());
    return 0;
  }
  for (LocalDate d : *days) {
    const std::chrono::year_month_day ymd{d};
    if (!ymd.ok() || ymd.year() > std::chrono::year{9999}) {
      fuzz::fail("holiday out of range: " + format_date(d));
    }
  }
  detail::CalendarSpec spec;
  spec.zone = "Europe/Berlin";
  spec.holidays = *days;
  std::sort(spec.holidays.begin(), spec.holidays.end());
  spec.holidays.erase(std::unique(spec.holidays.begin(), spec.holidays.end()), spec.holidays.end());
  if (auto s = spec.validate(); !s) fuzz::fail("calendar refused: " + s.error().message);
  auto zone = detail::Zone::find(spec.zone);
  detail::CalendarView view;
  view.zone = &*zone;
  view.holidays = spec.holidays;
  if (!days->empty()) {
    const Instant t = view.start_of(days->front());
    const Instant aligned = view.align(t);
    if (aligned < t) fuzz::fail("align went back in time");
  }
  return 0;
}
