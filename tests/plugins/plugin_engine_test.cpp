// Plugins inside the engine: real libraries built by the project, loaded into a policy stack,
// changing plans exactly; failing hooks fall back to the TOML result and are reported.
#include <gtest/gtest.h>

#include "nudge/engine.hpp"
#include "nudge/stack.hpp"
#include "scenarios/scenario.hpp"

namespace nudge::test {
namespace {

const std::string kFixtures = NUDGE_FIXTURE_DIR;

PolicyStack stack_with(const std::vector<std::string>& plugins) {
  StackOptions options;
  options.policy = source_path("policies/default.toml");
  options.plugin_files = plugins;
  options.use_plugin_path_environment = false;
  auto s = PolicyStack::load(options);
  if (!s) throw std::runtime_error(s.error().message);
  return *s;
}

class PluginEngine : public Scenario {
 protected:
  void use(PolicyStack stack) { engine = Engine(std::move(stack)); }
  std::vector<std::string> why(const char* rule, const char* recipient) {
    std::vector<std::string> out;
    if (auto a = find(rule, recipient)) {
      for (const auto& r : a->why) out.push_back(r.text);
    }
    return out;
  }
  static bool has(const std::vector<std::string>& lines, const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
  }
};

TEST_F(PluginEngine, ExampleCompanyMovesAFridayInquiryToMonday) {
  use(stack_with({NUDGE_EXAMPLE_COMPANY_PATH}));
  ApplicationContext app = panel_app();
  app.interview_end = at("2026-11-20T11:30:00-05:00");  // a Friday: R4 lands on Friday 11-27
  open(app);
  EXPECT_EQ(times("R4", "Ana Ruiz"), "2026-11-30T13:30:00-06:00 / 2026-12-03T13:30:00-06:00");
  EXPECT_TRUE(has(why("R4", "Ana Ruiz"),
                  "plugin example-company: moved to 2026-11-30T19:30:00Z (deadline "
                  "2026-12-03T19:30:00Z): example-company: no inquiries on Fridays; moved to "
                  "Monday"));
  // Its TOML layer: R10 on, and its own inquiry template.
  EXPECT_NE(times("R10", "Ana Ruiz"), "none");
  EXPECT_EQ(find("R4", "Ana Ruiz")->draft.rfind("Dear Ana Ruiz, I hope your week started well.", 0),
            0u);
  EXPECT_TRUE(engine.take_diagnostics().empty());
}

TEST_F(PluginEngine, ReleasedActionsCarryTheDeadlinesPlanned) {
  // With an adjust hook in the group, advance plans every action with its real deadline (the
  // hook sees it, and the released action carries it), as plan() shows.
  use(stack_with({NUDGE_EXAMPLE_COMPANY_PATH}));
  open(panel_app());
  const std::string r1 = times("R1", "Ana Ruiz");
  EXPECT_EQ(r1, "2026-11-23T13:30:00-06:00 / 2026-11-24T10:30:00-06:00");
  for (const Action& a : advance("2026-11-23T19:30:00Z")) {
    if (a.rule != "R1" || a.recipient != "Ana Ruiz") continue;
    EXPECT_EQ(format_rfc3339(a.at, a.zone) + " / " + format_rfc3339(a.deadline, a.zone), r1);
    return;
  }
  ADD_FAILURE() << "R1 to Ana Ruiz was not released";
}

TEST_F(PluginEngine, WithoutThePluginTheFridayInquiryStays) {
  use(stack_with({}));
  ApplicationContext app = panel_app();
  app.interview_end = at("2026-11-20T11:30:00-05:00");
  open(app);
  EXPECT_EQ(times("R4", "Ana Ruiz"), "2026-11-27T13:30:00-06:00 / 2026-11-30T13:30:00-06:00");
  EXPECT_EQ(times("R10", "Ana Ruiz"), "none");
}

TEST_F(PluginEngine, TheCPluginAddsKingsDayAndANoteForDutchApplications) {
  use(stack_with({NUDGE_EXAMPLE_C_PATH}));
  ApplicationContext app =
      single_app("app-1", "2028-04-26T16:00:00+02:00", "Europe/Amsterdam", "Sanne de Vries");
  app.culture = "nl";
  open(app);
  // +3 h = 19:00, after the window; Thu 2028-04-27 is King's Day (from the plugin: nl.toml
  // lists 2026-2027 only), so Friday.
  EXPECT_EQ(times("R1", "Sanne de Vries"), "2028-04-28T09:00:00+02:00 / 2028-04-28T09:00:00+02:00");
  EXPECT_TRUE(has(why("R4", "Sanne de Vries"),
                  "plugin example-c: example-c: a short, direct inquiry is the Dutch norm"));
  // Another culture does not get the plugin.
  ApplicationContext other = app;
  other.id = "app-2";
  other.culture = "de";
  open(other);
  EXPECT_EQ(times("R1", "Sanne de Vries", "app-2"),
            "2028-04-27T09:00:00+02:00 / 2028-04-27T16:00:00+02:00");
}

TEST_F(PluginEngine, AThrowingHookFallsBackToTheTomlResultAndIsReported) {
  use(stack_with({kFixtures + "/throwing.so"}));
  open(panel_app());
  EXPECT_EQ(times("R4", "Ana Ruiz"), "2026-11-30T13:30:00-06:00 / 2026-12-03T13:30:00-06:00");
  std::vector<Diagnostic> d = engine.take_diagnostics();
  ASSERT_FALSE(d.empty());
  EXPECT_EQ(d.front().plugin, "throwing");
  EXPECT_EQ(d.front().application, "app-1");
  EXPECT_EQ(d.front().message, "plugin 'throwing': adjust: boom");
  // Release still works: the review hook throws too, and the action goes out as planned.
  auto due = advance("2026-11-23T19:30:00Z");
  ASSERT_FALSE(due.empty());
  EXPECT_EQ(due.front().rule, "R15");
  EXPECT_GE(engine.stats().plugin_errors, 2u);
}

TEST_F(PluginEngine, ARawExceptionThroughTheCBoundaryDoesNotCrashTheHost) {
  use(stack_with({kFixtures + "/raw_throw.so"}));
  open(panel_app());
  EXPECT_EQ(times("R1", "Ana Ruiz"), "2026-11-23T13:30:00-06:00 / 2026-11-24T10:30:00-06:00");
  EXPECT_FALSE(engine.take_diagnostics().empty());
}

TEST_F(PluginEngine, ReviewRefusesHoldsAndAdjustMovesAndDrops) {
  use(stack_with({kFixtures + "/engine/reviewer.so"}));
  open(panel_app());
  // adjust: R4 one day later.
  EXPECT_EQ(times("R4", "Ana Ruiz"), "2026-12-01T13:30:00-06:00 / 2026-12-04T13:30:00-06:00");
  EXPECT_TRUE(has(why("R4", "Ana Ruiz"),
                  "plugin reviewer: moved to 2026-12-01T19:30:00Z (deadline "
                  "2026-12-04T19:30:00Z): reviewer: one more day"));
  // review: Ana's thank-you (due 19:30Z) is held until 15:00Z the same day... it is after
  // 15:00Z already, so it goes out; Ben's (due 08:00Z on 11-24) waits until 15:00Z.
  auto due = advance("2026-11-24T08:00:00Z");
  std::vector<std::string> released;
  for (const auto& a : due) released.push_back(a.rule + ":" + a.recipient);
  EXPECT_EQ(released, (std::vector<std::string>{"R15:candidate", "R1:Ana Ruiz"}));
  EXPECT_EQ(engine.stats().actions_held, 1u);
  due = advance("2026-11-24T14:59:59Z");
  EXPECT_TRUE(due.empty());
  due = advance("2026-11-24T15:00:00Z");
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].rule + ":" + due[0].recipient, "R1:Ben Keller");
  // R11 to Ana (due 11-24 19:30Z) is refused, never released, reported once.
  (void)engine.take_diagnostics();
  due = advance("2026-11-25T20:00:00Z");
  for (const auto& a : due) EXPECT_NE(a.rule, "R11");
  std::vector<Diagnostic> d = engine.take_diagnostics();
  ASSERT_EQ(d.size(), 2u);  // Ana's and Ben's connect notes
  EXPECT_EQ(d[0].message, "plugin 'reviewer' refused it: reviewer: no LinkedIn requests");
  EXPECT_EQ(d[0].action, "app-1/R11/connect/Ana Ruiz/2026-11-23T16:30:00Z/1");
  EXPECT_EQ(engine.stats().actions_refused, 2u);
  EXPECT_EQ(times("R11", "Ana Ruiz"), "none");
  // A snapshot restores to the same engine (the hooks are pure functions of their inputs).
  Engine restored(stack_with({kFixtures + "/engine/reviewer.so"}));
  ASSERT_TRUE(restored.restore(engine.snapshot()).ok());
  EXPECT_EQ(restored.snapshot(), engine.snapshot());
}

TEST_F(PluginEngine, DroppedOccurrencesLeaveThePlan) {
  use(stack_with({kFixtures + "/engine/reviewer.so"}));
  open(panel_app());
  int keep_searching = 0;
  for (const auto& a : plan()) keep_searching += a.rule == "R16" ? 1 : 0;
  EXPECT_EQ(keep_searching, 1);  // the plan shows the next occurrence only
  // Occurrences 1 and 2 go out, 3 and 4 are dropped.
  std::vector<std::string> r16;
  for (const char* when : {"2026-12-01T00:00:00Z", "2026-12-10T00:00:00Z", "2026-12-20T00:00:00Z",
                           "2027-01-01T00:00:00Z"}) {
    for (const auto& a : advance(when)) {
      if (a.rule == "R16") r16.push_back(format_rfc3339(a.at, a.zone));
    }
  }
  EXPECT_EQ(r16,
            (std::vector<std::string>{"2026-11-25T11:30:00-05:00", "2026-12-02T11:30:00-05:00"}));
}

}  // namespace
}  // namespace nudge::test
