#pragma once
// Business calendars: a zone, working weekdays, a daily send window and holidays.
// `CalendarView` is non-owning and allocation-free so the hot path can build one per recipient.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nudge/result.hpp"
#include "nudge/time.hpp"
#include "time/zone.hpp"

namespace nudge::detail {

/// Weekday bit mask: bit 0 = Sunday ... bit 6 = Saturday.
using WeekdayMask = std::uint8_t;
inline constexpr WeekdayMask kMonToFri = 0b0111110;
inline constexpr WeekdayMask kSunToThu = 0b0011111;

/// Parses weekday names ("sun".."sat", case-insensitive; also full names) into a mask.
Result<WeekdayMask> parse_weekday(std::string_view name);
/// "mon, tue, ..." for a mask.
std::string format_weekdays(WeekdayMask mask);

/// Why `align` moved a time; one entry per day skipped or shift made.
struct AlignStep {
  enum class Kind : std::uint8_t {
    kBeforeWindow,   ///< earlier than the window on a working day: moved to window start
    kAfterWindow,    ///< at or after the window end: moved to the next working day
    kNonWorkingDay,  ///< the day is not a working weekday of this calendar
    kHoliday,        ///< the day is a holiday of this calendar
    kNoWindow,       ///< the clocks skip the window's start that day (a DST gap, a skipped
                     ///< day): moved to the next working day
  };
  Kind kind;
  LocalDate day;  ///< the local day concerned
};

/// A shift recorder; `align` appends to it when non-null.
using AlignTrace = std::vector<AlignStep>;

struct CalendarView {
  const Zone* zone = nullptr;
  WeekdayMask workdays = kMonToFri;
  std::int32_t window_start = 9 * 3600;         ///< seconds after local midnight, inclusive
  std::int32_t window_end = 17 * 3600;          ///< seconds after local midnight, exclusive
  std::span<const LocalDate> holidays{};        ///< sorted ascending (e.g. the policy's)
  std::span<const LocalDate> extra_holidays{};  ///< sorted ascending (e.g. the person's own)
  /// Optional memory of `zone`'s last offset interval (speeds conversions, same results).
  ZoneHint* hint = nullptr;

  /// True for a working weekday that is not a holiday.
  bool is_business_day(LocalDate day) const;
  /// `t` if it falls on a business day inside [window_start, window_end) in this calendar's
  /// zone; else the window start of the next business day (the same day when `t` is before
  /// the window). Searches at most ~2 years ahead; a calendar with no working day is refused
  /// when it is built, so the search always ends.
  Instant align(Instant t, AlignTrace* trace = nullptr) const;
  /// `t + d`: seconds are elapsed time; days keep the local time of day N days later in this
  /// zone (gap -> end of gap, overlap -> later instant); business days step N business days,
  /// keeping the local time of day.
  Instant add(Instant t, Duration d) const;
  /// Local midnight of `day` in this zone (gap -> end of gap).
  Instant start_of(LocalDate day) const;
  /// The local civil date of `t`.
  LocalDate local_date(Instant t) const;

 private:
  // Through the hint when there is one (inline: the planner's hot path), else the zone.
  LocalSeconds to_local(Instant t) const {
    if (hint != nullptr && zone != nullptr) [[likely]] {
      return zone->to_local(t, *hint);
    }
    return to_local_slow(t);
  }
  Instant to_instant(LocalSeconds local) const {
    if (hint != nullptr && zone != nullptr) [[likely]] {
      return zone->to_instant(local, *hint);
    }
    return to_instant_slow(local);
  }
  LocalSeconds to_local_slow(Instant t) const;
  Instant to_instant_slow(LocalSeconds local) const;
};

/// The weekday of a date as 0 = Sunday ... 6 = Saturday (std::chrono's c_encoding), for any
/// date the engine stores (1970-01-01, day 0, was a Thursday).
inline unsigned weekday_of(LocalDate day) {
  // Shifted by a multiple of 7 so the dividend is never negative (dates from about 9,000 BC).
  constexpr std::int64_t kShift = 7 * 500'000 + 4;
  return static_cast<unsigned>(static_cast<std::uint64_t>(day.time_since_epoch().count() + kShift) %
                               7);
}

/// An owning calendar: holds the holiday list a view points to.
struct CalendarSpec {
  std::string zone = "UTC";
  WeekdayMask workdays = kMonToFri;
  std::int32_t window_start = 9 * 3600;
  std::int32_t window_end = 17 * 3600;
  std::vector<LocalDate> holidays;  ///< kept sorted and unique

  /// Checks the spec (known zone, at least one working day, start < end within one day).
  Status validate() const;
};

/// Parses the all-day events (DTSTART;VALUE=DATE) of an iCalendar text into holiday dates.
/// Multi-day events (DTEND exclusive) expand to each day; `RRULE:FREQ=YEARLY` repeats up to
/// and including `until_year`. Timed events are ignored. Errors carry `source:line:column`.
Result<std::vector<LocalDate>> parse_ics_holidays(std::string_view text, std::string_view source,
                                                  int until_year = 2035);

/// Parses "HH:MM" into seconds after midnight (00:00..24:00).
Result<std::int32_t> parse_clock(std::string_view text);

}  // namespace nudge::detail
