// Reading a policy's [[rule]], [[guard]] and [[timer]] tables into compiled form.
#include <algorithm>
#include <sstream>
#include <tuple>

#include "nudge/limits.hpp"
#include "policy/policy_compiler.hpp"

namespace nudge::detail {
namespace {

StageMask open_stages(const StageGraph& g) {
  StageMask mask = 0;
  for (StageId s = 0; s < g.stages().size(); ++s) {
    if (!g.is_terminal(s)) mask |= StageMask{1} << s;
  }
  return mask;
}

Result<std::uint8_t> small_count(TableReader& r, std::string_view key, std::int64_t value) {
  if (value < 1 || value > 100) {
    return r.error_at(key, ErrorCode::kInvalidArgument,
                      "'" + std::string(key) + "' must be between 1 and 100");
  }
  return static_cast<std::uint8_t>(value);
}

}  // namespace

Status PolicyCompiler::read_rules(TableReader& top) {
  auto rules = top.table_array("rule");
  if (!rules) return std::move(rules).error();
  if (rules->size() > limits::kMaxRules) {
    return top.error_at("rule", ErrorCode::kInvalidArgument,
                        "the policy has " + std::to_string(rules->size()) +
                            " rules; a policy is limited to " + std::to_string(limits::kMaxRules) +
                            " rules (base and layers together)");
  }
  for (const toml::table* t : *rules) {
    if (auto s = read_rule(*t, top.file()); !s) return s;
  }
  return {};
}

Status PolicyCompiler::read_rule(const toml::table& t, std::string_view file) {
  TableReader r(t, file, "[[rule]]");
  CompiledRule rule;
  rule.source = where(file, t);
  auto id = r.required_string("id");
  if (!id) return std::move(id).error();
  rule.id = *id;
  for (const auto& other : out_.rules) {
    if (other.id == rule.id) {
      return r.error_at("id", ErrorCode::kInvalidArgument,
                        "rule '" + rule.id + "' is defined twice (first at " + other.source + ")");
    }
  }
  auto action = r.required_string("action");
  if (!action) return std::move(action).error();
  rule.action = *action;
  auto desc = r.optional_string("description");
  if (!desc) return std::move(desc).error();
  rule.description = desc->value_or("");
  auto implements = r.string_list("implements");
  if (!implements) return std::move(implements).error();
  rule.implements = *implements;
  auto enabled = r.optional_bool("enabled", true);
  if (!enabled) return std::move(enabled).error();
  rule.enabled = *enabled;
  auto optional = r.optional_bool("optional", false);
  if (!optional) return std::move(optional).error();
  rule.optional = *optional;
  // Group filters: a rule for some industries or cultures only. A stack compiles one policy
  // per (industry, culture), so the filter is settled here, at load, not per event.
  for (auto [key, group, target] : {std::tuple{"industries", &merged_.industry, &rule.industries},
                                    std::tuple{"cultures", &merged_.culture, &rule.cultures}}) {
    auto names = r.string_list(key);
    if (!names) return std::move(names).error();
    if (r.has(key) && names->empty()) {
      return r.error_at(
          key, ErrorCode::kInvalidArgument,
          std::string("'") + key + "' lists nobody; name at least one, or remove the key");
    }
    *target = *names;
    if (!names->empty() && std::find(names->begin(), names->end(), *group) == names->end()) {
      rule.enabled = false;
      rule.filtered_out = true;
    }
  }

  auto trigger = r.required_string("trigger");
  if (!trigger) return std::move(trigger).error();
  StageMask default_stages = open_stages(graph());
  if (trigger->rfind("enter:", 0) == 0) {
    auto s = stage(r, "trigger", trigger->substr(6));
    if (!s) return std::move(s).error();
    rule.trigger = TriggerKind::kEnterStage;
    rule.trigger_id = *s;
    default_stages = StageMask{1} << *s;
  } else if (trigger->rfind("event:", 0) == 0) {
    auto e = event(r, "trigger", trigger->substr(6));
    if (!e) return std::move(e).error();
    rule.trigger = TriggerKind::kEvent;
    rule.trigger_id = *e;
  } else {
    return r.error_at(
        "trigger", ErrorCode::kInvalidArgument,
        "invalid trigger '" + *trigger + "'; write \"enter:STAGE\" or \"event:EVENT\"");
  }
  auto stages = stage_mask(r, "stages", default_stages);
  if (!stages) return std::move(stages).error();
  rule.stages = *stages;

  auto to = r.optional_string("to");
  if (!to) return std::move(to).error();
  std::string to_text = to->value_or("primary");
  if (to_text == "each_interviewer")
    rule.to = Fanout::kEachInterviewer;
  else if (to_text == "primary")
    rule.to = Fanout::kPrimary;
  else if (to_text == "candidate")
    rule.to = Fanout::kCandidate;
  else {
    return r.error_at(
        "to", ErrorCode::kUnknownName,
        "unknown recipient '" + to_text + "'; use each_interviewer, primary or candidate");
  }

  auto anchors = r.string_list("anchor");
  if (!anchors) return std::move(anchors).error();
  if (anchors->empty()) anchors->push_back("trigger");
  if (anchors->size() > rule.anchors.size()) {
    return r.error_at("anchor", ErrorCode::kInvalidArgument, "a rule takes at most 4 anchors");
  }
  rule.anchor_count = static_cast<std::uint8_t>(anchors->size());
  for (std::size_t i = 0; i < anchors->size(); ++i) {
    auto a = anchor(r, "anchor", (*anchors)[i]);
    if (!a) return std::move(a).error();
    rule.anchors[i] = *a;
  }

  auto at = r.optional_duration("at");
  if (!at) return std::move(at).error();
  rule.at = at->value_or(Duration{});
  auto deadline = r.optional_duration("deadline");
  if (!deadline) return std::move(deadline).error();
  rule.deadline = deadline->value_or(rule.at);
  if (rule.deadline.unit == rule.at.unit && rule.deadline.amount < rule.at.amount) {
    return r.error_at("deadline", ErrorCode::kInvalidArgument,
                      "deadline " + rule.deadline.to_string() + " comes before at " +
                          rule.at.to_string() + "; the deadline must not be earlier");
  }
  auto align = r.optional_bool("align", true);
  if (!align) return std::move(align).error();
  rule.align = *align;
  auto scaled = r.optional_bool("scaled", false);
  if (!scaled) return std::move(scaled).error();
  rule.scaled = *scaled;
  auto contact = r.optional_bool("contact", rule.to != Fanout::kCandidate);
  if (!contact) return std::move(contact).error();
  rule.contact = *contact;
  auto channel = r.optional_string("channel");
  if (!channel) return std::move(channel).error();
  rule.channel = channel->value_or(rule.to == Fanout::kCandidate ? "self" : "email");

  auto tmpl = r.optional_string("template");
  if (!tmpl) return std::move(tmpl).error();
  if (*tmpl) {
    bool found = std::any_of(out_.templates.begin(), out_.templates.end(),
                             [&](const TemplateSet& s) { return s.name == **tmpl; });
    if (!found) {
      return r.error_at("template", ErrorCode::kUnknownName,
                        "unknown template '" + **tmpl + "'; define it under [templates]");
    }
    rule.template_name = **tmpl;
  }
  auto done = r.optional_string("done_on");
  if (!done) return std::move(done).error();
  if (*done) {
    auto e = event(r, "done_on", **done);
    if (!e) return std::move(e).error();
    rule.done_event = *e;
  }
  auto cancel = event_list(r, "cancel_on");
  if (!cancel) return std::move(cancel).error();
  rule.cancel_events = *cancel;

  auto repeat = r.optional_table("repeat");
  if (!repeat) return std::move(repeat).error();
  if (*repeat) {
    TableReader rr(**repeat, file, "[rule.repeat]");
    auto every = rr.optional_duration("every");
    if (!every) return std::move(every).error();
    auto max = rr.optional_int("max");
    if (!max) return std::move(max).error();
    if (!*every || !*max) {
      return rr.error_at("every", ErrorCode::kInvalidArgument,
                         "repeat needs both 'every' (a duration) and 'max' (a count)");
    }
    if (**max < 1 || **max > 15) {
      return rr.error_at("max", ErrorCode::kInvalidArgument,
                         "repeat 'max' must be between 1 and 15");
    }
    auto n = small_count(rr, "max", **max);
    if (!n) return std::move(n).error();
    if ((*every)->amount == 0) {
      return rr.error_at("every", ErrorCode::kInvalidArgument, "repeat 'every' must be > 0");
    }
    rule.repeat_every = **every;
    rule.max_occurrences = *n;
    if (auto s = rr.finish(); !s) return s;
  }
  auto limit = r.optional_table("limit");
  if (!limit) return std::move(limit).error();
  if (*limit) {
    TableReader lr(**limit, file, "[rule.limit]");
    auto ev = lr.required_string("event");
    if (!ev) return std::move(ev).error();
    auto e = event(lr, "event", *ev);
    if (!e) return std::move(e).error();
    auto max = lr.optional_int("max");
    if (!max) return std::move(max).error();
    if (!*max) return lr.error_at("max", ErrorCode::kInvalidArgument, "limit needs 'max'");
    auto n = small_count(lr, "max", **max);
    if (!n) return std::move(n).error();
    rule.limit_event = *e;
    rule.limit_max = *n;
    if (auto s = lr.finish(); !s) return s;
  }
  if (auto s = r.finish(); !s) return s;
  out_.rules.push_back(std::move(rule));
  return {};
}

Status PolicyCompiler::read_guards(TableReader& top) {
  auto guards = top.table_array("guard");
  if (!guards) return std::move(guards).error();
  if (guards->size() > limits::kMaxGuards) {
    return top.error_at("guard", ErrorCode::kInvalidArgument,
                        "the policy has " + std::to_string(guards->size()) +
                            " guards; a policy is limited to " +
                            std::to_string(limits::kMaxGuards) + " guards");
  }
  for (const toml::table* t : *guards) {
    TableReader r(*t, top.file(), "[[guard]]");
    CompiledGuard g;
    g.source = where(top.file(), *t);
    auto rule = r.required_string("rule");
    if (!rule) return std::move(rule).error();
    g.rule = *rule;
    auto message = r.required_string("message");
    if (!message) return std::move(message).error();
    g.message = *message;
    auto events = event_list(r, "events");
    if (!events) return std::move(events).error();
    if (events->empty()) {
      return r.error_at("events", ErrorCode::kInvalidArgument, "a guard needs 'events'");
    }
    g.events = *events;
    auto stages = stage_mask(r, "stages", ~StageMask{0});
    if (!stages) return std::move(stages).error();
    g.allowed_stages = *stages;
    auto flag = r.optional_string("forbid_flag");
    if (!flag) return std::move(flag).error();
    if (*flag) {
      if (**flag != "no_contact") {
        return r.error_at("forbid_flag", ErrorCode::kUnknownName,
                          "unknown flag '" + **flag + "'; the only forbidding flag is no_contact");
      }
      g.forbid_no_contact = true;
    }
    auto req = r.optional_string("requires");
    if (!req) return std::move(req).error();
    if (*req) {
      auto e = event(r, "requires", **req);
      if (!e) return std::move(e).error();
      g.requires_event = *e;
    }
    auto count = r.optional_string("count_event");
    if (!count) return std::move(count).error();
    if (*count) {
      auto e = event(r, "count_event", **count);
      if (!e) return std::move(e).error();
      g.count_event = *e;
    }
    auto max = r.optional_int("max_count");
    if (!max) return std::move(max).error();
    if (*max) {
      auto n = small_count(r, "max_count", **max);
      if (!n) return std::move(n).error();
      g.max_count = *n;
    }
    auto spacing = r.optional_duration("min_spacing");
    if (!spacing) return std::move(spacing).error();
    g.min_spacing = spacing->value_or(Duration{});
    if ((g.max_count > 0 || g.min_spacing.amount > 0) && g.count_event == kNoEvent) {
      return r.error_at("max_count", ErrorCode::kInvalidArgument,
                        "max_count and min_spacing need 'count_event' (the event they count)");
    }
    if (auto s = r.finish(); !s) return s;
    out_.guards.push_back(std::move(g));
  }
  return {};
}

Status PolicyCompiler::read_timers(TableReader& top) {
  // One timer per timed transition of the graph; the graph's delay is the default.
  for (const auto& timed : graph().timed()) {
    CompiledTimer t;
    t.event = timed.event;
    t.after = timed.after;
    t.anchors.push_back(Anchor{AnchorKind::kTrigger, 0});
    t.source = timed.source.text;
    out_.timers.push_back(std::move(t));
  }
  auto timers = top.table_array("timer");
  if (!timers) return std::move(timers).error();
  for (const toml::table* tt : *timers) {
    TableReader r(*tt, top.file(), "[[timer]]");
    auto name = r.required_string("event");
    if (!name) return std::move(name).error();
    auto e = event(r, "event", *name);
    if (!e) return std::move(e).error();
    // A timed event may leave several stages; the policy re-times all of them.
    std::vector<CompiledTimer*> targets;
    for (auto& t : out_.timers) {
      if (t.event == *e) targets.push_back(&t);
    }
    if (targets.empty()) {
      return r.error_at("event", ErrorCode::kInvalidArgument,
                        "event '" + *name + "' is not the event of a timed transition");
    }
    auto rule = r.optional_string("rule");
    if (!rule) return std::move(rule).error();
    auto after = r.optional_duration("after");
    if (!after) return std::move(after).error();
    auto anchors = r.string_list("anchor");
    if (!anchors) return std::move(anchors).error();
    std::vector<Anchor> resolved;
    for (const auto& a : *anchors) {
      auto an = anchor(r, "anchor", a);
      if (!an) return std::move(an).error();
      resolved.push_back(*an);
    }
    for (CompiledTimer* t : targets) {
      t->source = where(top.file(), *tt);
      t->rule = rule->value_or("");
      if (*after) t->after = **after;
      if (!resolved.empty()) t->anchors = resolved;
    }
    if (auto s = r.finish(); !s) return s;
  }
  return resolve_rule_refs();
}

}  // namespace nudge::detail
