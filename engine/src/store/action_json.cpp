#include "store/action_json.hpp"

#include <nlohmann/json.hpp>

namespace nudge::detail {

nlohmann::ordered_json action_object(const Action& a) {
  nlohmann::ordered_json j;
  j["id"] = a.key;
  j["application"] = a.application;
  j["rule"] = a.rule;
  j["action"] = a.action;
  j["recipient"] = a.recipient;
  j["channel"] = a.channel;
  j["zone"] = a.zone;
  j["at"] = format_rfc3339(a.at, a.zone);
  j["deadline"] = format_rfc3339(a.deadline, a.zone);
  if (!a.why.empty()) {
    auto& why = j["why"] = nlohmann::ordered_json::array();
    for (const Reason& r : a.why) why.push_back(r.text);
  }
  if (a.optional) j["optional"] = true;
  if (!a.draft.empty()) j["draft"] = a.draft;
  if (!a.draft_error.empty()) j["draft_error"] = a.draft_error;
  return j;
}

namespace {

// Engine text is UTF-8 from TOML files, but a host may send anything: never throw on it.
constexpr auto kReplace = nlohmann::ordered_json::error_handler_t::replace;

}  // namespace

std::string action_json(const Action& action) {
  return action_object(action).dump(-1, ' ', false, kReplace);
}

std::string plan_json(std::string_view application, const std::vector<Action>& actions) {
  nlohmann::ordered_json j;
  j["application"] = std::string(application);
  auto& list = j["actions"] = nlohmann::ordered_json::array();
  for (const Action& a : actions) list.push_back(action_object(a));
  return j.dump(-1, ' ', false, kReplace);
}

}  // namespace nudge::detail
