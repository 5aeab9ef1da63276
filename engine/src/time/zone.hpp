#pragma once
// An IANA time zone from the system database (date/tz with USE_OS_TZDB), wrapped so that no
// date:: type leaks past engine/src/time.

#include <chrono>
#include <string_view>

#include "nudge/result.hpp"
#include "nudge/time.hpp"

namespace date {
class time_zone;
}

namespace nudge::detail {

/// Seconds since 1970-01-01T00:00:00 on a wall clock of some zone (a "local" time).
using LocalSeconds = std::chrono::duration<std::int64_t>;

class Zone {
 public:
  Zone() = default;
  /// Looks `name` up in the IANA database; error kUnknownName names the zone.
  static Result<Zone> find(std::string_view name);
  /// The UTC zone.
  static Zone utc();

  std::string_view name() const;
  bool valid() const { return tz_ != nullptr; }

  /// The wall-clock reading of `t` in this zone.
  LocalSeconds to_local(Instant t) const;
  /// The instant of wall-clock reading `local`. A reading that does not exist (DST gap) maps to
  /// the instant the gap ends; a reading that occurs twice maps to its later instant.
  Instant to_instant(LocalSeconds local) const;
  /// UTC offset in seconds in force at `t`.
  std::int64_t offset_seconds(Instant t) const;

  friend bool operator==(const Zone& a, const Zone& b) { return a.tz_ == b.tz_; }

 private:
  explicit Zone(const date::time_zone* tz) : tz_(tz) {}
  const date::time_zone* tz_ = nullptr;
};

}  // namespace nudge::detail
