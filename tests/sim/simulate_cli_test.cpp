// nudge simulate as a user runs it: the table, JSON, bad options, and Ctrl-C.
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "sim/sim_fixture.hpp"

namespace nudge::test {
namespace {

struct CliRun {
  int status = -1;
  std::string out;
};

CliRun run(const std::string& command) {
  CliRun r;
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int raw = pclose(p);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

const std::string kCli = NUDGE_CLI_PATH;

TEST(SimulateCli, PrintsATablePerStrategyAndTheDifference) {
  CliRun r = run(kCli +
                 " simulate --strategy seed-default --strategy no-thank-you --population 2000"
                 " --seed 5 --threads 2");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("nudge simulate: 2000 applications, seed 5"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nseed-default "), std::string::npos);
  EXPECT_NE(r.out.find("against seed-default"), std::string::npos);
  // Not a terminal: no progress bar.
  EXPECT_EQ(r.out.find("\r["), std::string::npos);
}

TEST(SimulateCli, JsonIsTheSameForOneAndTwoThreads) {
  const std::string base = kCli +
                           " simulate --strategy seed-default --strategy patient "
                           "--population 2500 --seed 9 --json --threads ";
  CliRun one = run(base + "1");
  CliRun two = run(base + "2");
  ASSERT_EQ(one.status, 0) << one.out;
  EXPECT_EQ(one.out, two.out);
  EXPECT_EQ(one.out.rfind("{\n  \"seed\": 9,", 0), 0u) << one.out.substr(0, 200);
}

// As `nudge plan`, the command loads the pack plugins; a plugin can also be a strategy
// (--strategy FILE.so), bring the model (--model FILE.so) or join every stack (--plugin).
TEST(SimulateCli, PluginsAsStrategiesModelsAndLayers) {
  const std::string sim = std::string(NUDGE_FIXTURE_DIR) + "/sim/";
  CliRun strategy = run(kCli + " simulate --strategy seed-default --strategy " + sim +
                        "sim_strategy.so --population 300 --seed 3 --json");
  ASSERT_EQ(strategy.status, 0) << strategy.out;
  EXPECT_NE(strategy.out.find("\"name\": \"sim_strategy\""), std::string::npos) << strategy.out;
  CliRun broken = run(kCli + " simulate --strategy seed-default --model " + sim +
                      "sim_broken_model.so --population 10");
  EXPECT_EQ(broken.status, 1);
  EXPECT_EQ(broken.out,
            "nudge simulate: plugin:sim-broken-model:4:8: 'rate' is 1.5; write a probability "
            "between 0 and 1 (e.g. 0.4 for 40 %)\n");
  CliRun plugin = run(kCli +
                      " simulate --strategy seed-default --plugin /nonexistent/x.so "
                      "--population 10");
  EXPECT_EQ(plugin.status, 1);
  EXPECT_NE(plugin.out.find("/nonexistent/x.so"), std::string::npos) << plugin.out;
}

TEST(SimulateCli, BadInputGetsAClearMessage) {
  CliRun none = run(kCli + " simulate --population 10");
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.out.find("name at least one --strategy"), std::string::npos) << none.out;
  CliRun zero = run(kCli + " simulate --strategy seed-default --population 0");
  EXPECT_EQ(zero.status, 1);
  EXPECT_NE(zero.out.find("the population must hold 1 to 10000000 applications, not 0"),
            std::string::npos)
      << zero.out;
  CliRun word = run(kCli + " simulate --strategy seed-default --population lots");
  EXPECT_EQ(word.status, 2);
  EXPECT_NE(word.out.find("--population takes a whole number, not 'lots'"), std::string::npos);
  CliRun missing = run(kCli + " simulate --strategy no-such-strategy --population 10");
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.out.find("strategy '"), std::string::npos) << missing.out;
  EXPECT_NE(missing.out.find("no-such-strategy.toml' does not load"), std::string::npos);
}

TEST(SimulateCli, CtrlCPrintsAPartialResult) {
  // SIGINT after 3 s of a run that takes far longer: a clean stop, the partial table.
  // --foreground: timeout signals only nudge, once (without it, it also signals its process
  // group, and that second SIGINT is the "second Ctrl-C" that kills at once).
  CliRun r = run("timeout --foreground -s INT 3 " + kCli +
                 " simulate --strategy seed-default --population 10000000 --threads 2");
  EXPECT_EQ(r.status, 124) << "[" << r.out << "]";  // timeout's code when it had to signal
  EXPECT_NE(r.out.find("interrupted; the result below is PARTIAL"), std::string::npos)
      << "[" << r.out << "]";
  EXPECT_NE(r.out.find("(PARTIAL: interrupted after "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" of 10000000)"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace nudge::test
