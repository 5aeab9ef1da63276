// nudge policy explain: the effective parameters of every rule and which layer set each.
#include <iostream>

#include "stack_options.hpp"

namespace nudge::cli {

void print_policy_help() {
  std::cout << R"(Usage: nudge policy explain [--industry NAME] [--culture NAME] [--company FILE]
                            [--policy FILE] [--plugin FILE]...
       nudge policy list [--policy FILE]

explain  prints the effective policy of an application group: the layers (base, industry,
         culture, company, plugins), then every calendar, scale, rule, guard and timer
         value with the layer that set it (file:line:column), and the plugins' hooks.
list     prints the industries and cultures the stack knows.

Options:
)" << stack_options_help()
            << R"(  -h, --help       show this help

Example:
  nudge policy explain --industry government --culture de
)";
}

int run_policy(const Args& args) {
  if (args.empty() || args[0] == "-h" || args[0] == "--help") {
    print_policy_help();
    return args.empty() ? kUsageError : kOk;
  }
  const std::string& sub = args[0];
  if (sub != "explain" && sub != "list") {
    std::cerr << "nudge policy: unknown subcommand '" << sub
              << "'; use 'explain' or 'list' (see 'nudge policy --help')\n";
    return kUsageError;
  }
  StackOptions options = default_stack_options();
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    const OptionMatch match = take_stack_option(args, i, options);
    if (match == OptionMatch::kMissingValue) {
      std::cerr << "nudge policy: " << a << " needs a value; see 'nudge policy --help'\n";
      return kUsageError;
    }
    if (match == OptionMatch::kYes) continue;
    if (a == "-h" || a == "--help") {
      print_policy_help();
      return kOk;
    }
    std::cerr << "nudge policy: unknown argument '" << a << "'; see 'nudge policy --help'\n";
    return kUsageError;
  }
  auto stack = PolicyStack::load(options);
  if (!stack) {
    std::cerr << "nudge policy: " << stack.error().message << "\n";
    return kInputError;
  }
  print_refused_plugins(*stack, std::cerr);
  if (sub == "list") {
    auto print = [](const char* what, const std::vector<std::string>& names) {
      std::cout << what << ":";
      for (const auto& n : names) std::cout << " " << n;
      std::cout << (names.empty() ? " none\n" : "\n");
    };
    print("industries", stack->industries());
    print("cultures", stack->cultures());
    return kOk;
  }
  auto text = stack->explain({}, {});
  if (!text) {
    std::cerr << "nudge policy: " << text.error().message << "\n";
    return kInputError;
  }
  std::cout << *text;
  return kOk;
}

}  // namespace nudge::cli
