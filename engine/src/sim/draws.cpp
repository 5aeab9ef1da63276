// Drawing a synthetic application and its employer's behaviour from the population and the
// model: each from its own random stream of (seed, index), so any thread draws the same
// values (docs/simulation.md, "Determinism").
#include <cmath>
#include <vector>

#include "sim/runner.hpp"

namespace nudge::detail {
namespace {

constexpr std::int64_t kDay = 86400;

std::int64_t seconds(double days) { return static_cast<std::int64_t>(std::llround(days * kDay)); }

}  // namespace

double decision_median_days(const EmployerModel& m, const Population& p, const SyntheticApp& a) {
  const ModelCulture* c = m.culture(p.cultures[a.culture].name);
  const std::string& ind = p.industries[a.industry].name;
  return m.median_days(c, ind.empty() ? nullptr : m.industry(ind));
}

SyntheticApp draw_application(const Population& p, const EmployerModel& m,
                              const std::vector<Zone>& zones, std::uint64_t seed,
                              std::uint64_t index) {
  Rng r(seed, index, kPopulationStream);
  SyntheticApp a;
  std::vector<double> w;
  auto pick = [&](const auto& list) {
    w.clear();
    double total = 0;
    for (const auto& x : list) {
      w.push_back(x.weight);
      total += x.weight;
    }
    return static_cast<std::uint32_t>(r.pick(w, total));
  };
  a.culture = pick(p.cultures);
  a.industry = pick(p.industries);
  a.panel = static_cast<std::uint32_t>(p.panels[pick(p.panels)].size);
  const auto span = (p.last_day - p.first_day).count() + 1;
  auto day = p.first_day +
             std::chrono::days{static_cast<std::int64_t>(r.uniform() * static_cast<double>(span))};
  const unsigned wd = std::chrono::weekday{day}.c_encoding();
  if (wd == 6) day -= std::chrono::days{1};  // interviews happen on weekdays
  if (wd == 0) day += std::chrono::days{1};
  const std::int64_t slots = (p.end_hour_max - p.end_hour_min) * 2 + 1;  // half hours
  const auto slot = static_cast<std::int64_t>(r.uniform() * static_cast<double>(slots));
  const std::int64_t local =
      day.time_since_epoch().count() * kDay + p.end_hour_min * 3600 + slot * 1800;
  const Zone& zone = zones[a.culture];
  a.interview_end = zone.to_instant(LocalSeconds{local});
  if (r.bernoulli(p.stated_date_share)) {
    // The employer states its usual time to decision (the median), as a date.
    const double median = decision_median_days(m, p, a);
    const std::int64_t when = zone.to_local(a.interview_end).count() + seconds(median);
    a.decision_date = LocalDate{std::chrono::days{when / kDay}};
  }
  return a;
}

EmployerDraws draw_employer(const EmployerModel& m, const Population& p, const SyntheticApp& a,
                            std::uint64_t seed, std::uint64_t index) {
  Rng r(seed, index, kEmployerStream);
  EmployerDraws e;
  e.decision_days = r.lognormal(decision_median_days(m, p, a), m.decision_sigma);
  bool more = true;
  for (std::int64_t k = 0; k < 5; ++k) {  // always 5 pairs, so the stream stays aligned
    const double u = r.uniform();
    const double days = r.lognormal(m.assessment_median_days, m.decision_sigma);
    more = more && k < m.assessment_max_rounds && u < m.assessment_share;
    if (more) {
      e.round_days[e.further_rounds] = days;
      ++e.further_rounds;
    }
  }
  e.silent = r.bernoulli(m.silence_share);
  e.thank_you_u = r.uniform();
  e.offer_u = r.uniform();
  e.feedback_u = r.uniform();
  return e;
}

}  // namespace nudge::detail
