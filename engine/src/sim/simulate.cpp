// nudge::simulate: loading, checking, the worker threads and the statistics.
#include "nudge/simulate.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "policy/compiled_policy.hpp"
#include "sim/chunk.hpp"

namespace nudge {

using namespace detail;  // NOLINT(google-build-using-namespace): private implementation file

namespace {

constexpr double kZ = 1.959963984540054;  // the 97.5 % point of the standard normal

Interval wilson(std::uint64_t successes, std::uint64_t n) {
  if (n == 0) return {0, 0};
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(successes) / nn;
  const double z2 = kZ * kZ;
  const double denom = 1 + z2 / nn;
  const double center = (p + z2 / (2 * nn)) / denom;
  const double half = kZ / denom * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
  return {std::max(0.0, center - half), std::min(1.0, center + half)};
}

/// Mean of paired differences and its normal-approximation interval.
Interval paired(std::int64_t sum, std::uint64_t sum_sq, std::uint64_t n, double& mean) {
  if (n == 0) {
    mean = 0;
    return {0, 0};
  }
  const double nn = static_cast<double>(n);
  mean = static_cast<double>(sum) / nn;
  const double var = n > 1 ? (static_cast<double>(sum_sq) - nn * mean * mean) / (nn - 1) : 0.0;
  const double half = kZ * std::sqrt(std::max(0.0, var) / nn);
  return {mean - half, mean + half};
}

/// The q-quantile of answered applications, in days: the hour bin holding the ceil(q n)-th
/// answer, at its middle.
double quantile_days(const std::vector<std::uint64_t>& hours, double q) {
  std::uint64_t total = 0;
  for (std::uint64_t c : hours) total += c;
  if (total == 0) return 0;
  const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(total)));
  std::uint64_t seen = 0;
  for (std::size_t b = 0; b < hours.size(); ++b) {
    seen += hours[b];
    if (seen >= std::max<std::uint64_t>(rank, 1)) {
      return (static_cast<double>(b) + 0.5) * static_cast<double>(kSecondsPerBin) / 86400.0;
    }
  }
  return static_cast<double>(hours.size()) * static_cast<double>(kSecondsPerBin) / 86400.0;
}

std::string stem(const std::string& path) { return std::filesystem::path(path).stem().string(); }

/// The events the simulated candidate reports, checked against the stage graph.
Result<std::vector<SimAction>> resolve_actions(const EmployerModel& m, const PolicyStack& stack) {
  const StageGraph& graph = stack.base().compiled().graph;
  std::vector<SimAction> out;
  for (const EmployerModel::ActionEvent& ae : m.action_events) {
    auto id = graph.find_event(ae.event);
    if (!id) {
      return make_error(ErrorCode::kUnknownName,
                        m.file + ": [candidate.events] maps '" + ae.action + "' to '" + ae.event +
                            "', which is not an event of the stage graph (" + graph.source_file() +
                            ")");
    }
    SimAction a;
    a.action = ae.action;
    a.event = ae.event;
    a.per_recipient = graph.events()[*id].per_recipient;
    a.thank_you = ae.event == "thank_you_sent";
    a.inquiry = ae.event == "inquiry_sent";
    out.push_back(std::move(a));
  }
  for (const char* needed :
       {"thank_you_sent", "inquiry_sent", "reply_received", "assessment_invited", "interview_ended",
        "offer_received", "rejection_received", "do_not_contact", "withdraw"}) {
    if (!graph.find_event(needed)) {
      return make_error(ErrorCode::kUnknownName, std::string("the simulator needs the event '") +
                                                     needed + "' in the stage graph (" +
                                                     graph.source_file() + ")");
    }
  }
  return out;
}

}  // namespace

Result<SimulationReport> simulate(const SimulationOptions& o) {
  if (o.applications == 0 || o.applications > kMaxSimulatedApplications) {
    return make_error(ErrorCode::kInvalidArgument,
                      "the population must hold 1 to " + std::to_string(kMaxSimulatedApplications) +
                          " applications, not " + std::to_string(o.applications) +
                          "; split a larger study into runs with different seeds");
  }
  if (o.strategies.empty()) {
    return make_error(ErrorCode::kInvalidArgument,
                      "no strategy given; name at least one policy layer, e.g. "
                      "policies/strategies/seed-default.toml");
  }
  auto setup = std::make_unique<SimSetup>();
  SimSetup& s = *setup;
  s.seed = o.seed;
  auto model = load_employer_model(o.model);
  if (!model) return std::move(model).error();
  s.model = std::move(*model);
  auto population = load_population(o.population, s.model);
  if (!population) return std::move(population).error();
  s.population = std::move(*population);
  for (const PopulationCulture& c : s.population.cultures) s.zones.push_back(*Zone::find(c.zone));
  for (const std::string& file : o.strategies) {
    StackOptions so;
    so.policy = o.policy;
    so.plugin_files = o.plugin_files;
    so.plugin_dirs = o.plugin_dirs;
    so.use_plugin_path_environment = o.use_plugin_path_environment;
    if (is_plugin_library(file)) {
      so.plugin_files.push_back(file);  // the strategy is the plugin: its hooks and layer
    } else {
      so.company = file;
    }
    auto stack = PolicyStack::load(so);
    if (!stack) {
      return make_error(stack.error().code,
                        "strategy '" + file + "' does not load: " + stack.error().message);
    }
    // Every group the population uses must compile under this strategy.
    for (const PopulationIndustry& i : s.population.industries) {
      for (const PopulationCulture& c : s.population.cultures) {
        auto p = stack->policy_for(i.policy, c.policy_layer ? c.name : std::string());
        if (!p) {
          return make_error(p.error().code, "strategy '" + file + "' with the population (" +
                                                s.population.file + "): " + p.error().message);
        }
      }
    }
    s.stacks.push_back(std::move(*stack));
  }
  auto actions = resolve_actions(s.model, s.stacks.front());
  if (!actions) return std::move(actions).error();
  s.actions = std::move(*actions);
  for (int k = 1; k <= 8; ++k) s.interviewer_names.push_back("Interviewer " + std::to_string(k));

  const std::uint64_t n = o.applications;
  const std::uint64_t batches = (n + kBatchSize - 1) / kBatchSize;
  unsigned threads = o.threads ? o.threads : std::max(1U, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::uint64_t>(threads, batches));

  std::atomic<std::uint64_t> next{0};
  std::atomic<std::uint64_t> done_apps{0};
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::vector<StrategyTally>> per_thread(threads);
  std::vector<std::uint64_t> completed(threads, 0);
  std::string error;
  unsigned running = threads;
  auto stopped = [&] { return o.stop && o.stop->load(std::memory_order_relaxed); };
  auto worker = [&](unsigned w) {
    std::vector<StrategyTally>& total = per_thread[w];
    total.resize(s.stacks.size());
    for (;;) {
      if (stopped()) break;
      const std::uint64_t b = next.fetch_add(1);
      if (b >= batches) break;
      const std::uint64_t begin = b * kBatchSize;
      const std::uint64_t end = std::min(n, begin + kBatchSize);
      BatchResult r = run_batch(s, begin, end, o.stop);
      if (!r.completed) {
        if (!r.error.empty()) {
          std::lock_guard<std::mutex> lock(mu);
          if (error.empty()) error = r.error;
        }
        break;
      }
      for (std::size_t k = 0; k < total.size(); ++k) total[k].add(r.tallies[k]);
      completed[w] += end - begin;
      done_apps.fetch_add(end - begin);
      if (!error.empty()) break;
    }
    std::lock_guard<std::mutex> lock(mu);
    --running;
    cv.notify_all();
  };
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (unsigned w = 0; w < threads; ++w) pool.emplace_back(worker, w);
  {
    std::unique_lock<std::mutex> lock(mu);
    while (running > 0) {
      cv.wait_for(lock, std::chrono::milliseconds(100));
      if (o.progress) {
        lock.unlock();
        o.progress(done_apps.load(), n);
        lock.lock();
      }
    }
  }
  for (std::thread& t : pool) t.join();
  if (!error.empty()) return make_error(ErrorCode::kInvalidArgument, error);

  std::vector<StrategyTally> total(s.stacks.size());
  std::uint64_t done = 0;
  for (unsigned w = 0; w < threads; ++w) {
    done += completed[w];
    for (std::size_t k = 0; k < total.size() && k < per_thread[w].size(); ++k) {
      total[k].add(per_thread[w][k]);
    }
  }

  SimulationReport rep;
  rep.seed = o.seed;
  rep.requested = n;
  rep.completed = done;
  rep.partial = done < n;
  rep.policy = o.policy;
  rep.model = s.model.name;
  rep.model_file = o.model;
  rep.population = s.population.name;
  rep.population_file = o.population;
  rep.horizon_days = s.model.horizon_days;
  for (std::size_t k = 0; k < total.size(); ++k) {
    const StrategyTally& t = total[k];
    StrategyResult r;
    r.name = stem(o.strategies[k]);
    r.file = o.strategies[k];
    r.applications = t.applications;
    r.offers = t.offers;
    r.rejections = t.rejections;
    r.never_answered = t.never_answered;
    r.feedback = t.feedback;
    r.touches = t.touches;
    r.violations = t.violations;
    r.refused = t.refused;
    const double nn = static_cast<double>(std::max<std::uint64_t>(t.applications, 1));
    r.offer_rate = static_cast<double>(t.offers) / nn;
    r.offer_rate_ci = wilson(t.offers, t.applications);
    r.median_days_to_answer = quantile_days(t.answer_hours, 0.5);
    r.p90_days_to_answer = quantile_days(t.answer_hours, 0.9);
    r.touches_per_application = static_cast<double>(t.touches) / nn;
    r.violations_per_100 = 100.0 * static_cast<double>(t.violations) / nn;
    r.never_answered_share = static_cast<double>(t.never_answered) / nn;
    r.offer_rate_diff_ci =
        paired(t.offer_diff_sum, t.offer_diff_sq, t.applications, r.offer_rate_diff);
    r.never_answered_diff_ci =
        paired(t.never_diff_sum, t.never_diff_sq, t.applications, r.never_answered_diff);
    const std::size_t days = static_cast<std::size_t>(std::ceil(s.model.horizon_days)) + 1;
    r.answer_days.assign(days, 0);
    for (std::size_t b = 0; b < t.answer_hours.size(); ++b) {
      const std::size_t d =
          std::min(days - 1, b * static_cast<std::size_t>(kSecondsPerBin) / 86400);
      r.answer_days[d] += t.answer_hours[b];
    }
    rep.strategies.push_back(std::move(r));
  }
  return rep;
}

}  // namespace nudge
