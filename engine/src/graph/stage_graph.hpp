#pragma once
// The stage graph: stages, events, transitions and timed transitions, validated with
// Boost.Graph (reachability from the initial stage, every open stage can reach an end, nothing
// leaves a terminal stage) and exported as DOT. The graph is data: no stage is known by name.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nudge/result.hpp"
#include "nudge/time.hpp"

namespace nudge::detail {

using StageId = std::uint16_t;
using EventId = std::uint16_t;
inline constexpr StageId kNoStage = 0xFFFF;
inline constexpr EventId kNoEvent = 0xFFFF;

/// Where a definition came from, for error messages ("stages.toml:12:1"); may be empty.
struct SourceRef {
  std::string text;
};

struct StageDef {
  std::string name;
  std::string description;
  bool terminal = false;
  SourceRef source;
};

struct EventDef {
  std::string name;
  std::string description;
  bool per_recipient = false;  ///< the event names one interviewer (e.g. thank_you_sent)
  bool timed = false;          ///< fired by the engine's clock (a timed transition's event)
  std::string sets_flag;       ///< application flag the event sets ("no_contact"), or empty
  SourceRef source;
};

/// `from --event--> to`; a self-loop (`to == from`) records the event without a stage change.
struct TransitionDef {
  StageId from = kNoStage;
  EventId event = kNoEvent;
  StageId to = kNoStage;
  SourceRef source;
};

/// `from --(after `after` in `from`)--> to`, fired as `event`. Policies may re-time it.
struct TimedTransitionDef {
  StageId from = kNoStage;
  EventId event = kNoEvent;
  StageId to = kNoStage;
  Duration after;
  SourceRef source;
};

/// The unvalidated content of a graph file, names already resolved to ids by the loader.
struct StageGraphSpec {
  std::string name;
  std::string source_file;  ///< for messages
  StageId initial = kNoStage;
  std::vector<StageDef> stages;
  std::vector<EventDef> events;
  std::vector<TransitionDef> transitions;
  std::vector<TimedTransitionDef> timed;
};

class StageGraph {
 public:
  /// Validates `spec`: at least one stage and one terminal stage, an initial stage, no
  /// duplicate stage or event names, no duplicate (from, event), no transition out of a
  /// terminal stage, every stage reachable from the initial stage, every non-terminal stage able
  /// to reach a terminal stage. Errors (kInvalidGraph) name the stage/event and its source.
  static Result<StageGraph> build(StageGraphSpec spec);

  const std::string& name() const { return spec_.name; }
  const std::string& source_file() const { return spec_.source_file; }
  StageId initial() const { return spec_.initial; }
  const std::vector<StageDef>& stages() const { return spec_.stages; }
  const std::vector<EventDef>& events() const { return spec_.events; }
  const std::vector<TransitionDef>& transitions() const { return spec_.transitions; }
  const std::vector<TimedTransitionDef>& timed() const { return spec_.timed; }

  std::optional<StageId> find_stage(std::string_view name) const;
  std::optional<EventId> find_event(std::string_view name) const;
  const std::string& stage_name(StageId id) const { return spec_.stages.at(id).name; }
  const std::string& event_name(EventId id) const { return spec_.events.at(id).name; }
  bool is_terminal(StageId id) const { return spec_.stages.at(id).terminal; }

  /// Graphviz DOT: stages as nodes (terminal ones doubled), transitions labelled with their
  /// event, timed transitions dashed and labelled "event (after 14d)". Deterministic output.
  /// `delays`, when given, replaces the timed transitions' delays (a policy's re-timing).
  std::string to_dot(const std::vector<Duration>* delays = nullptr) const;
  /// A stable 64-bit FNV-1a hash of the canonical content (names, flags, edges, delays);
  /// computed once, when the graph is built (engines compare it for every policy group).
  std::uint64_t content_hash() const { return hash_; }

 private:
  explicit StageGraph(StageGraphSpec spec) : spec_(std::move(spec)), hash_(hash_content()) {}
  std::uint64_t hash_content() const;
  StageGraphSpec spec_;
  std::uint64_t hash_;
};

/// The graph compiled to a dense `[stage][event] -> stage` table for O(1) dispatch.
class StageMachine {
 public:
  StageMachine() = default;
  explicit StageMachine(const StageGraph& graph);
  /// The stage after `event` in `from`, or kNoStage when the event is not allowed there.
  StageId next(StageId from, EventId event) const {
    return table_[static_cast<std::size_t>(from) * event_count_ + event];
  }
  std::size_t stage_count() const { return stage_count_; }
  std::size_t event_count() const { return event_count_; }

 private:
  std::vector<StageId> table_;
  std::size_t stage_count_ = 0;
  std::size_t event_count_ = 0;
};

/// Loads and validates a stage graph TOML file (the format of policies/stages.toml).
Result<StageGraph> load_stage_graph_file(const std::string& path);
/// Same from text; `source` names the text in messages.
Result<StageGraph> parse_stage_graph(std::string_view text, std::string_view source);

}  // namespace nudge::detail
