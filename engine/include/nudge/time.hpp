#pragma once
/// @file time.hpp
/// Instants, civil dates and policy durations.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "nudge/export.hpp"
#include "nudge/result.hpp"

namespace nudge {

/// A point in time: whole seconds since 1970-01-01T00:00:00Z (UTC, no leap seconds).
using Instant = std::chrono::sys_seconds;

/// A civil date (year-month-day), zone-free: days since 1970-01-01.
using LocalDate = std::chrono::sys_days;

/// A policy duration: `"90m"`, `"24h"`, `"30s"` are elapsed time; `"7d"`, `"2w"` are calendar
/// days in the zone of the calendar in use (same local time N days later); `"5bd"` are business
/// days of that calendar.
struct Duration {
  enum class Unit : std::uint8_t {
    kSeconds = 0,       ///< elapsed time; `amount` is seconds
    kDays = 1,          ///< calendar days; `amount` is days (weeks are stored as 7 days)
    kBusinessDays = 2,  ///< working, non-holiday days of the calendar in use
  };
  Unit unit = Unit::kSeconds;
  std::int64_t amount = 0;

  /// Parses `"<non-negative integer><unit>"` with unit one of s, m, h, d, w, bd.
  /// Errors name the text and say which forms are accepted.
  NUDGE_API static Result<Duration> parse(std::string_view text);
  /// The canonical text (`"3h"`, `"7d"`, `"5bd"`; seconds that are whole hours print as h).
  NUDGE_API std::string to_string() const;
  friend bool operator==(const Duration&, const Duration&) = default;
};

/// Parses an RFC 3339 date-time with an offset or `Z` (`2026-11-23T11:30:00-05:00`).
NUDGE_API Result<Instant> parse_rfc3339(std::string_view text);

/// Parses an ISO date `YYYY-MM-DD`, refusing impossible dates such as 2026-02-30.
NUDGE_API Result<LocalDate> parse_date(std::string_view text);

/// Formats `t` as RFC 3339 in the IANA zone `zone` with its UTC offset
/// (`2026-11-23T13:30:00-06:00`); `Z` for UTC. Unknown zones format in UTC. An offset with
/// seconds (local mean time) is printed truncated toward zero to whole minutes, with the wall
/// time of that printed offset, so the string always denotes exactly `t`.
NUDGE_API std::string format_rfc3339(Instant t, std::string_view zone);

/// Formats a civil date as `YYYY-MM-DD`.
NUDGE_API std::string format_date(LocalDate d);

/// True when `name` is a zone of the system's IANA database.
NUDGE_API bool is_known_zone(std::string_view name);

}  // namespace nudge
