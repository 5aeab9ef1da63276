// Loading plugins (engine/src/plugin/plugin_host.cpp) and calling their hooks through
// PluginHandle (plugin_handle.cpp): every refusal's exact code and text, the example plugins'
// info and hook results to the second, and failures that never reach the host.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "nudge/plugin_abi.h"
#include "nudge/plugins.hpp"
#include "nudge/policy.hpp"
#include "plugin/plugin_handle.hpp"

namespace nudge {
namespace {

const std::string kFixtures = NUDGE_FIXTURE_DIR;
const std::string kDescriptors = kFixtures + "/descriptors";

std::string fixture(const std::string& name) { return kFixtures + "/" + name + ".so"; }

// Loads a plugin that must load.
Plugin must_load(const std::string& path, std::string_view config = {}) {
  auto plugin = Plugin::load(path, config);
  if (!plugin) ADD_FAILURE() << plugin.error().message;
  return std::move(plugin).value();
}

nudge_str str(const std::string& s) { return nudge_str{s.data(), s.size()}; }

// An application as the engine hands it to a plugin: a candidate in New York, a recruiter in
// Chicago (index 0) and a hiring manager in Berlin (index 1).
struct TestApp {
  std::string id = "app-1", position = "Platform Engineer", company = "Acme";
  std::string industry = "tech", culture = "nl", candidate_zone = "America/New_York";
  std::string stage = "awaiting";
  std::string ana = "Ana Ruiz", hr = "hr", chicago = "America/Chicago";
  std::string ben = "Ben Keller", manager = "manager", berlin = "Europe/Berlin";
  nudge_person people[2]{};
  nudge_app app{};

  explicit TestApp(std::uint32_t flags = 0) {
    people[0] = {sizeof(nudge_person), str(ana), str(hr), str(chicago), 1};
    people[1] = {sizeof(nudge_person), str(ben), str(manager), str(berlin), 0};
    app = {sizeof(nudge_app),
           str(id),
           str(position),
           str(company),
           str(industry),
           str(culture),
           str(candidate_zone),
           str(stage),
           1772470800,
           NUDGE_NO_DATE,
           flags,
           2,
           people};
  }
};

// A planned action; rule, action and channel point into static strings.
nudge_action action(const char* rule, const char* what, std::uint32_t recipient, std::int64_t at,
                    std::int64_t deadline) {
  nudge_action a{};
  a.struct_size = sizeof(nudge_action);
  a.rule = nudge_str{rule, std::char_traits<char>::length(rule)};
  a.action = nudge_str{what, std::char_traits<char>::length(what)};
  a.channel = nudge_str{"email", 5};
  a.recipient = recipient;
  a.occurrence = 0;
  a.trigger = 1772470800;
  a.at = at;
  a.deadline = deadline;
  return a;
}

// Records what a calendar hook hands to the host.
struct HostCalendar {
  std::vector<std::string> holidays;  // "YYYY-MM-DD name"
  nudge_calendar cal{};

  HostCalendar(int first_year, int last_year) {
    cal.struct_size = sizeof(nudge_calendar);
    cal.industry = nudge_str{"", 0};
    cal.culture = nudge_str{"nl", 2};
    cal.window_start = 9 * 60;
    cal.window_end = 17 * 60;
    cal.workdays = 0x3E;  // Monday to Friday
    cal.first_year = first_year;
    cal.last_year = last_year;
    cal.host = this;
    cal.add_holiday = &add;
  }
  static int add(void* host, std::int32_t year, std::uint32_t month, std::uint32_t day,
                 nudge_str name) {
    char date[32];
    std::snprintf(date, sizeof date, "%04d-%02u-%02u", year, month, day);
    static_cast<HostCalendar*>(host)->holidays.push_back(std::string(date) + " " +
                                                         std::string(name.data, name.size));
    return NUDGE_OK;
  }
};

// ---- refusals --------------------------------------------------------------------------

void expect_refused(const std::string& path, ErrorCode code, const std::string& message,
                    std::string_view config = {}) {
  auto plugin = Plugin::load(path, config);
  ASSERT_FALSE(plugin.ok()) << path;
  EXPECT_EQ(plugin.error().code, code) << path;
  EXPECT_EQ(plugin.error().message, message);
}

TEST(PluginLoader, RefusesAMissingFile) {
  expect_refused(kFixtures + "/missing.so", ErrorCode::kNotFound,
                 kFixtures + "/missing.so: no such file; check the path (or NUDGE_PLUGIN_PATH)");
}

TEST(PluginLoader, RefusesADirectory) {
  expect_refused(kDescriptors, ErrorCode::kInvalidArgument,
                 kDescriptors +
                     ": is a directory; name the plugin's .so file (or use it as a plugin "
                     "directory)");
}

TEST(PluginLoader, RefusesATextFileWithTheLoadersMessage) {
  expect_refused(fixture("not_a_library"), ErrorCode::kInvalidArgument,
                 fixture("not_a_library") +
                     ": cannot be loaded as a shared library: file too short; build the plugin "
                     "as a shared library (CMake: add_library(NAME MODULE ...))");
}

TEST(PluginLoader, RefusesALibraryWithoutTheEntryPoint) {
  expect_refused(fixture("no_entry"), ErrorCode::kInvalidArgument,
                 fixture("no_entry") +
                     ": exports no 'nudge_plugin_entry'; export it with NUDGE_EXPORT_PLUGIN or "
                     "extern \"C\"");
}

TEST(PluginLoader, RefusesAnotherAbiMajorNamingBothVersions) {
  expect_refused(fixture("abi_mismatch"), ErrorCode::kMismatch,
                 fixture("abi_mismatch") +
                     ": built for plugin ABI 2.0; this nudge supports ABI 1.x: rebuild it "
                     "against nudge's plugin_abi.h");
}

TEST(PluginLoader, RefusesInitReturningNullWithThePluginsMessage) {
  expect_refused(fixture("init_fails"), ErrorCode::kInvalidArgument,
                 fixture("init_fails") +
                     ": plugin 'init-fails': init failed: no licence key; set the plugin's "
                     "config to licence=ok");
  // The configuration string reaches init.
  EXPECT_EQ(must_load(fixture("init_fails"), "licence=ok").info().name, "init-fails");
}

TEST(PluginLoader, RefusesBadDescriptors) {
  const std::string d = kDescriptors + "/";
  expect_refused(d + "null_descriptor.so", ErrorCode::kInvalidArgument,
                 d + "null_descriptor.so: nudge_plugin_entry returned NULL; return a pointer "
                     "to a static nudge_plugin_descriptor");
  expect_refused(d + "small_descriptor.so", ErrorCode::kInvalidArgument,
                 d + "small_descriptor.so: its descriptor's struct_size is 24 bytes, smaller "
                     "than the 88 bytes of ABI 1.0; set struct_size = "
                     "sizeof(nudge_plugin_descriptor)");
  expect_refused(d + "no_name.so", ErrorCode::kInvalidArgument,
                 d + "no_name.so: its descriptor has no name; give it a unique name of "
                     "letters, digits, '-' and '_'");
  expect_refused(d + "bad_name.so", ErrorCode::kInvalidArgument,
                 d + "bad_name.so: plugin name 'bad name!' is invalid; use 1 to 64 letters, "
                     "digits, '-' and '_'");
  expect_refused(d + "bad_layer.so", ErrorCode::kInvalidArgument,
                 d + "bad_layer.so: plugin 'bad-descriptor' has unknown layer 7; use "
                     "NUDGE_LAYER_INDUSTRY (1), NUDGE_LAYER_CULTURE (2) or NUDGE_LAYER_COMPANY "
                     "(3)");
  expect_refused(d + "small_hooks.so", ErrorCode::kInvalidArgument,
                 d + "small_hooks.so: plugin 'bad-descriptor': its hook table's struct_size "
                     "is 8 bytes, smaller than the 32 bytes of ABI 1.0; set struct_size = "
                     "sizeof(nudge_plugin_hooks)");
}

// ---- the example plugins ---------------------------------------------------------------

TEST(PluginLoader, ExampleCompanyInfo) {
  Plugin plugin = must_load(NUDGE_EXAMPLE_COMPANY_PATH);
  const PluginInfo& info = plugin.info();
  EXPECT_EQ(info.name, "example-company");
  EXPECT_EQ(info.version, "1.0.0");
  EXPECT_EQ(info.description,
            "Example Co.: no inquiries on Fridays, R10 on but never after no_contact");
  EXPECT_EQ(info.path, NUDGE_EXAMPLE_COMPANY_PATH);
  EXPECT_EQ(info.layer, "company");
  EXPECT_EQ(info.applies_to, "");
  EXPECT_EQ(info.abi_major, 1u);
  EXPECT_EQ(info.abi_minor, 1u);
  EXPECT_TRUE(info.has_policy);
  EXPECT_FALSE(info.has_calendar);  // not overridden: plugin.hpp leaves it NULL
  EXPECT_TRUE(info.has_adjust);
  EXPECT_TRUE(info.has_review);
  EXPECT_TRUE(plugin.handle()->applies("", ""));
  EXPECT_TRUE(plugin.handle()->applies("retail", "de"));
}

TEST(PluginLoader, ExampleCInfo) {
  Plugin plugin = must_load(NUDGE_EXAMPLE_C_PATH);
  const PluginInfo& info = plugin.info();
  EXPECT_EQ(info.name, "example-c");
  EXPECT_EQ(info.version, "1.0.0");
  EXPECT_EQ(info.description, "Dutch customs: King's Day off, direct inquiries");
  EXPECT_EQ(info.path, NUDGE_EXAMPLE_C_PATH);
  EXPECT_EQ(info.layer, "culture");
  EXPECT_EQ(info.applies_to, "nl");
  EXPECT_EQ(info.abi_major, 1u);
  EXPECT_EQ(info.abi_minor, 1u);
  EXPECT_FALSE(info.has_policy);
  EXPECT_TRUE(info.has_calendar);
  EXPECT_TRUE(info.has_adjust);
  EXPECT_FALSE(info.has_review);
  EXPECT_TRUE(plugin.handle()->applies("tech", "nl"));
  EXPECT_FALSE(plugin.handle()->applies("tech", "de"));
  EXPECT_FALSE(plugin.handle()->applies("nl", ""));  // a culture plugin looks at the culture
}

TEST(PluginLoader, IndustryPluginAppliesToItsListedIndustries) {
  Plugin plugin = must_load(fixture("returns_error"));  // applies_to = "tech, finance"
  EXPECT_TRUE(plugin.handle()->applies("tech", ""));
  EXPECT_TRUE(plugin.handle()->applies("finance", "nl"));
  EXPECT_FALSE(plugin.handle()->applies("retail", "tech"));
  EXPECT_FALSE(plugin.handle()->applies("", ""));
}

// example-company's adjust: a status inquiry due on a Friday in its recipient's zone moves to
// the next Monday at the same local time, across the DST change of the weekend in between.
TEST(PluginLoader, ExampleCompanyMovesFridayInquiriesToMonday) {
  Plugin plugin = must_load(NUDGE_EXAMPLE_COMPANY_PATH);
  TestApp t;
  std::vector<nudge_action> actions = {
      // Friday 2026-03-27 10:00 Berlin (09:00Z) -> Monday 2026-03-30 10:00 CEST (08:00Z).
      action("R4", "status_inquiry", 1, 1774602000, 1774602000 + 3 * 86400),
      // Thursday 2026-03-26 10:00 Chicago (15:00Z): unchanged.
      action("R4", "status_inquiry", 0, 1774537200, 1774537200 + 86400),
      // Friday 23:30 New York on 2026-03-06 is already Saturday in UTC (04:30Z); it moves to
      // Monday 2026-03-09 23:30 EDT (2026-03-10T03:30Z): the candidate's zone decides.
      action("R4", "status_inquiry", NUDGE_RECIPIENT_CANDIDATE, 1772857800, 1772857800 + 3600),
      // A thank-you on a Friday is not an inquiry: unchanged.
      action("R1", "thank_you", 1, 1774602000, 1774602000 + 86400),
  };
  std::string error;
  ASSERT_TRUE(plugin.handle()->call_adjust(t.app, actions.data(), actions.size(), error)) << error;
  EXPECT_EQ(error, "");
  EXPECT_EQ(actions[0].at, 1774857600);  // 2026-03-30T08:00:00Z
  EXPECT_EQ(actions[0].deadline, 1774857600 + 3 * 86400);
  EXPECT_STREQ(actions[0].note, "example-company: no inquiries on Fridays; moved to Monday");
  EXPECT_EQ(actions[1].at, 1774537200);
  EXPECT_EQ(actions[1].deadline, 1774537200 + 86400);
  EXPECT_STREQ(actions[1].note, "");
  EXPECT_EQ(actions[2].at, 1773113400);  // 2026-03-10T03:30:00Z
  EXPECT_EQ(actions[2].deadline, 1773113400 + 3600);
  EXPECT_STREQ(actions[2].note, "example-company: no inquiries on Fridays; moved to Monday");
  EXPECT_EQ(actions[3].at, 1774602000);
  EXPECT_STREQ(actions[3].note, "");
  EXPECT_EQ(actions[0].suppress, 0);
}

TEST(PluginLoader, ExampleCompanyRefusesR10UnderNoContact) {
  Plugin plugin = must_load(NUDGE_EXAMPLE_COMPANY_PATH);
  const nudge_action r10 = action("R10", "value_add", 0, 1774602000, 1774602000 + 86400);
  const nudge_action r4 = action("R4", "status_inquiry", 0, 1774602000, 1774602000 + 86400);
  std::string error;
  nudge_review out{};

  TestApp no_contact(NUDGE_FLAG_NO_CONTACT);
  ASSERT_TRUE(plugin.handle()->call_review(no_contact.app, r10, 1774602000, out, error));
  EXPECT_EQ(out.verdict, NUDGE_REFUSE);
  EXPECT_STREQ(out.reason,
               "example-company: the employer asked not to be contacted; no value-add note");

  ASSERT_TRUE(plugin.handle()->call_review(no_contact.app, r4, 1774602000, out, error));
  EXPECT_EQ(out.verdict, NUDGE_ALLOW);
  EXPECT_STREQ(out.reason, "");

  TestApp busy(NUDGE_FLAG_BUSY);
  ASSERT_TRUE(plugin.handle()->call_review(busy.app, r10, 1774602000, out, error));
  EXPECT_EQ(out.verdict, NUDGE_ALLOW);
  EXPECT_EQ(error, "");
}

// The TOML layer example-company brings is a valid overlay of the default policy.
TEST(PluginLoader, ExampleCompanyPolicyLayerLoadsOverTheDefault) {
  Plugin plugin = must_load(NUDGE_EXAMPLE_COMPANY_PATH);
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / "nudge-example-company-layer.toml";
  {
    std::ofstream out(file);
    out << "[policy]\nname = \"example-company-layer\"\nextends = \"" << NUDGE_SOURCE_DIR
        << "/policies/default.toml\"\n"
        << plugin.handle()->descriptor->policy_toml;
  }
  auto policy = Policy::load_file(file.string());
  std::filesystem::remove(file);
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  EXPECT_EQ(policy->name(), "example-company-layer");
}

TEST(PluginLoader, ExampleCAddsKingsDayAndNotesInquiries) {
  Plugin plugin = must_load(NUDGE_EXAMPLE_C_PATH);
  HostCalendar host(2025, 2027);
  std::string error;
  ASSERT_TRUE(plugin.handle()->call_calendar(host.cal, error)) << error;
  // 2025-04-27 is a Sunday: King's Day is the Saturday before.
  EXPECT_EQ(host.holidays,
            (std::vector<std::string>{"2025-04-26 Koningsdag", "2026-04-27 Koningsdag",
                                      "2027-04-27 Koningsdag"}));
  EXPECT_EQ(host.cal.window_start, 540u);
  EXPECT_EQ(host.cal.window_end, 1020u);
  EXPECT_EQ(host.cal.workdays, 0x3Eu);

  TestApp t;
  std::vector<nudge_action> actions = {
      action("R1", "thank_you", 0, 1774602000, 1774602000 + 86400),
      action("R4", "status_inquiry", 0, 1774612800, 1774612800 + 86400),
  };
  ASSERT_TRUE(plugin.handle()->call_adjust(t.app, actions.data(), actions.size(), error));
  EXPECT_STREQ(actions[0].note, "");
  EXPECT_STREQ(actions[1].note, "example-c: a short, direct inquiry is the Dutch norm");
  EXPECT_EQ(actions[1].at, 1774612800);  // times unchanged
  EXPECT_EQ(actions[1].deadline, 1774612800 + 86400);

  // No review hook: allowed, nothing to report.
  nudge_review out{};
  ASSERT_TRUE(plugin.handle()->call_review(t.app, actions[1], 1774612800, out, error));
  EXPECT_EQ(out.verdict, NUDGE_ALLOW);
  EXPECT_EQ(error, "");
}

// ---- hooks that fail -------------------------------------------------------------------

TEST(PluginHooks, ExceptionsThroughPluginHppBecomeErrors) {
  Plugin plugin = must_load(fixture("throwing"));
  TestApp t;
  std::vector<nudge_action> actions = {
      action("R4", "status_inquiry", 0, 1774612800, 1774612800 + 86400)};
  std::string error;
  EXPECT_FALSE(plugin.handle()->call_adjust(t.app, actions.data(), actions.size(), error));
  EXPECT_EQ(error, "plugin 'throwing': adjust: boom");
  nudge_review out{};
  EXPECT_FALSE(plugin.handle()->call_review(t.app, actions[0], 1774612800, out, error));
  EXPECT_EQ(error, "plugin 'throwing': review: boom");
  EXPECT_EQ(out.verdict, NUDGE_ALLOW);
  EXPECT_EQ(actions[0].at, 1774612800);
}

TEST(PluginHooks, ExceptionsThroughTheCBoundaryAreCaughtByTheHost) {
  Plugin plugin = must_load(fixture("raw_throw"));
  TestApp t;
  std::vector<nudge_action> actions = {
      action("R4", "status_inquiry", 0, 1774612800, 1774612800 + 86400)};
  std::string error;
  EXPECT_FALSE(plugin.handle()->call_adjust(t.app, actions.data(), actions.size(), error));
  EXPECT_EQ(error, "plugin 'raw-throw': hook 'adjust' threw: raw boom");
  EXPECT_EQ(actions[0].at, 1774612800);  // the half-done change is undone
  nudge_review out{};
  EXPECT_FALSE(plugin.handle()->call_review(t.app, actions[0], 1774612800, out, error));
  EXPECT_EQ(error, "plugin 'raw-throw': hook 'review' threw: an exception");
  HostCalendar host(2026, 2026);
  EXPECT_FALSE(plugin.handle()->call_calendar(host.cal, error));
  EXPECT_EQ(error, "plugin 'raw-throw': hook 'calendar' threw: raw calendar");
  // The process goes on, and so does the plugin.
  EXPECT_FALSE(plugin.handle()->call_adjust(t.app, actions.data(), actions.size(), error));
  EXPECT_EQ(error, "plugin 'raw-throw': hook 'adjust' threw: raw boom");
}

TEST(PluginHooks, ErrorsLeaveTheHostsDataAsItWas) {
  Plugin plugin = must_load(fixture("returns_error"));
  TestApp t;
  std::vector<nudge_action> actions = {
      action("R4", "status_inquiry", 0, 1774612800, 1774612800 + 86400),
      action("R5", "second_inquiry", 1, 1774612900, 1774612900 + 86400)};
  std::string error;
  EXPECT_FALSE(plugin.handle()->call_adjust(t.app, actions.data(), actions.size(), error));
  EXPECT_EQ(error, "plugin 'returns-error': adjust: cannot adjust application 'app-1'");
  EXPECT_EQ(actions[0].at, 1774612800);
  EXPECT_EQ(actions[1].at, 1774612900);
  EXPECT_EQ(actions[1].suppress, 0);
  EXPECT_STREQ(actions[1].note, "");

  nudge_review out{};
  EXPECT_FALSE(plugin.handle()->call_review(t.app, actions[0], 1774612800, out, error));
  EXPECT_EQ(error, "plugin 'returns-error': review: no review for rule R4");
  EXPECT_EQ(out.verdict, NUDGE_ALLOW);

  HostCalendar host(2026, 2026);
  EXPECT_FALSE(plugin.handle()->call_calendar(host.cal, error));
  EXPECT_EQ(error, "plugin 'returns-error': calendar: no calendar for culture 'nl'");
  EXPECT_TRUE(host.holidays.empty());  // the holiday it added before failing is dropped
  EXPECT_EQ(host.cal.window_start, 540u);
}

TEST(PluginHooks, AdjustMayChangeOnlyItsFields) {
  Plugin plugin = must_load(fixture("misbehaving"), "readonly");
  TestApp t;
  std::vector<nudge_action> actions = {
      action("R4", "status_inquiry", 0, 1774612800, 1774612800 + 86400)};
  std::string error;
  ASSERT_TRUE(plugin.handle()->call_adjust(t.app, actions.data(), actions.size(), error));
  EXPECT_EQ(std::string(actions[0].rule.data, actions[0].rule.size), "R4");
  EXPECT_EQ(actions[0].recipient, 0u);
  EXPECT_EQ(actions[0].occurrence, 0u);
  EXPECT_EQ(actions[0].trigger, 1772470800);
  EXPECT_EQ(actions[0].struct_size, sizeof(nudge_action));
  EXPECT_EQ(actions[0].at, 1774612860);
  EXPECT_EQ(actions[0].deadline, 1774612860);  // kept >= at
  EXPECT_EQ(std::string(actions[0].note), std::string(127, 'x'));
}

TEST(PluginHooks, BadReturnsAndAnswersAreErrors) {
  TestApp t;
  std::vector<nudge_action> actions = {
      action("R4", "status_inquiry", 0, 1774612800, 1774612800 + 86400)};
  std::string error;
  nudge_review out{};

  Plugin rc = must_load(fixture("misbehaving"), "rc");
  EXPECT_FALSE(rc.handle()->call_adjust(t.app, actions.data(), actions.size(), error));
  EXPECT_EQ(error, "plugin 'misbehaving': adjust: returned 7, neither NUDGE_OK nor NUDGE_ERROR");

  Plugin silent = must_load(fixture("misbehaving"), "silent");
  EXPECT_FALSE(silent.handle()->call_adjust(t.app, actions.data(), actions.size(), error));
  EXPECT_EQ(error, "plugin 'misbehaving': adjust: failed without a message");

  Plugin verdict = must_load(fixture("misbehaving"), "verdict");
  EXPECT_FALSE(verdict.handle()->call_review(t.app, actions[0], 1774612800, out, error));
  EXPECT_EQ(error,
            "plugin 'misbehaving': review: unknown verdict 9; return NUDGE_ALLOW, NUDGE_SHIFT "
            "or NUDGE_REFUSE");
  EXPECT_EQ(out.verdict, NUDGE_ALLOW);

  Plugin past = must_load(fixture("misbehaving"), "shift-past");
  EXPECT_FALSE(past.handle()->call_review(t.app, actions[0], 1774612800, out, error));
  EXPECT_EQ(error,
            "plugin 'misbehaving': review: shift_to 1774612800 is not later than now "
            "(1774612800)");

  Plugin shift = must_load(fixture("misbehaving"), "shift");
  error.clear();
  EXPECT_TRUE(shift.handle()->call_review(t.app, actions[0], 1774612800, out, error));
  EXPECT_EQ(out.verdict, NUDGE_SHIFT);
  EXPECT_EQ(out.shift_to, 1774612800 + 3600);
  EXPECT_EQ(std::string(out.reason), std::string(127, 'r'));
  EXPECT_EQ(error, "");

  HostCalendar host(2026, 2026);
  Plugin window = must_load(fixture("misbehaving"), "window");
  EXPECT_FALSE(window.handle()->call_calendar(host.cal, error));
  EXPECT_EQ(error,
            "plugin 'misbehaving': calendar: send window 540..1500 minutes is invalid; use 0 <= "
            "window_start < window_end <= 1440");
  EXPECT_EQ(host.cal.window_end, 1020u);
  Plugin workdays = must_load(fixture("misbehaving"), "workdays");
  EXPECT_FALSE(workdays.handle()->call_calendar(host.cal, error));
  EXPECT_EQ(error,
            "plugin 'misbehaving': calendar: workdays mask 0 is invalid; set bits 0 (Sunday) to "
            "6 (Saturday), at least one");
  EXPECT_EQ(host.cal.workdays, 0x3Eu);
  Plugin holiday = must_load(fixture("misbehaving"), "bad-holiday");
  EXPECT_FALSE(holiday.handle()->call_calendar(host.cal, error));
  EXPECT_EQ(error, "plugin 'misbehaving': calendar: add_holiday(2026-02-30) returned 1");
  EXPECT_TRUE(host.holidays.empty());
}

// ---- lifetime ---------------------------------------------------------------------------

TEST(PluginLifetime, AHandleOutlivingTheScanKeepsTheLibraryLoaded) {
  std::shared_ptr<const detail::PluginHandle> handle;
  {
    PluginScan scan = scan_plugins({NUDGE_PLUGIN_DIR});
    ASSERT_EQ(scan.plugins.size(), 2u);
    ASSERT_EQ(scan.plugins[1].info().name, "example-company");
    handle = scan.plugins[1].handle();
  }  // every Plugin of the scan is gone; the handle still owns the library
  const auto* hooks = handle->hooks;
  ASSERT_NE(hooks, nullptr);
  TestApp t;
  std::vector<nudge_action> actions = {
      action("R4", "status_inquiry", 1, 1774602000, 1774602000 + 3 * 86400)};
  std::string error;
  ASSERT_TRUE(handle->call_adjust(t.app, actions.data(), actions.size(), error)) << error;
  EXPECT_EQ(actions[0].at, 1774857600);
  EXPECT_EQ(std::string(handle->descriptor->name), "example-company");  // still mapped
}

TEST(PluginLifetime, ShutdownRunsOnceWhenTheLastCopyGoes) {
  const std::filesystem::path log =
      std::filesystem::temp_directory_path() / "nudge-plugin-shutdown.log";
  std::filesystem::remove(log);
  auto read_log = [&] {
    std::ifstream in(log);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  };
  {
    Plugin first = must_load(fixture("misbehaving"), "log=" + log.string());
    Plugin copy = first;
    { Plugin gone = std::move(first); }
    EXPECT_EQ(read_log(), "");  // `copy` still holds it
  }
  EXPECT_EQ(read_log(), "shutdown\n");
  std::filesystem::remove(log);
}

// ---- scanning ---------------------------------------------------------------------------

TEST(PluginScan, ListsGoodAndBadLibrariesInFileNameOrder) {
  PluginScan scan = scan_plugins({kFixtures, kFixtures + "/none"});
  std::vector<std::string> loaded;
  for (const Plugin& p : scan.plugins) loaded.push_back(p.info().name + " " + p.info().path);
  EXPECT_EQ(loaded, (std::vector<std::string>{
                        "misbehaving " + fixture("misbehaving"),
                        "raw-throw " + fixture("raw_throw"),
                        "returns-error " + fixture("returns_error"),
                        "throwing " + fixture("throwing"),
                    }));
  std::vector<std::string> refused;
  for (const PluginRefusal& r : scan.refused) refused.push_back(r.path + " | " + r.reason);
  EXPECT_EQ(
      refused,
      (std::vector<std::string>{
          fixture("abi_mismatch") + " | " + fixture("abi_mismatch") +
              ": built for plugin ABI 2.0; this nudge supports ABI 1.x: rebuild it against "
              "nudge's plugin_abi.h",
          fixture("init_fails") + " | " + fixture("init_fails") +
              ": plugin 'init-fails': init failed: no licence key; set the plugin's config to "
              "licence=ok",
          fixture("no_entry") + " | " + fixture("no_entry") +
              ": exports no 'nudge_plugin_entry'; export it with NUDGE_EXPORT_PLUGIN or extern "
              "\"C\"",
          fixture("not_a_library") + " | " + fixture("not_a_library") +
              ": cannot be loaded as a shared library: file too short; build the plugin as a "
              "shared library (CMake: add_library(NAME MODULE ...))",
          fixture("throwing_again") + " | " + fixture("throwing_again") +
              ": plugin 'throwing' is already loaded from " + fixture("throwing") +
              "; remove one of the two or give it another name",
          kFixtures + "/none | " + kFixtures + "/none: no such directory; check the plugin path",
      }));
}

TEST(PluginScan, TheSameDirectoryTwiceRefusesEveryDuplicate) {
  PluginScan scan = scan_plugins({NUDGE_PLUGIN_DIR, NUDGE_PLUGIN_DIR});
  ASSERT_EQ(scan.plugins.size(), 2u);
  ASSERT_EQ(scan.refused.size(), 2u);
  EXPECT_EQ(scan.refused[0].reason,
            std::string(NUDGE_EXAMPLE_C_PATH) + ": plugin 'example-c' is already loaded from " +
                NUDGE_EXAMPLE_C_PATH + "; remove one of the two or give it another name");
  // The first one still works.
  HostCalendar host(2026, 2026);
  std::string error;
  ASSERT_TRUE(scan.plugins[0].handle()->call_calendar(host.cal, error)) << error;
  EXPECT_EQ(host.holidays, std::vector<std::string>{"2026-04-27 Koningsdag"});
}

TEST(PluginScan, AFileIsNotADirectory) {
  PluginScan scan = scan_plugins({NUDGE_EXAMPLE_C_PATH});
  ASSERT_EQ(scan.refused.size(), 1u);
  EXPECT_EQ(scan.refused[0].reason,
            std::string(NUDGE_EXAMPLE_C_PATH) + ": not a directory; name a directory of plugins");
}

// ---- NUDGE_PLUGIN_PATH ------------------------------------------------------------------

class PluginPathEnv : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* v = std::getenv("NUDGE_PLUGIN_PATH")) saved_ = v, had_ = true;
  }
  void TearDown() override {
    if (had_)
      setenv("NUDGE_PLUGIN_PATH", saved_.c_str(), 1);
    else
      unsetenv("NUDGE_PLUGIN_PATH");
  }
  std::string saved_;
  bool had_ = false;
};

TEST_F(PluginPathEnv, SplitsOnColonsAndSkipsEmptyEntries) {
  unsetenv("NUDGE_PLUGIN_PATH");
  EXPECT_TRUE(plugin_path_from_environment().empty());
  setenv("NUDGE_PLUGIN_PATH", "", 1);
  EXPECT_TRUE(plugin_path_from_environment().empty());
  setenv("NUDGE_PLUGIN_PATH", "/a:/b c::relative/d:", 1);
  EXPECT_EQ(plugin_path_from_environment(), (std::vector<std::string>{"/a", "/b c", "relative/d"}));
  setenv("NUDGE_PLUGIN_PATH", ":::", 1);
  EXPECT_TRUE(plugin_path_from_environment().empty());
  setenv("NUDGE_PLUGIN_PATH", "/only", 1);
  EXPECT_EQ(plugin_path_from_environment(), std::vector<std::string>{"/only"});
}

}  // namespace
}  // namespace nudge
