#pragma once
// Compact per-application storage for one shard: fixed-size records, interned strings, and one
// uint32 arena holding each application's variable part (event times as offsets from the
// interview end, event counters, released counts per rule and recipient) laid out by the
// policy's SlotLayout. Nothing here allocates per event.

#include <cstdint>
#include <deque>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "nudge/time.hpp"
#include "policy/compiled_policy.hpp"
#include "time/zone.hpp"

namespace nudge::detail {

inline constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::min();
inline constexpr std::int32_t kNoDate = std::numeric_limits<std::int32_t>::min();
inline constexpr std::uint8_t kCandidate = 0xFF;
inline constexpr std::size_t kMaxInterviewers = 32;

/// Interned strings: repeated names (companies, roles, zones, topics) are stored once.
class StringPool {
 public:
  StringPool() { intern(""); }
  std::uint32_t intern(std::string_view text);
  std::string_view get(std::uint32_t id) const { return strings_[id]; }
  std::size_t bytes() const { return bytes_; }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::deque<std::string> strings_;
  std::unordered_map<std::string_view, std::uint32_t, Hash, std::equal_to<>> index_;
  std::size_t bytes_ = 0;
};

struct InterviewerRec {
  std::uint32_t name = 0;
  std::uint32_t role = 0;
  std::uint32_t topics = 0;    ///< offset into AppStore::topics_
  std::uint32_t holidays = 0;  ///< offset into AppStore::holidays_
  std::uint16_t zone = 0;
  std::uint8_t topic_count = 0;
  std::uint8_t workdays = 0;
  std::uint16_t holiday_count = 0;
};

/// One of an application's most recent events, kept exactly to recognise a repeated report.
struct RecentEvent {
  std::uint32_t at = 0;  ///< seconds after the interview end
  std::uint16_t event = 0xFFFF;
  std::uint8_t recipient = 0;
};

struct AppRecord {
  std::int64_t interview_end = 0;  ///< absolute; every stored time is relative to it
  std::int64_t next_due = kNever;  ///< absolute; the agenda entry with this time is the live one
  std::uint32_t id_offset = 0;     ///< into the engine's id arena
  std::uint32_t first_interviewer = 0;
  std::uint32_t blob = 0;  ///< offset into the engine's blob
  std::uint32_t position = 0;
  std::uint32_t company = 0;
  std::uint32_t industry = 0;
  std::uint32_t culture = 0;
  std::uint32_t events = 0;
  std::uint32_t last_event_at = 0;  ///< relative
  std::int32_t decision_date = kNoDate;
  RecentEvent recent[3];
  std::uint16_t stage = 0;
  std::uint16_t candidate_zone = 0;
  std::uint8_t id_length = 0;
  std::uint8_t interviewer_count = 0;
  std::uint8_t primary = 0;
  std::uint8_t flags = 0;
  std::uint8_t recent_head = 0;
};

/// Times in the blob are seconds after the interview end; this marks "never happened".
inline constexpr std::uint32_t kNeverRel = 0xFFFFFFFF;
/// The latest storable time after the interview end (about 136 years).
inline constexpr std::int64_t kMaxRel = 0xFFFFFFFE;

/// Where an application's variable data sits inside its blob (32-bit words).
struct BlobLayout {
  std::uint32_t times = 0;       ///< app-level times
  std::uint32_t recipients = 0;  ///< per-recipient times: slot * n + recipient
  std::uint32_t counters = 0;    ///< packed uint8 event counters
  std::uint32_t released = 0;    ///< packed uint8 released counts, one per rule and recipient
  std::uint32_t words = 0;       ///< total words

  static BlobLayout of(const CompiledPolicy& policy, std::size_t interviewers);
};

/// Number of (rule, recipient) release slots an application needs.
std::size_t release_slots(const CompiledPolicy& policy, std::size_t interviewers);

}  // namespace nudge::detail
