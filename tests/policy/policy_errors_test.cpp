// Bad policy and application files: each error says what to change, with file:line:column.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "nudge/application.hpp"
#include "nudge/policy.hpp"

namespace nudge {
namespace {

std::string stages() { return std::string(NUDGE_SOURCE_DIR) + "/policies/stages.toml"; }

// Writes `text` to a file named `name` in the test's temp dir and returns its path.
std::string write(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

std::string header() { return "[policy]\nname = \"x\"\ngraph = \"" + stages() + "\"\n"; }

std::string rule(const std::string& extra) {
  return header() + "\n[[rule]]\nid = \"A\"\naction = \"a\"\ntrigger = \"enter:interviewed\"\n" +
         extra;
}

Error load_error(const std::string& name, const std::string& text) {
  std::string path = write(name, text);
  auto p = Policy::load_file(path);
  EXPECT_FALSE(p.ok()) << name;
  return p.ok() ? Error{} : p.error();
}

TEST(PolicyErrors, MalformedTomlHasFileLineColumn) {
  std::string path = ::testing::TempDir() + "malformed.toml";
  Error e = load_error("malformed.toml", "[policy\nname = \"x\"\n");
  EXPECT_EQ(e.code, ErrorCode::kParse);
  EXPECT_EQ(e.message, path + ":1:8: Error while parsing table header: expected ']', saw '\\n'");
}

TEST(PolicyErrors, UnknownRuleKeyListsTheKnownOnes) {
  Error e = load_error("unknown_key.toml", rule("foo = 1\n"));
  EXPECT_EQ(e.code, ErrorCode::kUnknownName);
  EXPECT_EQ(e.message, ::testing::TempDir() +
                           "unknown_key.toml:9:7: unknown key 'foo' in [[rule]]; known keys: "
                           "action, align, anchor, at, cancel_on, channel, contact, cultures, "
                           "deadline, description, done_on, enabled, id, implements, industries, "
                           "limit, optional, repeat, scaled, stages, template, to, trigger");
}

TEST(PolicyErrors, UnknownStageAndEvent) {
  Error stage =
      load_error("unknown_stage.toml",
                 header() + "[[rule]]\nid = \"A\"\naction = \"a\"\ntrigger = \"enter:thnked\"\n");
  EXPECT_EQ(stage.message, ::testing::TempDir() +
                               "unknown_stage.toml:7:11: unknown stage 'thnked'; known stages: "
                               "interviewed, thanked, awaiting, inquired, further_assessment, "
                               "offer, rejection, accepted, declined, withdrawn, no_response");
  Error event = load_error("unknown_event.toml", rule("done_on = \"thanks_sent\"\n"));
  EXPECT_EQ(event.code, ErrorCode::kUnknownName);
  EXPECT_EQ(event.message.substr(0, event.message.find(';')),
            ::testing::TempDir() + "unknown_event.toml:9:11: unknown event 'thanks_sent'");
}

TEST(PolicyErrors, IllFormedAndNegativeDurations) {
  Error bad = load_error("bad_duration.toml", rule("at = \"7x\"\n"));
  EXPECT_EQ(bad.message, ::testing::TempDir() +
                             "bad_duration.toml:9:6: invalid duration '7x': write a whole number "
                             "followed by s, m, h, d, w or bd (e.g. \"24h\", \"7d\", \"5bd\")");
  Error negative = load_error("negative.toml", rule("at = \"-3d\"\n"));
  EXPECT_EQ(negative.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(negative.message, ::testing::TempDir() +
                                  "negative.toml:9:6: invalid duration '-3d': durations cannot "
                                  "be negative");
  Error order = load_error("deadline.toml", rule("at = \"3d\"\ndeadline = \"2d\"\n"));
  EXPECT_EQ(order.message, ::testing::TempDir() +
                               "deadline.toml:10:12: deadline 2d comes before at 3d; the "
                               "deadline must not be earlier");
}

TEST(PolicyErrors, AnchorsMustNameRulesWithoutCycles) {
  Error missing = load_error("anchor.toml", rule("anchor = \"rule:R99\"\n"));
  EXPECT_EQ(missing.message, ::testing::TempDir() +
                                 "anchor.toml:9:10: anchor names rule 'R99', which is not defined");
  std::string path = ::testing::TempDir() + "cycle.toml";
  Error cycle = load_error(
      "cycle.toml", header() +
                        "[[rule]]\nid = \"A\"\naction = \"a\"\ntrigger = \"enter:interviewed\"\n"
                        "anchor = \"rule:B\"\n[[rule]]\nid = \"B\"\naction = \"b\"\n"
                        "trigger = \"enter:interviewed\"\nanchor = \"rule:A\"\n");
  EXPECT_EQ(cycle.message,
            "rules anchor to each other in a cycle: A (" + path + ":4:1), B (" + path + ":9:1)");
}

TEST(PolicyErrors, ExtendsCyclesAndMissingFilesAreNamed) {
  std::string a = write("cyc_a.toml", "[policy]\nname = \"a\"\nextends = \"cyc_b.toml\"\n");
  write("cyc_b.toml", "[policy]\nname = \"b\"\nextends = \"cyc_a.toml\"\n");
  auto p = Policy::load_file(a);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().message, a + ": 'extends' forms a cycle (" + a + " is already being loaded)");
  Error missing =
      load_error("missing_ext.toml", "[policy]\nname = \"a\"\nextends = \"nope.toml\"\n");
  EXPECT_EQ(missing.code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.message, ::testing::TempDir() +
                                 "missing_ext.toml:3:11: 'extends' names "
                                 "'nope.toml', which does not exist (looked "
                                 "for " +
                                 ::testing::TempDir() + "nope.toml)");
}

TEST(PolicyErrors, TemplatesUseOnlyKnownPlaceholders) {
  Error e = load_error("placeholder.toml", header() + "[templates]\nt = \"Hi {name}\"\n");
  EXPECT_EQ(e.message, ::testing::TempDir() +
                           "placeholder.toml:5:5: template 't' uses unknown placeholder {name}; "
                           "use {interviewer}, {position}, {company}, {topic} or {role}");
}

TEST(PolicyErrors, ScaleFactorsAreBounded) {
  Error e = load_error("scale.toml", header() + "[scale]\nbusy = 0\n");
  EXPECT_EQ(e.message, ::testing::TempDir() +
                           "scale.toml:5:8: scale factor 'busy' must be between 0.1 and 10 (e.g. "
                           "1.5 for 50% longer waits)");
}

TEST(ApplicationErrors, EachBadKeyIsNamedWithItsPosition) {
  const std::string base =
      "id = \"a\"\ncandidate_zone = \"America/New_York\"\n"
      "interview_end = 2026-11-23T11:30:00-05:00\n";
  const std::string iv = "[[interviewers]]\nname = \"Ana\"\n";
  struct Case {
    std::string text;
    std::string message;
  };
  const Case cases[] = {
      {"id = \"a\"\ncandidate_zone = \"Mars/Base\"\n",
       "t.toml:2:18: unknown time zone 'Mars/Base'; use an IANA name such as 'America/New_York'"},
      {"id = \"a\"\ncandidate_zone = \"America/New_York\"\ninterview_end = 2026-11-23T11:30:00\n" +
           iv,
       "t.toml:3:17: 'interview_end' in the application needs a UTC offset, e.g. "
       "2026-11-23T11:30:00-05:00"},
      {base + "decision_date = 2026-02-30\n" + iv,
       "t.toml:4:27: Error while parsing date: expected day between 1 and 28 (inclusive), saw 30"},
      {base + "decision_date = \"2026-02-30\"\n" + iv,
       "t.toml:4:17: impossible date '2026-02-30': February 2026 has 28 days"},
      {base + "colour = \"red\"\n" + iv,
       "t.toml:4:10: unknown key 'colour' in the application; known keys: busy, candidate_zone, "
       "company, culture, decision_date, events, id, industry, interview_end, interviewers, "
       "no_contact, overrides, "
       "position, urgent"},
      {base, "t.toml: the application needs at least one [[interviewers]] entry"},
      {base + iv + "zone = \"Europe/Berln\"\n",
       "t.toml:6:8: unknown time zone 'Europe/Berln'; use an IANA name such as 'America/Chicago'"},
      // "localtime" links to the host's /etc/localtime: a plan would depend on the machine.
      {"id = \"a\"\ncandidate_zone = \"localtime\"\n",
       "t.toml:2:18: unknown time zone 'localtime'; use an IANA name such as 'America/New_York'"},
      {base + iv + "zone = \"localtime\"\n",
       "t.toml:6:8: unknown time zone 'localtime'; use an IANA name such as 'America/Chicago'"},
      {base + iv + "primary = \"yes\"\n",
       "t.toml:6:11: 'primary' in [[interviewers]] must be true or false, not a string"},
  };
  for (const Case& c : cases) {
    auto app = parse_application(c.text, "t.toml");
    ASSERT_FALSE(app.ok()) << c.text;
    EXPECT_EQ(app.error().message, c.message) << c.text;
  }
}

TEST(ApplicationErrors, TheBundledExampleLoads) {
  auto app = load_application_file(std::string(NUDGE_SOURCE_DIR) + "/policies/examples/panel.toml");
  ASSERT_TRUE(app.ok()) << app.error().message;
  EXPECT_EQ(app->id, "app-1");
  EXPECT_EQ(format_rfc3339(app->interview_end, "America/New_York"), "2026-11-23T11:30:00-05:00");
  ASSERT_EQ(app->interviewers.size(), 2u);
  EXPECT_TRUE(app->interviewers[0].primary);
  EXPECT_EQ(app->interviewers[1].zone, "Europe/Berlin");
}

}  // namespace
}  // namespace nudge

namespace nudge {
namespace {

TEST(PolicyErrors, AnOverlayKeepsItsOwnLineAndColumn) {
  const std::string path = write("overlay.toml", "[policy]\nname = \"ov\"\nextends = \"" +
                                                     std::string(NUDGE_SOURCE_DIR) +
                                                     "/policies/default.toml\"\n\n[[rule]]\n"
                                                     "id = \"R4\"\nat = \"7x\"\n");
  auto p = Policy::load_file(path);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().message,
            path +
                ":7:6: invalid duration '7x': write a whole number followed by s, m, h, d, w "
                "or bd (e.g. \"24h\", \"7d\", \"5bd\")");
}

TEST(PolicyErrors, ATemplateBreakingTheToneRulesIsLocated) {
  const std::string path =
      write("tone.toml", "[policy]\nname = \"tone\"\nextends = \"" + std::string(NUDGE_SOURCE_DIR) +
                             "/policies/default.toml\"\n\n[templates.connect]\n"
                             "default = \"Hi {interviewer}!! Let us connect.\"\n");
  auto p = Policy::load_file(path);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().message, path +
                                   ":6:11: template 'connect' breaks the message rules: R18: avoid "
                                   "'!!': keep the tone calm and professional");
}

TEST(ApplicationErrors, InterviewerListProblemsArePositioned) {
  const std::string base =
      "id = \"a\"\ncandidate_zone = \"America/New_York\"\n"
      "interview_end = 2026-11-23T11:30:00-05:00\n";
  auto dup = parse_application(
      base + "[[interviewers]]\nname = \"Ana\"\n[[interviewers]]\nname = \"Ana\"\n", "t.toml");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().message,
            "t.toml:7:8: interviewer 'Ana' is listed twice; names identify recipients, so make "
            "them unique");
  auto two = parse_application(base +
                                   "[[interviewers]]\nname = \"Ana\"\nprimary = true\n"
                                   "[[interviewers]]\nname = \"Ben\"\nprimary = true\n",
                               "t.toml");
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.error().message,
            "t.toml:9:11: a second interviewer is marked primary (the first is at t.toml:6:11); "
            "mark at most one");
  auto day = parse_application(
      base + "[[interviewers]]\nname = \"Ana\"\nworkdays = [\"mon\", \"funday\"]\n", "t.toml");
  ASSERT_FALSE(day.ok());
  EXPECT_EQ(day.error().message,
            "t.toml:6:12: unknown weekday 'funday'; use sun, mon, tue, wed, thu, fri or sat");
}

}  // namespace
}  // namespace nudge
