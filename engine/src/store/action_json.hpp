#pragma once
// Actions as JSON, shared by the C API (plan as JSON) and `nudge serve`: the object format of
// `nudge plan --json` (docs/application-format.md), with the application id added.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "nudge/engine.hpp"

namespace nudge::detail {

/// The JSON object of an action (below).
nlohmann::ordered_json action_object(const Action& action);
/// {"id": KEY, "application", "rule", "action", "recipient", "channel", "zone", "at",
///  "deadline", "why" (when not empty), "optional" (when true), "draft" or "draft_error"}
/// with times in RFC 3339 in the recipient's zone.
std::string action_json(const Action& action);
/// {"application": ID, "actions": [action_json...]}: `nudge plan --json`'s document.
std::string plan_json(std::string_view application, const std::vector<Action>& actions);

}  // namespace nudge::detail
