// Application groups (a stack's policy per industry, culture and overrides) and the calls into
// plugin hooks: `adjust` after each plan, `review` before each release. A hook that fails never
// stops the engine: the action keeps its TOML result and the failure becomes a Diagnostic.
#include <algorithm>
#include <cstring>
#include <limits>

#include "core/engine_impl.hpp"
#include "core/replan_bounds.hpp"
#include "plugin/plugin_handle.hpp"

namespace nudge {

using namespace detail;  // NOLINT(google-build-using-namespace): private implementation file

namespace {

nudge_str str(std::string_view s) { return nudge_str{s.data(), s.size()}; }

std::string note_text(const char* note, std::size_t size) {
  return std::string(note, strnlen(note, size));
}

// "NAME" of a message "plugin 'NAME': ...".
std::string plugin_name_of(const std::string& message) {
  if (message.rfind("plugin '", 0) != 0) return {};
  return message.substr(8, message.find('\'', 8) - 8);
}

}  // namespace

Result<std::uint16_t> Engine::Impl::variant_for(const ApplicationContext& c) {
  const std::string industry = stack.effective_industry(c.industry);
  const std::string culture = stack.effective_culture(c.culture);
  std::string key = industry;
  key.append(1, '\x1f').append(culture).append(1, '\x1f').append(c.overrides);
  if (auto it = variant_index.find(key); it != variant_index.end()) return it->second;
  if (variants.size() >= limits::kMaxGroups) {
    return make_error(ErrorCode::kInvalidArgument,
                      "more than 65535 distinct (industry, culture, overrides) groups in one "
                      "engine; share overrides between applications");
  }
  auto group = stack.policy_for(c.industry, c.culture, c.overrides, c.overrides_source);
  if (!group) return std::move(group).error();
  if (group->compiled().graph.content_hash() != cp.graph.content_hash()) {
    return make_error(ErrorCode::kMismatch, "the policy of industry '" + industry + "', culture '" +
                                                culture +
                                                "' uses another stage graph than the base");
  }
  auto v = std::make_unique<Variant>(std::move(*group));
  v->cp = &v->policy.compiled();
  v->planner = std::make_unique<Planner>(*v->cp, ShardTables{&zones, &holidays});
  // A blob's layout depends only on the interviewer count: computed once, not per event.
  for (std::size_t n = 0; n <= kMaxInterviewers; ++n) v->layouts[n] = BlobLayout::of(*v->cp, n);
  // Which rules each stage entry and each event restarts (their release counts reset).
  v->triggered_by_stage.resize(v->cp->graph.stages().size());
  v->triggered_by_event.resize(v->cp->graph.events().size());
  for (std::uint16_t i = 0; i < v->cp->rules.size(); ++i) {
    const CompiledRule& rule = v->cp->rules[i];
    auto& by =
        rule.trigger == TriggerKind::kEnterStage ? v->triggered_by_stage : v->triggered_by_event;
    if (rule.trigger_id < by.size()) by[rule.trigger_id].push_back(i);
  }
  v->industry = industry;
  v->culture = culture;
  v->overrides = c.overrides;
  v->overrides_source = c.overrides_source;
  for (const auto& plugin : v->cp->plugins) {
    v->has_adjust = v->has_adjust || plugin->info.has_adjust;
    v->has_review = v->has_review || plugin->info.has_review;
  }
  v->replan_after = replan_bounds(*v->cp, v->has_adjust || v->has_review);
  for (const std::string& warning : v->cp->warnings) {
    diagnostics.push_back(Diagnostic{plugin_name_of(warning), "", "", warning});
  }
  const std::size_t items = v->cp->rules.size() * (kMaxInterviewers + 1);
  scratch.items.reserve(items);
  if (v->has_adjust || v->has_review) {
    hook_actions.reserve(items);
    hook_backup.reserve(items);
    hook_people.reserve(kMaxInterviewers);
  }
  const auto id = static_cast<std::uint16_t>(variants.size());
  variants.push_back(std::move(v));
  variant_index.emplace(std::move(key), id);
  return id;
}

nudge_app Engine::Impl::plugin_app(const AppView& app) {
  const Variant& v = variant_of(*app.rec);
  hook_people.clear();
  for (std::uint8_t i = 0; i < app.rec->interviewer_count; ++i) {
    const InterviewerRec& iv = app.interviewers[i];
    hook_people.push_back(nudge_person{sizeof(nudge_person), str(pool.get(iv.name)),
                                       str(categories.get(iv.role)), str(zones[iv.zone].name()),
                                       i == app.rec->primary ? 1 : 0});
  }
  nudge_app a{};
  a.struct_size = sizeof(a);
  a.id = str(app_id(*app.rec));
  a.position = str(pool.get(app.rec->position));
  a.company = str(pool.get(app.rec->company));
  a.industry = str(v.industry);
  a.culture = str(v.culture);
  a.candidate_zone = str(zones[app.rec->candidate_zone].name());
  a.stage = str(cp.graph.stage_name(app.rec->stage));
  a.interview_end = app.rec->interview_end;
  a.decision_date = app.rec->decision_date == kNoDate ? NUDGE_NO_DATE : app.rec->decision_date;
  a.flags = (app.rec->flags & kFlagBusy ? NUDGE_FLAG_BUSY : 0u) |
            (app.rec->flags & kFlagUrgent ? NUDGE_FLAG_URGENT : 0u) |
            (app.rec->flags & kFlagNoContact ? NUDGE_FLAG_NO_CONTACT : 0u);
  a.interviewer_count = hook_people.size();
  a.interviewers = hook_people.data();
  return a;
}

nudge_action Engine::Impl::plugin_action(const Variant& v, const PlanItem& item) const {
  const CompiledRule& rule = v.cp->rules[item.rule];
  nudge_action a{};
  a.struct_size = sizeof(a);
  a.rule = str(rule.id);
  a.action = str(rule.action);
  a.channel = str(rule.channel);
  a.recipient = item.recipient == kCandidate ? NUDGE_RECIPIENT_CANDIDATE : item.recipient;
  a.occurrence = item.occurrence;
  a.trigger = item.trigger;
  a.at = item.at;
  a.deadline = item.deadline;
  return a;
}

void Engine::Impl::report(std::string plugin_error, const AppView& app, std::string action) {
  ++stats.plugin_errors;
  diagnostics.push_back(Diagnostic{plugin_name_of(plugin_error), std::string(app_id(*app.rec)),
                                   std::move(action), std::move(plugin_error)});
}

// Suppressed actions leave the plan (for this plan only: the next plan asks again).
void Engine::Impl::drop_suppressed(PlanResult& out, bool explain) {
  std::size_t keep = 0;
  for (std::size_t i = 0; i < hook_actions.size(); ++i) {
    if (hook_actions[i].suppress != 0) continue;
    if (keep != i) {
      hook_actions[keep] = hook_actions[i];
      out.items[keep] = out.items[i];
      if (explain) out.why[keep] = std::move(out.why[i]);
    }
    ++keep;
  }
  hook_actions.resize(keep);
  out.items.resize(keep);
  if (explain) out.why.resize(keep);
}

void Engine::Impl::plan_app(const AppView& app, PlanResult& out, bool explain,
                            std::int64_t deadline_until, bool earliest_only) {
  const Variant& v = variant_of(*app.rec);
  // Plugins see every action with its real deadline (kNever would compute none).
  if (v.has_adjust) {
    v.planner->plan(app, out, explain, std::numeric_limits<std::int64_t>::max());
  } else {
    v.planner->plan(app, out, explain, deadline_until, earliest_only);
  }
  if (!v.has_adjust || out.items.empty()) return;
  const nudge_app info = plugin_app(app);
  hook_actions.clear();
  for (const PlanItem& item : out.items) hook_actions.push_back(plugin_action(v, item));
  for (const auto& plugin : v.cp->plugins) {
    if (!plugin->info.has_adjust) continue;
    if (explain) hook_backup.assign(hook_actions.begin(), hook_actions.end());  // for "moved"
    for (nudge_action& a : hook_actions) {
      a.suppress = 0;
      a.note[0] = '\0';
    }
    // call_adjust puts every action back on failure and restores the read-only fields and
    // deadline >= at on success (plugin_handle.cpp): the TOML result stands on an error.
    std::string error;
    if (!plugin->call_adjust(info, hook_actions.data(), hook_actions.size(), error)) {
      report(std::move(error), app, {});
      continue;
    }
    if (!explain) {
      drop_suppressed(out, false);
      continue;
    }
    for (std::size_t i = 0; i < hook_actions.size(); ++i) {
      const nudge_action& a = hook_actions[i];
      const nudge_action& b = hook_backup[i];
      const std::string note = note_text(a.note, sizeof(a.note));
      const std::string who = "plugin " + plugin->info.name;
      if (a.suppress != 0) {
        out.why[i].push_back(who + ": dropped" + (note.empty() ? "" : " (" + note + ")"));
      } else if (a.at != b.at || a.deadline != b.deadline) {
        out.why[i].push_back(
            who + ": moved to " + format_rfc3339(instant_of(a.at), "UTC") +
            (a.deadline != b.deadline
                 ? " (deadline " + format_rfc3339(instant_of(a.deadline), "UTC") + ")"
                 : "") +
            (note.empty() ? "" : ": " + note));
      } else if (!note.empty()) {
        out.why[i].push_back(who + ": " + note);
      }
    }
    drop_suppressed(out, true);
  }
  for (std::size_t i = 0; i < out.items.size(); ++i) {
    out.items[i].at = hook_actions[i].at;
    out.items[i].deadline = hook_actions[i].deadline;
  }
}

Engine::Impl::Review Engine::Impl::review(const AppView& app, const Variant& v,
                                          const PlanItem& item, std::int64_t now,
                                          std::int64_t& hold_until) {
  const nudge_app info = plugin_app(app);
  const nudge_action action = plugin_action(v, item);
  Review result = Review::kRelease;
  for (const auto& plugin : v.cp->plugins) {
    if (!plugin->info.has_review) continue;
    nudge_review answer{};  // call_review starts it at NUDGE_ALLOW
    std::string error;
    if (!plugin->call_review(info, action, now, answer, error)) {
      report(std::move(error), app, expand(app, item).key);
      continue;
    }
    if (answer.verdict == NUDGE_REFUSE) {
      const std::string reason = note_text(answer.reason, sizeof(answer.reason));
      ++stats.actions_refused;
      diagnostics.push_back(
          Diagnostic{plugin->info.name, std::string(app_id(*app.rec)), expand(app, item).key,
                     "plugin '" + plugin->info.name +
                         "' refused it: " + (reason.empty() ? "no reason given" : reason)});
      return Review::kRefuse;
    }
    if (answer.verdict == NUDGE_SHIFT) {
      // call_review has already refused a shift_to that is not after now.
      if (hold_until == kNever || answer.shift_to > hold_until) hold_until = answer.shift_to;
      result = Review::kHold;
    }
    // Anything else is NUDGE_ALLOW: call_review reports unknown verdicts as errors.
  }
  if (result == Review::kHold) ++stats.actions_held;
  return result;
}

}  // namespace nudge
