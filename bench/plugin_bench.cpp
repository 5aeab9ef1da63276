// nudge_plugin_bench: the cost of an `adjust` hook per planned action through
// PluginHandle::call_adjust (guarded call across the C ABI: a copy of the actions, the call,
// the read-only fields restored) beside a direct C++ call of the same logic, in the same run.
//
//   BM_CompanyPlugin / BM_CompanyDirect   example-company's adjust (a date/tz zone lookup and
//                                         local-time arithmetic per status inquiry)
//   BM_CPlugin / BM_CDirect               example-c's adjust (a string compare per action,
//                                         a note on inquiries): almost all boundary cost
//
// Each iteration adjusts one plan of 8 actions (3 status inquiries), restored from the same
// template first; items = actions. bench/README.md has the numbers and the command.
#include <benchmark/benchmark.h>
#include <date/date.h>
#include <date/tz.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "nudge/plugin_abi.h"
#include "nudge/plugins.hpp"
#include "plugin/plugin_handle.hpp"

namespace {

constexpr std::size_t kActions = 8;

nudge_str str(std::string_view s) { return nudge_str{s.data(), s.size()}; }
std::string_view view(nudge_str s) { return {s.data, s.size}; }

// The application and plan both benchmarks adjust: a recruiter in Chicago, a manager in
// Berlin, a candidate in New York; three status inquiries, two of them due on a Friday.
struct Plan {
  nudge_person people[2]{};
  nudge_app app{};
  std::array<nudge_action, kActions> actions{};

  Plan() {
    people[0] = {sizeof(nudge_person), str("Ana Ruiz"), str("hr"), str("America/Chicago"), 1};
    people[1] = {sizeof(nudge_person), str("Ben Keller"), str("manager"), str("Europe/Berlin"), 0};
    app = {sizeof(nudge_app),
           str("app-1"),
           str("Engineer"),
           str("Acme"),
           str("tech"),
           str("nl"),
           str("America/New_York"),
           str("awaiting"),
           1772470800,
           NUDGE_NO_DATE,
           0,
           2,
           people};
    const struct {
      const char* rule;
      const char* action;
      std::uint32_t recipient;
      std::int64_t at;
    } rows[kActions] = {
        {"R1", "thank_you", 0, 1774537200},
        {"R1", "thank_you", 1, 1774537200},
        {"R2", "reflect", NUDGE_RECIPIENT_CANDIDATE, 1774540800},
        {"R3", "connect", 0, 1774544400},
        {"R4", "status_inquiry", 0, 1774537200},                          // Thursday in Chicago
        {"R4", "status_inquiry", 1, 1774602000},                          // Friday 10:00 in Berlin
        {"R4", "status_inquiry", NUDGE_RECIPIENT_CANDIDATE, 1772857800},  // Friday 23:30 NY
        {"R16", "keep_searching", NUDGE_RECIPIENT_CANDIDATE, 1774612800},
    };
    for (std::size_t i = 0; i < kActions; ++i) {
      nudge_action& a = actions[i];
      a.struct_size = sizeof(nudge_action);
      a.rule = nudge_str{rows[i].rule, std::strlen(rows[i].rule)};
      a.action = nudge_str{rows[i].action, std::strlen(rows[i].action)};
      a.channel = str("email");
      a.recipient = rows[i].recipient;
      a.trigger = 1772470800;
      a.at = rows[i].at;
      a.deadline = rows[i].at + 86400;
    }
  }
};

void copy_note(char (&note)[128], std::string_view text) {
  const std::size_t n = text.size() < 127 ? text.size() : 127;
  std::memcpy(note, text.data(), n);
  note[n] = '\0';
}

// example-company's adjust, called directly (the same code as plugins/example-company).
void company_adjust_direct(const nudge_app& app, nudge_action* actions, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    nudge_action& action = actions[i];
    if (view(action.action) != "status_inquiry") continue;
    const std::string_view zone_name =
        action.recipient != NUDGE_RECIPIENT_CANDIDATE && action.recipient < app.interviewer_count
            ? view(app.interviewers[action.recipient].zone)
            : view(app.candidate_zone);
    const date::time_zone* zone = date::locate_zone(std::string(zone_name));
    const date::local_seconds local =
        zone->to_local(std::chrono::sys_seconds{std::chrono::seconds{action.at}});
    if (date::weekday{date::floor<date::days>(local)} != date::Friday) continue;
    const auto moved = zone->to_sys(local + date::days{3}, date::choose::latest);
    const std::int64_t shift = moved.time_since_epoch().count() - action.at;
    action.at += shift;
    action.deadline += shift;
    copy_note(action.note, "example-company: no inquiries on Fridays; moved to Monday");
  }
}

// example-c's adjust, called directly.
void c_adjust_direct(const nudge_app& /*app*/, nudge_action* actions, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    if (view(actions[i].action) == "status_inquiry") {
      copy_note(actions[i].note, "example-c: a short, direct inquiry is the Dutch norm");
    }
  }
}

nudge::Plugin load_or_die(const char* path) {
  auto plugin = nudge::Plugin::load(path);
  if (!plugin) {
    std::fprintf(stderr, "%s\n", plugin.error().message.c_str());
    std::exit(1);
  }
  return std::move(plugin).value();
}

using AdjustFn = void (*)(const nudge_app&, nudge_action*, std::size_t);

// The plugin and its direct twin must agree, or the pair measures two different things.
bool same_results(const nudge::Plugin& plugin, const Plan& plan, AdjustFn direct) {
  std::array<nudge_action, kActions> via_plugin = plan.actions;
  std::array<nudge_action, kActions> via_direct = plan.actions;
  std::string error;
  if (!plugin.handle()->call_adjust(plan.app, via_plugin.data(), kActions, error)) return false;
  direct(plan.app, via_direct.data(), kActions);
  for (std::size_t i = 0; i < kActions; ++i) {
    if (via_plugin[i].at != via_direct[i].at || via_plugin[i].deadline != via_direct[i].deadline ||
        std::strcmp(via_plugin[i].note, via_direct[i].note) != 0) {
      return false;
    }
  }
  return true;
}

void run_plugin(benchmark::State& state, const char* path, AdjustFn direct) {
  const nudge::Plugin plugin = load_or_die(path);
  const Plan plan;
  std::array<nudge_action, kActions> actions{};
  std::string error;
  if (!same_results(plugin, plan, direct)) {
    state.SkipWithError("the plugin and the direct call disagree");
    return;
  }
  for (auto _ : state) {
    actions = plan.actions;
    if (!plugin.handle()->call_adjust(plan.app, actions.data(), actions.size(), error)) {
      state.SkipWithError(error.c_str());
      break;
    }
    benchmark::DoNotOptimize(actions.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kActions));
}

template <AdjustFn Adjust>
void run_direct(benchmark::State& state) {
  const Plan plan;
  std::array<nudge_action, kActions> actions{};
  for (auto _ : state) {
    actions = plan.actions;
    Adjust(plan.app, actions.data(), actions.size());
    benchmark::DoNotOptimize(actions.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kActions));
}

void BM_CompanyPlugin(benchmark::State& state) {
  run_plugin(state, NUDGE_EXAMPLE_COMPANY_PATH, company_adjust_direct);
}
void BM_CompanyDirect(benchmark::State& state) { run_direct<company_adjust_direct>(state); }
void BM_CPlugin(benchmark::State& state) {
  run_plugin(state, NUDGE_EXAMPLE_C_PATH, c_adjust_direct);
}
void BM_CDirect(benchmark::State& state) { run_direct<c_adjust_direct>(state); }

BENCHMARK(BM_CompanyPlugin);
BENCHMARK(BM_CompanyDirect);
BENCHMARK(BM_CPlugin);
BENCHMARK(BM_CDirect);

}  // namespace

BENCHMARK_MAIN();
