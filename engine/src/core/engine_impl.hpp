#pragma once
// The engine's private state, shared by engine.cpp (open/apply/advance/plan) and
// snapshot.cpp (snapshot/restore).

#include <string>
#include <unordered_map>
#include <vector>

#include "core/agenda.hpp"
#include "core/app_store.hpp"
#include "core/id_index.hpp"
#include "core/name_table.hpp"
#include "core/planner.hpp"
#include "nudge/engine.hpp"

namespace nudge {

struct Engine::Impl {
  explicit Impl(Policy p, Instant start);

  Policy policy;
  const detail::CompiledPolicy& cp;
  Instant clock;
  EngineStats stats;

  detail::StringPool pool;
  detail::CategoryTable categories;  ///< industries, cultures, roles: few, with 16-bit ids
  std::vector<detail::Zone> zones;
  std::unordered_map<std::string, std::uint16_t> zone_index;
  /// Event names -> ids; looked up with string_view, so apply allocates nothing.
  detail::NameTable event_index;

  std::vector<detail::AppRecord> apps;
  std::string ids;  ///< application ids, back to back
  detail::IdIndex index;
  std::vector<detail::InterviewerRec> interviewers;
  std::vector<LocalDate> holidays;
  std::vector<std::uint32_t> topics;
  std::vector<std::uint32_t> blob;
  std::vector<detail::BlobLayout> layouts;  ///< by interviewer count, 0..kMaxInterviewers
  /// The rules that entering each stage / each event triggers (their release counts reset).
  std::vector<std::vector<std::uint16_t>> triggered_by_stage, triggered_by_event;
  detail::Agenda agenda;

  detail::Planner planner;
  detail::PlanResult scratch;
  std::vector<std::uint32_t> saved_blob;  ///< apply works on a copy, committed on success

  std::string_view app_id(const detail::AppRecord& rec) const {
    return std::string_view(ids).substr(rec.id_offset, rec.id_length);
  }
  detail::AppView view(std::uint32_t slot);
  /// Asks the cache for an application's blob and interviewer records (its record must be
  /// at hand already, or this waits for it).
  void prefetch_data(std::uint32_t slot) const;
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
  /// Records an application's next due time, queueing it when it changed or was taken.
  void set_next_due(std::uint32_t slot, std::int64_t next, bool entry_taken);
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
  void reset_released(const detail::AppView& app, const std::vector<std::uint16_t>& rules);
  /// Releases due actions and fires timers of one application up to `now`.
  void process_due(std::uint32_t slot, std::int64_t now, std::vector<DueAction>& out);

  Action expand(const detail::AppView& app, const detail::PlanItem& item) const;
};

}  // namespace nudge
