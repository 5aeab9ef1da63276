#pragma once
// POSIX TZ strings as found in the footer of TZif version 2+ files (RFC 8536 section 3.3), e.g.
// "EST5EDT,M3.2.0,M11.1.0" or "<-04>4<-03>,M9.1.6/24,M4.1.6/24": parsing, and the transitions
// they imply year by year. Nothing here throws or allocates except `transitions`.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace nudge::detail {

/// From `at` (seconds since 1970-01-01T00:00:00Z) on, the zone's UTC offset is `offset`.
struct Transition {
  std::int64_t at = 0;
  std::int32_t offset = 0;
  friend bool operator==(const Transition&, const Transition&) = default;
};

/// Days since 1970-01-01 of the proleptic Gregorian date y-m-d (m 1..12, d 1..31).
std::int64_t days_from_civil(std::int64_t y, int m, int d);

/// One end of daylight saving time: a day of the year and the local time on it.
struct PosixRule {
  enum class Kind : std::uint8_t {
    kJulian1,       ///< "Jn": day n of 1..365, February 29 never counted
    kJulian0,       ///< "n": day n of 0..365, February 29 counted in leap years
    kMonthWeekDay,  ///< "Mm.w.d": weekday d (0 = Sunday) of week w (5 = last) of month m
  };
  Kind kind = Kind::kMonthWeekDay;
  int month = 0;  ///< kMonthWeekDay: 1..12
  int week = 0;   ///< kMonthWeekDay: 1..5
  int day = 0;    ///< Jn: 1..365; n: 0..365; Mm.w.d: the weekday 0..6
  /// Seconds after local midnight (-167 h .. 167 h, RFC 8536); the default is 02:00.
  std::int32_t time = 7200;

  /// Days since 1970-01-01 of the rule's day in year `y`.
  std::int64_t day_in(std::int64_t y) const;
};

/// A parsed TZ string: standard time, and optionally daylight time with its two rules.
struct PosixTz {
  std::int32_t std_offset = 0;  ///< UTC offset of standard time, seconds east of Greenwich
  bool has_dst = false;
  std::int32_t dst_offset = 0;  ///< UTC offset of daylight time (default std_offset + 1 h)
  PosixRule start;              ///< daylight time starts (a standard-time local reading)
  PosixRule end;                ///< daylight time ends (a daylight-time local reading)

  /// The changes of offset the rules put in the years [first_year, last_year], ascending by
  /// instant. Changes at the same instant are kept in rule order (the later one wins), so
  /// daylight time all year ("EST5EDT4,0/0,J365/25") yields back-to-back pairs that cancel.
  std::vector<Transition> transitions(int first_year, int last_year) const;
};

/// Parses a TZ string ("std offset [dst [offset] [,start[/time],end[/time]]]"); names are
/// alphabetic or quoted in <>. Daylight time without rules takes the US rules M3.2.0,M11.1.0.
/// nullopt when the text is not a TZ string (including the empty string).
std::optional<PosixTz> parse_posix_tz(std::string_view text);

}  // namespace nudge::detail
