// replan_bounds: for each (stage, event), how soon after the event the plan can change. An
// abstract evaluation of the planner (planner.cpp) over "what the event changed" instead of
// times: each anchor, rule time and timer is described by which values it may take after
// the event compared with before it.
#include "core/replan_bounds.hpp"

#include <algorithm>
#include <cmath>

namespace nudge::detail {
namespace {

constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::max();     // no new value
constexpr std::int64_t kUnknown = std::numeric_limits<std::int64_t>::min();  // unbounded
// How much a change of UTC offset can take from N days counted in local time: since 1900,
// offsets span 26 hours (UTC-12 to UTC+14; Samoa and Kwajalein jumped 24 hours); one hour
// more to spare.
constexpr std::int64_t kOffsetSlack = 27 * 3600;
// A decision date still in force is on or after the local day of the trigger: its midnight
// is at most a (long) day before the trigger.
constexpr std::int64_t kDecisionSlack = 2 * 86400;

/// What a time (an anchor's value, a rule's time) may be after the event, relative to before.
struct Value {
  bool old = false;         ///< may still be exactly what it was before the event
  std::int64_t lb = kNone;  ///< any other value is at least event + lb (kUnknown: any time)
  bool may_vanish = false;  ///< may be unset now while it was set before
  bool definite = false;    ///< certainly set after the event
};

Value unchanged(bool definite) { return Value{true, kNone, false, definite}; }
Value at_event(bool definite) { return Value{false, 0, false, definite}; }
Value unknown() { return Value{true, kUnknown, true, false}; }

std::int64_t add_lb(std::int64_t lb, std::int64_t span) {
  if (lb == kNone || lb == kUnknown) return lb;
  std::int64_t r = 0;
  return __builtin_add_overflow(lb, span, &r) ? (span > 0 ? kNone - 1 : kUnknown) : r;
}

Value merge(Value a, const Value& b) {
  a.old = a.old || b.old;
  a.lb = std::min(a.lb, b.lb);
  a.may_vanish = a.may_vanish || b.may_vanish;
  a.definite = a.definite && b.definite;
  return a;
}

std::int64_t saturating_mul(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  return __builtin_mul_overflow(a, b, &r) ? kNone - 1 : r;
}

class Analysis {
 public:
  Analysis(const CompiledPolicy& p, StageId from, EventId event)
      : p_(p), from_(from), event_(event), to_(p.machine.next(from, event)) {}

  std::int64_t bound() {
    if (to_ == kNoStage) return 0;  // refused: never applied
    const bool stage_changed = to_ != from_;
    double f_min = 1.0;
    for (double f : {p_.busy_factor, p_.urgent_factor, p_.busy_factor * p_.urgent_factor}) {
      f_min = std::min(f_min, f);
    }
    std::int64_t bound = kNone;
    const StageMask to_bit = StageMask{1} << to_;
    const StageMask from_bit = StageMask{1} << from_;
    results_.assign(p_.rules.size(), unknown());
    for (std::size_t i = 0; i < p_.rules.size(); ++i) {
      const CompiledRule& rule = p_.rules[i];
      if (!rule.enabled) {
        results_[i] = Value{false, kNone, false, false};  // never has a time
        continue;
      }
      const bool fresh =
          (rule.trigger == TriggerKind::kEvent && rule.trigger_id == event_) ||
          (rule.trigger == TriggerKind::kEnterStage && rule.trigger_id == to_ && stage_changed);
      // The planned time: the first anchor that has a value, plus offsets that only move
      // later (the offset, further occurrences, alignment to the send window).
      Value at = anchors(rule, i, fresh);
      at.lb = add_lb(at.lb, min_span(rule.at, rule.scaled ? f_min : 1.0));
      if (fresh) {
        const std::uint8_t slot = rule.trigger == TriggerKind::kEvent
                                      ? p_.slots.event_slot[rule.trigger_id]
                                      : p_.slots.stage_slot[rule.trigger_id];
        // Restarted: past its limit, or without a time at all, it has none now.
        at.may_vanish = slot == kNoSlot || rule.limit_event != kNoEvent || !at.definite;
      } else {
        const bool limits = rule.limit_event == event_;
        const bool cancels = std::find(rule.cancel_events.begin(), rule.cancel_events.end(),
                                       event_) != rule.cancel_events.end();
        at.may_vanish = at.may_vanish || limits || cancels;
      }
      at.definite = false;
      // Readers see the reported time once the event completes the rule.
      Value result = at;
      if (rule.done_event == event_) result = merge(result, event_value(fresh));
      results_[i] = result;

      if ((rule.stages & to_bit) == 0) continue;  // not planned after the event
      // A time kept from before is a planned time of before only if the rule was planned
      // then too (and not restarted).
      const bool kept_ok = (rule.stages & from_bit) != 0 && !fresh;
      bound = std::min(bound, at.old && !kept_ok ? kUnknown : at.lb);
    }
    // Timed transitions out of the stage after the event: from the latest of their anchors.
    const auto& timed = p_.graph.timed();
    for (std::size_t k = 0; k < timed.size() && k < p_.timers.size(); ++k) {
      if (timed[k].from != to_) continue;
      const CompiledTimer& timer = p_.timers[k];
      bool changed = stage_changed;
      bool at_event_anchor = false;  // an anchor certainly at the event (so the latest is)
      for (const Anchor& a : timer.anchors) {
        switch (a.kind) {
          case AnchorKind::kTrigger:
            if (stage_changed && p_.slots.stage_slot[to_] != kNoSlot) at_event_anchor = true;
            break;
          case AnchorKind::kEvent:
            if (a.index == event_) {
              changed = true;
              at_event_anchor = at_event_anchor || p_.slots.event_slot[event_] != kNoSlot;
            }
            break;
          case AnchorKind::kRule: {
            const Value& r = a.index < results_.size() ? results_[a.index] : unknown();
            changed = changed || r.lb != kNone || r.may_vanish;
            break;
          }
          case AnchorKind::kInterviewEnd:
          case AnchorKind::kDecisionDate:
            break;
        }
      }
      if (!changed) continue;
      bound = std::min(bound, at_event_anchor ? min_span(timer.after, 1.0) : kUnknown);
    }
    if (bound == kNone) return kNoReplan;
    return std::max<std::int64_t>(bound, 0);  // kUnknown too: plan at the event
  }

 private:
  // The event's own time as an anchor: per recipient, only the event's recipient sees it.
  Value event_value(bool fresh) const {
    if (p_.slots.recipient_slot[event_] != kNoSlot) {
      return fresh ? unknown() : Value{true, 0, false, false};
    }
    if (p_.slots.event_slot[event_] != kNoSlot) return at_event(true);
    return Value{!fresh, kNone, false, false};  // never recorded: never a value
  }

  Value anchor(const Anchor& a, std::size_t rule_index, bool fresh) const {
    switch (a.kind) {
      case AnchorKind::kTrigger:
        return fresh ? at_event(true) : unchanged(true);
      case AnchorKind::kInterviewEnd:
        return fresh ? Value{false, kUnknown, false, true} : unchanged(true);
      case AnchorKind::kDecisionDate:
        return fresh ? Value{false, -kDecisionSlack, false, false} : unchanged(false);
      case AnchorKind::kEvent:
        if (a.index == event_) return event_value(fresh);
        return fresh ? Value{false, kUnknown, false, false} : unchanged(false);
      case AnchorKind::kRule: {
        if (a.index >= rule_index) return unknown();  // anchors come first (evaluation order)
        Value r = results_[a.index];
        if (fresh) return Value{false, r.old ? kUnknown : r.lb, false, r.definite};
        return r;
      }
    }
    return unknown();
  }

  // The planner takes the first anchor with a value.
  Value anchors(const CompiledRule& rule, std::size_t rule_index, bool fresh) const {
    Value acc{false, kNone, false, false};
    bool vanished = false;
    for (std::size_t n = 0; n < rule.anchor_count; ++n) {
      if (vanished) {  // a later anchor may now stand in for one that lost its value
        acc.lb = kUnknown;
        acc.old = true;
        break;
      }
      const Value v = anchor(rule.anchors[n], rule_index, fresh);
      acc.old = acc.old || v.old;
      acc.lb = std::min(acc.lb, v.lb);
      vanished = v.may_vanish;
      if (v.definite) {
        acc.definite = true;
        break;
      }
    }
    acc.may_vanish = vanished && !acc.definite;
    return acc;
  }

  const CompiledPolicy& p_;
  StageId from_;
  EventId event_;
  StageId to_;
  std::vector<Value> results_;
};

}  // namespace

std::int64_t min_span(Duration d, double min_factor) {
  if (d.amount <= 0) return 0;
  const auto amount = static_cast<double>(d.amount);
  switch (d.unit) {
    case Duration::Unit::kSeconds:
      if (min_factor == 1.0) return d.amount;
      return std::max<std::int64_t>(0,
                                    static_cast<std::int64_t>(std::floor(amount * min_factor)) - 1);
    case Duration::Unit::kDays: {
      // add_scaled: whole days in local time plus the rounded remainder in minutes.
      const double minutes =
          min_factor == 1.0 ? amount * 1440.0 : amount * 1440.0 * min_factor - 1.0;
      if (minutes >= 9.0e15) return kNone - 1;
      const auto seconds = saturating_mul(static_cast<std::int64_t>(std::floor(minutes)), 60);
      return std::max<std::int64_t>(0, seconds - kOffsetSlack);
    }
    case Duration::Unit::kBusinessDays: {
      // Each business day is at least one local day later, keeping the time of day.
      const double days = min_factor == 1.0 ? amount : std::floor(amount * min_factor - 0.5);
      if (days >= 9.0e13) return kNone - 1;
      const auto seconds = saturating_mul(static_cast<std::int64_t>(days), 86400);
      return std::max<std::int64_t>(0, seconds - kOffsetSlack);
    }
  }
  return 0;
}

std::vector<std::int64_t> replan_bounds(const CompiledPolicy& policy, bool hooks) {
  const std::size_t stages = policy.graph.stages().size();
  const std::size_t events = policy.graph.events().size();
  std::vector<std::int64_t> out(stages * events, 0);
  if (hooks) return out;  // a hook may read anything: every event plans at once
  for (StageId s = 0; s < stages; ++s) {
    for (EventId e = 0; e < events; ++e) {
      if (policy.event_sets_flag[e] != 0) continue;  // a flag can move any time earlier
      out[s * events + e] = Analysis(policy, s, e).bound();
    }
  }
  return out;
}

}  // namespace nudge::detail
