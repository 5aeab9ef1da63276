// nudge validate: checks stage graph, policy and application files.
#include <iostream>

#include "cli.hpp"
#include "nudge/engine.hpp"
#include "stack_options.hpp"

namespace nudge::cli {
namespace {

enum class Kind { kGraph, kPolicy, kLayer, kApplication, kUnknown };

// True when a line of `text` sets `key` (`key = ...` at the start of a line).
bool sets_key(const std::string& text, const std::string& key) {
  std::size_t pos = 0;
  while ((pos = text.find(key, pos)) != std::string::npos) {
    const bool line_start = pos == 0 || text[pos - 1] == '\n';
    std::size_t after = text.find_first_not_of(" \t", pos + key.size());
    if (line_start && after != std::string::npos && text[after] == '=') return true;
    pos += key.size();
  }
  return false;
}

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
  if (text.find("[[interviewers]]") != std::string::npos) return Kind::kApplication;
  // A policy names its graph or the policy it extends; a layer (industry, culture, company,
  // overrides) does neither: the stack supplies the base.
  if (sets_key(text, "graph") || sets_key(text, "extends")) return Kind::kPolicy;
  for (const char* table : {"[policy", "[[rule]]", "[calendar]", "[[guard]]", "[[timer]]",
                            "[templates", "[scale]", "[lint"}) {
    if (text.find(table) != std::string::npos) return Kind::kLayer;
  }
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
  a policy (sets graph or extends)  every key, rule, guard, timer, template and its graph
  a layer ([policy] without graph/extends, or only [[rule]], [calendar], ... tables)
                                    an industry, culture, company or overrides layer,
                                    compiled over the base policy
  an application (has [[interviewers]])  every key, zones, dates, industry and culture;
                                    opened under the policy stack
Exits 1 if any file is invalid.

Options:
)" << stack_options_help();
}

int run_validate(const Args& args) {
  StackOptions options = default_stack_options();
  std::vector<std::string> files;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-h" || args[i] == "--help") {
      print_validate_help();
      return kOk;
    }
    const std::string& a = args[i];
    const OptionMatch match = take_stack_option(args, i, options);
    if (match == OptionMatch::kMissingValue) {
      std::cerr << "nudge validate: " << a << " needs a value; see 'nudge validate --help'\n";
      return kUsageError;
    }
    if (match == OptionMatch::kYes) {
      continue;
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
      case Kind::kLayer: {
        StackOptions layered = options;
        layered.company = file;
        auto stack = PolicyStack::load(layered);
        if (!stack) {
          error = stack.error().message;
          break;
        }
        auto p = stack->policy_for({}, {});
        if (!p) {
          error = p.error().message;
          break;
        }
        std::cout << "ok: " << file << ": layer over policy '" << stack->base().name() << "' ("
                  << p->rule_ids().size() << " rules)\n";
        break;
      }
      case Kind::kApplication: {
        auto stack = PolicyStack::load(options);
        if (!stack) {
          error = stack.error().message;
          break;
        }
        auto app = load_application_file(file);
        if (!app) {
          error = app.error().message;
          break;
        }
        Engine engine(*stack);
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
