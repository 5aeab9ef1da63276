// Regressions found by reading the engine against its docs; each test names the bug.
#include "scenarios/scenario.hpp"

namespace nudge::test {
namespace {

using EngineRegression = Scenario;

// Bug: an anchor on a rule outside its stages vanished, so R4 (anchored on R1, which is
// planned only in interviewed/thanked) was lost once the application reached awaiting.
TEST_F(EngineRegression, R4SurvivesTheMoveToAwaiting) {
  open(panel_app());
  apply("thank_you_sent", "2026-11-23T15:10:00-06:00", "Ana Ruiz");
  apply("thank_you_sent", "2026-11-24T09:30:00+01:00", "Ben Keller");
  advance("2026-11-26T00:00:00Z");
  EXPECT_EQ(stage(), "awaiting");
  EXPECT_EQ(times("R4", "Ana Ruiz"), "2026-11-30T15:10:00-06:00 / 2026-12-03T15:10:00-06:00");
  auto due = advance("2026-11-30T21:10:00Z");
  int r4 = 0;
  for (const auto& a : due) r4 += a.rule == "R4" ? 1 : 0;
  EXPECT_EQ(r4, 1);
}

// Bug: repeating rules sent to each interviewer shared one occurrence counter, so the second
// interviewer never got an occurrence.
TEST(EngineRegressionPolicy, RepeatingRuleReachesEveryInterviewerEveryTime) {
  auto policy = Policy::load_file(source_path("tests/scenarios/data/repeat_each.toml"));
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  Engine engine(*policy);
  ASSERT_TRUE(engine.open(panel_app()).ok());
  auto due = engine.advance(at("2026-11-27T00:00:00Z"));
  ASSERT_TRUE(due.ok());
  std::vector<std::string> got;
  for (const auto& a : *due) {
    if (a.rule == "CHECK-IN") got.push_back(a.recipient + " " + format_rfc3339(a.at, a.zone));
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     "Ana Ruiz 2026-11-24T10:30:00-06:00",
                     "Ben Keller 2026-11-25T09:00:00+01:00",  // 17:30 Nov 24 is after hours
                     "Ana Ruiz 2026-11-25T10:30:00-06:00",
                     "Ben Keller 2026-11-26T09:00:00+01:00",
                 }));
}

// Bug: advance sorted its actions by (at, app, rule, recipient) only, which ties for two
// occurrences of a repeat aligned to the same time; the order now ends with the occurrence.
TEST(EngineRegressionPolicy, OccurrencesAlignedToTheSameTimeComeOutInOrder) {
  auto policy = Policy::load_file(source_path("tests/scenarios/data/repeat_hourly.toml"));
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  Engine engine(*policy);
  ApplicationContext app = panel_app();
  app.interview_end = at("2026-11-23T17:30:00-05:00");  // after hours: 18:30, 19:30, 20:30
  ASSERT_TRUE(engine.open(app).ok());
  std::vector<DueAction> due;
  ASSERT_TRUE(engine.advance(at("2026-11-24T10:00:00-05:00"), due).ok());
  std::vector<int> occurrences;
  for (const DueAction& d : due) {
    if (engine.describe(d).rule != "HOURLY") continue;
    EXPECT_EQ(format_rfc3339(d.at, "America/New_York"), "2026-11-24T09:00:00-05:00");
    occurrences.push_back(d.occurrence);
  }
  EXPECT_EQ(occurrences, (std::vector<int>{0, 1, 2}));
}

// Bug: apply fired timed transitions due before the event without releasing the actions due
// before them, so those actions were lost. Timers now fire only as the clock advances, and
// actions due before a timer are released before it fires.
TEST_F(EngineRegression, ActionsDueBeforeATimerAreReleasedEvenIfAnEventCameFirst) {
  open(panel_app());
  apply("thank_you_sent", "2026-11-23T15:00:00-06:00", "Ana Ruiz");
  // Reported before the host advanced its clock past the 48 h thank-you window.
  apply("connection_sent", "2026-11-27T10:00:00-06:00", "Ana Ruiz");
  EXPECT_EQ(stage(), "thanked");
  auto due = advance("2026-11-28T00:00:00Z");
  EXPECT_EQ(stage(), "awaiting");
  std::vector<std::string> got;
  for (const auto& a : due) got.push_back(a.rule + " " + a.recipient);
  EXPECT_EQ(got, (std::vector<std::string>{"R15 candidate", "R1 Ben Keller", "R11 Ben Keller",
                                           "R16 candidate"}));
}

}  // namespace
}  // namespace nudge::test

namespace nudge::test {
namespace {

// Bug: a rule for the candidate anchored on a rule sent to the primary contact never got a
// time; it now sees the primary contact's time.
TEST(EngineRegressionPolicy, CandidateRuleAnchoredOnAPrimaryRule) {
  auto policy = Policy::load_file(source_path("tests/scenarios/data/candidate_prep.toml"));
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  Engine engine(*policy);
  ASSERT_TRUE(engine.open(panel_app()).ok());
  auto plan = engine.plan("app-1");
  ASSERT_TRUE(plan.ok());
  std::string prep;
  for (const auto& a : *plan) {
    if (a.rule == "PREP") prep = a.recipient + " " + format_rfc3339(a.at, a.zone);
  }
  // R4 to Ana is 2026-11-30T13:30-06:00, i.e. 14:30 in the candidate's New York.
  EXPECT_EQ(prep, "candidate 2026-11-30T14:30:00-05:00");
}

std::string fnv_hex(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a 64, written out independently
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// Bug: restore skipped open's checks, so a crafted snapshot (valid checksum) with too many
// interviewers would overflow the planner's per-recipient table.
TEST(EngineRegressionPolicy, CraftedSnapshotPassesOpensChecks) {
  Engine engine(default_policy());
  ASSERT_TRUE(engine.open(panel_app()).ok());
  std::string snap = engine.snapshot();
  std::string body = snap.substr(0, snap.rfind("checksum\t"));
  const std::size_t iv = body.find("\niv\t") + 1;
  const std::string line = body.substr(iv, body.find('\n', iv) - iv + 1);
  std::string extra;
  for (int i = 0; i < 40; ++i) {
    std::string copy = line;
    copy.replace(3, 8, "Person" + std::to_string(i) + "x");
    extra += copy;
  }
  body.insert(iv, extra);
  Engine target(default_policy());
  auto r = target.restore(body + "checksum\t" + fnv_hex(body) + "\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(r.error().message,
            "snapshot line 5: application 'app-1' needs 1 to 32 interviewers; the snapshot is "
            "damaged");
}

// R19, bug: the plan explained Pacific/Apia's skipped Friday 2011-12-30 as "after the send
// window on 2011-12-30", a day that never had a window; it now says why the day was passed.
TEST_F(EngineRegression, R19_ASkippedDayIsExplainedAsOneWithoutAWindow) {
  open(single_app("app-1", "2011-12-29T15:00:00-10:00", "Pacific/Apia", "Sina Tuala"));
  const auto r1 = find("R1", "Sina Tuala");
  ASSERT_TRUE(r1.has_value());
  EXPECT_EQ(times("R1", "Sina Tuala"), "2012-01-02T09:00:00+14:00 / 2012-01-02T09:00:00+14:00");
  std::vector<std::string> why;
  for (const Reason& r : r1->why) why.push_back(r.text);
  const std::string no_window =
      "shifted: the send window (09:00-17:00) does not open on 2011-12-30 in Pacific/Apia: the "
      "clocks skip its start";
  const std::string deadline =
      "deadline aligned to 2012-01-02T09:00:00+14:00 (2011-12-31 is not a working day)";
  EXPECT_EQ(why, (std::vector<std::string>{
                     "anchor: interview end at 2011-12-29T15:00:00-10:00",
                     "offset: +3h (deadline +24h)",
                     "unaligned: 2011-12-29T18:00:00-10:00 (deadline 2011-12-31T15:00:00+14:00)",
                     "shifted: after the send window (09:00-17:00) on 2011-12-29",
                     no_window,
                     "shifted: 2011-12-31 is not a working day",
                     "shifted: 2012-01-01 is not a working day",
                     "aligned to 2012-01-02T09:00:00+14:00",
                     deadline,
                 }));
}

}  // namespace
}  // namespace nudge::test
