// The nudge command: dispatches to one file per subcommand.
#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli.hpp"
#include "stack_options.hpp"

namespace nudge::cli {
namespace {

void print_help() {
  std::cout <<
      R"(nudge - follow-up planning after a job interview

Usage: nudge <command> [options]

Commands:
  plan FILE.toml        print the dated follow-up plan of an application
  validate FILE...      check stage graph, policy and application files
  graph [FILE]          print the stage graph as Graphviz DOT (--svg FILE renders it)
  policy explain        the effective policy of an industry/culture/company, by layer
  policy list           the industries and cultures the policy stack knows
  plugins list          list the policy plugins found (and the libraries refused)
  simulate              compare follow-up strategies by Monte-Carlo simulation
  serve --db FILE       a durable engine answering JSON lines on stdin/stdout
  help [COMMAND]        show help for a command

Options for every command:
  -h, --help            show help

Examples:
  nudge plan policies/examples/panel.toml
  nudge plan --json --policy my-company.toml app.toml
  nudge plan --industry government --culture de policies/examples/panel.toml
  nudge policy explain --industry government --culture de
  nudge validate policies/default.toml policies/stages.toml app.toml
  nudge graph --svg stages.svg
  nudge plugins list --path ./my-plugins

Files: the default policy is default.toml in the policy directory (set NUDGE_POLICY_DIR to
use another). See docs/ for the policy format and the application file format.
)";
}

bool is_help(const std::string& a) { return a == "-h" || a == "--help"; }

}  // namespace

std::string policy_dir() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("NUDGE_POLICY_DIR"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const fs::path& candidate :
         {exe.parent_path() / "../share/nudge/policies", exe.parent_path() / "../policies"}) {
      if (fs::exists(candidate / "default.toml", ec)) return candidate.lexically_normal().string();
    }
  }
#ifdef NUDGE_DEFAULT_POLICY_DIR
  return NUDGE_DEFAULT_POLICY_DIR;
#else
  return "policies";
#endif
}

std::string default_policy() { return policy_dir() + "/default.toml"; }

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace nudge::cli

int main(int argc, char** argv) {
  using namespace nudge::cli;  // NOLINT(google-build-using-namespace)
  Args args(argv + 1, argv + argc);
  if (args.empty()) {
    print_help();
    return kUsageError;
  }
  const std::string command = args.front();
  Args rest(args.begin() + 1, args.end());
  if (is_help(command)) {
    print_help();
    return kOk;
  }
  if (command == "help") {
    if (rest.empty())
      print_help();
    else if (rest[0] == "plan")
      print_plan_help();
    else if (rest[0] == "validate")
      print_validate_help();
    else if (rest[0] == "graph")
      print_graph_help();
    else if (rest[0] == "policy")
      print_policy_help();
    else if (rest[0] == "plugins")
      print_plugins_help();
    else if (rest[0] == "simulate")
      print_simulate_help();
    else if (rest[0] == "serve")
      print_serve_help();
    else {
      std::cerr << "nudge: unknown command '" << rest[0] << "'; see 'nudge --help'\n";
      return kUsageError;
    }
    return kOk;
  }
  if (command == "plan") return run_plan(rest);
  if (command == "validate") return run_validate(rest);
  if (command == "graph") return run_graph(rest);
  if (command == "policy") return run_policy(rest);
  if (command == "plugins") return run_plugins(rest);
  if (command == "simulate") return run_simulate(rest);
  if (command == "serve") return run_serve(rest);
  std::cerr << "nudge: unknown command '" << command << "'; see 'nudge --help'\n";
  return kUsageError;
}
