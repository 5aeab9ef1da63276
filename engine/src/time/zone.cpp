// Zone: names are looked up with date/tz (USE_OS_TZDB, the system database); offsets come from
// the zone's TZif file, read once per process into a ZoneTable (explicit transitions, then the
// footer's rules), so conversions are a short search. Nothing here throws: the date library's
// exceptions are caught. A file that cannot be read or parsed falls back to the transitions
// the date library knows (up to 2037, the last offset after that).

#include "time/zone.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <exception>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "time/tzif.hpp"

namespace nudge::detail {

namespace {

constexpr std::int64_t kMinInstant = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMaxInstant = std::numeric_limits<std::int64_t>::max();
// A local reading past the table's cycle is read whole cycles earlier, landing at least this far
// past the cycle's start: every interval the reading could fall in (offsets stay far within
// two days) then lies inside the table.
constexpr std::int64_t kLocalMargin = 4 * 86400;
// Buckets with more changes than this are binary searched rather than counted.
constexpr std::size_t kMaxCounted = 8;

std::int64_t add_saturated(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) return b > 0 ? kMaxInstant : kMinInstant;
  return r;
}

std::int64_t sub_saturated(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_sub_overflow(a, b, &r)) return b < 0 ? kMaxInstant : kMinInstant;
  return r;
}

// Whole cycles between `from` and `t` (t >= from), in seconds; exact over the full int64 range.
std::int64_t whole_cycles(std::int64_t t, std::int64_t from) {
  const std::uint64_t span = static_cast<std::uint64_t>(t) - static_cast<std::uint64_t>(from);
  return static_cast<std::int64_t>(span / ZoneTable::kCycle) * ZoneTable::kCycle;
}

// The index of the interval holding instant `t`. Within the bucket range, the changes in the
// instant's bucket (two a year in most zones) are counted without a branch, so lookups close to
// a change cost no mispredicted branch; crowded buckets and other instants binary search.
std::size_t interval_of(const ZoneTable& z, std::int64_t t) {
  const std::int64_t* b = z.begins.data();
  const std::uint64_t bucket =
      (static_cast<std::uint64_t>(t) - static_cast<std::uint64_t>(z.bucket_base)) >>
      ZoneTable::kBucketShift;  // instants before bucket_base wrap to huge values
  if (bucket + 1 < z.buckets.size()) {
    const std::size_t lo = z.buckets[bucket];
    const std::size_t hi = z.buckets[bucket + 1];
    if (hi - lo <= kMaxCounted) {
      std::size_t k = lo;
      for (std::size_t j = lo + 1; j <= hi; ++j) k += b[j] <= t ? 1 : 0;
      return k;
    }
    return static_cast<std::size_t>(std::upper_bound(b + lo + 1, b + hi + 1, t) - (b + 1));
  }
  // begins[0] is INT64_MIN: every t is past it
  return static_cast<std::size_t>(std::upper_bound(b + 1, b + z.begins.size(), t) - (b + 1));
}

// instant_of within the table (no cycle folding).
std::int64_t solve_local(const ZoneTable& z, std::int64_t local) {
  const std::int64_t* b = z.begins.data();
  const std::int32_t* o = z.offsets.data();
  const std::size_t n = z.begins.size();
  // Interval k holds the reading when b[k] <= local - o[k] < b[k+1]. Every offset lies within
  // [min_offset, max_offset], so such k lie between the intervals holding local - max_offset
  // and local - min_offset: scan them from the latest down; the first that holds it wins.
  const std::int64_t lowest = sub_saturated(local, z.max_offset);
  std::size_t k = interval_of(z, sub_saturated(local, z.min_offset));
  const std::int64_t first_guess = sub_saturated(local, o[k]);
  std::int64_t gap_end = kMinInstant;
  bool in_gap = false;
  for (;;) {
    const std::int64_t u = sub_saturated(local, o[k]);
    if (b[k] <= u && (k + 1 == n || u < b[k + 1])) return u;
    // A gap at transition k: the reading is at or past the local end of interval k-1
    // (b[k] + o[k-1]) and before the local start of interval k (b[k] + o[k]). Unless an
    // interval holds the reading, the latest such transition is the answer.
    if (!in_gap && k > 0 && u < b[k] && b[k] <= sub_saturated(local, o[k - 1])) {
      gap_end = b[k];
      in_gap = true;
    }
    if (k == 0 || b[k] <= lowest) break;  // earlier intervals end before local - max_offset
    --k;
  }
  return in_gap ? gap_end : first_guess;  // not reached: a reading is held or in a gap
}

const date::time_zone* locate(std::string_view name) noexcept {
  // "localtime" is no IANA name but the system's link to the host's /etc/localtime: a plan
  // would depend on the machine. The date library lists it on some systems, so refuse it here,
  // as it already refuses "posixrules", "Factory" and "right/...".
  if (name == "localtime") return nullptr;
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;
  } catch (...) {
    return nullptr;
  }
}

// The explicit transitions the date library read from the zone file (it ignores the footer).
ZoneTable table_from_date(const date::time_zone& tz) {
  ZoneTable t = start_zone_table(tz.name(), 0);
  try {
    const date::sys_seconds last{date::sys_days(date::year::max() / date::December / 31)};
    auto info = tz.get_info(date::sys_seconds{date::sys_days(date::year(-32000) / 1 / 1)});
    t.offsets.front() = static_cast<std::int32_t>(info.offset.count());
    for (int i = 0; i < 100'000 && info.end < last; ++i) {
      info = tz.get_info(info.end);
      append(t, info.begin.time_since_epoch().count(),
             static_cast<std::int32_t>(info.offset.count()));
    }
  } catch (...) {  // the file could not be read: UTC, as before tables existed
    t = start_zone_table(tz.name(), 0);
  }
  finish(t);
  return t;
}

ZoneTable build_table(const date::time_zone& tz) {
  if (auto data = read_tzif(tz.name())) return make_zone_table(tz.name(), *data);
  return table_from_date(tz);
}

// One immutable table per zone name for the whole process.
struct TableCache {
  std::mutex mutex;
  std::map<std::string, std::unique_ptr<const ZoneTable>, std::less<>> tables;
};

TableCache& cache() {
  static auto* const kCache = new TableCache();  // never destroyed: Zones outlive statics
  return *kCache;
}

const ZoneTable* table_for(const date::time_zone& tz) {
  TableCache& c = cache();
  {
    const std::lock_guard lock(c.mutex);
    if (auto it = c.tables.find(tz.name()); it != c.tables.end()) return it->second.get();
  }
  auto table = std::make_unique<const ZoneTable>(build_table(tz));  // built outside the lock
  const std::lock_guard lock(c.mutex);
  return c.tables.try_emplace(tz.name(), std::move(table)).first->second.get();
}

}  // namespace

std::int32_t ZoneTable::offset_at(std::int64_t t) const {
  if (t >= cycle_end) [[unlikely]] {
    t -= whole_cycles(t, cycle_start);
  }
  return offsets[interval_of(*this, t)];
}

std::int64_t ZoneTable::instant_of(std::int64_t local) const {
  if (local >= cycle_end && local - kLocalMargin >= cycle_end) [[unlikely]] {
    const std::int64_t shift = whole_cycles(local, cycle_start + kLocalMargin);
    return add_saturated(solve_local(*this, local - shift), shift);
  }
  return solve_local(*this, local);
}

void ZoneTable::fill_hint(std::int64_t t, ZoneHint& hint) const {
  hint = ZoneHint{};
  if (t >= cycle_end) return;  // folded instants: no hint
  const std::size_t k = interval_of(*this, t);
  hint.begin = begins[k];
  hint.end = k + 1 < begins.size() ? std::min(begins[k + 1], cycle_end) : cycle_end;
  hint.offset = offsets[k];
  // A reading r with u = r - offset in [begin + d, end - d), d the largest offset difference,
  // lies in no other interval j: r - offsets[j] is within d of u, so it stays inside this one.
  const std::int64_t d = std::int64_t{max_offset} - min_offset;
  hint.sure_begin = add_saturated(hint.begin, d);
  hint.sure_end = sub_saturated(hint.end, d);
}

std::optional<ZoneTable> date_zone_table(std::string_view name) {
  const date::time_zone* tz = name.empty() ? nullptr : locate(name);
  if (tz == nullptr) return std::nullopt;
  return table_from_date(*tz);
}

Result<Zone> Zone::find(std::string_view name) {
  const date::time_zone* tz = name.empty() ? nullptr : locate(name);
  if (tz == nullptr) {
    return make_error(ErrorCode::kUnknownName, "unknown time zone '" + std::string(name) +
                                                   "'; use an IANA name such as 'Europe/Berlin'");
  }
  const ZoneTable* table = nullptr;
  try {
    table = table_for(*tz);
  } catch (...) {  // out of memory
    return make_error(ErrorCode::kIo, "time zone '" + std::string(name) + "' could not be loaded");
  }
  return Zone(table);
}

Zone Zone::utc() {
  static const Zone kUtc = [] {
    auto found = find("UTC");
    return found.ok() ? *found : Zone();
  }();
  return kUtc;
}

std::string_view Zone::name() const {
  if (table_ == nullptr) return "UTC";
  return table_->name;
}

LocalSeconds Zone::to_local(Instant t) const {
  const std::int64_t s = t.time_since_epoch().count();
  if (table_ == nullptr) return LocalSeconds(s);
  return LocalSeconds(add_saturated(s, table_->offset_at(s)));
}

Instant Zone::to_instant(LocalSeconds local) const {
  if (table_ == nullptr) return Instant(local);
  return Instant(std::chrono::seconds(table_->instant_of(local.count())));
}

LocalSeconds Zone::to_local_missed(Instant t, ZoneHint& hint) const {
  if (table_ == nullptr) return to_local(t);  // an empty hint never hits: UTC stays a miss
  table_->fill_hint(t.time_since_epoch().count(), hint);
  return to_local(t);
}

Instant Zone::to_instant_missed(LocalSeconds local, ZoneHint& hint) const {
  const Instant t = to_instant(local);
  if (table_ != nullptr) table_->fill_hint(t.time_since_epoch().count(), hint);
  return t;
}

std::int64_t Zone::offset_seconds(Instant t) const {
  if (table_ == nullptr) return 0;
  return table_->offset_at(t.time_since_epoch().count());
}

}  // namespace nudge::detail

namespace nudge {

bool is_known_zone(std::string_view name) {
  return !name.empty() && detail::locate(name) != nullptr;
}

}  // namespace nudge
