#pragma once
// An IANA time zone from the system database, read once into a table of offset changes so that
// conversions are a short search of sorted integers (no lock, no allocation, no string). Names
// are looked up with date/tz (USE_OS_TZDB); no date:: type leaks past engine/src/time.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nudge/result.hpp"
#include "nudge/time.hpp"

namespace nudge::detail {

/// Seconds since 1970-01-01T00:00:00 on a wall clock of some zone (a "local" time).
using LocalSeconds = std::chrono::duration<std::int64_t>;

/// A caller's memory of the last offset interval it met in one zone, so that the next
/// conversion nearby skips the table search (most of a calendar's conversions fall in the
/// same interval). Purely a cache: a conversion gives the same result with any hint, and an
/// empty hint (the default) just misses. Not shared between threads.
struct ZoneHint {
  std::int64_t begin = 0;  ///< instants in [begin, end) have `offset`
  std::int64_t end = 0;
  /// Wall readings whose `reading - offset` lies in [sure_begin, sure_end) occur exactly once,
  /// in this interval: the interval shrunk by the zone's largest offset change at each end.
  std::int64_t sure_begin = 0;
  std::int64_t sure_end = 0;
  std::int32_t offset = 0;
};

/// The UTC offsets of one zone, immutable once built: `offsets[i]` is in force from `begins[i]`
/// (seconds since the epoch, UTC) until `begins[i + 1]`; `begins[0]` is INT64_MIN and adjacent
/// offsets differ. The table holds the zone file's explicit transitions and, after the last
/// one, those of its POSIX TZ footer for 400 years; from `cycle_end` on, instants are read one
/// or more 400-year cycles earlier (the Gregorian calendar, hence the rules, repeat exactly).
/// Lookups count the few changes in the instant's bucket (about a year), and otherwise binary
/// search `begins`.
struct ZoneTable {
  /// 400 Gregorian years in seconds (146097 days, a whole number of weeks).
  static constexpr std::int64_t kCycle = 146097LL * 86400;
  /// Buckets of 2^25 seconds (about 388 days).
  static constexpr int kBucketShift = 25;

  std::string name;
  std::vector<std::int64_t> begins;
  std::vector<std::int32_t> offsets;
  std::int32_t min_offset = 0;  ///< the least and greatest of `offsets`
  std::int32_t max_offset = 0;
  std::int64_t cycle_start = INT64_MAX;  ///< the rules govern instants from here on
  std::int64_t cycle_end = INT64_MAX;    ///< cycle_start + kCycle when the rules have DST
  /// `buckets[i]` is the interval holding bucket_base + (i << kBucketShift): an instant's
  /// interval lies between those of its bucket's start and the next bucket's. They span
  /// begins[1] (the first change) to past the last change; empty for a single interval.
  std::int64_t bucket_base = 0;
  std::vector<std::uint32_t> buckets;

  /// UTC offset in force at `t` (seconds since the epoch).
  std::int32_t offset_at(std::int64_t t) const;
  /// The instant of wall-clock reading `local`: the later one when it occurs twice, the end of
  /// the gap when it never occurs.
  std::int64_t instant_of(std::int64_t local) const;
  /// Points `hint` at the interval holding instant `t` (leaves it empty past `cycle_end`).
  void fill_hint(std::int64_t t, ZoneHint& hint) const;
};

class Zone {
 public:
  Zone() = default;
  /// Looks `name` up in the IANA database; error kUnknownName names the zone.
  static Result<Zone> find(std::string_view name);
  /// The UTC zone.
  static Zone utc();

  std::string_view name() const;
  bool valid() const { return table_ != nullptr; }

  /// The wall-clock reading of `t` in this zone.
  LocalSeconds to_local(Instant t) const;
  /// The instant of wall-clock reading `local`. A reading that does not exist (DST gap) maps to
  /// the instant the gap ends; a reading that occurs twice maps to its later instant.
  Instant to_instant(LocalSeconds local) const;
  /// UTC offset in seconds in force at `t`.
  std::int64_t offset_seconds(Instant t) const;
  /// to_local and to_instant through a hint (same results; `hint` is updated on a miss).
  LocalSeconds to_local(Instant t, ZoneHint& hint) const {
    const std::int64_t s = t.time_since_epoch().count();
    std::int64_t l = 0;
    if (s >= hint.begin && s < hint.end && !__builtin_add_overflow(s, hint.offset, &l)) [[likely]] {
      return LocalSeconds(l);
    }
    return to_local_missed(t, hint);
  }
  Instant to_instant(LocalSeconds local, ZoneHint& hint) const {
    const std::int64_t l = local.count();
    std::int64_t u = 0;
    if (!__builtin_sub_overflow(l, std::int64_t{hint.offset}, &u) && u >= hint.sure_begin &&
        u < hint.sure_end) [[likely]] {
      return Instant(std::chrono::seconds(u));
    }
    return to_instant_missed(local, hint);
  }

  /// The zone's table (nullptr for an empty Zone, which acts as UTC).
  const ZoneTable* table() const { return table_; }

  friend bool operator==(const Zone& a, const Zone& b) { return a.table_ == b.table_; }

 private:
  explicit Zone(const ZoneTable* table) : table_(table) {}
  LocalSeconds to_local_missed(Instant t, ZoneHint& hint) const;
  Instant to_instant_missed(LocalSeconds local, ZoneHint& hint) const;
  const ZoneTable* table_ = nullptr;  // owned by a process-wide cache, never freed
};

/// The table of zone `name` from the date library alone: the zone file's explicit transitions,
/// then the last offset forever (the library ignores the footer). Zone::find falls back to it
/// when it cannot read or parse the file itself; nullopt for names not in the database.
std::optional<ZoneTable> date_zone_table(std::string_view name);

}  // namespace nudge::detail
