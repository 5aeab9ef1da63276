#pragma once
// The policy compiler's private class, shared by policy_compile.cpp (calendar, scale,
// templates, lint) and policy_compile_rules.cpp (rules, guards, timers, ordering, slots).

#include <string>
#include <vector>

#include "policy/compiled_policy.hpp"
#include "policy/policy_files.hpp"
#include "policy/toml_reader.hpp"

namespace nudge::detail {

std::string join_names(const std::vector<std::string>& names);

class PolicyCompiler {
 public:
  PolicyCompiler(const MergedPolicy& merged, CompiledPolicy& out) : merged_(merged), out_(out) {}
  Status run(const toml::table& root);

 private:
  const StageGraph& graph() const { return out_.graph; }
  Result<StageId> stage(const TableReader& r, std::string_view key, const std::string& name);
  Result<EventId> event(const TableReader& r, std::string_view key, const std::string& name);
  Result<StageMask> stage_mask(TableReader& r, std::string_view key, StageMask fallback);
  Result<std::vector<EventId>> event_list(TableReader& r, std::string_view key);
  Result<Anchor> anchor(const TableReader& r, std::string_view key, const std::string& text);
  Status read_calendar(TableReader& top);
  Status read_scale(TableReader& top);
  Status read_templates(TableReader& top);
  Status read_lint(TableReader& top);
  Status read_rules(TableReader& top);
  Status read_rule(const toml::table& t, std::string_view file);
  Status read_guards(TableReader& top);
  Status read_timers(TableReader& top);
  Status resolve_rule_refs();
  Status order_rules();
  Status layout_slots();
  void plan_stages();

  struct RuleRef {
    std::string id;
    std::string where;
  };
  const MergedPolicy& merged_;
  CompiledPolicy& out_;
  std::vector<RuleRef> pending_rule_refs_;
};

}  // namespace nudge::detail
