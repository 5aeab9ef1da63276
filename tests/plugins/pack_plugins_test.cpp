// The pack plugins (plugins/cultures: culture-holidays; plugins/industries: industry-seasons),
// loaded from NUDGE_PACK_PLUGIN_DIR:
//  - culture-holidays gives, for 2026 and 2027, exactly the `public_holidays` of each
//    policies/cultures/<c>.toml, and continues the same rules beyond 2027 (dates checked by
//    hand, each against an independent computation);
//  - in an engine, a 2030 US application avoids Thanksgiving 2030;
//  - industry-seasons holds messages to the employer during the academia and
//    retail-hospitality closures until the first working morning, exactly.
#include <gtest/gtest.h>

#include <toml++/toml.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "nudge/engine.hpp"
#include "nudge/plugins.hpp"
#include "nudge/stack.hpp"
#include "plugin/plugin_handle.hpp"
#include "scenarios/scenario.hpp"

namespace nudge::test {
namespace {

const std::string kPacks = NUDGE_PACK_PLUGIN_DIR;
const std::string kCultureHolidays = kPacks + "/culture-holidays.so";
const std::string kIndustrySeasons = kPacks + "/industry-seasons.so";

std::string ymd_text(int year, unsigned month, unsigned day) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", year, month, day);
  return text;
}

Plugin load_plugin(const std::string& path) {
  auto p = Plugin::load(path);
  if (!p) throw std::runtime_error(p.error().message);
  return *p;
}

int collect(void* host, std::int32_t year, std::uint32_t month, std::uint32_t day, nudge_str) {
  static_cast<std::set<std::string>*>(host)->insert(ymd_text(year, month, day));
  return NUDGE_OK;
}

// The holidays culture-holidays adds for `culture` when asked for [first_year, last_year];
// `error` is set when the hook fails.
std::set<std::string> plugin_holidays(const std::string& culture, int first_year = 2020,
                                      int last_year = 2035, std::string* error = nullptr) {
  static const Plugin plugin = load_plugin(kCultureHolidays);
  std::set<std::string> out;
  nudge_calendar cal{};
  cal.struct_size = sizeof cal;
  cal.culture = nudge_str{culture.data(), culture.size()};
  cal.window_start = 9 * 60;
  cal.window_end = 17 * 60;
  cal.workdays = 0x3E;  // Monday to Friday
  cal.first_year = first_year;
  cal.last_year = last_year;
  cal.host = &out;
  cal.add_holiday = &collect;
  std::string message;
  const bool ok = plugin.handle()->call_calendar(cal, message);
  if (error != nullptr) *error = message;
  EXPECT_EQ(ok, error == nullptr) << message;
  return out;
}

// The same years of `all` only.
std::set<std::string> years(const std::set<std::string>& all, int first, int last) {
  std::set<std::string> out;
  for (const std::string& d : all) {
    const int y = std::stoi(d.substr(0, 4));
    if (y >= first && y <= last) out.insert(d);
  }
  return out;
}

std::set<std::string> toml_holidays(const std::string& culture) {
  const toml::table t = toml::parse_file(source_path("policies/cultures/" + culture + ".toml"));
  std::set<std::string> out;
  const toml::array* list = t["calendar"]["public_holidays"].as_array();
  if (list == nullptr) throw std::runtime_error(culture + ".toml has no public_holidays");
  for (const toml::node& n : *list) {
    const toml::date d = n.as_date()->get();
    out.insert(ymd_text(d.year, d.month, d.day));
  }
  return out;
}

// ---- culture-holidays -------------------------------------------------------------------

class CultureHolidaysToml : public ::testing::TestWithParam<const char*> {};

// The key requirement: for 2026-2027 the rules give exactly the hand-written TOML list (asked,
// like the engine asks, for 2020-2035).
TEST_P(CultureHolidaysToml, Equal2026And2027ExactlyAsTheTomlLists) {
  const std::string culture = GetParam();
  const std::set<std::string> toml = toml_holidays(culture);
  ASSERT_FALSE(toml.empty());
  EXPECT_EQ(years(plugin_holidays(culture), 2026, 2027), toml);
}

INSTANTIATE_TEST_SUITE_P(PackPlugins, CultureHolidaysToml,
                         ::testing::Values("br", "de", "fr", "in", "jp", "nl", "uk", "us"),
                         [](const ::testing::TestParamInfo<const char*>& p) {
                           return std::string(p.param);
                         });

bool has(const std::set<std::string>& s, const char* d) { return s.count(d) != 0; }

// Dates beyond 2027, each checked by hand (python3: dateutil.easter and calendar) before it was
// written here.
TEST(PackPlugins, CultureHolidaysContinueTheRulesBeyond2027) {
  const auto us = plugin_holidays("us");
  EXPECT_TRUE(has(us, "2030-11-28"));   // Thanksgiving, 4th Thursday of November 2030
  EXPECT_TRUE(has(us, "2032-06-18"));   // Juneteenth observed (Jun 19 2032 is a Saturday)
  EXPECT_TRUE(has(us, "2032-12-31"));   // New Year's Day 2033 observed (Jan 1 2033 is a Saturday)
  EXPECT_FALSE(has(us, "2020-06-19"));  // Juneteenth is a federal holiday from 2021
  const auto de = plugin_holidays("de");
  EXPECT_TRUE(has(de, "2030-04-22"));  // Ostermontag (Easter Sunday 2030-04-21)
  EXPECT_TRUE(has(de, "2030-04-19"));  // Karfreitag
  const auto jp = plugin_holidays("jp");
  EXPECT_TRUE(has(jp, "2030-03-20"));  // Vernal Equinox Day by the approximation formula
  EXPECT_TRUE(has(jp, "2032-09-21"));  // citizens' holiday between Sep 20 and the equinox Sep 22
  EXPECT_TRUE(has(jp, "2031-02-24"));  // substitute: the Emperor's Birthday is a Sunday
  EXPECT_TRUE(has(jp, "2021-08-09"));  // Olympics special law: Mountain Day 2021-08-08 (Sunday)
  EXPECT_FALSE(has(jp, "2021-08-11"));
  const auto uk = plugin_holidays("uk");
  EXPECT_TRUE(has(uk, "2035-03-23"));   // Good Friday (Easter Sunday 2035-03-25)
  EXPECT_FALSE(has(uk, "2035-03-26"));  // Easter Monday: not UK-wide (uk.toml), not listed
  EXPECT_TRUE(has(uk, "2032-12-27"));   // Christmas Day on a Saturday: substitute Monday
  EXPECT_TRUE(has(uk, "2032-12-28"));   // Boxing Day on a Sunday: substitute Tuesday
  EXPECT_TRUE(has(uk, "2022-06-03"));   // Platinum Jubilee (proclamation)
  EXPECT_FALSE(has(uk, "2022-05-30"));  // the spring bank holiday moved to 2022-06-02
  EXPECT_TRUE(has(uk, "2022-06-02"));
  const auto nl = plugin_holidays("nl");
  EXPECT_TRUE(has(nl, "2035-03-26"));  // Tweede Paasdag
  EXPECT_TRUE(has(nl, "2031-04-26"));  // Koningsdag: Apr 27 2031 is a Sunday
  const auto br = plugin_holidays("br");
  EXPECT_TRUE(has(br, "2030-03-04"));   // Carnaval, Monday (Easter - 48)
  EXPECT_TRUE(has(br, "2030-03-05"));   // Carnaval, Tuesday (Easter - 47)
  EXPECT_FALSE(has(br, "2023-11-20"));  // Zumbi: national from 2024 (Lei 14.759/2023)
  EXPECT_TRUE(has(br, "2024-11-20"));
  EXPECT_EQ(years(plugin_holidays("in"), 2035, 2035),
            (std::set<std::string>{"2035-01-26", "2035-08-15", "2035-10-02"}));
}

TEST(PackPlugins, CultureHolidaysAddNothingForAnotherCultureAndRefuseYearsWithoutRules) {
  EXPECT_TRUE(plugin_holidays("ch").empty());
  std::string error;
  EXPECT_TRUE(plugin_holidays("us", 2090, 2100, &error).empty());
  EXPECT_EQ(error,
            "plugin 'culture-holidays': calendar: public holidays are kept for 2020-2099 only, "
            "not 2100");
}

// ---- in an engine -------------------------------------------------------------------------

PolicyStack pack_stack(const std::vector<std::string>& plugins) {
  StackOptions options;
  options.policy = NUDGE_SOURCE_DIR "/policies/default.toml";
  options.plugin_files = plugins;
  options.use_plugin_path_environment = false;
  auto s = PolicyStack::load(options);
  if (!s) throw std::runtime_error(s.error().message);
  return *s;
}

class PackPluginEngine : public Scenario {
 protected:
  void use(PolicyStack stack) { engine = Engine(std::move(stack)); }
  static std::vector<std::string> names(const std::vector<Action>& due) {
    std::vector<std::string> out;
    for (const auto& a : due) out.push_back(a.rule + ":" + a.recipient);
    return out;
  }
};

// R1 and R19: us.toml lists 2026-2027 only; the plugin makes Thanksgiving 2030 a holiday, so a
// thank-you due that evening moves past it to Friday morning.
TEST_F(PackPluginEngine, R19_UsThanksgiving2030MovesTheThankYouToTheNextBusinessDay) {
  ApplicationContext app =
      single_app("app-1", "2030-11-27T15:00:00-05:00", "America/New_York", "Kim Lee");
  app.culture = "us";
  use(pack_stack({kCultureHolidays}));
  open(app);
  // +3 h = 18:00 Wed (after hours); Thu 2030-11-28 is Thanksgiving: Friday 09:00. The
  // deadline (+24 h = Thanksgiving 15:00) aligns to the same morning.
  EXPECT_EQ(times("R1", "Kim Lee"), "2030-11-29T09:00:00-05:00 / 2030-11-29T09:00:00-05:00");
  // R11 (R1 + 24 h = Sat 09:00): the next business morning is Monday.
  EXPECT_EQ(times("R11", "Kim Lee").substr(0, 25), "2030-12-02T09:00:00-05:00");
  EXPECT_TRUE(engine.take_diagnostics().empty());
}

TEST_F(PackPluginEngine, R19_WithoutThePluginThanksgiving2030IsAWorkingDay) {
  ApplicationContext app =
      single_app("app-1", "2030-11-27T15:00:00-05:00", "America/New_York", "Kim Lee");
  app.culture = "us";
  use(pack_stack({}));
  open(app);
  EXPECT_EQ(times("R1", "Kim Lee"), "2030-11-28T09:00:00-05:00 / 2030-11-28T15:00:00-05:00");
}

// An academia interview on Mon 2026-12-28: the thank-you (due 13:00 New York) falls in the
// winter closure (Dec 24 - Jan 1) and is held to Mon 2027-01-04 09:00 New York (Jan 2-3 is a
// weekend); the candidate's own reflection is not held.
TEST_F(PackPluginEngine, AcademiaHoldsAThankYouDueOnDec28UntilTheFirstWorkingMorning) {
  ApplicationContext app =
      single_app("app-1", "2026-12-28T10:00:00-05:00", "America/New_York", "Kim Lee");
  app.industry = "academia";
  app.culture = "us";
  use(pack_stack({kCultureHolidays, kIndustrySeasons}));
  open(app);
  EXPECT_EQ(times("R1", "Kim Lee"), "2026-12-28T13:00:00-05:00 / 2026-12-29T10:00:00-05:00");
  EXPECT_EQ(names(advance("2026-12-28T18:00:00Z")), (std::vector<std::string>{"R15:candidate"}));
  EXPECT_EQ(engine.stats().actions_held, 1u);
  // Meanwhile the candidate's own reminder (R16) goes out; the messages to Kim wait.
  EXPECT_EQ(names(advance("2027-01-04T13:59:59Z")), (std::vector<std::string>{"R16:candidate"}));
  const auto due = advance("2027-01-04T14:00:00Z");
  // R11 (R1 + 24 h, Dec 29) was held to the same morning.
  EXPECT_EQ(names(due), (std::vector<std::string>{"R1:Kim Lee", "R11:Kim Lee"}));
  ASSERT_FALSE(due.empty());
  // Released as planned: its own times are the plan's, not the hold's.
  EXPECT_EQ(format_rfc3339(due.front().at, due.front().zone), "2026-12-28T13:00:00-05:00");
  EXPECT_TRUE(engine.take_diagnostics().empty());
}

TEST_F(PackPluginEngine, ANonAcademiaApplicationIsNotHeld) {
  ApplicationContext app =
      single_app("app-1", "2026-12-28T10:00:00-05:00", "America/New_York", "Kim Lee");
  app.industry = "tech";
  app.culture = "us";
  use(pack_stack({kCultureHolidays, kIndustrySeasons}));
  open(app);
  EXPECT_EQ(names(advance("2026-12-28T18:00:00Z")),
            (std::vector<std::string>{"R15:candidate", "R1:Kim Lee"}));
  EXPECT_EQ(engine.stats().actions_held, 0u);
}

// Retail-hospitality in the UK, Christmas 2027: the thank-you due Fri Dec 24 09:00 London is
// held; Dec 25-26 is the closure, Dec 27-28 the UK substitute bank holidays: Wed Dec 29 09:00.
TEST_F(PackPluginEngine, RetailHospitalityHoldsPastTheUkSubstituteDays) {
  ApplicationContext app =
      single_app("app-1", "2027-12-23T15:00:00+00:00", "Europe/London", "Sam Hart");
  app.industry = "retail-hospitality";
  app.culture = "uk";
  use(pack_stack({kCultureHolidays, kIndustrySeasons}));
  open(app);
  EXPECT_EQ(times("R1", "Sam Hart"), "2027-12-24T09:00:00+00:00 / 2027-12-24T15:00:00+00:00");
  EXPECT_EQ(names(advance("2027-12-23T17:00:00Z")), (std::vector<std::string>{"R15:candidate"}));
  EXPECT_EQ(names(advance("2027-12-24T09:00:00Z")), std::vector<std::string>{});
  EXPECT_EQ(engine.stats().actions_held, 1u);
  EXPECT_EQ(names(advance("2027-12-29T08:59:59Z")), std::vector<std::string>{});
  EXPECT_EQ(names(advance("2027-12-29T09:00:00Z")).front(), "R1:Sam Hart");
}

// ---- industry-seasons' review, called directly --------------------------------------------

struct ReviewCall {
  nudge_person person{};
  nudge_app app{};
  nudge_action action{};
  std::string industry = "academia";
  std::string culture = "de";
  std::string zone = "Europe/Berlin";
  std::string name = "Eva Roth";
  std::string verb = "status_inquiry";

  nudge_review call(const char* now, std::string* error = nullptr) {
    static const Plugin plugin = load_plugin(kIndustrySeasons);
    person = nudge_person{
        sizeof(nudge_person), {name.data(), name.size()}, {}, {zone.data(), zone.size()}, 1};
    app.struct_size = sizeof app;
    app.industry = {industry.data(), industry.size()};
    app.culture = {culture.data(), culture.size()};
    app.candidate_zone = {zone.data(), zone.size()};
    app.decision_date = NUDGE_NO_DATE;
    app.interviewer_count = 1;
    app.interviewers = &person;
    action.struct_size = sizeof action;
    action.rule = {"R4", 2};
    action.action = {verb.data(), verb.size()};
    nudge_review out{};
    out.struct_size = sizeof out;
    std::string message;
    const std::int64_t t = at(now).time_since_epoch().count();
    action.at = action.deadline = action.trigger = t;
    EXPECT_TRUE(plugin.handle()->call_review(app, action, t, out, message)) << message;
    if (error != nullptr) *error = message;
    return out;
  }
};

TEST(PackPlugins, IndustrySeasonsReviewSaysWhatItHoldsAndUntilWhen) {
  ReviewCall r;
  // Thu 2026-12-31 10:00 Berlin: in the closure; Fri Jan 1 is its last day: Mon Jan 4 09:00.
  nudge_review v = r.call("2026-12-31T10:00:00+01:00");
  EXPECT_EQ(v.verdict, NUDGE_SHIFT);
  EXPECT_EQ(format_rfc3339(Instant{std::chrono::seconds{v.shift_to}}, "Europe/Berlin"),
            "2027-01-04T09:00:00+01:00");
  EXPECT_STREQ(v.reason,
               "industry-seasons: academia winter closure Dec 24-Jan 1; held to the first "
               "working morning, 2027-01-04 09:00 local");
  // A pure function: the same call, the same answer.
  const nudge_review again = r.call("2026-12-31T10:00:00+01:00");
  EXPECT_EQ(again.shift_to, v.shift_to);
  // Dec 23 23:59 Berlin is before the closure; after Jan 1 the weekend and the early hours of
  // Monday are still held (to the same morning); Monday 09:00 is released.
  EXPECT_EQ(r.call("2026-12-23T23:59:59+01:00").verdict, NUDGE_ALLOW);
  EXPECT_EQ(r.call("2027-01-02T00:00:00+01:00").shift_to, v.shift_to);
  EXPECT_EQ(r.call("2027-01-04T08:59:59+01:00").shift_to, v.shift_to);
  EXPECT_EQ(r.call("2027-01-04T09:00:00+01:00").verdict, NUDGE_ALLOW);
  // The recipient's local date decides: 23:30Z on Dec 23 is already Dec 24 in Berlin.
  EXPECT_EQ(r.call("2026-12-23T23:30:00Z").verdict, NUDGE_SHIFT);
  // R9's answer to the employer's own request is never held.
  r.verb = "send_requested_info";
  EXPECT_EQ(r.call("2026-12-31T10:00:00+01:00").verdict, NUDGE_ALLOW);
}

TEST(PackPlugins, IndustrySeasonsNeverHoldsTheCandidatesOwnActions) {
  ReviewCall r;
  r.verb = "reflect";
  r.action.recipient = NUDGE_RECIPIENT_CANDIDATE;
  EXPECT_EQ(r.call("2026-12-28T12:00:00+01:00").verdict, NUDGE_ALLOW);
}

}  // namespace
}  // namespace nudge::test
