// Durations, RFC 3339 date-times and ISO dates (nudge/time.hpp).

#include "nudge/time.hpp"

#include <array>
#include <cstdio>
#include <limits>
#include <string>

#include "time/zone.hpp"

namespace nudge {

namespace {

namespace chr = std::chrono;

// Durations are capped at about 100 years so that every later addition stays far from overflow
// and a business-day count can be stepped through quickly.
constexpr std::int64_t kMaxDurationDays = 36500;
constexpr std::int64_t kMaxDurationSeconds = kMaxDurationDays * 86400;

constexpr std::array<const char*, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `n` digits at `pos`; false when any is not a digit.
bool read_digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!is_digit(s[i])) return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

// Empty when year-month-day is a real date; else why not (e.g. "February 2026 has 28 days").
std::string civil_date_problem(int y, int m, int d) {
  if (m < 1 || m > 12) return "month " + std::to_string(m) + " does not exist";
  const chr::year_month_day_last last{chr::year{y},
                                      chr::month_day_last{chr::month{static_cast<unsigned>(m)}}};
  const int days_in_month = static_cast<int>(static_cast<unsigned>(last.day()));
  if (d < 1 || d > days_in_month) {
    return std::string(kMonthNames[static_cast<std::size_t>(m - 1)]) + " " + std::to_string(y) +
           " has " + std::to_string(days_in_month) + " days";
  }
  return {};
}

LocalDate make_date(int y, int m, int d) {
  return LocalDate(chr::year{y} / chr::month{static_cast<unsigned>(m)} /
                   chr::day{static_cast<unsigned>(d)});
}

Error duration_error(std::string_view text) {
  return make_error(ErrorCode::kParse, "invalid duration " + quoted(text) +
                                           ": write a whole number followed by s, m, h, d, w or bd "
                                           "(e.g. \"24h\", \"7d\", \"5bd\")");
}

Error datetime_error(std::string_view text) {
  return make_error(ErrorCode::kParse,
                    "invalid date-time " + quoted(text) +
                        ": write RFC 3339 with an offset, e.g. \"2026-11-23T11:30:00-05:00\" "
                        "or \"2026-11-23T16:30:00Z\"");
}

Error impossible_datetime(std::string_view text, const std::string& why) {
  return make_error(ErrorCode::kParse, "impossible date-time " + quoted(text) + ": " + why);
}

}  // namespace

// ---- Duration -----------------------------------------------------------------------------

Result<Duration> Duration::parse(std::string_view text) {
  if (!text.empty() && text.front() == '-') {
    auto positive = parse(text.substr(1));
    if (positive.ok() && !text.substr(1).empty() && is_digit(text[1])) {
      return make_error(ErrorCode::kInvalidArgument,
                        "invalid duration " + quoted(text) + ": durations cannot be negative");
    }
    return duration_error(text);
  }
  std::size_t i = 0;
  std::int64_t n = 0;
  while (i < text.size() && is_digit(text[i])) {
    if (n > kMaxDurationSeconds) break;  // keep reading digits without overflowing
    n = n * 10 + (text[i] - '0');
    ++i;
  }
  const bool too_long = i < text.size() && is_digit(text[i]);
  while (i < text.size() && is_digit(text[i])) ++i;
  if (i == 0) return duration_error(text);

  const std::string_view unit = text.substr(i);
  Duration d;
  std::int64_t factor = 1;
  if (unit == "s") {
    d.unit = Unit::kSeconds;
  } else if (unit == "m") {
    d.unit = Unit::kSeconds, factor = 60;
  } else if (unit == "h") {
    d.unit = Unit::kSeconds, factor = 3600;
  } else if (unit == "d") {
    d.unit = Unit::kDays;
  } else if (unit == "w") {
    d.unit = Unit::kDays, factor = 7;
  } else if (unit == "bd") {
    d.unit = Unit::kBusinessDays;
  } else {
    return duration_error(text);
  }
  const std::int64_t limit = d.unit == Unit::kSeconds ? kMaxDurationSeconds : kMaxDurationDays;
  if (too_long || n > limit / factor) {
    return make_error(ErrorCode::kParse, "invalid duration " + quoted(text) +
                                             ": too large (at most " +
                                             std::to_string(kMaxDurationDays) + " days)");
  }
  d.amount = n * factor;
  return d;
}

std::string Duration::to_string() const {
  switch (unit) {
    case Unit::kSeconds:
      if (amount % 3600 == 0) return std::to_string(amount / 3600) + "h";
      if (amount % 60 == 0) return std::to_string(amount / 60) + "m";
      return std::to_string(amount) + "s";
    case Unit::kDays:
      return std::to_string(amount) + "d";
    case Unit::kBusinessDays:
      return std::to_string(amount) + "bd";
  }
  return std::to_string(amount) + "s";
}

// ---- RFC 3339 -----------------------------------------------------------------------------

Result<Instant> parse_rfc3339(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (text.size() < 20 || !read_digits(text, 0, 4, y) || text[4] != '-' ||
      !read_digits(text, 5, 2, mo) || text[7] != '-' || !read_digits(text, 8, 2, d) ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !read_digits(text, 11, 2, h) ||
      text[13] != ':' || !read_digits(text, 14, 2, mi) || text[16] != ':' ||
      !read_digits(text, 17, 2, s)) {
    return datetime_error(text);
  }
  std::size_t pos = 19;
  if (text[pos] == '.') {
    const std::size_t frac_start = ++pos;
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    if (pos == frac_start) return datetime_error(text);
  }
  std::int64_t offset = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int oh = 0, om = 0;
    if (!read_digits(text, pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !read_digits(text, pos + 4, 2, om)) {
      return datetime_error(text);
    }
    if (oh > 23 || om > 59) return impossible_datetime(text, "the UTC offset is out of range");
    offset = (oh * 3600 + om * 60) * (text[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return datetime_error(text);
  }
  if (pos != text.size()) return datetime_error(text);

  if (std::string why = civil_date_problem(y, mo, d); !why.empty()) {
    return impossible_datetime(text, why);
  }
  if (h > 23) return impossible_datetime(text, "hour " + std::to_string(h) + " does not exist");
  if (mi > 59) {
    return impossible_datetime(text, "minute " + std::to_string(mi) + " does not exist");
  }
  if (s > 59) return impossible_datetime(text, "second " + std::to_string(s) + " does not exist");
  const Instant local = make_date(y, mo, d) + chr::hours(h) + chr::minutes(mi) + chr::seconds(s);
  return local - chr::seconds(offset);
}

Result<LocalDate> parse_date(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || !read_digits(text, 0, 4, y) || text[4] != '-' ||
      !read_digits(text, 5, 2, m) || text[7] != '-' || !read_digits(text, 8, 2, d)) {
    return make_error(ErrorCode::kParse,
                      "invalid date " + quoted(text) + ": write YYYY-MM-DD (e.g. \"2026-12-25\")");
  }
  if (std::string why = civil_date_problem(y, m, d); !why.empty()) {
    return make_error(ErrorCode::kParse, "impossible date " + quoted(text) + ": " + why);
  }
  return make_date(y, m, d);
}

std::string format_rfc3339(Instant t, std::string_view zone) {
  const auto found = detail::Zone::find(zone);
  const bool zulu = !found.ok() || zone == "UTC" || zone == "Etc/UTC";
  // RFC 3339 offsets have no seconds: print the zone's offset truncated toward zero to whole
  // minutes (LMT +05:21:10 as +05:21) and the wall time of that printed offset, so the string
  // reads back as exactly t.
  const std::int64_t offset = found.ok() ? found->offset_seconds(t) / 60 * 60 : 0;
  const auto local = chr::sys_seconds(t.time_since_epoch() + chr::seconds(offset));
  const auto day = chr::floor<chr::days>(local);
  const chr::year_month_day ymd(day);
  const chr::hh_mm_ss<chr::seconds> tod(local - day);

  std::array<char, 64> buf{};
  int n = std::snprintf(buf.data(), buf.size(), "%04d-%02u-%02uT%02d:%02d:%02d",
                        static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                        static_cast<unsigned>(ymd.day()), static_cast<int>(tod.hours().count()),
                        static_cast<int>(tod.minutes().count()),
                        static_cast<int>(tod.seconds().count()));
  std::string out(buf.data(), static_cast<std::size_t>(n > 0 ? n : 0));
  if (zulu) return out + "Z";
  const std::int64_t abs_off = offset < 0 ? -offset : offset;
  n = std::snprintf(buf.data(), buf.size(), "%c%02d:%02d", offset < 0 ? '-' : '+',
                    static_cast<int>(abs_off / 3600), static_cast<int>(abs_off % 3600 / 60));
  return out + std::string(buf.data(), static_cast<std::size_t>(n > 0 ? n : 0));
}

std::string format_date(LocalDate d) {
  const chr::year_month_day ymd(d);
  std::array<char, 32> buf{};
  const int n =
      std::snprintf(buf.data(), buf.size(), "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                    static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return std::string(buf.data(), static_cast<std::size_t>(n > 0 ? n : 0));
}

}  // namespace nudge
