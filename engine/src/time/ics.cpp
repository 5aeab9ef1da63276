// All-day events of an iCalendar (RFC 5545) text as holiday dates.
//
// Understood: folded lines, CRLF, DTSTART/DTEND with VALUE=DATE (or a plain 8-digit date),
// DURATION in days or weeks, EXDATE, and yearly repeats
// (RRULE:FREQ=YEARLY with COUNT, UNTIL, INTERVAL and single-valued BYMONTH, BYMONTHDAY, BYDAY
// such as "4TH" or "-1MO"). Timed events are ignored; other repeat rules are refused rather
// than silently misread.

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "time/calendar.hpp"

namespace nudge::detail {

namespace {

namespace chr = std::chrono;

constexpr int kMaxYear = 9999;
constexpr int kMaxSpanDays = 366;

struct Line {
  std::string text;
  int number = 0;  // first physical line, 1-based
};

struct Property {
  std::string name;                 // upper-cased
  std::vector<std::string> params;  // upper-cased "KEY=VALUE"
  std::string value;
  int line = 0;
  int column = 0;  // of the value, 1-based
};

struct Event {
  int begin_line = 0;
  std::optional<Property> dtstart, dtend, duration, rrule;
  std::vector<Property> exdates;
};

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

class Parser {
 public:
  Parser(std::string_view source, int until_year)
      : source_(source), until_year_(std::min(until_year, kMaxYear)) {}

  Result<std::vector<LocalDate>> run(std::string_view text);

 private:
  Error error_at(int line, int column, const std::string& what) const {
    return make_error(ErrorCode::kParse, std::string(source_) + ":" + std::to_string(line) + ":" +
                                             std::to_string(column) + ": " + what);
  }
  Error missing_end() const {
    return error_at(event_.begin_line, 1, "BEGIN:VEVENT has no matching END:VEVENT");
  }
  Result<LocalDate> date_value(const Property& p, std::string_view value) const;
  Status finish_event();
  Result<std::vector<LocalDate>> occurrences(LocalDate start, const Property* rule) const;

  std::string_view source_;
  int until_year_;
  std::vector<std::string> stack_;
  Event event_;
  std::vector<LocalDate> out_;
};

std::vector<Line> unfold(std::string_view text) {
  std::vector<Line> lines;
  int number = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view raw = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++number;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    if (number == 1 && raw.substr(0, 3) == "\xEF\xBB\xBF") raw.remove_prefix(3);
    if (!raw.empty() && (raw[0] == ' ' || raw[0] == '\t') && !lines.empty()) {
      lines.back().text.append(raw.substr(1));
    } else {
      lines.push_back(Line{std::string(raw), number});
    }
  }
  return lines;
}

// NAME *(;PARAM) ":" VALUE; nullopt for a line without a colon.
std::optional<Property> split_property(const Line& line) {
  const std::string& s = line.text;
  std::size_t colon = std::string::npos;
  bool quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '"') quoted = !quoted;
    if (s[i] == ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon == std::string::npos) return std::nullopt;
  Property p;
  const std::string head = s.substr(0, colon);
  std::size_t semi = head.find(';');
  p.name = upper(head.substr(0, semi));
  while (semi != std::string::npos) {
    const std::size_t next = head.find(';', semi + 1);
    p.params.push_back(upper(head.substr(semi + 1, next - semi - 1)));
    semi = next;
  }
  p.value = s.substr(colon + 1);
  p.line = line.number;
  p.column = static_cast<int>(colon) + 2;
  return p;
}

bool has_param(const Property& p, std::string_view param) {
  return std::find(p.params.begin(), p.params.end(), param) != p.params.end();
}

// True when a DTSTART/DTEND value carries a time of day (YYYYMMDDTHHMMSS...).
bool is_timed(const Property& p) {
  if (has_param(p, "VALUE=DATE")) return false;
  return has_param(p, "VALUE=DATE-TIME") ||
         (p.value.size() > 8 && (p.value[8] == 'T' || p.value[8] == 't'));
}

// `value` is p.value or a part of it (its column is reported).
Result<LocalDate> Parser::date_value(const Property& p, std::string_view value) const {
  const int column = p.column + static_cast<int>(value.data() - p.value.data());
  if (value.size() != 8 || !all_digits(value)) {
    return error_at(p.line, column,
                    "malformed date '" + std::string(value) + "' in " + p.name +
                        "; write YYYYMMDD (e.g. 20261225)");
  }
  const chr::year_month_day ymd{chr::year{to_int(value.substr(0, 4))},
                                chr::month{static_cast<unsigned>(to_int(value.substr(4, 2)))},
                                chr::day{static_cast<unsigned>(to_int(value.substr(6, 2)))}};
  if (!ymd.ok()) {
    return error_at(p.line, column, "impossible date '" + std::string(value) + "' in " + p.name);
  }
  return LocalDate(ymd);
}

// A single-valued RRULE part parsed as an optionally signed integer.
std::optional<int> signed_int(std::string_view s) {
  int sign = 1;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    sign = s[0] == '-' ? -1 : 1;
    s.remove_prefix(1);
  }
  if (!all_digits(s) || s.size() > 6) return std::nullopt;
  return sign * to_int(s);
}

Result<std::vector<LocalDate>> Parser::occurrences(LocalDate start, const Property* rule) const {
  std::vector<LocalDate> dates{start};
  if (rule == nullptr) return dates;
  const Property& r = *rule;
  auto refuse = [&](const std::string& why) {
    return error_at(r.line, r.column,
                    "unsupported RRULE '" + r.value + "': " + why +
                        " (only FREQ=YEARLY with COUNT, UNTIL, INTERVAL and one BYMONTH, "
                        "BYMONTHDAY or BYDAY such as 4TH is understood)");
  };
  const chr::year_month_day first(start);
  bool yearly = false;
  int count = 0, interval = 1, by_month = 0, by_month_day = 0, by_day_ordinal = 0;
  std::optional<chr::weekday> by_day;
  LocalDate until = LocalDate::max();
  std::string_view rest = r.value;
  while (!rest.empty()) {
    const std::size_t semi = rest.find(';');
    const std::string_view raw_part = rest.substr(0, semi);
    const std::string part = upper(raw_part);
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    const std::size_t eq = part.find('=');
    const std::string key = part.substr(0, eq);
    const std::string value = eq == std::string::npos ? std::string() : part.substr(eq + 1);
    const std::optional<int> number = signed_int(value);
    if (key == "FREQ") {
      if (value != "YEARLY") return refuse("FREQ=" + value + " is not a yearly repeat");
      yearly = true;
    } else if (key == "COUNT" && number && *number > 0) {
      count = *number;
    } else if (key == "INTERVAL" && number && *number > 0) {
      interval = *number;
    } else if (key == "UNTIL" && eq != std::string::npos) {
      // YYYYMMDD, or YYYYMMDDTHHMMSS[Z] of which the date counts.
      const bool timed = value.size() > 8 && value[8] == 'T';
      auto d = date_value(r, raw_part.substr(eq + 1, timed ? 8 : std::string_view::npos));
      if (!d.ok()) return std::move(d).error();
      until = *d;
    } else if (key == "BYMONTH" && number && *number >= 1 && *number <= 12) {
      by_month = *number;
    } else if (key == "BYMONTHDAY" && number && *number != 0 && *number >= -31 && *number <= 31) {
      by_month_day = *number;
    } else if (key == "BYDAY" && value.size() >= 3) {
      static constexpr std::array<const char*, 7> kDays = {"SU", "MO", "TU", "WE",
                                                           "TH", "FR", "SA"};
      const std::string wd = value.substr(value.size() - 2);
      const auto it = std::find(kDays.begin(), kDays.end(), wd);
      const std::optional<int> ord = signed_int(value.substr(0, value.size() - 2));
      if (it == kDays.end() || !ord || *ord == 0 || *ord < -5 || *ord > 5) {
        return refuse("BYDAY needs one ordinal weekday such as 4TH or -1MO");
      }
      by_day = chr::weekday(static_cast<unsigned>(it - kDays.begin()));
      by_day_ordinal = *ord;
    } else if (key != "WKST") {
      return refuse("'" + part + "' is not understood");
    }
  }
  if (!yearly) return refuse("FREQ is missing");
  if (by_day && (by_month == 0 || by_month_day != 0)) {
    return refuse("BYDAY needs a BYMONTH and no BYMONTHDAY");
  }
  const int last_year = until_year_;
  int made = 1;
  for (int y = static_cast<int>(first.year()); y <= last_year; y += interval) {
    if (count > 0 && made >= count) break;
    const chr::year year{y};
    const chr::month month =
        by_month > 0 ? chr::month{static_cast<unsigned>(by_month)} : first.month();
    LocalDate d;
    if (by_day) {
      if (by_day_ordinal > 0) {
        const chr::year_month_weekday ymw{year / month /
                                          (*by_day)[static_cast<unsigned>(by_day_ordinal)]};
        if (!ymw.ok()) continue;
        d = LocalDate(ymw);
      } else {
        const LocalDate last = LocalDate(year / month / chr::last);
        d = last - (chr::weekday(last) - *by_day) - chr::weeks(-by_day_ordinal - 1);
        if (chr::year_month_day(d).month() != month) continue;
      }
    } else if (by_month_day < 0) {
      d = LocalDate(year / month / chr::last) + chr::days(by_month_day + 1);
      if (chr::year_month_day(d).month() != month) continue;
    } else {
      const unsigned dom = static_cast<unsigned>(by_month_day > 0 ? by_month_day : 0);
      const chr::year_month_day ymd{year, month, dom > 0 ? chr::day{dom} : first.day()};
      if (!ymd.ok()) continue;  // e.g. February 29 in a common year
      d = LocalDate(ymd);
    }
    if (d <= start) continue;
    if (d > until) break;
    dates.push_back(d);
    ++made;
  }
  return dates;
}

Status Parser::finish_event() {
  Event ev = std::move(event_);
  event_ = Event{};
  if (!ev.dtstart || is_timed(*ev.dtstart)) return {};
  auto start = date_value(*ev.dtstart, ev.dtstart->value);
  if (!start.ok()) return std::move(start).error();
  std::int64_t span = 1;
  if (ev.dtend && !is_timed(*ev.dtend)) {
    auto end = date_value(*ev.dtend, ev.dtend->value);
    if (!end.ok()) return std::move(end).error();
    span = std::max<std::int64_t>(1, (*end - *start).count());
    if (span > kMaxSpanDays) {
      return error_at(ev.dtend->line, ev.dtend->column, "DTEND is more than a year after DTSTART");
    }
  } else if (ev.duration) {
    // P[nW][nD][T...]: whole days of an all-day event.
    const std::string v = upper(ev.duration->value);
    std::int64_t days = 0;
    std::size_t i = v.find('P');
    std::int64_t n = 0;
    for (i = i == std::string::npos ? v.size() : i + 1; i < v.size() && v[i] != 'T'; ++i) {
      if (v[i] >= '0' && v[i] <= '9') {
        n = std::min<std::int64_t>(n * 10 + (v[i] - '0'), 100000);
      } else {
        days += v[i] == 'W' ? n * 7 : (v[i] == 'D' ? n : 0);
        n = 0;
      }
    }
    span = std::clamp<std::int64_t>(days, 1, kMaxSpanDays);
  }
  auto dates = occurrences(*start, ev.rrule ? &*ev.rrule : nullptr);
  if (!dates.ok()) return std::move(dates).error();
  std::vector<LocalDate> excluded;
  for (const Property& ex : ev.exdates) {
    std::string_view rest = ex.value;
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      const std::string_view item = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      auto d = date_value(
          ex, item.size() > 8 && (item[8] == 'T' || item[8] == 't') ? item.substr(0, 8) : item);
      if (!d.ok()) return std::move(d).error();
      excluded.push_back(*d);
    }
  }
  for (LocalDate d : *dates) {
    if (std::find(excluded.begin(), excluded.end(), d) != excluded.end()) continue;
    for (std::int64_t i = 0; i < span; ++i) out_.push_back(d + chr::days(i));
  }
  return {};
}

Result<std::vector<LocalDate>> Parser::run(std::string_view text) {
  const std::vector<Line> lines = unfold(text);
  const auto first =
      std::find_if(lines.begin(), lines.end(), [](const Line& l) { return !l.text.empty(); });
  if (first == lines.end() || upper(first->text) != "BEGIN:VCALENDAR") {
    return error_at(first == lines.end() ? 1 : first->number, 1,
                    "not an iCalendar file: expected BEGIN:VCALENDAR on the first line");
  }
  for (const Line& line : lines) {
    std::optional<Property> p = split_property(line);
    if (!p) continue;
    const bool in_event = !stack_.empty() && stack_.back() == "VEVENT";
    const bool event_open = std::find(stack_.begin(), stack_.end(), "VEVENT") != stack_.end();
    if (p->name == "BEGIN") {
      const std::string component = upper(p->value);
      if (component == "VEVENT") {
        if (event_open) return missing_end();
        event_ = Event{};
        event_.begin_line = p->line;
      }
      stack_.push_back(component);
    } else if (p->name == "END") {
      const std::string component = upper(p->value);
      if (!stack_.empty() && stack_.back() == component) {
        stack_.pop_back();
        if (component == "VEVENT") {
          if (Status s = finish_event(); !s.ok()) return std::move(s).error();
        }
      } else if (event_open) {
        return missing_end();
      }
    } else if (in_event) {
      if (p->name == "DTSTART")
        event_.dtstart = std::move(*p);
      else if (p->name == "DTEND")
        event_.dtend = std::move(*p);
      else if (p->name == "DURATION")
        event_.duration = std::move(*p);
      else if (p->name == "RRULE")
        event_.rrule = std::move(*p);
      else if (p->name == "EXDATE")
        event_.exdates.push_back(std::move(*p));
    }
  }
  if (std::find(stack_.begin(), stack_.end(), "VEVENT") != stack_.end()) return missing_end();
  std::sort(out_.begin(), out_.end());
  out_.erase(std::unique(out_.begin(), out_.end()), out_.end());
  return std::move(out_);
}

}  // namespace

Result<std::vector<LocalDate>> parse_ics_holidays(std::string_view text, std::string_view source,
                                                  int until_year) {
  try {
    return Parser(source, until_year).run(text);
  } catch (const std::exception& e) {  // allocation failure: nothing else throws here
    return make_error(ErrorCode::kParse, std::string(source) + ":1:1: " + e.what());
  }
}

}  // namespace nudge::detail
