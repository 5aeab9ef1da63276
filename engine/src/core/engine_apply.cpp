// Engine::open and Engine::apply: validated changes to one application, all or nothing.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iterator>

#include "core/engine_impl.hpp"
#include "core/replan_bounds.hpp"
#include "time/calendar.hpp"

namespace nudge {

using namespace detail;  // NOLINT(google-build-using-namespace): private implementation file

namespace {

// A decision date `open` and `set_decision_date` accept: not before the day the interview
// ended in the candidate's zone, and before 9000-01-01.
Status check_decision_date(LocalDate date, Instant interview_end, const Zone& zone) {
  if (Instant{date} >= kEndOfSupported) {
    return make_error(ErrorCode::kInvalidArgument,
                      "decision_date " + format_date(date) +
                          " is outside the supported range (before 9000-01-01)");
  }
  CalendarView cal;
  cal.zone = &zone;
  const LocalDate interview_day = cal.local_date(interview_end);
  if (date < interview_day) {
    return make_error(ErrorCode::kInvalidArgument,
                      "decision_date " + format_date(date) + " is before the interview ended (" +
                          format_date(interview_day) + " in " + std::string(zone.name()) +
                          "); give the date the employer stated, or leave it out");
  }
  return {};
}

std::string names_of(const AppView& app, const StringPool& pool) {
  std::string out;
  for (std::size_t i = 0; i < app.rec->interviewer_count; ++i) {
    out += (i ? ", " : "") + std::string(pool.get(app.interviewers[i].name));
  }
  return out;
}

}  // namespace

#ifdef NUDGE_CHECK_INCREMENTAL
void Engine::Impl::check_deferred(const AppView& app, const PlanResult& before,
                                  std::int64_t event_at, std::int64_t not_before) {
  // The plan after the event may differ from the plan before it only at `not_before` or
  // later; otherwise deferring its plan to then could release something late. (Deferred to
  // the event itself, it is planned as at every event: nothing to check.)
  if (not_before == event_at) return;
  plan_app(app, check_after, /*explain=*/false, kNever);
  auto same = [](const PlanItem& a, const PlanItem& b) {
    return a.rule == b.rule && a.recipient == b.recipient && a.occurrence == b.occurrence &&
           a.slot == b.slot && a.trigger == b.trigger && a.at == b.at && a.deadline == b.deadline &&
           a.raw_at == b.raw_at;
  };
  const std::string_view id = app_id(*app.rec);
  auto fail = [&](const std::string& what, std::int64_t t) {
    std::fprintf(stderr,
                 "nudge: NUDGE_CHECK_INCREMENTAL: an event of '%.*s' deferred its plan to %s, "
                 "but %s is at %s\n",
                 static_cast<int>(id.size()), id.data(),
                 format_rfc3339(instant_of(not_before), "UTC").c_str(), what.c_str(),
                 format_rfc3339(instant_of(t), "UTC").c_str());
    std::abort();
  };
  if (check_after.next_timer != kNever && check_after.next_timer < not_before &&
      (check_after.next_timer != before.next_timer ||
       check_after.next_timer_index != before.next_timer_index)) {
    fail("a new timed transition", check_after.next_timer);
  }
  for (const PlanItem& item : check_after.items) {
    if (item.at < not_before && std::none_of(before.items.begin(), before.items.end(),
                                             [&](const PlanItem& b) { return same(item, b); })) {
      fail("a new or moved " + variant_of(*app.rec).cp->rules[item.rule].id, item.at);
    }
  }
}
#endif

Result<std::uint32_t> Engine::Impl::add(const ApplicationContext& c) {
  auto cand_zone = zone_id(c.candidate_zone);
  if (!cand_zone) return std::move(cand_zone).error();
  AppRecord rec;
  rec.candidate_zone = *cand_zone;
  std::vector<InterviewerRec> ivs;
  for (const Interviewer& iv : c.interviewers) {
    InterviewerRec r;
    r.name = pool.intern(iv.name);
    auto role = category_id(iv.role);
    if (!role) return std::move(role).error();
    r.role = *role;
    auto z = zone_id(iv.zone.empty() ? c.candidate_zone : iv.zone);
    if (!z) {
      return make_error(z.error().code, "interviewer '" + iv.name + "': " + z.error().message);
    }
    r.zone = *z;
    if (iv.topics.size() > 255 || iv.holidays.size() > 4096) {
      return make_error(ErrorCode::kInvalidArgument,
                        "interviewer '" + iv.name + "': at most 255 topics and 4096 holidays");
    }
    for (const auto& day : iv.workdays) {
      auto bit = parse_weekday(day);
      if (!bit)
        return make_error(bit.error().code,
                          "interviewer '" + iv.name + "': " + bit.error().message);
      r.workdays = static_cast<std::uint8_t>(r.workdays | *bit);
    }
    ivs.push_back(r);
  }
  auto variant = variant_for(c);
  if (!variant) return std::move(variant).error();
  // Nothing can fail below: commit.
  const auto slot = static_cast<std::uint32_t>(apps.size());
  rec.id_offset = static_cast<std::uint32_t>(ids.size());
  rec.id_length = static_cast<std::uint8_t>(c.id.size());
  ids += c.id;
  rec.position = pool.intern(c.position);
  rec.company = pool.intern(c.company);
  rec.variant = *variant;
  rec.interview_end = seconds_of(c.interview_end);
  rec.last_event_at = 0;
  if (c.decision_date)
    rec.decision_date = static_cast<std::int32_t>(c.decision_date->time_since_epoch().count());
  rec.flags = static_cast<std::uint8_t>((c.busy ? kFlagBusy : 0) | (c.urgent ? kFlagUrgent : 0) |
                                        (c.no_contact ? kFlagNoContact : 0));
  rec.interviewer_count = static_cast<std::uint8_t>(ivs.size());
  rec.primary = 0;
  for (std::size_t i = 0; i < c.interviewers.size(); ++i) {
    if (c.interviewers[i].primary) rec.primary = static_cast<std::uint8_t>(i);
  }
  rec.first_interviewer = static_cast<std::uint32_t>(interviewers.size());
  for (std::size_t i = 0; i < ivs.size(); ++i) {
    const Interviewer& iv = c.interviewers[i];
    ivs[i].topics = static_cast<std::uint32_t>(topics.size());
    ivs[i].topic_count = static_cast<std::uint8_t>(iv.topics.size());
    for (const auto& t : iv.topics) topics.push_back(pool.intern(t));
    std::vector<LocalDate> own = iv.holidays;
    std::sort(own.begin(), own.end());
    own.erase(std::unique(own.begin(), own.end()), own.end());
    ivs[i].holidays = static_cast<std::uint32_t>(holidays.size());
    ivs[i].holiday_count = static_cast<std::uint16_t>(own.size());
    holidays.insert(holidays.end(), own.begin(), own.end());
    interviewers.push_back(ivs[i]);
  }
  const CompiledPolicy& pol = *variants[*variant]->cp;
  const BlobLayout& layout = variants[*variant]->layouts[ivs.size()];
  rec.blob = static_cast<std::uint32_t>(blob.size());
  blob.resize(blob.size() + layout.words, 0);
  std::fill(blob.begin() + rec.blob, blob.begin() + rec.blob + layout.counters, kNeverRel);
  rec.stage = cp.graph.initial();
  apps.push_back(rec);
  index.insert(slot, [this](std::uint32_t s) { return app_id(apps[s]); });
  if (tables_capacity() != advised_capacity) advise_tables();  // the tables grew: new memory
  AppView app = view(slot);
  if (pol.slots.stage_slot[rec.stage] != kNoSlot) {
    app.set_time(pol.slots.stage_slot[rec.stage], rec.interview_end);
  }
  return slot;
}

Status Engine::Impl::check_context(const ApplicationContext& c) const {
  if (c.id.empty() || c.id.size() > limits::kMaxApplicationIdBytes) {
    return make_error(ErrorCode::kInvalidArgument, "an application id must be 1 to 255 bytes");
  }
  if (find_app(c.id)) {
    return make_error(ErrorCode::kDuplicate, "application '" + c.id + "' is already open");
  }
  if (c.interviewers.empty() || c.interviewers.size() > kMaxInterviewers) {
    return make_error(ErrorCode::kInvalidArgument, "application '" + c.id + "' needs 1 to " +
                                                       std::to_string(kMaxInterviewers) +
                                                       " interviewers");
  }
  std::size_t primaries = 0;
  for (std::size_t i = 0; i < c.interviewers.size(); ++i) {
    const auto& iv = c.interviewers[i];
    if (iv.name.empty()) {
      return make_error(ErrorCode::kInvalidArgument,
                        "interviewer " + std::to_string(i + 1) + " of '" + c.id + "' has no name");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (c.interviewers[j].name == iv.name) {
        return make_error(ErrorCode::kDuplicate,
                          "interviewer '" + iv.name + "' is listed twice in '" + c.id +
                              "'; names identify recipients, so make them unique");
      }
    }
    primaries += iv.primary ? 1 : 0;
  }
  if (primaries > 1) {
    return make_error(ErrorCode::kInvalidArgument,
                      "application '" + c.id + "' marks " + std::to_string(primaries) +
                          " interviewers as primary; mark at most one");
  }
  if (c.interview_end < kEarliestSupported || c.interview_end >= kEndOfSupported) {
    return make_error(ErrorCode::kInvalidArgument,
                      "interview_end " + format_rfc3339(c.interview_end, "UTC") +
                          " is outside the supported range 1900-01-01 to 8999-12-31");
  }
  auto zone = Zone::find(c.candidate_zone);
  if (!zone) return make_error(zone.error().code, "candidate_zone: " + zone.error().message);
  if (c.decision_date) return check_decision_date(*c.decision_date, c.interview_end, *zone);
  return {};
}

Result<void> Engine::open(const ApplicationContext& c) {
  Impl& m = *impl_;
  if (auto s = m.check_context(c); !s) return s;
  if (!c.events.empty()) {
    // All or nothing: try the history on a scratch engine first, so that a refused event
    // leaves this engine untouched.
    ApplicationContext bare = c;
    bare.events.clear();
    Engine scratch(m.stack, m.clock);
    if (auto s = scratch.open(bare); !s) return s;
    for (std::size_t i = 0; i < c.events.size(); ++i) {
      const ReportedEvent& e = c.events[i];
      auto r = scratch.apply(c.id, Event{e.type, e.at, e.recipient});
      if (!r) {
        return make_error(r.error().code, "event " + std::to_string(i + 1) + " of '" + c.id +
                                              "' (" + e.type + "): " + r.error().message);
      }
    }
  }
  // Zones are checked by add() before it commits anything.
  auto slot = m.add(c);
  if (!slot) return std::move(slot).error();
  m.reschedule(*slot);
  for (const ReportedEvent& e : c.events) {
    (void)apply(c.id, Event{e.type, e.at, e.recipient});  // checked above: cannot fail
  }
  return {};
}

Result<void> Engine::erase(std::string_view id) {
  Impl& m = *impl_;
  auto found = m.find_app(id);
  if (!found) return std::move(found).error();
  AppRecord& rec = m.apps[*found];
  (void)m.index.erase(id, [&m](std::uint32_t s) { return m.app_id(m.apps[s]); });
  rec.next_due = kNoDue;  // its agenda entries are stale from now on: never released
  rec.set_queued(0);
  rec.flags = static_cast<std::uint8_t>(rec.flags | kFlagErased);
  ++m.erased;
  return {};
}

Result<void> Engine::set_decision_date(std::string_view id, std::optional<LocalDate> date) {
  Impl& m = *impl_;
  auto found = m.find_app(id);
  if (!found) return std::move(found).error();
  AppRecord& rec = m.apps[*found];
  if (date) {
    if (auto s =
            check_decision_date(*date, instant_of(rec.interview_end), m.zones[rec.candidate_zone]);
        !s) {
      return make_error(s.error().code,
                        "application '" + std::string(id) + "': " + s.error().message);
    }
  }
  const std::int32_t days =
      date ? static_cast<std::int32_t>(date->time_since_epoch().count()) : kNoDate;
  if (days == rec.decision_date) return {};
  rec.decision_date = days;
  // No planning here, as for an event: the next advance plans the application again (what
  // the new date makes due by then is released then).
  m.mark_changed(*found, seconds_of(m.clock));
  return {};
}

Result<ApplyOutcome> Engine::apply(std::string_view id, const Event& event) {
  Impl& m = *impl_;
  auto found = m.find_app(id);
  if (!found) return std::move(found).error();
  const std::uint32_t slot = *found;
  m.prefetch_data(slot);  // the blob's miss overlaps those of the interviewers and their names
  const EventId ev = m.event_index.find(event.type);
  if (ev == NameTable::kMissing) {
    std::string known;
    for (const auto& e : m.cp.graph.events()) {
      if (!e.timed) known += (known.empty() ? "" : ", ") + e.name;
    }
    return make_error(ErrorCode::kUnknownName,
                      "unknown event '" + std::string(event.type) + "'; known events: " + known);
  }
  const EventDef& def = m.cp.graph.events()[ev];
  if (def.timed) {
    return make_error(ErrorCode::kInvalidArgument, "event '" + def.name +
                                                       "' is fired by the engine's clock (a timed "
                                                       "transition); hosts cannot report it");
  }
  AppView app = m.view(slot);
  std::uint8_t recipient = kCandidate;
  if (def.per_recipient) {
    for (std::uint8_t i = 0; i < app.rec->interviewer_count; ++i) {
      if (m.pool.get(app.interviewers[i].name) == event.recipient) {
        recipient = i;  // names are unique within an application (check_context)
        break;
      }
    }
    if (recipient == kCandidate) {
      return make_error(
          ErrorCode::kUnknownName,
          event.recipient.empty()
              ? "event '" + def.name + "' needs a recipient: one of " + names_of(app, m.pool)
              : "'" + std::string(event.recipient) + "' is not an interviewer of application '" +
                    std::string(id) + "'; interviewers: " + names_of(app, m.pool));
    }
  } else if (!event.recipient.empty()) {
    return make_error(ErrorCode::kInvalidArgument,
                      "event '" + def.name +
                          "' concerns the whole application; leave the "
                          "recipient empty");
  }
  const std::int64_t t = seconds_of(event.at);
  const std::int64_t rel = t - app.rec->interview_end;
  for (const RecentEvent& e : app.rec->recent) {
    if (e.event == ev && e.recipient == recipient && rel >= 0 && e.at == rel) {
      return ApplyOutcome::kDuplicate;
    }
  }
  if (rel < app.rec->last_event_at) {
    return make_error(
        ErrorCode::kOutOfOrder,
        "event '" + def.name + "' at " + format_rfc3339(event.at, "UTC") +
            " is earlier than the last event of application '" + std::string(id) + "' (" +
            format_rfc3339(Instant{std::chrono::seconds{app.absolute(app.rec->last_event_at)}},
                           "UTC") +
            "); report events in the order they happened");
  }
  if (app.rec->events >= limits::kMaxEventsPerApplication) {
    return make_error(ErrorCode::kInvalidArgument,
                      "application '" + std::string(id) + "' has accepted " +
                          std::to_string(limits::kMaxEventsPerApplication) +
                          " events, the limit per application; a follow-up history this long "
                          "means a host is looping: check what reports its events");
  }
  if (rel > kMaxRel) {
    return make_error(ErrorCode::kInvalidArgument,
                      "event '" + def.name + "' at " + format_rfc3339(event.at, "UTC") +
                          " is more than 136 years after the interview; check the date");
  }

  // Every check that can refuse the event comes before the first change: a refused event
  // leaves the application as it was.
  const StageId stage = app.rec->stage;
  const std::string& stage_name = m.cp.graph.stage_name(stage);
  const Engine::Impl::Variant& variant = m.variant_of(*app.rec);
  const CompiledPolicy& pol = *variant.cp;
  for (const CompiledGuard& g : pol.guards) {
    if (std::find(g.events.begin(), g.events.end(), ev) == g.events.end()) continue;
    bool refused = !(g.allowed_stages & (StageMask{1} << stage));
    refused = refused || (g.forbid_no_contact && (app.rec->flags & kFlagNoContact));
    if (g.requires_event != kNoEvent) {
      refused = refused || app.time(pol.slots.event_slot[g.requires_event]) == kNever;
    }
    if (g.count_event != kNoEvent) {
      const std::uint8_t count = app.counter(pol.slots.count_slot[g.count_event]);
      refused = refused || (g.max_count > 0 && count >= g.max_count);
      const std::int64_t last = app.time(pol.slots.event_slot[g.count_event]);
      if (g.min_spacing.amount > 0 && last != kNever) {
        CalendarView cal = variant.planner->calendar_of(app, kCandidate);
        refused =
            refused || t < seconds_of(cal.add(Instant{std::chrono::seconds{last}}, g.min_spacing));
      }
    }
    if (refused) {
      return make_error(ErrorCode::kRefused, g.rule + ": " + g.message + " (application '" +
                                                 std::string(id) + "' is in stage '" + stage_name +
                                                 "')");
    }
  }
  const StageId to = m.cp.machine.next(stage, ev);
  if (to == kNoStage) {
    return make_error(ErrorCode::kNotAllowed,
                      "event '" + def.name + "' is not allowed in stage '" + stage_name +
                          "' of application '" + std::string(id) +
                          "'; allowed there: " + m.cp.allowed_events_text[stage]);
  }
  // The plan can differ from the one before the event only `bound` after it (the event's
  // effects are measured from it; replan_bounds.hpp): the application is due for a look
  // then at the latest, or never when the event only retires actions. No planning here:
  // the advance that reaches that time plans it once, releasing what is due and finding its
  // exact next time.
  const std::int64_t bound = variant.replan_after[stage * m.cp.graph.events().size() + ev];
#ifdef NUDGE_CHECK_INCREMENTAL
  m.plan_app(app, m.check_before, /*explain=*/false, kNever);
#endif
  m.record_event(app, ev, recipient, t);
  if (to != stage) m.enter_stage(app, to, t);
  app.rec->last_event_at = static_cast<std::uint32_t>(rel);
  app.rec->recent[app.rec->recent_head] =
      RecentEvent{static_cast<std::uint32_t>(rel), ev, recipient};
  app.rec->recent_head =
      static_cast<std::uint8_t>((app.rec->recent_head + 1) % std::size(app.rec->recent));
  if (app.rec->events < 0xFFFF) ++app.rec->events;
  ++m.stats.events_applied;
  std::int64_t due = kNoReplan;
  if (bound != kNoReplan && __builtin_add_overflow(t, bound, &due)) due = kNoReplan;
#ifdef NUDGE_CHECK_INCREMENTAL
  m.check_deferred(app, m.check_before, t, due);
#endif
  if (due != kNoReplan) m.mark_changed(slot, due);
  return ApplyOutcome::kApplied;
}

}  // namespace nudge
