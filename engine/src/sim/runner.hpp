#pragma once
// The simulation runner's private pieces, shared with the tests: the synthetic application,
// the employer's latent draws, and one application's outcome.

#include <cstdint>
#include <optional>
#include <vector>

#include "nudge/time.hpp"
#include "sim/model.hpp"
#include "sim/random.hpp"
#include "time/zone.hpp"

namespace nudge::detail {

/// Random stream numbers of one application (Rng(seed, index, stream)).
inline constexpr std::uint64_t kPopulationStream = 0;
inline constexpr std::uint64_t kEmployerStream = 1;
inline constexpr std::uint64_t kReactionStream = 2;

/// A synthetic application, drawn from the population (stream kPopulationStream).
struct SyntheticApp {
  std::uint32_t culture = 0;   ///< index into Population::cultures
  std::uint32_t industry = 0;  ///< index into Population::industries
  std::uint32_t panel = 1;     ///< interviewers
  Instant interview_end{};
  std::optional<LocalDate> decision_date;  ///< stated by the employer
};

/// What the employer has decided before anything happens (stream kEmployerStream), so that
/// every strategy meets the same employer for application i (common random numbers).
struct EmployerDraws {
  double decision_days = 0;  ///< time to decision from the first interview's end
  std::uint32_t further_rounds = 0;
  double round_days[5] = {};  ///< duration of each further round (invite -> interview end)
  bool silent = false;
  double thank_you_u = 0;  ///< the employer's attitude to thank-you notes
  double offer_u = 0;      ///< offer iff offer_u < the offer chance at the decision
  double feedback_u = 0;
};

/// One application's result under one strategy.
struct AppOutcome {
  enum Kind : std::uint8_t { kNone = 0, kOffer = 1, kRejection = 2 };
  std::uint8_t kind = kNone;
  bool feedback = false;
  std::uint16_t touches = 0;
  std::uint16_t violations = 0;
  std::uint16_t refused = 0;
  double answer_days = 0;  ///< first interview end -> offer or announced rejection
};

/// The median of the time to decision of a synthetic application.
double decision_median_days(const EmployerModel& m, const Population& p, const SyntheticApp& a);

/// Draws application `index` of the population.
/// `zones[k]` is the zone of p.cultures[k].
SyntheticApp draw_application(const Population& p, const EmployerModel& m,
                              const std::vector<Zone>& zones, std::uint64_t seed,
                              std::uint64_t index);

/// Draws the employer's latent decisions for an application.
EmployerDraws draw_employer(const EmployerModel& m, const Population& p, const SyntheticApp& a,
                            std::uint64_t seed, std::uint64_t index);

}  // namespace nudge::detail
