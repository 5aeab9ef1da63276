#include "nudge/policy.hpp"

#include <sstream>

#include "common/fnv1a.hpp"
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
  if (auto* p = copy["policy"].as_table()) p->erase("graph");
  if (auto* c = copy["calendar"].as_table()) c->erase("holidays_ics");
  std::ostringstream os;
  os << copy;
  std::uint64_t h = fnv1a(os.str());
  h = fnv1a(std::to_string(policy.graph.content_hash()), h);
  for (LocalDate d : policy.calendar.holidays) h = fnv1a(format_date(d), h);
  return h;
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
  PolicyCompiler compiler(merged, *policy);
  if (auto s = compiler.run(merged.table); !s) return std::move(s).error();

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
