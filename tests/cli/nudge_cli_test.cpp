// The nudge command as a user runs it: the bundled example's plan, errors and exit codes.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

struct CliRun {
  int status = -1;
  std::string out;
};

CliRun run(const std::string& args) {
  const std::string cmd = std::string(NUDGE_CLI_PATH) + " " + args + " 2>&1";
  CliRun r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int raw = pclose(p);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

std::string src(const std::string& relative) {
  return std::string(NUDGE_SOURCE_DIR) + "/" + relative;
}

// The JSON object of the first action with this rule and recipient.
std::string action_json(const std::string& json, const std::string& rule,
                        const std::string& recipient) {
  std::size_t pos = 0;
  while ((pos = json.find("{\"id\"", pos)) != std::string::npos) {
    std::size_t end = json.find('}', pos);
    std::string obj = json.substr(pos, end - pos + 1);
    if (obj.find("\"rule\": \"" + rule + "\"") != std::string::npos &&
        obj.find("\"recipient\": \"" + recipient + "\"") != std::string::npos) {
      return obj;
    }
    pos = end;
  }
  return {};
}

TEST(NudgeCli, PlanJsonGivesTheWorkedExampleTimes) {
  CliRun r = run("plan --json " + src("policies/examples/panel.toml"));
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out.rfind("{\"application\": \"app-1\", \"actions\": [", 0), 0u) << r.out;
  std::string ana = action_json(r.out, "R1", "Ana Ruiz");
  EXPECT_NE(ana.find("\"at\": \"2026-11-23T13:30:00-06:00\", \"deadline\": "
                     "\"2026-11-24T10:30:00-06:00\""),
            std::string::npos)
      << ana;
  EXPECT_NE(ana.find("\"id\": \"app-1/R1/thank_you/Ana Ruiz/2026-11-23T16:30:00Z/1\""),
            std::string::npos);
  EXPECT_NE(ana.find("\"channel\": \"email\""), std::string::npos);
  std::string ben = action_json(r.out, "R1", "Ben Keller");
  EXPECT_NE(ben.find("\"at\": \"2026-11-24T09:00:00+01:00\", \"deadline\": "
                     "\"2026-11-25T09:00:00+01:00\""),
            std::string::npos)
      << ben;
  std::string r4 = action_json(r.out, "R4", "Ana Ruiz");
  EXPECT_NE(r4.find("\"at\": \"2026-11-30T13:30:00-06:00\", \"deadline\": "
                    "\"2026-12-03T13:30:00-06:00\""),
            std::string::npos)
      << r4;
  // Sorted by time: R15 (12:30 New York) first, R4 last.
  EXPECT_LT(r.out.find("\"rule\": \"R15\""), r.out.find("\"rule\": \"R1\""));
  EXPECT_LT(r.out.find("\"rule\": \"R16\""), r.out.find("\"rule\": \"R4\""));
}

TEST(NudgeCli, PlanFollowsTheEventsInTheFile) {
  CliRun r = run("plan --json " + src("policies/examples/panel-after-thanks.toml"));
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(action_json(r.out, "R1", "Ana Ruiz"), "");
  std::string r4 = action_json(r.out, "R4", "Ana Ruiz");
  EXPECT_NE(r4.find("\"at\": \"2026-11-30T15:10:00-06:00\""), std::string::npos) << r4;
  EXPECT_NE(r4.find("\"anchor: R1 thank_you (reported sent) at 2026-11-23T15:10:00-06:00\""),
            std::string::npos)
      << r4;
}

TEST(NudgeCli, PlanTextShowsLocalTimesAndReasons) {
  CliRun r = run("plan " + src("policies/examples/panel.toml"));
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("Tue 2026-11-24 09:00  R1 thank_you -> Ben Keller (email, Europe/Berlin)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("shifted: after the send window (09:00-17:00) on 2026-11-23"),
            std::string::npos);
}

TEST(NudgeCli, MalformedApplicationGivesFileLineColumn) {
  const std::string file = ::testing::TempDir() + "bad_app.toml";
  FILE* f = std::fopen(file.c_str(), "w");
  std::fputs("id = \"x\"\ncandidate_zone = \"Mars/Base\"\n", f);
  std::fclose(f);
  CliRun r = run("plan " + file);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "nudge plan: " + file +
                       ":2:18: unknown time zone 'Mars/Base'; use an IANA name such as "
                       "'America/New_York'\n");
}

TEST(NudgeCli, ValidateChecksEachKindOfFile) {
  CliRun r = run("validate " + src("policies/stages.toml") + " " + src("policies/default.toml") +
                 " " + src("policies/examples/panel.toml"));
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("ok: " + src("policies/default.toml") + ": policy 'default' with 10 rules"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("application 'app-1' with 2 interviewers"), std::string::npos);
}

TEST(NudgeCli, GraphPrintsDot) {
  CliRun r = run("graph");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out.rfind("digraph \"hiring\" {", 0), 0u) << r.out.substr(0, 200);
}

TEST(NudgeCli, GraphOfAPolicyShowsItsOwnTimerDelays) {
  CliRun r = run("graph --policy " + src("docs/examples/company-policy.toml"));
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(
      r.out.find("\"thanked\" -> \"awaiting\" [label=\"thank_you_window_closed\\n(after 3bd)\", "
                 "style=dashed];"),
      std::string::npos)
      << r.out;
}

TEST(NudgeCli, GraphRendersSvgWithGraphviz) {
  if (std::system("command -v dot >/dev/null 2>&1") != 0) GTEST_SKIP() << "graphviz not installed";
  const std::string svg = ::testing::TempDir() + "stages.svg";
  std::remove(svg.c_str());
  CliRun r = run("graph --svg " + svg);
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out, "wrote " + svg + "\n");
  FILE* f = std::fopen(svg.c_str(), "r");
  ASSERT_NE(f, nullptr);
  std::string text;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  std::fclose(f);
  EXPECT_NE(text.find("<svg"), std::string::npos);
  EXPECT_NE(text.find(">no_response</text>"), std::string::npos);
}

TEST(NudgeCli, UnknownCommandAndOptionAreUsageErrors) {
  EXPECT_EQ(run("plna").status, 2);
  EXPECT_EQ(run("plan --jsn x.toml").out,
            "nudge plan: unknown option '--jsn'; see 'nudge plan --help'\n");
  EXPECT_EQ(run("--help").status, 0);
}

TEST(NudgeCli, PlanWithIndustryAndCultureGivesTheDocumentedTimes) {
  // docs/packs.md: government (16d) under Germany (7bd / 10bd, thank-you optional).
  CliRun r =
      run("plan --json --industry government --culture de " + src("policies/examples/panel.toml"));
  ASSERT_EQ(r.status, 0) << r.out;
  std::string r4 = action_json(r.out, "R4", "Ana Ruiz");
  EXPECT_NE(r4.find("\"at\": \"2026-12-02T13:30:00-06:00\", \"deadline\": "
                    "\"2026-12-07T13:30:00-06:00\""),
            std::string::npos)
      << r4;
  EXPECT_NE(action_json(r.out, "R1", "Ben Keller").find("\"optional\": true"), std::string::npos);
  CliRun text =
      run("plan --industry government --culture de " + src("policies/examples/panel.toml"));
  EXPECT_NE(text.out.find("stage 'interviewed', policy 'default' + industry 'government' + "
                          "culture 'de' + culture plugin 'culture-holidays'\n"),
            std::string::npos)
      << text.out;
}

TEST(NudgeCli, PlanRefusesAnUnknownIndustry) {
  CliRun r = run("plan --industry mining " + src("policies/examples/panel.toml"));
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out,
            "nudge plan: unknown industry 'mining'; known industries: academia, finance, "
            "government, healthcare, retail-hospitality, tech (or leave it empty for the base "
            "policy)\n");
}

TEST(NudgeCli, PolicyExplainShowsWhichLayerSetEachValue) {
  CliRun r = run("policy explain --industry government --culture de");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("  at = '7bd'                                   <- culture de ("),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("cultures/de.toml:"), std::string::npos);
  CliRun list = run("policy list");
  EXPECT_EQ(list.out,
            "industries: academia finance government healthcare retail-hospitality tech\n"
            "cultures: br de fr in jp nl uk us\n");
  EXPECT_EQ(run("policy explian").status, 2);
}

TEST(NudgeCli, ValidateChecksLayersOverTheBasePolicy) {
  CliRun ok = run("validate " + src("policies/cultures/de.toml") + " " +
                  src("policies/industries/government.toml"));
  EXPECT_EQ(ok.status, 0) << ok.out;
  EXPECT_EQ(ok.out, "ok: " + src("policies/cultures/de.toml") +
                        ": layer over policy 'default' (10 rules)\nok: " +
                        src("policies/industries/government.toml") +
                        ": layer over policy 'default' (10 rules)\n");
  const std::string bad = ::testing::TempDir() + "bad_layer.toml";
  FILE* f = std::fopen(bad.c_str(), "w");
  std::fputs("[[rule]]\nid = \"R4\"\nat = \"soon\"\n", f);
  std::fclose(f);
  CliRun r = run("validate " + bad);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out.rfind("error: " + bad + ":3:6: ", 0), 0u) << r.out;
}

}  // namespace
