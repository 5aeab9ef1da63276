#pragma once
// Compact per-application storage for one shard: fixed-size records, interned strings, and one
// uint32 arena holding each application's variable part (event times as offsets from the
// interview end, event counters, released counts per rule and recipient) laid out by the
// policy's SlotLayout. Nothing here allocates per event.

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "nudge/limits.hpp"
#include "nudge/time.hpp"
#include "policy/compiled_policy.hpp"
#include "time/zone.hpp"

namespace nudge::detail {

inline constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::min();
inline constexpr std::int32_t kNoDate = std::numeric_limits<std::int32_t>::min();
inline constexpr std::uint8_t kCandidate = 0xFF;
inline constexpr std::size_t kMaxInterviewers = limits::kMaxInterviewers;

/// Seconds since the epoch of an instant, and back: the engine stores and compares seconds.
inline std::int64_t seconds_of(Instant t) { return t.time_since_epoch().count(); }
inline Instant instant_of(std::int64_t seconds) { return Instant{std::chrono::seconds{seconds}}; }

/// Interned strings: repeated names (companies, roles, zones, topics) are stored once, back
/// to back in one buffer, each behind a 1-4 byte length; a string's id is its offset there.
/// Found through an open-addressing table of ids (about 6 bytes per distinct string beside
/// its text and length). A view from `get` lasts until the next intern.
class StringPool {
 public:
  StringPool() { intern(""); }
  std::uint32_t intern(std::string_view text);
  std::string_view get(std::uint32_t id) const;

 private:
  void grow();
  std::string text_;
  std::vector<std::uint32_t> table_;  ///< id + 1, 0 = empty
  std::size_t count_ = 0;
};

/// A few distinct names (industries, cultures, roles) numbered 0, 1, 2, ... for 16-bit ids.
class CategoryTable {
 public:
  CategoryTable() { intern(""); }
  std::uint32_t intern(std::string_view name) {
    const std::uint32_t offset = pool_.intern(name);
    auto [it, added] = index_.emplace(offset, static_cast<std::uint32_t>(names_.size()));
    if (added) names_.push_back(offset);
    return it->second;
  }
  std::string_view get(std::uint32_t id) const { return pool_.get(names_[id]); }

 private:
  StringPool pool_;
  std::vector<std::uint32_t> names_;                        ///< id -> pool offset
  std::unordered_map<std::uint32_t, std::uint32_t> index_;  ///< pool offset -> id
};

struct InterviewerRec {
  std::uint32_t name = 0;      ///< StringPool id
  std::uint32_t topics = 0;    ///< offset into the engine's topic ids
  std::uint32_t holidays = 0;  ///< offset into the engine's holiday dates
  std::uint16_t role = 0;      ///< category id
  std::uint16_t zone = 0;
  std::uint16_t holiday_count = 0;
  std::uint8_t topic_count = 0;
  std::uint8_t workdays = 0;
};

/// One of an application's most recent events, kept exactly to recognise a repeated report.
struct RecentEvent {
  std::uint32_t at = 0;  ///< seconds after the interview end
  std::uint16_t event = 0xFFFF;
  std::uint8_t recipient = 0;
};

/// The next due time as the agenda sees it: seconds from the interview end, clamped to 32 bits
/// (kNoDue = nothing due). It only tells a live agenda entry from a stale one.
inline constexpr std::int32_t kNoDue = std::numeric_limits<std::int32_t>::min();

/// One application: 72 bytes; its variable part lives in the blob.
struct AppRecord {
  std::int64_t interview_end = 0;  ///< absolute; every stored time is relative to it
  std::int32_t next_due = kNoDue;  ///< due_key() of the live agenda entry
  std::uint32_t id_offset = 0;     ///< into the engine's id arena
  std::uint32_t first_interviewer = 0;
  std::uint32_t blob = 0;           ///< offset into the engine's blob
  std::uint32_t position = 0;       ///< StringPool id
  std::uint32_t company = 0;        ///< StringPool id
  std::uint32_t last_event_at = 0;  ///< relative
  std::int32_t decision_date = kNoDate;
  RecentEvent recent[2];
  std::uint16_t events = 0;  ///< events applied (saturates at 65535)
  std::uint16_t stage = 0;
  std::uint16_t candidate_zone = 0;
  std::uint16_t variant = 0;  ///< the application's group (industry, culture, overrides)
  /// With queued_hi, a 24-bit count of seconds (0 = none): while an event has moved
  /// `next_due` earlier (Engine::Impl::mark_changed), the planned entry it replaced is still
  /// queued at `next_due` + this many seconds; when the event's plan finds that time again,
  /// that entry serves instead of a second one.
  std::uint16_t queued_lo = 0;
  std::uint8_t id_length = 0;
  std::uint8_t interviewer_count = 0;
  std::uint8_t primary = 0;
  std::uint8_t flags = 0;
  std::uint8_t recent_head = 0;
  std::uint8_t queued_hi = 0;

  static constexpr std::int64_t kMaxQueued = (std::int64_t{1} << 24) - 1;
  std::int64_t queued() const { return std::int64_t{queued_hi} << 16 | queued_lo; }
  void set_queued(std::int64_t delta) {
    queued_lo = static_cast<std::uint16_t>(delta);
    queued_hi = static_cast<std::uint8_t>(delta >> 16);
  }

  /// The 32-bit key of an absolute due time `t` (kNever -> kNoDue).
  std::int32_t due_key(std::int64_t t) const {
    if (t == kNever) return kNoDue;
    return static_cast<std::int32_t>(
        std::clamp<std::int64_t>(t - interview_end, std::numeric_limits<std::int32_t>::min() + 1,
                                 std::numeric_limits<std::int32_t>::max()));
  }
};
static_assert(sizeof(AppRecord) == 72, "keep the application record compact");
static_assert(sizeof(InterviewerRec) == 20, "keep the interviewer record compact");

/// Times in the blob are seconds after the interview end; this marks "never happened".
inline constexpr std::uint32_t kNeverRel = 0xFFFFFFFF;
/// The latest storable time after the interview end (about 136 years).
inline constexpr std::int64_t kMaxRel = 0xFFFFFFFE;

/// The range of interview ends and of the engine's clock (Engine::open, Engine::advance):
/// every time nudge derives from them stays a four-digit year (RFC 3339) inside the zone tables.
inline constexpr Instant kEarliestSupported{std::chrono::sys_days{std::chrono::year{1900} / 1 / 1}};
inline constexpr Instant kEndOfSupported{std::chrono::sys_days{std::chrono::year{9000} / 1 / 1}};

/// Where an application's variable data sits inside its blob (32-bit words).
struct BlobLayout {
  std::uint32_t times = 0;       ///< app-level times
  std::uint32_t recipients = 0;  ///< per-recipient times: slot * n + recipient
  std::uint32_t counters = 0;    ///< packed uint8 event counters
  std::uint32_t released = 0;    ///< packed 4-bit released counts, one per rule and recipient
  std::uint32_t words = 0;       ///< total words

  static BlobLayout of(const CompiledPolicy& policy, std::size_t interviewers);
};

/// Number of (rule, recipient) release slots an application needs.
std::size_t release_slots(const CompiledPolicy& policy, std::size_t interviewers);

}  // namespace nudge::detail
