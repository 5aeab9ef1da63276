#pragma once
/// @file simulate.hpp
/// Monte-Carlo comparison of follow-up strategies. A strategy is a policy layer (a company
/// layer file, e.g. policies/strategies/eager.toml) stacked on the base policy; the simulator
/// drives the real Engine with a virtual clock over N synthetic applications drawn from a
/// population, against an employer-behaviour model (docs/simulation.md).
///
/// Reproducible: application i draws from its own random stream seeded from (seed, i), and
/// results are aggregated in index order, so the same seed gives bit-for-bit the same report
/// whatever the number of threads.

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "nudge/export.hpp"
#include "nudge/result.hpp"

namespace nudge {

/// The largest population one run accepts.
inline constexpr std::uint64_t kMaxSimulatedApplications = 10'000'000;

/// What to simulate.
struct SimulationOptions {
  /// The base policy file (e.g. policies/default.toml).
  std::string policy;
  /// Strategies, compared against the first one: policy layer files (a company layer over the
  /// base), or plugin libraries (`.so`: the plugin, with its hooks and its TOML layer, in
  /// that strategy's stack only). A strategy's name is its file name without the extension.
  std::vector<std::string> strategies;
  /// The employer-behaviour model: a model file (policies/models/employer.toml), or a plugin
  /// library that brings one (plugin ABI 1.1 `model_toml`; docs/simulation.md).
  std::string model;
  /// Plugin libraries in every strategy's stack (what `nudge plan --plugin` loads); a failure
  /// to load one is an error.
  std::vector<std::string> plugin_files;
  /// Folders scanned for plugins for every strategy's stack (the pack plugins, ...); a library
  /// there that cannot be loaded is skipped.
  std::vector<std::string> plugin_dirs;
  /// Also scan the folders in NUDGE_PLUGIN_PATH, as `nudge plan` does.
  bool use_plugin_path_environment = false;
  /// The population spec file (policies/models/population.toml).
  std::string population;
  /// Number of synthetic applications, 1 to kMaxSimulatedApplications.
  std::uint64_t applications = 10'000;
  std::uint64_t seed = 1;
  /// Worker threads; 0 = the hardware's.
  unsigned threads = 0;
  /// When set and true, workers stop after their current batch; the report is then partial.
  const std::atomic<bool>* stop = nullptr;
  /// Called about ten times a second from the calling thread: applications done (over all
  /// strategies, counted once per application) and the total.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

/// A two-sided 95 % confidence interval.
struct Interval {
  double low = 0;
  double high = 0;
};

/// The outcome of one strategy over the population.
struct StrategyResult {
  std::string name;  ///< the file name without extension ("seed-default")
  std::string file;
  std::uint64_t applications = 0;  ///< simulated (fewer than asked when partial)
  std::uint64_t offers = 0;
  std::uint64_t rejections = 0;      ///< announced rejections
  std::uint64_t never_answered = 0;  ///< neither an offer nor a rejection within the horizon
  std::uint64_t feedback = 0;        ///< announced rejections that came with feedback
  std::uint64_t touches = 0;         ///< messages the candidate sent (thank-yous, inquiries...)
  std::uint64_t violations = 0;      ///< contacts that broke the model's etiquette
  std::uint64_t refused = 0;         ///< released actions the engine's guards refused
  double offer_rate = 0;
  Interval offer_rate_ci;            ///< Wilson score interval
  double median_days_to_answer = 0;  ///< from the first interview's end, answered only
  double p90_days_to_answer = 0;
  double touches_per_application = 0;
  double violations_per_100 = 0;
  double never_answered_share = 0;
  /// Against the first strategy, on the same applications (paired): this rate minus the
  /// first's, with a normal-approximation interval of the paired differences.
  double offer_rate_diff = 0;
  Interval offer_rate_diff_ci;
  double never_answered_diff = 0;
  Interval never_answered_diff_ci;
  /// Answered applications by whole days to the answer: answer_days[d] for d = 0..N-1 (the
  /// last bucket holds everything later).
  std::vector<std::uint64_t> answer_days;
};

/// A finished (or interrupted) run.
struct SimulationReport {
  std::uint64_t seed = 0;
  std::uint64_t requested = 0;  ///< applications asked for
  std::uint64_t completed = 0;  ///< applications simulated under every strategy
  bool partial = false;         ///< stopped before the end (SIGINT): only `completed` counted
  std::string policy;
  std::string model;  ///< the model's name
  std::string model_file;
  std::string population;  ///< the population's name
  std::string population_file;
  double horizon_days = 0;
  std::vector<StrategyResult> strategies;
};

/// Runs the simulation. Errors: a model or population file error (file:line:column), a
/// strategy that fails to load (naming the file and the reason), an application count of 0
/// or above kMaxSimulatedApplications.
NUDGE_API Result<SimulationReport> simulate(const SimulationOptions& options);

/// The report as a fixed-width text table per strategy, plus the differences.
NUDGE_API std::string format_table(const SimulationReport& report);
/// One CSV row per strategy, with a header line.
NUDGE_API std::string format_csv(const SimulationReport& report);
/// The report as JSON (stable key order; no timings or thread counts, so runs compare).
NUDGE_API std::string format_json(const SimulationReport& report);
/// A self-contained HTML page (inline CSS and SVG charts, no external resource).
NUDGE_API std::string format_html(const SimulationReport& report);

}  // namespace nudge
