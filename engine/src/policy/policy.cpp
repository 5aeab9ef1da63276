#include "nudge/policy.hpp"

#include <algorithm>
#include <sstream>

#include <date/date.h>

#include "common/fnv1a.hpp"
#include "plugin/plugin_handle.hpp"
#include "policy/compiled_policy.hpp"
#include "policy/policy_compiler.hpp"
#include "policy/policy_files.hpp"
#include "policy/toml_reader.hpp"

namespace nudge {
namespace detail {
namespace {

// The hash ignores where files live (paths) but covers everything they say.
std::uint64_t policy_hash(const MergedPolicy& merged, const CompiledPolicy& policy) {
  toml::table copy = merged.table;
  if (auto* p = copy["policy"].as_table()) {
    for (const char* key : {"graph", "industries", "cultures", "plugins"}) p->erase(key);
  }
  if (auto* c = copy["calendar"].as_table()) c->erase("holidays_ics");
  std::ostringstream os;
  os << copy;
  std::uint64_t h = fnv1a(os.str());
  h = fnv1a(std::to_string(policy.graph.content_hash()), h);
  for (LocalDate d : policy.calendar.holidays) h = fnv1a(format_date(d), h);
  h = fnv1a(policy.industry + "/" + policy.culture, h);
  h = fnv1a(std::to_string(policy.calendar.window_start) + "-" +
                std::to_string(policy.calendar.window_end) + "/" +
                std::to_string(policy.calendar.workdays),
            h);
  for (const auto& plugin : policy.plugins) {
    h = fnv1a(plugin->info.name + "@" + plugin->info.version, h);
  }
  return h;
}

// The years a plugin's calendar hook is asked to fill (the .ics expansion ends in 2035 too).
constexpr std::int32_t kFirstHolidayYear = 2020;
constexpr std::int32_t kLastHolidayYear = 2035;

int add_plugin_holiday(void* host, std::int32_t year, std::uint32_t month, std::uint32_t day,
                       nudge_str /*name*/) {
  const date::year_month_day ymd{date::year{year}, date::month{month}, date::day{day}};
  if (!ymd.ok() || year < 1900 || year > 9999) return NUDGE_ERROR;
  static_cast<std::vector<LocalDate>*>(host)->push_back(LocalDate{date::sys_days{ymd}});
  return NUDGE_OK;
}

// Lets each plugin change the calendar of this policy. A hook that fails leaves the calendar
// as the TOML layers made it; the failure is kept as a warning naming the plugin.
void apply_calendar_hooks(CompiledPolicy& policy) {
  for (const auto& plugin : policy.plugins) {
    if (plugin->hooks == nullptr || plugin->hooks->calendar == nullptr) continue;
    std::vector<LocalDate> added;
    nudge_calendar cal{};
    cal.struct_size = sizeof(cal);
    cal.industry = nudge_str{policy.industry.data(), policy.industry.size()};
    cal.culture = nudge_str{policy.culture.data(), policy.culture.size()};
    cal.window_start = static_cast<std::uint32_t>(policy.calendar.window_start / 60);
    cal.window_end = static_cast<std::uint32_t>(policy.calendar.window_end / 60);
    cal.workdays = policy.calendar.workdays;
    cal.first_year = kFirstHolidayYear;
    cal.last_year = kLastHolidayYear;
    cal.host = &added;
    cal.add_holiday = &add_plugin_holiday;
    std::string error;
    if (!plugin->call_calendar(cal, error)) {
      policy.warnings.push_back(error + " (the calendar stays as the policy files set it)");
      continue;
    }
    // call_calendar has checked the window and the working days, and hands over the
    // holidays only when the hook succeeded.
    policy.calendar.window_start = static_cast<std::int32_t>(cal.window_start * 60);
    policy.calendar.window_end = static_cast<std::int32_t>(cal.window_end * 60);
    policy.calendar.workdays = static_cast<WeekdayMask>(cal.workdays);
    policy.calendar.holidays.insert(policy.calendar.holidays.end(), added.begin(), added.end());
  }
  auto& h = policy.calendar.holidays;
  std::sort(h.begin(), h.end());
  h.erase(std::unique(h.begin(), h.end()), h.end());
}

}  // namespace

Result<std::shared_ptr<const CompiledPolicy>> compile_policy(const MergedPolicy& merged) {
  const std::string& file = merged.files.front();
  const toml::table* meta = merged.table["policy"].as_table();
  if (!meta) {
    return make_error(ErrorCode::kParse,
                      file + ": a policy needs a [policy] table with 'name' and 'graph'");
  }
  TableReader r(*meta, file, "[policy]");
  auto name = r.required_string("name");
  if (!name) return std::move(name).error();
  auto description = r.optional_string("description");
  if (!description) return std::move(description).error();
  auto graph_path = r.required_string("graph");
  if (!graph_path) return std::move(graph_path).error();
  // Read by the policy stack (PolicyStack::load), not by the compiler.
  for (const char* key : {"industries", "cultures", "plugins"}) r.accept(key);
  if (auto s = r.finish(); !s) return std::move(s).error();
  auto graph = load_stage_graph_file(*graph_path);
  if (!graph && graph.error().code == ErrorCode::kNotFound) {
    return r.error_at("graph", ErrorCode::kNotFound,
                      "'graph' names '" + *graph_path + "', which cannot be read (does it exist?)");
  }
  if (!graph) return std::move(graph).error();
  if (graph->stages().size() > kMaxStages) {
    return make_error(ErrorCode::kInvalidGraph, *graph_path + ": at most 64 stages are supported");
  }
  auto policy = std::make_shared<CompiledPolicy>(std::move(*graph));
  policy->name = *name;
  policy->description = description->value_or("");
  policy->files = merged.files;
  policy->files.push_back(*graph_path);
  policy->industry = merged.industry;
  policy->culture = merged.culture;
  policy->plugins = merged.plugins;
  PolicyCompiler compiler(merged, *policy);
  if (auto s = compiler.run(merged.table); !s) return std::move(s).error();
  apply_calendar_hooks(*policy);

  const StageGraph& g = policy->graph;
  policy->event_sets_flag.assign(g.events().size(), 0);
  for (EventId e = 0; e < g.events().size(); ++e) {
    if (g.events()[e].sets_flag == "no_contact") policy->event_sets_flag[e] = kFlagNoContact;
    if (g.events()[e].sets_flag == "busy") policy->event_sets_flag[e] = kFlagBusy;
    if (g.events()[e].sets_flag == "urgent") policy->event_sets_flag[e] = kFlagUrgent;
  }
  policy->allowed_events_text.resize(g.stages().size());
  for (StageId s = 0; s < g.stages().size(); ++s) {
    std::vector<std::string> allowed;
    for (EventId e = 0; e < g.events().size(); ++e) {
      if (policy->machine.next(s, e) != kNoStage) allowed.push_back(g.events()[e].name);
    }
    policy->allowed_events_text[s] =
        allowed.empty() ? "none (a closed stage)" : join_names(allowed);
  }
  policy->hash = policy_hash(merged, *policy);
  return std::shared_ptr<const CompiledPolicy>(std::move(policy));
}

}  // namespace detail

Result<Policy> Policy::load_file(const std::string& path) {
  auto merged = detail::load_merged_policy(path);
  if (!merged) return std::move(merged).error();
  auto compiled = detail::compile_policy(*merged);
  if (!compiled) return std::move(compiled).error();
  return Policy(std::move(*compiled));
}

const std::string& Policy::name() const { return impl_->name; }
std::uint64_t Policy::content_hash() const { return impl_->hash; }
std::string Policy::graph_dot() const {
  std::vector<Duration> delays;
  for (const auto& timer : impl_->timers) delays.push_back(timer.after);
  return impl_->graph.to_dot(&delays);
}
const std::vector<std::string>& Policy::files() const { return impl_->files; }

std::vector<std::string> Policy::rule_ids() const {
  std::vector<std::string> ids;
  for (std::uint16_t i : impl_->rule_order) ids.push_back(impl_->rules[i].id);
  return ids;
}

Status check_toml_file(const std::string& path) {
  auto parsed = detail::parse_toml_file(path);
  if (!parsed) return std::move(parsed).error();
  return {};
}

Result<std::string> validate_graph_file(const std::string& path) {
  auto g = detail::load_stage_graph_file(path);
  if (!g) return std::move(g).error();
  std::size_t terminal = 0;
  for (const auto& s : g->stages()) terminal += s.terminal ? 1 : 0;
  return path + ": stage graph '" + g->name() +
         "' is valid: " + std::to_string(g->stages().size()) + " stages (" +
         std::to_string(terminal) + " terminal), " + std::to_string(g->events().size()) +
         " events, " + std::to_string(g->transitions().size()) + " transitions, " +
         std::to_string(g->timed().size()) + " timed transitions";
}

Result<std::string> graph_file_to_dot(const std::string& path) {
  auto g = detail::load_stage_graph_file(path);
  if (!g) return std::move(g).error();
  return g->to_dot();
}

}  // namespace nudge
