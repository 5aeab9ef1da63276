// Engine::set_decision_date: a decision date stated (or moved, or withdrawn) after the
// application was opened re-plans R4 from it, releases nothing twice, and is refused when it
// cannot be (R4).
#include <string>
#include <vector>

#include "nudge/sharded_engine.hpp"
#include "scenarios/scenario.hpp"

namespace nudge::test {
namespace {

using DecisionDate = Scenario;

int count(const std::vector<Action>& actions, const char* rule) {
  int n = 0;
  for (const Action& a : actions) n += a.rule == rule ? 1 : 0;
  return n;
}

// The panel interview has no decision date: R4 waits a week after Ana's thank-you. The
// recruiter then writes "we will decide by Friday, December 4": R4 waits for D + 7 d (00:00
// of Dec 11 in New York is 23:00 on Dec 10 in Chicago, after Ana's window).
TEST_F(DecisionDate, R4_AStatedDateMovesTheInquiryAndAWithdrawnOneMovesItBack) {
  open(panel_app());
  EXPECT_EQ(times("R4", "Ana Ruiz"), "2026-11-30T13:30:00-06:00 / 2026-12-03T13:30:00-06:00");
  ASSERT_TRUE(engine.set_decision_date("app-1", date("2026-12-04")).ok());
  EXPECT_EQ(times("R4", "Ana Ruiz"), "2026-12-11T09:00:00-06:00 / 2026-12-14T09:00:00-06:00");
  EXPECT_TRUE(find("R4", "Ana Ruiz")->why.front().text.find("decision date 2026-12-04") !=
              std::string::npos)
      << find("R4", "Ana Ruiz")->why.front().text;
  // Nothing of R4 at its old time; once at its new one.
  EXPECT_EQ(count(advance("2026-12-01T00:00:00Z"), "R4"), 0);
  EXPECT_EQ(count(advance("2026-12-11T15:00:00Z"), "R4"), 1);
  // Released: moving the date again does not release it a second time.
  ASSERT_TRUE(engine.set_decision_date("app-1", date("2026-12-18")).ok());
  EXPECT_EQ(times("R4", "Ana Ruiz"), "none");
  EXPECT_EQ(count(advance("2027-01-31T00:00:00Z"), "R4"), 0);
}

TEST_F(DecisionDate, R4_WithdrawingTheDateGoesBackToTheThankYou) {
  ApplicationContext app = panel_app();
  app.decision_date = date("2026-12-04");
  open(app);
  EXPECT_EQ(times("R4", "Ana Ruiz"), "2026-12-11T09:00:00-06:00 / 2026-12-14T09:00:00-06:00");
  ASSERT_TRUE(engine.set_decision_date("app-1", std::nullopt).ok());
  EXPECT_EQ(times("R4", "Ana Ruiz"), "2026-11-30T13:30:00-06:00 / 2026-12-03T13:30:00-06:00");
  // A date already past when it is stated makes R4 due at once: the next advance sends it.
  advance("2026-12-20T00:00:00Z");
  Engine late(default_policy());
  ASSERT_TRUE(late.open(panel_app()).ok());
  ASSERT_TRUE(late.advance(at("2026-11-25T00:00:00Z")).ok());
  ASSERT_TRUE(late.set_decision_date("app-1", date("2026-11-24")).ok());
  auto due = late.advance(at("2026-12-02T00:00:00Z"));
  ASSERT_TRUE(due.ok());
  int r4 = 0;
  for (const Action& a : *due) {
    if (a.rule != "R4") continue;
    ++r4;
    EXPECT_EQ(format_rfc3339(a.at, a.zone), "2026-12-01T09:00:00-06:00");
  }
  EXPECT_EQ(r4, 1);
}

TEST_F(DecisionDate, RefusedDatesChangeNothing) {
  open(panel_app());
  const std::string before = times("R4", "Ana Ruiz");
  auto early = engine.set_decision_date("app-1", date("2026-11-22"));
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(early.error().message,
            "application 'app-1': decision_date 2026-11-22 is before the interview ended "
            "(2026-11-23 in America/New_York); give the date the employer stated, or leave it out");
  auto far = engine.set_decision_date("app-1", date("9000-01-01"));
  ASSERT_FALSE(far.ok());
  EXPECT_EQ(far.error().message,
            "application 'app-1': decision_date 9000-01-01 is outside the supported range "
            "(before 9000-01-01)");
  auto unknown = engine.set_decision_date("app-9", date("2026-12-04"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(times("R4", "Ana Ruiz"), before);
  // The day of the interview itself is accepted.
  EXPECT_TRUE(engine.set_decision_date("app-1", date("2026-11-23")).ok());
}

TEST_F(DecisionDate, KeptBySnapshotsAndByTheShardedEngine) {
  open(panel_app());
  ASSERT_TRUE(engine.set_decision_date("app-1", date("2026-12-04")).ok());
  Engine restored(default_policy());
  ASSERT_TRUE(restored.restore(engine.snapshot()).ok());
  auto plan = restored.plan("app-1");
  ASSERT_TRUE(plan.ok());
  for (const Action& a : *plan) {
    if (a.rule == "R4") {
      EXPECT_EQ(format_rfc3339(a.at, a.zone), "2026-12-11T09:00:00-06:00");
    }
  }
  ShardedEngine sharded(PolicyStack::single(default_policy()), 2);
  ASSERT_TRUE(sharded.open(panel_app()).ok());
  ASSERT_TRUE(sharded.set_decision_date("app-1", date("2026-12-04")).ok());
  EXPECT_EQ(sharded.plan("app-1")->size(), restored.plan("app-1")->size());
  EXPECT_EQ(sharded.set_decision_date("app-2", std::nullopt).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace nudge::test
