// nudge plan: the dated follow-up plan of one application, in each recipient's local time.
#include <iostream>

#include "cli.hpp"
#include "nudge/engine.hpp"

namespace nudge::cli {
namespace {

// "Mon 2026-11-23 13:30" from an RFC 3339 local time.
std::string local_label(const std::string& rfc3339) {
  auto date = parse_date(rfc3339.substr(0, 10));
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  std::string day = date ? kDays[std::chrono::weekday(*date).c_encoding()] : "";
  return day + " " + rfc3339.substr(0, 10) + " " + rfc3339.substr(11, 5);
}

void print_text(const ApplicationContext& app, const ApplicationStatus& status,
                const Policy& policy, const std::vector<Action>& actions) {
  std::cout << app.id << ": " << (app.position.empty() ? "application" : app.position)
            << (app.company.empty() ? "" : " at " + app.company) << ", stage '" << status.stage
            << "', policy '" << policy.name() << "'\n";
  if (actions.empty()) {
    std::cout << "\nNothing is planned.\n";
    return;
  }
  for (const Action& a : actions) {
    std::string at = format_rfc3339(a.at, a.zone);
    std::string deadline = format_rfc3339(a.deadline, a.zone);
    std::cout << "\n"
              << local_label(at) << "  " << a.rule << " " << a.action << " -> " << a.recipient
              << " (" << a.channel << ", " << a.zone << ")\n";
    std::cout << "    at        " << at << "\n";
    std::cout << "    deadline  " << deadline << "  (" << local_label(deadline) << ")\n";
    for (std::size_t i = 0; i < a.why.size(); ++i) {
      std::cout << (i == 0 ? "    why       " : "              ") << a.why[i].text << "\n";
    }
    if (!a.draft.empty()) std::cout << "    draft     " << a.draft << "\n";
    if (!a.draft_error.empty()) std::cout << "    draft     " << a.draft_error << "\n";
    std::cout << "    key       " << a.key << "\n";
  }
}

void print_json(const ApplicationContext& app, const std::vector<Action>& actions) {
  std::cout << "{\"application\": " << json_string(app.id) << ", \"actions\": [";
  for (std::size_t i = 0; i < actions.size(); ++i) {
    const Action& a = actions[i];
    std::cout << (i ? ", " : "") << "\n  {\"id\": " << json_string(a.key)
              << ", \"rule\": " << json_string(a.rule) << ", \"action\": " << json_string(a.action)
              << ", \"recipient\": " << json_string(a.recipient)
              << ", \"channel\": " << json_string(a.channel)
              << ", \"zone\": " << json_string(a.zone)
              << ", \"at\": " << json_string(format_rfc3339(a.at, a.zone))
              << ", \"deadline\": " << json_string(format_rfc3339(a.deadline, a.zone))
              << ", \"why\": [";
    for (std::size_t w = 0; w < a.why.size(); ++w) {
      std::cout << (w ? ", " : "") << json_string(a.why[w].text);
    }
    std::cout << "]";
    if (!a.draft.empty()) std::cout << ", \"draft\": " << json_string(a.draft);
    if (!a.draft_error.empty()) std::cout << ", \"draft_error\": " << json_string(a.draft_error);
    std::cout << "}";
  }
  std::cout << (actions.empty() ? "]}\n" : "\n]}\n");
}

}  // namespace

void print_plan_help() {
  std::cout << R"(Usage: nudge plan [--json] [--policy FILE] APPLICATION.toml

Prints every planned follow-up of the application: when (in the recipient's own time zone,
aligned to their send window, weekends and holidays), to whom, by which channel, and why.

Options:
  --json           print {"application": ID, "actions": [{"id", "rule", "action",
                   "recipient", "channel", "zone", "at", "deadline", "why", "draft" or
                   "draft_error"}]},
                   times in RFC 3339 with the recipient's UTC offset, sorted by "at"
  --policy FILE    use this policy instead of the default (default.toml)
  -h, --help       show this help

Example:
  nudge plan policies/examples/panel.toml
)";
}

int run_plan(const Args& args) {
  bool json = false;
  std::string policy_file = default_policy();
  std::string app_file;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      print_plan_help();
      return kOk;
    } else if (a == "--json") {
      json = true;
    } else if (a == "--policy") {
      if (i + 1 >= args.size()) {
        std::cerr << "nudge plan: --policy needs a file\n";
        return kUsageError;
      }
      policy_file = args[++i];
    } else if (!a.empty() && a[0] == '-') {
      std::cerr << "nudge plan: unknown option '" << a << "'; see 'nudge plan --help'\n";
      return kUsageError;
    } else if (app_file.empty()) {
      app_file = a;
    } else {
      std::cerr << "nudge plan: one application file at a time ('" << a << "' is extra)\n";
      return kUsageError;
    }
  }
  if (app_file.empty()) {
    std::cerr << "nudge plan: which application? usage: nudge plan [--json] FILE.toml\n";
    return kUsageError;
  }
  auto policy = Policy::load_file(policy_file);
  if (!policy) {
    std::cerr << "nudge plan: " << policy.error().message << "\n";
    return kInputError;
  }
  auto app = load_application_file(app_file);
  if (!app) {
    std::cerr << "nudge plan: " << app.error().message << "\n";
    return kInputError;
  }
  Engine engine(*policy);
  if (auto s = engine.open(*app); !s) {
    std::cerr << "nudge plan: " << app_file << ": " << s.error().message << "\n";
    return kInputError;
  }
  auto actions = engine.plan(app->id);
  auto status = engine.status(app->id);
  if (!actions || !status) {
    std::cerr << "nudge plan: internal error\n";
    return kInputError;
  }
  if (json)
    print_json(*app, *actions);
  else
    print_text(*app, *status, *policy, *actions);
  return kOk;
}

}  // namespace nudge::cli
