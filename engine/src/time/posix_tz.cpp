// POSIX TZ strings (TZif footers): parsing and yearly transitions.

#include "time/posix_tz.hpp"

#include <algorithm>
#include <cstddef>

namespace nudge::detail {

namespace {

constexpr std::int32_t kHour = 3600;
constexpr std::int64_t kDay = 86400;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

bool is_leap(std::int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

int month_length(std::int64_t y, int m) {
  static constexpr int kLengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kLengths[m - 1];
}

std::int64_t floor_mod(std::int64_t a, std::int64_t b) {
  const std::int64_t r = a % b;
  return r < 0 ? r + b : r;
}

// Reads the TZ string left to right; every reader returns false on malformed text.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  bool done() const { return pos_ == text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }
  bool eat(char c) {
    if (done() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }

  // One to `max_digits` decimal digits.
  bool number(int max_digits, int& value) {
    value = 0;
    int digits = 0;
    while (digits < max_digits && is_digit(peek())) {
      value = value * 10 + (text_[pos_] - '0');
      ++pos_;
      ++digits;
    }
    return digits > 0;
  }

  // A zone abbreviation: three or more letters, or three or more of [A-Za-z0-9+-] within <>.
  bool name() {
    std::size_t length = 0;
    if (eat('<')) {
      while (is_alpha(peek()) || is_digit(peek()) || peek() == '+' || peek() == '-') {
        ++pos_;
        ++length;
      }
      return eat('>') && length >= 3;
    }
    while (is_alpha(peek())) {
      ++pos_;
      ++length;
    }
    return length >= 3;
  }

  // [+-]h[h[h]][:mm[:ss]] with at most `max_hours` hours, as signed seconds.
  bool clock(int hour_digits, int max_hours, std::int32_t& seconds) {
    int sign = 1;
    if (eat('-')) {
      sign = -1;
    } else {
      eat('+');
    }
    int h = 0;
    int m = 0;
    int s = 0;
    if (!number(hour_digits, h) || h > max_hours) return false;
    if (eat(':')) {
      if (!number(2, m) || m > 59) return false;
      if (eat(':') && (!number(2, s) || s > 59)) return false;
    }
    seconds = sign * (h * kHour + m * 60 + s);
    return true;
  }

  // Mm.w.d, Jn or n, then an optional /time.
  bool rule(PosixRule& r) {
    if (eat('M')) {
      r.kind = PosixRule::Kind::kMonthWeekDay;
      if (!number(2, r.month) || r.month < 1 || r.month > 12 || !eat('.')) return false;
      if (!number(1, r.week) || r.week < 1 || r.week > 5 || !eat('.')) return false;
      if (!number(1, r.day) || r.day > 6) return false;
    } else if (eat('J')) {
      r.kind = PosixRule::Kind::kJulian1;
      if (!number(3, r.day) || r.day < 1 || r.day > 365) return false;
    } else {
      r.kind = PosixRule::Kind::kJulian0;
      if (!number(3, r.day) || r.day > 365) return false;
    }
    r.time = 2 * kHour;
    return !eat('/') || clock(3, 167, r.time);
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;                                    // [0, 399]
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + doe - 719468;
}

std::int64_t PosixRule::day_in(std::int64_t y) const {
  const std::int64_t jan1 = days_from_civil(y, 1, 1);
  switch (kind) {
    case Kind::kJulian1:
      return jan1 + day - 1 + (day >= 60 && is_leap(y) ? 1 : 0);
    case Kind::kJulian0:
      return jan1 + day;
    case Kind::kMonthWeekDay:
      break;
  }
  const std::int64_t first = days_from_civil(y, month, 1);
  const std::int64_t first_weekday = floor_mod(first + 4, 7);  // 1970-01-01 was a Thursday
  std::int64_t d = first + floor_mod(day - first_weekday, 7) + (week - 1) * 7;
  while (d >= first + month_length(y, month)) d -= 7;  // week 5: the last such weekday
  return d;
}

std::vector<Transition> PosixTz::transitions(int first_year, int last_year) const {
  std::vector<Transition> out;
  if (!has_dst || last_year < first_year) return out;
  out.reserve(2 * static_cast<std::size_t>(last_year - first_year + 1));
  for (int y = first_year; y <= last_year; ++y) {
    out.push_back({start.day_in(y) * kDay + start.time - std_offset, dst_offset});
    out.push_back({end.day_in(y) * kDay + end.time - dst_offset, std_offset});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Transition& a, const Transition& b) { return a.at < b.at; });
  return out;
}

std::optional<PosixTz> parse_posix_tz(std::string_view text) {
  Cursor c(text);
  PosixTz tz;
  std::int32_t west = 0;  // POSIX offsets count hours west of Greenwich
  if (!c.name() || !c.clock(2, 24, west)) return std::nullopt;
  tz.std_offset = -west;
  if (c.done()) return tz;
  if (!c.name()) return std::nullopt;
  tz.has_dst = true;
  tz.dst_offset = tz.std_offset + kHour;
  if (!c.done() && c.peek() != ',') {
    if (!c.clock(2, 24, west)) return std::nullopt;
    tz.dst_offset = -west;
  }
  if (c.done()) {  // no rules: the US rules, as glibc does
    tz.start = PosixRule{PosixRule::Kind::kMonthWeekDay, 3, 2, 0, 2 * kHour};
    tz.end = PosixRule{PosixRule::Kind::kMonthWeekDay, 11, 1, 0, 2 * kHour};
    return tz;
  }
  if (!c.eat(',') || !c.rule(tz.start) || !c.eat(',') || !c.rule(tz.end) || !c.done()) {
    return std::nullopt;
  }
  return tz;
}

}  // namespace nudge::detail
