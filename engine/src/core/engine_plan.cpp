// Engine::plan, describe and status: read-only views of an application.
#include <algorithm>

#include "core/engine_impl.hpp"
#include "policy/templates.hpp"

namespace nudge {

using namespace detail;  // NOLINT(google-build-using-namespace): private implementation file

Action Engine::Impl::expand(const AppView& app, const PlanItem& item) const {
  const CompiledPolicy& pol = *variant_of(*app.rec).cp;
  const CompiledRule& rule = pol.rules[item.rule];
  Action a;
  a.application = std::string(app_id(*app.rec));
  a.rule = rule.id;
  a.action = rule.action;
  a.channel = rule.channel;
  a.optional = rule.optional;
  a.at = Instant{std::chrono::seconds{item.at}};
  a.deadline = Instant{std::chrono::seconds{item.deadline}};
  // The candidate's own actions (reflection, keep searching) address them; drafts to the
  // candidate speak of the primary contact.
  const std::uint8_t person = item.recipient == kCandidate ? app.rec->primary : item.recipient;
  const InterviewerRec& iv = app.interviewers[person];
  if (item.recipient == kCandidate) {
    a.recipient = "candidate";
    a.zone = std::string(zones[app.rec->candidate_zone].name());
  } else {
    a.recipient = std::string(pool.get(iv.name));
    a.zone = std::string(zones[iv.zone].name());
  }
  a.key = a.application + "/" + rule.id + "/" + rule.action + "/" + a.recipient + "/" +
          format_rfc3339(Instant{std::chrono::seconds{item.trigger}}, "UTC") + "/" +
          std::to_string(item.occurrence + 1);
  if (!rule.template_name.empty()) {
    auto set = std::find_if(pol.templates.begin(), pol.templates.end(),
                            [&](const TemplateSet& s) { return s.name == rule.template_name; });
    const std::string_view role = categories.get(iv.role);
    const std::string* text = set == pol.templates.end() ? nullptr : template_text(*set, role);
    if (text) {
      TemplateValues values;
      values.interviewer = pool.get(iv.name);
      values.position = pool.get(app.rec->position);
      values.company = pool.get(app.rec->company);
      values.topic = iv.topic_count ? pool.get(topics[iv.topics]) : std::string_view{};
      values.role = role;
      auto draft = fill_template(*text, values);
      if (draft) {
        a.draft = std::move(*draft);
      } else {
        a.draft_error = "draft refused: " + draft.error().message;
      }
    }
  }
  return a;
}

Result<std::vector<Action>> Engine::plan(std::string_view id) const {
  Impl& m = *impl_;
  auto slot = m.find_app(id);
  if (!slot) return std::move(slot).error();
  AppView app = m.view(*slot);
  PlanResult result;
  m.plan_app(app, result, /*explain=*/true, kNever);
  std::vector<Action> out;
  for (std::size_t i = 0; i < result.items.size(); ++i) {
    Action a = m.expand(app, result.items[i]);
    for (auto& text : result.why[i]) a.why.push_back(Reason{std::move(text)});
    out.push_back(std::move(a));
  }
  std::stable_sort(out.begin(), out.end(), [](const Action& a, const Action& b) {
    return a.at != b.at ? a.at < b.at : a.recipient < b.recipient;
  });
  return out;
}

Action Engine::describe(const DueAction& due) const {
  Impl& m = *impl_;
  AppView app = m.view(due.app);
  PlanItem item;
  item.rule = due.rule;
  item.recipient = due.recipient;
  item.occurrence = due.occurrence;
  item.trigger = due.trigger.time_since_epoch().count();
  item.at = due.at.time_since_epoch().count();
  item.deadline = due.deadline.time_since_epoch().count();
  return m.expand(app, item);
}

Result<ApplicationStatus> Engine::status(std::string_view id) const {
  Impl& m = *impl_;
  auto slot = m.find_app(id);
  if (!slot) return std::move(slot).error();
  const AppRecord& rec = m.apps[*slot];
  ApplicationStatus s;
  s.id = std::string(id);
  s.stage = m.cp.graph.stage_name(rec.stage);
  s.closed = m.cp.graph.is_terminal(rec.stage);
  s.events = rec.events;
  return s;
}

}  // namespace nudge
