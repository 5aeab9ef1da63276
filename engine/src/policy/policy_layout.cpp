// The compiled policy's derived tables: rule references resolved, rules put in evaluation
// order (anchors first), the rules each stage needs, and the per-application slot layout.
#include <algorithm>

#include "policy/policy_compiler.hpp"

namespace nudge::detail {

Status PolicyCompiler::resolve_rule_refs() {
  auto resolve = [&](Anchor& a) -> Status {
    if (a.kind != AnchorKind::kRule) return {};
    const RuleRef& ref = pending_rule_refs_[a.index];
    for (std::size_t i = 0; i < out_.rules.size(); ++i) {
      if (out_.rules[i].id == ref.id) {
        a.index = static_cast<std::uint16_t>(i);
        return {};
      }
    }
    return make_error(ErrorCode::kUnknownName,
                      ref.where + ": anchor names rule '" + ref.id + "', which is not defined");
  };
  for (auto& rule : out_.rules) {
    for (std::size_t i = 0; i < rule.anchor_count; ++i) {
      if (auto s = resolve(rule.anchors[i]); !s) return s;
    }
  }
  for (auto& timer : out_.timers) {
    for (auto& a : timer.anchors) {
      if (auto s = resolve(a); !s) return s;
    }
  }
  return {};
}

Status PolicyCompiler::order_rules() {
  // Kahn's algorithm in file order: a rule is evaluated after the rules it anchors to.
  const std::size_t n = out_.rules.size();
  std::vector<std::uint16_t> order;
  std::vector<bool> placed(n, false);
  while (order.size() < n) {
    bool progress = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (placed[i]) continue;
      const auto& rule = out_.rules[i];
      bool ready = true;
      for (std::size_t a = 0; a < rule.anchor_count; ++a) {
        if (rule.anchors[a].kind == AnchorKind::kRule && !placed[rule.anchors[a].index]) {
          ready = false;
        }
      }
      if (ready) {
        placed[i] = true;
        order.push_back(static_cast<std::uint16_t>(i));
        progress = true;
      }
    }
    if (!progress) {
      std::vector<std::string> stuck;
      for (std::size_t i = 0; i < n; ++i) {
        if (!placed[i]) stuck.push_back(out_.rules[i].id + " (" + out_.rules[i].source + ")");
      }
      return make_error(ErrorCode::kInvalidArgument,
                        "rules anchor to each other in a cycle: " + join_names(stuck));
    }
  }
  std::vector<std::uint16_t> new_index(n);
  for (std::size_t pos = 0; pos < n; ++pos) new_index[order[pos]] = static_cast<std::uint16_t>(pos);
  std::vector<CompiledRule> sorted;
  sorted.reserve(n);
  for (std::uint16_t i : order) sorted.push_back(std::move(out_.rules[i]));
  auto remap = [&](Anchor& a) {
    if (a.kind == AnchorKind::kRule) a.index = new_index[a.index];
  };
  for (auto& rule : sorted) {
    for (std::size_t a = 0; a < rule.anchor_count; ++a) remap(rule.anchors[a]);
  }
  for (auto& timer : out_.timers) {
    for (auto& a : timer.anchors) remap(a);
  }
  out_.rules = std::move(sorted);
  out_.rule_order.resize(n);
  for (std::size_t i = 0; i < n; ++i) out_.rule_order[i] = new_index[i];
  return {};
}

void PolicyCompiler::plan_stages() {
  const std::size_t n = out_.rules.size();
  out_.slots_before.clear();
  std::uint16_t each = 0;
  std::uint16_t single = 0;
  for (const CompiledRule& rule : out_.rules) {
    out_.slots_before.emplace_back(each, single);
    (rule.to == Fanout::kEachInterviewer ? each : single)++;
  }
  out_.rules_for_stage.assign(graph().stages().size(), {});
  for (StageId stage = 0; stage < graph().stages().size(); ++stage) {
    std::vector<bool> needed(n, false);
    for (std::size_t i = 0; i < n; ++i) {
      needed[i] = out_.rules[i].enabled && (out_.rules[i].stages & (StageMask{1} << stage));
    }
    for (std::size_t t = 0; t < out_.timers.size(); ++t) {
      if (graph().timed()[t].from != stage) continue;
      for (const Anchor& a : out_.timers[t].anchors) {
        if (a.kind == AnchorKind::kRule) needed[a.index] = true;
      }
    }
    // Anchors point to earlier rules (evaluation order), so one backward pass closes the set.
    for (std::size_t i = n; i-- > 0;) {
      if (!needed[i]) continue;
      const CompiledRule& rule = out_.rules[i];
      for (std::size_t a = 0; a < rule.anchor_count; ++a) {
        if (rule.anchors[a].kind == AnchorKind::kRule) needed[rule.anchors[a].index] = true;
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (needed[i]) out_.rules_for_stage[stage].push_back(static_cast<std::uint16_t>(i));
    }
  }
}

Status PolicyCompiler::layout_slots() {
  SlotLayout& s = out_.slots;
  const std::size_t stages = graph().stages().size();
  const std::size_t events = graph().events().size();
  s.stage_slot.assign(stages, kNoSlot);
  s.event_slot.assign(events, kNoSlot);
  s.recipient_slot.assign(events, kNoSlot);
  s.count_slot.assign(events, kNoSlot);
  constexpr std::uint8_t kMaxSlots = 250;
  bool overflow = false;
  auto next = [&](std::uint8_t& counter) {
    overflow = overflow || counter >= kMaxSlots;
    return overflow ? std::uint8_t{0} : counter++;
  };
  auto need_stage = [&](StageId id) {
    if (s.stage_slot[id] == kNoSlot) s.stage_slot[id] = next(s.time_slots);
  };
  auto need_event = [&](EventId id) {
    if (id != kNoEvent && s.event_slot[id] == kNoSlot) s.event_slot[id] = next(s.time_slots);
  };
  auto need_recipient = [&](EventId id) {
    if (id != kNoEvent && graph().events()[id].per_recipient && s.recipient_slot[id] == kNoSlot) {
      s.recipient_slot[id] = next(s.recipient_slots);
    }
  };
  auto need_count = [&](EventId id) {
    if (id != kNoEvent && s.count_slot[id] == kNoSlot) s.count_slot[id] = next(s.counters);
  };
  // A per-recipient event is kept per interviewer; an application-level copy is kept only
  // when a rule for the candidate (who is no interviewer) reads it, or when it triggers.
  auto need_event_for = [&](EventId id, const CompiledRule& rule) {
    if (id == kNoEvent) return;
    need_recipient(id);
    if (!graph().events()[id].per_recipient || rule.to == Fanout::kCandidate) need_event(id);
  };
  for (auto& rule : out_.rules) {
    if (!rule.enabled) continue;  // a disabled rule is never evaluated
    if (rule.trigger == TriggerKind::kEnterStage) {
      need_stage(rule.trigger_id);
    } else {
      need_event(rule.trigger_id);
    }
    for (std::size_t a = 0; a < rule.anchor_count; ++a) {
      if (rule.anchors[a].kind == AnchorKind::kEvent) need_event_for(rule.anchors[a].index, rule);
    }
    need_event_for(rule.done_event, rule);
    for (EventId e : rule.cancel_events) need_event(e);
    need_event(rule.limit_event);
    need_count(rule.limit_event);
  }
  for (auto& g : out_.guards) {
    need_event(g.requires_event);
    need_event(g.count_event);
    need_count(g.count_event);
  }
  for (std::size_t i = 0; i < out_.timers.size(); ++i) {
    need_stage(graph().timed()[i].from);
    for (auto& a : out_.timers[i].anchors) {
      if (a.kind == AnchorKind::kEvent) need_event(a.index);
    }
  }
  if (overflow) {
    return make_error(ErrorCode::kInvalidArgument,
                      merged_.files.front() + ": the policy needs more than " +
                          std::to_string(kMaxSlots) +
                          " time or counter slots per application; use fewer distinct "
                          "triggers, anchors and counted events");
  }
  return {};
}

}  // namespace nudge::detail
