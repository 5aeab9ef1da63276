// nudge simulate: Monte-Carlo comparison of follow-up strategies (docs/simulation.md).
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli.hpp"
#include "nudge/simulate.hpp"
#include "stack_options.hpp"

namespace nudge::cli {
namespace {

std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the SIGINT handler stores a lock-free flag");

extern "C" void on_sigint(int /*signal*/) {
  g_interrupted.store(true);
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the process at once
}

std::string strategy_file(const std::string& arg) {
  if (arg.find('/') != std::string::npos || (arg.size() > 5 && arg.ends_with(".toml")) ||
      (arg.size() > 3 && arg.ends_with(".so"))) {
    return arg;
  }
  return policy_dir() + "/strategies/" + arg + ".toml";
}

void draw_progress(std::uint64_t done, std::uint64_t total) {
  constexpr int kWidth = 40;
  const double share = total ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
  const int filled = static_cast<int>(share * kWidth);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(kWidth, '.');
  std::fprintf(stderr, "\r[%s] %5.1f%%  %llu/%llu applications", bar.c_str(), 100 * share,
               static_cast<unsigned long long>(done), static_cast<unsigned long long>(total));
  std::fflush(stderr);
}

}  // namespace

void print_simulate_help() {
  std::cout << R"(Usage: nudge simulate --strategy NAME|FILE [--strategy ...] [options]

Compares follow-up strategies (policy layers) by simulating synthetic applications against an
employer-behaviour model, driving the real engine on a virtual clock. The first strategy is
the reference the others are compared with.

Options:
  --strategy NAME|FILE  a strategy: NAME = strategies/NAME.toml in the policy directory
                        (seed-default, no-thank-you, thank-you-only, eager, patient,
                        late-thank-you), any policy layer file, or a plugin library (.so:
                        that strategy's stack gets the plugin); repeatable
  --population N        number of synthetic applications (default 10000; 1 to 10000000)
  --seed S              random seed (default 1); the same seed gives the same result
  --threads T           worker threads (default: all cores); the result does not depend on it
  --model FILE          the employer model (default models/employer.toml), or a plugin
                        library that brings one
  --population-file FILE  who the applications are (default models/population.toml)
  --policy FILE         the base policy (default: default.toml in the policy directory)
  --plugin FILE         a plugin in every strategy's stack (repeatable); as for 'nudge plan',
                        the pack plugins and NUDGE_PLUGIN_PATH folders are loaded too
  --csv                 print CSV instead of the table
  --json                print JSON instead of the table
  --report FILE.html    also write a self-contained HTML report with charts
  -h, --help            show this help

A progress bar is drawn on stderr when it is a terminal. Ctrl-C stops the run and prints the
result so far, marked as partial.

Examples:
  nudge simulate --strategy seed-default --strategy no-thank-you --population 20000
  nudge simulate --strategy seed-default --strategy eager --strategy patient --json
  nudge simulate --strategy seed-default --strategy my-layer.toml --report report.html
)";
}

int run_simulate(const Args& args) {
  SimulationOptions options;
  options.policy = default_policy();
  options.model = policy_dir() + "/models/employer.toml";
  options.population = policy_dir() + "/models/population.toml";
  // The stack `nudge plan` builds: the pack plugins and NUDGE_PLUGIN_PATH.
  options.plugin_dirs = default_stack_options().plugin_dirs;
  options.use_plugin_path_environment = true;
  enum class Format { kTable, kCsv, kJson } format = Format::kTable;
  std::string report_file;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      print_simulate_help();
      return kOk;
    }
    if (a == "--csv") {
      format = Format::kCsv;
      continue;
    }
    if (a == "--json") {
      format = Format::kJson;
      continue;
    }
    const bool takes_value = a == "--strategy" || a == "--population" || a == "--seed" ||
                             a == "--threads" || a == "--model" || a == "--population-file" ||
                             a == "--policy" || a == "--report" || a == "--plugin";
    if (!takes_value) {
      std::cerr << "nudge simulate: unknown option '" << a << "'; see 'nudge simulate --help'\n";
      return kUsageError;
    }
    if (i + 1 >= args.size()) {
      std::cerr << "nudge simulate: " << a << " needs a value; see 'nudge simulate --help'\n";
      return kUsageError;
    }
    const std::string& v = args[++i];
    if (a == "--strategy") {
      options.strategies.push_back(strategy_file(v));
    } else if (a == "--population" || a == "--seed" || a == "--threads") {
      const auto parsed = parse_option_number(v, 0, UINT64_MAX);
      if (!parsed) {
        std::cerr << "nudge simulate: " << a << " takes a whole number, not '" << v << "'\n";
        return kUsageError;
      }
      const std::uint64_t n = *parsed;
      if (a == "--population") options.applications = n;
      if (a == "--seed") options.seed = n;
      if (a == "--threads") {
        if (n == 0 || n > 1024) {
          std::cerr << "nudge simulate: --threads takes 1 to 1024, not " << v << "\n";
          return kUsageError;
        }
        options.threads = static_cast<unsigned>(n);
      }
    } else if (a == "--model") {
      options.model = v;
    } else if (a == "--population-file") {
      options.population = v;
    } else if (a == "--policy") {
      options.policy = v;
    } else if (a == "--plugin") {
      options.plugin_files.push_back(v);
    } else {
      report_file = v;
    }
  }
  if (options.strategies.empty()) {
    std::cerr << "nudge simulate: name at least one --strategy (e.g. --strategy seed-default "
                 "--strategy no-thank-you); see 'nudge simulate --help'\n";
    return kUsageError;
  }
  const bool tty = isatty(STDERR_FILENO) != 0;
  if (tty) options.progress = draw_progress;
  g_interrupted.store(false);
  options.stop = &g_interrupted;
  auto previous = std::signal(SIGINT, on_sigint);
  auto result = simulate(options);
  std::signal(SIGINT, previous == SIG_ERR ? SIG_DFL : previous);
  if (tty) std::fputs("\r\033[K", stderr);
  if (!result) {
    std::cerr << "nudge simulate: " << result.error().message << "\n";
    return kInputError;
  }
  if (result->partial) {
    std::cerr << "nudge simulate: interrupted; the result below is PARTIAL (" << result->completed
              << " of " << result->requested << " applications)\n";
  }
  switch (format) {
    case Format::kTable:
      std::cout << format_table(*result);
      break;
    case Format::kCsv:
      std::cout << format_csv(*result);
      break;
    case Format::kJson:
      std::cout << format_json(*result);
      break;
  }
  if (!report_file.empty()) {
    std::ofstream out(report_file, std::ios::binary);
    out << format_html(*result);
    if (!out) {
      std::cerr << "nudge simulate: cannot write the report to '" << report_file << "'\n";
      return kInputError;
    }
  }
  return kOk;
}

}  // namespace nudge::cli
