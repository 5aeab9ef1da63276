// The examples of docs/ do what the docs say: docs/examples/company-policy.toml (with
// holidays.ics) and docs/examples/application.toml load, and every time, draft, refusal and
// stage change quoted in docs/policy-format.md, docs/application-format.md and
// docs/architecture.md is checked here to the second.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "nudge/application.hpp"
#include "nudge/engine.hpp"
#include "nudge/policy.hpp"
#include "nudge/time.hpp"
#include "policy/compiled_policy.hpp"
#include "time/calendar.hpp"

namespace nudge {
namespace {

std::string source(const std::string& relative) {
  return std::string(NUDGE_SOURCE_DIR) + "/" + relative;
}

Instant at(std::string_view text) {
  auto r = parse_rfc3339(text);
  EXPECT_TRUE(r.ok()) << text;
  return r.ok() ? *r : Instant{};
}

Policy load_policy(const std::string& path) {
  auto p = Policy::load_file(path);
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
  return std::move(p).value();
}

Policy company_policy() { return load_policy(source("docs/examples/company-policy.toml")); }

ApplicationContext example_app() {
  auto a = load_application_file(source("docs/examples/application.toml"));
  EXPECT_TRUE(a.ok()) << (a.ok() ? "" : a.error().message);
  return std::move(a).value();
}

// "RULE recipient at deadline", times in the recipient's zone: one line per planned action.
std::string line(const Action& a) {
  return a.rule + " " + a.recipient + " " + format_rfc3339(a.at, a.zone) + " " +
         format_rfc3339(a.deadline, a.zone);
}

std::vector<Action> plan_of(const Engine& engine, std::string_view id) {
  auto p = engine.plan(id);
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
  return p.ok() ? *p : std::vector<Action>{};
}

std::vector<std::string> lines(const Engine& engine, std::string_view id) {
  std::vector<std::string> out;
  for (const Action& a : plan_of(engine, id)) out.push_back(line(a));
  return out;
}

// The planned action of `rule` for `recipient`; fails the test when there is none.
Action find(const Engine& engine, std::string_view id, std::string_view rule,
            std::string_view recipient) {
  for (const Action& a : plan_of(engine, id)) {
    if (a.rule == rule && a.recipient == recipient) return a;
  }
  ADD_FAILURE() << "no " << rule << " for " << recipient << " in the plan of " << id;
  return Action{};
}

bool planned(const Engine& engine, std::string_view id, std::string_view rule) {
  auto p = plan_of(engine, id);
  return std::any_of(p.begin(), p.end(), [&](const Action& a) { return a.rule == rule; });
}

bool has_reason(const Action& a, std::string_view text) {
  return std::any_of(a.why.begin(), a.why.end(), [&](const Reason& r) { return r.text == text; });
}

void apply_ok(Engine& engine, std::string_view type, std::string_view when,
              std::string_view recipient = "") {
  auto r = engine.apply("acme-42", Event{type, at(when), recipient});
  ASSERT_TRUE(r.ok()) << type << " at " << when << ": " << r.error().message;
  EXPECT_EQ(*r, ApplyOutcome::kApplied) << type;
}

std::string refusal(Engine& engine, std::string_view type, std::string_view when) {
  auto r = engine.apply("acme-42", Event{type, at(when), ""});
  EXPECT_FALSE(r.ok()) << type << " at " << when << " was applied";
  if (r.ok()) return {};
  EXPECT_EQ(r.error().code, ErrorCode::kRefused) << r.error().message;
  return r.error().message;
}

std::string stage(const Engine& engine) {
  auto s = engine.status("acme-42");
  EXPECT_TRUE(s.ok());
  return s.ok() ? s->stage : std::string();
}

// ---- loading ---------------------------------------------------------------------------

TEST(DocsExamples, CompanyPolicyMergesOverTheDefault) {
  Policy p = company_policy();
  EXPECT_EQ(p.name(), "acme");
  // [[rule]] merged by id: R4 and R10 keep their place, ACME-portal is appended.
  EXPECT_EQ(p.rule_ids(),
            (std::vector<std::string>{"R1", "R15", "R4", "R5", "R11", "R10", "R16", "R9",
                                      "R14-reply", "R14-keep-in-touch", "ACME-portal"}));
  // Paths are resolved against the file that names them.
  EXPECT_EQ(p.files(),
            (std::vector<std::string>{
                source("docs/examples/company-policy.toml"), source("policies/default.toml"),
                source("policies/stages.toml"), source("docs/examples/holidays.ics")}));
  const detail::CompiledPolicy& c = p.compiled();
  EXPECT_EQ(c.calendar.window_start, 8 * 3600 + 30 * 60);
  EXPECT_EQ(c.calendar.window_end, 17 * 3600 + 30 * 60);
  EXPECT_EQ(c.busy_factor, 2.0);
  EXPECT_EQ(c.urgent_factor, 0.5);
  EXPECT_EQ(c.lint_max_words, 120u);
}

TEST(DocsExamples, HolidaysComeFromTheListAndTheIcsFile) {
  const Policy policy = company_policy();
  const auto& holidays = policy.compiled().calendar.holidays;
  auto has = [&](std::string_view day) {
    return std::binary_search(holidays.begin(), holidays.end(), *parse_date(day));
  };
  EXPECT_TRUE(has("2026-12-24"));   // inline `holidays`
  EXPECT_TRUE(has("2026-12-25"));   // Christmas, FREQ=YEARLY ...
  EXPECT_TRUE(has("2035-12-25"));   // ... repeated up to and including 2035
  EXPECT_FALSE(has("2036-12-25"));  // ... and not after
  EXPECT_TRUE(has("2027-01-01"));
  EXPECT_TRUE(has("2027-01-18"));  // third Monday of January (BYMONTH=1;BYDAY=3MO)
  EXPECT_TRUE(has("2028-01-17"));
  EXPECT_TRUE(has("2027-03-01"));  // two-day offsite, DTEND exclusive
  EXPECT_TRUE(has("2027-03-02"));
  EXPECT_FALSE(has("2027-03-03"));
  EXPECT_FALSE(has("2027-03-10"));  // a timed event is not a holiday
}

TEST(DocsExamples, ApplicationFileReadsEveryKey) {
  ApplicationContext a = example_app();
  EXPECT_EQ(a.id, "acme-42");
  EXPECT_EQ(a.position, "Platform Engineer");
  EXPECT_EQ(a.company, "Acme");
  EXPECT_EQ(a.candidate_zone, "America/New_York");
  EXPECT_EQ(format_rfc3339(a.interview_end, "UTC"), "2026-12-23T19:00:00Z");
  ASSERT_TRUE(a.decision_date.has_value());
  EXPECT_EQ(format_date(*a.decision_date), "2027-01-11");
  EXPECT_EQ(a.industry, "tech");
  EXPECT_EQ(a.culture, "us");
  EXPECT_FALSE(a.busy);
  EXPECT_FALSE(a.urgent);
  EXPECT_FALSE(a.no_contact);
  ASSERT_EQ(a.interviewers.size(), 3u);
  EXPECT_EQ(a.interviewers[0].name, "Ana Ruiz");
  EXPECT_EQ(a.interviewers[0].role, "hr");
  EXPECT_EQ(a.interviewers[0].zone, "America/Chicago");
  EXPECT_TRUE(a.interviewers[0].primary);
  EXPECT_EQ(a.interviewers[0].topics, std::vector<std::string>{"the onboarding plan"});
  EXPECT_EQ(a.interviewers[1].topics.size(), 2u);
  ASSERT_EQ(a.interviewers[1].holidays.size(), 1u);
  EXPECT_EQ(format_date(a.interviewers[1].holidays[0]), "2026-12-28");
  EXPECT_EQ(a.interviewers[2].workdays,
            (std::vector<std::string>{"sun", "mon", "tue", "wed", "thu"}));
  EXPECT_TRUE(a.interviewers[2].topics.empty());
}

// ---- the plan at open (docs/policy-format.md, "The example, planned") -------------------

TEST(DocsExamples, PlanAtOpen) {
  Engine engine(company_policy());
  ASSERT_TRUE(engine.open(example_app()).ok());
  EXPECT_EQ(lines(engine, "acme-42"),
            (std::vector<std::string>{
                "R15 candidate 2026-12-23T15:00:00-05:00 2026-12-23T20:00:00-05:00",
                "R1 Ana Ruiz 2026-12-23T16:00:00-06:00 2026-12-28T08:30:00-06:00",
                "R1 Dana Levi 2026-12-27T08:30:00+02:00 2026-12-27T08:30:00+02:00",
                "R11 Dana Levi 2026-12-28T08:30:00+02:00 2027-01-03T08:30:00+02:00",
                "R16 candidate 2026-12-28T08:30:00-05:00 2026-12-28T08:30:00-05:00",
                "R11 Ana Ruiz 2026-12-28T08:30:00-06:00 2026-12-30T16:00:00-06:00",
                "R10 Ana Ruiz 2026-12-28T08:30:00-06:00 2026-12-30T13:00:00-06:00",
                "R1 Ben Okafor 2026-12-29T08:30:00+00:00 2026-12-29T08:30:00+00:00",
                "ACME-portal candidate 2026-12-29T14:00:00-05:00 2026-12-30T14:00:00-05:00",
                "R11 Ben Okafor 2026-12-30T08:30:00+00:00 2027-01-05T08:30:00+00:00",
                "R4 Ana Ruiz 2027-01-19T08:30:00-06:00 2027-01-22T08:30:00-06:00",
            }));
}

TEST(DocsExamples, R4OverrideCountsBusinessDaysFromTheDecisionDate) {
  Engine engine(company_policy());
  ASSERT_TRUE(engine.open(example_app()).ok());
  Action r4 = find(engine, "acme-42", "R4", "Ana Ruiz");
  EXPECT_EQ(format_rfc3339(r4.at, r4.zone), "2027-01-19T08:30:00-06:00");
  EXPECT_EQ(format_rfc3339(r4.deadline, r4.zone), "2027-01-22T08:30:00-06:00");
  EXPECT_EQ(r4.channel, "email");
  EXPECT_TRUE(has_reason(r4,
                         "anchor: decision date 2027-01-11 (00:00 in the candidate's zone "
                         "America/New_York) at 2027-01-11T00:00:00-05:00"));
  EXPECT_TRUE(has_reason(r4, "offset: +5bd (deadline +8bd), days counted in the candidate's zone"));
  EXPECT_TRUE(
      has_reason(r4, "unaligned: 2027-01-18T23:00:00-06:00 (deadline 2027-01-21T23:00:00-06:00)"));
  EXPECT_TRUE(has_reason(r4, "shifted: 2027-01-18 is a holiday"));
  EXPECT_TRUE(has_reason(r4, "aligned to 2027-01-19T08:30:00-06:00"));
}

TEST(DocsExamples, TheIcsHolidayMovesR4ByADay) {
  // The same policy with an empty .ics file: without Martin Luther King Jr. Day the five
  // business days end on Monday 2027-01-18, 00:00 in New York (Sunday 23:00 in Chicago).
  const std::string dir = ::testing::TempDir();
  std::ofstream(dir + "docs-examples-empty.ics") << "BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n";
  std::ofstream(dir + "docs-examples-no-ics.toml")
      << "[policy]\nname = \"acme-no-ics\"\nextends = \""
      << source("docs/examples/company-policy.toml")
      << "\"\n\n[calendar]\nholidays_ics = \"docs-examples-empty.ics\"\n";
  Engine engine(load_policy(dir + "docs-examples-no-ics.toml"));
  ASSERT_TRUE(engine.open(example_app()).ok());
  Action r4 = find(engine, "acme-42", "R4", "Ana Ruiz");
  EXPECT_EQ(format_rfc3339(r4.at, r4.zone), "2027-01-18T08:30:00-06:00");
  EXPECT_EQ(format_rfc3339(r4.deadline, r4.zone), "2027-01-21T08:30:00-06:00");
}

TEST(DocsExamples, HolidaysWorkdaysAndWindowsMoveTheThankYous) {
  Engine engine(company_policy());
  ASSERT_TRUE(engine.open(example_app()).ok());
  Action ben = find(engine, "acme-42", "R1", "Ben Okafor");
  EXPECT_EQ(ben.why.size(), 11u);
  EXPECT_TRUE(has_reason(ben, "shifted: after the send window (08:30-17:30) on 2026-12-23"));
  EXPECT_TRUE(has_reason(ben, "shifted: 2026-12-24 is a holiday"));  // [calendar] holidays
  EXPECT_TRUE(has_reason(ben, "shifted: 2026-12-25 is a holiday"));  // holidays.ics
  EXPECT_TRUE(has_reason(ben, "shifted: 2026-12-28 is a holiday"));  // his own holiday
  Action dana = find(engine, "acme-42", "R1", "Dana Levi");
  EXPECT_TRUE(has_reason(dana,
                         "unaligned: 2026-12-24T00:00:00+02:00 (deadline "
                         "2026-12-24T21:00:00+02:00)"));
  EXPECT_TRUE(has_reason(dana, "shifted: 2026-12-25 is not a working day"));
}

// ---- templates -------------------------------------------------------------------------

TEST(DocsExamples, DraftsUseRoleVariantsAndRefuseMissingPlaceholders) {
  Engine engine(company_policy());
  ASSERT_TRUE(engine.open(example_app()).ok());
  EXPECT_EQ(find(engine, "acme-42", "R1", "Ben Okafor").draft,
            "Dear Ben Okafor, thank you for the conversation about the on-call rotation. I "
            "appreciated hearing the manager's view of the Platform Engineer role and would "
            "enjoy contributing to your team at Acme.");
  EXPECT_EQ(find(engine, "acme-42", "R4", "Ana Ruiz").draft,
            "Dear Ana Ruiz, thank you again for coordinating the Platform Engineer interviews at "
            "Acme. Could you let me know where the process stands? I remain very interested.");
  // The hr variant of the default's thank_you is inherited.
  EXPECT_EQ(find(engine, "acme-42", "R1", "Ana Ruiz")
                .draft.rfind("Dear Ana Ruiz, thank you for "
                             "walking me through",
                             0),
            0u);
  Action dana = find(engine, "acme-42", "R1", "Dana Levi");
  EXPECT_EQ(dana.draft, "");
  EXPECT_EQ(dana.draft_error,
            "draft refused: placeholder {topic} has no value for this recipient; add it to the "
            "application (e.g. topics for {topic}) before sending");
  // Rules without a template have no draft.
  EXPECT_EQ(find(engine, "acme-42", "ACME-portal", "candidate").draft, "");
  EXPECT_EQ(find(engine, "acme-42", "ACME-portal", "candidate").channel, "portal");
  EXPECT_EQ(find(engine, "acme-42", "R16", "candidate").channel, "self");
}

TEST(DocsExamples, TheOverlayLintListReplacesTheDefaults) {
  Engine engine(company_policy());
  EXPECT_EQ(engine.check_message("Could you reply ASAP?"),
            std::vector<std::string>{"R18: avoid 'asap': Acme house style: give a date, not ASAP"});
  // "i really need this job" was in the default's list only.
  EXPECT_TRUE(engine.check_message("I really need this job").empty());
  std::string long_text;
  for (int i = 0; i < 121; ++i) long_text += "word ";
  EXPECT_EQ(engine.check_message(long_text),
            std::vector<std::string>{"R18: 121 words; keep it to 120 or fewer (concise)"});
}

// ---- scale -----------------------------------------------------------------------------

TEST(DocsExamples, BusyDoublesAndUrgentHalvesTheBusinessDays) {
  Engine engine(company_policy());
  ApplicationContext busy = example_app();
  busy.id = "acme-busy";
  busy.busy = true;
  ApplicationContext urgent = example_app();
  urgent.id = "acme-urgent";
  urgent.urgent = true;
  ApplicationContext both = example_app();
  both.id = "acme-both";
  both.busy = true;
  both.urgent = true;
  ASSERT_TRUE(engine.open(busy).ok());
  ASSERT_TRUE(engine.open(urgent).ok());
  ASSERT_TRUE(engine.open(both).ok());
  // 5bd x 2 = 10bd, 8bd x 2 = 16bd.
  Action b = find(engine, "acme-busy", "R4", "Ana Ruiz");
  EXPECT_EQ(format_rfc3339(b.at, b.zone), "2027-01-26T08:30:00-06:00");
  EXPECT_EQ(format_rfc3339(b.deadline, b.zone), "2027-02-03T08:30:00-06:00");
  EXPECT_TRUE(has_reason(b, "scale: x2 (busy): +10bd (deadline +16bd)"));
  // 5bd x 0.5 = 2.5, rounded half away from zero: 3bd; 8bd x 0.5 = 4bd.
  Action u = find(engine, "acme-urgent", "R4", "Ana Ruiz");
  EXPECT_EQ(format_rfc3339(u.at, u.zone), "2027-01-14T08:30:00-06:00");
  EXPECT_EQ(format_rfc3339(u.deadline, u.zone), "2027-01-15T08:30:00-06:00");
  // Both flags multiply: 2.0 x 0.5 = 1.
  Action x = find(engine, "acme-both", "R4", "Ana Ruiz");
  EXPECT_EQ(format_rfc3339(x.at, x.zone), "2027-01-19T08:30:00-06:00");
  // R1 is not `scaled`: unchanged.
  Action r1 = find(engine, "acme-busy", "R1", "Ana Ruiz");
  EXPECT_EQ(format_rfc3339(r1.at, r1.zone), "2026-12-23T16:00:00-06:00");
}

TEST(DocsExamples, FractionalDaysScaleToWholeDaysPlusMinutes) {
  // Default policy, bundled panel example, urgent: R4's 7d x 0.7 = 4d 21h 36m.
  Engine engine(load_policy(source("policies/default.toml")));
  auto app = load_application_file(source("policies/examples/panel.toml"));
  ASSERT_TRUE(app.ok());
  app->urgent = true;
  ASSERT_TRUE(engine.open(*app).ok());
  auto p = engine.plan("app-1");
  ASSERT_TRUE(p.ok());
  const Action* r4 = nullptr;
  for (const Action& a : *p) r4 = a.rule == "R4" ? &a : r4;
  ASSERT_NE(r4, nullptr);
  EXPECT_TRUE(has_reason(*r4, "scale: x0.7 (urgent): +4d 21h 36m (deadline +7d)"));
  EXPECT_TRUE(
      has_reason(*r4, "unaligned: 2026-11-28T11:06:00-06:00 (deadline 2026-11-30T13:30:00-06:00)"));
  EXPECT_EQ(format_rfc3339(r4->at, r4->zone), "2026-11-30T09:00:00-06:00");
  EXPECT_EQ(format_rfc3339(r4->deadline, r4->zone), "2026-11-30T13:30:00-06:00");
}

// ---- guards ----------------------------------------------------------------------------

TEST(DocsExamples, GuardsRefuseNamingTheRuleAndTheStage) {
  Engine engine(company_policy());
  ASSERT_TRUE(engine.open(example_app()).ok());
  // The overlay's R13 guard replaced the default's (and its message).
  EXPECT_EQ(refusal(engine, "negotiation_started", "2026-12-23T20:00:00Z"),
            "R13: Acme negotiates only after the written offer; wait for it (application "
            "'acme-42' is in stage 'interviewed')");
  EXPECT_EQ(refusal(engine, "value_add_sent", "2026-12-23T20:00:00Z"),
            "ACME-value-add: send a value-adding note only after a thank-you, at most twice, a "
            "week apart (application 'acme-42' is in stage 'interviewed')");
  apply_ok(engine, "thank_you_sent", "2026-12-23T22:30:00Z", "Ana Ruiz");
  apply_ok(engine, "value_add_sent", "2027-01-05T15:00:00Z");
  // min_spacing 7d: refused 3 days later, applied 7 days later, then max_count 2 is reached.
  EXPECT_NE(refusal(engine, "value_add_sent", "2027-01-08T15:00:00Z"), "");
  apply_ok(engine, "value_add_sent", "2027-01-12T15:00:00Z");
  EXPECT_NE(refusal(engine, "value_add_sent", "2027-01-20T15:00:00Z"), "");
}

// ---- timers ----------------------------------------------------------------------------

TEST(DocsExamples, TimerLeavesThankedThreeBusinessDaysAfterTheLastThankYou) {
  Engine engine(company_policy());
  ASSERT_TRUE(engine.open(example_app()).ok());
  apply_ok(engine, "thank_you_sent", "2026-12-23T22:30:00Z", "Ana Ruiz");
  EXPECT_EQ(stage(engine), "thanked");
  apply_ok(engine, "thank_you_sent", "2026-12-27T07:00:00Z", "Dana Levi");
  apply_ok(engine, "thank_you_sent", "2026-12-29T09:00:00Z", "Ben Okafor");
  // Latest anchor: Ben's thank-you, Tue 2026-12-29 04:00 in New York. Three business days of
  // the candidate's calendar (Dec 30, Dec 31, Jan 1 is a holiday, Jan 4): Mon 2027-01-04 04:00.
  ASSERT_TRUE(engine.advance(at("2027-01-04T03:59:59-05:00")).ok());
  EXPECT_EQ(stage(engine), "thanked");
  ASSERT_TRUE(engine.advance(at("2027-01-04T04:00:00-05:00")).ok());
  EXPECT_EQ(stage(engine), "awaiting");
  // R4 is anchored on the decision date, so it survives the move to 'awaiting'.
  Action r4 = find(engine, "acme-42", "R4", "Ana Ruiz");
  EXPECT_EQ(format_rfc3339(r4.at, r4.zone), "2027-01-19T08:30:00-06:00");
}

// ---- the new rule: repeat, limit, done_on, cancel_on -----------------------------------

TEST(DocsExamples, PortalRuleRepeatsEveryFiveBusinessDays) {
  Engine engine(company_policy());
  ASSERT_TRUE(engine.open(example_app()).ok());
  auto due = engine.advance(at("2026-12-29T14:00:00-05:00"));
  ASSERT_TRUE(due.ok());
  auto first = std::find_if(due->begin(), due->end(),
                            [](const Action& a) { return a.rule == "ACME-portal"; });
  ASSERT_NE(first, due->end());
  EXPECT_EQ(first->key, "acme-42/ACME-portal/check_portal/candidate/2026-12-23T19:00:00Z/1");
  Action next = find(engine, "acme-42", "ACME-portal", "candidate");
  EXPECT_EQ(next.key, "acme-42/ACME-portal/check_portal/candidate/2026-12-23T19:00:00Z/2");
  EXPECT_EQ(format_rfc3339(next.at, next.zone), "2027-01-06T14:00:00-05:00");
  EXPECT_EQ(format_rfc3339(next.deadline, next.zone), "2027-01-07T14:00:00-05:00");
  EXPECT_TRUE(has_reason(next, "occurrence 2 of 3, every 5bd"));
}

TEST(DocsExamples, PortalRuleStopsAfterTheSecondInquiry) {
  Engine engine(company_policy());
  ASSERT_TRUE(engine.open(example_app()).ok());
  apply_ok(engine, "inquiry_sent", "2027-01-19T15:00:00Z");
  EXPECT_EQ(stage(engine), "inquired");
  EXPECT_TRUE(planned(engine, "acme-42", "ACME-portal"));    // 1 inquiry < max 2
  apply_ok(engine, "inquiry_sent", "2027-02-02T15:00:00Z");  // 14 days later (R5 guard)
  EXPECT_FALSE(planned(engine, "acme-42", "ACME-portal"));
}

TEST(DocsExamples, PortalRuleIsCancelledOrDone) {
  Engine cancelled(company_policy());
  ASSERT_TRUE(cancelled.open(example_app()).ok());
  apply_ok(cancelled, "info_requested", "2026-12-24T15:00:00Z");
  EXPECT_FALSE(planned(cancelled, "acme-42", "ACME-portal"));
  Engine done(company_policy());
  ASSERT_TRUE(done.open(example_app()).ok());
  apply_ok(done, "reply_received", "2026-12-24T15:00:00Z");
  EXPECT_FALSE(planned(done, "acme-42", "ACME-portal"));
}

// ---- snapshot (docs/architecture.md) ----------------------------------------------------

TEST(DocsExamples, SnapshotRestoresTheSamePlan) {
  Engine engine(company_policy());
  ASSERT_TRUE(engine.open(example_app()).ok());
  apply_ok(engine, "thank_you_sent", "2026-12-23T22:30:00Z", "Ana Ruiz");
  ASSERT_TRUE(engine.advance(at("2026-12-29T14:00:00-05:00")).ok());
  const std::string snap = engine.snapshot();
  EXPECT_EQ(snap.rfind("nudge-snapshot 2\npolicy\t", 0), 0u);
  Engine restored(company_policy());
  ASSERT_TRUE(restored.restore(snap).ok());
  EXPECT_EQ(lines(restored, "acme-42"), lines(engine, "acme-42"));
  EXPECT_EQ(restored.snapshot(), snap);
  Engine other(load_policy(source("policies/default.toml")));
  auto r = other.restore(snap);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kMismatch);
}

// ---- time semantics quoted in docs/policy-format.md -------------------------------------

TEST(DocsExamples, AlignWindowIsHalfOpenAndDstRulesHold) {
  auto ny = detail::Zone::find("America/New_York");
  ASSERT_TRUE(ny.ok());
  detail::CalendarView cal;
  cal.zone = &*ny;
  // 17:00 exactly is outside [09:00, 17:00): the next business day's 09:00.
  EXPECT_EQ(format_rfc3339(cal.align(at("2026-11-24T17:00:00-05:00")), "America/New_York"),
            "2026-11-25T09:00:00-05:00");
  EXPECT_EQ(format_rfc3339(cal.align(at("2026-11-24T16:59:59-05:00")), "America/New_York"),
            "2026-11-24T16:59:59-05:00");
  // "1d" from Sat 02:30 lands in the spring-forward gap: the gap's end, 03:00 EDT.
  const Duration day{Duration::Unit::kDays, 1};
  EXPECT_EQ(format_rfc3339(cal.add(at("2026-03-07T02:30:00-05:00"), day), "America/New_York"),
            "2026-03-08T03:00:00-04:00");
  // "1d" from Sat 01:30 lands on the repeated hour: the later instant (EST).
  EXPECT_EQ(format_rfc3339(cal.add(at("2026-10-31T01:30:00-04:00"), day), "America/New_York"),
            "2026-11-01T01:30:00-05:00");
  // "24h" is elapsed time: across the change it reads 23:00 on the wall clock.
  const Duration hours24{Duration::Unit::kSeconds, 24 * 3600};
  EXPECT_EQ(format_rfc3339(cal.add(at("2026-03-07T23:00:00-05:00"), hours24), "America/New_York"),
            "2026-03-09T00:00:00-04:00");
}

TEST(DocsExamples, BundledPanelExample) {
  Engine engine(load_policy(source("policies/default.toml")));
  auto app = load_application_file(source("policies/examples/panel.toml"));
  ASSERT_TRUE(app.ok());
  ASSERT_TRUE(engine.open(*app).ok());
  auto p = engine.plan("app-1");
  ASSERT_TRUE(p.ok());
  std::vector<std::string> got;
  for (const Action& a : *p) got.push_back(line(a));
  EXPECT_EQ(got, (std::vector<std::string>{
                     "R15 candidate 2026-11-23T12:30:00-05:00 2026-11-23T17:30:00-05:00",
                     "R1 Ana Ruiz 2026-11-23T13:30:00-06:00 2026-11-24T10:30:00-06:00",
                     "R1 Ben Keller 2026-11-24T09:00:00+01:00 2026-11-25T09:00:00+01:00",
                     "R11 Ana Ruiz 2026-11-24T13:30:00-06:00 2026-11-30T13:30:00-06:00",
                     "R11 Ben Keller 2026-11-25T09:00:00+01:00 2026-12-01T09:00:00+01:00",
                     "R16 candidate 2026-11-25T11:30:00-05:00 2026-11-26T11:30:00-05:00",
                     "R4 Ana Ruiz 2026-11-30T13:30:00-06:00 2026-12-03T13:30:00-06:00",
                 }));
  EXPECT_EQ((*p)[1].key, "app-1/R1/thank_you/Ana Ruiz/2026-11-23T16:30:00Z/1");
}

}  // namespace
}  // namespace nudge
