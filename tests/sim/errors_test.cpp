// Bad input: model and population errors with file:line:column, limits, strategies that fail.
#include "sim/model.hpp"
#include "sim/sim_fixture.hpp"

namespace nudge::test {
namespace {

std::string model_error(const std::string& text) {
  TempFile f("model.toml", text);
  auto m = detail::load_employer_model(f.path());
  EXPECT_FALSE(m.ok());
  if (m.ok()) return "";
  const std::string& msg = m.error().message;
  // Report the message relative to the file, so tests compare exact texts.
  return msg.substr(0, f.path().size()) == f.path() ? "FILE" + msg.substr(f.path().size()) : msg;
}

const char* kMinimalModel = "[culture.us]\nmedian_days = 23.8\n";

TEST(SimErrors, ProbabilityOutsideZeroOneNamesTheLineAndColumn) {
  EXPECT_EQ(model_error(std::string(kMinimalModel) + "[silence]\nshare = 1.4\n"),
            "FILE:4:9: 'share' is 1.4; write a probability between 0 and 1 (e.g. 0.4 for 40 %)");
  EXPECT_EQ(model_error(std::string(kMinimalModel) + "[offer]\nrate = -0.1\n"),
            "FILE:4:8: 'rate' is -0.1; write a probability between 0 and 1 (e.g. 0.4 for 40 %)");
}

TEST(SimErrors, UnknownKeysAndBadTypesAreRefused) {
  EXPECT_EQ(model_error(std::string(kMinimalModel) + "[silence]\nshares = 0.4\n"),
            "FILE:4:10: unknown key 'shares' in [silence]; known keys: share");
  EXPECT_EQ(model_error(std::string(kMinimalModel) + "[offer]\nrate = \"28%\"\n"),
            "FILE:4:8: 'rate' in [offer] must be a number, not a string");
  EXPECT_EQ(model_error("[decision]\nreference_culture = \"us\"\n"),
            "FILE:1:1: reference_culture 'us' has no [culture.us] table; add one with its "
            "median_days");
}

TEST(SimErrors, ThankYouSharesMustNest) {
  EXPECT_EQ(model_error(std::string(kMinimalModel) +
                        "[thank_you]\nless_likely_share = 0.1\ndismiss_share = 0.2\n"),
            "FILE:5:17: 'dismiss_share' (0.2) exceeds 'less_likely_share' (0.1): employers who "
            "dismiss are among those less likely to hire; write a share no larger than "
            "less_likely_share");
}

TEST(SimErrors, PopulationErrorsNameTheFilePosition) {
  TempFile f("population.toml", R"([population]
first_day = 2026-01-05
last_day = 2026-12-11
[[culture]]
name = "xx"
zone = "UTC"
)");
  SimulationOptions o = small_run({"seed-default"}, 10, 1);
  o.population = f.path();
  auto r = simulate(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.substr(f.path().size()),
            ":5:8: culture 'xx' is not in the model (" + o.model +
                "); known cultures: br, ca, de, fr, in, jp, nl, uk, us");
}

TEST(SimErrors, PopulationSizeLimits) {
  auto zero = simulate(small_run({"seed-default"}, 0, 1));
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().message,
            "the population must hold 1 to 10000000 applications, not 0; split a larger study "
            "into runs with different seeds");
  auto huge = simulate(small_run({"seed-default"}, 10'000'001, 1));
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(huge.error().message.find("not 10000001"), std::string::npos);
}

TEST(SimErrors, AStrategyThatFailsToLoadNamesTheFileAndTheReason) {
  TempFile f("broken.toml", "[policy]\nname = \"broken\"\n[[rule]]\nid = \"R4\"\nat = \"soon\"\n");
  SimulationOptions o = small_run({"seed-default"}, 10, 1);
  o.strategies.push_back(f.path());
  auto r = simulate(o);
  ASSERT_FALSE(r.ok());
  const std::string& msg = r.error().message;
  EXPECT_EQ(msg.rfind("strategy '" + f.path() + "' does not load: " + f.path() + ":5:6: ", 0), 0u)
      << msg;
  EXPECT_NE(msg.find("soon"), std::string::npos) << msg;

  SimulationOptions missing = small_run({"seed-default"}, 10, 1);
  missing.strategies.push_back("/nonexistent/strategy.toml");
  auto m = simulate(missing);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().message.rfind("strategy '/nonexistent/strategy.toml' does not load: ", 0), 0u)
      << m.error().message;
}

}  // namespace
}  // namespace nudge::test
