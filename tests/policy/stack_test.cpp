// Policy stacking: base -> industry -> culture -> company -> per-application overrides, with
// the shipped packs (policies/industries, policies/cultures) and with small layers written
// here. Times are exact, in the recipient's zone.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "nudge/engine.hpp"
#include "nudge/stack.hpp"
#include "scenarios/scenario.hpp"

namespace nudge::test {
namespace {

namespace fs = std::filesystem;

PolicyStack shipped_stack(StackOptions options = {}) {
  options.policy = source_path("policies/default.toml");
  options.use_plugin_path_environment = false;
  auto s = PolicyStack::load(options);
  if (!s) throw std::runtime_error(s.error().message);
  return *s;
}

// A folder under the test temp dir, emptied first.
std::string fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(::testing::TempDir()) / ("nudge-stack-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir / "industries");
  fs::create_directories(dir / "cultures");
  return dir.string();
}

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// A base policy in `dir` extending the shipped default, with its own (empty) layer folders.
std::string base_in(const std::string& dir) {
  std::string base = dir + "/base.toml";
  write(base, "[policy]\nname = \"base\"\nextends = \"" + source_path("policies/default.toml") +
                  "\"\nindustries = \"industries\"\ncultures = \"cultures\"\n");
  return base;
}

class StackScenario : public Scenario {
 protected:
  void use(PolicyStack stack) { engine = Engine(std::move(stack)); }
  std::optional<Action> find_in(const std::vector<Action>& actions, const char* rule,
                                const char* recipient) {
    for (const auto& a : actions) {
      if (a.rule == rule && a.recipient == recipient) return a;
    }
    return std::nullopt;
  }
};

TEST(Stack, TheShippedPacksNameSixIndustriesAndEightCultures) {
  PolicyStack stack = shipped_stack();
  EXPECT_EQ(stack.industries(),
            (std::vector<std::string>{"academia", "finance", "government", "healthcare",
                                      "retail-hospitality", "tech"}));
  EXPECT_EQ(stack.cultures(),
            (std::vector<std::string>{"br", "de", "fr", "in", "jp", "nl", "uk", "us"}));
}

TEST_F(StackScenario, TechKeepsTheDefaultTimesOfTheBundledExample) {
  use(shipped_stack());
  ApplicationContext app = panel_app();
  app.industry = "tech";
  open(app);
  EXPECT_EQ(times("R1", "Ana Ruiz"), "2026-11-23T13:30:00-06:00 / 2026-11-24T10:30:00-06:00");
  EXPECT_EQ(times("R4", "Ana Ruiz"), "2026-11-30T13:30:00-06:00 / 2026-12-03T13:30:00-06:00");
}

TEST_F(StackScenario, GovernmentWaitsLongerForTheFirstInquiry) {
  use(shipped_stack());
  ApplicationContext app = panel_app();
  app.industry = "government";  // 53.8 d / 23.8 d: 16 d instead of 7 (deadline 23 d)
  open(app);
  EXPECT_EQ(times("R4", "Ana Ruiz"), "2026-12-09T13:30:00-06:00 / 2026-12-16T13:30:00-06:00");
}

TEST_F(StackScenario, GermanyOverGovernmentCountsBusinessDaysAndMakesTheThankYouOptional) {
  use(shipped_stack());
  ApplicationContext app = panel_app();
  app.industry = "government";
  app.culture = "de";  // the culture layer (7bd / 10bd) sits above the industry's 16d / 23d
  open(app);
  EXPECT_EQ(times("R4", "Ana Ruiz"), "2026-12-02T13:30:00-06:00 / 2026-12-07T13:30:00-06:00");
  auto thanks = find("R1", "Ben Keller");
  ASSERT_TRUE(thanks);
  EXPECT_TRUE(thanks->optional);
  EXPECT_FALSE(find("R4", "Ana Ruiz")->optional);
  // R5 comes from the government layer (de does not set it): 32 d after the first inquiry,
  // Sun 2027-01-03 aligned to Monday.
  apply("inquiry_sent", "2026-12-02T13:30:00-06:00");
  EXPECT_EQ(times("R5", "Ana Ruiz"), "2027-01-04T09:00:00-06:00 / 2027-01-11T09:00:00-06:00");
}

TEST_F(StackScenario, ForcedGroupsReplaceTheApplicationsOwn) {
  StackOptions options;
  options.industry = "government";
  options.culture = "de";
  use(shipped_stack(options));
  ApplicationContext app = panel_app();
  app.industry = "tech";
  open(app);
  EXPECT_EQ(times("R4", "Ana Ruiz"), "2026-12-02T13:30:00-06:00 / 2026-12-07T13:30:00-06:00");
}

TEST_F(StackScenario, OneEngineServesSeveralGroupsAndSnapshotsKeepThem) {
  use(shipped_stack());
  ApplicationContext tech = panel_app();
  tech.industry = "tech";
  ApplicationContext gov = panel_app();
  gov.id = "app-2";
  gov.industry = "government";
  gov.culture = "de";
  open(tech);
  open(gov);
  EXPECT_EQ(times("R4", "Ana Ruiz", "app-1"),
            "2026-11-30T13:30:00-06:00 / 2026-12-03T13:30:00-06:00");
  EXPECT_EQ(times("R4", "Ana Ruiz", "app-2"),
            "2026-12-02T13:30:00-06:00 / 2026-12-07T13:30:00-06:00");
  const std::string snap = engine.snapshot();
  Engine restored(shipped_stack());
  ASSERT_TRUE(restored.restore(snap).ok());
  EXPECT_EQ(restored.snapshot(), snap);
  auto plan = restored.plan("app-2");
  ASSERT_TRUE(plan.ok());
  auto r4 = find_in(*plan, "R4", "Ana Ruiz");
  ASSERT_TRUE(r4);
  EXPECT_EQ(format_rfc3339(r4->at, r4->zone), "2026-12-02T13:30:00-06:00");
  // Under another stack (no culture packs forced, but a different forced industry) the
  // snapshot is refused.
  StackOptions forced;
  forced.industry = "finance";
  Engine other(shipped_stack(forced));
  auto refused = other.restore(snap);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kMismatch);
}

TEST_F(StackScenario, UnknownIndustryIsRefusedNamingTheKnownOnesAndNothingChanges) {
  use(shipped_stack());
  const std::string before = engine.snapshot();
  ApplicationContext app = panel_app();
  app.industry = "software";
  auto s = engine.open(app);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kUnknownName);
  EXPECT_EQ(s.error().message,
            "unknown industry 'software'; known industries: academia, finance, government, "
            "healthcare, retail-hospitality, tech (or leave it empty for the base policy)");
  EXPECT_EQ(engine.snapshot(), before);
}

TEST(Stack, UnknownForcedCultureFailsAtLoad) {
  StackOptions options;
  options.policy = source_path("policies/default.toml");
  options.culture = "xx";
  auto s = PolicyStack::load(options);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message,
            "unknown culture 'xx'; known cultures: br, de, fr, in, jp, nl, uk, us (or leave it "
            "empty for the base policy)");
}

TEST_F(StackScenario, USFinanceOffersAHandwrittenCardOnlyInFinance) {
  use(shipped_stack());
  ApplicationContext finance = panel_app();
  finance.industry = "finance";
  finance.culture = "us";
  ApplicationContext tech = panel_app();
  tech.id = "app-2";
  tech.industry = "tech";
  tech.culture = "us";
  open(finance);
  open(tech);
  auto card = find("US-R3-handwritten", "Ana Ruiz", "app-1");
  ASSERT_TRUE(card);
  EXPECT_TRUE(card->optional);
  EXPECT_EQ(card->channel, "mail");
  EXPECT_FALSE(find("US-R3-handwritten", "Ana Ruiz", "app-2"));
}

TEST_F(StackScenario, PublicHolidaysOfTheCultureMoveTheConnectNote) {
  use(shipped_stack());
  ApplicationContext app = panel_app();
  app.culture = "us";  // Thanksgiving, Thu 2026-11-26, is a US federal holiday
  app.interview_end = at("2026-11-24T11:30:00-05:00");
  open(app);
  EXPECT_EQ(times("R1", "Ana Ruiz"), "2026-11-24T13:30:00-06:00 / 2026-11-25T10:30:00-06:00");
  apply("thank_you_sent", "2026-11-25T16:00:00-06:00", "Ana Ruiz");
  // R11: thank-you sent + 24 h = Thanksgiving 16:00 -> Fri 09:00; deadline +7d = Wed 16:00.
  EXPECT_EQ(times("R11", "Ana Ruiz"), "2026-11-27T09:00:00-06:00 / 2026-12-02T16:00:00-06:00");
  // Without the culture layer the note is due on Thanksgiving itself.
  use(shipped_stack());
  app.culture.clear();
  open(app);
  apply("thank_you_sent", "2026-11-25T16:00:00-06:00", "Ana Ruiz");
  EXPECT_EQ(times("R11", "Ana Ruiz"), "2026-11-26T16:00:00-06:00 / 2026-12-02T16:00:00-06:00");
}

TEST_F(StackScenario, PublicHolidaysAddUpAcrossLayers) {
  const std::string dir = fresh_dir("holidays");
  const std::string base = base_in(dir);
  write(dir + "/cultures/xx.toml",
        "[policy]\nname = \"xx\"\n[calendar]\npublic_holidays = [2026-11-30]\n");
  write(dir + "/company.toml", "[calendar]\npublic_holidays = [2026-12-01]\n");
  StackOptions options;
  options.policy = base;
  options.company = dir + "/company.toml";
  options.use_plugin_path_environment = false;
  auto stack = PolicyStack::load(options);
  ASSERT_TRUE(stack.ok()) << stack.error().message;
  use(*stack);
  ApplicationContext app = panel_app();
  app.culture = "xx";
  open(app);
  // R4 would be Mon 2026-11-30 13:30: both Monday (culture) and Tuesday (company) are
  // holidays, so Wednesday 09:00.
  EXPECT_EQ(times("R4", "Ana Ruiz"), "2026-12-02T09:00:00-06:00 / 2026-12-03T13:30:00-06:00");
}

TEST(Stack, ALayerThatExtendsIsRefusedWithItsPosition) {
  const std::string dir = fresh_dir("extends");
  const std::string base = base_in(dir);
  write(dir + "/industries/mining.toml",
        "[policy]\nname = \"mining\"\nextends = \"../base.toml\"\n");
  StackOptions options;
  options.policy = base;
  auto stack = PolicyStack::load(options);
  ASSERT_FALSE(stack.ok());
  EXPECT_EQ(stack.error().message,
            dir +
                "/industries/mining.toml:3:11: a industry layer cannot set 'extends': the "
                "stack puts it over the base policy, which names the graph and the layer "
                "folders; remove 'extends'");
}

TEST(Stack, ALayerNamedOtherThanItsFileIsRefused) {
  const std::string dir = fresh_dir("name");
  const std::string base = base_in(dir);
  write(dir + "/cultures/pt.toml", "[policy]\nname = \"br\"\n");
  StackOptions options;
  options.policy = base;
  auto stack = PolicyStack::load(options);
  ASSERT_FALSE(stack.ok());
  EXPECT_EQ(stack.error().message,
            dir +
                "/cultures/pt.toml:2:8: this culture layer is named 'br' but its file says "
                "'pt'; the file name (pt.toml) is the culture's name, so make them equal");
}

TEST(Stack, ABrokenLayerFailsAtLoadWithFileLineColumn) {
  const std::string dir = fresh_dir("broken");
  const std::string base = base_in(dir);
  write(dir + "/industries/mining.toml", "[[rule]]\nid = \"R4\"\nat = \"7 days\"\n");
  StackOptions options;
  options.policy = base;
  auto stack = PolicyStack::load(options);
  ASSERT_FALSE(stack.ok());
  EXPECT_EQ(stack.error().message.rfind(dir + "/industries/mining.toml:3:6: ", 0), 0u)
      << stack.error().message;
}

TEST_F(StackScenario, PerApplicationOverridesAreTheTopLayer) {
  use(shipped_stack());
  ApplicationContext app = panel_app();
  app.culture = "de";
  app.overrides = "[[rule]]\nid = \"R4\"\nat = \"3bd\"\n";  // deadline stays de's 10bd
  app.overrides_source = "app-1 overrides";
  open(app);
  EXPECT_EQ(times("R4", "Ana Ruiz"), "2026-11-26T13:30:00-06:00 / 2026-12-07T13:30:00-06:00");
  // The snapshot carries the overrides.
  Engine restored(shipped_stack());
  ASSERT_TRUE(restored.restore(engine.snapshot()).ok());
  EXPECT_EQ(restored.snapshot(), engine.snapshot());
}

TEST_F(StackScenario, BadOverridesAreRefusedWithTheirPositionAndNothingChanges) {
  use(shipped_stack());
  const std::string before = engine.snapshot();
  ApplicationContext app = panel_app();
  app.overrides = "[[rule]]\nid = \"R4\"\nat = \"soon\"\n";
  app.overrides_source = "app-1.overrides.toml";
  auto s = engine.open(app);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message.rfind("app-1.overrides.toml:3:6: ", 0), 0u) << s.error().message;
  EXPECT_EQ(engine.snapshot(), before);
}

TEST(Stack, ExplainNamesTheLayerOfEachValue) {
  auto text = shipped_stack().explain("government", "de");
  ASSERT_TRUE(text.ok()) << text.error().message;
  const std::string t = *text;
  const std::string dir = source_path("policies");
  EXPECT_NE(t.find("Effective policy 'default' for industry 'government', culture 'de'"),
            std::string::npos);
  EXPECT_NE(
      t.find("  industry        government          " + dir + "/industries/government.toml\n"),
      std::string::npos)
      << t;
  EXPECT_NE(t.find("rule R4 (status_inquiry): enabled\n"), std::string::npos);
  EXPECT_NE(t.find("  at = '7bd'                                   <- culture de (" + dir +
                   "/cultures/de.toml:"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("  at = '32d'                                   <- industry government (" + dir +
                   "/industries/government.toml:"),
            std::string::npos)
      << t;
  EXPECT_NE(
      t.find("  busy = 1.5                                   <- base (" + dir + "/default.toml:"),
      std::string::npos)
      << t;
  EXPECT_NE(t.find("rule R1 (thank_you): enabled, optional\n"), std::string::npos);
}

}  // namespace
}  // namespace nudge::test
