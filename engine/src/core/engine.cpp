#include "nudge/engine.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <tuple>

#include "common/huge_pages.hpp"
#include "core/engine_impl.hpp"
#include "core/release_order.hpp"
#include "policy/templates.hpp"

namespace nudge {

using namespace detail;  // NOLINT(google-build-using-namespace): private implementation file

namespace {}  // namespace

Engine::Impl::Impl(PolicyStack s, Instant start)
    : stack(std::move(s)),
      policy(stack.policy_for({}, {}).value()),  // compiled when the stack loaded
      cp(policy.compiled()),
      clock(start) {
  zones.reserve(1024);  // Zone objects are referenced by calendars while planning
  for (EventId e = 0; e < cp.graph.events().size(); ++e) event_index.add(cp.graph.event_name(e), e);
  ApplicationContext base;
  (void)variant_for(base);  // group 0: no industry, culture or overrides
}

Engine::Engine(Policy policy, Instant start)
    : impl_(std::make_unique<Impl>(PolicyStack::single(std::move(policy)), start)) {}
Engine::Engine(PolicyStack stack, Instant start)
    : impl_(std::make_unique<Impl>(std::move(stack), start)) {}
Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

const Policy& Engine::policy() const { return impl_->policy; }
const PolicyStack& Engine::stack() const { return impl_->stack; }

std::vector<Diagnostic> Engine::take_diagnostics() {
  std::vector<Diagnostic> out;
  out.swap(impl_->diagnostics);
  return out;
}

void Engine::reserve(std::size_t applications, std::size_t interviewers) {
  Impl& m = *impl_;
  const std::size_t n = m.apps.size() + applications;
  m.apps.reserve(n);
  m.interviewers.reserve(m.interviewers.size() + applications * interviewers);
  m.blob.reserve(m.blob.size() +
                 applications *
                     m.variants[0]->layouts[std::min(interviewers, kMaxInterviewers)].words);
  m.ids.reserve(m.ids.size() + applications * 12);
  m.agenda.reserve(n + n / 4);
  m.index.reserve(n, [&m](std::uint32_t s) { return m.app_id(m.apps[s]); });
  m.advise_tables();
}

void Engine::Impl::advise_tables() {
  advise_huge_pages(apps.data(), apps.capacity() * sizeof(AppRecord));
  advise_huge_pages(interviewers.data(), interviewers.capacity() * sizeof(InterviewerRec));
  advise_huge_pages(blob.data(), blob.capacity() * sizeof(std::uint32_t));
  advise_huge_pages(ids.data(), ids.capacity());
  advise_huge_pages(agenda.data(), agenda.bytes());
  advise_huge_pages(index.data(), index.bytes());
  advised_capacity = tables_capacity();
}
Instant Engine::now() const { return impl_->clock; }

EngineStats Engine::stats() const {
  EngineStats s = impl_->stats;
  s.applications = impl_->apps.size() - impl_->erased;
  s.agenda_entries = impl_->agenda.size();
  return s;
}

std::vector<std::string> Engine::applications() const {
  const Impl& m = *impl_;
  std::vector<std::string> ids;
  ids.reserve(m.apps.size() - m.erased);
  for (const AppRecord& r : m.apps) {
    if ((r.flags & kFlagErased) == 0) ids.emplace_back(m.app_id(r));
  }
  return ids;
}

AppView Engine::Impl::view(std::uint32_t slot) {
  AppRecord& rec = apps[slot];
  AppView v;
  v.rec = &rec;
  v.blob = blob.data() + rec.blob;
  v.interviewers = interviewers.data() + rec.first_interviewer;
  v.layout = variants[rec.variant]->layouts[rec.interviewer_count];
  return v;
}

void Engine::Impl::prefetch_data(std::uint32_t slot) const {
  const AppRecord& rec = apps[slot];
  const std::uint32_t* b = blob.data() + rec.blob;
  __builtin_prefetch(b);
  __builtin_prefetch(b + variants[rec.variant]->layouts[rec.interviewer_count].words - 1);
  const InterviewerRec* iv = interviewers.data() + rec.first_interviewer;
  __builtin_prefetch(iv);
  if (rec.interviewer_count > 0) __builtin_prefetch(iv + rec.interviewer_count - 1);
}

Result<std::uint16_t> Engine::Impl::zone_id(std::string_view name) {
  if (auto it = zone_index.find(std::string(name)); it != zone_index.end()) return it->second;
  auto zone = Zone::find(name);
  if (!zone) return std::move(zone).error();
  if (zones.size() == zones.capacity() || zones.size() >= 0xFFFF) {
    return make_error(ErrorCode::kInvalidArgument, "too many distinct time zones in one engine");
  }
  zones.push_back(*zone);
  auto id = static_cast<std::uint16_t>(zones.size() - 1);
  zone_index.emplace(std::string(name), id);
  return id;
}

Result<std::uint16_t> Engine::Impl::category_id(std::string_view name) {
  std::uint32_t id = categories.intern(name);
  if (id > 0xFFFF) {
    return make_error(ErrorCode::kInvalidArgument,
                      "more than 65535 distinct industries, cultures and roles in one engine");
  }
  return static_cast<std::uint16_t>(id);
}

Result<std::uint32_t> Engine::Impl::find_app(std::string_view id) const {
  std::uint32_t slot = index.find(id, [this](std::uint32_t s) { return app_id(apps[s]); });
  if (slot == IdIndex::kMissing) {
    return make_error(ErrorCode::kNotFound,
                      "no application '" + std::string(id) + "' is open in this engine");
  }
  return slot;
}

void Engine::Impl::reschedule(std::uint32_t slot, bool entry_taken) {
  plan_app(view(slot), scratch, /*explain=*/false, kNever, /*earliest_only=*/true);
  std::int64_t next = scratch.next_timer;
  for (const PlanItem& item : scratch.items) {
    if (next == kNever || item.at < next) next = item.at;
  }
  set_next_due(slot, next, entry_taken);
}

void Engine::Impl::mark_changed(std::uint32_t slot, std::int64_t t) {
  AppRecord& rec = apps[slot];
  const std::int32_t planned = rec.next_due;
  const std::int32_t key = rec.due_key(t);
  if (planned != kNoDue && planned <= key) return;  // due earlier anyway
  rec.next_due = key;
  // The entry at the planned time stays queued (stale until a plan finds that time again).
  // Keys at the clamp bounds stand for more than one time: no shortcut there.
  const std::int64_t delta = std::int64_t{planned} - key;
  const bool keep = planned != kNoDue && planned < std::numeric_limits<std::int32_t>::max() &&
                    key > std::numeric_limits<std::int32_t>::min() + 1 &&
                    delta <= AppRecord::kMaxQueued;
  rec.set_queued(keep ? delta : 0);
  push_due(slot, t);
}

void Engine::Impl::set_next_due(std::uint32_t slot, std::int64_t next, bool entry_taken) {
  AppRecord& rec = apps[slot];
  const std::int32_t key = rec.due_key(next);
  // An entry queued before an event moved the due time earlier is live again when the plan
  // finds its time: no second entry for the same time.
  const bool queued = next != kNever && rec.queued() != 0 && rec.next_due != kNoDue &&
                      std::int64_t{rec.next_due} + rec.queued() == key;
  rec.set_queued(0);
  const bool changed = rec.next_due != key;
  rec.next_due = key;
  if (next == kNever || queued || !(changed || entry_taken)) return;
  push_due(slot, next);
}

void Engine::Impl::push_due(std::uint32_t slot, std::int64_t at) {
  // Stale entries are dropped in place before the heap would grow, so it keeps the capacity
  // it has (Engine::reserve). If that frees less than a quarter of it, the heap doubles, so
  // that compaction stays rare (amortised O(1) per push). An entry an event left queued
  // (AppRecord::queued) is kept too.
  if (agenda.size() == agenda.capacity() && agenda.size() >= apps.size() + apps.size() / 4) {
    agenda.compact([this](const AgendaEntry& e) {
      const AppRecord& r = apps[e.app];
      return !live(e) && !(r.queued() != 0 && r.next_due != kNoDue &&
                           std::int64_t{r.next_due} + r.queued() == r.due_key(e.at));
    });
    if (agenda.size() * 4 > agenda.capacity() * 3) {
      agenda.reserve(agenda.capacity() * 2);
      advise_huge_pages(agenda.data(), agenda.bytes());
    }
  }
  agenda.push(AgendaEntry{at, slot});
}

void Engine::Impl::enter_stage(const AppView& app, StageId to, std::int64_t t) {
  const CompiledPolicy& pol = *variant_of(*app.rec).cp;
  app.rec->stage = to;
  if (pol.slots.stage_slot[to] != kNoSlot) app.set_time(pol.slots.stage_slot[to], t);
  // Entering the stage triggers its rules anew: nothing of theirs is released yet.
  reset_released(app, pol, variant_of(*app.rec).triggered_by_stage[to]);
}

void Engine::Impl::reset_released(const AppView& app, const CompiledPolicy& pol,
                                  const std::vector<std::uint16_t>& rules) {
  const std::uint32_t n = app.rec->interviewer_count;
  for (const std::uint16_t i : rules) {
    const CompiledRule& rule = pol.rules[i];
    const std::uint32_t fan = rule.to == Fanout::kEachInterviewer ? n : 1;
    const std::uint32_t base = pol.slots_before[i].first * n + pol.slots_before[i].second;
    for (std::uint32_t k = 0; k < fan; ++k) app.set_released(base + k, 0);
  }
}

void Engine::Impl::record_event(const AppView& app, EventId event, std::uint8_t recipient,
                                std::int64_t t) {
  const CompiledPolicy& pol = *variant_of(*app.rec).cp;
  const SlotLayout& s = pol.slots;
  if (s.event_slot[event] != kNoSlot) app.set_time(s.event_slot[event], t);
  if (recipient != kCandidate && s.recipient_slot[event] != kNoSlot) {
    app.set_recipient_time(s.recipient_slot[event], recipient, t);
  }
  if (s.count_slot[event] != kNoSlot) app.bump_counter(s.count_slot[event]);
  app.rec->flags = static_cast<std::uint8_t>(app.rec->flags | pol.event_sets_flag[event]);
  reset_released(app, pol, variant_of(*app.rec).triggered_by_event[event]);
}

#ifdef NUDGE_CHECK_INCREMENTAL
void Engine::Impl::check_earliest_only(const AppView& app, const PlanResult& pruned,
                                       std::int64_t now) {
  // The pruned plan must hold every item of the full plan due by `now`, identical, and the
  // same earliest time among the later ones.
  plan_app(app, check_after, /*explain=*/false, now);
  auto earliest_after = [now](const PlanResult& p) {
    std::int64_t e = kNever;
    for (const PlanItem& i : p.items) {
      if (i.at > now && (e == kNever || i.at < e)) e = i.at;
    }
    return e;
  };
  auto due = [now](const PlanResult& p) {
    std::vector<std::tuple<std::uint16_t, std::uint8_t, std::uint8_t, std::int64_t, std::int64_t>>
        d;
    for (const PlanItem& i : p.items) {
      if (i.at <= now) d.emplace_back(i.rule, i.recipient, i.occurrence, i.at, i.deadline);
    }
    return d;
  };
  if (earliest_after(pruned) != earliest_after(check_after) || due(pruned) != due(check_after) ||
      pruned.next_timer != check_after.next_timer) {
    std::fprintf(stderr, "nudge: NUDGE_CHECK_INCREMENTAL: a pruned plan of '%.*s' differs\n",
                 static_cast<int>(app_id(*app.rec).size()), app_id(*app.rec).data());
    std::abort();
  }
}
#endif

void Engine::Impl::process_due(std::uint32_t slot, std::int64_t now, std::vector<DueAction>& out) {
  const Variant& variant = variant_of(apps[slot]);
  const CompiledPolicy& pol = *variant.cp;
  for (int guard = 0; guard < 256; ++guard) {
    AppView app = view(slot);
    plan_app(app, scratch, /*explain=*/false, /*deadline_until=*/now, /*earliest_only=*/true);
#ifdef NUDGE_CHECK_INCREMENTAL
    check_earliest_only(app, scratch, now);
#endif
    const std::int64_t timer = scratch.next_timer;
    // Release what is due up to now (and not after the next timer), in one pass. Releasing a
    // non-repeating action changes no other time, so the rest of this plan stays valid;
    // a repeating one moves to its next occurrence: when nothing else reads the rule's time,
    // the application is due again at that occurrence (computed as the next plan will, unless
    // plugins adjust plans); otherwise it needs a new plan now.
    bool replan = false;
    std::int64_t next = timer;
    for (const PlanItem& item : scratch.items) {
      if (item.at > now || (timer != kNever && item.at > timer)) {
        if (next == kNever || item.at < next) next = item.at;
        continue;
      }
      if (variant.has_review) {
        std::int64_t hold_until = kNever;
        const Review verdict = review(app, variant, item, now, hold_until);
        if (verdict == Review::kHold) {
          if (next == kNever || hold_until < next) next = hold_until;
          continue;
        }
        if (verdict == Review::kRefuse) {
          // Refused for good: it counts as released (never planned again) but is not sent.
          app.set_released(item.slot, static_cast<std::uint8_t>(item.occurrence + 1));
          replan = replan || pol.rules[item.rule].max_occurrences > 1;
          continue;
        }
      }
      app.set_released(item.slot, static_cast<std::uint8_t>(item.occurrence + 1));
      out.push_back(DueAction{slot, item.rule, item.recipient, item.occurrence,
                              instant_of(item.trigger), instant_of(item.at),
                              instant_of(item.deadline)});
      ++stats.actions_released;
      if (pol.rules[item.rule].max_occurrences > 1) {
        const std::int64_t again =
            variant.has_adjust ? kNever : variant.planner->next_occurrence(item);
        if (again == kNever || again <= now) {
          replan = true;
        } else if (again != Planner::kNoFurther && (next == kNever || again < next)) {
          next = again;
        }
      }
    }
    if (timer != kNever && timer <= now) {
      const TimedTransitionDef& timed = pol.graph.timed()[scratch.next_timer_index];
      record_event(app, timed.event, kCandidate, timer);
      enter_stage(app, timed.to, timer);
      continue;
    }
    if (replan) continue;
    set_next_due(slot, next, /*entry_taken=*/true);
    return;
  }
  reschedule(slot, /*entry_taken=*/true);
}

Result<void> Engine::advance(Instant now, std::vector<DueAction>& out) {
  Impl& m = *impl_;
  // The clock stays where every derived time is a four-digit year, as interview ends do
  // (Engine::open). Printed as a count: such an instant has no RFC 3339 form.
  if (now >= kEndOfSupported) {
    return make_error(ErrorCode::kInvalidArgument,
                      "cannot advance to " + std::to_string(seconds_of(now)) +
                          " seconds after 1970-01-01T00:00:00Z: past 8999-12-31, the latest time "
                          "nudge supports; was the clock given in milliseconds?");
  }
  if (now < m.clock) {
    return make_error(ErrorCode::kOutOfOrder, "cannot advance to " + format_rfc3339(now, "UTC") +
                                                  ": the clock is already at " +
                                                  format_rfc3339(m.clock, "UTC") +
                                                  "; time only moves forward");
  }
  const std::size_t first = out.size();
  const std::int64_t t = seconds_of(now);
  // Due entries are taken a few ahead of the one processed, in agenda order, so that the
  // memory each one needs is requested early: its record when it is taken (kTaken entries
  // ahead), then its blob and interviewers (kAhead entries ahead, once the record is there).
  // The misses overlap instead of stalling one after another. Processing pushes only entries
  // due after `t`, so the order of the calls is the agenda's.
  constexpr std::size_t kTaken = 16;  // a power of two
  constexpr std::size_t kAhead = 4;
  AgendaEntry taken[kTaken];
  std::size_t head = 0;  // next to process
  std::size_t tail = 0;  // next free place
  auto take = [&] {
    while (tail - head < kTaken && !m.agenda.none_due(t)) {
      const AgendaEntry e = m.agenda.pop();
      __builtin_prefetch(&m.apps[e.app]);
      __builtin_prefetch(reinterpret_cast<const char*>(&m.apps[e.app] + 1) - 1);
      taken[tail++ % kTaken] = e;
    }
  };
  take();
  for (std::size_t i = head; i < tail && i < head + kAhead; ++i) {
    m.prefetch_data(taken[i % kTaken].app);
  }
  while (head < tail) {
    if (head + kAhead < tail) m.prefetch_data(taken[(head + kAhead) % kTaken].app);
    const AgendaEntry e = taken[head++ % kTaken];
    if (m.live(e)) m.process_due(e.app, t, out);  // else stale: the application moved on
    take();
  }
  m.clock = now;
  // Released in agenda order, application by application in plan order, the actions are
  // nearly in the total order already (99.9 % of the benchmark's advances are sorted).
  sort_released(out, first, m.out_of_order, m.release_counts);
  return {};
}

Result<std::vector<Action>> Engine::advance(Instant now) {
  std::vector<DueAction> due;
  if (auto s = advance(now, due); !s) return std::move(s).error();
  std::vector<Action> out;
  out.reserve(due.size());
  for (const DueAction& d : due) out.push_back(describe(d));
  return out;
}

std::vector<std::string> Engine::check_message(std::string_view text) const {
  return lint_message(impl_->cp, text);
}

}  // namespace nudge
