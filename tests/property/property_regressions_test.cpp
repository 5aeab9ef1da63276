// Bugs the randomized property tests (engine_property_test.cpp) found, each pinned by the
// smallest sequence that shows it, under the default policy.

#include "scenarios/scenario.hpp"

namespace nudge::test {
namespace {

class PropertyRegression : public Scenario {
 protected:
  // Cleo in Berlin, interview Mon 2026-11-23 10:00, decision promised for Wed 2026-11-25.
  void open_with_decision_date() {
    auto app = single_app("app-1", "2026-11-23T10:00:00+01:00", "Europe/Berlin", "Cleo");
    app.decision_date = date("2026-11-25");
    open(app);
  }
};

// Property seed 79: a new round (further_assessment -> interview_ended) after the stated
// decision date planned R4 at decision date + 7 d, in the past, so the inquiry went out at once,
// before the new round's thank-you. A decision date before the day the rule is triggered is
// stale: R4 anchors on the new round's thank-you (R1 + 7 d).
TEST_F(PropertyRegression, R4_StaleDecisionDateDoesNotAnchorANewRound) {
  open_with_decision_date();
  EXPECT_EQ(times("R4", "Cleo"), "2026-12-02T09:00:00+01:00 / 2026-12-07T09:00:00+01:00");
  apply("thank_you_sent", "2026-11-23T14:00:00+01:00", "Cleo");
  apply("assessment_invited", "2026-12-10T10:00:00+01:00");
  apply("interview_ended", "2026-12-14T10:00:00+01:00");
  EXPECT_EQ(stage(), "interviewed");
  EXPECT_EQ(times("R1", "Cleo"), "2026-12-14T13:00:00+01:00 / 2026-12-15T10:00:00+01:00");
  EXPECT_EQ(times("R4", "Cleo"), "2026-12-21T13:00:00+01:00 / 2026-12-24T13:00:00+01:00");
}

// A new round before the stated date keeps it: the decision is still pending.
TEST_F(PropertyRegression, R4_DecisionDateStillAnchorsARoundBeforeIt) {
  auto app = single_app("app-1", "2026-11-23T10:00:00+01:00", "Europe/Berlin", "Cleo");
  app.decision_date = date("2026-12-18");
  open(app);
  apply("assessment_invited", "2026-11-30T10:00:00+01:00");
  apply("interview_ended", "2026-12-03T10:00:00+01:00");
  EXPECT_EQ(times("R4", "Cleo"), "2026-12-25T09:00:00+01:00 / 2026-12-28T09:00:00+01:00");
}

// Property seed 3: after two inquiries (the R5 guard's limit) a new round planned R4 again,
// an inquiry the guard then refuses when the host reports it. R4 now has the same limit.
TEST_F(PropertyRegression, R5_NoStatusInquiryAfterTwoInquiriesEvenInANewRound) {
  open_with_decision_date();
  apply("thank_you_sent", "2026-11-23T14:00:00+01:00", "Cleo");
  apply("inquiry_sent", "2026-12-01T10:00:00+01:00");
  apply("reply_received", "2026-12-02T10:00:00+01:00");
  apply("inquiry_sent", "2026-12-16T10:00:00+01:00");
  apply("reply_received", "2026-12-17T10:00:00+01:00");
  apply("assessment_invited", "2026-12-18T10:00:00+01:00");
  apply("interview_ended", "2026-12-21T10:00:00+01:00");
  EXPECT_EQ(times("R1", "Cleo"), "2026-12-21T13:00:00+01:00 / 2026-12-22T10:00:00+01:00");
  EXPECT_EQ(times("R4", "Cleo"), "none");
  auto third = engine.apply("app-1", Event{"inquiry_sent", at("2027-01-11T10:00:00+01:00"), ""});
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().code, ErrorCode::kRefused);
}

}  // namespace
}  // namespace nudge::test
