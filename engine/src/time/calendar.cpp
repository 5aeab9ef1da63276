// Business calendars: weekdays, send windows, holidays, alignment and calendar arithmetic.

#include "time/calendar.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <limits>

namespace nudge::detail {

namespace {

namespace chr = std::chrono;

constexpr std::int64_t kDay = 86400;
// How far align/add search for the next business day before giving up.
constexpr int kMaxSearchDays = 800;
// Business-day counts beyond this are clamped (about 2700 years of working days).
constexpr std::int64_t kMaxBusinessDays = 1'000'000;

struct WeekdayName {
  const char* short_name;
  const char* long_name;
};
constexpr std::array<WeekdayName, 7> kWeekdays = {{{"sun", "sunday"},
                                                   {"mon", "monday"},
                                                   {"tue", "tuesday"},
                                                   {"wed", "wednesday"},
                                                   {"thu", "thursday"},
                                                   {"fri", "friday"},
                                                   {"sat", "saturday"}}};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != static_cast<unsigned char>(b[i])) {
      return false;
    }
  }
  return true;
}

bool contains(std::span<const LocalDate> sorted, LocalDate day) {
  return std::binary_search(sorted.begin(), sorted.end(), day);
}

[[gnu::noinline]] const Zone& utc_zone() {
  static const Zone kUtc = Zone::utc();
  return kUtc;
}

const Zone& zone_of(const CalendarView& cal) {
  return cal.zone != nullptr ? *cal.zone : utc_zone();
}

LocalDate day_of(LocalSeconds local) { return LocalDate(chr::floor<chr::days>(local)); }

LocalSeconds at(LocalDate day, std::int64_t seconds_of_day) {
  return day.time_since_epoch() + LocalSeconds(seconds_of_day);
}

std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) {
    return b > 0 ? std::numeric_limits<std::int64_t>::max()
                 : std::numeric_limits<std::int64_t>::min();
  }
  return r;
}

std::string format_clock(std::int32_t s) {
  std::array<char, 32> buf{};
  int n = 0;
  if (s % 60 == 0) {
    n = std::snprintf(buf.data(), buf.size(), "%02d:%02d", s / 3600, s % 3600 / 60);
  } else {
    n = std::snprintf(buf.data(), buf.size(), "%02d:%02d:%02d", s / 3600, s % 3600 / 60, s % 60);
  }
  return std::string(buf.data(), static_cast<std::size_t>(n > 0 ? n : 0));
}

Error clock_error(std::string_view text, std::string_view why) {
  return make_error(ErrorCode::kParse,
                    "invalid time of day '" + std::string(text) + "': " + std::string(why));
}

}  // namespace

// ---- weekdays -----------------------------------------------------------------------------

Result<WeekdayMask> parse_weekday(std::string_view name) {
  for (std::size_t i = 0; i < kWeekdays.size(); ++i) {
    if (iequals(name, kWeekdays[i].short_name) || iequals(name, kWeekdays[i].long_name)) {
      return static_cast<WeekdayMask>(1U << i);
    }
  }
  return make_error(ErrorCode::kUnknownName, "unknown weekday '" + std::string(name) +
                                                 "'; use sun, mon, tue, wed, thu, fri or sat");
}

std::string format_weekdays(WeekdayMask mask) {
  std::string out;
  for (std::size_t i = 0; i < kWeekdays.size(); ++i) {
    if ((mask & (1U << i)) == 0) continue;
    if (!out.empty()) out += ", ";
    out += kWeekdays[i].short_name;
  }
  return out;
}

// ---- CalendarView -------------------------------------------------------------------------

LocalSeconds CalendarView::to_local_slow(Instant t) const {
  const Zone& z = zone_of(*this);
  return hint != nullptr ? z.to_local(t, *hint) : z.to_local(t);
}

Instant CalendarView::to_instant_slow(LocalSeconds local) const {
  const Zone& z = zone_of(*this);
  return hint != nullptr ? z.to_instant(local, *hint) : z.to_instant(local);
}

bool CalendarView::is_business_day(LocalDate day) const {
  const unsigned wd = weekday_of(day);
  if ((workdays & (1U << wd)) == 0) return false;
  return (holidays.empty() || !contains(holidays, day)) &&
         (extra_holidays.empty() || !contains(extra_holidays, day));
}

Instant CalendarView::align(Instant t, AlignTrace* trace) const {
  const LocalSeconds local = to_local(t);
  LocalDate day = day_of(local);
  const std::int64_t tod = (local - day.time_since_epoch()).count();
  auto record = [trace](AlignStep::Kind kind, LocalDate d) {
    if (trace != nullptr) trace->push_back(AlignStep{kind, d});
  };
  auto record_skip = [&](LocalDate d) {
    const unsigned wd = weekday_of(d);
    record(
        (workdays & (1U << wd)) == 0 ? AlignStep::Kind::kNonWorkingDay : AlignStep::Kind::kHoliday,
        d);
  };

  // The window start of `d`, or nothing when a DST gap moves it off `d` or out of the window
  // (Pacific/Apia skipped 2011-12-30; a 23:00-24:00 window in a gap ends up on the next day).
  auto window_open = [&](LocalDate d, Instant& out) {
    out = to_instant(at(d, window_start));
    const LocalSeconds opened = to_local(out);
    const std::int64_t open_tod = (opened - d.time_since_epoch()).count();
    return day_of(opened) == d && open_tod >= window_start && open_tod < window_end;
  };
  Instant opened{};
  if (is_business_day(day)) {
    if (tod >= window_start && tod < window_end) return t;
    if (tod >= window_start) {
      record(AlignStep::Kind::kAfterWindow, day);
    } else if (window_open(day, opened)) {
      record(AlignStep::Kind::kBeforeWindow, day);
      return opened;
    } else {
      record(AlignStep::Kind::kNoWindow, day);
    }
  } else {
    record_skip(day);
  }
  for (int i = 0; i < kMaxSearchDays; ++i) {
    day += chr::days(1);
    if (is_business_day(day)) {
      if (window_open(day, opened)) return opened;
      record(AlignStep::Kind::kNoWindow, day);
      continue;
    }
    record_skip(day);
  }
  return t;
}

Instant CalendarView::add(Instant t, Duration d) const {
  if (d.amount == 0) return t;
  switch (d.unit) {
    case Duration::Unit::kSeconds:
      return Instant(chr::seconds(saturating_add(t.time_since_epoch().count(), d.amount)));
    case Duration::Unit::kDays: {
      const std::int64_t max_days = std::numeric_limits<std::int64_t>::max() / kDay / 2;
      const std::int64_t days = std::clamp(d.amount, -max_days, max_days);
      return to_instant(to_local(t) + LocalSeconds(days * kDay));
    }
    case Duration::Unit::kBusinessDays:
      break;
  }
  const LocalSeconds local = to_local(t);
  LocalDate day = day_of(local);
  const LocalSeconds tod = local - day.time_since_epoch();
  const std::int64_t remaining = std::clamp(d.amount, -kMaxBusinessDays, kMaxBusinessDays);
  const chr::days step(remaining > 0 ? 1 : -1);
  std::int64_t left = remaining > 0 ? remaining : -remaining;
  int idle = 0;  // consecutive non-business days: a calendar without any gives up
  while (left > 0) {
    day += step;
    if (is_business_day(day)) {
      --left;
      idle = 0;
    } else if (++idle > kMaxSearchDays) {
      return t;
    }
  }
  return to_instant(day.time_since_epoch() + tod);
}

Instant CalendarView::start_of(LocalDate day) const { return to_instant(day.time_since_epoch()); }

LocalDate CalendarView::local_date(Instant t) const { return day_of(to_local(t)); }

// ---- CalendarSpec -------------------------------------------------------------------------

Status CalendarSpec::validate() const {
  if (!is_known_zone(zone)) {
    return make_error(ErrorCode::kUnknownName,
                      "unknown time zone '" + zone + "'; use an IANA name such as 'Europe/Berlin'");
  }
  if ((workdays & 0x7F) == 0) {
    return make_error(ErrorCode::kInvalidArgument, "a calendar needs at least one working weekday");
  }
  if (window_start < 0 || window_end > kDay || window_start >= window_end) {
    return make_error(ErrorCode::kInvalidArgument,
                      "the send window must start before it ends within one day (between 00:00 "
                      "and 24:00, e.g. 09:00-17:00); got " +
                          format_clock(window_start) + "-" + format_clock(window_end));
  }
  for (std::size_t i = 1; i < holidays.size(); ++i) {
    if (!(holidays[i - 1] < holidays[i])) {
      return make_error(ErrorCode::kInvalidArgument,
                        "calendar holidays must be sorted ascending without duplicates");
    }
  }
  return {};
}

// ---- clock --------------------------------------------------------------------------------

Result<std::int32_t> parse_clock(std::string_view text) {
  constexpr std::string_view kHint = "write HH:MM between 00:00 and 24:00 (e.g. \"09:00\")";
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (text.size() != 5 || !digit(text[0]) || !digit(text[1]) || text[2] != ':' || !digit(text[3]) ||
      !digit(text[4])) {
    return clock_error(text, kHint);
  }
  const int h = (text[0] - '0') * 10 + (text[1] - '0');
  const int m = (text[3] - '0') * 10 + (text[4] - '0');
  if (h > 24 || m > 59 || (h == 24 && m != 0)) return clock_error(text, kHint);
  return static_cast<std::int32_t>(h * 3600 + m * 60);
}

}  // namespace nudge::detail
