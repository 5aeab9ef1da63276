#pragma once
// The planner: a pure function from one application's state to its pending actions and its
// next timed transition. Every rule is evaluated from absolute anchors, so a restored or
// replayed application plans exactly the same times. No allocation once the scratch is sized.

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/app_store.hpp"
#include "policy/compiled_policy.hpp"
#include "time/calendar.hpp"

namespace nudge::detail {

struct PlanItem {
  std::uint16_t rule = 0;
  std::uint8_t recipient = 0;  ///< interviewer index or kCandidate
  std::uint8_t occurrence = 0;
  std::uint32_t slot = 0;  ///< release slot of (rule, recipient)
  std::int64_t trigger = 0;
  std::int64_t at = 0;
  std::int64_t deadline = 0;
  std::int64_t raw_at = 0;   ///< `at` before alignment to the send window
  bool date_anchor = false;  ///< days counted in the candidate's calendar (a date anchor)
};

/// The read-only context a planner needs besides the policy.
struct ShardTables {
  const std::vector<Zone>* zones = nullptr;
  const std::vector<LocalDate>* holidays = nullptr;  ///< interviewers' own holidays
};

/// One application, as the planner sees it: accessors over its record and blob.
struct AppView {
  AppRecord* rec = nullptr;
  std::uint32_t* blob = nullptr;
  const InterviewerRec* interviewers = nullptr;
  BlobLayout layout;

  std::int64_t absolute(std::uint32_t rel) const {
    return rel == kNeverRel ? kNever : rec->interview_end + rel;
  }
  std::uint32_t relative(std::int64_t t) const {
    return static_cast<std::uint32_t>(std::clamp<std::int64_t>(t - rec->interview_end, 0, kMaxRel));
  }
  std::int64_t time(std::uint8_t slot) const { return absolute(blob[layout.times + slot]); }
  void set_time(std::uint8_t slot, std::int64_t t) const {
    blob[layout.times + slot] = relative(t);
  }
  std::int64_t recipient_time(std::uint8_t slot, std::size_t r) const {
    return absolute(blob[layout.recipients + slot * rec->interviewer_count + r]);
  }
  void set_recipient_time(std::uint8_t slot, std::size_t r, std::int64_t t) const {
    blob[layout.recipients + slot * rec->interviewer_count + r] = relative(t);
  }
  std::uint8_t counter(std::uint8_t slot) const { return byte(layout.counters, slot); }
  void bump_counter(std::uint8_t slot) const {
    if (counter(slot) < 255)
      set_byte(layout.counters, slot, static_cast<std::uint8_t>(counter(slot) + 1));
  }
  /// How many occurrences of a (rule, recipient) slot were released since its trigger (a
  /// 4-bit count: a rule repeats at most 15 times).
  std::uint8_t released(std::uint32_t slot) const {
    return static_cast<std::uint8_t>((blob[layout.released + slot / 8] >> (4 * (slot % 8))) & 0xF);
  }
  void set_released(std::uint32_t slot, std::uint8_t count) const {
    std::uint32_t& w = blob[layout.released + slot / 8];
    const std::uint32_t shift = 4 * (slot % 8);
    w = (w & ~(0xFu << shift)) | (std::uint32_t{count & 0xFu} << shift);
  }

 private:
  std::uint8_t byte(std::uint32_t base, std::uint32_t i) const {
    return static_cast<std::uint8_t>(blob[base + i / 4] >> (8 * (i % 4)));
  }
  void set_byte(std::uint32_t base, std::uint32_t i, std::uint8_t v) const {
    std::uint32_t& w = blob[base + i / 4];
    const std::uint32_t shift = 8 * (i % 4);
    w = (w & ~(0xFFu << shift)) | (std::uint32_t{v} << shift);
  }
};

struct PlanResult {
  std::vector<PlanItem> items;                ///< pending (not released, not done) actions
  std::int64_t next_timer = kNever;           ///< when the next timed transition fires
  std::uint16_t next_timer_index = 0;         ///< which (index into graph.timed())
  std::vector<std::vector<std::string>> why;  ///< per item, when explaining
};

class Planner {
 public:
  Planner(const CompiledPolicy& policy, ShardTables tables);
  /// Fills `out` for `app`. With `explain`, also the reasons for each item's time. Deadlines
  /// are computed for items due at or before `deadline_until` (all when explaining); the
  /// others carry their `at` as deadline, since scheduling needs only `at`. With
  /// `earliest_only` (scheduling: not with `explain`), the items due after `deadline_until`
  /// may be left out, all but the earliest: a rule no other rule reads is not aligned when
  /// its unaligned time is already no earlier than an item found before it (alignment only
  /// moves times later).
  void plan(const AppView& app, PlanResult& out, bool explain = false,
            std::int64_t deadline_until = kNever, bool earliest_only = false);
  /// The calendar of interviewer `r` (or kCandidate).
  CalendarView calendar_of(const AppView& app, std::uint8_t r) const;
  /// For an item of the last `plan` (same application, nothing changed since) that was just
  /// released: kNoFurther when the release changes no other planned time and leaves no
  /// occurrence to plan; the time of its next occurrence when that occurrence is the only
  /// time the release changes (no other rule or timer reads this rule's time); kNever when a
  /// new plan is needed to know.
  std::int64_t next_occurrence(const PlanItem& item) const;
  static constexpr std::int64_t kNoFurther = std::numeric_limits<std::int64_t>::max();

 private:
  struct AnchorValue {
    std::int64_t t = kNever;
    bool date_anchor = false;
  };
  AnchorValue resolve_anchor(const AppView& app, const CompiledRule& rule, const Anchor& a,
                             std::uint8_t r, std::int64_t trigger, bool explain) const;
  std::int64_t rule_result(const AppView& app, std::uint16_t rule, std::uint8_t r) const;
  /// calendar_of, written into `cal`.
  void fill_calendar(const AppView& app, std::uint8_t r, CalendarView& cal) const;
  /// resolve_anchor's time for every kind but kDecisionDate, without explanation.
  std::int64_t anchor_time(const AppView& app, const Anchor& a, std::uint8_t r,
                           std::int64_t trigger) const;

  const CompiledPolicy& policy_;
  ShardTables tables_;
  std::vector<std::int64_t> results_;  // [rule][recipient slot 0..kMaxInterviewers]
  std::vector<std::uint8_t>
      read_by_others_;  // per rule: 1 when another rule or a timer anchors to it
  // The calendars of the application being planned: interviewers, then the candidate.
  std::array<CalendarView, kMaxInterviewers + 1> calendars_{};
  std::vector<ZoneHint> zone_hints_;   // per zone id: the last offset interval met there
  mutable std::string label_;          // the last anchor's explanation, when explaining
  AlignTrace trace_, deadline_trace_;  // an item's shifts, when explaining
};

/// `t + d * factor` in calendar `cal` (days scale to whole days plus minutes).
Instant add_scaled(const CalendarView& cal, Instant t, Duration d, double factor);

}  // namespace nudge::detail
