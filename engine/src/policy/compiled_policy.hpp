#pragma once
// A policy compiled at load into flat tables. The engine's hot path reads only these; it never
// sees TOML, and it knows no stage, event or rule by name.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "graph/stage_graph.hpp"
#include "nudge/time.hpp"
#include "time/calendar.hpp"

namespace nudge::detail {

struct PluginHandle;

using StageMask = std::uint64_t;  // one bit per stage (at most 64 stages)
inline constexpr std::size_t kMaxStages = 64;
inline constexpr std::uint8_t kNoSlot = 0xFF;

/// Where a rule's time is measured from.
enum class AnchorKind : std::uint8_t {
  kTrigger,       ///< when the rule was triggered (stage entered / event happened)
  kInterviewEnd,  ///< the application's interview_end
  kDecisionDate,  ///< 00:00 of the stated decision date in the candidate's zone
  kEvent,         ///< the last time an event happened (per recipient for per-recipient events)
  kRule,          ///< another rule's action for the same recipient: done time, else planned at
};

struct Anchor {
  AnchorKind kind = AnchorKind::kTrigger;
  std::uint16_t index = 0;  ///< event id or rule index
};

enum class Fanout : std::uint8_t {
  kEachInterviewer,  ///< one action per interviewer, in that interviewer's calendar
  kPrimary,          ///< the primary contact (primary = true, else the first interviewer)
  kCandidate,        ///< the candidate, in the candidate's calendar
};

enum class TriggerKind : std::uint8_t { kEnterStage, kEvent };

struct CompiledRule {
  std::string id;      ///< "R1"
  std::string action;  ///< "thank_you"
  std::string description;
  std::vector<std::string> implements;  ///< catalogue ids this rule carries out ("R2", "R19")
  std::string channel;
  std::string template_name;  ///< empty = no draft
  std::string source;         ///< file:line:column of the [[rule]] table

  bool enabled = true;
  bool optional = false;                ///< planned and released, but marked optional
  bool filtered_out = false;            ///< disabled by `industries`/`cultures` for this variant
  std::vector<std::string> industries;  ///< only for these industries (empty = all)
  std::vector<std::string> cultures;    ///< only for these cultures (empty = all)
  bool align = true;                    ///< align times to the recipient's send window
  bool scaled = false;                  ///< R7 scale factors apply to the offsets
  bool contact = true;  ///< contacts the employer: suppressed when no_contact is set
  TriggerKind trigger = TriggerKind::kEnterStage;
  std::uint16_t trigger_id = 0;  ///< stage id or event id
  StageMask stages = 0;          ///< active only while in these stages
  Fanout to = Fanout::kEachInterviewer;
  std::array<Anchor, 4> anchors{};  ///< first available wins
  std::uint8_t anchor_count = 1;
  Duration at;
  Duration deadline;
  EventId done_event = kNoEvent;       ///< the event that completes the action (after the trigger)
  std::vector<EventId> cancel_events;  ///< any of these after the trigger cancels the rule
  Duration repeat_every;               ///< spacing of further occurrences (amount 0 = none)
  std::uint8_t max_occurrences = 1;
  EventId limit_event = kNoEvent;  ///< active only while count(limit_event) < limit_max
  std::uint8_t limit_max = 0;
};

/// An event-level refusal (R6, R13, R17, R5 limits): checked before the transition.
struct CompiledGuard {
  std::string rule;     ///< the rule it enforces, named in the refusal
  std::string message;  ///< what the user is told
  std::string source;
  std::vector<EventId> events;
  StageMask allowed_stages = ~StageMask{0};  ///< refused outside these
  bool forbid_no_contact = false;            ///< refused once no_contact is set
  EventId requires_event = kNoEvent;         ///< refused unless this event happened before
  EventId count_event = kNoEvent;            ///< refused when count(count_event) >= max_count
  std::uint8_t max_count = 0;
  Duration min_spacing;  ///< refused within this of the last count_event (amount 0 = none)
};

/// A policy timing for a timed transition (overrides the graph's default delay and anchor).
struct CompiledTimer {
  std::string rule;
  std::string source;
  EventId event = kNoEvent;  ///< the timed event of the graph
  Duration after;
  /// The timer runs from the latest of these (kTrigger = entering the `from` stage).
  std::vector<Anchor> anchors;
};

/// Template text, per role.
struct TemplateSet {
  std::string name;
  std::string source;    ///< file:line:column of the default text
  std::string fallback;  ///< "default"
  std::vector<std::pair<std::string, std::string>> by_role;
  std::vector<std::string> role_sources;  ///< file:line:column of each by_role text
};

struct LintRule {
  std::string phrase;  ///< lowercase
  std::string reason;
};

/// Which per-application time slots the engine must keep, computed from the rules.
struct SlotLayout {
  std::vector<std::uint8_t> stage_slot;      ///< per stage: slot of "entered at" or kNoSlot
  std::vector<std::uint8_t> event_slot;      ///< per event: slot of "last at" or kNoSlot
  std::vector<std::uint8_t> recipient_slot;  ///< per event: per-recipient slot or kNoSlot
  std::vector<std::uint8_t> count_slot;      ///< per event: counter slot or kNoSlot
  std::uint8_t time_slots = 0;               ///< app-level int64 slots (stages + events)
  std::uint8_t recipient_slots = 0;          ///< per-recipient int64 slots, times interviewer count
  std::uint8_t counters = 0;                 ///< uint8 counters (event counts + repeat counts)
};

struct CompiledPolicy {
  explicit CompiledPolicy(StageGraph g) : graph(std::move(g)), machine(graph) {}

  std::string name;
  std::string description;
  std::vector<std::string> files;
  std::uint64_t hash = 0;
  std::string industry;  ///< the application group this policy was compiled for ("" = none)
  std::string culture;
  /// Plugins whose hooks run for applications under this policy, in stack order.
  std::vector<std::shared_ptr<const PluginHandle>> plugins;
  /// Problems with plugin hooks met while compiling (calendar hook errors), reported to hosts.
  std::vector<std::string> warnings;

  StageGraph graph;
  StageMachine machine;
  std::vector<std::string> allowed_events_text;  ///< per stage, for kNotAllowed messages
  std::vector<std::uint8_t> event_sets_flag;     ///< per event: flag bit set (0 = none)

  CalendarSpec calendar;  ///< defaults for every recipient (zone is replaced per person)
  double busy_factor = 1.0;
  double urgent_factor = 1.0;

  std::vector<CompiledRule> rules;  ///< in evaluation order (anchors before users)
  /// Per stage: the rules the planner evaluates there (in evaluation order): those planned
  /// in that stage, the rules their anchors read, and the rules that stage's timers read.
  std::vector<std::vector<std::uint16_t>> rules_for_stage;
  /// Per rule: release slots of the rules before it, as (per-interviewer rules, other rules);
  /// its first slot is `each_before * interviewers + single_before`.
  std::vector<std::pair<std::uint16_t, std::uint16_t>> slots_before;
  std::vector<std::uint16_t> rule_order;  ///< file order, for listing
  std::vector<CompiledGuard> guards;
  std::vector<CompiledTimer> timers;  ///< indexed like graph.timed(): one per timed edge
  std::vector<TemplateSet> templates;
  std::vector<LintRule> lint;
  std::uint32_t lint_max_words = 0;
  SlotLayout slots;
};

/// Application flag bits.
inline constexpr std::uint8_t kFlagBusy = 1;
inline constexpr std::uint8_t kFlagUrgent = 2;
inline constexpr std::uint8_t kFlagNoContact = 4;
/// Erased (Engine::erase): its id is free again, nothing of it is planned or released, and
/// snapshots leave it out; the record stays, inert, until a restore compacts the tables.
inline constexpr std::uint8_t kFlagErased = 8;

}  // namespace nudge::detail
