// The employer model: the sampler reproduces the configured medians, and the thank-you effect
// exists where the model says it does (the US) and not where notes carry no weight (Japan).
#include <algorithm>
#include <cmath>

#include "sim/random.hpp"
#include "sim/runner.hpp"
#include "sim/sim_fixture.hpp"

namespace nudge::test {
namespace {

using detail::EmployerModel;
using detail::Population;

EmployerModel shipped_model() {
  auto m = detail::load_employer_model(sim_path("policies/models/employer.toml"));
  if (!m) throw std::runtime_error(m.error().message);
  return *m;
}

double sampled_median(const EmployerModel& m, const Population& p, const detail::SyntheticApp& a,
                      int n) {
  std::vector<double> days;
  days.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    days.push_back(detail::draw_employer(m, p, a, 7, static_cast<std::uint64_t>(i)).decision_days);
  }
  std::nth_element(days.begin(), days.begin() + n / 2, days.end());
  return days[static_cast<std::size_t>(n / 2)];
}

TEST(SimModel, ShippedModelHasTheGlassdoorMedians) {
  const EmployerModel m = shipped_model();
  EXPECT_DOUBLE_EQ(m.culture("us")->median_days, 23.8);
  EXPECT_DOUBLE_EQ(m.culture("in")->median_days, 16.1);
  EXPECT_DOUBLE_EQ(m.culture("br")->median_days, 39.6);
  EXPECT_DOUBLE_EQ(m.industry("restaurants")->median_days, 10.2);
  EXPECT_DOUBLE_EQ(m.industry("government")->median_days, 53.8);
  EXPECT_DOUBLE_EQ(m.silence_share, 0.40);
  EXPECT_DOUBLE_EQ(m.thank_you_less_likely_share, 0.22);
  EXPECT_DOUBLE_EQ(m.thank_you_dismiss_share, 0.16);
  EXPECT_DOUBLE_EQ(m.thank_you_considered_share, 0.80);
  EXPECT_DOUBLE_EQ(m.offer_rate, 0.28);
  EXPECT_DOUBLE_EQ(m.culture("jp")->thank_you_weight, 0.0);
  EXPECT_DOUBLE_EQ(m.culture("uk")->thank_you_weight, 0.0);
}

TEST(SimModel, SampledMediansMatchTheConfiguredMedians) {
  const EmployerModel m = shipped_model();
  Population p;
  for (const char* c : {"us", "jp", "in"}) p.cultures.push_back({c, 1, "UTC", true});
  p.industries.push_back({"", 1, ""});
  p.industries.push_back({"government", 1, "government"});
  p.industries.push_back({"restaurants", 1, ""});
  struct Case {
    std::uint32_t culture, industry;
    double median;
  };
  const Case cases[] = {{0, 0, 23.8},
                        {0, 1, 53.8},
                        {1, 0, 30.9},
                        {2, 2, 10.2 * 16.1 / 23.8},
                        {1, 1, 53.8 * 30.9 / 23.8}};
  constexpr int kN = 20000;
  for (const Case& c : cases) {
    detail::SyntheticApp a;
    a.culture = c.culture;
    a.industry = c.industry;
    EXPECT_NEAR(detail::decision_median_days(m, p, a), c.median, 1e-9);
    // The sample median of a lognormal has a standard error of about
    // sqrt(pi/2) * sigma * median / sqrt(n) = 0.6 % of the median here; allow 4 of them.
    const double se = std::sqrt(std::acos(-1.0) / 2) * m.decision_sigma * c.median / std::sqrt(kN);
    EXPECT_NEAR(sampled_median(m, p, a, kN), c.median, 4 * se)
        << "culture " << p.cultures[c.culture].name << ", industry "
        << p.industries[c.industry].name;
  }
}

TEST(SimModel, NormalAndLognormalAreWellFormed) {
  detail::Rng rng(1, 2, 3);
  constexpr int kN = 50000;
  double sum = 0;
  double sq = 0;
  int below = 0;
  for (int i = 0; i < kN; ++i) {
    const double z = rng.normal();
    sum += z;
    sq += z * z;
    below += rng.lognormal(10.0, 0.7) < 10.0;
  }
  EXPECT_NEAR(sum / kN, 0.0, 0.02);
  EXPECT_NEAR(sq / kN, 1.0, 0.03);
  EXPECT_NEAR(static_cast<double>(below) / kN, 0.5, 0.01);
  // Streams are fixed by (seed, index, stream): the same triple, the same numbers.
  detail::Rng a(5, 6, 1);
  detail::Rng b(5, 6, 1);
  detail::Rng c(5, 7, 1);
  const std::uint64_t first = a.next();
  EXPECT_EQ(first, b.next());
  EXPECT_NE(first, c.next());
}

TEST(SimModel, NoThankYouScoresBelowSeedDefaultInTheUs) {
  auto r = simulate(small_run({"seed-default", "no-thank-you"}, 6000, 2));
  ASSERT_TRUE(r.ok()) << r.error().message;
  const StrategyResult& none = r->strategies[1];
  EXPECT_LT(none.offer_rate, r->strategies[0].offer_rate);
  EXPECT_LT(none.offer_rate_diff_ci.high, 0.0) << format_table(*r);
  // Fewer touches: no thank-you notes.
  EXPECT_LT(none.touches_per_application, r->strategies[0].touches_per_application);
}

TEST(SimModel, NoThankYouCostsNothingWhereNotesCarryNoWeight) {
  // Japan: thank_you_weight = 0 (hiring-figures.md section 4: "not customary").
  TempFile jp("population-jp.toml", R"([population]
name = "jp"
first_day = 2026-01-05
last_day = 2026-12-11
[[culture]]
name = "jp"
zone = "Asia/Tokyo"
[[industry]]
name = "internet-tech"
policy = "tech"
)");
  SimulationOptions o = small_run({"seed-default", "no-thank-you"}, 6000, 2);
  o.population = jp.path();
  auto r = simulate(o);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const StrategyResult& none = r->strategies[1];
  EXPECT_GE(none.offer_rate_diff_ci.high, 0.0) << format_table(*r);
  EXPECT_LT(std::abs(none.offer_rate_diff), 0.01) << format_table(*r);
}

}  // namespace
}  // namespace nudge::test
