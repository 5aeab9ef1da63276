#pragma once
// The nationwide public holidays of nudge's eight culture packs, computed by rule for any year
// from 2020 to 2099 (fixed dates, Easter-relative days, nth weekdays, equinoxes, and each
// country's weekend rule: US observed days, UK substitute days, JP substitute and citizens'
// holidays). Shared by the culture-holidays plugin (its calendar hook) and the
// industry-seasons plugin (the first working morning after a closure). Internal to the pack
// plugins: not part of nudge's API.
//
// For 2026 and 2027 the result equals `public_holidays` of policies/cultures/<c>.toml exactly
// (tests/plugins/pack_plugins_test.cpp checks all eight); the tables in holiday_rules.cpp cite
// the law or source each TOML file cites.

#include <date/date.h>

#include <string>
#include <string_view>
#include <vector>

namespace nudge::packs {

/// One public holiday: its date and its English name ("Boxing Day (substitute day)").
struct PublicHoliday {
  date::year_month_day date;
  std::string name;
};

/// The cultures with rules: "br", "de", "fr", "in", "jp", "nl", "uk", "us".
const std::vector<std::string_view>& holiday_cultures();

/// The first and last year the rules are kept for (the JP equinox approximation is valid to
/// 2099; the tables start with 2020, the first year nudge asks for).
inline constexpr int kFirstRuleYear = 2020;
inline constexpr int kLastRuleYear = 2099;

/// The public holidays of `culture` dated in `year`, sorted by date, without duplicates.
/// Empty for a culture without rules. Throws std::out_of_range for a year outside
/// [kFirstRuleYear, kLastRuleYear].
std::vector<PublicHoliday> public_holidays(std::string_view culture, int year);

/// True when `day` is a public holiday of `culture` (false for a culture without rules).
bool is_public_holiday(std::string_view culture, date::year_month_day day);

/// Easter Sunday of the Gregorian calendar (the anonymous algorithm published by Meeus,
/// "Astronomical Algorithms", ch. 8).
date::year_month_day easter_sunday(int year);

}  // namespace nudge::packs
