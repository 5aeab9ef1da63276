// The timing rules of RULES.md (R1, R4, R5, R7, R9, R11, R12, R14, R15, R16, R19) end to end:
// events in, exact due times out.
#include "scenarios/scenario.hpp"

namespace nudge::test {
namespace {

using DefaultPolicy = Scenario;

TEST_F(DefaultPolicy, R1_ThankYouIsCompleteOnceReportedSent) {
  open(panel_app());
  apply("thank_you_sent", "2026-11-23T15:10:00-06:00", "Ana Ruiz");
  EXPECT_EQ(stage(), "thanked");
  EXPECT_EQ(times("R1", "Ana Ruiz"), "none");
  EXPECT_EQ(times("R1", "Ben Keller"), "2026-11-24T09:00:00+01:00 / 2026-11-25T09:00:00+01:00");
}

TEST_F(DefaultPolicy, R4_InquiryWaitsAWeekAfterStatedDecisionDate) {
  ApplicationContext app = panel_app();
  app.decision_date = date("2026-12-01");
  open(app);
  // 00:00 of Dec 8 in New York is 23:00 Dec 7 in Chicago: after Ana's window.
  EXPECT_EQ(times("R4", "Ana Ruiz"), "2026-12-08T09:00:00-06:00 / 2026-12-11T09:00:00-06:00");
}

TEST_F(DefaultPolicy, R4_WithoutADateTheInquiryFollowsTheReportedThankYou) {
  open(panel_app());
  apply("thank_you_sent", "2026-11-23T15:10:00-06:00", "Ana Ruiz");
  EXPECT_EQ(times("R4", "Ana Ruiz"), "2026-11-30T15:10:00-06:00 / 2026-12-03T15:10:00-06:00");
  auto r4 = find("R4", "Ana Ruiz");
  ASSERT_TRUE(r4);
  EXPECT_EQ(r4->why.front().text,
            "anchor: R1 thank_you (reported sent) at 2026-11-23T15:10:00-06:00");
}

TEST_F(DefaultPolicy, R5_SecondInquiryFourteenDaysLaterThenCloseAsNoResponse) {
  open(panel_app());
  apply("inquiry_sent", "2026-12-01T09:00:00-06:00");
  EXPECT_EQ(stage(), "inquired");
  EXPECT_EQ(times("R5", "Ana Ruiz"), "2026-12-15T09:00:00-06:00 / 2026-12-18T09:00:00-06:00");
  apply("inquiry_sent", "2026-12-15T10:00:00-06:00");
  EXPECT_EQ(times("R5", "Ana Ruiz"), "none");  // two inquiries: the limit
  advance("2026-12-29T15:59:59Z");
  EXPECT_EQ(stage(), "inquired");
  advance("2026-12-29T16:00:00Z");  // 14 days after the last inquiry
  EXPECT_EQ(stage(), "no_response");
}

TEST_F(DefaultPolicy, R5_UnansweredPlannedSecondInquiryAlsoCloses) {
  open(panel_app());
  apply("inquiry_sent", "2026-12-01T09:00:00-06:00");
  // The second inquiry is planned for 2026-12-15 15:00Z; without a reply the application
  // closes 14 days after it.
  advance("2026-12-29T14:59:59Z");
  EXPECT_EQ(stage(), "inquired");
  advance("2026-12-29T15:00:00Z");
  EXPECT_EQ(stage(), "no_response");
}

TEST_F(DefaultPolicy, R5_NeverMoreThanTwoInquiriesNorTwoWithinFourteenDays) {
  open(panel_app());
  apply("inquiry_sent", "2026-12-01T09:00:00-06:00");
  auto early = engine.apply("app-1", Event{"inquiry_sent", at("2026-12-05T09:00:00-06:00"), ""});
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, ErrorCode::kRefused);
  EXPECT_EQ(early.error().message,
            "R5: at most 2 status inquiries, at least 14 days apart; after the last one goes "
            "unanswered, move on (application 'app-1' is in stage 'inquired')");
  apply("inquiry_sent", "2026-12-15T09:00:00-06:00");
  auto third = engine.apply("app-1", Event{"inquiry_sent", at("2027-01-05T09:00:00-06:00"), ""});
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().code, ErrorCode::kRefused);
}

TEST_F(DefaultPolicy, R7_BusyPeriodStretchesTheWait) {
  ApplicationContext app = panel_app();
  app.busy = true;
  open(app);
  // 7d x 1.5 = 10d 12h after Ana's thank-you (13:30): 01:30 Fri Dec 4 -> 09:00 that day.
  EXPECT_EQ(times("R4", "Ana Ruiz"), "2026-12-04T09:00:00-06:00 / 2026-12-08T13:30:00-06:00");
  EXPECT_EQ(times("R1", "Ana Ruiz"), "2026-11-23T13:30:00-06:00 / 2026-11-24T10:30:00-06:00");
}

TEST_F(DefaultPolicy, R7_UrgentHireShortensTheWait) {
  ApplicationContext app = panel_app();
  app.urgent = true;
  open(app);
  // 7d x 0.7 = 4d 21h36m: Sat Nov 28 11:06 -> Monday 09:00; deadline 10d x 0.7 = 7d.
  EXPECT_EQ(times("R4", "Ana Ruiz"), "2026-11-30T09:00:00-06:00 / 2026-11-30T13:30:00-06:00");
}

TEST_F(DefaultPolicy, R9_RequestedInformationIsDueWithin24Hours) {
  open(panel_app());
  apply("info_requested", "2026-11-25T16:00:00-05:00");
  EXPECT_EQ(times("R9", "Ana Ruiz"), "2026-11-25T15:00:00-06:00 / 2026-11-26T15:00:00-06:00");
  apply("info_sent", "2026-11-25T17:00:00-05:00");
  EXPECT_EQ(times("R9", "Ana Ruiz"), "none");
}

TEST_F(DefaultPolicy, R11_ConnectWithEachInterviewerAfterTheThankYou) {
  open(panel_app());
  EXPECT_EQ(times("R11", "Ana Ruiz"), "2026-11-24T13:30:00-06:00 / 2026-11-30T13:30:00-06:00");
  EXPECT_EQ(times("R11", "Ben Keller"), "2026-11-25T09:00:00+01:00 / 2026-12-01T09:00:00+01:00");
  auto a = find("R11", "Ben Keller");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->channel, "linkedin");
}

TEST_F(DefaultPolicy, R12_AFurtherInterviewRestartsTheThankYouCycle) {
  open(panel_app());
  apply("thank_you_sent", "2026-11-23T15:00:00-06:00", "Ana Ruiz");
  apply("thank_you_sent", "2026-11-24T09:30:00+01:00", "Ben Keller");
  apply("assessment_invited", "2026-11-26T10:00:00-05:00");
  EXPECT_EQ(times("R1", "Ana Ruiz"), "none");
  apply("interview_ended", "2026-12-02T14:00:00-05:00");
  EXPECT_EQ(stage(), "interviewed");
  EXPECT_EQ(times("R1", "Ana Ruiz"), "2026-12-02T16:00:00-06:00 / 2026-12-03T13:00:00-06:00");
  EXPECT_EQ(times("R1", "Ben Keller"), "2026-12-03T09:00:00+01:00 / 2026-12-04T09:00:00+01:00");
}

TEST_F(DefaultPolicy, R14_RejectionReplyThenKeepInTouchTwice) {
  open(panel_app());
  apply("rejection_received", "2026-12-04T15:00:00-05:00");
  // +24h is Saturday 14:00 in Chicago; +48h Sunday: both move to Monday 09:00.
  EXPECT_EQ(times("R14-reply", "Ana Ruiz"),
            "2026-12-07T09:00:00-06:00 / 2026-12-07T09:00:00-06:00");
  EXPECT_EQ(times("R14-keep-in-touch", "Ana Ruiz"),
            "2027-03-04T14:00:00-06:00 / 2027-03-11T14:00:00-06:00");
  auto due = advance("2027-03-05T00:00:00Z");
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[1].rule, "R14-keep-in-touch");
  // The second occurrence, 90 days later, after the DST change.
  EXPECT_EQ(times("R14-keep-in-touch", "Ana Ruiz"),
            "2027-06-02T14:00:00-05:00 / 2027-06-09T14:00:00-05:00");
  advance("2027-06-03T00:00:00Z");
  EXPECT_EQ(times("R14-keep-in-touch", "Ana Ruiz"), "none");
}

TEST_F(DefaultPolicy, R15_ReflectOnTheInterviewTheSameDay) {
  open(panel_app());
  EXPECT_EQ(times("R15", "candidate"), "2026-11-23T12:30:00-05:00 / 2026-11-23T17:30:00-05:00");
}

TEST_F(DefaultPolicy, R16_KeepSearchingWeeklyWhileWaiting) {
  open(panel_app());
  EXPECT_EQ(times("R16", "candidate"), "2026-11-25T11:30:00-05:00 / 2026-11-26T11:30:00-05:00");
  advance("2026-11-25T17:00:00Z");
  EXPECT_EQ(times("R16", "candidate"), "2026-12-02T11:30:00-05:00 / 2026-12-03T11:30:00-05:00");
}

TEST_F(DefaultPolicy, R19_NightTimeMessageWaitsForTheNextBusinessWindow) {
  ApplicationContext app = panel_app();
  app.interviewers[1].holidays = {date("2026-11-24")};  // Ben is off on Tuesday
  open(app);
  // 20:30 in Berlin is after Ben's window; Tuesday is his holiday: Wednesday 09:00.
  EXPECT_EQ(times("R1", "Ben Keller"), "2026-11-25T09:00:00+01:00 / 2026-11-25T09:00:00+01:00");
  auto a = find("R1", "Ben Keller");
  ASSERT_TRUE(a);
  std::vector<std::string> why;
  for (const auto& r : a->why) why.push_back(r.text);
  EXPECT_EQ(why,
            (std::vector<std::string>{
                "anchor: interview end at 2026-11-23T17:30:00+01:00", "offset: +3h (deadline +24h)",
                "unaligned: 2026-11-23T20:30:00+01:00 (deadline 2026-11-24T17:30:00+01:00)",
                "shifted: after the send window (09:00-17:00) on 2026-11-23",
                "shifted: 2026-11-24 is a holiday", "aligned to 2026-11-25T09:00:00+01:00",
                "deadline aligned to 2026-11-25T09:00:00+01:00 (2026-11-24 is a holiday)"}));
}

}  // namespace
}  // namespace nudge::test
