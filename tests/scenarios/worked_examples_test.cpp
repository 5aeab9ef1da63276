// The worked examples of RULES.md, end to end through the engine and the default policy.
#include "scenarios/scenario.hpp"

namespace nudge::test {
namespace {

using WorkedExample = Scenario;

TEST_F(WorkedExample, PanelAcrossZones) {
  open(panel_app());
  EXPECT_EQ(times("R1", "Ana Ruiz"), "2026-11-23T13:30:00-06:00 / 2026-11-24T10:30:00-06:00");
  EXPECT_EQ(times("R1", "Ben Keller"), "2026-11-24T09:00:00+01:00 / 2026-11-25T09:00:00+01:00");
  EXPECT_EQ(times("R4", "Ana Ruiz"), "2026-11-30T13:30:00-06:00 / 2026-12-03T13:30:00-06:00");
  EXPECT_EQ(times("R4", "Ben Keller"), "none");  // inquiries go to the primary contact only
}

TEST_F(WorkedExample, FridayAfternoonMovesToMondayMorning) {
  open(single_app("app-1", "2026-11-27T16:30:00+01:00", "Europe/Berlin", "Cleo"));
  EXPECT_EQ(times("R1", "Cleo"), "2026-11-30T09:00:00+01:00 / 2026-11-30T09:00:00+01:00");
  EXPECT_EQ(times("R4", "Cleo"), "2026-12-07T09:00:00+01:00 / 2026-12-10T09:00:00+01:00");
}

TEST_F(WorkedExample, DecisionDateMeetsAHolidayAndAZoneEdge) {
  ApplicationContext app =
      single_app("app-1", "2026-12-10T10:00:00-05:00", "America/Chicago", "Dev");
  app.candidate_zone = "America/New_York";
  app.decision_date = date("2026-12-18");
  app.interviewers[0].holidays = {date("2026-12-25")};
  open(app);
  EXPECT_EQ(times("R1", "Dev"), "2026-12-10T12:00:00-06:00 / 2026-12-11T09:00:00-06:00");
  EXPECT_EQ(times("R4", "Dev"), "2026-12-28T09:00:00-06:00 / 2026-12-28T09:00:00-06:00");
}

TEST_F(WorkedExample, AcrossTheDstChange) {
  open(single_app("app-1", "2026-03-06T15:00:00-05:00", "America/New_York", "Eve"));
  EXPECT_EQ(times("R1", "Eve"), "2026-03-09T09:00:00-04:00 / 2026-03-09T09:00:00-04:00");
  EXPECT_EQ(times("R4", "Eve"), "2026-03-16T09:00:00-04:00 / 2026-03-19T09:00:00-04:00");
}

TEST_F(WorkedExample, SundayToThursdayWeek) {
  ApplicationContext app = single_app("app-1", "2026-06-04T13:00:00+04:00", "Asia/Dubai", "Farah");
  Interviewer gil;
  gil.name = "Gil";
  gil.role = "manager";
  gil.zone = "Asia/Jerusalem";
  gil.primary = true;
  gil.workdays = {"sun", "mon", "tue", "wed", "thu"};
  app.interviewers.push_back(gil);
  open(app);
  EXPECT_EQ(times("R1", "Farah"), "2026-06-04T16:00:00+04:00 / 2026-06-05T13:00:00+04:00");
  EXPECT_EQ(times("R1", "Gil"), "2026-06-04T15:00:00+03:00 / 2026-06-07T09:00:00+03:00");
  EXPECT_EQ(times("R4", "Gil"), "2026-06-11T15:00:00+03:00 / 2026-06-14T15:00:00+03:00");
}

}  // namespace
}  // namespace nudge::test
