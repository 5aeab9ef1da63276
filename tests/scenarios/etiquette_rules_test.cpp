// The etiquette rules of RULES.md (R2, R3, R6, R10, R13, R17, R18): who gets what, by which
// channel, and what the engine refuses.
#include "scenarios/scenario.hpp"

namespace nudge::test {
namespace {

using DefaultPolicy = Scenario;

TEST_F(DefaultPolicy, R2_OnePersonalThankYouPerInterviewerTailoredToTheirRole) {
  open(panel_app());
  auto ana = find("R1", "Ana Ruiz");
  auto ben = find("R1", "Ben Keller");
  ASSERT_TRUE(ana && ben);
  EXPECT_EQ(ana->draft,
            "Dear Ana Ruiz, thank you for walking me through the Data Engineer role and the "
            "hiring process at Acme. I appreciated learning about the data platform migration "
            "and remain very interested in the position. Please let me know if I can provide "
            "anything further.");
  EXPECT_EQ(ben->draft,
            "Dear Ben Keller, thank you for your time today discussing the Data Engineer role at "
            "Acme. I especially enjoyed our conversation about streaming pipelines, and it "
            "confirmed my interest in joining the team. I look forward to hearing about the next "
            "steps.");
  EXPECT_NE(ana->key, ben->key);
}

TEST_F(DefaultPolicy, R2_ADraftWithAnUnfilledPlaceholderIsRefused) {
  ApplicationContext app = panel_app();
  app.interviewers[1].topics.clear();
  open(app);
  auto ben = find("R1", "Ben Keller");
  ASSERT_TRUE(ben);
  EXPECT_EQ(ben->draft, "");
  EXPECT_EQ(ben->draft_error,
            "draft refused: placeholder {topic} has no value for this recipient; add it to the "
            "application (e.g. topics for {topic}) before sending");
}

TEST_F(DefaultPolicy, R3_ThankYouGoesByEmail) {
  open(panel_app());
  auto ana = find("R1", "Ana Ruiz");
  ASSERT_TRUE(ana);
  EXPECT_EQ(ana->channel, "email");
}

TEST_F(DefaultPolicy, R6_NoContactAfterTheEmployerAskedForNone) {
  open(panel_app());
  apply("do_not_contact", "2026-11-23T12:00:00-05:00");
  for (const auto& a : plan()) EXPECT_EQ(a.recipient, "candidate") << a.rule;
  auto r =
      engine.apply("app-1", Event{"thank_you_sent", at("2026-11-23T14:00:00-06:00"), "Ana Ruiz"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kRefused);
  EXPECT_EQ(r.error().message,
            "R6: the employer asked not to be followed up; do not contact them (application "
            "'app-1' is in stage 'interviewed')");
}

TEST_F(DefaultPolicy, R6_NoContactFlagAtOpenSuppressesEveryContact) {
  ApplicationContext app = panel_app();
  app.no_contact = true;
  open(app);
  std::vector<std::string> rules;
  for (const auto& a : plan()) rules.push_back(a.rule);
  EXPECT_EQ(rules, (std::vector<std::string>{"R15", "R16"}));
}

TEST_F(DefaultPolicy, R6_NoInquiryOnceTheProcessConcluded) {
  open(panel_app());
  apply("rejection_received", "2026-12-01T10:00:00-05:00");
  auto r = engine.apply("app-1", Event{"inquiry_sent", at("2026-12-08T10:00:00-05:00"), ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "R6: the process has concluded (offer or rejection); send no further inquiries "
            "(application 'app-1' is in stage 'rejection')");
  EXPECT_EQ(times("R4", "Ana Ruiz"), "none");
}

TEST_F(DefaultPolicy, R10_ValueAddTouchIsOffByDefault) {
  open(panel_app());
  EXPECT_EQ(times("R10", "Ana Ruiz"), "none");
}

TEST_F(DefaultPolicy, R10_ValueAddTouchWhenAPolicyEnablesIt) {
  auto policy = Policy::load_file(source_path("tests/scenarios/data/value_add_on.toml"));
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  Engine custom(*policy);
  ASSERT_TRUE(custom.open(panel_app()).ok());
  auto p = custom.plan("app-1");
  ASSERT_TRUE(p.ok());
  int found = 0;
  for (const auto& a : *p) {
    if (a.rule != "R10") continue;
    ++found;
    EXPECT_EQ(a.recipient, "Ana Ruiz");
    EXPECT_EQ(format_rfc3339(a.at, a.zone), "2026-11-26T10:30:00-06:00");
    EXPECT_EQ(format_rfc3339(a.deadline, a.zone), "2026-11-30T10:30:00-06:00");
    EXPECT_EQ(a.draft,
              "Dear Ana Ruiz, I came across this article on the data platform migration and "
              "thought of our conversation about the Data Engineer role. I hope you find it "
              "interesting.");
  }
  EXPECT_EQ(found, 1);
}

TEST_F(DefaultPolicy, R13_NoNegotiationBeforeAFormalOffer) {
  open(panel_app());
  auto r = engine.apply("app-1", Event{"negotiation_started", at("2026-11-24T10:00:00-05:00"), ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kRefused);
  EXPECT_EQ(r.error().message,
            "R13: no salary or benefits negotiation before a formal offer (application 'app-1' "
            "is in stage 'interviewed')");
  apply("offer_received", "2026-12-01T10:00:00-05:00");
  apply("negotiation_started", "2026-12-02T10:00:00-05:00");
  EXPECT_EQ(stage(), "offer");
}

TEST_F(DefaultPolicy, R17_NoResumeResubmissionUnlessAsked) {
  open(panel_app());
  auto r = engine.apply("app-1", Event{"resume_sent", at("2026-11-24T10:00:00-05:00"), ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "R17: do not resubmit your resume unless the employer asked for it (application "
            "'app-1' is in stage 'interviewed')");
  apply("info_requested", "2026-11-25T10:00:00-05:00");
  apply("resume_sent", "2026-11-25T11:00:00-05:00");
}

TEST_F(DefaultPolicy, R18_MessageLintFlagsDesperationAndCriticism) {
  auto findings =
      engine.check_message("I am desperate!! My previous employer was awful. Any news?\?\?");
  EXPECT_EQ(findings, (std::vector<std::string>{
                          "R18: avoid 'desperate': reads as desperation; stay positive",
                          "R18: avoid '!!': keep the tone calm and professional",
                          "R18: avoid '?\?\?': keep the tone calm and professional",
                          "R18: avoid 'my previous employer': never criticise previous employers",
                      }));
  EXPECT_TRUE(engine.check_message("Thank you for your time today.").empty());
}

TEST_F(DefaultPolicy, R18_APolicyWhoseTemplateBreaksTheToneRulesIsRefused) {
  auto policy = Policy::load_file(source_path("tests/scenarios/data/bad_tone.toml"));
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(policy.error().message,
            source_path("tests/scenarios/data/bad_tone.toml") +
                ":7:11: template 'status_inquiry' breaks the message rules: R18: avoid "
                "'desperate': reads as desperation; stay positive");
}

}  // namespace
}  // namespace nudge::test
