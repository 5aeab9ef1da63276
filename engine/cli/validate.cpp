// nudge validate: checks stage graph, policy and application files.
#include <iostream>

#include "cli.hpp"
#include "nudge/engine.hpp"

namespace nudge::cli {
namespace {

enum class Kind { kGraph, kPolicy, kApplication, kUnknown };

// Sniffs the file's kind from its first table or key.
Kind kind_of(const std::string& path, std::string& text_error) {
  auto text = [&]() -> std::string {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return {};
    std::string out;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    std::fclose(f);
    return out;
  }();
  if (text.empty()) {
    text_error = path + ": cannot read the file (missing or empty)";
    return Kind::kUnknown;
  }
  if (text.find("[graph") != std::string::npos) return Kind::kGraph;
  if (text.find("[policy") != std::string::npos) return Kind::kPolicy;
  if (text.find("interviewers") != std::string::npos) return Kind::kApplication;
  // Not recognisable: a syntax error is the most useful thing to report, if there is one.
  if (auto syntax = check_toml_file(path); !syntax) {
    text_error = syntax.error().message;
    return Kind::kUnknown;
  }
  text_error = path +
               ": not a stage graph ([graph]), a policy ([policy]) or an application "
               "([[interviewers]])";
  return Kind::kUnknown;
}

}  // namespace

void print_validate_help() {
  std::cout << R"(Usage: nudge validate [--policy FILE] FILE...

Checks each file and prints 'ok' or the first error with file:line:column:
  a stage graph (has [graph])       structure, names, reachability, terminal stages
  a policy (has [policy])           every key, rule, guard, timer, template and its graph
  an application (has [[interviewers]])  every key, zones, dates; opened under the policy
Exits 1 if any file is invalid.

Options:
  --policy FILE    the policy applications are checked against (default: default.toml)
)";
}

int run_validate(const Args& args) {
  std::string policy_file = default_policy();
  std::vector<std::string> files;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-h" || args[i] == "--help") {
      print_validate_help();
      return kOk;
    }
    if (args[i] == "--policy") {
      if (i + 1 >= args.size()) {
        std::cerr << "nudge validate: --policy needs a file\n";
        return kUsageError;
      }
      policy_file = args[++i];
    } else if (!args[i].empty() && args[i][0] == '-') {
      std::cerr << "nudge validate: unknown option '" << args[i] << "'\n";
      return kUsageError;
    } else {
      files.push_back(args[i]);
    }
  }
  if (files.empty()) {
    std::cerr << "nudge validate: name at least one file\n";
    return kUsageError;
  }
  int status = kOk;
  for (const auto& file : files) {
    std::string error;
    switch (kind_of(file, error)) {
      case Kind::kGraph: {
        auto r = validate_graph_file(file);
        if (r)
          std::cout << "ok: " << *r << "\n";
        else
          error = r.error().message;
        break;
      }
      case Kind::kPolicy: {
        auto p = Policy::load_file(file);
        if (p) {
          std::cout << "ok: " << file << ": policy '" << p->name() << "' with "
                    << p->rule_ids().size() << " rules\n";
        } else {
          error = p.error().message;
        }
        break;
      }
      case Kind::kApplication: {
        auto p = Policy::load_file(policy_file);
        if (!p) {
          error = p.error().message;
          break;
        }
        auto app = load_application_file(file);
        if (!app) {
          error = app.error().message;
          break;
        }
        Engine engine(*p);
        if (auto s = engine.open(*app); !s) {
          error = file + ": " + s.error().message;
          break;
        }
        std::cout << "ok: " << file << ": application '" << app->id << "' with "
                  << app->interviewers.size() << " interviewers\n";
        break;
      }
      case Kind::kUnknown:
        break;
    }
    if (!error.empty()) {
      std::cerr << "error: " << error << "\n";
      status = kInputError;
    }
  }
  return status;
}

}  // namespace nudge::cli
