// nudge plan: the dated follow-up plan of one application, in each recipient's local time.
#include <iostream>

#include "cli.hpp"
#include "nudge/engine.hpp"
#include "stack_options.hpp"

namespace nudge::cli {
namespace {

// "Mon 2026-11-23 13:30" from an RFC 3339 local time.
std::string local_label(const std::string& rfc3339) {
  auto date = parse_date(rfc3339.substr(0, 10));
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  std::string day = date ? kDays[std::chrono::weekday(*date).c_encoding()] : "";
  return day + " " + rfc3339.substr(0, 10) + " " + rfc3339.substr(11, 5);
}

// "policy 'default' + industry 'government' + culture 'de'".
std::string stack_label(const PolicyStack& stack, const ApplicationContext& app) {
  std::string out = "policy '" + stack.base().name() + "'";
  auto layers = stack.layers(app.industry, app.culture);
  if (!layers) return out;
  for (const LayerInfo& l : *layers) {
    if (l.kind == "base") continue;
    out += " + " + l.kind + " '" + l.name + "'";
  }
  return out;
}

void print_text(const ApplicationContext& app, const ApplicationStatus& status,
                const PolicyStack& stack, const std::vector<Action>& actions) {
  std::cout << app.id << ": " << (app.position.empty() ? "application" : app.position)
            << (app.company.empty() ? "" : " at " + app.company) << ", stage '" << status.stage
            << "', " << stack_label(stack, app) << "\n";
  if (actions.empty()) {
    std::cout << "\nNothing is planned.\n";
    return;
  }
  for (const Action& a : actions) {
    std::string at = format_rfc3339(a.at, a.zone);
    std::string deadline = format_rfc3339(a.deadline, a.zone);
    std::cout << "\n"
              << local_label(at) << "  " << a.rule << " " << a.action << " -> " << a.recipient
              << " (" << a.channel << ", " << a.zone << ")" << (a.optional ? "  [optional]" : "")
              << "\n";
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
    if (a.optional) std::cout << ", \"optional\": true";
    if (!a.draft.empty()) std::cout << ", \"draft\": " << json_string(a.draft);
    if (!a.draft_error.empty()) std::cout << ", \"draft_error\": " << json_string(a.draft_error);
    std::cout << "}";
  }
  std::cout << (actions.empty() ? "]}\n" : "\n]}\n");
}

}  // namespace

void print_plan_help() {
  std::cout << R"(Usage: nudge plan [--json] [--policy FILE] [--industry NAME] [--culture NAME]
                  [--company FILE] [--plugin FILE]... APPLICATION.toml

Prints every planned follow-up of the application: when (in the recipient's own time zone,
aligned to their send window, weekends and holidays), to whom, by which channel, and why.
The application's policy is the stack base -> industry -> culture -> company -> its own
overrides (see 'nudge policy explain').

Options:
  --json           print {"application": ID, "actions": [{"id", "rule", "action",
                   "recipient", "channel", "zone", "at", "deadline", "why", "optional"
                   (when true), "draft" or "draft_error"}]},
                   times in RFC 3339 with the recipient's UTC offset, sorted by "at"
)" << stack_options_help()
            << R"(  -h, --help       show this help

Examples:
  nudge plan policies/examples/panel.toml
  nudge plan --industry government --culture de policies/examples/panel.toml
)";
}

int run_plan(const Args& args) {
  bool json = false;
  StackOptions options = default_stack_options();
  std::string app_file;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const OptionMatch match = take_stack_option(args, i, options);
    if (match == OptionMatch::kMissingValue) {
      std::cerr << "nudge plan: " << a << " needs a value; see 'nudge plan --help'\n";
      return kUsageError;
    }
    if (match == OptionMatch::kYes) continue;
    if (a == "-h" || a == "--help") {
      print_plan_help();
      return kOk;
    } else if (a == "--json") {
      json = true;
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
  auto stack = PolicyStack::load(options);
  if (!stack) {
    std::cerr << "nudge plan: " << stack.error().message << "\n";
    return kInputError;
  }
  print_refused_plugins(*stack, std::cerr);
  auto app = load_application_file(app_file);
  if (!app) {
    std::cerr << "nudge plan: " << app.error().message << "\n";
    return kInputError;
  }
  Engine engine(*stack);
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
  for (const Diagnostic& d : engine.take_diagnostics()) std::cerr << "note: " << d.message << "\n";
  if (json)
    print_json(*app, *actions);
  else
    print_text(*app, *status, *stack, *actions);
  return kOk;
}

}  // namespace nudge::cli
