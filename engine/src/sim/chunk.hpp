#pragma once
// What every batch of a run shares (read-only across threads), and one batch's result.

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "nudge/stack.hpp"
#include "sim/model.hpp"
#include "sim/summary.hpp"
#include "time/zone.hpp"

namespace nudge::detail {

/// A released action the candidate carries out: the event reported to the engine.
struct SimAction {
  std::string action;  ///< the rule's action name ("thank_you")
  std::string event;   ///< what the candidate reports ("thank_you_sent")
  bool per_recipient = false;
  bool thank_you = false;  ///< the employer judges it as a thank-you note
  bool inquiry = false;    ///< ... as a status inquiry
};

struct SimSetup {
  EmployerModel model;
  Population population;
  std::vector<Zone> zones;          ///< per population culture
  std::vector<PolicyStack> stacks;  ///< per strategy
  std::vector<SimAction> actions;
  std::vector<std::string> interviewer_names;
  std::uint64_t seed = 0;
};

/// Applications per batch. Batches are the unit of work handed to threads; results do not
/// depend on it (each application's outcome depends only on its own stream).
inline constexpr std::uint64_t kBatchSize = 1024;

struct BatchResult {
  bool completed = false;
  std::string error;                   ///< set when the engine refused something unexpected
  std::vector<StrategyTally> tallies;  ///< per strategy
};

/// Simulates applications [begin, end) under every strategy.
BatchResult run_batch(const SimSetup& s, std::uint64_t begin, std::uint64_t end,
                      const std::atomic<bool>* stop);

}  // namespace nudge::detail
