// The rule tables of the eight culture packs, and the computation that turns them into dates.
// Each table cites the law or source that policies/cultures/<c>.toml cites for its
// `public_holidays` list; the TOML lists 2026-2027, these rules every year from 2020 to 2099,
// and the pack plugin test checks that both agree for 2026 and 2027.
#include "holiday_rules.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <stdexcept>

namespace nudge::packs {
namespace {

using date::days;
using date::sys_days;
using date::year_month_day;

enum class Kind : unsigned char {
  kFixed,            // month/day
  kEaster,           // Easter Sunday + offset days
  kNthWeekday,       // the nth weekday of a month (1 = first)
  kLastWeekday,      // the last weekday of a month
  kVernalEquinox,    // JP: the vernal equinox day (March), by the standard approximation
  kAutumnalEquinox,  // JP: the autumnal equinox day (September), by the same approximation
};

// Weekdays as date::weekday encodes them (0 = Sunday).
constexpr unsigned kMon = 1;
constexpr unsigned kThu = 4;

struct DateRule {
  Kind kind = Kind::kFixed;
  unsigned month = 0;
  int day = 0;           // kFixed: day of the month; kEaster: offset from Easter Sunday
  unsigned weekday = 0;  // kNthWeekday, kLastWeekday
  unsigned nth = 0;      // kNthWeekday
  int sunday_shift = 0;  // kFixed: days to move the date when it is a Sunday (NL Koningsdag: -1)
};

constexpr DateRule fixed(unsigned month, int day, int sunday_shift = 0) {
  return {Kind::kFixed, month, day, 0, 0, sunday_shift};
}
constexpr DateRule easter(int offset) { return {Kind::kEaster, 0, offset, 0, 0, 0}; }
constexpr DateRule nth(unsigned n, unsigned weekday, unsigned month) {
  return {Kind::kNthWeekday, month, 0, weekday, n, 0};
}
constexpr DateRule last(unsigned weekday, unsigned month) {
  return {Kind::kLastWeekday, month, 0, weekday, 0, 0};
}
constexpr DateRule vernal_equinox() { return {Kind::kVernalEquinox, 3, 0, 0, 0, 0}; }
constexpr DateRule autumnal_equinox() { return {Kind::kAutumnalEquinox, 9, 0, 0, 0, 0}; }

// One holiday: `id` names it for the one-off table; `since`/`until` bound the years in force.
struct Rule {
  std::string_view id;
  std::string_view name;
  DateRule when;
  int since = 0;
  int until = 9999;
};

// A one-off change by proclamation or special law: in `year` the holiday `id` falls on
// month/day instead of its rule's date; with an empty `id`, an extra holiday named `name`.
struct OneOff {
  int year;
  std::string_view id;
  unsigned month;
  unsigned day;
  std::string_view name;
};

// What a country does with a holiday that falls on a weekend.
enum class WeekendRule : unsigned char {
  kNone,          // nothing (BR, DE, FR, IN, NL)
  kUsObserved,    // a fixed-date holiday on Saturday is observed Friday, on Sunday Monday
  kUkSubstitute,  // a holiday on Saturday or Sunday gets the next free weekday as well
  kJpSubstitute,  // a holiday on Sunday: the next non-holiday; a day between two holidays
};

struct CultureRules {
  std::string_view code;
  WeekendRule weekend;
  std::span<const Rule> rules;
  std::span<const OneOff> one_offs;
};

// ---- the tables --------------------------------------------------------------------------

// US: federal holidays, 5 U.S.C. 6103(a) (us.toml). Observed days, 5 U.S.C. 6103(b) and
// Executive Order 11582: a holiday on a Saturday is observed the Friday before, on a Sunday
// the Monday after; us.toml lists both the actual and the observed date, and so does this.
// Juneteenth: Juneteenth National Independence Day Act (Pub. L. 117-17), from 2021. Not
// listed (as in us.toml): Inauguration Day (Washington DC area only) and the one-off days
// off given to federal staff by executive order (not holidays under 6103).
constexpr std::array kUs{
    Rule{"new-year", "New Year's Day", fixed(1, 1)},
    Rule{"mlk", "MLK Day", nth(3, kMon, 1)},
    Rule{"washington", "Washington's Birthday", nth(3, kMon, 2)},
    Rule{"memorial", "Memorial Day", last(kMon, 5)},
    Rule{"juneteenth", "Juneteenth", fixed(6, 19), 2021},
    Rule{"independence", "Independence Day", fixed(7, 4)},
    Rule{"labor", "Labor Day", nth(1, kMon, 9)},
    Rule{"columbus", "Columbus Day", nth(2, kMon, 10)},
    Rule{"veterans", "Veterans Day", fixed(11, 11)},
    Rule{"thanksgiving", "Thanksgiving", nth(4, kThu, 11)},
    Rule{"christmas", "Christmas Day", fixed(12, 25)},
};

// UK: the bank holidays common to all four nations (uk.toml): Banking and Financial Dealings
// Act 1971, Schedule 1, and royal proclamations. Substitute days (Schedule 1): a holiday on a
// Saturday or Sunday adds the next weekday that is not already a holiday (Christmas on a
// Saturday -> Monday 27, Boxing Day on the Sunday -> Tuesday 28); uk.toml lists both the
// actual and the substitute date, and so does this.
constexpr std::array kUk{
    Rule{"new-year", "New Year's Day", fixed(1, 1)},
    Rule{"good-friday", "Good Friday", easter(-2)},
    Rule{"early-may", "Early May bank holiday", nth(1, kMon, 5)},
    Rule{"spring", "Spring bank holiday", last(kMon, 5)},
    Rule{"christmas", "Christmas Day", fixed(12, 25)},
    Rule{"boxing", "Boxing Day", fixed(12, 26)},
};
// Royal proclamations that moved or added UK-wide bank holidays in the years nudge covers.
constexpr std::array kUkOneOffs{
    OneOff{2020, "early-may", 5, 8, "Early May bank holiday (VE Day 75, moved by proclamation)"},
    OneOff{2022, "spring", 6, 2, "Spring bank holiday (moved by proclamation)"},
    OneOff{2022, "", 6, 3, "Platinum Jubilee bank holiday (proclamation)"},
    OneOff{2022, "", 9, 19, "State Funeral of Queen Elizabeth II (proclamation)"},
    OneOff{2023, "", 5, 8, "Coronation of King Charles III (proclamation)"},
};

// JP: national holidays, Act on National Holidays (Law No. 178 of 1948, as amended) (jp.toml).
// Art. 3(2) substitute holiday: a holiday on a Sunday adds the next day that is not a
// holiday. Art. 3(3) citizens' holiday: a day between two holidays. Equinox days: the Cabinet
// Office gazettes the date of the equinox in JST each February; this uses the standard
// approximation (valid 1980-2099), which gives jp.toml's 2026 and 2027 dates.
// The Emperor's Birthday is 23 February from 2020 (the 2017 abdication special law).
constexpr std::array kJp{
    Rule{"new-year", "New Year's Day", fixed(1, 1)},
    Rule{"coming-of-age", "Coming of Age Day", nth(2, kMon, 1)},
    Rule{"foundation", "National Foundation Day", fixed(2, 11)},
    Rule{"emperor", "Emperor's Birthday", fixed(2, 23), 2020},
    Rule{"vernal", "Vernal Equinox Day", vernal_equinox()},
    Rule{"showa", "Showa Day", fixed(4, 29)},
    Rule{"constitution", "Constitution Memorial Day", fixed(5, 3)},
    Rule{"greenery", "Greenery Day", fixed(5, 4)},
    Rule{"children", "Children's Day", fixed(5, 5)},
    Rule{"marine", "Marine Day", nth(3, kMon, 7)},
    Rule{"mountain", "Mountain Day", fixed(8, 11)},
    Rule{"aged", "Respect for the Aged Day", nth(3, kMon, 9)},
    Rule{"autumnal", "Autumnal Equinox Day", autumnal_equinox()},
    Rule{"sports", "Sports Day", nth(2, kMon, 10)},
    Rule{"culture", "Culture Day", fixed(11, 3)},
    Rule{"labour", "Labour Thanksgiving Day", fixed(11, 23)},
};
// The Tokyo 2020 Olympic and Paralympic Games special measures act moved three holidays in
// 2020 and 2021 (Mountain Day 2021 fell on a Sunday: Monday 9 August was the substitute).
constexpr std::array kJpOneOffs{
    OneOff{2020, "marine", 7, 23, ""},   OneOff{2020, "sports", 7, 24, ""},
    OneOff{2020, "mountain", 8, 10, ""}, OneOff{2021, "marine", 7, 22, ""},
    OneOff{2021, "sports", 7, 23, ""},   OneOff{2021, "mountain", 8, 8, ""},
};

// DE: the holidays of every Land (de.toml): the Feiertagsgesetze of the Laender; Tag der
// Deutschen Einheit under the Einigungsvertrag (Art. 2(2)). No substitute days in Germany.
constexpr std::array kDe{
    Rule{"new-year", "Neujahr", fixed(1, 1)},
    Rule{"good-friday", "Karfreitag", easter(-2)},
    Rule{"easter-monday", "Ostermontag", easter(1)},
    Rule{"labour", "Tag der Arbeit", fixed(5, 1)},
    Rule{"ascension", "Christi Himmelfahrt", easter(39)},
    Rule{"whit-monday", "Pfingstmontag", easter(50)},
    Rule{"unity", "Tag der Deutschen Einheit", fixed(10, 3)},
    Rule{"christmas", "1. Weihnachtstag", fixed(12, 25)},
    Rule{"christmas-2", "2. Weihnachtstag", fixed(12, 26)},
};

// FR: jours feries, Code du travail art. L3133-1 (fr.toml). Not listed: Good Friday and
// 26 December (Alsace-Moselle only).
constexpr std::array kFr{
    Rule{"new-year", "Jour de l'an", fixed(1, 1)},
    Rule{"easter-monday", "Lundi de Paques", easter(1)},
    Rule{"labour", "Fete du Travail", fixed(5, 1)},
    Rule{"victory", "Victoire 1945", fixed(5, 8)},
    Rule{"ascension", "Ascension", easter(39)},
    Rule{"whit-monday", "Lundi de Pentecote", easter(50)},
    Rule{"national", "Fete nationale", fixed(7, 14)},
    Rule{"assumption", "Assomption", fixed(8, 15)},
    Rule{"all-saints", "Toussaint", fixed(11, 1)},
    Rule{"armistice", "Armistice", fixed(11, 11)},
    Rule{"christmas", "Noel", fixed(12, 25)},
};

// NL: Algemene termijnenwet art. 3 (nl.toml). Koningsdag is 27 April, or 26 April when the
// 27th is a Sunday. Bevrijdingsdag (5 May) is listed every year because the law lists it
// (nl.toml's ASSUMPTION). Good Friday is not in the law.
constexpr std::array kNl{
    Rule{"new-year", "Nieuwjaarsdag", fixed(1, 1)},
    Rule{"easter-monday", "Tweede Paasdag", easter(1)},
    Rule{"kings-day", "Koningsdag", fixed(4, 27, -1)},
    Rule{"liberation", "Bevrijdingsdag", fixed(5, 5)},
    Rule{"ascension", "Hemelvaartsdag", easter(39)},
    Rule{"whit-monday", "Tweede Pinksterdag", easter(50)},
    Rule{"christmas", "Eerste Kerstdag", fixed(12, 25)},
    Rule{"christmas-2", "Tweede Kerstdag", fixed(12, 26)},
};

// BR: feriados nacionais (br.toml): Lei 662/1949 as amended by Lei 10.607/2002; Lei
// 6.802/1980 (Nossa Senhora Aparecida); Lei 14.759/2023 (Zumbi e da Consciencia Negra, national
// from 2024); Good Friday as the federal calendar lists it. Carnival Monday and Tuesday
// (Easter - 48, - 47): br.toml's ASSUMPTION (a "ponto facultativo", listed because business
// stops nationwide). No substitute days.
constexpr std::array kBr{
    Rule{"new-year", "Confraternizacao Universal", fixed(1, 1)},
    Rule{"carnival-monday", "Carnaval, Monday", easter(-48)},
    Rule{"carnival-tuesday", "Carnaval, Tuesday", easter(-47)},
    Rule{"good-friday", "Paixao de Cristo", easter(-2)},
    Rule{"tiradentes", "Tiradentes", fixed(4, 21)},
    Rule{"labour", "Dia do Trabalho", fixed(5, 1)},
    Rule{"independence", "Independencia do Brasil", fixed(9, 7)},
    Rule{"aparecida", "Nossa Senhora Aparecida", fixed(10, 12)},
    Rule{"all-souls", "Finados", fixed(11, 2)},
    Rule{"republic", "Proclamacao da Republica", fixed(11, 15)},
    Rule{"black-consciousness", "Zumbi e da Consciencia Negra", fixed(11, 20), 2024},
    Rule{"christmas", "Natal", fixed(12, 25)},
};

// IN: the three national holidays (in.toml): only these are observed by every office in
// India. The central government's yearly gazetted list and the states' holidays are not
// rule-based (mostly lunar, announced each year) and are left to a company layer, as in.toml
// says.
constexpr std::array kIn{
    Rule{"republic", "Republic Day", fixed(1, 26)},
    Rule{"independence", "Independence Day", fixed(8, 15)},
    Rule{"gandhi", "Gandhi Jayanti", fixed(10, 2)},
};

constexpr std::array<CultureRules, 8> kCultures{{
    {"br", WeekendRule::kNone, kBr, {}},
    {"de", WeekendRule::kNone, kDe, {}},
    {"fr", WeekendRule::kNone, kFr, {}},
    {"in", WeekendRule::kNone, kIn, {}},
    {"jp", WeekendRule::kJpSubstitute, kJp, kJpOneOffs},
    {"nl", WeekendRule::kNone, kNl, {}},
    {"uk", WeekendRule::kUkSubstitute, kUk, kUkOneOffs},
    {"us", WeekendRule::kUsObserved, kUs, {}},
}};

// ---- the computation ---------------------------------------------------------------------

const CultureRules* find_culture(std::string_view code) {
  for (const CultureRules& c : kCultures) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

date::weekday weekday_of(sys_days d) { return date::weekday{d}; }
bool is_weekend(sys_days d) {
  const date::weekday w = weekday_of(d);
  return w == date::Saturday || w == date::Sunday;
}

sys_days ymd(int y, unsigned m, unsigned d) {
  return sys_days{year_month_day{date::year{y}, date::month{m}, date::day{d}}};
}

// Day of the month of the JP equinoxes: floor(base + 0.242194 (y - 1980)) - floor((y - 1980)/4),
// base 20.8431 (March) and 23.2488 (September), valid 1980-2099; in millionths so that it is
// exact integer arithmetic.
unsigned equinox_day(int y, std::int64_t base_millionths) {
  const std::int64_t n = y - 1980;
  const std::int64_t day = (base_millionths + 242194 * n) / 1000000 - n / 4;
  return static_cast<unsigned>(day);
}

sys_days date_of(const DateRule& r, int y) {
  switch (r.kind) {
    case Kind::kFixed: {
      sys_days d = ymd(y, r.month, static_cast<unsigned>(r.day));
      if (r.sunday_shift != 0 && weekday_of(d) == date::Sunday) d += days{r.sunday_shift};
      return d;
    }
    case Kind::kEaster:
      return sys_days{easter_sunday(y)} + days{r.day};
    case Kind::kNthWeekday:
      return sys_days{
          date::year_month_weekday{date::year{y}, date::month{r.month},
                                   date::weekday_indexed{date::weekday{r.weekday}, r.nth}}};
    case Kind::kLastWeekday:
      return sys_days{date::year_month_weekday_last{date::year{y}, date::month{r.month},
                                                    date::weekday_last{date::weekday{r.weekday}}}};
    case Kind::kVernalEquinox:
      return ymd(y, 3, equinox_day(y, 20843100));
    case Kind::kAutumnalEquinox:
      return ymd(y, 9, equinox_day(y, 23248800));
  }
  throw std::logic_error("holiday rule of an unknown kind");
}

struct Dated {
  sys_days day;
  std::string name;
  bool fixed;  // a fixed-date rule (the US observes only those on another day)
};

bool contains(const std::vector<Dated>& list, sys_days d) {
  return std::any_of(list.begin(), list.end(), [d](const Dated& h) { return h.day == d; });
}

// The holidays the rules give for year `y`, with the weekend rule applied (some may fall in
// the year before: a US New Year's Day on a Saturday is observed on 31 December).
std::vector<Dated> holidays_of_rule_year(const CultureRules& c, int y) {
  std::vector<Dated> out;
  for (const Rule& r : c.rules) {
    if (y < r.since || y > r.until) continue;
    sys_days day = date_of(r.when, y);
    std::string name(r.name);
    for (const OneOff& o : c.one_offs) {
      if (o.year == y && o.id == r.id) {
        day = ymd(y, o.month, o.day);
        if (!o.name.empty()) name = o.name;
      }
    }
    out.push_back({day, std::move(name), r.when.kind == Kind::kFixed});
  }
  for (const OneOff& o : c.one_offs) {
    if (o.year == y && o.id.empty())
      out.push_back({ymd(y, o.month, o.day), std::string(o.name), false});
  }
  std::sort(out.begin(), out.end(), [](const Dated& a, const Dated& b) { return a.day < b.day; });

  const std::size_t base_count = out.size();
  switch (c.weekend) {
    case WeekendRule::kNone:
      break;
    case WeekendRule::kUsObserved:
      for (std::size_t i = 0; i < base_count; ++i) {
        if (!out[i].fixed) continue;
        const date::weekday w = weekday_of(out[i].day);
        if (w == date::Saturday || w == date::Sunday) {
          out.push_back({out[i].day + days{w == date::Saturday ? -1 : 1},
                         out[i].name + " (observed)", false});
        }
      }
      break;
    case WeekendRule::kUkSubstitute:
      // In date order, so that Christmas takes the first free weekday and Boxing Day the next.
      for (std::size_t i = 0; i < base_count; ++i) {
        if (!is_weekend(out[i].day)) continue;
        sys_days d = out[i].day + days{1};
        while (is_weekend(d) || contains(out, d)) d += days{1};
        out.push_back({d, out[i].name + " (substitute day)", false});
      }
      break;
    case WeekendRule::kJpSubstitute: {
      // Art. 3(2): the next day after a Sunday holiday that is not a national holiday.
      for (std::size_t i = 0; i < base_count; ++i) {
        if (weekday_of(out[i].day) != date::Sunday) continue;
        sys_days d = out[i].day + days{1};
        while (contains(out, d)) d += days{1};
        out.push_back({d, "Substitute holiday (" + out[i].name + ")", false});
      }
      // Art. 3(3): a day whose day before and day after are national holidays (the base
      // list: substitute holidays are not "national holidays" in the act's sense).
      for (std::size_t i = 0; i + 1 < base_count; ++i) {
        const sys_days between = out[i].day + days{1};
        if (out[i + 1].day == out[i].day + days{2} && !contains(out, between)) {
          out.push_back({between, "Citizens' holiday", false});
        }
      }
      break;
    }
  }
  return out;
}

}  // namespace

date::year_month_day easter_sunday(int year) {
  // The anonymous Gregorian algorithm (Meeus, "Astronomical Algorithms", 2nd ed., ch. 8).
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return year_month_day{date::year{year}, date::month{static_cast<unsigned>(month)},
                        date::day{static_cast<unsigned>(day)}};
}

const std::vector<std::string_view>& holiday_cultures() {
  static const std::vector<std::string_view> codes = [] {
    std::vector<std::string_view> out;
    for (const CultureRules& c : kCultures) out.push_back(c.code);
    return out;
  }();
  return codes;
}

std::vector<PublicHoliday> public_holidays(std::string_view culture, int year) {
  const CultureRules* c = find_culture(culture);
  if (c == nullptr) return {};
  if (year < kFirstRuleYear || year > kLastRuleYear) {
    throw std::out_of_range("public holidays are kept for " + std::to_string(kFirstRuleYear) + "-" +
                            std::to_string(kLastRuleYear) + " only, not " + std::to_string(year));
  }
  std::vector<Dated> all;
  // A rule of one year can land in the year before or after (observed and substitute days).
  for (int y = year - 1; y <= year + 1; ++y) {
    for (Dated& h : holidays_of_rule_year(*c, y)) {
      if (year_month_day{h.day}.year() == date::year{year}) all.push_back(std::move(h));
    }
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const Dated& a, const Dated& b) { return a.day < b.day; });
  std::vector<PublicHoliday> out;
  for (Dated& h : all) {
    if (!out.empty() && sys_days{out.back().date} == h.day) continue;  // one entry per day
    out.push_back({year_month_day{h.day}, std::move(h.name)});
  }
  return out;
}

bool is_public_holiday(std::string_view culture, date::year_month_day day) {
  const int y = static_cast<int>(day.year());
  const CultureRules* c = find_culture(culture);
  if (c == nullptr || y < kFirstRuleYear || y > kLastRuleYear) return false;
  // Every culture's holidays of every year, computed once (a thread-safe static): the
  // industry-seasons review hook asks day by day at each release, and computing a year's
  // list each time (three rule years, sorted, named) was most of that hook's cost.
  static const std::vector<std::vector<sys_days>> table = [] {
    std::vector<std::vector<sys_days>> all;
    for (const CultureRules& rules : kCultures) {
      std::vector<sys_days> days;
      for (int year = kFirstRuleYear; year <= kLastRuleYear; ++year) {
        for (const PublicHoliday& h : public_holidays(rules.code, year)) {
          days.push_back(sys_days{h.date});
        }
      }
      std::sort(days.begin(), days.end());
      all.push_back(std::move(days));
    }
    return all;
  }();
  const std::vector<sys_days>& days = table[static_cast<std::size_t>(c - std::data(kCultures))];
  return std::binary_search(days.begin(), days.end(), sys_days{day});
}

}  // namespace nudge::packs
