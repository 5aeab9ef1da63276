#pragma once
// The engine's private state, shared by engine.cpp (open/apply/advance/plan) and
// snapshot.cpp (snapshot/restore).

#include <array>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/agenda.hpp"
#include "core/app_store.hpp"
#include "core/id_index.hpp"
#include "core/name_table.hpp"
#include "core/planner.hpp"
#include "nudge/engine.hpp"
#include "nudge/plugin_abi.h"
#include "nudge/stack.hpp"

namespace nudge {

struct Engine::Impl {
  explicit Impl(PolicyStack s, Instant start);

  /// One application group's compiled policy (industry, culture, overrides) and what the
  /// engine derives from it once: its planner and blob layouts. Applications record the
  /// index of theirs; every group shares the base's stage graph.
  struct Variant {
    explicit Variant(Policy p) : policy(std::move(p)) {}
    Policy policy;
    const detail::CompiledPolicy* cp = nullptr;
    std::unique_ptr<detail::Planner> planner;
    std::array<detail::BlobLayout, detail::kMaxInterviewers + 1> layouts{};
    std::string industry;
    std::string culture;
    std::string overrides;
    std::string overrides_source;
    bool has_adjust = false;
    bool has_review = false;
    /// The rules that entering each stage / each event triggers (their release counts reset).
    std::vector<std::vector<std::uint16_t>> triggered_by_stage, triggered_by_event;
    /// Per (stage, event), `stage * events + event`: how long after the event its plan can
    /// differ from the plan before it (replan_bounds.hpp; kNoReplan: never, the event only
    /// retires actions). `apply` makes the application due then, not at the event.
    std::vector<std::int64_t> replan_after;
  };

  PolicyStack stack;
  Policy policy;                     ///< the base group's policy
  const detail::CompiledPolicy& cp;  ///< the base group's: the stage graph, shared by all
  Instant clock;
  EngineStats stats;
  std::vector<std::unique_ptr<Variant>> variants;
  std::unordered_map<std::string, std::uint16_t> variant_index;
  std::vector<Diagnostic> diagnostics;

  // Plugin call scratch (sized once, so hooks cost no allocation per event).
  std::vector<nudge_action> hook_actions;
  std::vector<nudge_action> hook_backup;
  std::vector<nudge_person> hook_people;

  detail::StringPool pool;
  detail::CategoryTable categories;  ///< industries, cultures, roles: few, with 16-bit ids
  std::vector<detail::Zone> zones;
  std::unordered_map<std::string, std::uint16_t> zone_index;
  /// Event names -> ids; looked up with string_view, so apply allocates nothing.
  detail::NameTable event_index;

  std::vector<detail::AppRecord> apps;
  std::size_t erased = 0;  ///< records of erased applications among `apps` (kFlagErased)
  std::string ids;         ///< application ids, back to back
  detail::IdIndex index;
  std::vector<detail::InterviewerRec> interviewers;
  std::vector<LocalDate> holidays;
  std::vector<std::uint32_t> topics;
  std::vector<std::uint32_t> blob;
  detail::Agenda agenda;

  detail::PlanResult scratch;
#ifdef NUDGE_CHECK_INCREMENTAL
  detail::PlanResult check_before, check_after;  ///< apply's cross-check of skipped plans
#endif
  std::vector<DueAction> out_of_order;        ///< advance's sort: scratch for released actions
  std::vector<std::uint32_t> release_counts;  ///< advance's sort: radix buckets

  std::string_view app_id(const detail::AppRecord& rec) const {
    return std::string_view(ids).substr(rec.id_offset, rec.id_length);
  }
  detail::AppView view(std::uint32_t slot);
  Variant& variant_of(const detail::AppRecord& rec) const { return *variants[rec.variant]; }
  /// The group an application of this context belongs to (compiling its policy the first
  /// time); nothing changes when it fails.
  Result<std::uint16_t> variant_for(const ApplicationContext& context);
  /// Plans an application with its group's planner, then lets its plugins adjust the plan.
  /// `earliest_only`: Planner::plan's scheduling mode (not with adjust hooks: they see all).
  void plan_app(const detail::AppView& app, detail::PlanResult& out, bool explain,
                std::int64_t deadline_until, bool earliest_only = false);
  /// Removes the actions an adjust hook suppressed from `hook_actions` and `out`.
  void drop_suppressed(detail::PlanResult& out, bool explain);
  /// Builds the plugin view of an application (strings point into the engine's tables).
  nudge_app plugin_app(const detail::AppView& app);
  /// The plugin view of a planned action.
  nudge_action plugin_action(const Variant& v, const detail::PlanItem& item) const;
  enum class Review : std::uint8_t { kRelease, kHold, kRefuse };
  /// Asks the group's plugins whether a due action may go out now; kHold sets `hold_until`.
  Review review(const detail::AppView& app, const Variant& v, const detail::PlanItem& item,
                std::int64_t now, std::int64_t& hold_until);
  /// Records a plugin problem for the host (Engine::take_diagnostics).
  void report(std::string plugin_error, const detail::AppView& app, std::string action);
  /// Asks the cache for an application's blob and interviewer records (its record must be
  /// at hand already, or this waits for it).
  void prefetch_data(std::uint32_t slot) const;
  /// Asks for 2 MB pages for the large tables (common/huge_pages.hpp); again whenever one of
  /// them has grown since (tables_capacity changed).
  void advise_tables();
  std::size_t tables_capacity() const {
    return apps.capacity() + interviewers.capacity() + blob.capacity() + ids.capacity() +
           index.bytes();
  }
  std::size_t advised_capacity = 0;  ///< tables_capacity() when advise_tables last ran
  Result<std::uint16_t> zone_id(std::string_view name);
  Result<std::uint16_t> category_id(std::string_view name);
  Result<std::uint32_t> find_app(std::string_view id) const;

  /// Checks a context as `open` promises (id, interviewers, primary, zone, decision date).
  Status check_context(const ApplicationContext& context) const;
  /// Adds an application (checked with check_context) and returns its slot.
  Result<std::uint32_t> add(const ApplicationContext& context);
  /// Recomputes an application's next due time and queues it when it changed (or always,
  /// when the caller just took the application's entry off the agenda).
  void reschedule(std::uint32_t slot, bool entry_taken = false);
  /// Makes a changed application due at `t` at the latest, so the next advance past `t`
  /// re-plans it.
  void mark_changed(std::uint32_t slot, std::int64_t t);
#ifdef NUDGE_CHECK_INCREMENTAL
  /// Aborts unless every action and timer of `app`'s plan now is one of `before` or falls at
  /// `not_before` or later (an event at `event_at` deferred its plan to then).
  void check_deferred(const detail::AppView& app, const detail::PlanResult& before,
                      std::int64_t event_at, std::int64_t not_before);
  /// Aborts unless `pruned` (a plan with earliest_only) has the full plan's items due by
  /// `now` and its earliest later time and timer.
  void check_earliest_only(const detail::AppView& app, const detail::PlanResult& pruned,
                           std::int64_t now);
#endif
  /// Records an application's next due time, queueing it when it changed or was taken.
  void set_next_due(std::uint32_t slot, std::int64_t next, bool entry_taken);
  /// Queues an agenda entry (compacting the agenda first when it is full).
  void push_due(std::uint32_t slot, std::int64_t at);
  /// True while an agenda entry is its application's next due time.
  bool live(const detail::AgendaEntry& e) const {
    const detail::AppRecord& rec = apps[e.app];
    return rec.next_due != detail::kNoDue && rec.next_due == rec.due_key(e.at);
  }
  /// Moves an application into `to` at `t` (resets the rules that entering `to` triggers).
  void enter_stage(const detail::AppView& app, detail::StageId to, std::int64_t t);
  /// Records that `event` happened at `t` (times, counters, flags, rule resets).
  void record_event(const detail::AppView& app, detail::EventId event, std::uint8_t recipient,
                    std::int64_t t);
  /// Sets the release counts of `rules` (indices) back to 0 for every recipient.
  void reset_released(const detail::AppView& app, const detail::CompiledPolicy& pol,
                      const std::vector<std::uint16_t>& rules);
  /// Releases due actions and fires timers of one application up to `now`.
  void process_due(std::uint32_t slot, std::int64_t now, std::vector<DueAction>& out);

  Action expand(const detail::AppView& app, const detail::PlanItem& item) const;
};

}  // namespace nudge
