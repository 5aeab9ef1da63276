#include "core/planner.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/planner_explain.hpp"

namespace nudge::detail {
namespace {

constexpr std::size_t kResultStride = kMaxInterviewers + 1;  // interviewers, then the candidate

std::size_t result_slot(std::uint8_t r) { return r == kCandidate ? kMaxInterviewers : r; }

}  // namespace

Instant add_scaled(const CalendarView& cal, Instant t, Duration d, double factor) {
  if (d.unit == Duration::Unit::kSeconds && factor == 1.0) {  // CalendarView::add, inline
    std::int64_t r = 0;
    if (!__builtin_add_overflow(seconds_of(t), d.amount, &r)) return instant_of(r);
  }
  if (factor == 1.0 || d.amount == 0) return cal.add(t, d);
  const auto amount = static_cast<double>(d.amount);
  switch (d.unit) {
    case Duration::Unit::kSeconds:
      return t + std::chrono::seconds{std::llround(amount * factor)};
    case Duration::Unit::kDays: {
      auto minutes = std::llround(amount * 1440.0 * factor);
      Instant whole = cal.add(t, Duration{Duration::Unit::kDays, minutes / 1440});
      return whole + std::chrono::minutes{minutes % 1440};
    }
    case Duration::Unit::kBusinessDays:
      return cal.add(t, Duration{Duration::Unit::kBusinessDays, std::llround(amount * factor)});
  }
  return t;
}

Planner::Planner(const CompiledPolicy& policy, ShardTables tables)
    : policy_(policy),
      tables_(tables),
      results_(policy.rules.size() * kResultStride, kNever),
      read_by_others_(policy.rules.size(), 0) {
  for (const CompiledRule& rule : policy.rules) {
    for (std::size_t a = 0; a < rule.anchor_count; ++a) {
      if (rule.anchors[a].kind == AnchorKind::kRule) read_by_others_[rule.anchors[a].index] = 1;
    }
  }
  for (const CompiledTimer& timer : policy.timers) {
    for (const Anchor& a : timer.anchors) {
      if (a.kind == AnchorKind::kRule) read_by_others_[a.index] = 1;
    }
  }
}

std::int64_t Planner::next_occurrence(const PlanItem& item) const {
  const CompiledRule& rule = policy_.rules[item.rule];
  if (read_by_others_[item.rule] != 0) return kNever;
  if (item.occurrence + 1 >= rule.max_occurrences) return kNoFurther;  // its time stays put
  // What the next plan computes: one more `repeat_every` from this occurrence's unaligned
  // time, in the calendars of this plan, then aligned.
  const CalendarView& cal = calendars_[result_slot(item.recipient)];
  const CalendarView& arith = item.date_anchor ? calendars_[kMaxInterviewers] : cal;
  Instant at = arith.add(instant_of(item.raw_at), rule.repeat_every);
  if (rule.align) at = cal.align(at);
  return seconds_of(at);
}

CalendarView Planner::calendar_of(const AppView& app, std::uint8_t r) const {
  CalendarView cal;
  fill_calendar(app, r, cal);
  return cal;
}

void Planner::fill_calendar(const AppView& app, std::uint8_t r, CalendarView& cal) const {
  // Field by field in place: copying a whole view just built field by field makes the
  // copy's wide loads wait for the narrow stores (no store-to-load forwarding).
  cal.window_start = policy_.calendar.window_start;
  cal.window_end = policy_.calendar.window_end;
  cal.holidays = policy_.calendar.holidays;
  cal.hint = nullptr;
  if (r == kCandidate) {
    cal.zone = &(*tables_.zones)[app.rec->candidate_zone];
    cal.workdays = policy_.calendar.workdays;
    cal.extra_holidays = {};
    return;
  }
  const InterviewerRec& iv = app.interviewers[r];
  cal.zone = &(*tables_.zones)[iv.zone];
  cal.workdays = iv.workdays != 0 ? iv.workdays : policy_.calendar.workdays;
  cal.extra_holidays =
      std::span<const LocalDate>(tables_.holidays->data() + iv.holidays, iv.holiday_count);
}

std::int64_t Planner::rule_result(const AppView& app, std::uint16_t rule, std::uint8_t r) const {
  const CompiledRule& target = policy_.rules[rule];
  std::uint8_t slot = r;
  if (target.to == Fanout::kPrimary) {
    slot = app.rec->primary;  // the candidate's own rules see the primary contact's time
  } else if (target.to == Fanout::kCandidate) {
    slot = kCandidate;
  } else if (r == kCandidate) {
    slot = app.rec->primary;
  }
  return results_[rule * kResultStride + result_slot(slot)];
}

Planner::AnchorValue Planner::resolve_anchor(const AppView& app, const CompiledRule& rule,
                                             const Anchor& a, std::uint8_t r, std::int64_t trigger,
                                             bool explain) const {
  AnchorValue v;
  const auto& graph = policy_.graph;
  switch (a.kind) {
    case AnchorKind::kTrigger:
      v.t = trigger;
      if (explain) {
        label_ = rule.trigger == TriggerKind::kEnterStage
                     ? "entered stage '" + graph.stage_name(rule.trigger_id) + "'"
                     : "event '" + graph.event_name(rule.trigger_id) + "'";
      }
      break;
    case AnchorKind::kInterviewEnd:
      v.t = app.rec->interview_end;
      if (explain) label_ = "interview end";
      break;
    case AnchorKind::kDecisionDate:
      if (app.rec->decision_date != kNoDate) {
        const CalendarView& cand = calendars_[kMaxInterviewers];
        // A decision date before the day the rule was triggered (a new round after the
        // stated date) is stale: the anchor is absent and the next one is used.
        if (LocalDate{std::chrono::days{app.rec->decision_date}} <
            cand.local_date(instant_of(trigger))) {
          break;
        }
        v.t = seconds_of(cand.start_of(LocalDate{std::chrono::days{app.rec->decision_date}}));
        v.date_anchor = true;
        if (explain) {
          label_ = "decision date " +
                   format_date(LocalDate{std::chrono::days{app.rec->decision_date}}) +
                   " (00:00 in the candidate's zone " + std::string(cand.zone->name()) + ")";
        }
      }
      break;
    case AnchorKind::kEvent: {
      const auto& slots = policy_.slots;
      if (r != kCandidate && slots.recipient_slot[a.index] != kNoSlot) {
        v.t = app.recipient_time(slots.recipient_slot[a.index], r);
      } else if (slots.event_slot[a.index] != kNoSlot) {
        v.t = app.time(slots.event_slot[a.index]);
      }
      if (explain) label_ = "event '" + graph.event_name(a.index) + "'";
      break;
    }
    case AnchorKind::kRule: {
      v.t = rule_result(app, a.index, r);
      if (explain) {
        const CompiledRule& other = policy_.rules[a.index];
        std::int64_t done_t = kNever;
        if (other.done_event != kNoEvent) {
          const auto& slots = policy_.slots;
          std::uint8_t rr = other.to == Fanout::kPrimary ? app.rec->primary : r;
          if (rr != kCandidate && slots.recipient_slot[other.done_event] != kNoSlot) {
            done_t = app.recipient_time(slots.recipient_slot[other.done_event], rr);
          } else if (slots.event_slot[other.done_event] != kNoSlot) {
            done_t = app.time(slots.event_slot[other.done_event]);
          }
        }
        bool reported = done_t != kNever && done_t == v.t;
        label_ = other.id + " " + other.action +
                 (reported ? " (reported sent)" : " (planned time; not reported sent yet)");
      }
      break;
    }
  }
  if (explain && v.t != kNever) {
    std::string_view zone =
        (*tables_.zones)[r == kCandidate ? app.rec->candidate_zone : app.interviewers[r].zone]
            .name();
    label_ =
        "anchor: " + label_ + " at " +
        format_rfc3339(instant_of(v.t),
                       v.date_anchor ? (*tables_.zones)[app.rec->candidate_zone].name() : zone);
  }
  return v;
}

std::int64_t Planner::anchor_time(const AppView& app, const Anchor& a, std::uint8_t r,
                                  std::int64_t trigger) const {
  switch (a.kind) {
    case AnchorKind::kTrigger:
      return trigger;
    case AnchorKind::kInterviewEnd:
      return app.rec->interview_end;
    case AnchorKind::kEvent: {
      const auto& slots = policy_.slots;
      if (r != kCandidate && slots.recipient_slot[a.index] != kNoSlot) {
        return app.recipient_time(slots.recipient_slot[a.index], r);
      }
      if (slots.event_slot[a.index] != kNoSlot) return app.time(slots.event_slot[a.index]);
      return kNever;
    }
    case AnchorKind::kRule:
      return rule_result(app, a.index, r);
    case AnchorKind::kDecisionDate:
      break;  // resolve_anchor
  }
  return kNever;
}

void Planner::plan(const AppView& app, PlanResult& out, bool explain, std::int64_t deadline_until,
                   bool earliest_only) {
  out.items.clear();
  out.next_timer = kNever;
  if (explain) out.why.clear();
  const AppRecord& rec = *app.rec;
  const auto& slots = policy_.slots;
  const StageMask stage_bit = StageMask{1} << rec.stage;
  double scale = 1.0;
  if (rec.flags & kFlagBusy) scale *= policy_.busy_factor;
  if (rec.flags & kFlagUrgent) scale *= policy_.urgent_factor;
  const std::size_t n = rec.interviewer_count;
  const bool prune = earliest_only && !explain;
  std::int64_t earliest = std::numeric_limits<std::int64_t>::max();  // of the later items
  // Each recipient's calendar, built once for all the rules, with its zone's hint.
  const std::size_t zone_count = tables_.zones->size();
  if (zone_hints_.size() < zone_count) {  // a new zone: not per event
    zone_hints_.reserve(std::max<std::size_t>(64, zone_count * 2));
    zone_hints_.resize(zone_count);
  }
  for (std::size_t r = 0; r < n; ++r) {
    fill_calendar(app, static_cast<std::uint8_t>(r), calendars_[r]);
    calendars_[r].hint = &zone_hints_[app.interviewers[r].zone];
  }
  fill_calendar(app, kCandidate, calendars_[kMaxInterviewers]);
  calendars_[kMaxInterviewers].hint = &zone_hints_[rec.candidate_zone];
  // Only the rules that can matter in this stage: planned here, read by those, or read by
  // this stage's timers (CompiledPolicy::rules_for_stage). Others keep no time.
  for (const std::uint16_t i : policy_.rules_for_stage[rec.stage]) {
    const CompiledRule& rule = policy_.rules[i];
    const std::size_t fan = rule.to == Fanout::kEachInterviewer ? n : 1;
    const std::uint32_t first_slot = static_cast<std::uint32_t>(policy_.slots_before[i].first * n +
                                                                policy_.slots_before[i].second);
    std::int64_t* result = &results_[i * kResultStride];
    const bool read = read_by_others_[i] != 0;
    if (read) {  // only other rules and timers read results: the others need no reset
      std::fill(result, result + n, kNever);
      result[kMaxInterviewers] = kNever;  // the candidate's
    }

    // A rule has a time (which other rules may anchor to) once it is triggered, unless it is
    // disabled, cancelled or past its limit. It is *planned* only in its stages and, for
    // contact, while the employer has not asked for no contact. The time of a rule that no
    // other rule or timer reads only matters while it is planned and pending.
    if (!rule.enabled) continue;
    const bool planned =
        (rule.stages & stage_bit) != 0 && !(rule.contact && (rec.flags & kFlagNoContact));
    if (!planned && !read) continue;
    std::int64_t trigger = rule.trigger == TriggerKind::kEnterStage
                               ? app.time(slots.stage_slot[rule.trigger_id])
                               : app.time(slots.event_slot[rule.trigger_id]);
    if (trigger == kNever) continue;
    if (rule.limit_event != kNoEvent &&
        app.counter(slots.count_slot[rule.limit_event]) >= rule.limit_max) {
      continue;
    }
    bool cancelled = false;
    for (EventId c : rule.cancel_events) {
      cancelled = cancelled || app.time(slots.event_slot[c]) > trigger;
    }
    if (cancelled) continue;

    for (std::size_t k = 0; k < fan; ++k) {
      std::uint8_t r = rule.to == Fanout::kEachInterviewer ? static_cast<std::uint8_t>(k)
                       : rule.to == Fanout::kPrimary       ? rec.primary
                                                           : kCandidate;
      std::int64_t& res = result[result_slot(r)];
      const std::uint32_t slot = first_slot + static_cast<std::uint32_t>(k);
      const std::uint8_t occurrence = app.released(slot);
      const bool pending = occurrence < rule.max_occurrences;
      if (!pending && !read) continue;
      if (rule.done_event != kNoEvent) {
        std::int64_t done = r != kCandidate && slots.recipient_slot[rule.done_event] != kNoSlot
                                ? app.recipient_time(slots.recipient_slot[rule.done_event], r)
                                : app.time(slots.event_slot[rule.done_event]);
        if (done != kNever && done >= trigger) {
          res = done;
          continue;
        }
      }
      AnchorValue anchor;
      for (std::size_t a = 0; a < rule.anchor_count && anchor.t == kNever; ++a) {
        const Anchor& an = rule.anchors[a];
        if (explain || an.kind == AnchorKind::kDecisionDate) {
          anchor = resolve_anchor(app, rule, an, r, trigger, explain && planned);
        } else {
          anchor.t = anchor_time(app, an, r, trigger);  // the same times, without the labels
        }
      }
      if (anchor.t == kNever) continue;
      const CalendarView& cal = calendars_[result_slot(r)];
      const CalendarView& arith = anchor.date_anchor ? calendars_[kMaxInterviewers] : cal;
      const double f = rule.scaled ? scale : 1.0;
      Instant at = add_scaled(arith, instant_of(anchor.t), rule.at, f);
      // Once every occurrence is released, the rule's time stays at its last occurrence.
      const std::uint8_t shown =
          pending ? occurrence : static_cast<std::uint8_t>(rule.max_occurrences - 1);
      for (std::uint8_t o = 0; o < shown; ++o) at = arith.add(at, rule.repeat_every);
      const Instant raw_at = at;
      // Scheduling needs the items due by `deadline_until` and the earliest of the others;
      // an item no earlier than one already found, before alignment, is not that one.
      if (prune && !read && planned && pending && seconds_of(at) > deadline_until &&
          seconds_of(at) >= earliest) {
        continue;
      }
      AlignTrace& trace = trace_;
      AlignTrace& deadline_trace = deadline_trace_;
      const bool explaining = explain && planned && pending;
      if (explaining) {
        trace.clear();
        deadline_trace.clear();
      }
      if (rule.align) at = cal.align(at, explaining ? &trace : nullptr);
      // The deadline only matters for what is shown or released now; scheduling needs `at`.
      Instant raw_deadline = at;
      Instant deadline = at;
      if (planned && pending && (explain || seconds_of(at) <= deadline_until)) {
        deadline = add_scaled(arith, instant_of(anchor.t), rule.deadline, f);
        for (std::uint8_t o = 0; o < shown; ++o) deadline = arith.add(deadline, rule.repeat_every);
        raw_deadline = deadline;
        if (rule.align) deadline = cal.align(deadline, explaining ? &deadline_trace : nullptr);
        if (deadline < at) deadline = at;
      }
      res = seconds_of(at);
      if (!planned || !pending) continue;
      if (seconds_of(at) > deadline_until) earliest = std::min(earliest, seconds_of(at));
      out.items.push_back(PlanItem{i, r, occurrence, slot, trigger, seconds_of(at),
                                   seconds_of(deadline), seconds_of(raw_at), anchor.date_anchor});
      if (explaining) {
        out.why.push_back(explain_item(app, rule, label_, anchor.date_anchor, f, occurrence, raw_at,
                                       raw_deadline, at, deadline, trace, deadline_trace, cal));
      }
    }
  }

  // The next timed transition out of the current stage.
  const auto& timed = policy_.graph.timed();
  for (std::uint16_t i = 0; i < timed.size(); ++i) {
    if (timed[i].from != rec.stage) continue;
    const CompiledTimer& timer = policy_.timers[i];
    std::int64_t start = kNever;
    for (const Anchor& a : timer.anchors) {
      std::int64_t t = kNever;
      switch (a.kind) {
        case AnchorKind::kTrigger:
          t = app.time(slots.stage_slot[timed[i].from]);
          break;
        case AnchorKind::kInterviewEnd:
          t = rec.interview_end;
          break;
        case AnchorKind::kDecisionDate:
          if (rec.decision_date != kNoDate) {
            t = seconds_of(calendars_[kMaxInterviewers].start_of(
                LocalDate{std::chrono::days{rec.decision_date}}));
          }
          break;
        case AnchorKind::kEvent:
          t = app.time(slots.event_slot[a.index]);
          break;
        case AnchorKind::kRule: {
          // The latest time of that rule over the recipients this application has.
          const std::int64_t* res = &results_[a.index * kResultStride];
          t = std::max(res[kMaxInterviewers], n == 0 ? kNever : *std::max_element(res, res + n));
          break;
        }
      }
      start = std::max(start, t);
    }
    if (start == kNever) continue;
    std::int64_t fire =
        seconds_of(calendars_[kMaxInterviewers].add(instant_of(start), timer.after));
    if (out.next_timer == kNever || fire < out.next_timer) {
      out.next_timer = fire;
      out.next_timer_index = i;
    }
  }
}

}  // namespace nudge::detail
