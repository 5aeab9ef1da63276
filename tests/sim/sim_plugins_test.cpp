// nudge simulate with plugins: an employer model from a plugin (ABI 1.1 model_toml) gives
// exactly what the same model from a file gives, a broken one is refused with
// plugin:NAME:LINE:COLUMN, and a plugin is a strategy like a policy file.
#include "nudge/plugins.hpp"
#include "plugin/plugin_handle.hpp"
#include "sim/sim_fixture.hpp"

namespace nudge::test {
namespace {

std::string sim_plugin(const std::string& name) {
  return std::string(NUDGE_FIXTURE_DIR) + "/sim/" + name + ".so";
}

// The strategies' numbers, without the file names (which differ by design).
std::string numbers(const SimulationReport& r) {
  std::string out;
  for (const StrategyResult& s : r.strategies) {
    out += std::to_string(s.applications) + " " + std::to_string(s.offers) + " " +
           std::to_string(s.rejections) + " " + std::to_string(s.never_answered) + " " +
           std::to_string(s.touches) + " " + std::to_string(s.violations) + " " +
           std::to_string(s.refused) + "\n";
  }
  return out;
}

TEST(SimPlugins, AModelFromAPluginIsTheSameModelAsFromAFile) {
  auto plugin = Plugin::load(sim_plugin("sim_model"));
  ASSERT_TRUE(plugin.ok()) << plugin.error().message;
  EXPECT_TRUE(plugin->info().has_model);
  EXPECT_EQ(plugin->info().abi_minor, 1u);
  const TempFile file("ghosting.toml", std::string(plugin->handle()->model_toml()));

  // US candidates of no particular industry: the model has no industry table.
  const TempFile population("population.toml",
                            "[population]\nfirst_day = 2026-01-05\nlast_day = 2026-12-11\n"
                            "[[culture]]\nname = \"us\"\nzone = \"America/New_York\"\n"
                            "[[industry]]\nweight = 1\n[[panel]]\nsize = 2\n");
  SimulationOptions o = small_run({"seed-default", "no-thank-you"}, 3000, 2);
  o.population = population.path();
  o.model = sim_plugin("sim_model");
  auto from_plugin = simulate(o);
  ASSERT_TRUE(from_plugin.ok()) << from_plugin.error().message;
  o.model = file.path();
  auto from_file = simulate(o);
  ASSERT_TRUE(from_file.ok()) << from_file.error().message;

  EXPECT_EQ(from_plugin->model, "ghosting-employers");
  EXPECT_EQ(from_plugin->model_file, sim_plugin("sim_model"));
  EXPECT_EQ(numbers(*from_plugin), numbers(*from_file));
  // The model is in effect: its offer rate of 0.5 against the shipped model's 0.28.
  o.model = sim_path("policies/models/employer.toml");
  o.population = sim_path("policies/models/population.toml");
  auto shipped = simulate(o);
  ASSERT_TRUE(shipped.ok());
  EXPECT_GT(from_plugin->strategies[0].offer_rate, shipped->strategies[0].offer_rate + 0.1)
      << from_plugin->strategies[0].offer_rate << " against " << shipped->strategies[0].offer_rate;
}

TEST(SimPlugins, ABrokenOrMissingModelIsRefusedSayingWhere) {
  SimulationOptions o = small_run({"seed-default"}, 100, 1);
  o.model = sim_plugin("sim_broken_model");
  auto broken = simulate(o);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(broken.error().message,
            "plugin:sim-broken-model:4:8: 'rate' is 1.5; write a probability between 0 and 1 "
            "(e.g. 0.4 for 40 %)");
  o.model = sim_plugin("sim_strategy");
  auto none = simulate(o);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().message,
            sim_plugin("sim_strategy") +
                ": plugin 'sim-strategy' brings no employer model (its descriptor's model_toml, "
                "ABI 1.1, is NULL or empty); give a model file, or a plugin that brings one");
}

// Append-only ABI: a plugin built against 1.0 (struct_size ends before model_toml) loads,
// and the host never reads past its struct_size, whatever lies there.
TEST(SimPlugins, AnAbi10DescriptorHasNoModelWhateverFollowsIt) {
  auto plugin = Plugin::load(sim_plugin("sim_v1_0"));
  ASSERT_TRUE(plugin.ok()) << plugin.error().message;
  EXPECT_EQ(plugin->info().abi_minor, 0u);
  EXPECT_FALSE(plugin->info().has_model);
  EXPECT_EQ(plugin->handle()->model_toml(), "");
  SimulationOptions o = small_run({"seed-default"}, 100, 1);
  o.model = sim_plugin("sim_v1_0");
  auto r = simulate(o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("plugin 'sim-v1-0' brings no employer model"), std::string::npos)
      << r.error().message;
}

TEST(SimPlugins, APluginIsAStrategyLikeAPolicyFile) {
  SimulationOptions o = small_run({"seed-default", "no-thank-you"}, 3000, 2);
  auto files = simulate(o);
  ASSERT_TRUE(files.ok()) << files.error().message;
  o.strategies[1] = sim_plugin("sim_strategy");  // the same layer, brought by a plugin
  auto plugin = simulate(o);
  ASSERT_TRUE(plugin.ok()) << plugin.error().message;
  EXPECT_EQ(plugin->strategies[1].name, "sim_strategy");
  EXPECT_EQ(numbers(*plugin), numbers(*files));
  EXPECT_LT(plugin->strategies[1].touches, plugin->strategies[0].touches);
}

TEST(SimPlugins, PluginsForEveryStrategyAreLoadedOrTheRunIsRefused) {
  SimulationOptions o = small_run({"seed-default"}, 100, 1);
  o.plugin_files = {"/nonexistent/plugin.so"};
  auto r = simulate(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_NE(r.error().message.find("/nonexistent/plugin.so"), std::string::npos)
      << r.error().message;
}

}  // namespace
}  // namespace nudge::test
