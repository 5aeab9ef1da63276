// example-company: a complete nudge plugin for one (fictional) company's customs. Copy this
// folder to write your own: one class derived from nudge::plugin::Plugin, one macro.
//
// What it does (README.md explains each choice; docs/plugins.md the rules every plugin keeps):
//  1. policy_toml (below): turns on rule R10 (the value-adding note, off in default.toml) and
//     gives R4, the status inquiry, the company's own template.
//  2. adjust: a status inquiry due on a Friday, in the recipient's local time, moves to the
//     next Monday at the same local time (Example Co. reads no mail on Friday afternoons).
//  3. review: an R10 note is never released to an employer that asked not to be contacted
//     (the application's no_contact flag).
//
// Rules the code keeps:
//  - Deterministic: the result depends only on the hook's arguments (no clock, no random, no
//    files), so the engine plans the same times again after a replay or a restore.
//  - Stateless after construction: hooks run on several threads at once.
//  - Exceptions are fine: plugin.hpp turns them into errors the host reports with the
//    plugin's name; the actions then keep the times the TOML rules gave them.
#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "nudge/plugin.hpp"

namespace {

// The TOML layer the plugin brings. It sits just above the company's TOML layer, so it sees
// the default rules and may change them by id (docs/policy-format.md). A layer has no
// `extends` and no `graph`: the stack below provides them.
constexpr const char* kPolicyToml = R"toml(
# R10 (the value-adding note after the interview) is off in default.toml; Example Co. wants it.
# The review hook below keeps it from anyone who asked not to be contacted.
[[rule]]
id = "R10"
enabled = true

# Example Co.'s wording for the status inquiry (R4).
[templates.example_company_inquiry]
default = "Dear {interviewer}, I hope your week started well. Could you let me know where the {position} process at {company} stands? I remain very interested."

[[rule]]
id = "R4"
template = "example_company_inquiry"
)toml";

using Seconds = std::chrono::sys_seconds;

// The IANA zone of the action's recipient: an interviewer's, or the candidate's own.
std::string_view recipient_zone(const nudge::plugin::App& app, const nudge_action& action) {
  const auto people = app.interviewers();
  if (action.recipient != NUDGE_RECIPIENT_CANDIDATE && action.recipient < people.size()) {
    return nudge::plugin::view(people[action.recipient].zone);
  }
  return app.candidate_zone();
}

class ExampleCompany final : public nudge::plugin::Plugin {
 public:
  // A status inquiry due on a Friday (local time of its recipient) moves to the next Monday
  // at the same local time. Local, not +72 h: across a DST change (Europe switches on a
  // Sunday) the wall-clock time is what the recipient sees. A local time that does not exist
  // on that Monday (a DST gap) resolves to the later instant, like nudge's own calendar.
  void adjust(const nudge::plugin::App& app, std::span<nudge_action> actions) override {
    for (nudge_action& action : actions) {
      if (nudge::plugin::action_of(action) != "status_inquiry") continue;
      // locate_zone throws for an unknown zone: plugin.hpp reports it as this hook's error.
      const date::time_zone* zone = date::locate_zone(std::string(recipient_zone(app, action)));
      const date::local_seconds local = zone->to_local(Seconds{std::chrono::seconds{action.at}});
      const date::local_days day = date::floor<date::days>(local);
      if (date::weekday{day} != date::Friday) continue;
      const date::local_seconds monday = local + date::days{3};
      const Seconds moved = zone->to_sys(monday, date::choose::latest);
      const std::int64_t shift = moved.time_since_epoch().count() - action.at;
      action.at += shift;
      action.deadline += shift;  // the same time to act as before
      nudge::plugin::set_note(action, "example-company: no inquiries on Fridays; moved to Monday");
    }
  }

  // An R10 note is never sent to an employer that asked not to be contacted.
  nudge::plugin::Verdict review(const nudge::plugin::App& app, const nudge_action& action,
                                std::int64_t /*now*/) override {
    if (nudge::plugin::rule_of(action) == "R10" && app.no_contact()) {
      return nudge::plugin::Verdict::refuse(
          "example-company: the employer asked not to be contacted; no value-add note");
    }
    return nudge::plugin::Verdict::allow();
  }
};

}  // namespace

// The one exported symbol: name, version, description, layer, applies_to ("" = every
// application; a company plugin serves all of them anyway) and the TOML layer.
NUDGE_EXPORT_PLUGIN(ExampleCompany, "example-company", "1.0.0",
                    "Example Co.: no inquiries on Fridays, R10 on but never after no_contact",
                    NUDGE_LAYER_COMPANY, "", kPolicyToml)
