#pragma once
// Integer tallies of simulated applications. Every statistic of the report is computed from
// these counts, and integer sums do not depend on the order they are added in, so the report
// is the same whatever the thread count and whichever thread ran which batch.

#include <cstdint>
#include <vector>

namespace nudge::detail {

/// Answer times are tallied by the hour.
inline constexpr std::int64_t kSecondsPerBin = 3600;

struct StrategyTally {
  std::uint64_t applications = 0;
  std::uint64_t offers = 0;
  std::uint64_t rejections = 0;
  std::uint64_t never_answered = 0;
  std::uint64_t feedback = 0;
  std::uint64_t touches = 0;
  std::uint64_t violations = 0;
  std::uint64_t refused = 0;
  /// Paired against the first strategy: sums of (this - first) and of its square, for the
  /// offer indicator and the never-answered indicator.
  std::int64_t offer_diff_sum = 0;
  std::uint64_t offer_diff_sq = 0;
  std::int64_t never_diff_sum = 0;
  std::uint64_t never_diff_sq = 0;
  std::vector<std::uint64_t> answer_hours;  ///< answered applications by hour to the answer

  void add(const StrategyTally& o) {
    applications += o.applications;
    offers += o.offers;
    rejections += o.rejections;
    never_answered += o.never_answered;
    feedback += o.feedback;
    touches += o.touches;
    violations += o.violations;
    refused += o.refused;
    offer_diff_sum += o.offer_diff_sum;
    offer_diff_sq += o.offer_diff_sq;
    never_diff_sum += o.never_diff_sum;
    never_diff_sq += o.never_diff_sq;
    if (answer_hours.size() < o.answer_hours.size()) answer_hours.resize(o.answer_hours.size());
    for (std::size_t k = 0; k < o.answer_hours.size(); ++k) answer_hours[k] += o.answer_hours[k];
  }
};

}  // namespace nudge::detail
